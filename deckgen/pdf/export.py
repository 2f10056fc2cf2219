"""export_pdf(): the .pptx to PDF through LibreOffice, warm server first, cold soffice else.

soffice exits 0 even when it could not convert, so success is judged by the output file.
Each cold conversion gets its own LibreOffice profile, so builds can run side by side, and
runs in its own process group, so a timeout kills soffice.bin too (not only the wrapper).
`renew_pdf` is what `preview` and `check` use: it renders only a stale PDF (`pdf_is_stale`)
and only from a deck python-pptx can open, so a broken deck never replaces a good PDF.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from deckgen.errors import ExportError
from deckgen.interrupts import deferred
from deckgen.pdf import chunks, pool, server, splice, supervise
from deckgen.render.package import PackageRefused, open_pptx, take_written
from deckgen.session.outputs import kept_copies, write_atomic
from deckgen.session.store import BUILD_DIR

log = logging.getLogger(__name__)

SOFFICE_NAMES = ("soffice", "libreoffice")
DEFAULT_TIMEOUT = 300.0
MAX_CORE_BYTES = 64 * 1024  # of docProps/core.xml read for the deck's language
# Keep figures at full resolution: faster, and the presenter's PDF stays sharp. No outline
# (PowerPoint's PDFs have none either): a PDF whose changed pages were put into the previous
# one (splice.py) could not keep it right, and both ways must give the same PDF.
PDF_FILTER = ('pdf:impress_pdf_Export:{"ReduceImageResolution":{"type":"boolean","value":'
              '"false"},"ExportBookmarks":{"type":"boolean","value":"false"}}')
WARM_OPTIONS = ["ReduceImageResolution=false", "ExportBookmarks=false"]


def find_soffice() -> str | None:
    """Path of LibreOffice's soffice, from DECKGEN_SOFFICE or PATH."""
    explicit = os.environ.get("DECKGEN_SOFFICE")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in SOFFICE_NAMES:
        if found := shutil.which(name):
            return found
    return None


def require_soffice() -> str:
    """soffice's path, or an ExportError saying how to install LibreOffice."""
    soffice = find_soffice()
    if soffice is None:
        raise ExportError("LibreOffice (soffice) not found: install it with "
                          "`apt-get install libreoffice-impress-nogui`, or build with --no-pdf")
    return soffice


def export_pdf(pptx: Path, pdf: Path, timeout: float = DEFAULT_TIMEOUT,
               previous: bytes | None = None) -> Path:
    """Convert `pptx` to `pdf` (written atomically); raise ExportError with the fix.

    `previous`: this deck's PDF before the build. When it can, only the pages of slides that
    changed since are converted and put into it (splice.py); else the whole deck is.
    """
    soffice = require_soffice()
    keys: list[str] | None = None
    if previous is None:
        take_written(pptx)  # the deck the build just saved is not needed: free it now
    else:
        done = splice.splice(pptx, pdf, previous,
                             lambda deck, out: _to_pdf(soffice, deck, out, timeout, False))
        if done is True:
            return pdf
        keys = done or None
    splice.forget(pdf)
    _to_pdf(soffice, pptx, pdf, timeout)
    if keys is None:
        keys = splice.keys_of(pptx)
    if keys is not None:
        splice.remember(pdf, keys)
    return pdf


def _to_pdf(soffice: str, pptx: Path, pdf: Path, timeout: float, whole: bool = True) -> None:
    """The conversion of `pptx`: chunks of a `whole` deck side by side on the warm servers
    when two or more are ready, else through one warm server, else cold LibreOffices, side
    by side on chunks of a `whole` deck when it has the cores (chunks.py), else one."""
    with tempfile.TemporaryDirectory(prefix="deckgen-lo-") as tmp:
        produced = Path(tmp) / "out" / (pptx.stem + ".pdf")
        produced.parent.mkdir()
        used = _convert_warm(_warm_servers(soffice, whole), pptx, produced, timeout, whole)
        if not used and not (whole and chunks.convert(
                pptx, produced, lambda decks: _convert_side_by_side(soffice, decks, timeout),
                copy=splice.shorter_copy)):
            detail = _convert_cold(soffice, pptx, Path(tmp), timeout)
            if not _made(produced):
                raise ExportError(f"{pptx}: LibreOffice made no PDF ({detail or 'no message'}); "
                                  "the .pptx is kept")
        write_atomic(pdf, produced.read_bytes())
    pool.recycle(used)


def _warm_servers(soffice: str, whole: bool) -> list[server.ServerState]:
    """The warm servers ready for this conversion (the pool's for a `whole` deck, else slot
    0's); those it could use that do not run are started in the background for the next."""
    if not server.warm_enabled():
        return []
    count = pool.size() if whole else 1
    ready = pool.ready(count)
    if pool.missing(count) and supervise.start_in_background(soffice, count):
        if ready:
            log.info("starting %d more conversion servers for the next PDFs",
                     count - len(ready))
        else:
            log.info("starting the conversion server for the next PDFs; this one is "
                     "converted by a cold LibreOffice")
    elif not ready and server.running_server() is not None:
        log.info("the conversion server is still starting; converting cold this time")
    return ready


def _convert_warm(servers: list[server.ServerState], pptx: Path, produced: Path,
                  timeout: float, whole: bool) -> list[server.ServerState]:
    """Convert `pptx` into `produced` through the warm servers: a `whole` deck in chunks
    side by side when two or more are ready, else (or when that failed) in one piece through
    the first that can; the servers used, [] when none could."""
    if whole and len(servers) >= 2 and chunks.convert(
            pptx, produced, lambda decks: pool.convert_side_by_side(
                servers, decks, WARM_OPTIONS, timeout), len(servers), splice.shorter_copy):
        log.info("converted %s with %d warm servers side by side", pptx, len(servers))
        return servers
    for n, state in enumerate(servers, 1):
        if server.running_server(state.slot) is None:
            continue  # gone since (a chunk's conversion timed out, or it stopped)
        server.touch_used(state.slot)  # a long conversion is use too: the server is not idle
        try:
            server.convert_warm(state, pptx, produced, WARM_OPTIONS, timeout)
        except server.WarmUnavailable as exc:
            log.warning("conversion server failed (%s); using %s", exc,
                        "another" if n < len(servers) else "a cold LibreOffice")
            continue
        server.touch_used(state.slot)
        if _made(produced):
            log.info("converted %s with the warm server", pptx)
            return [state]
    return []


def pdf_is_stale(pptx: Path, pdf: Path) -> bool:
    """True when `pdf` is missing or older than `pptx` (the one rule for renewing a PDF)."""
    if not pdf.is_file():
        return True
    return pdf.stat().st_mtime_ns < pptx.stat().st_mtime_ns


def read_deck(pptx: Path) -> Any:
    """`pptx` opened with python-pptx, or an ExportError naming the file and the fix."""
    session = f" {pptx.parent.parent}" if pptx.parent.name == BUILD_DIR else ""
    try:
        return open_pptx(pptx)
    except PackageRefused as exc:
        raise ExportError(f"{pptx}: {exc}; build it anew with `deckgen build{session} "
                          "--fresh`") from None
    except Exception as exc:  # zip, XML or package errors: any broken or truncated file
        copies = kept_copies(pptx)
        restore = (f"restore {copies[-1]}" if copies else
                   f"restore a copy ({pptx.stem}.<timestamp>{pptx.suffix}) if you have one")
        raise ExportError(f"{pptx}: cannot be opened as a deck ({type(exc).__name__}); "
                          f"rebuild it with `deckgen build{session}`, or {restore}") from None


def renew_pdf(pptx: Path, pdf: Path, timeout: float = DEFAULT_TIMEOUT) -> bool:
    """Render `pdf` from `pptx` when it is stale; True when it was written.

    A deck python-pptx cannot open is refused first: LibreOffice would draw it as a blank
    page, and that would replace the PDF of the last good deck.
    """
    if not pdf_is_stale(pptx, pdf):
        return False
    read_deck(pptx)
    export_pdf(pptx, pdf, timeout, pdf.read_bytes() if pdf.is_file() else None)
    return True


def _made(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


def locale_env(pptx: Path) -> dict[str, str]:
    """LC_ALL and LANG for the deck's language (`dc:language` in docProps/core.xml, which
    the build writes): LibreOffice names its own locale as the PDF's language (/Lang), so
    a Japanese deck gets ja-JP whatever the machine's locale. {} when the deck names none."""
    try:
        with zipfile.ZipFile(pptx) as package, package.open("docProps/core.xml") as part:
            core = part.read(MAX_CORE_BYTES).decode("utf-8", "replace")  # never all of it
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return {}
    match = re.search(r"<dc:language>([A-Za-z]{2,3})-([A-Za-z]{2})</dc:language>", core)
    if match is None:
        return {}
    name = f"{match.group(1).lower()}_{match.group(2).upper()}.UTF-8"
    return {"LC_ALL": name, "LANG": name}


def _convert_cold(soffice: str, pptx: Path, tmp: Path, timeout: float) -> str:
    """Run one soffice with its own profile into `tmp/out`; return its last words.

    Its own temporary files (lu*.tmp) go into `tmp` too, so removing `tmp` removes every
    file the conversion made, even after LibreOffice was killed.
    """
    try:
        proc = _start_cold(soffice, pptx, tmp)
    except OSError as exc:
        raise ExportError(f"{soffice}: cannot run LibreOffice ({exc.strerror})") from None
    return _wait_cold(proc, pptx, timeout)


def _convert_side_by_side(soffice: str, pairs: Iterator[tuple[Path, Path]],
                          timeout: float) -> list[bytes]:
    """Convert each (deck, folder) with its own cold soffice (profile and files in its
    folder), all at once, each started as soon as its deck is made; their PDFs in order.
    Every soffice left running is killed on the way out."""
    procs: list[subprocess.Popen[str]] = []
    decks, folders = [], []
    try:
        for deck, folder in pairs:
            procs.append(_start_cold(soffice, deck, folder))
            decks.append(deck)
            folders.append(folder)
        deadline = time.monotonic() + timeout
        for proc, deck in zip(procs, decks, strict=True):
            _wait_cold(proc, deck, max(1.0, deadline - time.monotonic()))
    finally:
        for proc in procs:
            if proc.poll() is None:
                _kill_group(proc)
    return [(folder / "out" / f"{deck.stem}.pdf").read_bytes()
            for deck, folder in zip(decks, folders, strict=True)]


def _start_cold(soffice: str, pptx: Path, tmp: Path) -> subprocess.Popen[str]:
    cmd = [soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
           "--norestore", "--convert-to", PDF_FILTER, "--outdir", str(tmp / "out"), str(pptx)]
    scratch = tmp / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), **locale_env(pptx)}
    with deferred():  # a stop between fork and assignment would orphan LibreOffice
        return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True,
                                env=env)


def _wait_cold(proc: subprocess.Popen[str], pptx: Path, timeout: float) -> str:
    """Wait for a cold soffice; its last words. Killed, with everything it started, on a
    timeout, an error or a stop (Ctrl-C, SIGTERM, SIGHUP)."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ExportError(f"{pptx}: LibreOffice did not finish within {timeout:.0f} s and was "
                          "stopped; the .pptx is kept (try again, or --no-pdf)") from None
    except BaseException:
        _kill_group(proc)  # leave no soffice.bin behind
        raise
    return " ".join((err or out or "").split())[-300:]


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill soffice and everything it started (soffice.bin is a grandchild)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.communicate()
