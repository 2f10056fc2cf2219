"""The warm conversion server (real unoserver + LibreOffice on 127.0.0.1) and the cold fallback."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import subprocess
import time
from pathlib import Path

import pdfplumber
import pytest

from deckgen.errors import ExportError
from deckgen.pdf import pool, procs, server
from deckgen.pdf.export import export_pdf
from tests.conftest import copy_example, run_cli

needs_uno = pytest.mark.skipif(server.find_uno_python() is None,
                               reason="no Python with uno and unoserver (bash scripts/setup.sh)")


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "server"
    monkeypatch.setenv("DECKGEN_SERVER_DIR", str(folder))
    monkeypatch.setenv(pool.ENV_JOBS, "1")  # the single server (test_pool.py: several)
    monkeypatch.setenv("DECKGEN_SERVER", "manual")  # a running server is used, none started
    yield folder
    pool.stop_all()  # never leave a LibreOffice behind, whatever the test did


def _slides(pptx: Path) -> int:
    from pptx import Presentation

    return len(Presentation(str(pptx)).slides)


def _pdf_pages(pdf: Path) -> int:
    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


@needs_uno
@pytest.mark.soffice
def test_build_uses_the_warm_server_then_restarts_it_when_it_grew(state_dir: Path,
                                                                  tmp_path: Path, caplog,
                                                                  monkeypatch):
    result = run_cli("serve")
    assert result.exit_code == 0, result.output
    assert "ready on 127.0.0.1:" in result.output
    status = run_cli("serve", "--status")
    assert status.exit_code == 0 and "ready" in status.output, status.output
    first = server.running_server()
    assert first is not None
    session = copy_example(tmp_path)
    assert run_cli("build", str(session), "--no-pdf").exit_code == 0
    pptx = session / "build" / "2026-06.pptx"
    with caplog.at_level(logging.INFO, logger="deckgen"):
        export_pdf(pptx, pptx.with_suffix(".pdf"))
    assert "with the warm server" in caplog.text
    assert _pdf_pages(pptx.with_suffix(".pdf")) == _slides(pptx)
    # a limit below what LibreOffice uses: the next conversion restarts the server
    monkeypatch.setenv("DECKGEN_SERVER_MAX_MB", "1")
    export_pdf(pptx, pptx.with_suffix(".pdf"))
    second = server.running_server()
    assert second is not None and second.pid != first.pid
    assert not procs.group_alive(first.pid)  # the old LibreOffice is gone with it
    stopped = run_cli("serve", "--stop")
    assert "stopped" in stopped.output
    assert not procs.group_alive(second.pid)
    assert run_cli("serve", "--status").exit_code == 1


@pytest.mark.soffice
def test_without_a_server_the_build_converts_cold(state_dir: Path, tmp_path: Path, caplog):
    session = copy_example(tmp_path)
    with caplog.at_level(logging.INFO, logger="deckgen"):
        result = run_cli("build", str(session))
    assert result.exit_code == 0, result.output
    assert "warm server" not in caplog.text
    assert _pdf_pages(session / "build" / "2026-06.pdf") == _slides(
        session / "build" / "2026-06.pptx")


@pytest.mark.soffice
def test_a_dead_server_falls_back_to_cold(state_dir: Path, tmp_path: Path, caplog):
    """A state file naming a live process that does not answer: the build still gets a PDF."""
    import subprocess
    import sys

    state_dir.mkdir(parents=True)
    # a process that looks like our server (its command line names unoserver) but is mute
    mute = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)",
                             "unoserver.server"], start_new_session=True)
    try:
        # started long enough ago to be answering by now (a server starting is skipped)
        state = server.ServerState(mute.pid, 9, 9, "python", "soffice",
                                   time.time() - 2 * server.READY_TIMEOUT)
        (state_dir / server.STATE_FILE).write_text(json.dumps(dataclasses.asdict(state)))
        session = copy_example(tmp_path)
        assert run_cli("build", str(session), "--no-pdf").exit_code == 0
        pptx = session / "build" / "2026-06.pptx"
        with caplog.at_level(logging.WARNING, logger="deckgen"):
            export_pdf(pptx, pptx.with_suffix(".pdf"))
        assert "using a cold LibreOffice" in caplog.text
        assert _pdf_pages(pptx.with_suffix(".pdf")) == _slides(pptx)
    finally:
        mute.kill()
        mute.wait()


def test_a_timeout_kills_the_whole_process_group(state_dir: Path, tmp_path: Path,
                                                 monkeypatch):
    """A stuck soffice and the process it started are both gone after the timeout."""
    pid_file = tmp_path / "grandchild.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {pid_file}\nwait\n")
    fake.chmod(0o755)
    monkeypatch.setenv("DECKGEN_SOFFICE", str(fake))
    monkeypatch.setenv("DECKGEN_SERVER", "off")
    session = copy_example(tmp_path)
    assert run_cli("build", str(session), "--no-pdf").exit_code == 0
    pptx = session / "build" / "2026-06.pptx"
    with pytest.raises(ExportError, match="did not finish within 2 s.*the .pptx is kept"):
        export_pdf(pptx, pptx.with_suffix(".pdf"), timeout=2)
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while procs.alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not procs.alive(grandchild)
    assert pptx.is_file() and not pptx.with_suffix(".pdf").exists()


def test_a_stale_state_file_never_stops_another_program(state_dir: Path) -> None:
    import signal
    import subprocess

    other = subprocess.Popen(["sleep", "60"], start_new_session=True)
    try:
        state = server.ServerState(pid=other.pid, port=9, uno_port=9, python="python3",
                                   soffice="soffice", started=0.0)
        state_dir.mkdir(parents=True, exist_ok=True)
        (state_dir / server.STATE_FILE).write_text(json.dumps(dataclasses.asdict(state)))
        status = run_cli("serve", "--status")
        assert status.exit_code == 1 and "stale state file" in status.output
        stopped = run_cli("serve", "--stop")
        assert "no conversion server was running" in stopped.output
        assert other.poll() is None  # the unrelated process still runs
    finally:
        os.killpg(other.pid, signal.SIGKILL)
        other.wait()


HIDDEN_CHECK = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("hidden", sys.argv[1])
hidden = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hidden)
from unoserver import converter
from com.sun.star.beans import PropertyValue

class Desktop:
    def loadComponentFromURL(self, url, target, flags, props):
        return [(p.Name, p.Value) for p in props]

loads = hidden._LoadsHidden(Desktop())
print(json.dumps({"props": loads.loadComponentFromURL(
    "file:///x.pptx", "_default", 0, (PropertyValue(Name="ReadOnly", Value=True),)),
    "subclass": issubclass(hidden.HiddenConverter, converter.UnoConverter),
    "still_unoservers": "desktop" in converter.UnoConverter.convert.__code__.co_names,
    "made_by_name": {"converter", "UnoConverter"} <= set(
        hidden.server.UnoServer.serve.__code__.co_names)}))
"""


@needs_uno
def test_the_server_loads_every_document_hidden():
    """unoserver loads with ReadOnly only; the server deckgen runs adds Hidden (a quarter
    faster a conversion), through the desktop unoserver's converter loads with."""
    cmd = server.unoserver_command(server.find_uno_python(), "soffice", 1, 2, Path("/p"))
    assert str(server.HIDDEN_SERVER) in cmd and "unoserver" in " ".join(cmd)
    done = subprocess.run([server.find_uno_python(), "-I", "-c", HIDDEN_CHECK,
                           str(server.HIDDEN_SERVER)], capture_output=True, text=True,
                          timeout=60, check=True)
    found = json.loads(done.stdout)
    assert found["props"] == [["ReadOnly", True], ["Hidden", True]]
    # unoserver loads through the desktop the wrapper wraps, and makes its converter by the
    # module's name, which the script points at the hidden one
    assert found["subclass"] and found["still_unoservers"] and found["made_by_name"]
