"""Progress while fetching: per paper when piped, per figure and per wait on a terminal."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from deckgen.cli import main
from deckgen.commands.common import Progress
from deckgen.commands.output import Output
from deckgen.session.store import Lock, save_lock
from tests.figure_fixtures import PAPERS, ArxivSite, serve_site, write_session

IDS = ("2609.21045", "2503.20783")


def deckgen(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch):
    with serve_site(monkeypatch) as running:
        running.html_2609()
        running.html_2503()
        yield running


def figures_session(folder: Path) -> Path:
    """Two papers whose metadata is in the lock, so `fetch` fetches only their figures."""
    session = write_session(folder, list(IDS), picks=["2503.20783"])
    save_lock(folder, Lock(papers={pid: PAPERS[pid] for pid in IDS}))
    return session.dir


def test_piped_a_fetch_says_one_plain_line_per_paper(site: ArxivSite, tmp_path: Path):
    session = figures_session(tmp_path / "s")
    result = deckgen("fetch", str(session))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == ["figures 1/2: 2609.21045: 1 figure",
                                          "figures 2/2: 2503.20783: 2 figures"]
    assert result.stdout.startswith(f"{session}: ")
    shutil.rmtree(session / "figures")
    quiet = deckgen("fetch", str(session), "-q")
    assert quiet.stderr == ""


def test_piped_a_build_says_the_same_lines(site: ArxivSite, tmp_path: Path):
    session = figures_session(tmp_path / "s")
    result = deckgen("build", str(session), "--no-pdf")
    assert result.exit_code == 0, result.output
    assert [line for line in result.stderr.splitlines() if line.startswith("figures ")] == [
        "figures 1/2: 2609.21045: 1 figure", "figures 2/2: 2503.20783: 2 figures"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_bar_shows_each_figure_and_each_wait():
    screen = Terminal()
    progress = Progress(click.Context(main, obj=Output()), "figures", screen)
    progress(0, 2, "2609.21045")
    progress.note("2609.21045 Figure 1 (html)")
    shown_figure = screen.getvalue()
    progress.note("arxiv.org: waiting 2.7 s (at most one request every 3 s)")
    shown_wait = screen.getvalue()
    progress(1, 2, "2609.21045: 1 figure")
    progress.close()
    assert "2609.21045 Figure 1 (html)" in shown_figure
    assert "arxiv.org: waiting 2.7 s (at most" in shown_wait
    assert "1/2" in screen.getvalue()


def test_the_wait_between_requests_reaches_the_bar(site: ArxivSite, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch):
    from deckgen.net.fetch import fetch_session

    monkeypatch.setenv("DECKGEN_ARXIV_DELAY", "0.1")
    session = figures_session(tmp_path / "s")
    notes: list[str] = []
    fetch_session(session, note=notes.append)
    assert "2609.21045 Figure 1 (html)" in notes
    assert any(n.startswith("127.0.0.1:") and ": waiting 0.1 s (at most one request every "
               "0.1 s)" in n for n in notes), notes
