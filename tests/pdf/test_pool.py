"""Warm servers side by side: started, listed, used for the chunks of a whole deck, stopped,
stopping when idle, and one of them dying. No LibreOffice: a stand-in unoserver on
127.0.0.1 draws each shown slide as a page as wide as 100 + its number."""

from __future__ import annotations

import dataclasses
import json
import logging
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from deckgen.pdf import pool, procs, server, supervise
from deckgen.pdf.export import export_pdf
from tests.conftest import run_cli
from tests.pdf.test_chunks import _deck

STAND_IN = """
import json, subprocess, sys
from xmlrpc.server import SimpleXMLRPCServer
import pypdfium2 as pdfium
from pptx import Presentation
from deckgen.render import pages

args = sys.argv[1:]
port = int(args[args.index("--port") + 1])
profile = args[args.index("--user-installation") + 1]

def convert(inpath, indata, outpath, *rest):
    import os, time
    if os.path.exists(LOG + ".slow"):  # a conversion that takes a minute
        time.sleep(60)
    prs = Presentation(inpath)
    shown = [n for n, (hidden, _) in enumerate(pages.page_sources(prs), 1) if not hidden]
    doc = pdfium.PdfDocument.new()
    for n in shown:
        doc.new_page(100 + n, 100)
    doc.save(outpath)
    with open(LOG, "a") as log:
        log.write(json.dumps([port, profile, len(prs.slides), shown]) + "\\n")

rpc = SimpleXMLRPCServer(("127.0.0.1", port), logRequests=False, allow_none=True)
rpc.register_function(lambda: {"libreoffice_version": "stand-in"}, "info")
rpc.register_function(convert, "convert")
subprocess.Popen(["sleep", "120"])  # as LibreOffice is: a child of the server
rpc.serve_forever()
"""


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A state folder with a stand-in unoserver for DECKGEN_UNO_PYTHON; the record of its
    conversions. Every server is stopped at the end."""
    record = tmp_path / "conversions.jsonl"
    script = tmp_path / "standin.py"
    script.write_text(f"LOG = {str(record)!r}\n" + STAND_IN)
    python = tmp_path / "uno-python"
    # `-c "import uno, unoserver.server"` is the probe; `-m unoserver.server ARGS` the server
    python.write_text(f'#!/bin/sh\n[ "$1" = -c ] && exit 0\nshift 2\n'
                      f'exec {sys.executable} {script} "$@"\n')
    python.chmod(0o755)
    folder = tmp_path / "server"
    monkeypatch.setenv(server.ENV_DIR, str(folder))
    monkeypatch.setenv(server.ENV_PYTHON, str(python))
    monkeypatch.setenv(server.ENV_SWITCH, "manual")
    monkeypatch.setenv(pool.ENV_JOBS, "2")
    monkeypatch.setenv("DECKGEN_SOFFICE", "/bin/true")  # never run: the stand-in converts
    yield record
    pool.stop_all()  # the starter too, if one still runs
    _settled()


def _settled(timeout: float = 60.0) -> None:
    """Wait until every starter this process started has ended."""
    deadline = time.monotonic() + timeout
    while supervise._STARTERS and time.monotonic() < deadline:
        supervise._STARTERS[:] = [pid for pid in supervise._STARTERS if not procs.reaped(pid)]
        time.sleep(0.1)


def _conversions(record: Path) -> list[list]:
    return [json.loads(line) for line in record.read_text().splitlines()] \
        if record.exists() else []


def _widths(pdf: Path) -> list[int]:
    doc = pdfium.PdfDocument(pdf.read_bytes())
    return [round(doc.get_page_size(i)[0]) for i in range(len(doc))]


def _gone(pids: list[int], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while any(procs.group_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not any(procs.group_alive(pid) for pid in pids)


def test_the_pool_starts_is_listed_and_stops_with_everything_it_started(stand_in: Path):
    started = run_cli("pdf-server", "start")
    assert started.exit_code == 0, started.output
    assert "2 conversion servers ready on 127.0.0.1:" in started.output
    states = [server.running_server(slot) for slot in (0, 1)]
    assert all(states) and len({s.port for s in states}) == 2  # type: ignore[union-attr]
    folder = server.state_dir()
    assert (folder / "server.json").is_file() and (folder / "server-1.json").is_file()
    status = run_cli("pdf-server", "status")
    assert status.exit_code == 0, status.output
    assert "server 1 of 2: ready" in status.output and "server 2 of 2: ready" in status.output
    again = run_cli("pdf-server", "start")  # those running are kept
    assert [server.running_server(slot) for slot in (0, 1)] == states
    assert again.exit_code == 0
    stopped = run_cli("pdf-server", "stop")
    assert "stopped 2 conversion servers" in stopped.output
    assert _gone([s.pid for s in states])  # type: ignore[union-attr]
    assert not list(folder.glob("server*.json"))
    assert run_cli("pdf-server", "status").exit_code == 1


def test_a_whole_deck_is_converted_in_chunks_one_per_server(stand_in: Path, tmp_path: Path,
                                                            caplog: pytest.LogCaptureFixture):
    pool.start_all("/bin/true")
    deck = _deck(tmp_path / "deck.pptx", 30)
    with caplog.at_level(logging.INFO, logger="deckgen"):
        export_pdf(deck, tmp_path / "deck.pdf")
    assert "with 2 warm servers side by side" in caplog.text
    assert _widths(tmp_path / "deck.pdf") == [100 + n for n in range(1, 31)]
    done = _conversions(stand_in)
    # one chunk per server, each with its own profile; the first chunk's copy ends with its
    # last slide, so no server reads the whole deck's slides but the last one's
    assert sorted(c[3] for c in done) == [list(range(1, 16)), list(range(16, 31))]
    assert len({c[0] for c in done}) == len({c[1] for c in done}) == 2
    assert sorted(c[2] for c in done) == [15, 30]


def test_without_two_ready_servers_the_deck_goes_through_one(stand_in: Path, tmp_path: Path,
                                                             caplog: pytest.LogCaptureFixture):
    states = pool.start_all("/bin/true")
    deck = _deck(tmp_path / "deck.pptx", 30)
    procs.kill_group(states[1].pid)  # the second server died
    with caplog.at_level(logging.INFO, logger="deckgen"):
        export_pdf(deck, tmp_path / "deck.pdf")
    assert "with the warm server" in caplog.text and "side by side" not in caplog.text
    assert [c[0] for c in _conversions(stand_in)] == [states[0].port]
    assert _widths(tmp_path / "deck.pdf") == [100 + n for n in range(1, 31)]


def test_a_server_that_does_not_answer_leaves_the_deck_to_another(
        stand_in: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture):
    first = server.start_server("/bin/true", slot=0)
    # slot 1: alive and looking like a server (its command line names unoserver), but mute
    mute = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)",
                             "unoserver.server"], start_new_session=True)
    try:
        state = server.ServerState(mute.pid, 9, 9, "python", "soffice",
                                   time.time() - 2 * server.READY_TIMEOUT, 1)
        server.state_path(1).write_text(json.dumps(dataclasses.asdict(state)))
        deck = _deck(tmp_path / "deck.pptx", 30)
        with caplog.at_level(logging.INFO, logger="deckgen"):
            export_pdf(deck, tmp_path / "deck.pdf")
        assert "not converted in 2 chunks" in caplog.text
        assert "with the warm server" in caplog.text
        assert [c[0] for c in _conversions(stand_in) if len(c[3]) == 30] == [first.port]
        assert _widths(tmp_path / "deck.pdf") == [100 + n for n in range(1, 31)]
    finally:
        mute.kill()
        mute.wait()


def test_every_server_of_the_pool_stops_when_idle(stand_in: Path,
                                                  monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(server.ENV_IDLE, "1")
    states = pool.start_all("/bin/true")
    assert len(states) == 2
    assert _gone([s.pid for s in states], 60.0)  # the stand-ins' children went too
    assert pool.ready(2) == [] and not list(server.state_dir().glob("server*.json"))
    log = (server.state_dir() / server.LOG_FILE).read_text()
    assert "server was idle for 1 s" in log and "server 1 was idle for 1 s" in log


def test_the_starter_starts_the_servers_that_do_not_run(stand_in: Path,
                                                        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(server.ENV_SWITCH)
    first = server.start_server("/bin/true", slot=0)
    assert pool.missing(2) == [1]
    assert supervise.start_in_background("/bin/true", 2)
    _settled()
    assert pool.missing(2) == [] and server.running_server(0) == first
    assert len(pool.ready(2)) == 2


def test_a_stop_stops_a_starter_at_work_too(stand_in: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(server.ENV_SWITCH)
    assert supervise.start_in_background("/bin/true", 2)
    assert not supervise.start_in_background("/bin/true")  # one starter at a time
    time.sleep(1.0)  # it is starting the first server
    pool.stop_all()
    _settled(10.0)
    assert supervise._STARTERS == []
    time.sleep(1.0)
    assert pool.missing(2) == [0, 1] and not list(server.state_dir().glob("server*.json"))


def test_the_pool_is_as_large_as_the_cores_and_the_memory_allow(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv(pool.ENV_JOBS, raising=False)
    monkeypatch.delenv(server.ENV_MAX_MB, raising=False)
    monkeypatch.setattr(pool.os, "sched_getaffinity", lambda pid: set(range(16)))
    meminfo = tmp_path / "meminfo"
    monkeypatch.setattr(pool, "MEMINFO", meminfo)
    meminfo.write_text("MemTotal:       25165824 kB\nMemFree:  1 kB\n")  # 24 GiB
    assert pool.size() == pool.MAX_SERVERS
    meminfo.write_text("MemTotal:       4194304 kB\n")  # 4 GiB: one server at 1.2 GB
    assert pool.size() == 1
    meminfo.write_text("MemTotal:       8388608 kB\n")
    assert pool.size() == 3
    monkeypatch.setattr(pool.os, "sched_getaffinity", lambda pid: {0, 1})
    assert pool.size() == 2
    monkeypatch.setenv(pool.ENV_JOBS, "5")  # more than the cores, as asked; not the memory
    assert pool.size() == 3
    meminfo.write_text("MemTotal:       25165824 kB\n")
    assert pool.size() == 5
    monkeypatch.setenv(pool.ENV_JOBS, "1000")  # a thousand LibreOffices: never more than 8
    assert pool.size() == pool.MAX_SERVERS
    monkeypatch.setenv(pool.ENV_JOBS, "many")
    assert pool.size() == 2


def test_ctrl_c_during_a_pooled_conversion_leaves_at_once(stand_in: Path, tmp_path: Path):
    """The chunks' conversions run in threads; Ctrl-C in the main thread must not wait for
    every server's answer (here a minute each)."""
    import _thread
    import threading

    states = pool.start_all("/bin/true", 2)
    Path(str(stand_in) + ".slow").touch()
    decks = []
    for n in range(2):
        folder = tmp_path / f"chunk{n}"
        folder.mkdir()
        decks.append((_deck(folder / "deck.pptx", 3), folder))
    threading.Timer(1.0, _thread.interrupt_main).start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        pool.convert_side_by_side(states, iter(decks), [], 120.0)
    assert time.monotonic() - started < 20.0  # not the minute the servers take
