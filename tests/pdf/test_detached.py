"""The warm server and its starter outlive the build that starts them, and leave nothing
behind in it: no Popen to warn at exit that a process it started still runs, no zombie."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from deckgen.pdf.procs import exit_code, read_stat, spawn_detached


def test_a_build_that_starts_the_server_exits_without_a_resource_warning(tmp_path: Path):
    # a build with the server switched on, whose starter cannot find LibreOffice's Python:
    # the starter runs on after the build's interpreter has ended
    code = ("from deckgen.pdf import supervise; "
            "assert supervise.start_in_background('/nonexistent/soffice')")
    env = {"PATH": "/usr/bin:/bin", "DECKGEN_SERVER": "on", "DECKGEN_SERVER_DIR": str(tmp_path),
           "DECKGEN_UNO_PYTHON": "/nonexistent/python3", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-X", "dev", "-W", "error::ResourceWarning", "-c",
                           code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "ResourceWarning" not in done.stderr


def test_a_detached_process_is_in_a_session_of_its_own_and_is_reaped(tmp_path: Path):
    log = tmp_path / "log"
    pid = spawn_detached([sys.executable, "-c", "import sys, time; print('up', flush=True); "
                          "time.sleep(0.5); sys.exit(3)"], log)
    stat = read_stat(pid)
    assert stat is not None and stat.pgid == pid  # its own group, and its own session
    deadline = time.monotonic() + 30
    while (code := exit_code(pid)) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert code == 3
    assert read_stat(pid) is None  # reaped: no zombie left
    assert log.read_text() == "up\n"
