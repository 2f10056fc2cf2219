"""Every .pptx deckgen opens goes through `open_pptx`: the zip's directory is checked first.

A .pptx is a zip, and python-pptx reads every part it reaches into memory (and a merge
copies them into the new deck), so a 3 MB file holding a 3 GB part cost 6 GB. The directory
says how many parts there are and how large each unpacks before anything is decompressed:
too many parts, too many bytes in all, or a part that unpacks a hundred times larger than it
is stored (a compression bomb) is refused with the reason in one line. The caller names the
file and the fix (a template, the existing deck, a deck to check).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from deckgen.limits import (
    MAX_PPTX_MEMBERS,
    MAX_PPTX_RATIO,
    MAX_PPTX_RATIO_FROM,
    MAX_PPTX_UNPACKED,
)


class PackageRefused(Exception):
    """A .pptx whose zip directory promises more than deckgen reads, with the reason."""


def _mb(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n / 2**20:.1f} MB"


def check_package(path: Path) -> None:
    """PackageRefused when the zip at `path` holds too many parts or unpacks too large.

    A file that is no zip at all passes: python-pptx then says what it is not.
    """
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    if len(members) > MAX_PPTX_MEMBERS:
        raise PackageRefused(f"{len(members)} parts in the zip, more than the "
                             f"{MAX_PPTX_MEMBERS} deckgen reads")
    total = 0
    for member in members:
        total += member.file_size
        if (member.file_size > MAX_PPTX_RATIO_FROM
                and member.file_size > MAX_PPTX_RATIO * max(member.compress_size, 1)):
            raise PackageRefused(f"{member.filename} unpacks to {_mb(member.file_size)} from "
                                 f"{_mb(member.compress_size)}, more than {MAX_PPTX_RATIO} "
                                 "times its size (a compression bomb?)")
    if total > MAX_PPTX_UNPACKED:
        raise PackageRefused(f"its parts unpack to {_mb(total)}, more than the "
                             f"{_mb(MAX_PPTX_UNPACKED)} deckgen reads")


def open_pptx(path: Path) -> Any:
    """python-pptx's Presentation of `path`, once `check_package` let it through.

    PackageRefused as above; python-pptx's own errors for a file that is no .pptx.
    """
    from pptx import Presentation

    check_package(path)
    return Presentation(str(path))


# ---- the deck just written, handed on to the PDF stage without reading it again ------------

_WRITTEN: list[tuple[Path, tuple[int, int, int], Any]] = []  # at most the last one


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def written(prs: Any, path: Path) -> None:
    """Note that `prs` was just saved to `path` as it is: `take_written` hands it on."""
    stamp = _stamp(path)
    _WRITTEN[:] = [] if stamp is None else [(path.resolve(), stamp, prs)]


def take_written(path: Path) -> Any | None:
    """The deck `written` noted for `path` (once: the taker may change it), when the file is
    still the one it was saved to (same inode, size and time); else None. A build's PDF
    stage takes the deck its merge just saved instead of parsing it again (35 ms of 70
    slides)."""
    if not _WRITTEN:
        return None
    noted, stamp, prs = _WRITTEN.pop()
    if noted != path.resolve() or stamp != _stamp(path):
        return None
    return prs
