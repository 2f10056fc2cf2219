"""Help that reads as sentences at any terminal width, and the commands it names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deckgen.cli import main
from deckgen.net.sources import SOURCES


def deckgen(*args: str, width: int = 80) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False, terminal_width=width)


def command_lines(help_text: str) -> dict[str, str]:
    """Command name -> its description, continuation lines joined."""
    out: dict[str, str] = {}
    name = ""
    for line in help_text.split("Commands:\n", 1)[1].splitlines():
        match = re.match(r"^  (\S+)\s+(.*)$", line)
        if match:
            name = match.group(1)
            out[name] = match.group(2)
        elif line.strip() and name:
            out[name] += " " + line.strip()
    return out


@pytest.mark.parametrize("width", [80, 60, 50])
def test_every_command_is_described_in_a_whole_sentence(width: int):
    result = deckgen("--help", width=width)
    assert result.exit_code == 0 and result.stderr == ""
    lines = command_lines(result.stdout)
    assert len(lines) >= 12
    for name, about in lines.items():
        assert "..." not in about, (name, about)
        assert about.endswith("."), (name, about)
    assert all(len(line) <= width for line in result.stdout.splitlines())


def test_new_help_names_what_it_speaks_of():
    text = deckgen("new", "--help").stdout
    assert "ROOT" not in text
    assert "DIR/MONTH/session.yaml" in text and "--dir DIR" in text
    assert "--date YYYY-MM-DD" in text and "[%Y-%m-%d]" not in text


def test_sources_lists_every_source_with_an_example():
    result = deckgen("sources")
    assert result.exit_code == 0 and result.stderr == ""
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == list(SOURCES)
    assert "(e.g. hf-daily:month=2026-10)" in result.stdout


def test_rank_help_still_lists_them_and_says_the_new_name():
    result = deckgen("rank", "help")
    assert result.exit_code == 0
    assert result.stdout == deckgen("sources").stdout
    assert result.stderr == "note: `deckgen rank help` is now `deckgen sources`\n"


def test_rank_errors_speak_of_its_argument_not_of_new_source():
    result = deckgen("rank", "hf-daily:foo=1")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: rank hf-daily:foo=1: unknown key 'foo'")
    assert "--source" not in result.stderr


def test_layouts_says_which_layout_each_kind_uses_and_what_falls_back(alt_template_path: Path):
    result = deckgen("layouts", str(alt_template_path))
    assert result.exit_code == 0
    out = result.stdout
    assert f"{alt_template_path}: the layout of each slide kind\n" in out
    # the kind column is as wide as the longest kind (ranking_chart), so layout names line up
    assert "  title         'Title Slide'\n" in out
    assert "  figure_text   'deckgen Text and Figure'" in out
    assert ("  section       'deckgen Section': deckgen's own, copied in\n"
            "                (the template "
            "has no usable layout named 'deckgen Section', 'Section Header' or 'セクション見出し')"
            ) in out
    assert ("  paper         'Title and Content'\n"
            "                no placeholder for original, link, "
            "take, affiliation: they go into the body\n") in out
    assert "no picture placeholder: the figure is fitted below the title" in out
    assert "layout 'Title and Content'  (deckgen: bullets, ranking, paper, summary, closing " \
           "slides)" in out


def test_layouts_with_a_session_uses_its_mapping(alt_template_path: Path, example: Path):
    spec = example / "session.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + f"\ntemplate: {alt_template_path}\n"
                    "layouts:\n  paper: 論文\n  figure: 図\n", encoding="utf-8")
    out = deckgen("layouts", "--session", str(example)).stdout
    assert "  paper         '論文'\n" in out and "  figure        '図'\n" in out
