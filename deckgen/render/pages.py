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

