"""The build's file policy: how outputs are written, copied aside and recognised again.

- every file deckgen writes goes through a temporary file beside it and a rename, so a
  failure, a full disk or a signal never leaves half a file (`write_atomic`);
- a deck about to be replaced is first copied to build/<name>.<timestamp>.pptx, the same
  way (`keep_copy`); `kept_copies` lists those copies, oldest first;
- deckgen remembers the bytes it wrote (build/.<name>.pptx.sha256), so a rebuild knows
  whether anyone saved over the deck since (`record_written`, `touched_since_written`), and
  a key of the content it drew, so a rebuild with nothing new writes nothing (`up_to_date`);
- a deck open in LibreOffice or PowerPoint is not written under (`refuse_open_deck`).

Temporary files are named `.<name>.<random>.tmp` and removed in a `finally`: an exception,
Ctrl-C, or SIGTERM/SIGHUP (which deckgen's command turns into an exception) removes them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from deckgen.errors import OutputError

log = logging.getLogger(__name__)

# the lock files LibreOffice and PowerPoint keep beside a document while it is open
OPEN_MARKERS = (("LibreOffice", ".~lock.{name}#"), ("PowerPoint", "~${name}"))

def _replace_via_temporary(path: Path, fill: Callable[[BinaryIO], None],
                           like: Path | None = None) -> None:
    """Write `path` by `fill`ing a new temporary file beside it, then renaming it over `path`.

    The temporary file's name is chosen before it exists and it is removed in `finally`, so
    an exception raised at any point (a signal included) leaves no temporary file. `like`:
    a file whose times and mode the result takes. Raises OSError.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # O_EXCL: never write into someone else's file; the mode follows the umask
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o666)
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
        if like is not None:
            shutil.copystat(like, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename: never half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path.parent}: cannot write here ({exc.strerror}); "
                          "check the folder's permissions or choose another") from None
    try:
        _replace_via_temporary(path, lambda handle: handle.write(data))
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror}); "
                          "check the folder's permissions and free space") from None


# ---- copies kept before a deck is replaced -------------------------------------------------

def backup_path(pptx: Path) -> Path:
    """build/<name>.<timestamp>.pptx beside `pptx`, never an existing file."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = pptx.with_name(f"{pptx.stem}.{stamp}{pptx.suffix}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = pptx.with_name(f"{pptx.stem}.{stamp}-{n}{pptx.suffix}")
    return candidate


def keep_copy(pptx: Path) -> Path:
    """Copy `pptx` to its timestamped backup name (complete, or not at all); return it."""
    target = backup_path(pptx)
    try:
        with pptx.open("rb") as source:
            _replace_via_temporary(target, lambda handle: shutil.copyfileobj(source, handle),
                                   like=pptx)
    except OSError as exc:
        raise OutputError(f"{pptx}: cannot keep a copy at {target} ({exc.strerror}); "
                          "the deck was not touched") from None
    log.info("kept the previous deck as %s", target)
    return target


def kept_copies(pptx: Path) -> list[Path]:
    """The copies `keep_copy` made of `pptx`, oldest first."""
    pattern = re.compile(rf"{re.escape(pptx.stem)}\.(\d{{8}}-\d{{6}})(?:-(\d+))?"
                         rf"{re.escape(pptx.suffix)}")
    found = []
    for path in pptx.parent.glob(f"{pptx.stem}.*{pptx.suffix}"):
        if match := pattern.fullmatch(path.name):
            found.append((match[1], int(match[2] or 1), path))
    return [path for *_, path in sorted(found)]


# ---- what deckgen wrote --------------------------------------------------------------------

def _fingerprint_file(pptx: Path) -> Path:
    return pptx.with_name(f".{pptx.name}.sha256")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def record_written(pptx: Path, content: str = "") -> None:
    """Remember the bytes deckgen wrote, so a rebuild knows whether anyone saved over them,
    and `content` (a key of what was drawn), so it knows whether anything is new."""
    text = f"{_sha256(pptx)}\n{content}\n" if content else f"{_sha256(pptx)}\n"
    write_atomic(_fingerprint_file(pptx), text.encode("ascii"))


def _recorded(pptx: Path) -> tuple[str, str]:
    """(bytes hash, content key) as recorded for `pptx`; empty strings when unknown."""
    try:
        lines = _fingerprint_file(pptx).read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        return "", ""
    return (lines + ["", ""])[0], (lines + ["", ""])[1]


def touched_since_written(pptx: Path) -> bool:
    """True unless `pptx` is byte for byte what deckgen last wrote there."""
    recorded, _ = _recorded(pptx)
    return recorded != _sha256(pptx)


def up_to_date(pptx: Path, content: str) -> bool:
    """True when `pptx` is byte for byte what deckgen last wrote, drawn from `content`."""
    recorded, drawn = _recorded(pptx)
    return bool(drawn) and drawn == content and recorded == _sha256(pptx)


# ---- a deck someone has open ---------------------------------------------------------------

def refuse_open_deck(pptx: Path) -> None:
    """OutputError when `pptx` is open in LibreOffice or PowerPoint (their lock file is beside
    it): their next save would overwrite what deckgen writes, or it theirs."""
    if not pptx.exists():
        return
    for program, marker in OPEN_MARKERS:
        lock = pptx.with_name(marker.format(name=pptx.name))
        if lock.exists():
            raise OutputError(f"{pptx}: open in {program} ({lock.name} is beside it); close "
                              "it and build again, or build with --force to write it anyway "
                              f"(delete {lock.name} if {program} has crashed)")
