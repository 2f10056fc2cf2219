"""The one /proc reader: process groups, zombies and memory of real processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from deckgen.pdf.procs import group_members, read_stat, rss_kb


def test_a_new_session_is_its_own_group_and_is_seen_until_it_ends() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; print('up', flush=True); "
                              "time.sleep(30)"], start_new_session=True, stdout=subprocess.PIPE)
    try:
        assert child.stdout is not None and child.stdout.readline() == b"up\n"  # fully started
        stat = read_stat(child.pid)
        assert stat is not None and stat.pgid == child.pid and stat.alive
        assert [p.pid for p in group_members(child.pid)] == [child.pid]
        assert rss_kb(child.pid) > 1000  # a Python interpreter holds megabytes
        child.kill()
        deadline = time.monotonic() + 10
        while (stat := read_stat(child.pid)) and stat.alive and time.monotonic() < deadline:
            time.sleep(0.01)
        # killed but not yet reaped: a zombie, which counts as gone
        assert stat is not None and stat.state == "Z"
        assert list(group_members(child.pid)) == []
    finally:
        child.kill()
        child.wait(timeout=10)
        if child.stdout:
            child.stdout.close()
    assert read_stat(child.pid) is None and rss_kb(child.pid) == 0


def test_our_own_process_reads_with_its_real_group() -> None:
    stat = read_stat(os.getpid())
    assert stat is not None and stat.pgid == os.getpgrp()
