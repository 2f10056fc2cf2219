"""Slide identity: which planned slide a slide of a deck is, and whether anyone edited it.

Every slide deckgen draws carries a hidden, off-slide text box named and reading
`deckgen|<id>|<hash>` (shape names and the hidden flag survive PowerPoint and LibreOffice),
and the deck lists every id it was built with, and its hash, in `docProps/custom.xml`
(measured: both survive a LibreOffice save; layouts, run splits and ids do not).

The hash covers what a presenter sees: the text of every shape, the pixels of every
picture, tables, the count of other shapes, and the notes. It is normalised so that a
LibreOffice save (run splits, `lang` attributes, geometry drift, renumbered ids, renamed
layouts) does not count as an edit; formatting, moves and z-order deliberately do not
count either. This module only reads decks; render.py writes the carriers.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

CARRIER_PREFIX = "deckgen|"
MANIFEST_PROPERTY = "deckgen.manifest"
MANIFEST_VERSION = 1
# PowerPoint keeps custom text properties up to 255 characters: the manifest is chunked.
MANIFEST_CHUNK = 240
HASH_CHARS = 16

_NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_KEEP_CF = {"\u200c", "\u200d"}  # ZWNJ/ZWJ change how a word is drawn: they are content
_SPACES = re.compile(r"\s+")


def _q(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{_NS[prefix]}}}{local}"


@dataclass(frozen=True)
class Identity:
    """The id a slide was drawn for and the hash of what deckgen drew on it."""

    slide_id: str
    digest: str


def carrier_text(identity: Identity) -> str:
    """The string the carrier shape is named and holds: `deckgen|<id>|<hash>`."""
    return f"{CARRIER_PREFIX}{identity.slide_id}|{identity.digest}"


def parse_carrier(text: str) -> Identity | None:
    """The identity in a carrier string, or None when it is not one."""
    if not text.startswith(CARRIER_PREFIX):
        return None
    slide_id, sep, digest = text[len(CARRIER_PREFIX):].strip().rpartition("|")
    if not sep or not slide_id or not re.fullmatch(f"[0-9a-f]{{{HASH_CHARS}}}", digest):
        return None
    return Identity(slide_id, digest)


def norm_text(text: str) -> str:
    """Text as compared across saves: NFKC, no format characters, one space, no empty lines."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text
                   if ch in _KEEP_CF or unicodedata.category(ch) != "Cf")
    text = text.replace("\r", "\n").replace("\v", "\n").replace("\u2028", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _tx_text(tx_body: Any) -> str:
    """The text of a txBody, leaving out slide-number fields (they change with the order)."""
    paras = []
    for p in tx_body.iter(_q("a:p")):
        parts = []
        for child in p:
            if child.tag == _q("a:r"):
                parts.append("".join(t.text or "" for t in child.iter(_q("a:t"))))
            elif child.tag == _q("a:fld") and child.get("type") != "slidenum":
                parts.append("".join(t.text or "" for t in child.iter(_q("a:t"))))
            elif child.tag == _q("a:br"):
                parts.append("\n")
        paras.append("".join(parts))
    return norm_text("\n".join(paras))


def _shape_name(el: Any) -> str:
    c_nv_pr = el.find(".//" + _q("p:cNvPr"))
    return c_nv_pr.get("name", "") if c_nv_pr is not None else ""


def is_carrier(el: Any) -> bool:
    if _shape_name(el).startswith(CARRIER_PREFIX):
        return True
    tx = el.find(_q("p:txBody"))
    return tx is not None and _tx_text(tx).startswith(CARRIER_PREFIX)


def _is_placeholder(el: Any) -> bool:
    return el.find(".//" + _q("p:nvPr") + "/" + _q("p:ph")) is not None


def _leaves(tree: Any) -> Iterator[Any]:
    """The drawable shapes of a shape tree, groups opened."""
    for el in tree:
        if el.tag == _q("p:grpSp"):
            yield from _leaves(el)
        elif el.tag in (_q("p:sp"), _q("p:pic"), _q("p:graphicFrame"), _q("p:cxnSp"),
                        _q("p:contentPart")):
            yield el


def _picture_item(el: Any, part: Any) -> str:
    """`pic:` + a hash of the decoded pixels, so a re-encoded copy still counts as equal."""
    blip = el.find(".//" + _q("a:blip"))
    r_id = blip.get(_q("r:embed")) if blip is not None else None
    if not r_id:
        return "pic:linked"
    return "pic:" + _pixel_hash(part.related_part(r_id).blob)


_PIXEL_HASHES: dict[str, str] = {}  # sha256 of an image file -> hash of its pixels


def _pixel_hash(blob: bytes) -> str:
    """Hash of the decoded pixels; decoding is the slow part, so each file is decoded once
    per process (a rebuild hashes the same pictures in the old deck and the new one)."""
    key = hashlib.sha256(blob).hexdigest()
    if key in _PIXEL_HASHES:
        return _PIXEL_HASHES[key]
    try:
        from PIL import Image

        with Image.open(io.BytesIO(blob)) as img:
            size = img.size
            # a quarter-scale image (JPEG decodes at that scale directly; others are averaged
            # in 4x4 blocks): any changed pixel still changes the hash, at a fraction of the
            # cost of converting and hashing every pixel
            if img.format == "JPEG":
                img.draft("RGB", (max(1, size[0] // 4), max(1, size[1] // 4)))
                pixels = img.convert("RGBA")
            elif min(size) >= 64 and img.mode in ("RGB", "RGBA", "L", "LA"):
                pixels = img.reduce(4).convert("RGBA")
            else:
                pixels = img.convert("RGBA")
            data = f"{size}".encode() + pixels.tobytes()
    except Exception:  # a format Pillow cannot decode (EMF, SVG): compare the bytes
        data = blob
    if len(_PIXEL_HASHES) > 1024:
        _PIXEL_HASHES.clear()
    _PIXEL_HASHES[key] = hashlib.sha256(data).hexdigest()
    return _PIXEL_HASHES[key]


def _items(el: Any, part: Any) -> str | None:
    if el.tag == _q("p:pic"):
        return _picture_item(el, part)
    if el.tag == _q("p:graphicFrame"):
        tbl = el.find(".//" + _q("a:tbl"))
        if tbl is None:
            return "frame"
        rows = tbl.findall(_q("a:tr"))
        cells = [_tx_text(tc.find(_q("a:txBody"))) if tc.find(_q("a:txBody")) is not None
                 else "" for tr in rows for tc in tr.findall(_q("a:tc"))]
        cols = len(rows[0].findall(_q("a:tc"))) if rows else 0
        return f"tbl:{len(rows)}x{cols}:" + "\x1f".join(cells)
    tx = el.find(_q("p:txBody"))
    text = _tx_text(tx) if tx is not None else ""
    if text:
        return "txt:" + text
    return None if _is_placeholder(el) else "shape"


def notes_text(slide: Any) -> str:
    """The normalised text of the slide's notes (body placeholder), '' without notes."""
    if not slide.has_notes_slide:
        return ""
    tree = slide.notes_slide._element.find(".//" + _q("p:spTree"))
    texts = []
    for el in _leaves(tree):
        ph = el.find(".//" + _q("p:nvPr") + "/" + _q("p:ph"))
        tx = el.find(_q("p:txBody"))
        if ph is not None and ph.get("type") == "body" and tx is not None:
            texts.append(_tx_text(tx))
    return "\n".join(t for t in texts if t)


def slide_digest(slide: Any) -> str:
    """The normalised content hash of a slide (carriers and page numbers left out)."""
    tree = slide._element.find(".//" + _q("p:spTree"))
    items = [item for el in _leaves(tree) if not is_carrier(el)
             if (item := _items(el, slide.part)) is not None]
    items.sort()
    items.append("notes:" + notes_text(slide))
    return hashlib.sha256("\x1e".join(items).encode("utf-8")).hexdigest()[:HASH_CHARS]


def read_identity(slide: Any) -> Identity | None:
    """The identity the slide's carrier shape holds (by name, else by text), or None."""
    tree = slide._element.find(".//" + _q("p:spTree"))
    for el in _leaves(tree):
        found = parse_carrier(_shape_name(el))
        if found is None and el.find(_q("p:txBody")) is not None:
            found = parse_carrier(_tx_text(el.find(_q("p:txBody"))))
        if found is not None:
            return found
    return None


# ---- the deck's manifest in docProps/custom.xml ----------------------------------------------

def custom_properties_part(prs: Any) -> Any | None:
    """The package's custom-properties part, or None."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return prs.part.package.part_related_by(RT.CUSTOM_PROPERTIES)
    except KeyError:
        return None


def manifest_chunks(manifest: dict[str, str]) -> list[str]:
    """The manifest as JSON cut into property-sized pieces."""
    text = json.dumps({"v": MANIFEST_VERSION, "slides": list(manifest.items())},
                      ensure_ascii=False, separators=(",", ":"))
    return [text[i:i + MANIFEST_CHUNK] for i in range(0, len(text), MANIFEST_CHUNK)] or [""]


def read_manifest(prs: Any) -> dict[str, str] | None:
    """id -> hash of every slide the deck was built with (deleted ones too), or None."""
    part = custom_properties_part(prs)
    if part is None:
        return None
    try:
        root = etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return None
    chunks: dict[int, str] = {}
    for prop in root.findall(f"{{{CUSTOM_NS}}}property"):
        name = prop.get("name", "")
        if name.startswith(MANIFEST_PROPERTY + "."):
            number = name[len(MANIFEST_PROPERTY) + 1:]
            value = prop.find(f"{{{VT_NS}}}lpwstr")
            if number.isdigit() and value is not None:
                chunks[int(number)] = value.text or ""
    if not chunks:
        return None
    try:
        data = json.loads("".join(chunks[n] for n in sorted(chunks)))
        return {str(slide_id): str(digest) for slide_id, digest in data["slides"]}
    except (ValueError, KeyError, TypeError):
        return None
