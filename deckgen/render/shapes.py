"""A slide's shapes read as the XML has them: their text (slide-number fields left out),
placeholder type, pictures' bytes, tables' and charts' data. For the slide identity (what
counts as content) and the deck check. python-pptx has no class for some shapes
(contentPart) and reads a slide-number field's stale digits as text.

Like oxml.py, this module reads python-pptx's XML elements directly; the tag names are
computed once (this runs over every shape of every slide of a deck on each rebuild).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

_A_BLIP = qn("a:blip")
_A_BR = qn("a:br")
_A_FLD = qn("a:fld")
_A_P = qn("a:p")
_A_R = qn("a:r")
_A_T = qn("a:t")
_A_TBL = qn("a:tbl")
_A_TC = qn("a:tc")
_A_TR = qn("a:tr")
_A_TXBODY = qn("a:txBody")
_P_CNVPR = qn("p:cNvPr")
_P_GRAPHICFRAME = qn("p:graphicFrame")
_P_GRPSP = qn("p:grpSp")
_P_NVPR = qn("p:nvPr")
_P_PH = qn("p:ph")
_P_PIC = qn("p:pic")
_P_SPTREE = qn("p:spTree")
_P_TXBODY = qn("p:txBody")
_R_EMBED = qn("r:embed")
_R_ID = qn("r:id")
_ANY_CNVPR = ".//" + _P_CNVPR
_ANY_PH = ".//" + _P_NVPR + "/" + _P_PH
_ANY_BLIP = ".//" + _A_BLIP
_ANY_TBL = ".//" + _A_TBL
_ANY_SPTREE = ".//" + _P_SPTREE

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
    chart: tuple[tuple[str, ...], ...] | None = None  # per series: name, categories, values


_C_NS = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _number(text: str) -> str:
    """A cached value one way (PowerPoint writes 118, python-pptx 118.0)."""
    try:
        return repr(float(text))
    except ValueError:
        return text


def _chart_data(frame: Any, part: Any) -> tuple[tuple[str, ...], ...] | None:
    """A chart's data as its part caches it (what PowerPoint and LibreOffice show and write
    back after an edit): per series its name, then `category=value` per point."""
    chart = frame.find(f".//{_C_NS}chart")
    r_id = chart.get(_R_ID) if chart is not None else None
    if not r_id:
        return None
    target = part.related_part(r_id)
    root = getattr(target, "_element", None)  # python-pptx's ChartPart holds it parsed
    if root is None:
        root = etree.fromstring(target.blob, etree.XMLParser(resolve_entities=False))
    out = []
    for ser in root.iter(f"{_C_NS}ser"):
        cat, val = ser.find(f"{_C_NS}cat"), ser.find(f"{_C_NS}val")
        cats = [] if cat is None else [pt.findtext(f"{_C_NS}v") or "" for pt in cat.iter(
            f"{_C_NS}pt")]
        vals = [] if val is None else [_number(pt.findtext(f"{_C_NS}v") or "")
                                       for pt in val.iter(f"{_C_NS}pt")]
        out.append(("".join(v.text or "" for v in ser.iterfind(f"{_C_NS}tx//{_C_NS}v")),
                    *(f"{c}={v}" for c, v in itertools.zip_longest(cats, vals, fillvalue=""))))
    return tuple(out)


def _tx_text(tx_body: Any) -> str:
    paras = []
    for p in tx_body.iter(_A_P):
        parts = []
        for child in p:
            if child.tag == _A_R:
                parts.append("".join(t.text or "" for t in child.iter(_A_T)))
            elif child.tag == _A_FLD and child.get("type") != "slidenum":
                parts.append("".join(t.text or "" for t in child.iter(_A_T)))
            elif child.tag == _A_BR:
                parts.append("\n")
        paras.append("".join(parts))
    return "\n".join(paras)


def _read(el: Any, part: Any) -> ShapeXml:
    c_nv_pr = el.find(_ANY_CNVPR)
    tx = el.find(_P_TXBODY)
    ph = el.find(_ANY_PH)
    image = table = chart = None
    if el.tag == _P_PIC:
        blip = el.find(_ANY_BLIP)
        r_id = blip.get(_R_EMBED) if blip is not None else None
        image = part.related_part(r_id).blob if r_id else None
    elif el.tag == _P_GRAPHICFRAME and (tbl := el.find(_ANY_TBL)) is not None:
        table = tuple(tuple(_tx_text(tc.find(_A_TXBODY))
                            if tc.find(_A_TXBODY) is not None else ""
                            for tc in tr.findall(_A_TC))
                      for tr in tbl.findall(_A_TR))
    elif el.tag == _P_GRAPHICFRAME:
        chart = _chart_data(el, part)
    return ShapeXml(el.tag.rsplit("}", 1)[1],
                    c_nv_pr.get("name", "") if c_nv_pr is not None else "",
                    _tx_text(tx) if tx is not None else None,
                    ph.get("type", "") if ph is not None else None, image, table, chart)


def _leaves(tree: Any) -> Iterator[Any]:
    for el in tree:
        if el.tag == _P_GRPSP:
            yield from _leaves(el)
        elif el.tag in _DRAWN:
            yield el


def slide_shapes_xml(slide: Any) -> list[ShapeXml]:
    """Every shape drawn on a slide or notes slide, groups opened, in z-order."""
    tree = slide._element.find(_ANY_SPTREE)
    return [_read(el, slide.part) for el in _leaves(tree)]


def shape_xml(shape: Any) -> ShapeXml:
    """One python-pptx shape read as `slide_shapes_xml` reads it."""
    return _read(shape._element, shape.part)
