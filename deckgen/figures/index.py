"""Figures present in the session folder: listed in `figures/<id>/index.json`, checked with Pillow.

`figfetch` puts them there, and images the presenter put into the folder are indexed first
(hand.py); otherwise this module only reads what is on disk. Captions come out as text
(captions.py), also from an index.json written before deckgen converted its LaTeX. A
missing or broken image is a warning and a skipped slide, never a failed build. A file whose
bytes are still the ones deckgen wrote (the index's `image_hash`) was decoded whole when it
was written, so only its header is read again, and the index's pixel hash is taken for it
(pixels.py).
"""

from __future__ import annotations

import hashlib
import warnings as _warnings
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from PIL import Image

from deckgen.figures.captions import caption_text
from deckgen.figures.hand import index_hand_figures
from deckgen.figures.images import png_problem
from deckgen.figures.pixels import PIXEL_HASH_RE
from deckgen.limits import MAX_FIGURE_PIXELS, MAX_IMAGE_BYTES
from deckgen.model.figures import FigureEntry
from deckgen.session.store import load_figure_index


def load_figures(
    session_dir: Path, paper_ids: Iterable[str]
) -> tuple[dict[str, list[FigureEntry]], list[str]]:
    """Every usable figure per paper (pixel size filled in), and a warning per unusable one."""
    figures: dict[str, list[FigureEntry]] = {}
    warnings: list[str] = []
    for pid in paper_ids:
        hand_warnings, unusable = index_hand_figures(session_dir, pid)  # the presenter's files
        warnings.extend(hand_warnings)
        entries, problems = load_figure_index(session_dir, pid)
        warnings.extend(problems)
        usable = []
        for entry in entries:
            if entry.file.name in unusable:
                continue  # said in hand_warnings
            digest = _written_by_deckgen(entry)
            size, problem = _image_size(entry.file, whole=digest is not None)
            if problem:
                warnings.append(f"{entry.file}: {problem}; slide for Figure {entry.number} of "
                                f"{pid} skipped")
            else:
                known = (digest, entry.pixel_hash) if digest and entry.pixel_hash and \
                    PIXEL_HASH_RE.fullmatch(entry.pixel_hash) else None
                usable.append(replace(entry, caption=caption_text(entry.caption),
                                      width=size[0], height=size[1], known_pixels=known))
        if usable:
            figures[pid] = usable
    return figures, warnings


def _written_by_deckgen(entry: FigureEntry) -> str | None:
    """The sha256 of the figure's file when it holds the bytes deckgen wrote (the index's
    image_hash is store.image_hash: its first 16 hex digits), else None."""
    if not entry.image_hash:
        return None
    try:
        if not entry.file.is_file() or entry.file.stat().st_size > MAX_IMAGE_BYTES:
            return None  # not deckgen's bytes; read no further (a link to a device, a huge file)
        digest = hashlib.sha256(entry.file.read_bytes()).hexdigest()
    except OSError:
        return None
    return digest if digest[:16] == entry.image_hash else None


def _image_size(path: Path, whole: bool = False) -> tuple[tuple[int, int], str | None]:
    """(width, height) of a readable image, or an explanation of why it cannot be used.

    `whole`: the bytes are the ones deckgen wrote, so the image data is not read again.
    """
    if not path.is_file():
        return (0, 0), "missing (fetch it again or remove it from index.json)"
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                img.verify()
            with Image.open(path) as img:
                if img.format not in ("PNG", "JPEG", "GIF", "BMP", "TIFF"):
                    return (0, 0), f"{img.format} images cannot go into a slide (use PNG or JPEG)"
                if img.width * img.height > MAX_FIGURE_PIXELS:
                    return (0, 0), (f"{img.width}x{img.height} is more than the "
                                    f"{MAX_FIGURE_PIXELS / 1e6:.0f} million pixels of one "
                                    "figure (shrink it; a slide shows 1920x1080 at most)")
                if whole:  # decoded in full when deckgen wrote these very bytes
                    return img.size, None
                # verify() checked every PNG chunk's CRC, but not that the image data is all
                # there; other formats have no checksums, so decode them to find truncation
                if img.format == "PNG":
                    with path.open("rb") as stream:
                        if problem := png_problem(stream):
                            return (0, 0), problem
                else:
                    img.load()
                return img.size, None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning,
            Image.DecompressionBombError) as exc:
        return (0, 0), f"not a readable image ({type(exc).__name__}: {exc})"
