"""An existing deck damaged inside (a theme, custom.xml, a paragraph's level): the rebuild
names the deck and the fix in one line and leaves the deck as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from deckgen.render.identity import read_identity
from tests.conftest import revise_take, run_cli

NAME = "2026-06"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def unparsable_theme(prs: Any) -> None:
    prs.slide_masters[0].part.part_related_by(RT.THEME)._blob = b"<a:theme"


def no_theme(prs: Any) -> None:
    part = prs.slide_masters[0].part
    for r_id, rel in list(part.rels.items()):
        if rel.reltype == RT.THEME:
            part.rels.pop(r_id)


def unparsable_custom_properties(prs: Any) -> None:
    prs.part.package.part_related_by(RT.CUSTOM_PROPERTIES)._blob = b"<Properties"


def a_level_that_is_no_number(prs: Any) -> None:
    slide = next(s for s in prs.slides if read_identity(s) is not None)
    for p in slide._element.iter(f"{A}p"):
        p.get_or_add_pPr().set("lvl", "x")


@pytest.mark.parametrize("damage", [unparsable_theme, no_theme, unparsable_custom_properties,
                                    a_level_that_is_no_number], ids=lambda f: f.__name__)
def test_a_deck_damaged_inside_is_named_not_an_internal_error(
        example: Path, damage: Callable[[Any], None]):
    assert run_cli("build", str(example), "--offline", "--no-pdf").exit_code == 0
    pptx = example / "build" / f"{NAME}.pptx"
    prs = Presentation(str(pptx))
    damage(prs)
    prs.save(str(pptx))
    before = pptx.read_bytes()
    revise_take(example)

    result = run_cli("build", str(example), "--offline", "--no-pdf")
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith(f"Error: {pptx}: cannot read the existing deck"), result.output
    assert "internal error" not in result.output and "--fresh" in lines[-1]
    assert pptx.read_bytes() == before
    assert run_cli("build", str(example), "--offline", "--no-pdf", "--fresh").exit_code == 0



@pytest.mark.parametrize("damage", [unparsable_theme, a_level_that_is_no_number],
                         ids=lambda f: f.__name__)
def test_deckgen_check_names_a_damaged_deck_instead_of_failing(
        example: Path, tmp_path: Path, damage: Callable[[Any], None]):
    import pypdfium2 as pdfium

    from deckgen.pdf.check import check_deck
    from deckgen.render.template import load_template

    assert run_cli("build", str(example), "--offline", "--no-pdf").exit_code == 0
    pptx = example / "build" / f"{NAME}.pptx"
    prs = Presentation(str(pptx))
    damage(prs)
    prs.save(str(pptx))
    pdf = pdfium.PdfDocument.new()  # blank pages stand in for LibreOffice's: styles come first
    for _ in prs.slides:
        pdf.new_page(960, 540)
    pdf.save(str(tmp_path / "deck.pdf"))
    pdf.close()
    report = check_deck(pptx, tmp_path / "deck.pdf", load_template(None))
    styles = [p for p in report.problems if p.check == "style"]
    assert styles and all(p.slide == 0 and "--fresh" in p.message for p in styles), styles
