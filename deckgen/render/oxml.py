"""Raw OOXML operations python-pptx has no API for, one function per operation.

Each takes lxml elements or python-pptx objects (a run, paragraph, shape or slide) and
returns plain values read from the XML; none knows about decks, sessions or slides beyond
the XML it is handed. With opc.py (the package: parts, relationships, the slide list) this
is the only place that edits XML or touches python-pptx's private API (`_element`, `_r`,
`_p`, `_spTree`); every other module calls these functions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

# ---- runs and paragraphs ------------------------------------------------------------------

_BULLETS = ("a:buNone", "a:buAutoNum", "a:buChar")
_PPR_AFTER_BULLET = ("a:tabLst", "a:defRPr", "a:extLst")


def set_east_asian_font(run: Any, typeface: str) -> None:
    """Give `run` the East Asian typeface: python-pptx's `font.name` writes only <a:latin>."""
    r_pr = run._r.get_or_add_rPr()
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


# ---- reading a slide's shapes (the slide identity, the deck check) ---------------------------

_DRAWN = {qn(t) for t in ("p:sp", "p:pic", "p:graphicFrame", "p:cxnSp", "p:contentPart")}


@dataclass(frozen=True)
class ShapeXml:
    """One shape as the XML has it; python-pptx has no class for some (contentPart) and reads
    a slide-number field's stale digits as text."""

    tag: str  # sp, pic, graphicFrame, cxnSp, contentPart (grpSp only from shape_xml)
    name: str
    text: str | None  # the txBody's paragraphs, slide-number fields left out; None: no txBody
    placeholder: str | None  # the ph's type ("" when it has none); None: not a placeholder
    image: bytes | None = None  # a picture's embedded image (None: linked)
    table: tuple[tuple[str, ...], ...] | None = None  # a table's cell texts, row by row


def _tx_text(tx_body: Any) -> str:
    paras = []
    for p in tx_body.iter(qn("a:p")):
        parts = []
        for child in p:
            if child.tag == qn("a:r"):
                parts.append("".join(t.text or "" for t in child.iter(qn("a:t"))))
            elif child.tag == qn("a:fld") and child.get("type") != "slidenum":
                parts.append("".join(t.text or "" for t in child.iter(qn("a:t"))))
            elif child.tag == qn("a:br"):
                parts.append("\n")
        paras.append("".join(parts))
    return "\n".join(paras)


def _read(el: Any, part: Any) -> ShapeXml:
    c_nv_pr = el.find(".//" + qn("p:cNvPr"))
    tx = el.find(qn("p:txBody"))
    ph = el.find(".//" + qn("p:nvPr") + "/" + qn("p:ph"))
    image = table = None
    if el.tag == qn("p:pic"):
        blip = el.find(".//" + qn("a:blip"))
        r_id = blip.get(qn("r:embed")) if blip is not None else None
        image = part.related_part(r_id).blob if r_id else None
    elif el.tag == qn("p:graphicFrame") and (tbl := el.find(".//" + qn("a:tbl"))) is not None:
        table = tuple(tuple(_tx_text(tc.find(qn("a:txBody")))
                            if tc.find(qn("a:txBody")) is not None else ""
                            for tc in tr.findall(qn("a:tc")))
                      for tr in tbl.findall(qn("a:tr")))
    return ShapeXml(el.tag.rsplit("}", 1)[1],
                    c_nv_pr.get("name", "") if c_nv_pr is not None else "",
                    _tx_text(tx) if tx is not None else None,
                    ph.get("type", "") if ph is not None else None, image, table)


def _leaves(tree: Any) -> Iterator[Any]:
    for el in tree:
        if el.tag == qn("p:grpSp"):
            yield from _leaves(el)
        elif el.tag in _DRAWN:
            yield el


def slide_shapes_xml(slide: Any) -> list[ShapeXml]:
    """Every shape drawn on a slide or notes slide, groups opened, in z-order."""
    tree = slide._element.find(".//" + qn("p:spTree"))
    return [_read(el, slide.part) for el in _leaves(tree)]


def shape_xml(shape: Any) -> ShapeXml:
    """One python-pptx shape read as `slide_shapes_xml` reads it."""
    return _read(shape._element, shape.part)
