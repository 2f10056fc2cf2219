"""What each planned slide draws to, remembered beside the deck, so that a rebuild draws only
the slides whose plan changed.

A slide's plan key hashes everything it is drawn from: deckgen's drawing code, the template's
file, the layout its kind takes there, the planned slide itself (key, texts, pictures, notes,
chart) and the bytes of its pictures. The same key draws the same content hash
(identity.slide_digest), so `build/.<name>.pptx.slides` records, per plan key, the hash it
drew and the warnings drawing it gave. With it a rebuild (merge.py) knows the hash a planned
slide would get without drawing it: a slide of the old deck carrying that hash, that nobody
edited, is kept as it is; only the others are drawn.

The record is only a shortcut. Whether a slide was edited is always read from the deck
itself. A record that is missing, unreadable, too large or of another deckgen means that
every slide is drawn to compare, as without it. A record someone altered can at worst keep
an old slide of deckgen's where a new one was due: it never decides over a hand edit.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from deckgen import __version__
from deckgen.limits import MAX_BUILD_RECORD_BYTES
from deckgen.model.deck import Deck
from deckgen.render.identity import HASH_CHARS
from deckgen.render.template import Template
from deckgen.session.outputs import write_atomic

RECORD_VERSION = 1


@dataclass(frozen=True)
class Drawn:
    """What drawing one planned slide gave: its content hash and its warnings (each without
    the slide's number, which depends on where it ends up)."""

    digest: str
    warnings: tuple[str, ...] = ()


def record_path(pptx: Path) -> Path:
    return pptx.with_name(f".{pptx.name}.slides")


def file_digest(path: Path) -> bytes:
    """sha256 of a file's bytes; random bytes when it cannot be read, so no key matches."""
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return os.urandom(32)


@functools.cache
def drawing_code() -> bytes:
    """A hash of deckgen's drawing code (the deck's model and render/, with the version), so
    that a checkout that changes how slides are drawn draws them again, though its version
    number did not change. Unreadable (no sources): random, so nothing is taken as known."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    try:
        for path in sorted([*(root / "model").glob("*.py"), *(root / "render").glob("*.py")]):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    except OSError:
        return os.urandom(32)
    return digest.digest()


def plan_keys(deck: Deck, template: Template) -> dict[str, str]:
    """Slide key -> plan key, for every planned slide of `deck` drawn with `template`."""
    base = hashlib.sha256(f"{RECORD_VERSION}\n".encode() + drawing_code())
    base.update(file_digest(template.path))
    layouts: dict[str, str] = {}
    pictures: dict[Path, bytes] = {}
    keys = {}
    for slide in deck.slides:
        if slide.kind not in layouts:
            resolved = template.layouts.get(slide.kind)
            layouts[slide.kind] = repr(None if resolved is None else
                                       (resolved.layout.name, sorted(resolved.roles.items())))
        digest = base.copy()
        digest.update(f"{layouts[slide.kind]}\n{slide!r}\n".encode())
        for picture in slide.pictures:
            if picture.path not in pictures:
                pictures[picture.path] = file_digest(picture.path)
            digest.update(pictures[picture.path])
        keys[slide.key] = digest.hexdigest()
    return keys


def read_record(pptx: Path) -> dict[str, Drawn]:
    """Plan key -> what it drew, as recorded beside `pptx`; {} when there is no usable record."""
    try:
        with record_path(pptx).open("rb") as handle:
            raw = handle.read(MAX_BUILD_RECORD_BYTES + 1)
        if len(raw) > MAX_BUILD_RECORD_BYTES:
            return {}
        data = json.loads(raw.decode("utf-8"))
        if data.get("v") != RECORD_VERSION or data.get("deckgen") != __version__:
            return {}
        out = {}
        for key, digest, warnings in data["slides"]:
            if not (isinstance(key, str) and isinstance(digest, str)
                    and len(digest) == HASH_CHARS and isinstance(warnings, list)
                    and all(isinstance(w, str) for w in warnings)):
                return {}
            out[key] = Drawn(digest, tuple(warnings))
        return out
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return {}


def write_record(pptx: Path, entries: Mapping[str, Drawn], keep: Iterable[str]) -> None:
    """Record what the plan keys `keep` (those of the deck just written) draw."""
    rows = [[key, entries[key].digest, list(entries[key].warnings)]
            for key in dict.fromkeys(keep) if key in entries]
    text = json.dumps({"v": RECORD_VERSION, "deckgen": __version__, "slides": rows},
                      ensure_ascii=False, separators=(",", ":"))
    write_atomic(record_path(pptx), text.encode("utf-8"))


def slide_warning(number: int, slide_id: str, text: str) -> str:
    """A drawing warning about the slide `slide_id` at `number`, as the build prints it."""
    return f"slide {number} ({slide_id}): {text}"
