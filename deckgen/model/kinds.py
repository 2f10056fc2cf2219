"""Slide kinds and their placeholder roles: the vocabulary shared by plan and render.

A slide `kind` (title, section, bullets, ranking, paper, summary, figure, figure_text,
figures2, figures3, closing, ...) names the layout it is drawn with; each kind fills some
roles (title, body, take, picture, picture2, ...). The planner fits text to each role's
`Box`; the renderer finds each role's placeholder by `idx`, then by type. Plain data: no
python-pptx here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """A placeholder role: where deckgen puts one kind of text (or a picture) on a slide.

    `idx` is the placeholder idx in the default template; `types` are the placeholder types
    (names of `PP_PLACEHOLDER` members) accepted when no placeholder has that idx.
    `fallback` names the role whose placeholder takes this text when the layout has neither
    (for example a plain "Title and Content" layout has no `take` box: the take goes into
    the body).
    """

    name: str
    idx: int
    types: tuple[str, ...]
    fallback: str | None = None


TITLE = Role("title", 0, ("TITLE", "CENTER_TITLE"))
SUBTITLE = Role("subtitle", 1, ("SUBTITLE", "BODY", "OBJECT"))
BODY = Role("body", 1, ("BODY", "OBJECT"))
ORIGINAL = Role("original", 20, (), fallback="body")
LINK = Role("link", 21, (), fallback="body")
TAKE = Role("take", 22, (), fallback="body")
AFFILIATION = Role("affiliation", 23, (), fallback="body")
PICTURE = Role("picture", 24, ("PICTURE",), fallback="body")
CAPTION = Role("caption", 25, ("BODY",))
# the second and third figure of a slide with two or three, each with its caption
PICTURE2 = Role("picture2", 26, ("PICTURE",))
CAPTION2 = Role("caption2", 27, ("BODY",))
PICTURE3 = Role("picture3", 28, ("PICTURE",))
CAPTION3 = Role("caption3", 29, ("BODY",))
CHART = Role("chart", 30, ("CHART", "OBJECT"))
SLIDE_NUMBER = Role("slide_number", 12, ("SLIDE_NUMBER",))

# Which roles each slide kind fills, in the order the renderer fills them.
KIND_ROLES: dict[str, tuple[Role, ...]] = {
    "title": (TITLE, SUBTITLE),
    "section": (TITLE, SUBTITLE),
    "bullets": (TITLE, BODY),
    "ranking": (TITLE, BODY),
    "paper": (TITLE, ORIGINAL, LINK, BODY, TAKE, AFFILIATION),
    "summary": (TITLE, ORIGINAL, BODY),
    "figure": (TITLE, PICTURE, CAPTION),
    "figure_text": (TITLE, BODY, PICTURE, CAPTION),  # bullets left, one figure right
    # an explanation strip (one or two lines, may be empty) above figures side by side
    "figures2": (TITLE, BODY, PICTURE, CAPTION, PICTURE2, CAPTION2),
    "figures3": (TITLE, BODY, PICTURE, CAPTION, PICTURE2, CAPTION2, PICTURE3, CAPTION3),
    "closing": (TITLE, BODY),
    "ranking_chart": (TITLE, BODY, CHART),  # the ranking list beside its chart
    "chart": (TITLE, CHART),  # the ranking's chart on a slide of its own
}

# Roles a layout must have to serve a kind; otherwise the default template's layout is used.
ESSENTIAL_ROLES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "section": ("title",),
    "bullets": ("title", "body"),
    "ranking": ("title", "body"),
    "paper": ("title", "body"),
    "summary": ("title", "body"),
    "figure": ("title",),
    # every box: without its own, a figure would be drawn over the text or another figure,
    # and a caption (which credits the figure) would be lost
    "figure_text": ("title", "body", "picture", "caption"),
    "figures2": ("title", "body", "picture", "caption", "picture2", "caption2"),
    "figures3": ("title", "body", "picture", "caption", "picture2", "caption2", "picture3",
                 "caption3"),
    "closing": ("title", "body"),
    "ranking_chart": ("title", "body"),  # no chart box: the chart gets a slide of its own
    "chart": ("title",),
}

# The picture roles in the order a slide's pictures fill them (Slide.pictures[0] -> picture).
PICTURE_ROLES = (PICTURE, PICTURE2, PICTURE3)

# Slide kinds without a page number (the title slide, as in the reference decks).
UNNUMBERED_KINDS = frozenset({"title"})


@dataclass(frozen=True)
class Box:
    """A placeholder's text area in points (after insets), for the pure text-fitting code."""

    width: float
    height: float
    max_pt: float
    min_pt: float
