"""The two shipped months, 2026-06 and 2026-07, build offline side by side: July marks
what June presented, is surveyed by a team, and shows its upvotes as a chart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

from deckgen.render.identity import read_identity
from tests.conftest import EXAMPLE, run_cli

JULY = EXAMPLE.parent / "2026-07"


def months(root: Path) -> Path:
    for folder in (EXAMPLE, JULY):
        shutil.copytree(folder, root / folder.name, ignore=shutil.ignore_patterns("build"))
    return root / "2026-07"


def by_id(prs) -> dict[str, object]:
    return {read_identity(s).slide_id: s for s in prs.slides}


def texts(slide) -> str:
    return "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame
                     and not sh.name.startswith("deckgen|"))


def test_july_builds_offline_with_junes_marks_a_team_and_a_chart(tmp_path: Path) -> None:
    july = months(tmp_path)
    result = run_cli("build", str(july), "--offline", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    slides = by_id(Presentation(str(july / "build" / "2026-07.pptx")))
    again = texts(slides["ranking:2:list:1"])
    assert "① MiniMaxスパースアテンション ⇒ 2026-06 #2" in again
    assert "② EvoArena：" in again and "⇒ 2026-06 #1" in again
    assert "paper:2606.13392:abstract:1" in slides  # earlier: present
    assert "paper:2606.13681:abstract:1" not in slides  # June's #1: its mark only
    assert "調査: 斎藤 隆" in texts(slides["paper:2606.13392:abstract:1"])
    agenda = texts(slides["agenda"])
    assert "文献調査の分担 (質問は各担当へ)\n小駒 邦宗: Top Upvoted ①④\n" in agenda
    assert "斎藤 隆: Top Upvoted ③、先月の論文その後 ①" in agenda
    assert "*小駒 邦宗 山田 太郎 斎藤 隆" in texts(slides["title"])
    (frame,) = [sh for sh in slides["ranking:1:list:1"].shapes if sh.has_chart]
    assert list(frame.chart.series[0].values) == [17.0, 11.0, 3.0, 2.0, 0.0]
    assert not [sh for sh in slides["ranking:2:list:1"].shapes if sh.has_chart]  # a list


def test_deckgen_history_lists_both_shipped_months(tmp_path: Path) -> None:
    months(tmp_path)
    result = run_cli("history", str(tmp_path))
    assert result.exit_code == 0 and result.stderr == ""
    assert "  skipped 2: 2606.13681 (⇒ 2026-06 #1), 2606.08063 (⇒ 2026-06 #3)" in result.stdout


@pytest.mark.soffice
def test_julys_pdf_shows_the_chart_and_the_check_finds_nothing(tmp_path: Path) -> None:
    july = months(tmp_path)
    assert run_cli("build", str(july), "--offline").exit_code == 0
    with pdfplumber.open(july / "build" / "2026-07.pdf") as pdf:
        drawn = "".join(c["text"] for c in pdf.pages[4].chars)  # the list beside its chart
    assert drawn.count("幾何学的相補性を超えて") == 2  # in the list, and the chart's label
    result = run_cli("check", str(july))
    assert result.exit_code == 0, result.output
