"""The ranking's chart in the PDF LibreOffice makes: its Japanese category labels drawn in
an embedded Japanese font, no character as a box, and the deck check reading the labels."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from deckgen.model.deck import Chart, Deck, Para, Slide, Text
from deckgen.pdf import glyphs
from deckgen.pdf.check import check_deck
from deckgen.pdf.export import export_pdf
from deckgen.render.render import render_deck
from deckgen.render.template import load_template

pytestmark = pytest.mark.soffice

LABELS = ("① EvoArena", "② 長文脈の疎アテンション", "③ 歩行者アーキタイプの拡張")


def chart_pdf(tmp_path: Path, labels: tuple[str, ...]) -> tuple[Path, Path]:
    chart = Chart("upvotes", labels, (118.0, 103.0, 74.0))
    title = {"title": Text((Para("Top Upvoted (2026/07/31): upvotes"),), 28)}
    deck = Deck("chart", (Slide("chart", "ranking:1:chart", title, chart=chart),))
    pptx = tmp_path / "chart.pptx"
    render_deck(deck, load_template(None), pptx)
    return pptx, export_pdf(pptx, tmp_path / "chart.pdf")


def test_japanese_category_labels_are_drawn_in_a_japanese_font(tmp_path: Path) -> None:
    pptx, pdf = chart_pdf(tmp_path, LABELS)
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        drawn = "".join(c["text"] for c in page.chars)
        for label in LABELS:
            assert label.replace(" ", "") in drawn.replace(" ", "")
        japanese = [c for c in page.chars if glyphs.is_japanese(c["text"])]
        assert japanese and all(glyphs.is_japanese_font(c["fontname"]) for c in japanese)
        assert "118" in drawn and "74" in drawn  # the values on the bars
    assert check_deck(pptx, pdf).ok


def test_the_deck_check_reads_the_charts_labels(tmp_path: Path) -> None:
    # a character no installed font has: the check must see it in the chart's labels
    pptx, pdf = chart_pdf(tmp_path, ("① EvoArena", "② \U000e01ef\U000f0000", "③ x"))
    problems = check_deck(pptx, pdf).problems
    assert [p.check for p in problems] == ["glyphs"], problems


def test_a_libreoffice_save_of_a_chart_slide_is_no_edit(tmp_path: Path) -> None:
    from pptx import Presentation

    from deckgen.render.identity import read_identity, slide_digest
    from tests.render.test_merge import lo_save

    pptx, _ = chart_pdf(tmp_path, LABELS)
    lo_save(pptx, tmp_path)
    (slide,) = Presentation(str(pptx)).slides
    assert any(shape.has_chart for shape in slide.shapes)
    assert slide_digest(slide) == read_identity(slide).digest
