"""`deckgen new`: a session.yaml with rankings frozen now, that `deckgen build` accepts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from deckgen.session.jsonschema import SCHEMA_FILE, modeline, schema_reference
from deckgen.session.validate import load_session
from tests.conftest import EXAMPLE, run_cli
from tests.recorded import RecordedWeb


@pytest.fixture
def web(web: RecordedWeb, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> RecordedWeb:
    monkeypatch.chdir(tmp_path)  # the recorded web (conftest), from an empty folder
    return web


def test_new_freezes_each_source_into_a_valid_session(web: RecordedWeb, tmp_path: Path) -> None:
    result = run_cli("new", "2026-06", "--source", "hf-daily:date=2026-06-12",
                     "--source", "arxiv:cat=cs.LG", "--top", "5", "--presenter", "山田 太郎",
                     "--affiliation", "〇〇大学")
    assert result.exit_code == 0, result.output
    session = load_session(tmp_path / "sessions" / "2026-06")
    assert session.event == "AI最新論文読み会 2026年6月"
    assert (session.presenter, session.affiliation) == ("山田 太郎", "〇〇大学")
    first, second = session.rankings
    assert (first.name, first.source, first.query) == ("Top Upvoted", "hf-daily", "date=2026-06-12")
    assert [e.ref.base for e in first.entries][:2] == ["2606.13681", "2606.13392"]
    assert first.entries[0].signal == "118" and first.entries[0].title.startswith("EvoArena")
    assert first.entries[0].org == "Massachusetts Institute of Technology"
    assert isinstance(first.surveyed_at, dt.datetime) and first.surveyed_at.tzinfo is not None
    assert (second.source, len(second.entries)) == ("arxiv", 5)
    lock = json.loads((tmp_path / "sessions/2026-06/deckgen.lock.json").read_text())
    assert [r["query"] for r in lock["rankings"]] == ["date=2026-06-12", "cat=cs.LG"]


def test_new_refuses_to_overwrite_a_session(web: RecordedWeb, tmp_path: Path) -> None:
    target = tmp_path / "sessions" / "2026-10" / "session.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("# my work\n", encoding="utf-8")
    result = run_cli("new", "2026-10", "--source", "hf-trending")
    assert result.exit_code == 1
    assert f"{Path('sessions/2026-10/session.yaml')} already exists" in result.output
    assert target.read_text(encoding="utf-8") == "# my work\n"
    assert web.requests == []


def test_new_without_sources_writes_a_template_to_fill_by_hand(web: RecordedWeb,
                                                               tmp_path: Path) -> None:
    result = run_cli("new", "2026-11", "--event", "論文読み会 特別回", "--date", "2026-11-30")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "sessions/2026-11/session.yaml").read_text(encoding="utf-8")
    assert "event: \"論文読み会 特別回\"" in text and "date: 2026-11-30" in text
    assert "# your name (required)" in text
    assert web.requests == []
    built = run_cli("build", "sessions/2026-11", "--offline", "--no-pdf")
    assert built.exit_code == 1  # the presenter has not filled it in yet: say what is missing
    assert "presenter" in built.output and "Traceback" not in built.output



def test_new_starts_with_the_schema_line_for_editors(web: RecordedWeb, tmp_path: Path) -> None:
    assert run_cli("new", "2026-11").exit_code == 0
    text = (tmp_path / "sessions/2026-11/session.yaml").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    # a session outside deckgen's repository points at the installed schema
    assert first == f"# yaml-language-server: $schema={SCHEMA_FILE.resolve().as_posix()}"
    assert SCHEMA_FILE.is_file()


def test_the_schema_line_is_relative_beside_deckgens_source(tmp_path: Path) -> None:
    schema_file = tmp_path / "repo" / "deckgen" / "session" / "session.schema.json"
    relative = "../../deckgen/session/session.schema.json"
    assert schema_reference(tmp_path / "repo" / "sessions" / "2026-10", schema_file) == relative
    assert schema_reference(tmp_path / "else" / "2026-10", schema_file) == (
        schema_file.resolve().as_posix())
    assert schema_reference(EXAMPLE) == relative
    assert (EXAMPLE / relative).resolve() == SCHEMA_FILE.resolve()
    first = (EXAMPLE / "session.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == modeline(EXAMPLE)

def test_new_single_paper_deck(web: RecordedWeb, tmp_path: Path) -> None:
    result = run_cli("new", "2026-12", "--kind", "single", "--paper", "1512.03385",
                     "--presenter", "高山 温")
    assert result.exit_code == 0, result.output
    session = load_session(tmp_path / "sessions" / "2026-12")
    assert (session.kind, str(session.paper)) == ("single", "1512.03385")
    fetched = run_cli("fetch", "sessions/2026-12")
    assert fetched.exit_code == 0, fetched.output
    built = run_cli("build", "sessions/2026-12", "--no-pdf")
    assert built.exit_code == 0, built.output


def test_a_list_ranking_gets_its_titles_from_arxiv_in_one_request(web: RecordedWeb,
                                                                  tmp_path: Path) -> None:
    result = run_cli("new", "2026-09", "--presenter", "山田",
                     "--source", "list:1202.0819,hep-ex/0406020v1,1512.03385")
    assert result.exit_code == 0, result.output
    session = load_session(tmp_path / "sessions" / "2026-09")
    entries = session.rankings[0].entries
    assert [str(e.ref) for e in entries] == ["1202.0819", "hep-ex/0406020v1", "1512.03385"]
    assert entries[2].title == "Deep Residual Learning for Image Recognition"
    assert len(web.hits("/api/query")) == 1
    again = run_cli("fetch", "sessions/2026-09")
    assert again.exit_code == 0, again.output
    assert len(web.hits("/api/query")) == 1  # the titles' metadata went into the lock


def test_an_empty_weekend_feed_makes_an_empty_ranking(web: RecordedWeb, tmp_path: Path) -> None:
    result = run_cli("new", "2026-08", "--presenter", "山田",
                     "--source", "arxiv-listing:cats=cs.CL", "--source", "hf-daily:date=2026-08-03")
    assert result.exit_code == 0, result.output
    session = load_session(tmp_path / "sessions" / "2026-08")
    assert [len(r.entries) for r in session.rankings] == [0, 3]


@pytest.mark.parametrize(("args", "message"), [
    (["2026-13"], "MONTH '2026-13': expected YYYY-MM"),
    (["2026-10", "--kind", "single"], "a single-paper deck needs --paper"),
    (["2026-10", "--paper", "1512.03385"], "--paper is for --kind single"),
    (["2026-10", "--source", "nope"], "unknown source"),
])
def test_bad_new_options_are_one_line(web: RecordedWeb, tmp_path: Path, args: list[str],
                                      message: str) -> None:
    result = run_cli("new", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "sessions").exists()
