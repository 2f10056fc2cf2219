"""How much deckgen says: -v, -vv, -vvv and -q, before or after the subcommand.

Results come from click's CliRunner, which keeps stdout and stderr apart (click 8.2+), so
each test says which stream a line belongs on. What other libraries log is checked in a
real process, where nothing else (pytest's log capture) has configured logging first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deckgen.cli import main
from deckgen.session.store import Lock, save_lock
from tests.conftest import add_figures
from tests.figure_fixtures import PAPERS, ArxivSite, serve_site, write_session


def deckgen(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def use_deepl(session: Path) -> None:
    """translator: deepl, so an --offline build has a warning to give."""
    spec = session / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("\nself_intro:", "\ntranslator: deepl\nself_intro:", 1),
                    encoding="utf-8")


def test_v_after_the_subcommand_shows_deckgens_steps_on_stderr(example: Path):
    plain = deckgen("build", str(example), "--no-pdf", "--offline")
    assert plain.stderr == ""
    shutil.rmtree(example / "build")
    result = deckgen("build", str(example), "--no-pdf", "--offline", "-v")
    assert result.exit_code == 0, result.output
    pptx = example / "build" / "2026-06.pptx"
    assert result.stdout == plain.stdout == f"built 20 slides: {pptx}; no request sent\n"
    assert f"wrote {pptx} (20 slides)\n" in result.stderr


def test_v_before_the_subcommand_says_the_same(example: Path):
    after = deckgen("build", str(example), "--no-pdf", "--offline", "-v")
    shutil.rmtree(example / "build")
    before = deckgen("-v", "build", str(example), "--no-pdf", "--offline")
    assert before.exit_code == after.exit_code == 0
    assert before.stderr == after.stderr
    assert f"wrote {example / 'build' / '2026-06.pptx'} (20 slides)" in before.stderr


def test_q_after_the_subcommand_prints_no_warning_and_no_report(example: Path):
    use_deepl(example)
    loud = deckgen("build", str(example), "--no-pdf", "--offline")
    assert "warning: 8 texts stay in English" in loud.stderr
    quiet = deckgen("build", str(example), "--no-pdf", "--offline", "--fresh", "-q")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout == "" and quiet.stderr == ""


def test_q_still_prints_errors(tmp_path: Path):
    result = deckgen("build", str(tmp_path), "-q")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {tmp_path}: no session.yaml here")


def test_q_doctor_prints_only_what_needs_doing(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("DECKGEN_SERVER_DIR", str(tmp_path / "server"))
    monkeypatch.setenv("DECKGEN_ARXIV_DELAY", "soon")
    result = deckgen("doctor", "-q")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(("FAIL", "warn", "      fix:")) for line in lines)
    assert any("DECKGEN_ARXIV_DELAY" in line for line in lines)
    assert result.stderr == ""


def test_q_keeps_a_listing(example: Path):
    result = deckgen("figures", str(example), "-q")
    assert result.exit_code == 0
    assert result.stdout.startswith("2606.13681  (deck shows: ")
    assert result.stderr == ""


def _run(session: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`deckgen ARGS` in a process of its own, as a presenter runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return subprocess.run([sys.executable, "-m", "deckgen", *args], capture_output=True,
                          text=True, cwd=session.parent, env=env, timeout=120, check=False)


def test_v_shows_no_debugging_of_pillow_or_other_libraries(example: Path):
    add_figures(example, "2606.13681", [(1, 400, 300, "PNG")])  # Pillow reads it
    result = _run(example, "-v", "build", example.name, "--no-pdf", "--offline")
    assert result.returncode == 0, result.stderr
    assert "wrote " in result.stderr
    for noise in ("STREAM b'", "PIL.", "pdfminer", "urllib3", "DEBUG"):
        assert noise not in result.stderr, result.stderr[:2000]


def test_vvv_shows_the_libraries_too(example: Path):
    add_figures(example, "2606.13681", [(1, 400, 300, "PNG")])
    result = _run(example, "build", example.name, "--no-pdf", "--offline", "-vvv")
    assert result.returncode == 0, result.stderr
    assert "PIL.PngImagePlugin: STREAM b'IHDR'" in result.stderr



@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch):
    with serve_site(monkeypatch) as running:
        running.html_2609()
        running.html_2503()
        yield running


def figures_session(folder: Path) -> Path:
    """Two papers whose metadata is in the lock, so `fetch` fetches only their figures."""
    session = write_session(folder, ["2609.21045", "2503.20783"])
    save_lock(folder, Lock(papers={pid: PAPERS[pid] for pid in ("2609.21045", "2503.20783")}))
    return session.dir


def test_vv_shows_each_request_and_v_each_wait(site: ArxivSite, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DECKGEN_ARXIV_DELAY", "0.2")
    session = figures_session(tmp_path / "s")
    result = deckgen("fetch", str(session), "-vv")
    assert result.exit_code == 0, result.output
    assert f"GET {site.web.url}/html/2609.21045v1: HTTP 200 (" in result.stderr
    assert ": waiting 0.2 s (at most one request every 0.2 s)" in result.stderr
    shutil.rmtree(session / "figures")
    again = deckgen("fetch", str(session), "-v")
    assert again.exit_code == 0
    assert ": waiting 0.2 s" in again.stderr
    assert "GET " not in again.stderr


def test_v_says_what_was_kept_from_the_cache(site: ArxivSite, tmp_path: Path):
    session = figures_session(tmp_path / "s")
    assert deckgen("fetch", str(session)).exit_code == 0
    again = deckgen("fetch", str(session), "-v")
    assert again.exit_code == 0
    assert f"{session}: every paper is in the lock" in again.stderr
    assert "2609.21045: every figure the deck shows is in figures/ already (1)" in again.stderr
    spec = session / "session.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + "translator: deepl\n", encoding="utf-8")
    (session / "translations.yaml").write_text(
        '"2609.21045":\n  title: 訳\n  abstract: 要旨\n  figure-1: 図\n'
        '"2503.20783":\n  title: 訳\n  abstract: 要旨\n  figure-1: 図\n', encoding="utf-8")
    built = deckgen("build", str(session), "--no-pdf", "--offline", "-v")
    assert "translations.yaml holds every text the deck shows; DeepL not asked" in built.stderr
