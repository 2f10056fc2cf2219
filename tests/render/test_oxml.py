"""render/oxml.py (the XML inside a part), render/opc.py (the package: parts,
relationships, the slide list), render/pages.py (the package side of the PDF's pages) and
render/shapes.py (a slide's shapes as the XML has them) are the only modules that edit OOXML
or reach into python-pptx's private API; their helpers leave a real deck that python-pptx
still opens.
"""

from __future__ import annotations

import ast
import io
from pathlib import Path

from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Pt

import deckgen
from deckgen.render import opc, oxml, shapes
from deckgen.render.template import DEFAULT_TEMPLATE

PACKAGE = Path(deckgen.__file__).resolve().parent
# the modules that may, and why
HOMES = {
    "render/oxml.py": "the XML inside a part",
    "render/opc.py": "the package: parts, relationships, the slide list",
    "render/pages.py": "what a PDF page is drawn from, and the copies LibreOffice converts for "
                       "some pages only (opc.py would pass 400 lines)",
    "render/shapes.py": "a slide's shapes read as the XML has them, for the slide identity and "
                        "the deck check (oxml.py would pass 400 lines)",
}

# python-pptx's private attributes, and the lxml calls that edit or search its XML
ATTRIBUTES = {"_element", "_sldIdLst", "_spTree", "_r", "_p", "_rels", "_txBody", "drop_rel",
              "rels", "xpath", "part_related_by", "related_part", "get_or_add_rPr",
              "get_or_add_pPr", "insert_element_before", "makeelement", "getparent"}
NAMES = {"qn", "OxmlElement", "nsdecls", "parse_xml", "etree"}
MODULES = ("lxml", "xml.etree", "pptx.oxml", "pptx.opc", "pptx.parts")

# (file or folder under deckgen/, what it uses) -> why it may
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("net/", "xml.etree"): "reads arXiv's Atom and RSS feeds, not a deck",
    ("figures/html.py", "lxml"): "reads arXiv's HTML papers, not a deck",
    ("figures/html.py", "xpath"): "reads arXiv's HTML papers, not a deck",
}


def uses(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) for every private-API attribute, XML helper name and XML import."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ATTRIBUTES | NAMES:
            found.append((node.lineno, node.attr))
        elif isinstance(node, ast.Name) and node.id in NAMES:
            found.append((node.lineno, node.id))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = ([a.name for a in node.names] if isinstance(node, ast.Import)
                       else [node.module or ""])
            names = [] if isinstance(node, ast.Import) else [a.name for a in node.names]
            found += [(node.lineno, m) for m in modules if m.startswith(MODULES)]
            found += [(node.lineno, n) for n in names if n in NAMES]
    return sorted(found)


def _uses_by_file() -> list[tuple[str, int, str, tuple[str, str] | None]]:
    """(file, line, what, the exception that allows it or None) for deckgen outside the homes."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in HOMES:
            continue
        for line, what in uses(ast.parse(path.read_text(encoding="utf-8"))):
            kind = next((m for m in MODULES if what.startswith(m)), what)
            allowed = next((key for key in EXCEPTIONS
                            if rel.startswith(key[0]) and key[1] == kind), None)
            out.append((rel, line, what, allowed))
    return out


def test_only_oxml_and_opc_touch_xml_or_python_pptx_private_api() -> None:
    wrong = [f"deckgen/{rel}:{line}: {what}" for rel, line, what, allowed in _uses_by_file()
             if allowed is None]
    assert not wrong, ("raw XML or python-pptx private API outside " + ", ".join(HOMES)
                       + " (add a function there and call it):\n" + "\n".join(wrong))


def test_the_guard_sees_private_access_and_xml_imports() -> None:
    code = ("from lxml import etree\nfrom pptx.oxml.ns import qn\n"
            "shape._element.set('hidden', '1')\nprs.slides._sldIdLst\nprs.part.drop_rel(r)\n"
            "el.xpath('//a:t')\nshape.text_frame.text = 'fine'\n")
    assert uses(ast.parse(code)) == [(1, "etree"), (1, "lxml"), (2, "pptx.oxml.ns"), (2, "qn"),
                                     (3, "_element"), (4, "_sldIdLst"), (5, "drop_rel"),
                                     (6, "xpath")]


def test_every_exception_is_still_needed() -> None:
    used = {allowed for *_, allowed in _uses_by_file()}
    assert set(EXCEPTIONS) <= used, f"no longer needed: {set(EXCEPTIONS) - used}"



# ---- the helpers on a real deck ------------------------------------------------------------


def _deck(*names: str) -> Presentation:
    prs = Presentation(str(DEFAULT_TEMPLATE))
    for slide in list(prs.slides):
        opc.delete_slide(prs, slide)
    for name in names:
        _add(prs, name)
    return prs


def _add(prs: Presentation, name: str) -> None:
    """A slide holding one text box named `name` (its placeholders removed)."""
    slide = prs.slides.add_slide(prs.slide_layouts[2])
    for placeholder in list(slide.placeholders):
        oxml.remove_shape(placeholder)
    slide.shapes.add_textbox(0, 0, 100, 100).name = name


def _reopen(prs: Presentation) -> Presentation:
    buffer = io.BytesIO()
    prs.save(buffer)
    buffer.seek(0)
    return Presentation(buffer)


def _names(prs: Presentation) -> list[str]:
    return [slide.shapes[0].name for slide in prs.slides]


def test_deleted_and_moved_slides_leave_a_deck_python_pptx_reopens() -> None:
    prs = _deck("A", "B", "C", "D")
    opc.delete_slide(prs, prs.slides[1])
    opc.move_slide(prs, prs.slides[2], 0)
    again = _reopen(prs)
    assert _names(again) == ["D", "A", "C"]
    parts = [str(p.partname) for p in again.part.package.iter_parts()]
    assert sum("/ppt/slides/slide" in p for p in parts) == 3  # B's part went with it
    # a slide added after a deletion gets a part name of its own
    opc.renumber_slide_parts(again)
    _add(again, "B")
    assert _names(_reopen(again)) == ["D", "A", "C", "B"]


def test_east_asian_font_and_lang_land_in_the_run_properties_in_schema_order() -> None:
    prs = _deck("A")
    run = prs.slides[0].shapes[0].text_frame.paragraphs[0].add_run()
    run.text = "日本語"
    run.font.name = "Calibri"
    run.hyperlink.address = "https://arxiv.org/abs/2401.12345"
    oxml.set_east_asian_font(run, "Noto Sans CJK JP")
    oxml.set_east_asian_font(run, "Noto Sans CJK JP")  # twice: still one <a:ea>
    oxml.set_alt_lang(run, "en-US")
    r_pr = _reopen(prs).slides[0].shapes[0].text_frame.paragraphs[0].runs[0]._r.rPr
    assert [child.tag for child in r_pr] == [qn("a:latin"), qn("a:ea"), qn("a:hlinkClick")]
    assert r_pr.find(qn("a:ea")).get("typeface") == "Noto Sans CJK JP"
    assert r_pr.get("altLang") == "en-US"


def test_a_paragraph_keeps_one_bullet_in_schema_order() -> None:
    prs = _deck("A")
    paragraph = prs.slides[0].shapes[0].text_frame.paragraphs[0]
    paragraph.font.size = Pt(12)  # a defRPr, which the bullet must precede
    oxml.set_bullet_number(paragraph)
    oxml.set_bullet_none(paragraph)
    oxml.set_indent(paragraph, 0, 0)
    p_pr = paragraph._p.pPr
    assert [child.tag for child in p_pr] == [qn("a:buNone"), qn("a:defRPr")]
    assert (p_pr.get("marL"), p_pr.get("indent")) == ("0", "0")
    oxml.remove_bullet(paragraph)
    assert [child.tag for child in p_pr] == [qn("a:defRPr")]


def test_hidden_flags_and_removed_shapes() -> None:
    prs = _deck("A", "B")
    slide = prs.slides[0]
    box = slide.shapes.add_textbox(0, 0, 100, 100)
    assert not oxml.is_hidden(box)
    oxml.set_hidden(box)
    oxml.hide_slide(prs.slides[1])
    again = _reopen(prs)
    assert oxml.is_hidden(again.slides[0].shapes[-1])
    assert [oxml.is_slide_hidden(s) for s in again.slides] == [False, True]
    oxml.remove_shape(again.slides[0].shapes[-1])
    assert len(_reopen(again).slides[0].shapes) == 1


def test_custom_text_properties_are_replaced_by_prefix_and_others_kept() -> None:
    prs = _deck("A")
    assert opc.text_properties(prs) is None
    opc.set_text_properties(prs, "mine.", {"mine.000": "one", "mine.001": "two"})
    opc.set_text_properties(prs, "theirs.", {"theirs.x": "kept"})
    opc.set_text_properties(prs, "mine.", {"mine.000": "three"})
    assert opc.text_properties(_reopen(prs)) == [("theirs.x", "kept"), ("mine.000", "three")]


def test_a_slide_read_as_xml_opens_groups_and_leaves_slide_numbers_out() -> None:
    prs = _deck("A")
    slide = prs.slides[0]
    slide.shapes[0].text_frame.text = "deckgen|x|0123456789abcdef"
    group = slide.shapes.add_group_shape()
    inner = group.shapes.add_textbox(0, 0, 10, 10)
    inner.name = "inner"
    inner.text_frame.text = "in a group"
    number = next(p for p in slide.slide_layout.placeholders
                  if p.placeholder_format.type.name == "SLIDE_NUMBER")
    oxml.add_slide_number(slide, number, 7)
    again = _reopen(prs).slides[0]
    read = shapes.slide_shapes_xml(again)
    assert [(s.tag, s.name, s.text, s.placeholder) for s in read] == [
        ("sp", "A", "deckgen|x|0123456789abcdef", None),
        ("sp", "inner", "in a group", None),
        ("sp", "Slide Number Placeholder 4", "", "sldNum")]
    assert again.shapes[-1].text_frame.text == "7"  # python-pptx reads the stored digits
    assert shapes.shape_xml(again.shapes[0]) == read[0]


def test_a_layout_copied_into_another_deck_is_scaled_and_reopens() -> None:
    source = Presentation(str(DEFAULT_TEMPLATE))
    prs = Presentation()  # 4:3, python-pptx's own default template
    layout = source.slide_layouts[0]
    copied = opc.copy_layout(prs, layout, source)
    assert opc.copy_layout(source, layout, source) is layout
    again = _reopen(prs)
    names = [lay.name for lay in again.slide_layouts]
    assert layout.name in names
    again.slides.add_slide(again.slide_layouts[names.index(layout.name)])
    scale = prs.slide_width / source.slide_width
    widths = sorted(int(p.width) for p in copied.placeholders)
    assert widths == sorted(round(int(p.width) * scale) for p in layout.placeholders)
