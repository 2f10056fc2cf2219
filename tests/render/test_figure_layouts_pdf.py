"""The figure layouts through LibreOffice: their PDF shows every text on the slide in a
Japanese font, and a deck saved by LibreOffice after a hand edit rebuilds keeping it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from deckgen.model.deck import Deck, Para
from deckgen.pdf.check import check_deck
from deckgen.pdf.export import export_pdf, find_soffice
from deckgen.render.merge import merge_edits
from tests.conftest import TemplateCase
from tests.render.test_figure_layouts import (
    BULLETS,
    NEW_LAYOUTS,
    build,
    case_template,
    figure_slides,
    images,
    picture_shapes,
    text_of,
)
from tests.uno_edit import edit_deck, uno_python

pytestmark = [pytest.mark.soffice,
              pytest.mark.skipif(find_soffice() is None, reason="LibreOffice not installed")]


def test_the_pdf_of_the_figure_layouts_has_no_problem(tmp_path: Path,
                                                      template_case: TemplateCase):
    pptx = build(template_case, images(tmp_path), tmp_path / "figures.pptx")
    pdf = export_pdf(pptx, tmp_path / "figures.pdf")
    report = check_deck(pptx, pdf, case_template(template_case))
    # no text off its slide or overlapping another box, no tofu, a Japanese font embedded
    assert report.slides == 3 and report.problems == ()


@pytest.mark.skipif(uno_python() is None, reason="no Python with uno")
def test_a_libreoffice_edit_to_a_figure_slide_survives_the_rebuild(tmp_path: Path):
    case = TemplateCase("default", None, {}, {})
    pictures = images(tmp_path)
    pptx = build(case, pictures, tmp_path / "figures.pptx")
    edit_deck(pptx, pptx, [{"op": "title", "slide": 2, "text": "二つの図 (発表者が直した見出し)"}],
              find_soffice())
    template = case_template(case)
    body = [Para("蒸留: 知識を小さなモデルへ移す (改訂)", 1), *BULLETS[1:]]
    report = merge_edits(pptx, Deck("figures", figure_slides(template, pictures, body=body)),
                         template, pptx)
    # LibreOffice's save is no edit of the three-figure slide; the title edit is kept
    assert report.kept == ("own:figures2",) and report.unchanged == 1
    assert report.updated == ("own:figure_text",)
    prs = Presentation(str(pptx))
    assert "発表者が直した見出し" in text_of(prs.slides[1])
    assert [len(picture_shapes(s)) for s in prs.slides] == [1, 2, 3]
    assert prs.slides[0].slide_layout.name == NEW_LAYOUTS["figure_text"]
