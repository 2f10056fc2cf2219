"""Fitting text to a layout's boxes: the planner's measuring engine over `textfit`.

`Fitter` knows the placeholder sizes of the template (`Geometry`) and the size range of each
role; it picks font sizes, splits long text over pages and moves the text of a role the
layout lacks into its fallback role. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from deckgen.model.deck import Para, Text
from deckgen.model.kinds import KIND_ROLES, Box
from deckgen.plan import textfit

# Geometry: slide kind -> role -> (width, height) in points of the placeholder's text area.
Geometry = Mapping[str, Mapping[str, tuple[float, float]]]

# Largest and smallest font size per role (pt). Below the floor, text continues on a new page.
# Titles are set bold (the default template's title style, and python-pptx's own): bold
# Latin in Noto Sans CJK runs 5-8% wider than the regular widths textfit measures, so a
# title is fitted to this fraction of its box. Without it a figure slide's title
# ("図1 ⑤ Demystifying Hidden-State" at 23 pt in a 6-inch box) fitted on one line by the
# estimate and took two in LibreOffice, below its box.
BOLD_ROLES = frozenset({"title"})
BOLD_WIDTH = 0.93
ROLE_SIZES: dict[str, tuple[float, float]] = {
    "title": (28, 16),
    "subtitle": (20, 12),
    "body": (20, 14),
    "original": (14, 9),
    "link": (14, 10),
    "take": (18, 11),
    "affiliation": (12, 8),
    "caption": (14, 9),
    "caption2": (14, 9),
    "caption3": (14, 9),
}
LINE_SPACING = 1.2
PARA_SPACE = 4.0  # pt between paragraphs, as in the template's body style
BULLET_INDENT_EM = 1.2


@dataclass
class Fitter:
    """Font sizes and pages for text in the boxes of one template's layouts."""

    geometry: Geometry

    def box(self, kind: str, role: str, sizes: tuple[float, float] | None = None) -> Box:
        width, height = self.geometry[kind][role]
        hi, lo = sizes or ROLE_SIZES.get(role, ROLE_SIZES["body"])
        if role in BOLD_ROLES:
            width *= BOLD_WIDTH
        return Box(width, height, hi, lo)

    def fit(self, kind: str, role: str, paras: Sequence[Para], sizes=None,
            max_lines: int | None = None, overflow: list[str] | None = None) -> Text:
        """Size `paras` for the role's box; at the floor (role added to `overflow`) when even
        that is too small."""
        box = self.box(kind, role, sizes)
        size = textfit.fit_font_size([p.text for p in paras], box, line_spacing=LINE_SPACING,
                                     para_space_pt=PARA_SPACE, indent_em=_indent(paras),
                                     max_lines=max_lines)
        if size is None:
            size = box.min_pt
            if overflow is not None:
                overflow.append(role)
        return Text(tuple(paras), size)

    def fit_slide(self, kind: str, texts: Mapping[str, Sequence[Para]],
                  sizes: Mapping[str, tuple[float, float]] | None = None,
                  ) -> tuple[dict[str, Text], list[str]]:
        """Every role's text of one slide, fitted; and the roles that overflow at the floor."""
        placed = _place(kind, texts, self.geometry[kind])
        fitted: dict[str, Text] = {}
        overflow: list[str] = []
        for role, paras in placed.items():
            if not paras:
                continue
            max_lines = 2 if role == "title" else None
            wanted = (sizes or {}).get(role)
            if wanted and len(paras) > len(texts.get(role, ())):
                # other roles' text was moved in: allow shrinking below the page's size
                wanted = (wanted[0], ROLE_SIZES.get(role, ROLE_SIZES["body"])[1])
            fitted[role] = self.fit(kind, role, paras, wanted, max_lines, overflow)
        return fitted, overflow

    def paginate(self, kind: str, role: str, paras: Sequence[Para], reserve: int = 0,
                 sizes=None) -> list[Text]:
        """Split body paragraphs over pages at one common size; `reserve` lines stay free."""
        w, h = self.geometry[kind][role]
        hi, lo = sizes or ROLE_SIZES["body"]
        h -= reserve * hi * LINE_SPACING
        box = Box(w, max(h, hi * LINE_SPACING), hi, lo)
        pages = textfit.paginate([p.text for p in paras], box, line_spacing=LINE_SPACING,
                                 para_space_pt=PARA_SPACE, indent_em=_indent(paras))
        # each piece keeps the style (level, numbering, link) of the paragraph it came from
        return [Text(tuple(replace(paras[i], text=t)
                           for t, i in zip(page.paragraphs, page.sources, strict=True)),
                     page.size_pt)
                for page in pages]


def _indent(paras: Sequence[Para]) -> float:
    return BULLET_INDENT_EM if any(p.level or p.numbered for p in paras) else 0.0


def _place(kind: str, texts: Mapping[str, Sequence[Para]],
           available: Mapping[str, tuple[float, float]]) -> dict[str, list[Para]]:
    """Move the text of roles the layout has no box for into their fallback role.

    Lines that belong above the body (原文, link) go before it, the rest after it.
    """
    placed: dict[str, list[Para]] = {role: list(paras) for role, paras in texts.items()
                                      if role in available}
    roles = {r.name: r for r in KIND_ROLES[kind]}
    for role, paras in texts.items():
        if role in available or not paras:
            continue
        target = roles[role].fallback if role in roles else None
        if target is None or target not in available:
            continue
        if role in ("original", "link"):
            placed[target] = [*paras, *placed.get(target, [])]
        else:
            placed[target] = [*placed.get(target, []), *paras]
    return placed
