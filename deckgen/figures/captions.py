"""A figure caption as text: the LaTeX a paper's source or a LaTeXML page leaks, turned into text.

Captions come from e-print sources (LaTeX) and from arXiv's HTML, where a macro LaTeXML did
not know stays as it was written (`\\raisebox{2.15277pt}{\\texttildelow}2.3 days`). pylatexenc's
`LatexNodes2Text` (MIT) turns both into text (`~2.3 days`). A caption with no backslash is
text already and only has its white space tidied, so a `%` or `$` in plain text is kept.
The converter is bounded: at most MAX_CAPTION_LATEX characters go in, and any failure of
pylatexenc (deep nesting runs out of stack) falls back to a plain strip of the commands.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

from deckgen.limits import MAX_CAPTION_LATEX

_LATEX = re.compile(r"\\[A-Za-z@]|\\[%&_#${}~^ ]")
_CITES = ("cite", "citep", "citet", "citealp", "citeauthor", "citeyear")
_REFS = ("ref", "eqref", "autoref", "cref", "Cref", "subref", "pageref")

# a parse problem is handled here (tolerant parsing, then the fallback): not worth a log line
logging.getLogger("pylatexenc").setLevel(logging.CRITICAL)


def caption_text(caption: str) -> str:
    """The caption as one line of text: LaTeX converted, white space collapsed."""
    if not _LATEX.search(caption):
        return " ".join(caption.split())
    latex = caption[:MAX_CAPTION_LATEX]
    latex = re.sub(r"(?<!\\)%", r"\\%", latex)  # a % in a caption is a percent sign
    try:
        text = _convert(latex)
    except Exception:  # noqa: BLE001 - pylatexenc on hostile input (RecursionError, ...)
        text = strip_latex(latex)
    return _tidy(text)


def _convert(latex: str) -> str:
    from pylatexenc.latexwalker import LatexWalker

    walker_context, converter = _converter()
    nodes = LatexWalker(latex, latex_context=walker_context,
                        tolerant_parsing=True).get_latex_nodes()[0]
    return str(converter.nodelist_to_text(nodes))


@cache
def _converter() -> tuple[Any, Any]:
    """The walker's macro table and the converter, with what captions use added:
    `\\raisebox{dim}{x}` is x, citations and labels vanish, references read `?`."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
    from pylatexenc.latex2text import get_default_latex_context_db as text_db
    from pylatexenc.latexwalker import get_default_latex_context_db as walker_db
    from pylatexenc.macrospec import MacroSpec

    walker = walker_db()
    walker.add_context_category("deckgen-captions", prepend=True, macros=[
        MacroSpec("raisebox", "{[[{"), MacroSpec("texttildelow", ""),
        MacroSpec("footnote", "[{"),
        *(MacroSpec(m, "*[[{") for m in _CITES), *(MacroSpec(m, "*{") for m in _REFS)])
    text = text_db()
    text.add_context_category("deckgen-captions", prepend=True, macros=[
        MacroTextSpec("raisebox", simplify_repl="%(4)s"), MacroTextSpec("texttildelow", "~"),
        MacroTextSpec("textasciitilde", "~"), MacroTextSpec("footnote", ""),
        MacroTextSpec("label", ""), *(MacroTextSpec(m, "") for m in _CITES),
        *(MacroTextSpec(m, "?") for m in _REFS)])
    return walker, LatexNodes2Text(latex_context=text, math_mode="text")


def _tidy(text: str) -> str:
    text = " ".join(text.replace("\xa0", " ").split())
    return re.sub(r"\s+([.,;:)])", r"\1", text).replace("( ", "(")


def strip_latex(tex: str) -> str:
    """A caption's LaTeX made readable without a parser: labels and citations dropped,
    commands unwrapped. Linear in the text; the fallback when pylatexenc fails."""
    text = re.sub(r"\\(label|cite[tp]?\*?|footnote)\s*(\[[^\]]{0,200}\])?\{[^{}]*\}", "",
                  tex.replace("\x00", ""))
    text = re.sub(r"\\(?:eq|auto|c|C)?ref\s*\{[^{}]*\}", "?", text)
    text = re.sub(r"\\raisebox\s*\{[^{}]*\}", "", text)
    text = re.sub(r"\\text(?:tildelow|asciitilde)\b\s*", "\x00", text)  # a ~ kept as ~
    for _ in range(4):  # unwrap \textbf{..}, \emph{..} and nested ones
        text = re.sub(r"\\[A-Za-z]+\*?\s*(\[[^\]]{0,200}\])?\{([^{}]*)\}", r"\2", text)
    text = re.sub(r"\\(%|&|_|#|\$)", r"\1", text)
    text = re.sub(r"\\[A-Za-z]+\*?", "", text).replace("~", " ").replace("\x00", "~")
    text = text.replace("{", "").replace("}", "").replace("$", "")
    return _tidy(text)
