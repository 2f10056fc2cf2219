"""Composition switches (`compose:` in session.yaml): which slides a deck has, and how they read.

The survey and single-paper plans call in here wherever a switch decides: the abstract as a
paragraph or one bullet per sentence (`split_sentences`), the summary on a slide of its own or
on the paper's, a paper of an earlier ranking marked or presented again, the pickup's abstract
repeated or pointed back to, short points joining the slide before them, and the last pass
that leaves out any slide with nothing to show but its title (said with `-v`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from deckgen.model.deck import Para, Slide
from deckgen.model.figures import figure_slide_numbers, slide_figures
from deckgen.model.ids import ArxivRef
from deckgen.model.session import Ranking
from deckgen.model.texts import Translated
from deckgen.plan.planner import Planner, item_paras
from deckgen.plan.sentences import split_sentences

NO_ABSTRACT = "(アブストラクトなし)"
POINTS_HEAD = "要点:"
# Points this short (paragraphs, sub-bullets included) join the slide before them when they
# fit there as it is; longer ones, or ones that do not fit, get a slide of their own.
SHORT_POINTS = 3
# Kinds whose title is what they show (a divider, the title slide): never "empty".
TITLE_KINDS = frozenset({"title", "section"})

def abstract_paras(text: str, form: str) -> list[Para]:
    """An abstract as the deck shows it: its paragraphs as written (`paragraph`), or one
    bullet per sentence (`sentences`)."""
    lines = [line for line in text.split("\n") if line.strip()]
    if form == "sentences":
        return [Para(s, level=1) for line in lines for s in split_sentences(line)]
    return [Para(line) for line in lines]


# ---- the paper's slide ------------------------------------------------------------------
def where(p: Planner, ranking: Ranking, rank: int) -> str:
    """How the deck names a paper's place: `⑤`, or `Top Recent ⑤` when there are several
    rankings."""
    if len(p.inp.session.rankings) > 1:
        return f"{ranking.name} {p.label(rank)}"
    return p.label(rank)


def paper_body(p: Planner, pid: str, *, abstract: bool = True, refer: str | None = None,
               summary: bool = True) -> list[Para]:
    """The body of a paper's slide: the `refer` line, the abstract, and the summary's
    lines when `compose.summary` is `paper` (and `summary` allows it here)."""
    s = p.inp.session
    body = [Para(refer)] if refer else []
    if abstract:
        text = p.inp.translations.get(pid, Translated()).abstract or p.paper(pid).abstract
        body += abstract_paras(text, s.compose.abstract) or [Para(NO_ABSTRACT)]
    notes = s.notes(pid)
    if summary and notes.summary is not None and s.compose.summary == "paper":
        body += p.summary_paras(pid, notes.summary)
    return body


def present(p: Planner, pid: str, label: str, key: str, *, summary: bool = True,
            tag: str = "", refer: str | None = None, extra: Sequence[Para] = ()) -> None:
    """The paper's slide(s), paginated: its abstract (or only the `refer` line), the
    summary's lines when they go on the paper's slide, then `extra`."""
    body = paper_body(p, pid, abstract=refer is None, refer=refer, summary=summary)
    p.paper_slides(pid, label, key, body=[*body, *extra], tag=tag)


def repeat_mode(p: Planner, pid: str) -> str:
    """`mark` or `present` for a paper an earlier ranking has: its own `repeat:`, else the
    session's `compose.repeats`."""
    return p.inp.session.notes(pid).repeat or p.inp.session.compose.repeats


def present_again(p: Planner, pid: str, ranking_number: int, rank: int,
                  first: tuple[Ranking, int]) -> None:
    """A paper an earlier ranking presented: with `present`, its slide again under this
    ranking's number, tagged with where it was first (`Top Recent ⑥`), keyed
    `paper:<id>:r<ranking number>:…` so that each presentation keeps its own identity."""
    if repeat_mode(p, pid) != "present":
        return
    earlier, earlier_rank = first
    present(p, pid, p.label(rank), f"paper:{pid}:r{ranking_number}",
            tag=f"{earlier.name} {p.label(earlier_rank)}")


# ---- single-paper decks -----------------------------------------------------------------
def overview_shown(p: Planner) -> bool:
    """Whether a single-paper deck has its Overview: `compose.overview`, and something of
    the presenter's to show (point or reasons); authors alone are no overview, so without
    either it is left out with a note."""
    s = p.inp.session
    if not s.compose.overview:
        return False
    if s.point or s.reasons:
        return True
    p.notes.append("left out the Overview: session.yaml has no `point:` or `reasons:` (write "
                   "them to get it, or `compose: {overview: false}` to say so)")
    return False


# ---- the pickup -------------------------------------------------------------------------
def in_pickup(p: Planner, pid: str) -> bool:
    """Whether a pick has slides in the pickup section: its abstract again (`repeat`), its
    summary slide, points, own pickup slides or figures. With none of these it would show
    only a line pointing back, so it is presented where its ranking has it, marked 【pickup】
    on the list (as the 2022-04 deck does)."""
    s = p.inp.session
    notes = s.notes(pid)
    if s.compose.pickup_abstract == "repeat" or notes.points or notes.pickup_slides:
        return True
    if (notes.summary is not None and s.compose.summary == "slide") or notes.figure_specs:
        return True
    numbers = figure_slide_numbers(s, pid)
    have = set(slide_figures(s, p.inp.figures.get(pid, ())))
    return bool(have if numbers is None else have & set(numbers))


def pickup_picks(p: Planner, note: bool = False) -> list[ArxivRef]:
    """The picks the pickup section presents (see `in_pickup`); with `note`, a -v note for
    each one it leaves to its place in the ranking."""
    picks = [ref for ref in p.inp.session.picks if in_pickup(p, ref.base)]
    for ref in p.inp.session.picks if note else ():
        if ref not in picks:
            p.notes.append(f"left {ref.base} out of the pickup: it has nothing there but a line "
                           "pointing back to its abstract (give it points:, a summary slide, "
                           "figures or pickup_slides:, or set compose.pickup_abstract: repeat)")
    return picks


def pickup(p: Planner, pid: str, label: str, first: tuple[Ranking, int] | None) -> None:
    """A pick's slides in the pickup section, before its figures.

    `repeat`: the abstract slide again, then the summary and the points. `refer`: a line
    pointing back to the abstract (アブストラクトは ① を参照) on the pick's summary slide, or,
    without one, on a slide of the paper's own (title, link, take; with `summary: paper`
    the summary is on its slide in the ranking, not again here). Points of at most
    SHORT_POINTS paragraphs join the slide before them when they fit; others get their own
    slide.
    """
    s = p.inp.session
    key = f"pickup:{pid}"
    notes = s.notes(pid)
    points = item_paras(notes.points)
    line = None
    if s.compose.pickup_abstract == "refer" and first is not None:
        line = f"アブストラクトは {where(p, *first)} を参照"
    own_summary = notes.summary is not None and s.compose.summary == "slide"
    joined = False
    if line is None or not own_summary:
        def paper(extra: Sequence[Para]) -> None:  # the summary's lines are on it once
            present(p, pid, label, key, refer=line, extra=extra, summary=line is None)
        joined = _joined(p, paper, () if own_summary else points)
    if own_summary:
        assert notes.summary is not None

        def summary(extra: Sequence[Para]) -> None:
            p.summary_slide(pid, label, key, notes.summary,
                            before=[Para(line)] if line else [], after=extra)
        joined = _joined(p, summary, points)
    if points and not joined:
        p.bullets(f"{key}:points", f"{label} {p.titles(pid)[0]}", notes.points)


def _joined(p: Planner, make: Callable[[Sequence[Para]], None],
            points: Sequence[Para]) -> bool:
    """Make a slide; with `points` after its body when they are short and fit there as it
    is (no page more, no text too long). Whether they joined."""
    start, warned = len(p.slides), len(p.warnings)
    make(())
    if not 0 < len(points) <= SHORT_POINTS:
        return False
    alone, alone_warnings = p.slides[start:], p.warnings[warned:]
    del p.slides[start:], p.warnings[warned:]
    make([Para(POINTS_HEAD), *points])
    if len(p.slides) - start == len(alone) and len(p.warnings) - warned <= len(alone_warnings):
        return True
    del p.slides[start:], p.warnings[warned:]
    p.slides.extend(alone)
    p.warnings.extend(alone_warnings)
    return False


# ---- nothing to show --------------------------------------------------------------------
def shows_something(slide: Slide) -> bool:
    """Whether a slide has more than its title: text in another role, a picture or a chart
    (a divider or the title slide shows its title, and counts)."""
    if slide.kind in TITLE_KINDS or slide.picture is not None or getattr(slide, "chart", None):
        return True
    return any(para.text.strip() for role, text in slide.texts.items() if role != "title"
               for para in text.paras)


def leave_out_empty(slides: Sequence[Slide]) -> tuple[list[Slide], list[str]]:
    """The slides that show something, and a note for each one left out."""
    kept: list[Slide] = []
    notes: list[str] = []
    for slide in slides:
        if shows_something(slide):
            kept.append(slide)
            continue
        title = slide.texts["title"].plain if "title" in slide.texts else ""
        notes.append(f"left out slide {slide.key}{f' ({title})' if title else ''}: nothing "
                     "to show but its title")
    return kept, notes
