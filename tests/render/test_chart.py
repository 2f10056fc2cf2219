"""The ranking's chart is a native chart: a chart part python-pptx (and PowerPoint, and
LibreOffice) reopens as data, in the template's chart box or below the title, and an edit of
its data is an edit of the slide."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from deckgen.model.deck import Chart, Deck, Para, Slide, Text
from deckgen.render.identity import read_identity, slide_digest
from deckgen.render.render import render_deck
from deckgen.render.template import load_template

CHART = Chart("upvotes", ("① EvoArena", "② 長文脈の疎アテンション", "③ Robust-U1"),
              (118.0, 103.0, 74.0))


def chart_deck() -> Deck:
    title = {"title": Text((Para("Top Upvoted (2026/07/10)"),), 28)}
    body = {"body": Text(tuple(Para(c) for c in CHART.categories), 18)}
    return Deck("chart", (
        Slide("ranking_chart", "ranking:1:list:1", {**title, **body}, chart=CHART),
        Slide("chart", "ranking:1:chart", title, chart=CHART),
    ))


def render(tmp_path: Path, template: Path | None = None) -> Path:
    out = tmp_path / "chart.pptx"
    render_deck(chart_deck(), load_template(template), out)
    return out


def charts(slide) -> list:
    return [shape for shape in slide.shapes if shape.has_chart]


@pytest.mark.parametrize("which", ["default", "presenter"])
def test_the_chart_is_a_chart_part_that_python_pptx_reopens_as_data(
        tmp_path: Path, alt_template_path: Path, which: str) -> None:
    pptx = render(tmp_path, None if which == "default" else alt_template_path)
    prs = Presentation(str(pptx))
    for slide in prs.slides:
        (frame,) = charts(slide)
        chart = frame.chart
        assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
        assert list(chart.plots[0].categories) == list(CHART.categories)
        assert list(chart.series[0].values) == list(CHART.values)
        assert chart.series[0].name == "upvotes"
        assert chart.part.partname.startswith("/ppt/charts/chart")
        # its workbook is embedded: PowerPoint's "Edit Data" opens it
        assert chart.part.chart_workbook.xlsx_part is not None
        # Japanese labels in the template's East Asian font
        assert 'ea typeface="Noto Sans CJK JP"' in chart.part.blob.decode()
        # no placeholder is left empty beside it
        assert all(ph.has_text_frame and ph.text_frame.text for ph in slide.placeholders
                   if not ph.has_chart and ph.placeholder_format.type.name != "SLIDE_NUMBER")


def test_the_default_template_puts_the_chart_into_its_chart_box(tmp_path: Path) -> None:
    prs = Presentation(str(render(tmp_path)))
    beside, alone = (charts(slide)[0] for slide in prs.slides)
    assert beside.left > prs.slide_width // 2  # right of the ranking list
    assert alone.width > prs.slide_width * 0.8
    # every placeholder left is text (the chart box's placeholder is gone)
    assert all(ph.has_text_frame for slide in prs.slides for ph in slide.placeholders)


def parts(pptx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(pptx) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_the_same_chart_is_the_same_parts_every_time(tmp_path: Path) -> None:
    first = parts(render(tmp_path))
    time.sleep(1.1)  # a workbook made a second later must not differ
    again = parts(render(tmp_path))
    assert len([n for n in first if n.startswith("ppt/embeddings/")]) == 2  # one a chart
    assert again == first


def test_an_edit_of_the_charts_data_is_an_edit_of_the_slide(tmp_path: Path) -> None:
    pptx = render(tmp_path)
    prs = Presentation(str(pptx))
    slide = prs.slides[1]
    assert slide_digest(slide) == read_identity(slide).digest
    from pptx.chart.data import CategoryChartData

    data = CategoryChartData()
    data.categories = list(CHART.categories)
    data.add_series("upvotes", [118.0, 103.0, 80.0])  # the presenter corrects a number
    charts(slide)[0].chart.replace_data(data)
    assert slide_digest(slide) != read_identity(slide).digest
