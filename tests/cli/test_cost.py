"""Every build ends with one line that says what it cost: requests per service, DeepL
characters billed by this build, and the DeepL account's use of its limit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deckgen.cli import main
from deckgen.session.store import Lock, save_lock
from tests.deepl_server import DeepLServer, FakeDeepL
from tests.figure_fixtures import PAPERS, ArxivSite, serve_site, write_session

KEY = "0123abcd-test-key:fx"


def deckgen(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivSite]:
    with serve_site(monkeypatch) as running:
        running.html_2609()
        yield running


@pytest.fixture
def deepl(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDeepL]:
    server = DeepLServer(KEY)
    monkeypatch.setenv("DEEPL_AUTH_KEY", KEY)
    monkeypatch.setenv("DECKGEN_DEEPL_URL", server.state.url)
    server.state.quota = 500_000
    yield server.state
    server.close()


def session_with(folder: Path, translator: str) -> Path:
    session = write_session(folder, ["2609.21045"]).dir
    with (session / "session.yaml").open("a", encoding="utf-8") as spec:
        spec.write(f"translator: {translator}\n")
    save_lock(session, Lock(papers={"2609.21045": PAPERS["2609.21045"]}))
    return session


def test_a_build_says_its_requests_and_deepl_characters(site: ArxivSite, deepl: FakeDeepL,
                                                        tmp_path: Path):
    session = session_with(tmp_path / "s", "deepl")
    result = deckgen("build", str(session), "--no-pdf")
    assert result.exit_code == 0, result.output
    last = result.stdout.splitlines()[-1]
    billed = deepl.characters
    arxiv = len(site.web.requests)
    assert billed > 0
    assert last.startswith("built ")
    assert last.endswith(f"; {arxiv + 2} requests (arXiv {arxiv}, DeepL 2), DeepL {billed:,} "
                         f"characters ({billed:,} of 500,000 used this period)"), last
    again = deckgen("build", str(session), "--no-pdf")
    assert again.stdout.splitlines()[-1].endswith("; no request sent")


def test_without_deepl_the_line_names_the_requests_only(site: ArxivSite, tmp_path: Path):
    session = session_with(tmp_path / "s", "none")
    result = deckgen("build", str(session), "--no-pdf")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].endswith("; 2 requests (arXiv 2)")
    assert "DeepL" not in result.stdout
