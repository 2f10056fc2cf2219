"""Figure slides: one to three of a paper's figures, with a heading, an explanation and
short captions.

A figure slide's heading is the presenter's, as written (`figures: [{figure: 3, heading:
Overview No.4}]`), or one that tells papers apart (`図1 ⑤ EvoArena`: the figure, the paper's
label, a short name of the paper). Captions are shortened to a sentence or two that can be
read from the back of the room; the whole caption goes into the speaker notes. A figure the
presenter put into `figures/<id>/` by hand is credited to them (`図: 発表者`), any other to
its paper.

The planner is handed in (`p`), not imported: `plan.planner` calls in here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from deckgen.model.deck import Para, Picture
from deckgen.model.figures import (
    FigureEntry,
    figure_slide_numbers,
    presenter_chose_figures,
    slide_figures,
)
from deckgen.model.paper import Paper
from deckgen.model.session import FigureSpec
from deckgen.model.texts import Translated
from deckgen.plan.sentences import split_sentences

CAPTION_CHARS = 120  # a shortened caption: whole sentences up to about this many characters
SHORT_NAME_CHARS = 30  # a paper's short name in a default heading
HAND_CREDIT = "図: 発表者"
HAND_METHOD = "hand"  # FigureEntry.method of a file the presenter put into figures/<id>/
GROUP_KINDS = {1: "figure", 2: "figures2", 3: "figures3"}
CAPTION_ROLES = ("caption", "caption2", "caption3")

# "Figure 3:", "Fig. 3.", "図3：" at the start of a caption
_LABEL = re.compile(r"^\s*(?:figure|fig\.?|図)\s*\d+\s*[:.：．]?\s*", re.IGNORECASE)

def short_name(title: str, limit: int = SHORT_NAME_CHARS) -> str:
    """A paper's short name: the part of its title before ':', else its first words."""
    head, sep, _ = title.partition(":")
    head = " ".join(head.split())
    if sep and head and len(head) <= limit:
        return head
    out = ""
    for word in title.replace(":", " ").split():
        if out and len(out) + 1 + len(word) > limit:
            break
        out = f"{out} {word}".strip()
    return out[:limit]


def shorten(text: str, limit: int = CAPTION_CHARS) -> str:
    """Whole sentences from the start, as many as fit in `limit` characters; a first sentence
    up to a quarter longer is kept whole, a longer one is cut at a word (in Japanese,
    anywhere) and ends in …."""
    text = " ".join(text.split())
    sentences = split_sentences(text) or [text]
    out = sentences[0]
    for sentence in sentences[1:]:
        glue = "" if out[-1] in "。！？" else " "
        if len(out) + len(glue) + len(sentence) > limit:
            break
        out += glue + sentence
    if len(out) <= limit + limit // 4:
        return out
    cut = out[:limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,、;:") + "…"


def caption_text(caption: str, number: int) -> str:
    """A caption without its own `Figure N:` label (the slide says which figure it is)."""
    return _LABEL.sub("", caption, count=1).strip()


def credit(entry: FigureEntry, paper: Paper) -> str:
    """Whose figure it is: the presenter's (a file they put in figures/<id>/), else the paper's."""
    if entry.method == HAND_METHOD:
        return HAND_CREDIT
    return f"出典: arXiv:{paper.versioned_id}"


@dataclass(frozen=True)
class ShownFigure:
    """One figure as a slide shows it: its picture, caption lines and the notes' full text."""

    picture: Picture
    caption: tuple[Para, ...]
    notes: str


def shown_figure(p: Any, pid: str, entry: FigureEntry, caption: str | None = None,
                 with_credit: bool = True) -> ShownFigure:
    """Figure `entry` of paper `pid`: `caption` (the presenter's) or its own, shortened."""
    paper: Paper = p.paper(pid)
    ja = p.inp.translations.get(pid, Translated()).captions.get(entry.number)
    full = caption_text(ja or entry.caption, entry.number)
    shown = caption if caption is not None else shorten(full)
    lines = [Para(f"図{entry.number}: {shown}" if shown else f"図{entry.number}")]
    if with_credit:
        lines.append(Para(credit(entry, paper)))
    notes = f"図{entry.number}: {full}" if full else f"図{entry.number}"
    if ja and entry.caption.strip() and entry.caption.strip() != ja.strip():
        notes += f"\n{' '.join(entry.caption.split())}"
    picture = Picture(entry.file, entry.width, entry.height, entry.known_pixels)
    return ShownFigure(picture, tuple(lines), notes)


def default_heading(p: Any, pid: str, numbers: Sequence[int], label: str) -> str:
    """`図1 ⑤ EvoArena`, `図4・図5 ⑤ EvoArena`: which figures, the paper's label, its name."""
    figures = "・".join(f"図{n}" for n in numbers)
    return " ".join(x for x in (figures, label, short_name(p.paper(pid).title)) if x)


def slide_specs(p: Any, pid: str, numbers: Sequence[int] | None,
                specs: Sequence[FigureSpec] | None) -> list[FigureSpec]:
    """What figure slides paper `pid` gets: `specs` (a section's), else the presenter's
    `figures:` entries, else one slide per figure the deck's rule names."""
    session = p.inp.session
    if specs is None and numbers is None and session.kind != "single":
        specs = session.notes(pid).figure_specs
    if specs:
        return list(specs)
    explicit = numbers is not None or presenter_chose_figures(session, pid)
    if numbers is None:
        numbers = figure_slide_numbers(session, pid)
    available = sorted(slide_figures(p.inp.session, p.inp.figures.get(pid, ())))
    wanted = available if numbers is None else list(numbers)
    if not explicit:
        wanted = [n for n in wanted if n in available]
    return [FigureSpec((n,)) for n in wanted]


def figure_slides(p: Any, pid: str, label: str, key: str,
                  numbers: Sequence[int] | None = None,
                  specs: Sequence[FigureSpec] | None = None) -> None:
    """The figure slides of paper `pid` (see slide_specs), keys `<key>:figure:<N>` (a group:
    `<key>:figure:<N>-<M>`); a figure that is not in figures/<id>/ is a warning."""
    session = p.inp.session
    by_number = {f.number: f for f in p.inp.figures.get(pid, ())}
    have = sorted(by_number)
    for spec in slide_specs(p, pid, numbers, specs):
        entries = []
        for number in spec.numbers:
            if number in by_number:
                entries.append(by_number[number])
            else:
                p.warnings.append(f"{session.file}: figure {number} of {pid} is not in "
                                  f"figures/{pid}/ (run `deckgen fetch`, or choose from "
                                  f"{have or 'none'})")
        if entries:
            figure_slide(p, pid, label, key, spec, entries)


def figure_slide(p: Any, pid: str, label: str, key: str, spec: FigureSpec,
                 entries: Sequence[FigureEntry]) -> None:
    """One slide of one to three figures: `figure`, `figure_text` (one figure and an
    explanation), `figures2` or `figures3` (the explanation in the strip above them)."""
    numbers = [e.number for e in entries]
    heading = spec.heading or default_heading(p, pid, numbers, label)
    credits = {credit(e, p.paper(pid)) for e in entries}
    shared = len(credits) == 1  # one credit line, under the last caption
    shown = [shown_figure(p, pid, e, spec.caption if len(entries) == 1 else None,
                          with_credit=not shared or i == len(entries) - 1)
             for i, e in enumerate(entries)]
    kind = GROUP_KINDS[len(entries)]
    texts: dict[str, list[Para]] = {"title": [Para(heading)]}
    suffix = "-".join(str(n) for n in spec.numbers)  # not what was found: keys stay put
    if spec.text:
        kind = "figure_text" if kind == "figure" else kind
        texts["body"] = [Para(spec.text)]
        overflow: list[str] = []
        p.fitter.fit(kind, "body", texts["body"], overflow=overflow)
        if overflow:  # too long for the strip above the figures: a slide of its own first
            p.bullets(f"{key}:figure:{suffix}:text", heading, [Para(spec.text, level=1)])
            del texts["body"]
    for role, figure in zip(CAPTION_ROLES, shown, strict=False):
        texts[role] = list(figure.caption)
    notes = "\n\n".join([*([spec.text] if spec.text else []), *(f.notes for f in shown)])
    p.add(kind, f"{key}:figure:{suffix}", texts, notes=notes,
          pictures=tuple(f.picture for f in shown))
