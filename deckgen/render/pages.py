"""The package side of a deck's PDF pages, for pdf/splice.py and pdf/chunks.py: what each
slide's page is drawn from, and the copies of a deck LibreOffice converts only some pages of.

Like opc.py (the package) and oxml.py (the XML inside a part), this module reaches into
python-pptx's private API (`_element`, `part.rels`, `drop_rel`), because python-pptx lists
no part's relationships and cannot take a notes slide off a slide; each docstring says why.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TYPE as RT


def page_sources(prs: Any) -> list[tuple[bool, str]]:
    """(hidden, hash of every part it is drawn from: itself, layout, master, theme, images, not
    its notes) per slide in deck order: python-pptx lists no part's relationships."""
    hashes: dict[int, str] = {}

    def digest(part: Any) -> str:
        if id(part) not in hashes:
            hashes[id(part)] = ""  # the master and its layouts relate to each other
            inner = hashlib.sha256(part.blob)
            for rel in part.rels.values():
                if not rel.is_external and rel.reltype not in (RT.NOTES_SLIDE, RT.SLIDE):
                    inner.update(digest(rel.target_part).encode())
            hashes[id(part)] = inner.hexdigest()
        return hashes[id(part)]

    return [(slide._element.get("show") == "0", digest(slide.part)) for slide in prs.slides]


def drop_notes(slide: Any) -> None:
    """Take the slide's notes slide off it (the part is not saved with the deck any more):
    python-pptx has no API for it. For copies LibreOffice converts only some pages of, which
    otherwise reads every notes page too."""
    for r_id, rel in list(slide.part.rels.items()):
        if rel.reltype == RT.NOTES_SLIDE:
            slide.part.drop_rel(r_id)  # the slide's XML does not name it



# ---- a copy for the changed pages only (pdf/splice.py) ---------------------------------------

P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_JUMP = "ppaction://"  # a click action: another slide, the next, the last, end the show
_SAME_IN_A_COPY = ("slidenum", "datetime")  # fields that show the same in a shorter copy


def stays_right_alone(slide: Any) -> bool:
    """False when the slide's page could differ in a copy without the slides after it and with
    the others before it emptied: it relates to another slide or has a click action (a jump
    to another slide, the next, ...), or its slide, layout or master has a field other than
    the slide number and the date (a slide count would change). python-pptx lists no part's
    relationships and reads no field or click action."""
    if any(rel.reltype == RT.SLIDE for rel in slide.part.rels.values()):
        return False
    element = slide._element
    if any((el.get("action") or "").startswith(_JUMP)
           for el in element.iter(f"{{{A_NS}}}hlinkClick", f"{{{A_NS}}}hlinkHover")):
        return False
    layout = slide.slide_layout
    return not any(not (fld.get("type") or "").startswith(_SAME_IN_A_COPY)
                   for tree in (element, layout._element, layout.slide_master._element)
                   for fld in tree.iter(f"{{{A_NS}}}fld"))


def empty_slide(slide: Any) -> None:
    """Leave the slide only its layout: no shapes, background, transition, animation, notes or
    other relationship, so LibreOffice reads next to nothing of it (python-pptx can remove
    none of these)."""
    element = slide._element
    for child in list(element):
        if child.tag != f"{{{P_NS}}}cSld":
            if child.tag != f"{{{P_NS}}}clrMapOvr":
                element.remove(child)
            continue
        for part in list(child):
            if part.tag != f"{{{P_NS}}}spTree":
                child.remove(part)
        tree = child.find(f"{{{P_NS}}}spTree")
        for shape in list(tree)[2:]:  # after nvGrpSpPr and grpSpPr
            tree.remove(shape)
    for r_id, rel in list(slide.part.rels.items()):
        if rel.reltype != RT.SLIDE_LAYOUT:
            slide.part.drop_rel(r_id)  # nothing in the slide's XML names it any more


def keep_slides_up_to(prs: Any, last: int) -> None:
    """Take every slide after number `last` (from 1) out of the deck, parts and all:
    python-pptx has no API to delete a slide."""
    presentation = prs.part
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list)[last:]:
        presentation.drop_rel(sld_id.rId)  # while still referenced once: drops the part
        id_list.remove(sld_id)
