"""The package side of a deck that python-pptx has no API for, one function per operation:
the slide list, slide and layout parts, the deck's custom properties, a slide's links.

With oxml.py (the XML inside a part) and pages.py (what a slide's PDF page is drawn from, and
the copies converted for some pages only) this is the only place that touches python-pptx's
private API (`_sldIdLst`, `drop_rel`, `_element`, `part.rels`); every other module calls
these functions. Each docstring says why the public API cannot do it.
"""

from __future__ import annotations

import copy
import itertools
import re
import zipfile
from collections.abc import Mapping
from typing import Any

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import Part
from pptx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI, PackURI
from pptx.opc.serialized import _ContentTypesItem
from pptx.oxml.ns import qn
from pptx.parts.image import Image, ImagePart
from pptx.parts.slide import NotesSlidePart, SlideLayoutPart, SlidePart

# ---- the slide list and the slide and layout parts -----------------------------------------


def _sld_id(prs: Any, slide: Any) -> Any:
    """The deck's sldId entry of `slide`, by what its relationship points to: python-pptx's
    `prs.slides.index` builds a Slide for every slide before it (and `relate_to` checks every
    relationship), which made reordering a 300-slide deck cost seconds."""
    part = slide.part
    r_id = next(r_id for r_id, rel in prs.part.rels._rels.items() if rel._target is part)
    return prs.slides._sldIdLst.xpath(f"./p:sldId[@r:id='{r_id}']")[0]


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
    new_id = max([2147483648, *_master_and_layout_ids(prs)]) + 1
    entry = id_lst.makeelement(qn("p:sldLayoutId"), {"id": str(new_id), qn("r:id"): r_id})
    id_lst.append(entry)
    return part.slide_layout


def _master_and_layout_ids(prs: Any) -> list[int]:
    """Every sldMasterId and sldLayoutId of the deck: they share one number space."""
    lst = prs.part._element.find(qn("p:sldMasterIdLst"))
    return ([int(e.get("id")) for e in lst] if lst is not None else []) + [
        int(e.get("id")) for m in prs.slide_masters
        for e in m._element.get_or_add_sldLayoutIdLst()]


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


# ---- themes and masters (the merge's restyle, render/restyle.py) ----------------------------

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"a": A_NS}


def master_theme(master: Any) -> Any:
    """The master's theme as XML (a copy): python-pptx has no theme API."""
    return etree.fromstring(master.part.part_related_by(RT.THEME).blob)


def font_scheme(theme: Any) -> dict[str, str]:
    """The theme's font scheme as {"name", "major.latin", "major.ea", "major.cs", "minor.*",
    "scripts"}; missing entries are "".

    Why: the font scheme is what LibreOffice replaces on save, and what a presenter changes.
    """
    scheme = theme.find(".//a:themeElements/a:fontScheme", NS)
    out = {"name": "", "scripts": "0"}
    for which in ("major", "minor"):
        font = scheme.find(f"a:{which}Font", NS) if scheme is not None else None
        for script in ("latin", "ea", "cs"):
            el = font.find(f"a:{script}", NS) if font is not None else None
            out[f"{which}.{script}"] = (el.get("typeface") or "") if el is not None else ""
        if font is not None:
            out["scripts"] = str(int(out["scripts"]) + len(font.findall("a:font", NS)))
    if scheme is not None:
        out["name"] = scheme.get("name") or ""
    return out


def colour_scheme(theme: Any) -> dict[str, str]:
    """The theme's twelve colours as upper-case hex ({"dk1": "000000", ...}).

    Why: LibreOffice keeps the colours but writes them lower case and turns system colours
    into plain RGB, so colours are compared by value, not by XML.
    """
    scheme = theme.find(".//a:themeElements/a:clrScheme", NS)
    out: dict[str, str] = {}
    for slot in (scheme if scheme is not None else []):
        if not isinstance(slot.tag, str):
            continue
        value = ""
        for colour in slot:
            if colour.tag == qn("a:srgbClr"):
                value = colour.get("val", "")
            elif colour.tag == qn("a:sysClr"):
                value = colour.get("lastClr", "")
        out[etree.QName(slot).localname] = value.upper()
    return out


def replace_font_scheme(theme: Any, source: Any) -> None:
    """Put a copy of `source`'s font scheme into `theme` in place of its own.

    Why: a theme whose colours the presenter chose but whose fonts LibreOffice discarded
    keeps the colours and gets the template's fonts back.
    """
    new = source.find(".//a:themeElements/a:fontScheme", NS)
    old = theme.find(".//a:themeElements/a:fontScheme", NS)
    if new is not None and old is not None:
        old.getparent().replace(old, copy.deepcopy(new))


def copy_master(prs: Any, source: Any, theme: Any = None) -> dict[str, Any]:
    """Copy slide master `source` of another presentation into `prs` with its theme (or
    `theme` in its place), layouts and pictures; return {a source layout's part name: its
    copy}: python-pptx cannot copy parts between packages."""
    package = prs.part.package
    names = {str(p.partname) for p in package.iter_parts()}
    lst = prs.part._element.find(qn("p:sldMasterIdLst"))
    used = _master_and_layout_ids(prs)
    theme_blob = None if theme is None else etree.tostring(
        theme, xml_declaration=True, encoding="UTF-8", standalone=True)
    master = _copy_part(source.part, package, names, source.part.blob)
    copies = {id(source.part): master}
    r_id = prs.part.relate_to(master, RT.SLIDE_MASTER)
    _copy_relationships(source.part, master, names, copies, theme_blob)
    new_id = max([2147483647, *used]) + 1  # master and layout ids share one number space
    lst.append(lst.makeelement(qn("p:sldMasterId"), {"id": str(new_id), qn("r:id"): r_id}))
    for n, entry in enumerate(master._element.get_or_add_sldLayoutIdLst(), new_id + 1):
        entry.set("id", str(n))
    return {str(layout.part.partname): copies[id(layout.part)].slide_layout
            for layout in source.slide_layouts}


def _copy_part(source: Any, package: Any, names: set[str], blob: bytes) -> Any:
    """A new part like `source` in `package`, under the first free name of its kind."""
    from pptx.opc.package import PartFactory

    pattern = re.sub(r"\d*(\.\w+)$", r"%d\1", str(source.partname))
    n = 1
    while pattern % n in names:
        n += 1
    names.add(pattern % n)
    return PartFactory(PackURI(pattern % n), source.content_type, package, blob)


def _copy_relationships(source: Any, dest: Any, names: set[str], copies: dict[int, Any],
                        theme_blob: bytes | None) -> None:
    """Re-make `source`'s relationships on `dest`, copying each target part once, and point
    the rIds in `dest`'s XML at the new relationships."""
    from pptx.opc.package import XmlPart

    mapping: dict[str, str] = {}
    for r_id, rel in source.rels.items():
        if rel.is_external:
            mapping[r_id] = dest.relate_to(rel.target_ref, rel.reltype, is_external=True)
            continue
        target = rel.target_part
        if id(target) in copies:
            mapping[r_id] = dest.relate_to(copies[id(target)], rel.reltype)
            continue
        blob = theme_blob if rel.reltype == RT.THEME and theme_blob is not None else target.blob
        copies[id(target)] = _copy_part(target, dest.package, names, blob)
        mapping[r_id] = dest.relate_to(copies[id(target)], rel.reltype)
        _copy_relationships(target, copies[id(target)], names, copies, theme_blob)
    if isinstance(dest, XmlPart):
        prefix = f"{{{R_NS}}}"
        for el in dest._element.iter():
            for name, value in el.attrib.items():
                if name.startswith(prefix) and value in mapping:
                    el.set(name, mapping[value])


# ---- saving ----------------------------------------------------------------------------------

# media that is compressed already: deflating it again costs time and gains about nothing
STORED_MEDIA = frozenset({"png", "jpg", "jpeg", "jpe", "gif", "mp3", "m4a", "mp4", "m4v"})


def save_package(prs: Any, stream: Any) -> None:
    """Write the deck to `stream` as `prs.save` does, but with PNG, JPEG and GIF media stored
    as they are: python-pptx deflates every member and offers no per-member choice."""
    package = prs.part.package
    parts = tuple(package.iter_parts())
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, strict_timestamps=False) as zf:
        zf.writestr(CONTENT_TYPES_URI.membername,
                    serialize_part_xml(_ContentTypesItem.xml_for(parts)))
        zf.writestr(PACKAGE_URI.rels_uri.membername, package._rels.xml)
        for part in parts:
            stored = part.partname.ext.lower() in STORED_MEDIA
            zf.writestr(part.partname.membername, part.blob,
                        compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
            if part._rels:
                zf.writestr(part.partname.rels_uri.membername, part.rels.xml)


# ---- new slides, their notes slides and pictures ------------------------------------------

NOTES_NAME, IMAGE_NAME = "/ppt/notesSlides/notesSlide%d", "/ppt/media/image%d"  # + extension


class NewSlides:
    """Adds slides, notes slides and pictures to a deck, building each layout's blank slide and
    the blank notes slide once and copying it, where python-pptx clones placeholders again for
    each and walks every part to name a new part or find an equal image. The copies are the
    same XML, related the same way; images are shared and parts named as python-pptx does."""

    def __init__(self, prs: Any) -> None:
        self._prs = prs
        self._blank_slides: dict[Any, Any] = {}  # layout part -> blank slide element
        self._blank_notes: Any = None
        self._notes_master: Any = None
        self._names: set[str] | None = None
        self._images: dict[str, Any] | None = None  # sha1 -> image part

    def add_slide(self, layout: Any) -> Any:
        """`prs.slides.add_slide(layout)`."""
        blank = self._blank_slides.get(layout.part)
        if blank is None:
            slide = self._prs.slides.add_slide(layout)
            self._blank_slides[layout.part] = copy.deepcopy(slide._element)
            return slide
        presentation = self._prs.part
        part = SlidePart(presentation._next_slide_partname, CT.PML_SLIDE, presentation.package,
                         copy.deepcopy(blank))
        part.relate_to(layout.part, RT.SLIDE_LAYOUT)
        # a new part has no relationship yet: relate_to would look through every one of the
        # deck's (two per slide during a merge) for each slide added
        self._prs.slides._sldIdLst.add_sldId(presentation.rels._add_relationship(RT.SLIDE, part))
        return part.slide

    def notes_slide(self, slide: Any) -> Any:
        """`slide.notes_slide`: the slide's notes slide, made when it has none."""
        if slide.has_notes_slide:
            return slide.notes_slide
        if self._blank_notes is None:
            notes = slide.notes_slide  # named by python-pptx: a name _free_name must not give
            if self._names is not None:
                self._names.add(str(notes.part.partname).rsplit(".", 1)[0])
            self._blank_notes = copy.deepcopy(notes._element)
            self._notes_master = notes.part.part_related_by(RT.NOTES_MASTER)
            return notes
        part = NotesSlidePart(self._free_name(NOTES_NAME, "xml"), CT.PML_NOTES_SLIDE,
                              slide.part.package, copy.deepcopy(self._blank_notes))
        part.relate_to(self._notes_master, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        return slide.notes_slide

    def add_picture(self, slide: Any, stream: Any, left: int, top: int, width: int,
                    height: int) -> Any:
        """`slide.shapes.add_picture(stream, left, top, width, height)`."""
        package = self._prs.part.package
        if self._images is None:  # python-pptx shares an image among the IMAGE relationships
            self._images = {r.target_part.sha1: r.target_part for r in reversed(list(
                package.iter_rels())) if not r.is_external and r.reltype == RT.IMAGE
                and hasattr(r.target_part, "sha1")}
        image = Image.from_file(stream)
        part = self._images.get(image.sha1)
        if part is None:
            part = ImagePart(self._free_name(IMAGE_NAME, image.ext), image.content_type,
                             package, image.blob, image.filename)
            self._images[image.sha1] = part
        shapes = slide.shapes
        pic = shapes._add_pic_from_image_part(part, slide.part.relate_to(part, RT.IMAGE), left,
                                              top, width, height)
        return shapes._shape_factory(pic)

    def _free_name(self, pattern: str, ext: str) -> PackURI:
        """The first part name of `pattern` whose number is free (whatever the extension)."""
        if self._names is None:
            self._names = {str(p.partname).rsplit(".", 1)[0]
                           for p in self._prs.part.package.iter_parts()}
        n = next(i for i in itertools.count(1) if pattern % i not in self._names)
        self._names.add(pattern % n)
        return PackURI(f"{pattern % n}.{ext}")
