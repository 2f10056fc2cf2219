"""A presenter's own list as a ranking: `deckgen new --source "list:FILE,name=…,surveyed=…"`
names it and dates it, and no slide of the deck shows the file's path."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pptx import Presentation

from deckgen.session.validate import load_session
from tests.conftest import run_cli
from tests.recorded import RecordedWeb


@pytest.fixture
def web(web: RecordedWeb, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> RecordedWeb:
    monkeypatch.chdir(tmp_path)  # the recorded web (conftest), from an empty folder
    return web


def slide_texts(pptx: Path) -> list[str]:
    return ["\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
            for slide in Presentation(str(pptx)).slides]


def test_new_takes_a_named_dated_list_and_the_deck_shows_no_local_path(
        web: RecordedWeb, tmp_path: Path) -> None:
    papers = tmp_path / "my lists" / "2020-09.txt"
    papers.parent.mkdir()
    papers.write_text("1202.0819\n1512.03385\n", encoding="utf-8")
    result = run_cli("new", "2020-10", "--presenter", "山田", "--date", "2020-10-03",
                     "--source", f"list:{papers},name=top recent,surveyed=2020-09-25")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "sessions" / "2020-10"
    [ranking] = load_session(folder).rankings
    assert ranking.name == "top recent"
    assert str(ranking.surveyed_at) == "2020-09-25"
    lock = yaml.safe_load((folder / "deckgen.lock.json").read_text(encoding="utf-8"))
    assert lock["rankings"][0]["surveyed_at"] == "2020-09-25"
    built = run_cli("build", str(folder), "--offline", "--no-pdf")
    assert built.exit_code == 0, built.output
    texts = slide_texts(folder / "build" / "2020-10.pptx")
    assert not [t for t in texts if str(tmp_path) in t or "2020-09.txt" in t]
    credits = next(t for t in texts if t.startswith("クレジット"))
    assert "ランキング「top recent」: 発表者の選んだ論文リスト, 2020/09/25 にサーベイ" in credits


def test_a_session_with_a_path_as_its_list_query_shows_no_path(example: Path) -> None:
    spec = example / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "    source: hf-daily\n" in text
    spec.write_text(text.replace("    source: hf-daily\n", "    source: list\n").replace(
        "query: date=2026-06-12", 'query: "/home/yamada/lists/june.txt"'), encoding="utf-8")
    assert "/home/yamada" in spec.read_text(encoding="utf-8")
    built = run_cli("build", str(example), "--offline", "--no-pdf")
    assert built.exit_code == 0, built.output
    texts = slide_texts(example / "build" / "2026-06.pptx")
    assert not [t for t in texts if "/home/yamada" in t or "june.txt" in t]
