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
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from deckgen.figures.pixels import pixel_hash
from deckgen.model.deck import Deck
from deckgen.render.opc import text_properties
from deckgen.render.shapes import ShapeXml, slide_shapes_xml

CARRIER_PREFIX = "deckgen|"
MANIFEST_PROPERTY = "deckgen.manifest"
MANIFEST_VERSION = 1
# PowerPoint keeps custom text properties up to 255 characters: the manifest is chunked.
MANIFEST_CHUNK = 240
HASH_CHARS = 16

_KEEP_CF = {"\u200c", "\u200d"}  # ZWNJ/ZWJ change how a word is drawn: they are content
_SPACES = re.compile(r"\s+")


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


class _FormatCharacters(dict):  # type: ignore[type-arg]
    """str.translate's table: format characters (but ZWNJ/ZWJ) to nothing, every other
    character to itself; each code point is looked up once per process."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        self[code] = "" if ch not in _KEEP_CF and unicodedata.category(ch) == "Cf" else ch
        return self[code]


_DROP_FORMAT = _FormatCharacters()


def norm_text(text: str) -> str:
    """Text as compared across saves: NFKC, no format characters, one space, no empty lines."""
    text = unicodedata.normalize("NFKC", text).translate(_DROP_FORMAT)
    text = text.replace("\r", "\n").replace("\v", "\n").replace("\u2028", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _text(shape: ShapeXml) -> str:
    """The normalised text of a shape ('' without a text body)."""
    return norm_text(shape.text) if shape.text is not None else ""


def is_carrier(shape: ShapeXml) -> bool:
    """True for the carrier shape (by its name, else by its text)."""
    return shape.name.startswith(CARRIER_PREFIX) or _text(shape).startswith(CARRIER_PREFIX)


def _picture_item(shape: ShapeXml) -> str:
    """`pic:` + a hash of the decoded pixels, so a re-encoded copy still counts as equal."""
    if shape.image is None:
        return "pic:linked"
    return "pic:" + _pixel_hash(shape.image)


_PIXEL_HASHES: dict[str, str] = {}  # sha256 of an image file -> hash of its pixels
_KNOWN_PIXELS: dict[str, str] = {}  # the same, for the figure files of the deck being built


def remember_pictures(deck: Deck) -> None:
    """Take the pixel hashes the figure index holds for the deck's pictures (pixels.py), so
    that a picture whose bytes are the ones deckgen stored is never decoded."""
    _KNOWN_PIXELS.clear()
    for slide in deck.slides:
        for picture in slide.pictures:
            if picture.known_pixels is not None:
                sha, pixels = picture.known_pixels
                _KNOWN_PIXELS[sha] = pixels


def _pixel_hash(blob: bytes) -> str:
    """Hash of the decoded pixels (pixels.py): known for the bytes deckgen stored, else
    decoded once per process (a rebuild hashes the same pictures in the old deck and the new)."""
    key = hashlib.sha256(blob).hexdigest()
    known = _KNOWN_PIXELS.get(key) or _PIXEL_HASHES.get(key)
    if known is not None:
        return known
    if len(_PIXEL_HASHES) > 1024:
        _PIXEL_HASHES.clear()
    _PIXEL_HASHES[key] = pixel_hash(blob)
    return _PIXEL_HASHES[key]


def _items(shape: ShapeXml) -> str | None:
    if shape.tag == "pic":
        return _picture_item(shape)
    if shape.tag == "graphicFrame":
        if shape.chart is not None:  # its data, as PowerPoint and LibreOffice write it back
            return "chart:" + "\x1f".join(norm_text(v) for series in shape.chart
                                           for v in series)
        if shape.table is None:
            return "frame"
        rows = shape.table
        cells = [norm_text(cell) for row in rows for cell in row]
        cols = len(rows[0]) if rows else 0
        return f"tbl:{len(rows)}x{cols}:" + "\x1f".join(cells)
    text = _text(shape)
    if text:
        return "txt:" + text
    return None if shape.placeholder is not None else "shape"


def notes_text(slide: Any) -> str:
    """The normalised text of the slide's notes (body placeholder), '' without notes."""
    if not slide.has_notes_slide:
        return ""
    texts = [_text(shape) for shape in slide_shapes_xml(slide.notes_slide)
             if shape.placeholder == "body" and shape.text is not None]
    return "\n".join(t for t in texts if t)


def slide_digest(slide: Any) -> str:
    """The normalised content hash of a slide (carriers and page numbers left out)."""
    return read_slide(slide)[1]


def read_identity(slide: Any) -> Identity | None:
    """The identity the slide's carrier shape holds (by name, else by text), or None."""
    return _identity(slide_shapes_xml(slide))


def read_slide(slide: Any) -> tuple[Identity | None, str]:
    """`read_identity` and `slide_digest` of a slide, its shapes read once."""
    shapes = slide_shapes_xml(slide)
    items = [item for shape in shapes if not is_carrier(shape)
             if (item := _items(shape)) is not None]
    items.sort()
    items.append("notes:" + notes_text(slide))
    digest = hashlib.sha256("\x1e".join(items).encode("utf-8")).hexdigest()[:HASH_CHARS]
    return _identity(shapes), digest


def _identity(shapes: list[ShapeXml]) -> Identity | None:
    for shape in shapes:
        found = parse_carrier(shape.name)
        if found is None and shape.text is not None:
            found = parse_carrier(_text(shape))
        if found is not None:
            return found
    return None


# ---- the deck's manifest in docProps/custom.xml ----------------------------------------------

def manifest_chunks(manifest: dict[str, str]) -> list[str]:
    """The manifest as JSON cut into property-sized pieces."""
    text = json.dumps({"v": MANIFEST_VERSION, "slides": list(manifest.items())},
                      ensure_ascii=False, separators=(",", ":"))
    return [text[i:i + MANIFEST_CHUNK] for i in range(0, len(text), MANIFEST_CHUNK)] or [""]


def read_manifest(prs: Any) -> dict[str, str] | None:
    """id -> hash of every slide the deck was built with (deleted ones too), or None."""
    properties = text_properties(prs)
    if properties is None:
        return None
    chunks: dict[int, str] = {}
    for name, text in properties:
        if name.startswith(MANIFEST_PROPERTY + "."):
            number = name[len(MANIFEST_PROPERTY) + 1:]
            if number.isdigit():
                chunks[int(number)] = text
    if not chunks:
        return None
    try:
        data = json.loads("".join(chunks[n] for n in sorted(chunks)))
        return {str(slide_id): str(digest) for slide_id, digest in data["slides"]}
    except (ValueError, KeyError, TypeError):
        return None
