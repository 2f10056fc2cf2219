"""SIGTERM and SIGHUP are handled like Ctrl-C: nothing half-written, no LibreOffice left.

The real `deckgen build` runs as a subprocess and gets a real signal at the worst moment: a
test-only sitecustomize holds it just before a temporary file is renamed into place (the
file is complete, the rename not done), or the test waits until LibreOffice runs. Every
wait is bounded, and whatever a test started is killed at its end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from deckgen.errors import EXIT_HANGUP, EXIT_TERMINATED
from deckgen.pdf.export import find_soffice
from tests.conftest import run_cli

DECKGEN = Path(sys.executable).with_name("deckgen")
EXIT = {signal.SIGTERM: EXIT_TERMINATED, signal.SIGHUP: EXIT_HANGUP}
SIGNALS = [pytest.param(signal.SIGTERM, id="SIGTERM"), pytest.param(signal.SIGHUP, id="SIGHUP")]

# Holds the process before it renames a temporary file whose name matches the pattern.
PAUSE_HOOK = '''
import fnmatch, os, time
_pattern, _marker, _replace = os.environ["PAUSE_BEFORE"], os.environ["PAUSED"], os.replace

def _held_replace(src, dst, *args, **kwargs):
    if fnmatch.fnmatch(os.path.basename(os.fspath(src)), _pattern):
        open(_marker, "w").close()
        time.sleep(60)
    return _replace(src, dst, *args, **kwargs)

os.replace = _held_replace
'''


def _exists_while_changing(folder: Path, pattern: str) -> bool:
    """Whether `pattern` matches in `folder`, which LibreOffice is filling and emptying at the
    same time (a folder listed one moment can be gone the next: then look again later)."""
    try:
        return any(folder.glob(pattern))
    except FileNotFoundError:
        return False


def wait_for(condition: Callable[[], object], proc: subprocess.Popen, seconds: float) -> None:
    """Poll `condition` until true; fail when `proc` ended first or time ran out."""
    deadline = time.monotonic() + seconds
    while not condition():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"deckgen ended (exit {proc.returncode}) before the moment: {err}")
        if time.monotonic() > deadline:
            pytest.fail(f"the moment did not come within {seconds:.0f} s")
        time.sleep(0.02)


def processes() -> dict[int, tuple[int, int, str]]:
    """Every live process (zombies left out): pid -> (parent pid, process group, command
    line)."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            out[int(entry.name)] = (int(fields[1]), int(fields[2]), cmdline)
    return out


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([str(DECKGEN), *args], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def stop(proc: subprocess.Popen, sig: int) -> str:
    """Send `sig`, wait (bounded) for the exit; return stderr."""
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    return err


def assert_one_line(err: str, sig: int) -> None:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and signal.Signals(sig).name in lines[0], err


@pytest.mark.parametrize("sig", SIGNALS)
@pytest.mark.parametrize("moment", ["deck", "copy"])
def test_a_signal_while_a_file_is_written_leaves_no_temporary_file(
        example: Path, tmp_path: Path, sig: int, moment: str):
    assert run_cli("build", str(example), "--no-pdf", "--offline").exit_code == 0
    build = example / "build"
    deck = build / "2026-06.pptx"
    before = deck.read_bytes()
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(PAUSE_HOOK)
    pattern = ".2026-06.pptx.*.tmp" if moment == "deck" else ".2026-06.2*.pptx.*.tmp"
    marker = tmp_path / "paused"
    env = {**os.environ, "PYTHONPATH": str(hook), "PAUSE_BEFORE": pattern,
           "PAUSED": str(marker)}
    proc = start(["build", str(example), "--no-pdf", "--offline", "--fresh"], env)
    try:
        wait_for(marker.exists, proc, 60)
        assert list(build.glob(pattern))  # the temporary file is there, complete
        err = stop(proc, sig)
    finally:
        kill_group(proc.pid)
        proc.communicate()
    assert proc.returncode == EXIT[sig]
    assert_one_line(err, sig)
    assert not list(build.glob(".*.tmp"))
    assert deck.read_bytes() == before
    copies = list(build.glob("2026-06.2*.pptx"))
    if moment == "copy":
        assert copies == []
    else:  # the copy was complete before the deck was started
        assert len(copies) == 1 and copies[0].read_bytes() == before


@pytest.mark.soffice
@pytest.mark.parametrize("sig", SIGNALS)
def test_a_signal_during_the_pdf_stops_libreoffice_and_removes_its_profile(
        example: Path, tmp_path: Path, sig: int):
    if find_soffice() is None:
        pytest.skip("LibreOffice not installed")
    tmp = tmp_path / "tmp"  # $TMPDIR: the conversion's profile goes here, to be looked for
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "DECKGEN_SERVER": "off"}
    proc = start(["build", str(example), "--offline"], env)
    group = None
    try:
        def soffice_runs() -> bool:
            nonlocal group
            children = [pid for pid, (ppid, _, cmd) in processes().items()
                        if ppid == proc.pid and "deckgen-lo-" in cmd]
            group = children[0] if children else None
            # LibreOffice's own temporary folder (lu*.tmp) is there: it is converting
            return group is not None and _exists_while_changing(tmp, "**/lu*.tmp")

        wait_for(soffice_runs, proc, 120)
        assert group is not None
        members = [pid for pid, (_, pgid, _) in processes().items() if pgid == group]
        assert members  # LibreOffice's own process group
        err = stop(proc, sig)
        deadline = time.monotonic() + 15
        while left := [cmd for _, pgid, cmd in processes().values() if pgid == group]:
            assert time.monotonic() < deadline, f"LibreOffice is still running: {left}"
            time.sleep(0.05)
    finally:
        kill_group(proc.pid)
        if group is not None:
            kill_group(group)
        proc.communicate()
    assert proc.returncode == EXIT[sig]
    assert_one_line(err, sig)
    assert list(tmp.iterdir()) == []  # no deckgen-lo-* profile, no LibreOffice lu*.tmp left
    build = example / "build"
    assert not list(build.glob(".*.tmp"))
    assert (build / "2026-06.pptx").stat().st_size > 0  # written before the PDF was started
    pdf = build / "2026-06.pdf"  # there only if the signal came after it was complete
    assert not pdf.exists() or pdf.read_bytes().rstrip().endswith(b"%%EOF")
