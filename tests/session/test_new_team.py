"""`deckgen new --team "A,B,C"` deals the ranked papers out in turn, and `deckgen new` says how
many papers of the new ranking an earlier month presented."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.session.validate import load_session
from tests.conftest import run_cli
from tests.recorded import RecordedWeb

MAY = """\
kind: survey
event: AI最新論文読み会 2026年5月
date: 2026-05-20
presenter: 斎藤
rankings:
  - name: Top Upvoted
    papers: ["2606.13392", "2606.08063"]
"""


@pytest.fixture
def web(web: RecordedWeb, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> RecordedWeb:
    monkeypatch.chdir(tmp_path)  # the recorded web (conftest), from an empty folder
    return web


def new(*extra: str):
    return run_cli("new", "2026-06", "--source", "hf-daily:date=2026-06-12", "--top", "5",
                   "--presenter", "山田 太郎", "--date", "2026-06-17", *extra)


def test_the_team_is_written_and_the_papers_dealt_out_in_turn(web: RecordedWeb,
                                                               tmp_path: Path) -> None:
    result = new("--team", "山田 太郎, 小駒 邦宗,斎藤")
    assert result.exit_code == 0, result.output
    session = load_session(tmp_path / "sessions" / "2026-06")
    assert session.team == ("山田 太郎", "小駒 邦宗", "斎藤")
    ids = [e.ref.base for e in session.rankings[0].entries]
    assert [session.notes(pid).surveyed_by for pid in ids] == [
        "山田 太郎", "小駒 邦宗", "斎藤", "山田 太郎", "小駒 邦宗"]
    assert "note: dealt out (surveyed_by): 山田 太郎 2, 小駒 邦宗 2, 斎藤 1" in result.stderr
    text = (tmp_path / "sessions" / "2026-06" / "session.yaml").read_text(encoding="utf-8")
    assert "rankings:\n  - name: " in text  # the file keeps the layout new writes
    assert f'  "{ids[0]}":\n    surveyed_by: 山田 太郎\n' in text


def test_new_says_how_many_papers_an_earlier_month_presented(web: RecordedWeb,
                                                             tmp_path: Path) -> None:
    may = tmp_path / "sessions" / "2026-05"
    may.mkdir(parents=True)
    (may / "session.yaml").write_text(MAY, encoding="utf-8")
    result = new("--team", "山田 太郎,小駒 邦宗")
    assert result.exit_code == 0, result.output
    assert ("note: 2 of the 5 papers were presented before (2606.13392 ⇒ 2026-05 #1, "
            "2606.08063 ⇒ 2026-05 #2); the deck marks them") in result.stderr
    assert "presented before" not in result.stdout
    session = load_session(tmp_path / "sessions" / "2026-06")
    dealt = {pid: n.surveyed_by for pid, n in session.papers.items()}
    assert "2606.13392" not in dealt and "2606.08063" not in dealt  # only marked: not dealt
    assert list(dealt.values()) == ["山田 太郎", "小駒 邦宗", "山田 太郎"]


def test_the_first_month_says_nothing_about_earlier_ones(web: RecordedWeb) -> None:
    result = new()
    assert result.exit_code == 0, result.output
    assert "presented before" not in result.stderr
