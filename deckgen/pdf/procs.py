"""Processes: what /proc says about them (one reader for the warm server and the cold
converter), and starting one detached that outlives the build."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class ProcStat:
    """The fields of /proc/<pid>/stat deckgen uses."""

    pid: int
    state: str  # "R", "S", "Z" (zombie), ...
    pgid: int

    @property
    def alive(self) -> bool:
        return self.state != "Z"


def read_stat(pid: int) -> ProcStat | None:
    """/proc/<pid>/stat, or None when the process is gone or unreadable."""
    try:
        # the command name may hold spaces and parentheses: split after its closing ")"
        fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
        return ProcStat(pid, fields[0], int(fields[2]))
    except (OSError, ValueError, IndexError):
        return None


def group_members(pgid: int) -> Iterator[ProcStat]:
    """Every live (non-zombie) process of process group `pgid`."""
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (stat := read_stat(int(entry.name))):
            if stat.pgid == pgid and stat.alive:
                yield stat


def rss_kb(pid: int) -> int:
    """Resident memory of `pid` in KiB (0 when gone)."""
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def spawn_detached(argv: list[str], log: Path) -> int:
    """Start `argv` in a session of its own, stdin from /dev/null, stdout and stderr appended
    to `log`; its pid. A build does not wait for it, and os.posix_spawn leaves no Popen
    behind to warn, at the build's exit, that a process it started still runs."""
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        return os.posix_spawn(argv[0], argv, os.environ, setsid=True, file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, fd, 1),
            (os.POSIX_SPAWN_DUP2, fd, 2),
        ])
    finally:
        os.close(fd)


def reaped(pid: int) -> bool:
    """Whether a process this one started has ended; it is reaped then (no zombie)."""
    return exit_code(pid) is not None


def exit_code(pid: int) -> int | None:
    """The exit code of a process this one started, once it has ended (reaping it), else
    None; -N for a signal N, as subprocess says it. A pid not ours (or reaped) counts as 0."""
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return 0
    return os.waitstatus_to_exitcode(status) if done else None


def alive(pid: int) -> bool:
    """True when `pid` runs and is not a zombie."""
    stat = read_stat(pid)
    return stat is not None and stat.alive


def group_alive(pgid: int) -> bool:
    return any(True for _ in group_members(pgid))


def group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in the process group `pgid`, in MiB."""
    return sum(rss_kb(p.pid) for p in group_members(pgid)) / 1024


# process groups this process started (warm servers): reaped on stop, never left as zombies
CHILDREN: set[int] = set()


def kill_group(pgid: int, grace: float = 10.0) -> None:
    """SIGTERM the whole process group, then SIGKILL what is left after `grace` seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except (ProcessLookupError, PermissionError):
            break
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and group_alive(pgid):
            if pgid in CHILDREN:
                exit_code(pgid)  # reap it, or it lingers as a zombie in its group
            time.sleep(0.1)
        if not group_alive(pgid):
            break
    if pgid in CHILDREN:
        CHILDREN.discard(pgid)
        deadline = time.monotonic() + 5
        while exit_code(pgid) is None and time.monotonic() < deadline:
            time.sleep(0.05)
