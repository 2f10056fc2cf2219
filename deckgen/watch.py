"""watch_session(): build a session again whenever the presenter changes one of its files.

What is watched: session.yaml, translations.yaml and everything under figures/ (not the
lock, not build/). File events come from watchfiles (the operating system's notifications,
debounced), so nothing polls. A build writes into those same files (fetched figures,
DeepL's translations), so after each build the files' contents are remembered, and a batch
of events that leaves them as they were (the build's own writes) builds nothing. deckgen
never writes session.yaml, so a save of it during a build is built next.
"""

from __future__ import annotations

import gc
import hashlib
import threading
from collections.abc import Callable
from pathlib import Path

from deckgen.session.store import FIGURES_DIR
from deckgen.session.validate import SESSION_FILE

TRANSLATIONS_FILE = "translations.yaml"
DEBOUNCE_MS = 400  # an editor's save is often several events: wait for the last one


def watched(session_dir: Path, path: Path) -> bool:
    """True for a file whose change means a new build: session.yaml, translations.yaml, a
    file under figures/ (temporary files deckgen or an editor writes are not)."""
    try:
        relative = path.resolve().relative_to(session_dir.resolve())
    except ValueError:
        return False
    if any(part.startswith(".") or part.endswith(("~", ".tmp", ".swp"))
           for part in relative.parts):
        return False
    return str(relative) in (SESSION_FILE, TRANSLATIONS_FILE) or (
        len(relative.parts) > 1 and relative.parts[0] == FIGURES_DIR)


def fingerprint(session_dir: Path) -> dict[str, str]:
    """The contents of every watched file, by path, as hashes."""
    out: dict[str, str] = {}
    candidates = [session_dir / SESSION_FILE, session_dir / TRANSLATIONS_FILE]
    figures = session_dir / FIGURES_DIR
    if figures.is_dir():
        candidates += sorted(p for p in figures.rglob("*") if p.is_file())
    for path in candidates:
        if not watched(session_dir, path):
            continue
        try:
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:  # gone or unreadable between the listing and the read
            continue
    return out


# Set from another thread to end a watch that was given no `stop` of its own (the tests
# end `deckgen watch` this way; a presenter presses Ctrl-C).
stopping = threading.Event()


def watch_session(session_dir: Path, rebuild: Callable[[], None], *,
                  stop: threading.Event | None = None,
                  debounce_ms: int = DEBOUNCE_MS) -> None:
    """Call `rebuild()` now, then after each change to a watched file, until `stop` (else
    `stopping`) is set, or Ctrl-C, which reaches the caller as KeyboardInterrupt."""
    from watchfiles import watch  # a compiled extension: loaded only for `deckgen watch`

    if stop is None:
        stop = stopping
        stop.clear()

    last = _build(session_dir, rebuild)
    listening = False
    for changes in watch(session_dir, watch_filter=lambda _c, p: watched(session_dir, Path(p)),
                         debounce=debounce_ms, step=50, stop_event=stop,
                         rust_timeout=500, yield_on_timeout=True):
        if not changes:  # no event for half a second
            if listening:
                continue
            # the first time: the watcher runs from now on, and a save that landed after the
            # first build but before it listened sent no event; the files say whether one did
            listening = True
        if fingerprint(session_dir) == last:  # the build's own writes, or a save unchanged
            continue
        last = _build(session_dir, rebuild)


def _build(session_dir: Path, rebuild: Callable[[], None]) -> dict[str, str]:
    """Run `rebuild` and return the fingerprint to compare the next changes with: the files
    as the build left them, but session.yaml as it was before (deckgen never writes it,
    so a save while the build ran is a change still to build)."""
    # a build's decks are reference cycles, and a command collects them seldom (cli.py): a
    # watch that builds for hours frees the last build's as the next begins (not as it ends:
    # that would be time between the build and the watch for changes going on)
    gc.collect()
    spec = str(session_dir / SESSION_FILE)
    before = fingerprint(session_dir).get(spec)
    rebuild()
    after = fingerprint(session_dir)
    if before is None:
        after.pop(spec, None)
    else:
        after[spec] = before
    return after
