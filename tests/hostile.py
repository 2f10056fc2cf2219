"""Run deckgen on hostile input in a child process, under a memory limit and a timeout.

A limit that regresses then fails the test (MemoryError, a timeout) instead of taking the
machine down with it. Each case asserts the exit code and the one line the presenter reads:
it names the file, field or id and the fix, with no traceback and no "internal error".
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import deckgen

MEMORY_LIMIT = 1024**3  # bytes of address space: 1 GiB
TIMEOUT = 30  # seconds

# the deckgen under test, also when the suite runs against another checkout
ROOT = Path(deckgen.__file__).resolve().parent.parent

_LAUNCH = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
sys.argv[0] = "deckgen"
from deckgen.cli import main
main()
"""


@dataclass(frozen=True)
class Outcome:
    """How the child ended: exit code, its output, and how long it took."""

    code: int
    stdout: str
    stderr: str
    seconds: float


def run_limited(*args: str, timeout: float = TIMEOUT) -> Outcome:
    """`deckgen ARGS...` in a child process limited to MEMORY_LIMIT and `timeout` seconds."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _LAUNCH.format(limit=MEMORY_LIMIT), *args],
                          capture_output=True, text=True, timeout=timeout, env=env)
    return Outcome(done.returncode, done.stdout, done.stderr, time.monotonic() - started)


def _clean(outcome: Outcome) -> None:
    both = outcome.stdout + outcome.stderr
    assert "Traceback" not in both, both
    assert "internal error" not in both, both
    assert "MemoryError" not in both, both


def error_line(outcome: Outcome, *needles: str, code: int = 1) -> str:
    """The one error line (`Error: ...`), checked to hold every needle; exit code `code`."""
    _clean(outcome)
    assert outcome.code == code, (outcome.code, outcome.stderr)
    lines = [ln for ln in outcome.stderr.splitlines() if ln.startswith("Error: ")]
    assert len(lines) == 1, outcome.stderr
    assert not [ln for ln in outcome.stderr.splitlines()
                if ln and not ln.startswith(("Error: ", "warning: "))], outcome.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def warning_line(outcome: Outcome, *needles: str) -> str:
    """The warning line holding every needle, from a command that succeeded."""
    _clean(outcome)
    assert outcome.code == 0, (outcome.code, outcome.stderr)
    lines = [ln for ln in outcome.stderr.splitlines()
             if ln.startswith("warning: ") and all(n in ln for n in needles)]
    assert len(lines) == 1, (needles, outcome.stderr)
    return lines[0]
