"""Warm servers side by side: a whole deck is cut into chunks (chunks.py), each converted by
a warm server of its own at the same time, and the pages joined.

Each server is a slot of server.py (its own port, LibreOffice profile and state file), started
by the background starter (supervise.py) or `deckgen pdf-server start`, stopped by its own
supervisor once idle, restarted above DECKGEN_SERVER_MAX_MB. How many: DECKGEN_PDF_JOBS when
set (1: the single server, as before), else the cores this process may use, at most
MAX_SERVERS, and at most as many as fit in MEMORY_SHARE of the memory at their restart limit
(each LibreOffice grows from about 0.4 GB to over 1 GB).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from deckgen.errors import ExportError
from deckgen.pdf import server
from deckgen.pdf.procs import alive, kill_group
from deckgen.pdf.server import ServerState, ServerStatus

log = logging.getLogger(__name__)

ENV_JOBS = "DECKGEN_PDF_JOBS"
MAX_SERVERS = 8  # past this, a chunk's fixed cost (copy, start of its pages) outweighs it
MEMORY_SHARE = 0.5  # of the machine's memory the servers may take at their restart limit
MEMINFO = Path("/proc/meminfo")
STARTER_LOCK = "starter.lock"  # held by the background starter (supervise.py), its pid in it


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def memory_mb() -> float | None:
    """The machine's memory in MiB (MemTotal), None when /proc does not say."""
    try:
        with MEMINFO.open(encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def size() -> int:
    """How many warm servers a whole conversion uses (see the module's docstring)."""
    count = cores()
    value = os.environ.get(ENV_JOBS, "").strip()
    if value:
        try:
            count = int(value)
        except ValueError:
            log.warning("%s=%r is not a number; using the cores", ENV_JOBS, value)
    # DECKGEN_PDF_JOBS too: each server may grow to DECKGEN_SERVER_MAX_MB and idles for minutes
    count = min(count, MAX_SERVERS)
    memory = memory_mb()
    if memory is not None:
        count = min(count, int(memory * MEMORY_SHARE // server.max_rss_mb()))
    return max(1, count)


def known_slots() -> list[int]:
    """Slot 0 and every slot with a state file in the state folder."""
    slots = {0}
    pattern = re.compile(r"server(?:-(\d+))?\.json")
    try:
        for entry in server.state_dir().iterdir():
            if match := pattern.fullmatch(entry.name):
                slots.add(int(match.group(1) or 0))
    except OSError:
        pass
    return sorted(slots)


def ready(count: int) -> list[ServerState]:
    """The servers of slots 0..count-1 that run and are no longer starting."""
    found = (server.running_server(slot) for slot in range(count))
    return [state for state in found if state is not None and not server.starting(state)]


def missing(count: int) -> list[int]:
    """Slots 0..count-1 with no server running (a server still starting runs)."""
    return [slot for slot in range(count) if server.running_server(slot) is None]


def start_all(soffice: str, count: int | None = None) -> list[ServerState]:
    """Start the servers of slots 0..count-1 that do not run (slot 0 first, the others at once
    after it); those running. Raises ExportError when slot 0's cannot start; another that
    cannot is left out, with a warning."""
    count = size() if count is None else count
    first = server.start_server(soffice, slot=0)
    if count < 2:
        return [first]
    with ThreadPoolExecutor(count - 1) as threads:
        futures = [threads.submit(server.start_server, soffice, slot=slot)
                   for slot in range(1, count)]
    states = [first]
    for slot, future in enumerate(futures, 1):
        try:
            states.append(future.result())
        except ExportError as exc:
            log.warning("conversion server %d of %d did not start (%s); whole PDFs use the "
                        "others", slot + 1, count, exc.message)
    return states


def starter() -> int | None:
    """The pid of the background starter (supervise.py) when one runs."""
    try:
        pid = int((server.state_dir() / STARTER_LOCK).read_text(encoding="ascii").strip())
        ours = b"deckgen.pdf.supervise\x00start" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return None
    return pid if ours and alive(pid) else None


def stop_starter() -> None:
    """Stop the background starter, if one runs, so it starts no server after a stop."""
    if (pid := starter()) is not None:
        kill_group(pid, grace=2.0)


def stop_all() -> int:
    """Stop the starter, then every server with a state file (all at once); how many
    servers were running."""
    stop_starter()
    slots = known_slots()
    with ThreadPoolExecutor(len(slots)) as threads:
        return sum(threads.map(server.stop_server, slots))


def statuses() -> list[ServerStatus]:
    """Each known slot's server as seen now, slot 0 first."""
    return [server.server_status(slot=slot) for slot in known_slots()]


def convert_side_by_side(states: list[ServerState], pairs: Iterable[tuple[Path, Path]],
                         options: list[str], timeout: float) -> list[bytes]:
    """Convert each (deck, folder) with a server of its own, all at once; their PDFs, in
    order. A deck is handed over as soon as it is made, while the next one is made."""
    outs: list[Path] = []
    failed: list[BaseException] = []
    threads = []

    def convert(state: ServerState, deck: Path, out: Path) -> None:
        try:
            server.convert_warm(state, deck, out, options, timeout)
        except BaseException as exc:  # raised below, in the caller's thread
            failed.append(exc)

    for state, (deck, folder) in zip(states, pairs, strict=False):  # maybe fewer chunks
        server.touch_used(state.slot)  # a long conversion is use too
        outs.append(folder / f"{deck.stem}.pdf")
        # daemon threads, not an executor's: Ctrl-C leaves at once instead of waiting for
        # every server's answer (the servers finish on their own and stay warm)
        threads.append(threading.Thread(target=convert, args=(state, deck, outs[-1]),
                                        name="deckgen-warm", daemon=True))
        threads[-1].start()
    for thread in threads:
        while thread.is_alive():  # in steps: a Ctrl-C is taken between them
            thread.join(0.2)
    if failed:
        raise failed[0]
    for state in states[:len(outs)]:
        server.touch_used(state.slot)
    return [out.read_bytes() for out in outs]


def recycle(states: list[ServerState]) -> None:
    """Restart the servers that grew past DECKGEN_SERVER_MAX_MB, all at once."""
    if len(states) == 1:
        server.recycle_if_bloated(states[0])
    elif states:
        with ThreadPoolExecutor(len(states)) as threads:
            list(threads.map(server.recycle_if_bloated, states))
