"""The warm server's supervisor and its starter, run as `python -m deckgen.pdf.supervise`.

`run IDLE -- CMD...` leads the server's process group: it runs unoserver (CMD) as its child
and stops the whole group once no conversion has used the server for IDLE seconds
(DECKGEN_SERVER_IDLE), so a server nobody uses does not stay. Its command line holds CMD,
which is how server.py recognises it; stopping the server stops it too.

`start SOFFICE` is what a build runs, detached, when it makes a PDF and a server it could
use does not run: it starts the servers of the pool (pool.py) that do not run, for the next
build, while the build converts without them, so no build waits for a start. One starter
runs at a time (it holds `starter.lock`). When no server can start (no Python with uno), it
says why in the state folder, and builds do not try again for a day.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

from deckgen.errors import ExportError
from deckgen.pdf import pool, server
from deckgen.pdf.procs import group_members, reaped, spawn_detached

GRACE = 10.0  # seconds LibreOffice gets to exit on SIGTERM before SIGKILL
UNAVAILABLE_FILE = "unavailable"  # in the state folder: why the server could not start
RETRY_AFTER = 86400.0  # seconds before builds try to start a server that could not start


def autostart() -> bool:
    """Whether a build starts the server when none runs: not with DECKGEN_SERVER=off (cold
    only) or manual (only a server started with `deckgen pdf-server start` is used)."""
    return server.warm_enabled() and \
        os.environ.get(server.ENV_SWITCH, "").strip().lower() != "manual"


def start_in_background(soffice: str, count: int = 1) -> bool:
    """Start `count` servers (slots 0..count-1) for the next build, detached, without waiting;
    False when they are not to be started (switched off, they could not start within the last
    day, or a starter is at it already). A build converting only its changed pages asks for
    one: the others would sit idle, holding memory, until they stop by themselves."""
    if not autostart():
        return False
    marker = server.state_dir() / UNAVAILABLE_FILE
    try:
        if time.time() - marker.stat().st_mtime < RETRY_AFTER:
            return False
    except OSError:
        pass
    folder = server.state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _STARTERS[:] = [pid for pid in _STARTERS if not reaped(pid)]
    try:
        with _starter_lock(wait=False) as note:
            if pool.starter() is not None:
                return False  # spawned, not yet at work
            # its pid noted before it runs, so a stop finds it from now on
            note(spawn_detached([sys.executable, "-m", "deckgen.pdf.supervise", "start",
                                 soffice, str(count)], folder / server.LOG_FILE))
    except BlockingIOError:
        return False  # a starter runs
    return True


_STARTERS: list[int] = []  # started by this process, reaped when done


@contextlib.contextmanager
def _starter_lock(wait: bool = True) -> Iterator[Callable[[int], None]]:
    """Held by the starter while it runs, the starter's pid in it (`pool.stop_starter`);
    BlockingIOError without `wait` when another holds it. Yields what notes the pid."""

    def note(pid: int) -> None:
        handle.truncate(0)
        handle.write(f"{pid}\n")
        handle.flush()
        if pid != os.getpid():
            _STARTERS.append(pid)

    with open(server.state_dir() / pool.STARTER_LOCK, "a+", encoding="ascii") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        yield note


def note_unavailable(reason: str) -> None:
    """Say in the state folder why the server cannot start (builds wait a day to retry)."""
    folder = server.state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / UNAVAILABLE_FILE).write_text(reason + "\n", encoding="utf-8")
    print(f"deckgen: the conversion server cannot start: {reason}", file=sys.stderr,
          flush=True)


def supervise(idle: float, cmd: list[str], slot: int = 0) -> int:
    """Run `cmd` until it exits, or until the server in `slot`, once it answered, was idle
    for `idle` seconds (a server still starting is not idle)."""
    child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    check = max(0.5, min(30.0, idle / 4))
    answered = False
    started = time.monotonic()
    while True:
        try:
            return child.wait(timeout=check)
        except subprocess.TimeoutExpired:
            pass
        state = server.running_server(slot)
        if (state is None or state.pid != os.getpid()) and time.monotonic() - started > 10:
            # its state file is gone or names another: no stop could find this server
            print(f"deckgen: the conversion server {os.getpid()} is not in its state file; "
                  "stopping it", file=sys.stderr, flush=True)
            _stop_group(child)
            return 0
        status = server.server_status(5.0, slot)
        busy = status.detail.startswith("busy")
        if not answered and (status.ready or busy):
            answered = True
            server.touch_used(slot)  # idle from its first answer on
            continue
        if answered and not busy and server.idle_for(slot) >= idle:
            name = f" {slot}" if slot else ""
            print(f"deckgen: the conversion server{name} was idle for {idle:.0f} s; stopping "
                  "it", file=sys.stderr, flush=True)
            server.forget_if(os.getpid(), slot)
            _stop_group(child)
            return 0


def _stop_group(child: subprocess.Popen) -> None:
    """SIGTERM the rest of this process group, SIGKILL what is left after GRACE seconds."""
    group = os.getpgrp()
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    os.killpg(group, signal.SIGTERM)
    deadline = time.monotonic() + GRACE
    while time.monotonic() < deadline and any(
            p.pid != os.getpid() for p in group_members(group)):
        child.poll()
        time.sleep(0.1)
    others = [p.pid for p in group_members(group) if p.pid != os.getpid()]
    for pid in others:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    child.poll()


def start(soffice: str, count: int | None = None) -> int:
    """Start the servers of slots 0..count-1 (default: the pool's) that do not run; note in
    the state folder why none can."""
    if server.find_uno_python() is None:
        note_unavailable("no Python with LibreOffice's uno and unoserver")
        return 1
    server.state_dir().mkdir(parents=True, exist_ok=True)
    try:
        with _starter_lock() as note:
            note(os.getpid())
            pool.start_all(soffice, count)
    except ExportError as exc:
        note_unavailable(exc.message)
        return 1
    return 0


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "run" and argv[2] == "--":
        return supervise(float(argv[1]), argv[3:])
    if len(argv) >= 4 and argv[0] == "run" and argv[3] == "--":
        return supervise(float(argv[1]), argv[4:], int(argv[2]))
    if len(argv) in (2, 3) and argv[0] == "start":
        count = argv[2] if len(argv) == 3 else ""
        return start(argv[1], max(1, min(int(count), pool.size())) if count.isdigit() else None)
    print("usage: python -m deckgen.pdf.supervise run IDLE [SLOT] -- CMD... "
          "| start SOFFICE [COUNT]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
