"""`deckgen figures`: every figure known for a paper, found in it or stored, by number."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from deckgen.figures.captions import caption_text
from deckgen.figures.catalog import SOURCE_FILE, CatalogProblem, read_catalog
from deckgen.figures.hand import index_hand_figures
from deckgen.figures.index import _image_size
from deckgen.session.store import figures_dir, load_figure_index

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ListedFigure:
    """One figure of a paper as `deckgen figures` shows it."""

    number: int
    caption: str
    method: str | None
    width: int = 0
    height: int = 0
    stored: bool = False
    note: str | None = None


def list_figures(session_dir: Path, pid: str) -> list[ListedFigure]:
    """Every figure known for `pid`: those found in the paper and those stored, by number.

    Images the presenter put into the folder are indexed first (hand.py); each stored
    figure's size is read from its file, and a file that cannot be shown says why.
    """
    warnings, unusable = index_hand_figures(session_dir, pid)
    for warning in warnings:
        log.warning("%s", warning)
    try:
        catalog = read_catalog(figures_dir(session_dir, pid) / SOURCE_FILE, pid) or {}
    except CatalogProblem as exc:
        log.warning("%s", exc)
        catalog = {}
    out: dict[int, ListedFigure] = {}
    for found in catalog.get("figures", []):
        note = None if found.get("images") else (found.get("note") or "no image")
        out[found["number"]] = ListedFigure(found["number"],
                                            caption_text(found.get("caption") or ""),
                                            catalog.get("method"), note=note)
    for entry in load_figure_index(session_dir, pid)[0]:
        if entry.file.name in unusable:  # said above; a link out of the folder is not read
            out[entry.number] = ListedFigure(entry.number, "", entry.method, stored=True,
                                             note="not shown (see the warning)")
        elif entry.file.is_file():
            size, problem = _image_size(entry.file, whole=True)
            out[entry.number] = ListedFigure(entry.number, caption_text(entry.caption),
                                             entry.method, size[0], size[1], stored=True,
                                             note=problem)
    return [out[n] for n in sorted(out)]
