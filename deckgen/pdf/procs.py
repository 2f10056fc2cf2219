"""What /proc says about processes: one reader for the warm server and the cold converter."""

from __future__ import annotations

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
