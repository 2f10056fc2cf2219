"""The package side of a deck that python-pptx has no API for, one function per operation:
the slide list, slide and layout parts, the deck's custom properties, a slide's links.

With oxml.py (the XML inside a part) this is the only place that touches python-pptx's
private API (`_sldIdLst`, `drop_rel`, `_element`, `part.rels`); every other module calls
these functions. Each docstring says why the public API cannot do it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.slide import SlideLayoutPart

# ---- the slide list and the slide and layout parts -----------------------------------------


def _sld_id(prs: Any, slide: Any) -> Any:
    return prs.slides._sldIdLst[prs.slides.index(slide)]


def delete_slide(prs: Any, slide: Any) -> None:
    """Remove `slide` and its part from the deck: python-pptx has no API to delete a slide."""
    sld_id = _sld_id(prs, slide)
    prs.part.drop_rel(sld_id.rId)  # while still referenced once: drops the part
    prs.slides._sldIdLst.remove(sld_id)


def move_slide(prs: Any, slide: Any, index: int) -> None:
    """Put `slide` at position `index` of the deck: python-pptx has no API to reorder slides."""
    sld_id = _sld_id(prs, slide)
    prs.slides._sldIdLst.remove(sld_id)
    prs.slides._sldIdLst.insert(index, sld_id)


def renumber_slide_parts(prs: Any) -> None:
    """Name the slide parts slide1.xml.. in deck order: python-pptx names a new slide's part
    after the slide count, which collides with an existing one once a slide was deleted."""
    for n, slide in enumerate(prs.slides, 1):
        slide.part.partname = PackURI(f"/ppt/slides/slide{n}.xml")


def external_links(slide: Any) -> set[str]:
    """Every external hyperlink target of the slide: python-pptx lists no part's links."""
    return {rel.target_ref for rel in slide.part.rels.values()
            if rel.reltype == RT.HYPERLINK and rel.is_external}


def copy_layout(prs: Any, source: Any, source_prs: Any, master: Any = None) -> Any:
    """Copy `source` (a layout of `source_prs`) under `master` (default: the first), scaled to
    this deck's slide size: python-pptx cannot copy a layout between presentations."""
    if source_prs is prs:
        return source
    element = copy.deepcopy(source._element)
    sx = prs.slide_width / source_prs.slide_width
    sy = prs.slide_height / source_prs.slide_height
    for off in element.iter(qn("a:off"), qn("a:ext")):
        keys = ("x", "y") if off.tag == qn("a:off") else ("cx", "cy")
        off.set(keys[0], str(round(int(off.get(keys[0])) * sx)))
        off.set(keys[1], str(round(int(off.get(keys[1])) * sy)))
    package = prs.part.package
    partname = package.next_partname("/ppt/slideLayouts/slideLayout%d.xml")
    part = SlideLayoutPart(partname, CT.PML_SLIDE_LAYOUT, package, element)
    master = master if master is not None else prs.slide_masters[0]
    part.relate_to(master.part, RT.SLIDE_MASTER)
    r_id = master.part.relate_to(part, RT.SLIDE_LAYOUT)
    id_lst = master._element.get_or_add_sldLayoutIdLst()
    used = [int(e.get("id")) for m in prs.slide_masters
            for e in m._element.get_or_add_sldLayoutIdLst()]
    lst = prs.part._element.find(qn("p:sldMasterIdLst"))
    master_ids = [int(e.get("id")) for e in lst] if lst is not None else []
    new_id = max([2147483648, *used, *master_ids]) + 1
    entry = id_lst.makeelement(qn("p:sldLayoutId"), {"id": str(new_id), qn("r:id"): r_id})
    id_lst.append(entry)
    return part.slide_layout


# ---- the deck's custom properties (docProps/custom.xml) -------------------------------------

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def _custom_part(prs: Any) -> Any | None:

    try:
        return prs.part.package.part_related_by(RT.CUSTOM_PROPERTIES)
    except KeyError:
        return None


def text_properties(prs: Any) -> list[tuple[str, str]] | None:
    """(name, text) of every custom text property, None without a readable custom.xml:
    python-pptx reads only the core properties."""
    part = _custom_part(prs)
    if part is None:
        return None
    try:
        root = etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return None
    out = []
    for prop in root.findall(f"{{{CUSTOM_NS}}}property"):
        value = prop.find(f"{{{VT_NS}}}lpwstr")
        if value is not None:
            out.append((prop.get("name", ""), value.text or ""))
    return out


def set_text_properties(prs: Any, prefix: str, values: Mapping[str, str]) -> None:
    """Replace the custom text properties named `prefix`… by `values`, others kept (custom.xml
    made when missing): python-pptx has no API for custom document properties."""
    part = _custom_part(prs)
    if part is not None:
        root = etree.fromstring(part.blob)
    else:
        root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS,
                                                                   "vt": VT_NS})
    for prop in list(root):
        if prop.get("name", "").startswith(prefix):
            root.remove(prop)
    for name, text in values.items():
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", {
            "fmtid": "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}", "name": name})
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = text
    for pid, prop in enumerate(root, 2):  # pid 0 and 1 are reserved
        prop.set("pid", str(pid))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if part is not None:
        part.blob = blob
        return
    package = prs.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, package, blob)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
