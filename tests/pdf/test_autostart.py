"""The warm server starts by itself on the first PDF and stops by itself when idle."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deckgen.pdf import pool, procs, server, supervise
from tests.conftest import copy_example, run_cli

needs_uno = pytest.mark.skipif(server.find_uno_python() is None,
                               reason="no Python with uno and unoserver (bash scripts/setup.sh)")


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "server"
    monkeypatch.setenv("DECKGEN_SERVER_DIR", str(folder))
    monkeypatch.setenv(pool.ENV_JOBS, "1")  # the single server (test_pool.py: several)
    yield folder
    _settled(folder)
    pool.stop_all()  # never leave a LibreOffice behind, whatever the test did


def _settled(folder: Path, timeout: float = 120.0) -> None:
    """Wait until no starter runs any more (a server it started is then in the state file)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(
            b"deckgen.pdf.supervise\x00start" in _cmdline(pid) and str(folder).encode()
            in _environ(pid) for pid in _pids()):
        time.sleep(0.2)


def _pids() -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _environ(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return b""


class _Spawned(list):
    """Stands in for subprocess.Popen: notes the command, starts nothing."""

    def __call__(self, cmd, log):
        self.append(cmd)
        return 0


@pytest.fixture
def spawned(monkeypatch: pytest.MonkeyPatch) -> _Spawned:
    commands = _Spawned()
    monkeypatch.setattr(supervise, "spawn_detached", commands)
    monkeypatch.setattr(supervise, "_STARTERS", [])
    return commands


@pytest.mark.parametrize("switch, starts", [(None, True), ("on", True), ("manual", False),
                                            ("off", False), ("0", False)])
def test_a_build_starts_the_server_unless_switched_off_or_manual(
        state_dir: Path, monkeypatch: pytest.MonkeyPatch, spawned: _Spawned,
        switch: str | None, starts: bool):
    if switch is None:
        monkeypatch.delenv(server.ENV_SWITCH, raising=False)
    else:
        monkeypatch.setenv(server.ENV_SWITCH, switch)
    assert supervise.start_in_background("/usr/bin/soffice") is starts
    assert len(spawned) == int(starts)
    if starts:
        assert spawned[0][-4:] == ["deckgen.pdf.supervise", "start", "/usr/bin/soffice", "1"]


def test_a_server_that_could_not_start_is_not_tried_again_for_a_day(
        state_dir: Path, monkeypatch: pytest.MonkeyPatch, spawned: _Spawned):
    monkeypatch.delenv(server.ENV_SWITCH, raising=False)
    supervise.note_unavailable("no Python with LibreOffice's uno and unoserver")
    assert "no Python" in (state_dir / supervise.UNAVAILABLE_FILE).read_text()
    assert supervise.start_in_background("/usr/bin/soffice") is False and spawned == []
    old = time.time() - supervise.RETRY_AFTER - 60
    os.utime(state_dir / supervise.UNAVAILABLE_FILE, (old, old))
    assert supervise.start_in_background("/usr/bin/soffice") is True and len(spawned) == 1


STAND_IN = """
import subprocess, sys
from xmlrpc.server import SimpleXMLRPCServer
rpc = SimpleXMLRPCServer(("127.0.0.1", int(sys.argv[1])), logRequests=False)
rpc.register_function(lambda: {"libreoffice_version": "stand-in"}, "info")
subprocess.Popen(["sleep", "120"])
rpc.serve_forever()
"""


def test_the_supervisor_stops_an_idle_server_and_everything_it_started(state_dir: Path):
    """No LibreOffice needed: a stand-in server that answers `info` and starts a child."""
    state_dir.mkdir(parents=True)
    port = server._free_port()
    leader = subprocess.Popen(
        [sys.executable, "-m", "deckgen.pdf.supervise", "run", "1", "--", sys.executable,
         "-c", STAND_IN, str(port), "unoserver.server"], start_new_session=True)
    state = server.ServerState(leader.pid, port, 9, sys.executable, "soffice", time.time())
    (state_dir / server.STATE_FILE).write_text(json.dumps(dataclasses.asdict(state)))
    try:
        assert leader.wait(timeout=60) == 0
        assert not procs.group_alive(leader.pid)  # the server and its child went too
        assert not (state_dir / server.STATE_FILE).exists()
    finally:
        if leader.poll() is None:
            procs.kill_group(leader.pid)


def test_a_used_server_is_not_idle(state_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(server.ENV_IDLE, "2")
    assert server.idle_limit() == 2.0
    state_dir.mkdir(parents=True)
    server.touch_used()
    assert server.idle_for() < 2.0
    monkeypatch.setenv(server.ENV_IDLE, "soon")
    assert server.idle_limit() == server.DEFAULT_IDLE


@needs_uno
@pytest.mark.soffice
def test_the_first_pdf_starts_the_server_and_the_next_one_uses_it(
        state_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(server.ENV_SWITCH, raising=False)
    session = copy_example(tmp_path)
    result = run_cli("build", str(session), "-v")
    assert result.exit_code == 0, result.output
    assert "starting the conversion server" in result.output
    assert "with the warm server" not in result.output  # this PDF did not wait for it
    assert (session / "build" / "2026-06.pdf").is_file()
    _settled(state_dir)
    status = server.server_status()
    assert status.ready, status.detail
    spec = session / "session.yaml"
    spec.write_text(spec.read_text("utf-8").replace("パッチ型記憶EvoMemの提案",
                                                    "パッチ型記憶EvoMemの提案 (改訂)"), "utf-8")
    again = run_cli("build", str(session), "-v")
    assert again.exit_code == 0, again.output
    assert "with the warm server" in again.output
    assert "starting the conversion server" not in again.output


@needs_uno
@pytest.mark.soffice
def test_an_idle_server_stops_by_itself(state_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(server.ENV_IDLE, "3")
    assert run_cli("pdf-server", "start").exit_code == 0
    state = server.running_server()
    assert state is not None
    deadline = time.monotonic() + 60
    while procs.group_alive(state.pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not procs.group_alive(state.pid)  # LibreOffice went with it
    assert server.running_server() is None
    assert "idle for 3 s" in (state_dir / server.LOG_FILE).read_text()


@pytest.mark.parametrize("whole, count", [(False, "1"), (True, "3")])
def test_a_build_converting_its_changed_pages_starts_one_server_a_whole_pdf_the_pool(
        state_dir: Path, monkeypatch: pytest.MonkeyPatch, spawned: _Spawned,
        whole: bool, count: str):
    from deckgen.pdf import export, pool

    monkeypatch.delenv(server.ENV_SWITCH, raising=False)
    monkeypatch.setattr(pool, "size", lambda: 3)
    assert export._warm_servers("/usr/bin/soffice", whole) == []  # none ready yet
    assert spawned[0][-2:] == ["/usr/bin/soffice", count]
