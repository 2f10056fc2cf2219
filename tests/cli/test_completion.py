"""Shell completion of source names, session folders and paper ids, and the README's
command reference, which lists exactly the commands `deckgen --help` lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deckgen.cli import main
from tests.conftest import REPO


def complete(words: str, shell: str = "bash") -> Result:
    """What `deckgen` answers the shell for the last word of `words` (bash's protocol)."""
    parts = words.split(" ")
    return CliRunner().invoke(main, [], prog_name="deckgen", catch_exceptions=False, env={
        "_DECKGEN_COMPLETE": f"{shell}_complete", "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1)})


def values(result: Result) -> list[str]:
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line]


def test_source_names_complete_for_rank_and_new():
    result = complete("deckgen rank hf")
    assert result.exit_code == 0 and result.stderr == ""
    assert values(result) == ["hf-daily", "hf-trending"]
    assert values(complete("deckgen new 2026-10 --source arxiv")) == ["arxiv", "arxiv-listing"]
    zsh = complete("deckgen rank pwc", "zsh").stdout
    assert "pwc-trending\nPapers with Code" in zsh  # the help shows what it ranks


def test_session_folders_complete(example: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(example.parent)
    (example.parent / "notes").mkdir()
    assert values(complete("deckgen build 20")) == ["2026-06"]
    assert values(complete("deckgen figures ")) == ["2026-06"]
    (example.parent / "sessions" / "2026-07").mkdir(parents=True)
    (example.parent / "sessions" / "2026-07" / "session.yaml").write_text("kind: survey\n")
    assert values(complete("deckgen check sessions/")) == ["sessions/2026-07"]
    assert complete("deckgen build no").stdout == "dir,no\n"  # the shell's own directories


def test_paper_ids_of_the_session_complete(example: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(example.parent)
    assert values(complete("deckgen figures 2026-06 2606.133")) == ["2606.13392"]
    zsh = complete("deckgen figures 2026-06 2606.133", "zsh").stdout
    assert "2606.13392\nMiniMax Sparse Attention" in zsh
    assert values(complete("deckgen figures nowhere 26")) == []  # no session: no guess


def test_the_readme_lists_exactly_the_commands_help_lists():
    helped = CliRunner().invoke(main, ["--help"], terminal_width=80).stdout
    commands = {m.group(1) for m in re.finditer(r"^  (\S+)  ", helped.split("Commands:", 1)[1],
                                                re.M)}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Command reference", 1)[1].split("\n### ", 1)[0]
    listed = {m.group(1) for m in re.finditer(r"^\| `deckgen ([a-z-]+)", section, re.M)}
    assert listed == commands


def test_the_readme_says_how_to_turn_completion_on():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for shell in ("bash", "zsh", "fish"):
        assert f"_DECKGEN_COMPLETE={shell}_source deckgen" in readme
