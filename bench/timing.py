"""Timing a process for the benches: wall time, CPU time and peak memory, and the machine."""

from __future__ import annotations

import os
import platform
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path


@dataclass(frozen=True)
class Sample:
    """One timed process: wall and CPU seconds, peak RSS in MiB."""

    wall: float
    cpu: float
    rss_mib: float


def run_timed(command: Sequence[str], cwd: Path,
              env: Mapping[str, str] | None = None) -> tuple[Sample, str]:
    """Run `command` to completion; its wall time, CPU time and peak RSS, and its stderr.

    `os.wait4` reports the resource usage of exactly this child, with that of the children
    it waited for (LibreOffice, for a PDF): CPU time summed, and as peak RSS the largest of
    the processes (RUSAGE_CHILDREN would accumulate over every child so far).
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(command), cwd=cwd, stdout=subprocess.DEVNULL, stderr=err,
                                env=None if env is None else {**os.environ, **env})
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed (exit {proc.returncode}):\n{stderr}")
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(wall, cpu, usage.ru_maxrss / 1024), stderr  # ru_maxrss is in KiB on Linux


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    pandoc = subprocess.run(["pandoc", "--version"], capture_output=True, text=True, check=True)
    return {
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": cpu,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "python-pptx": metadata.version("python-pptx"),
        "deckgen": metadata.version("deckgen"),
        "pandoc": pandoc.stdout.splitlines()[0].removeprefix("pandoc ").strip(),
    }


