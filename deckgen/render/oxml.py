"""Raw OOXML operations python-pptx has no API for, one function per operation.

Each takes lxml elements or python-pptx objects (a run, paragraph, shape or slide) and
returns plain values read from the XML; none knows about decks, sessions or slides beyond
the XML it is handed. With opc.py (the package: parts, relationships, the slide list) this
is the only place that edits XML or touches python-pptx's private API (`_element`, `_r`,
`_p`, `_spTree`); every other module calls these functions.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"a": A_NS, "p": P_NS, "r": R_NS}

# what reading a damaged part raises: XML that does not parse, a missing relationship
# (python-pptx's KeyError), an attribute that is not the number it must be
DAMAGED = (etree.XMLSyntaxError, KeyError, ValueError)


# ---- the deck's default text style, slide-number fields (the merge's restyle) ------------

def add_default_text_style(prs: Any, source_prs: Any) -> bool:
    """Copy `source_prs`'s default text style into `prs` when it has none; True if added.

    Why: LibreOffice drops the deck's default text style, and text that says nothing of its
    own (the slide-number field) then falls back to LibreOffice's default font.
    """
    presentation = prs.part._element
    if presentation.find("p:defaultTextStyle", NS) is not None:
        return False
    style = source_prs.part._element.find("p:defaultTextStyle", NS)
    if style is None:
        return False
    after = [el for tag in ("modifyVerifier", "extLst")
             if (el := presentation.find(f"p:{tag}", NS)) is not None]
    if after:
        after[0].addprevious(copy.deepcopy(style))
    else:
        presentation.append(copy.deepcopy(style))
    return True


def set_slide_number_text(slide: Any, number: int) -> int:
    """Write `number` into every slide-number field of `slide`; return how many there were.

    Why: the field's stored text is what readers that do not recompute fields show, and a
    merge moves slides without touching it.
    """
    fields = slide._element.findall(".//p:cSld//a:fld[@type='slidenum']", NS)
    for fld in fields:
        t = fld.find("a:t", NS)
        if t is None:
            t = etree.SubElement(fld, qn("a:t"))
        t.text = str(number)
    return len(fields)


# ---- text styles as the deck states them (the style check, render/styles.py) --------------

@dataclass(frozen=True)
class TextStyle:
    """What one link of a text's style chain says; None where it says nothing."""

    latin: str | None = None
    ea: str | None = None
    bold: bool | None = None
    colour: tuple[str, str] | None = None  # ("srgbClr", "1F3864"), ("schemeClr", "tx1"), ...
    bullet: str | None = None  # "none", "bullet" or "number"


@dataclass(frozen=True)
class ParagraphXml:
    """A paragraph of a shape: its level (0-based), its own properties and its runs."""

    level: int
    style: TextStyle
    runs: tuple[tuple[str, TextStyle], ...]


_BULLET_KINDS = {qn("a:buNone"): "none", qn("a:buChar"): "bullet", qn("a:buBlip"): "bullet",
                 qn("a:buAutoNum"): "number"}


def _text_style(p_pr: Any | None, r_pr: Any | None = None) -> TextStyle:
    """Why: a run's rPr, a level's defRPr and a paragraph's pPr say the same things."""
    bullet = None
    if p_pr is not None:
        bullet = next((_BULLET_KINDS[c.tag] for c in p_pr if c.tag in _BULLET_KINDS), None)
        r_pr = p_pr.find("a:defRPr", NS) if r_pr is None else r_pr
    if r_pr is None:
        return TextStyle(bullet=bullet)
    faces = [r_pr.find(f"a:{script}", NS) for script in ("latin", "ea")]
    latin, ea = (f.get("typeface") if f is not None else None for f in faces)
    fill = r_pr.find("a:solidFill", NS)
    colour = None
    if fill is not None and len(fill):
        name = etree.QName(fill[0]).localname
        colour = (name, (fill[0].get("lastClr" if name == "sysClr" else "val") or "").upper())
    bold = r_pr.get("b")
    return TextStyle(latin, ea, None if bold is None else bold in ("1", "true"), colour, bullet)


def level_style(shape: Any, level: int) -> TextStyle:
    """What a shape's list style says for paragraphs of `level`.

    Why: python-pptx reads no list styles.
    """
    return _text_style(shape._element.find(f"p:txBody/a:lstStyle/a:lvl{level + 1}pPr", NS))


def master_text_style(master: Any, which: str, level: int) -> TextStyle:
    """What the master's title, body or other text style says for `level`.

    Why: python-pptx reads no master text styles.
    """
    return _text_style(master._element.find(f"p:txStyles/p:{which}Style/a:lvl{level + 1}pPr",
                                            NS))


def default_text_style(prs: Any, level: int) -> TextStyle:
    """What the deck's default text style says for `level`.

    Why: python-pptx reads no default text style.
    """
    return _text_style(prs.part._element.find(f"p:defaultTextStyle/a:lvl{level + 1}pPr", NS))


def paragraphs_xml(shape: Any) -> list[ParagraphXml]:
    """Every paragraph of a shape with the properties it states and its non-blank runs.

    Why: python-pptx returns None for a property a run leaves to its style, and reads no
    bullets.
    """
    out = []
    for p in shape._element.iterfind("p:txBody/a:p", NS):
        p_pr = p.find("a:pPr", NS)
        level = int(p_pr.get("lvl", "0")) if p_pr is not None else 0
        runs = tuple((r.findtext("a:t", "", NS), _text_style(p_pr, r.find("a:rPr", NS))
                      if r.find("a:rPr", NS) is not None else TextStyle())
                     for r in p.iterfind("a:r", NS) if r.findtext("a:t", "", NS).strip())
        out.append(ParagraphXml(level, _text_style(p_pr), runs))
    return out


def colour_map(master: Any) -> dict[str, str]:
    """The master's colour map (tx1 -> dk1, ...).

    Why: scheme colours in text name the map's slots, not the theme's.
    """
    found = master._element.find("p:clrMap", NS)
    return dict(found.attrib) if found is not None else {}


# ---- runs and paragraphs ------------------------------------------------------------------

_BULLETS = ("a:buNone", "a:buAutoNum", "a:buChar")
_PPR_AFTER_BULLET = ("a:tabLst", "a:defRPr", "a:extLst")


def set_east_asian_font(run: Any, typeface: str) -> None:
    """Give `run` the East Asian typeface: python-pptx's `font.name` writes only <a:latin>."""
    _set_ea(run._r.get_or_add_rPr(), typeface)


def set_font_east_asian(font: Any, typeface: str) -> None:
    """The same for a python-pptx `Font` that is no run's (a chart's text)."""
    _set_ea(font._rPr, typeface)


def _set_ea(r_pr: Any, typeface: str) -> None:
    ea = r_pr.find(qn("a:ea"))
    if ea is None:
        ea = r_pr.makeelement(qn("a:ea"), {})
        r_pr.insert_element_before(ea, "a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver",
                                   "a:rtl", "a:extLst")
    ea.set("typeface", typeface)


def set_alt_lang(run: Any, lang: str) -> None:
    """Set `run`'s altLang: python-pptx sets `lang` (font.language_id) but not altLang."""
    run._r.get_or_add_rPr().set("altLang", lang)


def remove_bullet(paragraph: Any) -> None:
    """Drop the paragraph's own bullet (the layout's applies): python-pptx has no bullet API."""
    paragraph._p.get_or_add_pPr().remove_all(*_BULLETS)


def set_bullet_none(paragraph: Any) -> None:
    """Give the paragraph no bullet (<a:buNone>): python-pptx has no bullet API."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.remove_all(*_BULLETS)
    p_pr.insert_element_before(p_pr.makeelement(qn("a:buNone"), {}), *_PPR_AFTER_BULLET)


def set_bullet_number(paragraph: Any, scheme: str = "arabicPeriod") -> None:
    """Number the paragraph (<a:buAutoNum>, 1. 2. ...): python-pptx has no bullet API."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.remove_all(*_BULLETS)
    bullet = p_pr.makeelement(qn("a:buAutoNum"), {"type": scheme})
    p_pr.insert_element_before(bullet, *_PPR_AFTER_BULLET)


def set_indent(paragraph: Any, margin: int, indent: int) -> None:
    """Set the paragraph's left margin and first-line indent (EMU): python-pptx has no API."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.set("marL", str(int(margin)))
    p_pr.set("indent", str(int(indent)))


def text_insets(shape: Any) -> tuple[int | None, int | None, int | None, int | None]:
    """The l, t, r, b insets set on a shape's bodyPr (None: not set), read without the
    txBody python-pptx's `text_frame.margin_*` would add to a placeholder that has none."""
    body_pr = shape._element.find(".//" + qn("a:bodyPr"))
    values = [body_pr.get(a) if body_pr is not None else None
              for a in ("lIns", "tIns", "rIns", "bIns")]
    left, top, right, bottom = (int(v) if v is not None else None for v in values)
    return left, top, right, bottom


# ---- shapes --------------------------------------------------------------------------------

def _c_nv_pr(shape: Any) -> Any | None:
    found = shape._element.xpath("./*[1]/p:cNvPr")
    return found[0] if found else None


def remove_shape(shape: Any) -> None:
    """Take `shape` off its slide: python-pptx has no API to delete a shape."""
    el = shape._element
    el.getparent().remove(el)


def set_hidden(shape: Any) -> None:
    """Hide `shape` (cNvPr hidden="1"): python-pptx has no API for the hidden flag."""
    _c_nv_pr(shape).set("hidden", "1")


def is_hidden(shape: Any) -> bool:
    """True when `shape` is hidden: python-pptx has no API for the hidden flag."""
    c_nv_pr = _c_nv_pr(shape)
    return c_nv_pr is not None and c_nv_pr.get("hidden") in ("1", "true")


def set_description(shape: Any, text: str) -> None:
    """Set the shape's alt text (cNvPr descr): python-pptx has no API for it."""
    _c_nv_pr(shape).set("descr", text)


def add_slide_number(slide: Any, placeholder: Any, number: int) -> None:
    """Copy the layout's slide-number `placeholder` onto `slide` with a slidenum field showing
    `number`: python-pptx copies no footer placeholder to a new slide and has no field API."""
    slide.shapes.clone_placeholder(placeholder)
    sp = slide.shapes._spTree[-1]
    tx_body = sp.find(qn("p:txBody"))
    if tx_body is None:
        tx_body = etree.SubElement(sp, qn("p:txBody"))
        etree.SubElement(tx_body, qn("a:bodyPr"))
        etree.SubElement(tx_body, qn("a:lstStyle"))
    for p in tx_body.findall(qn("a:p")):
        tx_body.remove(p)
    p = etree.SubElement(tx_body, qn("a:p"))
    fld = etree.SubElement(p, qn("a:fld"), {"id": "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}",
                                             "type": "slidenum"})
    etree.SubElement(fld, qn("a:rPr"), {"lang": "ja-JP"})
    etree.SubElement(fld, qn("a:t")).text = str(number)


def is_slide_hidden(slide: Any) -> bool:
    """True when the slide is hidden in the show (show="0"): python-pptx has no API for it."""
    return slide._element.get("show") == "0"


def hide_slide(slide: Any) -> None:
    """Hide the slide in the show (show="0"): python-pptx has no API for it."""
    slide._element.set("show", "0")
