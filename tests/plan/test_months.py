"""Two consecutive months built through the real CLI: the second marks what the first
presented (`⇒ 2026-06 #2`), a team's split shows on its slides, and the ranking's signal is a
native chart; a rebuild after hand edits keeps all three."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from deckgen.render.identity import read_identity
from tests.conftest import copy_example, revise_take, run_cli

TEAM = "team: [山田 太郎, 小駒 邦宗]\n"


def july(root: Path, compose: str = "", notes: str = "") -> Path:
    """A July session beside the June example: the same ranking (so June presented every
    paper on it), a team of two, 2606.13392 presented again on purpose."""
    june = copy_example(root)
    folder = root / "2026-07"
    folder.mkdir()
    for name in ("deckgen.lock.json", "translations.yaml"):
        (folder / name).write_bytes((june / name).read_bytes())
    text = (june / "session.yaml").read_text(encoding="utf-8")
    text = text.replace("date: 2026-06-17", "date: 2026-07-15\n" + TEAM + compose)
    text = text.replace('picks: ["2606.13681", "2606.13392"]', 'picks: ["2606.13681"]')
    text = text.replace('  "2606.13392":\n', '  "2606.08063":\n    surveyed_by: 小駒 邦宗\n'
                        '    earlier: present\n  "2606.13392":\n    surveyed_by: 山田 太郎\n'
                        '    earlier: present\n' + notes)
    (folder / "session.yaml").write_text(text, encoding="utf-8")
    return folder


def build(session: Path, *extra: str) -> Presentation:
    result = run_cli("build", str(session), "--offline", "--no-pdf", *extra)
    assert result.exit_code == 0, result.output
    return Presentation(str(session / "build" / f"{session.name}.pptx"))


def slide(prs, slide_id: str):
    (found,) = [s for s in prs.slides if (i := read_identity(s)) and i.slide_id == slide_id]
    return found


def texts(s) -> str:
    return "\n".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame
                     and not sh.name.startswith("deckgen|"))


def test_a_paper_june_presented_is_marked_on_julys_list_and_not_presented_again(
        tmp_path: Path) -> None:
    prs = build(july(tmp_path))
    listed = texts(slide(prs, "ranking:1:list:1"))
    assert "⇒ 2026-06 #2" in listed and "⇒ 2026-06 #4" in listed
    ids = [read_identity(s).slide_id for s in prs.slides]
    assert "paper:2606.13289:abstract:1" not in ids  # June's #4: its mark only
    assert "paper:2606.13392:abstract:1" in ids  # earlier: present
    assert "paper:2606.08063:abstract:1" in ids
    assert "paper:2606.13681:abstract:1" in ids  # a pick is presented
    agenda = texts(slide(prs, "agenda"))
    assert "うち 7 本は過去の回で発表済み" in agenda


def test_june_built_alone_has_no_marks(tmp_path: Path) -> None:
    july(tmp_path)
    prs = build(tmp_path / "2026-06")
    assert "⇒ 2026-" not in texts(slide(prs, "ranking:1:list:1"))


def test_the_whole_month_can_be_presented_again(tmp_path: Path) -> None:
    prs = build(july(tmp_path, compose="compose: {earlier: present}\n"))
    ids = [read_identity(s).slide_id for s in prs.slides]
    assert "paper:2606.13289:abstract:1" in ids
    assert "⇒ 2026-06 #4" in texts(slide(prs, "ranking:1:list:1"))


def test_each_paper_slide_says_who_surveyed_it_and_the_agenda_shows_the_split(
        tmp_path: Path) -> None:
    prs = build(july(tmp_path))
    paper = slide(prs, "paper:2606.13392:abstract:1")
    assert "MiniMax の研究 ／ 調査: 山田 太郎" in texts(paper)
    assert "この論文の質問は 山田 太郎 へ" in paper.notes_slide.notes_text_frame.text
    assert "調査: 小駒 邦宗" in texts(slide(prs, "paper:2606.08063:abstract:1"))
    agenda = texts(slide(prs, "agenda"))
    assert "文献調査の分担 (質問は各担当へ)\n山田 太郎: ②\n小駒 邦宗: ③" in agenda
    title = texts(slide(prs, "title"))
    assert "*山田 太郎 小駒 邦宗 (文献調査を分担、今回の発表者*)" in title


def test_the_rankings_signal_is_a_chart_on_a_slide_after_the_list(tmp_path: Path) -> None:
    prs = build(july(tmp_path, compose="compose: {chart: slide}\n"))
    ids = [read_identity(s).slide_id for s in prs.slides]
    assert ids.index("ranking:1:chart") == ids.index("ranking:1:list:1") + 1
    (frame,) = [sh for sh in slide(prs, "ranking:1:chart").shapes if sh.has_chart]
    chart = frame.chart
    assert list(chart.series[0].values)[:3] == [118.0, 103.0, 74.0]
    assert list(chart.plots[0].categories)[:2] == ["① EvoArena", "② MiniMaxスパースアテンション"]
    assert chart.series[0].name == "upvotes"


@pytest.mark.parametrize("mode", ["beside", "off", None])
def test_the_chart_goes_beside_the_list_or_nowhere(tmp_path: Path, mode: str) -> None:
    prs = build(july(tmp_path, compose=f"compose: {{chart: {mode}}}\n" if mode else ""))
    ids = [read_identity(s).slide_id for s in prs.slides]
    assert "ranking:1:chart" not in ids
    lists = [s for s in prs.slides if read_identity(s).slide_id.startswith("ranking:1:list")]
    charts = [sh.chart for s in lists for sh in s.shapes if sh.has_chart]
    if mode != "beside":  # off, the default
        assert charts == []
        return
    assert len(charts) == len(lists) >= 1
    # each page's chart holds the papers of that page, all ten in all
    shown = [c for chart in charts for c in chart.plots[0].categories]
    assert len(shown) == 10 and shown[0].startswith("①") and shown[-1].startswith("⑩")


def test_a_ranking_without_numbers_has_no_chart(tmp_path: Path) -> None:
    session = july(tmp_path, compose="compose: {chart: slide}\n")
    spec = session / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("source: hf-daily", "source: arxiv").replace(
        "signal: ", "org: "), encoding="utf-8")  # an arXiv search: no numbers
    prs = build(session)
    assert not any(sh.has_chart for s in prs.slides for sh in s.shapes)


def test_a_rebuild_keeps_hand_edits_of_the_team_line_the_marks_and_the_chart(
        tmp_path: Path) -> None:
    session = july(tmp_path, compose="compose: {chart: slide}\n")
    prs = build(session)
    pptx = session / "build" / "2026-07.pptx"
    paper = slide(prs, "paper:2606.13392:abstract:1")
    (line,) = [sh for sh in paper.shapes if sh.has_text_frame
               and sh.text_frame.text.endswith("調査: 山田 太郎")]
    line.text_frame.paragraphs[0].runs[0].text = "MiniMax の研究 ／ 調査: 山田 (代理: 小駒)"
    listed = slide(prs, "ranking:1:list:1")
    (body,) = [sh for sh in listed.placeholders if "⇒ 2026-06 #2" in sh.text_frame.text]
    body.text_frame.add_paragraph().text = "(②は今月もう一度紹介)"
    from pptx.chart.data import CategoryChartData

    (frame,) = [sh for sh in slide(prs, "ranking:1:chart").shapes if sh.has_chart]
    data = CategoryChartData()
    data.categories = list(frame.chart.plots[0].categories)
    data.add_series("upvotes (7/15)", [v + 1 for v in frame.chart.series[0].values])
    frame.chart.replace_data(data)
    prs.save(str(pptx))
    revise_take(session)  # a content change elsewhere: the deck is merged
    result = run_cli("build", str(session), "--offline", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "kept 3 edited" in result.stdout
    after = Presentation(str(pptx))
    assert "調査: 山田 (代理: 小駒)" in texts(slide(after, "paper:2606.13392:abstract:1"))
    assert "(②は今月もう一度紹介)" in texts(slide(after, "ranking:1:list:1"))
    (frame,) = [sh for sh in slide(after, "ranking:1:chart").shapes if sh.has_chart]
    assert frame.chart.series[0].name == "upvotes (7/15)"
    assert list(frame.chart.series[0].values)[:2] == [119.0, 104.0]
    # untouched slides still carry the team and the marks
    assert "調査: 小駒 邦宗" in texts(slide(after, "paper:2606.08063:abstract:1"))
