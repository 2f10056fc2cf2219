"""The presenter's own slides: where each goes, its kind, its text fitted, its stable key.

session.yaml has them in four places: the top-level `slides:` (placed by `at:`), a paper's
`slides:` (after the paper's slides where it is presented), a pick's `pickup_slides:` (after
its slides in the pickup section) and a section's `slides:` (after the section's first slide).
The survey and single-paper plans call `insert(p, place, ref)` at each of those places.

Kinds: `bullets` (no image; long bullets continue on `(2/2)`), `section` (a title alone),
`figure` (one image, no bullets), `figure_text` (bullets beside one image; bullets that do
not fit continue on bullets slides), `figures2` / `figures3` (two or three images; the
bullets in the strip above them, or on a bullets slide before them when they do not fit).

Keys: `own:<key>` for a slide with `key:`, else `own:<place>:<title>` (`#2` for a second
slide of that title there), so inserting another own slide changes no other slide's key
and a rebuild keeps the presenter's edits to each.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from deckgen.model.deck import Para
from deckgen.model.session import OwnSlide, Section, SlideImage
from deckgen.plan import figslides
from deckgen.plan.figslides import ShownFigure
from deckgen.plan.planner import SECTION_TITLE, Planner, item_paras, page_mark

KINDS = {1: "figure", 2: "figures2", 3: "figures3"}
SLUG_CHARS = 40

# places a plan calls `insert` at, and what `ref` names there
TOP_PLACES = ("start", "overview", "before", "after", "pickup", "end")  # `at:` (ref: anchor)
PAPER = "after-paper"  # ref: the paper's id; its `slides:`, where it is first presented
PICK = "after-pick"  # ref: the pick's id; its `pickup_slides:`
SECTION = "section"  # ref: the section's number (1-based); its `slides:`


def slug(text: str) -> str:
    """A key part from a title: words (any script) joined by dashes, lower case."""
    return re.sub(r"\W+", "-", text.lower()).strip("-")[:SLUG_CHARS] or "slide"


def insert(p: Planner, place: str, ref: str | int | None = None) -> None:
    """Plan the own slides that go at `place` (see the module's docstring), once each."""
    done = f"@{place}|{ref}"
    if done in p.own_keys:  # a paper presented again (compose.repeats: present)
        return
    p.own_keys.add(done)
    s = p.inp.session
    slides: Sequence[OwnSlide]
    if place in TOP_PLACES:
        slides = [x for x in s.slides if (x.at or "end") == place and x.anchor == ref]
        where = place if ref is None else f"{place}-{slug(str(ref))}"
    elif place == PAPER:
        slides, where = s.notes(str(ref)).slides, f"paper:{ref}"
    elif place == PICK:
        slides, where = s.notes(str(ref)).pickup_slides, f"pickup:{ref}"
    elif place == SECTION:
        section: Section = s.sections[int(ref or 0) - 1]
        slides, where = section.slides, f"section:{slug(section.title)}"
    else:
        raise ValueError(f"no place for own slides is called {place!r}")
    for slide in slides:
        own_slide(p, slide, _key(p, slide, where))


def left_out(p: Planner) -> None:
    """A warning for each paper whose own slides found no place in the deck (a paper an
    earlier month presented and this deck only marks, a pick with no pickup slides)."""
    s = p.inp.session
    for pid, notes in s.papers.items():
        for place, slides, name in ((PAPER, notes.slides, "slides"),
                                    (PICK, notes.pickup_slides, "pickup_slides")):
            if slides and f"@{place}|{pid}" not in p.own_keys:
                p.warnings.append(
                    f"{s.file}: papers.{pid}.{name}: the deck does not present {pid} there, so "
                    f"its {len(slides)} own slide(s) are left out (present the paper, or move "
                    "them under slides: with an at:)")


def _key(p: Planner, slide: OwnSlide, where: str) -> str:
    base = f"own:{slide.key}" if slide.key else f"own:{where}:{slug(slide.title)}"
    key, n = base, 1
    while key in p.own_keys:
        n += 1
        key = f"{base}#{n}"
    p.own_keys.add(key)
    return key


def own_slide(p: Planner, slide: OwnSlide, key: str) -> None:
    """One own slide (or its pages), of the kind its bullets and images make."""
    shown = [f for f in (_image(p, image) for image in slide.images) if f is not None]
    paras = item_paras(slide.bullets)
    notes = "\n\n".join(x for x in (slide.notes or "", *(f.notes for f in shown)) if x)
    title = [Para(slide.title)]
    if not shown and not paras:  # a title alone: a divider of the presenter's
        p.add("section", key, {"title": title}, notes=notes, sizes={"title": SECTION_TITLE})
    elif not shown:
        _bullets(p, "bullets", key, slide.title, paras, notes)
    elif len(shown) == 1 and not paras:
        p.add("figure", key, {"title": title, "caption": list(shown[0].caption)}, notes=notes,
              pictures=(shown[0].picture,))
    elif len(shown) == 1:
        pages = p.paginate("figure_text", "body", paras)
        first = pages[0]
        p.add("figure_text", f"{key}:1" if len(pages) > 1 else key, {
            "title": [Para(slide.title + page_mark(1, len(pages)))],
            "body": list(first.paras), "caption": list(shown[0].caption),
        }, notes=notes, sizes={"body": (first.size_pt, first.size_pt)},
            pictures=(shown[0].picture,))
        for n, page in enumerate(pages[1:], 2):
            p.add("bullets", f"{key}:{n}", {
                "title": [Para(slide.title + page_mark(n, len(pages)))],
                "body": list(page.paras)}, notes=notes,
                sizes={"body": (page.size_pt, page.size_pt)})
    else:
        kind = KINDS[len(shown)]
        overflow: list[str] = []
        if paras:
            p.fitter.fit(kind, "body", paras, overflow=overflow)
        if overflow:  # too long for the strip above the figures: a slide of their own first
            _bullets(p, "bullets", f"{key}:text", slide.title, paras, notes)
        texts = {"title": title, "body": [] if overflow else paras}
        for role, figure in zip(figslides.CAPTION_ROLES, shown, strict=False):
            texts[role] = list(figure.caption)
        p.add(kind, key, texts, notes=notes, pictures=tuple(f.picture for f in shown))


def _bullets(p: Planner, kind: str, key: str, title: str, paras: list[Para],
             notes: str) -> None:
    """Bullets over as many pages as they need (`(1/2)`, `(2/2)`), each with the notes."""
    pages = p.paginate(kind, "body", paras)
    for n, page in enumerate(pages, 1):
        p.add(kind, f"{key}:{n}" if len(pages) > 1 else key, {
            "title": [Para(title + page_mark(n, len(pages)))], "body": list(page.paras)},
            notes=notes, sizes={"body": (page.size_pt, page.size_pt)})


def _image(p: Planner, image: SlideImage) -> ShownFigure | None:
    """An image as the slide shows it; None (with a warning) when it cannot be shown."""
    s = p.inp.session
    if image.file is not None:
        if image.file not in p.inp.images:
            p.warnings.append(f"{s.file}: image {image.file} was not loaded; the slide is "
                              "drawn without it")
            return None
        picture = p.inp.images[image.file]
        if picture is None:  # unreadable: loading said why
            return None
        caption = (Para(image.caption),) if image.caption else ()
        return ShownFigure(picture, caption, "")
    assert image.paper is not None and image.figure is not None
    found = [f for f in p.inp.figures.get(image.paper, ()) if f.number == image.figure]
    if not found:
        have = sorted(f.number for f in p.inp.figures.get(image.paper, ()))
        p.warnings.append(f"{s.file}: figure {image.figure} of {image.paper} is not in "
                          f"figures/{image.paper}/ (run `deckgen fetch`, or choose from "
                          f"{have or 'none'})")
        return None
    return figslides.shown_figure(p, image.paper, found[0], image.caption)
