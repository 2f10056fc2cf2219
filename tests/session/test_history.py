"""Month-to-month memory: the session folders beside a session, and the presenter's
history.yaml, say which papers earlier months presented, picked and skipped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from deckgen.model.history import Mark
from deckgen.session.history import load_history, root_history
from tests.conftest import copy_example, run_cli

JULY = """\
kind: survey
event: AI最新論文読み会 2026年7月
date: 2026-07-15
presenter: 小駒 邦宗
rankings:
  - name: Top Upvoted
    source: hf-daily
    query: month=2026-07
    surveyed_at: 2026-07-10
    papers:
      - {id: "2607.00001", signal: 90}
      - {id: "2606.13392", signal: 80}
      - {id: "2607.00002", signal: 70}
      - {id: "2606.11409", signal: 60}
picks: ["2607.00001"]
"""


def july(root: Path, text: str = JULY, name: str = "2026-07") -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "session.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_paper_presented_last_month_is_marked_with_that_months_rank(tmp_path: Path) -> None:
    copy_example(tmp_path)
    history, warnings = load_history(july(tmp_path), before=dt.date(2026, 7, 15))
    assert warnings == []
    assert [m.month for m in history.months] == ["2026-06"]
    assert history.mark("2606.13392") == Mark("2026-06", 2)
    assert history.mark("2606.11409").text == "⇒ 2026-06 #10"
    assert history.mark("2607.00001") is None  # this month's own papers are not history


def test_months_are_replayed_so_a_month_skips_what_an_earlier_one_presented(
        tmp_path: Path) -> None:
    copy_example(tmp_path)
    july(tmp_path)
    history, _ = root_history(tmp_path)
    june, jul = history.months
    assert len(june.presented) == 10 and june.picked == ("2606.13681", "2606.13392")
    assert jul.presented == (("2607.00001", 1), ("2607.00002", 3))
    assert jul.skipped == (("2606.13392", Mark("2026-06", 2)),
                           ("2606.11409", Mark("2026-06", 10)))


def test_a_later_month_is_no_history_of_an_earlier_one(tmp_path: Path) -> None:
    june = copy_example(tmp_path)
    july(tmp_path)
    history, _ = load_history(june, before=dt.date(2026, 6, 17))
    assert history.months == () and history.mark("2606.13392") is None


def test_a_broken_sibling_is_one_warning_not_a_failure(tmp_path: Path) -> None:
    copy_example(tmp_path)
    july(tmp_path, "kind: survey\nrankings: [\n", name="2026-05")
    history, warnings = load_history(july(tmp_path), before=dt.date(2026, 7, 15))
    assert [m.month for m in history.months] == ["2026-06"]
    (warning,) = warnings
    assert "2026-05" in warning and "left out of the history" in warning
    assert "\n" not in warning


def test_the_history_file_adds_months_deckgen_did_not_build(tmp_path: Path) -> None:
    (tmp_path / "history.yaml").write_text(
        '- month: 2026-05\n  presented: ["2606.11409", {id: "2607.00002", rank: 7}]\n'
        '  picked: ["2606.11409"]\n', encoding="utf-8")
    history, warnings = load_history(july(tmp_path), before=dt.date(2026, 7, 15))
    assert warnings == []
    assert history.mark("2607.00002") == Mark("2026-05", 7)
    assert history.mark("2606.11409") == Mark("2026-05", 1)


def test_a_broken_history_file_is_one_warning_naming_its_line(tmp_path: Path) -> None:
    (tmp_path / "history.yaml").write_text(
        "- month: 2026-05\n  presented: [not-an-id]\n", encoding="utf-8")
    history, warnings = load_history(july(tmp_path), before=dt.date(2026, 7, 15))
    assert history.months == ()
    (warning,) = warnings
    assert "history.yaml:2" in warning and "'not-an-id' is not an arXiv id" in warning


def test_deckgen_history_lists_each_month_on_stdout_and_warnings_on_stderr(
        tmp_path: Path) -> None:
    copy_example(tmp_path)
    july(tmp_path)
    july(tmp_path, "not: [a session\n", name="2026-08")
    result = run_cli("history", str(tmp_path))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2026-06 ") and lines[4].startswith("2026-07 ")
    assert lines[1].startswith("  presented 10: 2606.13681 #1, 2606.13392 #2,")
    assert lines[2] == "  picked 2: 2606.13681, 2606.13392"
    assert lines[3] == "  skipped 0: -"
    assert lines[5] == "  presented 2: 2607.00001 #1, 2607.00002 #3"
    assert lines[7] == "  skipped 2: 2606.13392 (⇒ 2026-06 #2), 2606.11409 (⇒ 2026-06 #10)"
    assert "warning" not in result.stdout
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("warning: ") and "2026-08" in warning


def test_deckgen_history_of_a_folder_that_is_not_there_is_one_line(tmp_path: Path) -> None:
    result = run_cli("history", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert result.stdout == "" and "not a folder" in result.stderr
