"""Figures the presenter puts into `figures/<id>/` by hand: found, checked and indexed.

A PNG, JPEG or GIF file in a paper's figure folder that index.json does not name is the
presenter's figure, and so is an SVG file, which is drawn into a PNG beside it
(`arch.svg` -> `arch.svg.png`). The next `deckgen fetch`, `build` (offline too) or `figures`
adds it to index.json with method `hand`, its pixel size, an empty caption (a slide's
caption for it comes from session.yaml) and the next number after every figure the paper
has (those stored and those source.json knows), so `figures: [N]` can name it. A file
replaced under the same name keeps its number (its size is read again, an SVG drawn again);
a file removed takes its row with it.

A file that cannot be used is one warning naming it, and is not shown: not an image, more
pixels than MAX_FIGURE_PIXELS (a decompression bomb), larger than MAX_IMAGE_BYTES, a link to
outside the folder. Only headers are read here (the build decodes what it shows), an SVG at
most MAX_IMAGE_BYTES, and at most MAX_HAND_FILES entries of a folder are looked at.
"""

from __future__ import annotations

import io
import json
import os
import stat
import warnings as _warnings
from pathlib import Path
from typing import Any

from PIL import Image

from deckgen.figures.catalog import SOURCE_FILE, CatalogProblem, read_catalog
from deckgen.figures.images import ImageProblem, bounded, decode, to_rgb
from deckgen.limits import MAX_FIGURE_PIXELS, MAX_HAND_FILES, MAX_IMAGE_BYTES
from deckgen.session.outputs import write_atomic
from deckgen.session.store import FIGURE_INDEX, figures_dir, image_hash, read_figure_rows

HAND = "hand"
RASTER = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF"}
VECTOR = (".svg",)
ORIGINAL = "original"  # index.json: the SVG file a hand row's PNG is drawn from
ORIGINAL_HASH = "original_hash"  # index.json: image_hash of that SVG when it was drawn
KINDS = "PNG, JPEG, GIF or SVG"


class HandProblem(Exception):
    """A file of the presenter's that cannot be shown, as the reason in a few words."""


def index_hand_figures(session_dir: Path, pid: str) -> tuple[list[str], set[str]]:
    """Index what the presenter put into `figures/<pid>/` (see the module docstring).

    Returns one warning per file that cannot be used, and the index.json file names of the
    rows that must not be shown (their file is there but unusable now).
    """
    folder = figures_dir(session_dir, pid)
    if not folder.is_dir() or folder.is_symlink():
        return [], set()
    try:
        rows = read_figure_rows(folder) if (folder / FIGURE_INDEX).is_file() else []
    except (OSError, ValueError):
        return [], set()  # load_figure_index says so; the file is left as it is
    warnings: list[str] = []
    names, too_many = _entries(folder)
    if too_many:
        warnings.append(f"{folder}: more than {MAX_HAND_FILES} files; only the first "
                        f"{MAX_HAND_FILES} by name are looked at for figures of yours")
    bad: set[str] = set()
    kept: list[dict[str, Any]] = []
    changed = False
    for row in rows:
        if row.get("method") != HAND:
            kept.append(row)
            continue
        source = _original(row) or row["file"]
        if not (folder / source).exists() and not (folder / source).is_symlink():
            changed = True  # the presenter removed it: its row goes too
            if _original(row):
                (folder / row["file"]).unlink(missing_ok=True)
            continue
        try:
            new = _checked(folder, source, row)
        except HandProblem as exc:
            warnings.append(f"{folder / source}: {exc}; your figure {row['number']} of {pid} "
                            "is not shown")
            bad.add(row["file"])
            new = row
        changed = changed or new != row
        kept.append(new)
    listed = {r["file"] for r in kept} | {o for r in kept if (o := _original(r))}
    number = _last_number(folder, pid, kept)
    for name in names:
        if name in listed or name in (FIGURE_INDEX, SOURCE_FILE) or name.startswith("."):
            continue
        ext = os.path.splitext(name)[1].lower()
        if ext not in RASTER and ext not in VECTOR:
            warnings.append(f"{folder / name}: not a figure deckgen can show (use {KINDS}); "
                            "left out")
            continue
        row: dict[str, Any] = {"number": number + 1, "file": name, "caption": "",
                               "method": HAND}
        if ext in VECTOR:
            row = {**row, "file": f"{name}.png", ORIGINAL: name}
            if row["file"] in listed or os.path.lexists(folder / row["file"]):
                warnings.append(f"{folder / name}: would be drawn into {row['file']}, which "
                                "is there already; rename one of them")
                continue
        try:
            row = _checked(folder, name, row)
        except HandProblem as exc:
            warnings.append(f"{folder / name}: {exc}; not used as a figure of {pid}")
            continue
        number += 1
        kept.append(row)
        changed = True
    if changed:
        kept.sort(key=lambda r: r["number"])
        write_atomic(folder / FIGURE_INDEX,
                     (json.dumps(kept, ensure_ascii=False, indent=2) + "\n").encode())
    return warnings, bad


def _entries(folder: Path) -> tuple[list[str], bool]:
    """The names in `folder`, sorted, at most MAX_HAND_FILES of them (and whether more)."""
    names: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if len(names) > 4 * MAX_HAND_FILES:
                    break  # a folder of thousands is not read to its end
                names.append(entry.name)
    except OSError:
        return [], False
    names.sort()
    return names[:MAX_HAND_FILES], len(names) > MAX_HAND_FILES


def _original(row: dict[str, Any]) -> str | None:
    """The SVG a row is drawn from, when it is a plain file name in the folder."""
    name = row.get(ORIGINAL)
    if isinstance(name, str) and name and Path(name).name == name and name not in (".", ".."):
        return name
    return None


def _last_number(folder: Path, pid: str, rows: list[dict[str, Any]]) -> int:
    """The highest figure number the paper has: stored, or found in it (source.json)."""
    numbers = {r["number"] for r in rows}
    try:
        catalog = read_catalog(folder / SOURCE_FILE, pid) or {}
    except CatalogProblem:
        catalog = {}
    numbers |= {f["number"] for f in catalog.get("figures", [])}
    return max(numbers, default=0)


def _checked(folder: Path, name: str, row: dict[str, Any]) -> dict[str, Any]:
    """`row` with the size of the presenter's file `name` (an SVG drawn when it changed);
    HandProblem when the file cannot be shown."""
    path = folder / name
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve()
            if not target.is_relative_to(folder.resolve()):
                raise HandProblem(f"a link to {target}, outside {folder.name}/ (copy the "
                                  "image into the folder instead)")
            info = os.stat(path)
    except OSError as exc:
        raise HandProblem(f"cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise HandProblem("not a file")
    if info.st_size > MAX_IMAGE_BYTES:
        raise HandProblem(f"{info.st_size / 2**20:.0f} MB, more than the "
                          f"{MAX_IMAGE_BYTES // 2**20} MB of one figure image (shrink it)")
    if ORIGINAL in row:
        return _drawn(folder, name, row)
    width, height = _raster_size(path)
    return {**row, "width": width, "height": height}


def _raster_size(path: Path) -> tuple[int, int]:
    """Width and height from the image's header; HandProblem for anything else."""
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                kind, size = img.format, img.size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise HandProblem(f"too many pixels ({exc})") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise HandProblem(f"not a readable image ({type(exc).__name__}); use {KINDS}") from None
    if kind not in set(RASTER.values()):
        raise HandProblem(f"a {kind} image, which a slide cannot show (use {KINDS})")
    if size[0] * size[1] > MAX_FIGURE_PIXELS:
        raise HandProblem(f"{size[0]}x{size[1]} is more than the "
                          f"{MAX_FIGURE_PIXELS / 1e6:.0f} million pixels of one figure "
                          "(shrink it; a slide shows 1920x1080 at most)")
    return size


def _drawn(folder: Path, name: str, row: dict[str, Any]) -> dict[str, Any]:
    """An SVG's row, its PNG drawn again when the SVG's bytes changed or the PNG is gone."""
    with (folder / name).open("rb") as handle:
        data = handle.read(MAX_IMAGE_BYTES + 1)
    digest = image_hash(data)
    target = folder / row["file"]
    if row.get(ORIGINAL_HASH) == digest and target.is_file() and not target.is_symlink():
        return row
    try:
        if not data.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith((b"<svg", b"<?xml")):
            raise ImageProblem("not an SVG drawing")
        img = bounded(to_rgb(decode(data, name)))
    except ImageProblem as exc:
        raise HandProblem(f"{str(exc).removeprefix(name + ': ')}; use {KINDS}") from None
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    write_atomic(target, out.getvalue())
    return {**row, ORIGINAL_HASH: digest, "width": img.width, "height": img.height}
