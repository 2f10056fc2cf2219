"""The command line's shape: the pdf-server commands, a reader that stops early, help."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deckgen.cli import main


def deckgen(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def no_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DECKGEN_SERVER_DIR", str(tmp_path / "server"))


def test_pdf_server_status_and_stop_without_a_server(no_server):
    status = deckgen("pdf-server", "status")
    assert status.exit_code == 1
    assert status.stdout == "conversion server: not running\n" and status.stderr == ""
    stop = deckgen("pdf-server", "stop")
    assert stop.exit_code == 0
    assert stop.stdout == "no conversion server was running\n" and stop.stderr == ""
    quiet = deckgen("pdf-server", "status", "-q")
    assert quiet.exit_code == 1 and quiet.stdout == quiet.stderr == ""


def test_pdf_server_takes_one_action_at_a_time(no_server):
    result = deckgen("pdf-server", "stop", "status")
    assert result.exit_code == 2
    assert "unexpected extra argument (status)" in result.stderr.lower()
    listed = deckgen("pdf-server", "--help").stdout
    assert all(f"\n  {action} " in listed for action in ("start", "stop", "status"))


def test_serve_is_a_hidden_old_name_that_says_the_new_one(no_server):
    result = deckgen("serve", "--status")
    assert result.exit_code == 1
    assert result.stdout == "conversion server: not running\n"
    assert result.stderr == "note: `deckgen serve` is now `deckgen pdf-server status`\n"
    commands = deckgen("--help").stdout.split("Commands:")[1]
    assert "\n  serve " not in commands and "\n  pdf-server " in commands


def test_a_reader_that_stops_early_ends_deckgen_quietly(example: Path):
    """`deckgen figures | head -3`: the reader is gone before deckgen writes a line."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    proc = subprocess.Popen([sys.executable, "-m", "deckgen", "figures", str(example)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # type: ignore[union-attr]
    try:
        err = proc.stderr.read().decode()  # type: ignore[union-attr]
        code = proc.wait(timeout=60)
    finally:
        proc.kill()
        proc.stderr.close()  # type: ignore[union-attr]
    assert err == ""
    assert code == 141  # SIGPIPE's, as the shell reports a program it killed


def test_a_reader_that_takes_three_lines(example: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    result = subprocess.run(f"{sys.executable} -m deckgen figures {example} | head -3",
                            shell=True, capture_output=True, text=True, env=env, timeout=60,
                            check=False)
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 3
    assert "Error" not in result.stderr and "BrokenPipe" not in result.stderr
