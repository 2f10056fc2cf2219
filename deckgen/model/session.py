"""The session's domain model: what a validated session.yaml says, as plain data.

`deckgen.session.validate` builds these from the YAML; every later stage reads them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.model.ids import ArxivRef


@dataclass(frozen=True)
class Item:
    """A bullet with sub-bullets nested to any depth (self-introduction, points, own slides).

    `children` are Items; a plain string given there is taken as a childless Item.
    """

    text: str
    children: tuple[Item, ...] = ()

    def __post_init__(self) -> None:
        if any(isinstance(child, str) for child in self.children):
            object.__setattr__(self, "children", tuple(
                Item(child) if isinstance(child, str) else child for child in self.children))

    def walk(self, depth: int = 0) -> Iterator[tuple[int, Item]]:
        """This bullet and every bullet under it, depth first, with its depth (0 = this)."""
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)


@dataclass(frozen=True)
class FigureSpec:
    """One figure slide: one to three of a paper's figures, with the presenter's heading,
    explanation and caption (each None: deckgen's default)."""

    numbers: tuple[int, ...]
    heading: str | None = None
    text: str | None = None
    caption: str | None = None


@dataclass(frozen=True)
class SlideImage:
    """An image of an own slide: a file of the session folder (`file`, relative to it), or
    figure `figure` of paper `paper` (a base id); `caption` None for the figure's own."""

    file: Path | None = None
    paper: str | None = None
    figure: int | None = None
    caption: str | None = None


# Where a top-level own slide goes (`at:`); `before`/`after` name a ranking (survey) or a
# section (single-paper deck) in `OwnSlide.anchor`.
SURVEY_PLACES = ("start", "before", "after", "pickup", "end")
SINGLE_PLACES = ("start", "overview", "before", "after", "end")


@dataclass(frozen=True)
class OwnSlide:
    """A slide the presenter writes: a title, bullets, up to three images and notes.

    `at`/`anchor` place a top-level one (see SURVEY_PLACES); the ones under a paper or a
    section go after its slides and keep at "". `key` is the presenter's stable identity.
    """

    title: str
    bullets: tuple[Item, ...] = ()
    images: tuple[SlideImage, ...] = ()
    notes: str | None = None
    key: str | None = None
    at: str = ""
    anchor: str | None = None


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
    `figure_specs` groups and heads those numbers, one spec per figure slide (empty: one
    plain slide per number). `slides` follow the paper's slides in its ranking,
    `pickup_slides` a pick's slides in the pickup section.
    """

    take: str | None = None
    summary: Summary | None = None
    figures: tuple[int, ...] | None = None
    all_figures: bool = False
    points: tuple[Item, ...] = ()
    repeat: str | None = None  # mark | present; None: the session's compose.repeats
    earlier: str | None = None  # mark | present; None: the session's compose.earlier
    surveyed_by: str | None = None  # the team member who surveyed it
    figure_specs: tuple[FigureSpec, ...] = ()
    slides: tuple[OwnSlide, ...] = ()
    pickup_slides: tuple[OwnSlide, ...] = ()


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
    """A section of a single-paper deck: a heading, bullets, figures (numbers, and their
    slides' `figure_specs` as for PaperNotes) and own slides after its first slide."""

    title: str
    items: tuple[Item, ...] = ()
    figures: tuple[int, ...] = ()
    figure_specs: tuple[FigureSpec, ...] = ()
    slides: tuple[OwnSlide, ...] = ()


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
    earlier: str = "mark"  # mark | present: a paper an earlier month presented
    chart: str = "off"  # off | slide | beside: the ranking's bar chart
    pickup_label: str = "【pickup】"  # before a pick's title on its pickup slides
    credits: bool = True  # the credits slide at the end
    numbers: str = "circled"  # circled | dotted: ① or 1., the rank labels
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
    slides: tuple[OwnSlide, ...] = ()  # own slides placed by `at:`

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

    def own_slides(self) -> Iterator[OwnSlide]:
        """Every own slide of the session, wherever it goes."""
        yield from self.slides
        for notes in self.papers.values():
            yield from notes.slides
            yield from notes.pickup_slides
        for section in self.sections:
            yield from section.slides

    def figure_references(self, base_id: str) -> tuple[int, ...]:
        """The figures of paper `base_id` that own slides show, each once, in order."""
        return tuple(dict.fromkeys(image.figure for slide in self.own_slides()
                                   for image in slide.images
                                   if image.paper == base_id and image.figure is not None))
