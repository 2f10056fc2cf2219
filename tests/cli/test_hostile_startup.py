"""The command line itself: Ctrl-C at start-up, an internal error, a bad name or deck path,
each one line and the documented exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from deckgen import build
from deckgen.cli import main
from deckgen.errors import EXIT_INTERNAL, EXIT_INTERRUPTED
from tests.conftest import run_cli
from tests.hostile import ROOT

# Python loading the command line, interrupted as it imports `target` (as Ctrl-C would)
_INTERRUPTED_IMPORT = """
import runpy, sys
target, how = sys.argv[1], sys.argv[2]
class Interrupt:
    def find_spec(self, name, path=None, target_=None):
        if name == target:
            raise KeyboardInterrupt
sys.meta_path.insert(0, Interrupt())
sys.argv = ["deckgen", "build", "nowhere"]
if how == "-m":
    runpy.run_module("deckgen", run_name="__main__")
else:  # what the `deckgen` script does
    from deckgen.cli import main
    sys.exit(main())
"""


@pytest.mark.parametrize("how", ["script", "-m"])
@pytest.mark.parametrize("target", ["click", "deckgen.errors", "deckgen.commands.decks"])
def test_ctrl_c_while_python_loads_the_command_line(how: str, target: str):
    done = subprocess.run([sys.executable, "-c", _INTERRUPTED_IMPORT, target, how],
                          capture_output=True, text=True, timeout=30,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (done.returncode, done.stderr) == (EXIT_INTERRUPTED, "deckgen: interrupted\n")


def test_ctrl_c_while_click_reads_the_options(monkeypatch: pytest.MonkeyPatch):
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(click.Group, "parse_args", interrupted)
    result = CliRunner().invoke(main, ["build", "nowhere"])
    assert (result.exit_code, result.stderr) == (EXIT_INTERRUPTED, "deckgen: interrupted\n")


def test_an_unexpected_exception_is_one_line_with_its_hint(example: Path,
                                                           monkeypatch: pytest.MonkeyPatch):
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug\n  on two lines")

    monkeypatch.setattr(build, "load_template", broken)
    result = CliRunner().invoke(main, ["build", str(example), "--no-pdf", "--offline"])
    assert result.exit_code == EXIT_INTERNAL
    assert result.stderr == ("Error: internal error: RuntimeError: a bug on two lines (run with "
                             "-v for details and report it)\n")
    assert "Traceback" not in result.output


def test_an_unexpected_exception_without_a_message_reads_cleanly(
        example: Path, monkeypatch: pytest.MonkeyPatch):
    def broken(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(build, "load_template", broken)
    result = CliRunner().invoke(main, ["build", str(example), "--no-pdf", "--offline"])
    assert (result.exit_code, result.stderr) == (
        EXIT_INTERNAL, "Error: internal error: MemoryError (run with -v for details and report "
                       "it)\n")


@pytest.mark.parametrize(("name", "said"), [
    ('"a\\0b"', "name: 'a\\x00b' holds a control character, which no file name may (set "
                "`name:` to plain text)"),
    ("x" * 300, "name: 'xxxxxxxxxxxxxxxxxxxxxxxx...' is 300 characters, more than the 60 of a "
                "deck's file name (set a shorter `name:`)"),
])
def test_a_name_no_file_can_have_is_named(example: Path, name: str, said: str):
    spec = example / "session.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + f"name: {name}\n", encoding="utf-8")
    result = run_cli("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {spec}:")
    assert result.output.endswith(f": {said}\n")


def test_a_folder_where_the_deck_goes_is_named(example: Path):
    deck = example / "build" / "2026-06.pptx"
    deck.mkdir(parents=True)
    result = run_cli("build", str(example), "--no-pdf", "--offline")
    assert (result.exit_code, result.output) == (
        1, f"Error: {deck}: a folder is where the deck goes; move or rename it, or set another "
           "`name:` in session.yaml\n")
    for command in ("check", "preview"):
        result = run_cli(command, str(example))
        assert (result.exit_code, result.output) == (
            1, f"Error: {deck}: a folder is where the deck goes; move or rename it, then run "
               f"`deckgen build {example}`\n")
