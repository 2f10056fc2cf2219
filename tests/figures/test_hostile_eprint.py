"""A hostile e-print: `\\input` bombs, loops and quadratic scans end fast, as one warning."""

from __future__ import annotations

import gzip
import io
import tarfile
import time
from pathlib import Path

import pytest

from deckgen.figures.eprint import Source, SourceProblem, expanded_tex, tex_figures
from deckgen.session.store import Lock, save_lock
from tests.figure_fixtures import PAPERS, ArxivSite, serve_site, write_session
from tests.hostile import run_limited, warning_line

DOC = "\\documentclass{article}\n\\begin{document}\n"


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch):
    with serve_site(monkeypatch) as running:
        yield running


def _tar_gz(files: dict[str, str]) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), 9)


def _session_with_eprint(site: ArxivSite, folder: Path, body: bytes) -> Path:
    """A session listing 2609.21045 (in the lock), whose only source is `body`."""
    session = write_session(folder, ["2609.21045"])
    save_lock(session.dir, Lock(papers={"2609.21045": PAPERS["2609.21045"]}))
    site.eprint("2609.21045v1", body)
    return session.dir


def test_inputs_that_include_one_another_stop_at_the_size_limit(site: ArxivSite,
                                                                tmp_path: Path):
    files = {"main.tex": DOC + "\\input{l1}" * 12 + "\n\\end{document}\n"}
    for level in range(1, 8):  # 12^8 copies of the last file: gigabytes
        files[f"l{level}.tex"] = f"\\input{{l{level + 1}}}" * 12
    files["l8.tex"] = "x" * 200
    body = _tar_gz(files)
    assert len(body) < 2048
    folder = _session_with_eprint(site, tmp_path / "s", body)
    warning_line(run_limited("fetch", str(folder)), "2609.21045: e-print",
                 "its .tex files come to more than 8 MB with every \\input written in (do they "
                 "include one another?); trying the PDF")


def test_300_kb_of_unclosed_figures_is_read_in_linear_time(site: ArxivSite, tmp_path: Path):
    tex = DOC + "\\begin{figure}\\caption{" * 15_000 + "\n\\end{document}\n"
    folder = _session_with_eprint(site, tmp_path / "s", gzip.compress(tex.encode()))
    outcome = run_limited("fetch", str(folder), timeout=20)
    warning_line(outcome, "no HTML, source or PDF found on arXiv")
    assert outcome.seconds < 10


def test_a_file_that_includes_itself_is_named(tmp_path: Path):
    files = {"main.tex": (DOC + "\\input{a}").encode(), "a.tex": b"\\input{b}",
             "b.tex": b"\\input{a.tex}"}
    with pytest.raises(SourceProblem, match=r"^a.tex includes itself through \\input$"):
        expanded_tex(files, "main.tex")


def test_inputs_nested_too_deep_are_named(tmp_path: Path):
    files = {"main.tex": (DOC + "\\input{l1}").encode()}
    for level in range(1, 12):
        files[f"l{level}.tex"] = f"\\input{{l{level + 1}}}".encode()
    with pytest.raises(SourceProblem, match=r"^\\input nested more than 8 deep \(main.tex -> "
                                            r"l1.tex -> l2.tex -> ... -> l9.tex\)$"):
        expanded_tex(files, "main.tex")


def test_unclosed_captions_are_skipped_in_linear_time_and_the_figures_still_found():
    tex = (DOC + "\\begin{figure*}never closed\n"
           "\\begin{figure}" + "\\caption{" * 4000 + "\\end{figure}\n"
           "\\begin{figure}\\includegraphics[width=\\linewidth]{a}"
           "\\begin{subfigure}{.5\\linewidth}\\caption{inner}\\end{subfigure}"
           "\\caption[short]{Outer \\textbf{bold} \\label{f}.}\\end{figure}\n"
           "\\begin{wrapfigure}{r}{3cm}\\includegraphics{b}\\caption{Wrapped}\\end{wrapfigure}\n")
    source = Source("tar", files={"main.tex": tex.encode(), "a.png": b"", "b.png": b""})
    started = time.monotonic()
    found = tex_figures(source)
    assert time.monotonic() - started < 1
    assert [(f.number, f.caption, f.images) for f in found] == [
        (1, "", ()), (2, "Outer bold.", ("a.png",)), (3, "Wrapped", ("b.png",))]
