"""A warm LibreOffice conversion server (unoserver) that `deckgen build` reuses for the PDF.

unoserver's server needs a Python that can `import uno` (Debian's python3 with python3-uno);
deckgen's own environment usually cannot, so the server runs under a separate interpreter
(`.venv-uno`, made by scripts/setup.sh) and deckgen talks to it over XML-RPC on 127.0.0.1.

The server is started on request (`deckgen pdf-server start`), or by the first build that
makes a PDF (supervise.py), in its own process group led by deckgen's supervisor, so stopping
it (or a timeout) kills LibreOffice with it, and it stops by itself once idle for
DECKGEN_SERVER_IDLE seconds. Its state lives in one JSON file in the state folder
(DECKGEN_SERVER_DIR, default ~/.cache/deckgen/server). Several servers can run side by side
(pool.py), each in a slot of its own: slot 0 is `server.json`, `profile` and `last-used`,
slot n `server-n.json`, `profile-n` and `last-used-n`; they share the log.
"""

from __future__ import annotations

import contextlib
import fcntl
import http.client
import json
import logging
import os
import socket
import subprocess
import sys
import time
import xmlrpc.client
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from deckgen.errors import ExportError
from deckgen.pdf.procs import (
    CHILDREN,
    alive,
    exit_code,
    group_rss_mb,
    kill_group,
    spawn_detached,
)
from deckgen.session.store import write_atomic

log = logging.getLogger(__name__)

STATE_FILE = "server.json"
LOG_FILE = "server.log"
DEFAULT_MAX_MB = 1200  # measured: 0.4-0.5 GB fresh, 1.1 GB after ~45 conversions
READY_TIMEOUT = 60.0
ENV_DIR = "DECKGEN_SERVER_DIR"
ENV_PYTHON = "DECKGEN_UNO_PYTHON"
ENV_MAX_MB = "DECKGEN_SERVER_MAX_MB"
ENV_SWITCH = "DECKGEN_SERVER"  # "off": never warm; "manual": never started by a build
ENV_IDLE = "DECKGEN_SERVER_IDLE"
DEFAULT_IDLE = 900.0  # seconds without a conversion after which the server stops itself
USED_FILE = "last-used"
# unoserver's server loading documents hidden (a quarter faster a conversion; see the file), run
# by path with -I: nothing of the folder it is in, or of the environment, on its import path
HIDDEN_SERVER = Path(__file__).with_name("unoserver_hidden.py")


class WarmUnavailable(Exception):
    """The warm server could not convert; the caller falls back to a cold soffice."""


@dataclass(frozen=True)
class ServerState:
    """What `deckgen pdf-server start` started: the process group leader and where it listens."""

    pid: int
    port: int
    uno_port: int
    python: str
    soffice: str
    started: float
    slot: int = 0


@dataclass(frozen=True)
class ServerStatus:
    """The warm server as seen now."""

    state: ServerState | None
    ready: bool
    rss_mb: float
    libreoffice: str | None
    detail: str


def state_dir() -> Path:
    """The folder holding the server's state file, log and LibreOffice profile."""
    explicit = os.environ.get(ENV_DIR)
    if explicit:
        return Path(explicit)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "deckgen" / "server"


def warm_enabled() -> bool:
    """False when DECKGEN_SERVER=off asks builds to use a cold soffice only."""
    return os.environ.get(ENV_SWITCH, "").strip().lower() not in ("off", "0", "no", "false")


def idle_limit() -> float:
    """Seconds without a conversion after which the server stops (DECKGEN_SERVER_IDLE)."""
    try:
        return max(1.0, float(os.environ.get(ENV_IDLE, DEFAULT_IDLE)))
    except ValueError:
        return DEFAULT_IDLE


def _in_slot(name: str, slot: int) -> str:
    """The name of a slot's file: `name` for slot 0, `name-n` (before the suffix) for n."""
    if slot == 0:
        return name
    stem, dot, suffix = name.partition(".")
    return f"{stem}-{slot}{dot}{suffix}"


def state_path(slot: int = 0) -> Path:
    return state_dir() / _in_slot(STATE_FILE, slot)


def touch_used(slot: int = 0) -> None:
    """Note that the server was used now (the supervisor stops it when this gets old)."""
    with contextlib.suppress(OSError):
        (state_dir() / _in_slot(USED_FILE, slot)).touch()


def idle_for(slot: int = 0) -> float:
    """Seconds since the server started or last converted."""
    state = _read_state(slot)
    last = state.started if state is not None else 0.0
    with contextlib.suppress(OSError):
        last = max(last, (state_dir() / _in_slot(USED_FILE, slot)).stat().st_mtime)
    return time.time() - last


def max_rss_mb() -> float:
    """Memory (MiB, whole process group) past which the server is restarted after a build."""
    try:
        return float(os.environ.get(ENV_MAX_MB, DEFAULT_MAX_MB))
    except ValueError:
        return float(DEFAULT_MAX_MB)


def uno_python_candidates() -> list[Path]:
    """Interpreters that may run unoserver, in order of preference."""
    explicit = os.environ.get(ENV_PYTHON)
    if explicit:
        return [Path(explicit)]
    # setup.sh puts .venv-uno beside the .venv that deckgen runs from
    return [Path(sys.prefix).parent / ".venv-uno" / "bin" / "python", Path("/usr/bin/python3")]


def find_uno_python() -> str | None:
    """An interpreter that can import both `uno` and `unoserver`, or None."""
    for candidate in uno_python_candidates():
        if not candidate.exists():
            continue
        probe = subprocess.run([str(candidate), "-c", "import uno, unoserver.server"],
                               capture_output=True, stdin=subprocess.DEVNULL, timeout=30)
        if probe.returncode == 0:
            return str(candidate)
    return None


def _read_state(slot: int = 0) -> ServerState | None:
    try:
        data = json.loads(state_path(slot).read_text(encoding="utf-8"))
        return ServerState(**{**data, "slot": slot})
    except (OSError, ValueError, TypeError):
        return None


def _is_our_server(pid: int) -> bool:
    """True when `pid` is alive and is an unoserver: a state file outlives a reboot, and its
    pid may since belong to another program, which must never be stopped."""
    if not alive(pid):
        return False
    try:
        return b"unoserver" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _port_open(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:`port` (a busy server still does)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def starting(state: ServerState) -> bool:
    """Whether the server is still starting: not listening yet, and started lately."""
    return time.time() - state.started < READY_TIMEOUT and not _port_open(state.port)


class _TimeoutTransport(xmlrpc.client.Transport):
    """XML-RPC over HTTP with a socket timeout (the stdlib transport has none)."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host):  # type: ignore[no-untyped-def]
        conn = super().make_connection(host)
        conn.timeout = self._timeout
        return conn


def _proxy(state: ServerState, timeout: float) -> xmlrpc.client.ServerProxy:
    return xmlrpc.client.ServerProxy(f"http://127.0.0.1:{state.port}",
                                     transport=_TimeoutTransport(timeout), allow_none=True)


_RPC_ERRORS = (OSError, xmlrpc.client.Error, http.client.HTTPException)


def _info(state: ServerState, timeout: float) -> dict | None:
    try:
        return _proxy(state, timeout).info()  # type: ignore[return-value]
    except _RPC_ERRORS:
        return None


def server_status(timeout: float = 5.0, slot: int = 0) -> ServerStatus:
    """Whether a server started by `deckgen pdf-server start` is running and answering."""
    state = _read_state(slot)
    if state is None:
        return ServerStatus(None, False, 0.0, None, "not running")
    if not _is_our_server(state.pid):
        return ServerStatus(state, False, 0.0, None, "not running (stale state file)")
    info = _info(state, timeout)
    rss = group_rss_mb(state.pid)
    if info is None and _port_open(state.port):  # unoserver answers one call at a time
        return ServerStatus(state, False, rss, None, f"busy converting on 127.0.0.1:"
                            f"{state.port} (process {state.pid}); try again in a moment")
    if info is None:
        return ServerStatus(state, False, rss, None, f"process {state.pid} runs but does not "
                            f"answer on 127.0.0.1:{state.port}")
    return ServerStatus(state, True, rss, str(info.get("libreoffice_version") or "?"),
                        f"ready on 127.0.0.1:{state.port}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _start_lock(slot: int) -> Iterator[None]:
    """One start of a slot's server at a time, so two never race to start two servers."""
    folder = state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / _in_slot("start.lock", slot), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def unoserver_command(python: str, soffice: str, port: int, uno_port: int,
                      profile: Path) -> list[str]:
    """unoserver's server (HIDDEN_SERVER) on 127.0.0.1; its command line names unoserver,
    which is how `_is_our_server` knows it."""
    return [python, "-I", str(HIDDEN_SERVER), "--interface", "127.0.0.1", "--uno-interface",
            "127.0.0.1", "--port", str(port), "--uno-port", str(uno_port), "--executable",
            soffice, "--user-installation", str(profile), "--conversion-timeout", "600",
            "--quiet"]


def start_server(soffice: str, timeout: float = READY_TIMEOUT, slot: int = 0) -> ServerState:
    """Start unoserver on 127.0.0.1 in `slot` (unless one runs); return once it answers."""
    with _start_lock(slot):
        status = server_status(slot=slot)
        if status.ready and status.state is not None:
            return status.state
        if status.state is not None and status.detail.startswith("busy"):
            return status.state  # a healthy server in the middle of a conversion
        if status.state is not None and _is_our_server(status.state.pid):
            kill_group(status.state.pid)
        python = find_uno_python()
        if python is None:
            raise ExportError("no Python with LibreOffice's `uno` module and unoserver found "
                              f"(tried {', '.join(map(str, uno_python_candidates()))}): run "
                              "`bash scripts/setup.sh`, or set DECKGEN_UNO_PYTHON")
        folder = state_dir()
        port, uno_port = _free_port(), _free_port()
        while uno_port == port:
            uno_port = _free_port()
        # led by deckgen's supervisor, which stops the group once the server is idle
        cmd = [sys.executable, "-m", "deckgen.pdf.supervise", "run", str(idle_limit()),
               str(slot), "--", *unoserver_command(python, soffice, port, uno_port,
                                                   folder / _in_slot("profile", slot))]
        # its own session: the server outlives this command, and a stop kills the group
        pid = spawn_detached(cmd, folder / LOG_FILE)
        CHILDREN.add(pid)
        state = ServerState(pid, port, uno_port, python, soffice, time.time(), slot)
        write_atomic(state_path(slot), json.dumps(asdict(state)).encode("utf-8"))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (code := exit_code(pid)) is not None:
                CHILDREN.discard(pid)
                _forget(slot)
                raise ExportError(f"the conversion server exited at start (code "
                                  f"{code}); see {folder / LOG_FILE}")
            if _info(state, 2.0) is not None:
                touch_used(slot)  # idle from now on
                log.info("conversion server ready on 127.0.0.1:%d (pid %d)", port, pid)
                return state
            time.sleep(0.5)
        kill_group(pid)
        _forget(slot)
        raise ExportError(f"the conversion server did not answer within {timeout:.0f} s and "
                          f"was stopped; see {folder / LOG_FILE}")


def _forget(slot: int = 0) -> None:
    state_path(slot).unlink(missing_ok=True)


def forget_if(pid: int, slot: int = 0) -> None:
    """Remove the state file when it still names the server led by `pid`."""
    state = _read_state(slot)
    if state is not None and state.pid == pid:
        _forget(slot)


def stop_server(slot: int = 0) -> bool:
    """Stop the server and its LibreOffice; True when one was running."""
    state = _read_state(slot)
    if state is None:
        return False
    running = _is_our_server(state.pid)
    if running:
        kill_group(state.pid)
    _forget(slot)
    return running


def running_server(slot: int = 0) -> ServerState | None:
    """The server's state when its process is alive (not yet proven to answer)."""
    state = _read_state(slot)
    return state if state is not None and _is_our_server(state.pid) else None


def convert_warm(state: ServerState, pptx: Path, pdf: Path, options: list[str],
                 timeout: float) -> None:
    """Convert through the warm server into `pdf`.

    Raises WarmUnavailable when the server cannot be used (the caller converts cold) and
    ExportError when the conversion timed out (the server is stopped: it may be stuck).
    """
    proxy = _proxy(state, timeout)
    try:
        # update_index=False: a deck has no indexes to refresh, and it saves a pass
        proxy.convert(str(pptx.resolve()), None, str(pdf.resolve()), None, "impress_pdf_Export",
                      options, False)
    except TimeoutError:
        kill_group(state.pid)
        _forget(state.slot)
        raise ExportError(f"{pptx}: the conversion server did not finish within {timeout:.0f} s "
                          "and was stopped; the .pptx is kept (try again, or --no-pdf)") from None
    except _RPC_ERRORS as exc:
        raise WarmUnavailable(" ".join(str(exc).split())[-200:]) from None


def recycle_if_bloated(state: ServerState, limit_mb: float | None = None) -> bool:
    """Restart the server when its memory passed the limit; True when it was restarted."""
    limit = max_rss_mb() if limit_mb is None else limit_mb
    rss = group_rss_mb(state.pid)
    if rss <= limit:
        return False
    log.info("conversion server uses %.0f MiB (limit %.0f): restarting it", rss, limit)
    stop_server(state.slot)
    try:
        start_server(state.soffice, slot=state.slot)
    except ExportError as exc:
        log.warning("conversion server not restarted: %s", exc)
    return True
