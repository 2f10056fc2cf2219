"""The session's domain model: what a validated session.yaml says, as plain data.

`deckgen.session.validate` builds these from the YAML; every later stage reads them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.model.ids import ArxivRef


@dataclass(frozen=True)
class Item:
    """A bullet with optional sub-bullets (self-introduction, points, comments)."""

    text: str
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class Summary:
    """The 目的 / 成果 / 方法 / 固有名 / 著者所属 slide; None fields print as `ー`."""

    purpose: str | None = None
    result: str | None = None
    method: str | None = None
    name: str | None = None
    affiliations: str | None = None


@dataclass(frozen=True)
class PaperNotes:
    """What the presenter wrote about one paper.

    `figures` is None for "every figure present", () for none, else the figure numbers;
    `all_figures` tells an explicit `figures: all` from no choice (fetch defaults differ).
    """

    take: str | None = None
    summary: Summary | None = None
    figures: tuple[int, ...] | None = None
    all_figures: bool = False
    points: tuple[Item, ...] = ()
    repeat: str | None = None  # mark | present; None: the session's compose.repeats


@dataclass(frozen=True)
class RankingEntry:
    """One paper of a frozen ranking, in rank order."""

    ref: ArxivRef
    signal: str | None = None
    title: str | None = None
    org: str | None = None  # the authors' organisation, as the ranking source named it


@dataclass(frozen=True)
class Ranking:
    """A ranking frozen at survey time: where it came from and its papers in order."""

    name: str
    source: str | None
    query: str | None
    surveyed_at: dt.datetime | dt.date | None
    description: str | None
    entries: tuple[RankingEntry, ...]


@dataclass(frozen=True)
class Section:
    """A section of a single-paper deck: a heading, bullets and figure numbers."""

    title: str
    items: tuple[Item, ...] = ()
    figures: tuple[int, ...] = ()


@dataclass(frozen=True)
class Compose:
    """The `compose:` switches: which slides a deck has and how they read (each declared,
    with its meaning, in `session.schema.COMPOSE`)."""

    agenda: bool = True
    dividers: bool = True
    title_date: bool = True
    summary: str = "slide"  # slide | paper
    abstract: str = "paragraph"  # paragraph | sentences
    repeats: str = "mark"  # mark | present
    pickup_abstract: str = "refer"  # refer | repeat
    overview: bool = True
    abstract_slide: bool = True
    references: bool = True
    thanks: bool = True


@dataclass(frozen=True)
class Session:
    """A validated session.yaml."""

    dir: Path
    file: Path
    kind: str
    name: str
    event: str
    date: dt.date
    presenter: str
    affiliation: str | None = None
    team: tuple[str, ...] = ()
    template: Path | None = None
    layouts: dict[str, str] = field(default_factory=dict)
    language: str = "ja"
    translator: str = "none"
    glossary: dict[str, str] = field(default_factory=dict)
    self_intro: tuple[Item, ...] = ()
    rankings: tuple[Ranking, ...] = ()
    picks: tuple[ArxivRef, ...] = ()
    papers: dict[str, PaperNotes] = field(default_factory=dict)
    closing: tuple[Item, ...] = ()
    # single-paper decks
    paper: ArxivRef | None = None
    point: str | None = None
    reasons: tuple[Item, ...] = ()
    sections: tuple[Section, ...] = ()
    comments: tuple[Item, ...] = ()
    references: tuple[Item, ...] = ()
    thanks: str | None = None
    contact: tuple[Item, ...] = ()
    compose: Compose = Compose()

    def all_refs(self) -> list[ArxivRef]:
        """Every arXiv id the deck uses, each once, in first-mention order."""
        refs: list[ArxivRef] = []
        seen: set[str] = set()
        candidates = [e.ref for r in self.rankings for e in r.entries] + list(self.picks)
        if self.paper:
            candidates.insert(0, self.paper)
        for ref in candidates:
            if ref.base not in seen:
                seen.add(ref.base)
                refs.append(ref)
        return refs

    def notes(self, base_id: str) -> PaperNotes:
        """The presenter's notes on a paper (empty when there are none)."""
        return self.papers.get(base_id, PaperNotes())
