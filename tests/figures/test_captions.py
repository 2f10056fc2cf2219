"""Figure captions reach the planner as text: LaTeX from a source or a LaTeXML page converted,
bounded, and a hostile caption never hangs or crashes a build."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from deckgen.figures.captions import caption_text
from deckgen.figures.eprint import Source, tex_figures
from deckgen.figures.index import load_figures
from tests.conftest import add_figures, run_cli

LEAKED = r"\raisebox{2.15277pt}{\texttildelow}2.3 days"


def test_the_caption_of_the_issue_becomes_text() -> None:
    assert caption_text(f"Training takes {LEAKED} on one GPU.") == \
        "Training takes ~2.3 days on one GPU."


@pytest.mark.parametrize(("latex", "text"), [
    (r"Results on \textbf{MNIST} with $\alpha=0.5$ \citep[p.~3]{x}.",
     "Results on MNIST with α=0.5."),
    (r"See Fig.~\ref{fig:a} and \emph{Left:} 50\% faster\label{f}",
     "See Fig. ? and Left: 50% faster"),
    ("50% faster on a $5 budget", "50% faster on a $5 budget"),  # plain text stays as it is
    (r"a \unknownmacro b \textasciitilde{}3", "a b ~3"),
])
def test_latex_becomes_readable_text(latex: str, text: str) -> None:
    assert caption_text(latex) == text


@pytest.mark.parametrize("hostile", [
    "\\textbf{" * 3000, "\\begin{" * 3000, "\\(" * 3000, "{" * 20000, "\\sqrt[" * 3000,
    "$" * 50000, "\\" * 50000, "\\verb|" * 5000,
])
def test_a_hostile_caption_neither_hangs_nor_crashes(hostile: str) -> None:
    start = time.monotonic()
    text = caption_text(f"Figure: {hostile} end")
    assert time.monotonic() - start < 2
    assert isinstance(text, str) and "\n" not in text


def test_an_eprint_caption_with_raisebox_is_text() -> None:
    tex = (r"\documentclass{article}\begin{document}\begin{figure}\includegraphics{a}"
           r"\caption{Speed-up: " + LEAKED + r" instead of a week.}\end{figure}\end{document}")
    source = Source("tar", files={"ms.tex": tex.encode(), "a.png": b"png"})
    [fig] = tex_figures(source)
    assert fig.caption == "Speed-up: ~2.3 days instead of a week."


def test_an_index_json_with_latex_from_before_comes_out_clean(example: Path) -> None:
    add_figures(example, "2606.13681", [(1, 80, 60, "PNG")])
    index = example / "figures" / "2606.13681" / "index.json"
    rows = json.loads(index.read_text(encoding="utf-8"))
    rows[0]["caption"] = f"Figure 1: a run of {LEAKED} with \\textbf{{EvoMem}}."
    index.write_text(json.dumps(rows), encoding="utf-8")
    figures, warnings = load_figures(example, ["2606.13681"])
    assert warnings == []
    assert figures["2606.13681"][0].caption == "Figure 1: a run of ~2.3 days with EvoMem."
    listed = run_cli("figures", str(example), "2606.13681")
    assert "a run of ~2.3 days" in listed.output and "raisebox" not in listed.output
