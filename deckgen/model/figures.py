"""A paper's figures and THE rule for which of them a deck shows.

Fetching (which figures to download), translation (which captions to translate) and the
planner (which figure slides to make) all ask `shown_figure_numbers`, so the three can never
disagree. Plain data and pure functions: no I/O.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Protocol


@dataclass(frozen=True)
class FigureEntry:
    """One figure of a paper in `figures/<id>/index.json`."""

    number: int
    file: Path
    caption: str
    source_url: str | None = None
    # how deckgen got it: "html", "ar5iv", "eprint", "pdf", or "hand" for a file the
    # presenter put into figures/<id>/ (a row of index.json without a method is one too)
    method: str = ""
    width: int = 0
    height: int = 0
    # as index.json holds them: the hash of the file's bytes as deckgen wrote them and of
    # those bytes' pixels (figures/pixels.py); load_figures trusts them only for those bytes
    image_hash: str | None = None
    pixel_hash: str | None = None
    # (sha256 of the file's bytes, pixel hash) once the file was found to be deckgen's bytes
    known_pixels: tuple[str, str] | None = None


class _Notes(Protocol):
    figures: tuple[int, ...] | None
    all_figures: bool


class _Ref(Protocol):
    base: str


class _Section(Protocol):
    figures: tuple[int, ...]


class _Image(Protocol):
    file: Path | None


class _OwnSlide(Protocol):
    images: Sequence[_Image]


class FigureChoiceSession(Protocol):
    """What the rule reads of a session (model.session.Session has all of it)."""

    dir: Path
    kind: str
    paper: _Ref | None
    picks: Sequence[_Ref]
    sections: Sequence[_Section]

    def notes(self, base_id: str) -> _Notes: ...

    def figure_references(self, base_id: str) -> tuple[int, ...]: ...

    def own_slides(self) -> Iterable[_OwnSlide]: ...


def shown_figure_numbers(session: FigureChoiceSession, pid: str) -> tuple[int, ...] | None:
    """The figure numbers the deck shows for paper `pid`; None means every figure it has.

    The figures of its figure slides (`figure_slide_numbers`), then those the presenter's
    own slides show by reference (`images: [{figure: "<id>#3"}]`).
    """
    numbers = figure_slide_numbers(session, pid)
    if numbers is None:
        return None
    return tuple(dict.fromkeys((*numbers, *session.figure_references(pid))))


def figure_slide_numbers(session: FigureChoiceSession, pid: str) -> tuple[int, ...] | None:
    """The figure numbers paper `pid` has figure slides for; None means every figure it has.

    Survey decks: the presenter's `figures:` wins (`all`, `none` or numbers); otherwise
    every figure of a picked paper and Figure 1 of any other listed paper.
    Single-paper decks: the figures the sections name, for the deck's paper only (a section
    is where a figure is shown, so a figure no section names is never fetched).
    """
    if session.kind == "single":
        if session.paper is None or session.paper.base != pid:
            return ()
        return tuple(sorted({n for s in session.sections for n in s.figures}))
    notes = session.notes(pid)
    if notes.figures is not None:
        return notes.figures
    if notes.all_figures or pid in {ref.base for ref in session.picks}:
        return None
    return (1,)


def slide_figures(session: FigureChoiceSession,
                  entries: Sequence[FigureEntry]) -> dict[int, FigureEntry]:
    """The figures that get slides of their own when every figure is shown: all but the
    files in figures/<id>/ that the presenter's own slides already show as images."""
    on_own_slides = {PurePath(posixpath.normpath(image.file.as_posix()))
                     for slide in session.own_slides() for image in slide.images if image.file}
    out = {}
    for entry in entries:
        try:
            place = PurePath(posixpath.normpath(entry.file.relative_to(session.dir).as_posix()))
        except ValueError:  # not under the session folder: not one of its images
            place = None
        if place not in on_own_slides:
            out[entry.number] = entry
    return out


def presenter_chose_figures(session: FigureChoiceSession, pid: str) -> bool:
    """True when the presenter named the figures of `pid` (a missing one is worth a warning)."""
    if session.kind == "single":
        return True
    return session.notes(pid).figures is not None


def select_figures(entries: Iterable[FigureEntry],
                   numbers: Sequence[int] | None) -> list[FigureEntry]:
    """The entries with these numbers, in the order given (None: all, in figure order)."""
    available = sorted(entries, key=lambda e: e.number)
    if numbers is None:
        return available
    by_number = {f.number: f for f in available}
    return [by_number[n] for n in numbers if n in by_number]


def shown_figures(session: FigureChoiceSession,
                  figures: Mapping[str, Sequence[FigureEntry]]) -> dict[str, list[FigureEntry]]:
    """The figures the deck shows, per paper that shows any."""
    out: dict[str, list[FigureEntry]] = {}
    for pid, entries in figures.items():
        if chosen := select_figures(entries, shown_figure_numbers(session, pid)):
            out[pid] = chosen
    return out
