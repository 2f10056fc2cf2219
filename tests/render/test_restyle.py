"""The look of a merged deck's slides, without LibreOffice: slide numbers, whose theme wins,
and the style check on decks deckgen built (LibreOffice's side: test_libreoffice_roundtrip)."""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree
from pptx import Presentation

from deckgen.render.opc import A_NS, font_scheme
from deckgen.render.restyle import (
    LIBREOFFICE,
    PRESENTER,
    TEMPLATE,
    classify_theme,
    deck_theme,
    is_libreoffice_scheme,
    theme_of,
)
from deckgen.render.styles import style_problems
from deckgen.render.template import load_template
from tests.conftest import TemplateCase, run_cli, use_template
from tests.render.test_merge import DELETED, MOVED, OWN_TITLE, change_spec, ids, slide_by_id

NAME = "2026-06"
NS = {"a": A_NS}


def deck(session: Path) -> Path:
    return session / "build" / f"{NAME}.pptx"


def test_every_slide_number_is_its_position_after_a_merge(example: Path):
    assert run_cli("build", str(example), "--no-pdf").exit_code == 0
    prs = Presentation(str(deck(example)))
    lst = prs.slides._sldIdLst
    own = prs.slides.add_slide(slide_by_id(prs, MOVED).slide_layout)
    own.shapes.title.text_frame.text = OWN_TITLE
    list(lst)[3].addprevious(list(lst)[-1])  # the presenter adds a slide early on
    gone = list(lst)[ids(prs).index(DELETED)]  # and deletes one
    prs.part.drop_rel(gone.rId)
    lst.remove(gone)
    prs.save(str(deck(example)))
    change_spec(example)  # a new pick: slides are inserted, others move down
    result = run_cli("build", str(example), "--no-pdf")
    assert result.exit_code == 0 and "new" in result.output, result.output

    numbered = 0
    for n, slide in enumerate(Presentation(str(deck(example))).slides, 1):
        for text in slide._element.xpath(".//a:fld[@type='slidenum']/a:t/text()"):
            assert text == str(n), (n, text)
            numbered += 1
    assert numbered >= 18


def test_a_fresh_build_is_in_its_templates_style(example: Path, template_case: TemplateCase):
    use_template(example, template_case)
    assert run_cli("build", str(example), "--no-pdf").exit_code == 0
    template = load_template(template_case.path, template_case.mapping)
    assert style_problems(Presentation(str(deck(example))), template) == []


def _themes() -> tuple[object, object]:
    template = load_template(None)
    master = next(iter(template.layouts.values())).layout.slide_master
    return template, theme_of(master)


def libreoffice_rewrite(theme):
    """The theme as LibreOffice 7.4 writes it back (measured): colours kept in lower case
    and as plain RGB, the font scheme replaced by its fixed one."""
    out = copy.deepcopy(theme)
    for slot in out.find(".//a:clrScheme", NS):
        for colour in list(slot):
            value = colour.get("val") if colour.tag.endswith("srgbClr") else colour.get("lastClr")
            slot.remove(colour)
            etree.SubElement(slot, f"{{{A_NS}}}srgbClr", {"val": value.lower()})
    scheme = out.find(".//a:fontScheme", NS)
    for child in list(scheme):
        scheme.remove(child)
    scheme.set("name", "Office")
    for which in ("majorFont", "minorFont"):
        font = etree.SubElement(scheme, f"{{{A_NS}}}{which}")
        for script, face in (("latin", "Arial"), ("ea", "DejaVu Sans"), ("cs", "DejaVu Sans")):
            etree.SubElement(font, f"{{{A_NS}}}{script}", {"typeface": face})
    return out


def test_a_libreoffice_rewrite_is_told_from_a_theme_changed_on_purpose():
    template, theme = _themes()
    assert classify_theme(theme, theme) == TEMPLATE
    rewritten = libreoffice_rewrite(theme)
    assert is_libreoffice_scheme(rewritten) and not is_libreoffice_scheme(theme)
    assert classify_theme(rewritten, theme) == LIBREOFFICE
    assert classify_theme(libreoffice_rewrite(rewritten), theme) == LIBREOFFICE  # saved twice

    fonts = copy.deepcopy(theme)  # PowerPoint's Design > Fonts
    for el in fonts.iterfind(".//a:fontScheme/*/a:latin", NS):
        el.set("typeface", "BIZ UDPGothic")
    assert classify_theme(fonts, theme) == PRESENTER

    colours = copy.deepcopy(rewritten)  # colours chosen in PowerPoint, then a LibreOffice save
    colours.find(".//a:clrScheme/a:accent1/a:srgbClr", NS).set("val", "c00000")
    assert classify_theme(colours, theme) == PRESENTER


def test_a_presenters_colours_keep_the_templates_fonts_when_libreoffice_lost_theirs(
        monkeypatch):
    template, theme = _themes()
    colours = libreoffice_rewrite(theme)
    colours.find(".//a:clrScheme/a:accent1/a:srgbClr", NS).set("val", "c00000")
    monkeypatch.setattr("deckgen.render.restyle.theme_of",
                        lambda master: colours if master == "deck" else theme)
    found = deck_theme(["deck"], template)
    assert found.state == PRESENTER
    assert font_scheme(found.theme) == font_scheme(theme)
    assert found.theme.find(".//a:clrScheme/a:accent1/a:srgbClr", NS).get("val") == "c00000"


def test_a_title_the_presenter_recoloured_on_a_libreoffice_saved_deck_stays(example: Path):
    """Colour and weight set on a slide's own text are the presenter's formatting, even on a
    master LibreOffice rewrote: the rebuild keeps the slide, it does not redraw it."""
    from pptx.dml.color import RGBColor
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from deckgen.render.identity import read_identity

    assert run_cli("build", str(example), "--no-pdf").exit_code == 0
    prs = Presentation(str(deck(example)))
    for master in prs.slide_masters:  # as a LibreOffice save leaves the theme
        part = master.part.part_related_by(RT.THEME)
        part._blob = etree.tostring(libreoffice_rewrite(etree.fromstring(part.blob)),
                                    xml_declaration=True, encoding="UTF-8", standalone=True)
    slide = slide_by_id(prs, MOVED)
    for para in slide.shapes.title.text_frame.paragraphs:
        for run in para.runs:
            run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
            run.font.bold = False
    prs.save(str(deck(example)))

    result = run_cli("build", str(example), "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "redrawn" not in result.output, result.output
    prs = Presentation(str(deck(example)))
    slide = next(s for s in prs.slides
                 if (i := read_identity(s)) is not None and i.slide_id == MOVED)
    colours = {str(r.font.color.rgb) for p in slide.shapes.title.text_frame.paragraphs
               for r in p.runs}
    assert colours == {"C00000"}
