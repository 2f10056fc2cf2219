"""The warm server's supervisor and its starter, run as `python -m deckgen.pdf.supervise`.

`run IDLE -- CMD...` leads the server's process group: it runs unoserver (CMD) as its child
and stops the whole group once no conversion has used the server for IDLE seconds
(DECKGEN_SERVER_IDLE), so a server nobody uses does not stay. Its command line holds CMD,
which is how server.py recognises it; stopping the server stops it too.

`start SOFFICE` is what a build runs, detached, when it makes a PDF and no server runs: it
starts the server for the next build while the build converts with a cold LibreOffice, so
no build waits for a start. When the server cannot start (no Python with uno), it says why
in the state folder, and builds do not try again for a day.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from deckgen.errors import ExportError
from deckgen.pdf import server
from deckgen.pdf.procs import group_members, reaped, spawn_detached

GRACE = 10.0  # seconds LibreOffice gets to exit on SIGTERM before SIGKILL
UNAVAILABLE_FILE = "unavailable"  # in the state folder: why the server could not start
RETRY_AFTER = 86400.0  # seconds before builds try to start a server that could not start


def autostart() -> bool:
    """Whether a build starts the server when none runs: not with DECKGEN_SERVER=off (cold
    only) or manual (only a server started with `deckgen pdf-server start` is used)."""
    return server.warm_enabled() and \
        os.environ.get(server.ENV_SWITCH, "").strip().lower() != "manual"


def start_in_background(soffice: str) -> bool:
    """Start the server for the next build, detached, without waiting; False when it is not
    to be started (switched off, or it could not start within the last day)."""
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
    _STARTERS.append(spawn_detached(
        [sys.executable, "-m", "deckgen.pdf.supervise", "start", soffice],
        folder / server.LOG_FILE))
    return True


_STARTERS: list[int] = []  # started by this process, reaped when done



def note_unavailable(reason: str) -> None:
    """Say in the state folder why the server cannot start (builds wait a day to retry)."""
    folder = server.state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / UNAVAILABLE_FILE).write_text(reason + "\n", encoding="utf-8")
    print(f"deckgen: the conversion server cannot start: {reason}", file=sys.stderr,
          flush=True)


def supervise(idle: float, cmd: list[str]) -> int:
    """Run `cmd` until it exits, or until the server, once it answered, was idle for `idle`
    seconds (a server still starting is not idle)."""
    child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    check = max(0.5, min(30.0, idle / 4))
    answered = False
    while True:
        try:
            return child.wait(timeout=check)
        except subprocess.TimeoutExpired:
            pass
        status = server.server_status(5.0)
        busy = status.detail.startswith("busy")
        if not answered and (status.ready or busy):
            answered = True
            server.touch_used()  # idle from its first answer on
            continue
        if answered and not busy and server.idle_for() >= idle:
            print(f"deckgen: the conversion server was idle for {idle:.0f} s; stopping it",
                  file=sys.stderr, flush=True)
            server.forget_if(os.getpid())
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


def start(soffice: str) -> int:
    """Start the server (unless one runs); note in the state folder why it cannot start."""
    if server.find_uno_python() is None:
        note_unavailable("no Python with LibreOffice's uno and unoserver")
        return 1
    try:
        server.start_server(soffice)
    except ExportError as exc:
        note_unavailable(exc.message)
        return 1
    return 0


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "run" and argv[2] == "--":
        return supervise(float(argv[1]), argv[3:])
    if len(argv) == 2 and argv[0] == "start":
        return start(argv[1])
    print("usage: python -m deckgen.pdf.supervise run IDLE -- CMD... | start SOFFICE",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
