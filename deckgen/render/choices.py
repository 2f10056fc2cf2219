"""What a template gives each slide kind, for `deckgen layouts`: the layout chosen, whether it
is deckgen's own copied in, and which texts have no placeholder of their own.

It resolves layouts exactly as a build does (`load_template`), so what it says is what the
next build draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deckgen.model.kinds import KIND_ROLES, PICTURE_ROLES
from deckgen.render.template import (
    DEFAULT_TEMPLATE,
    LAYOUT_ALIASES,
    LAYOUT_NAMES,
    LayoutInfo,
    describe_layouts,
    load_template,
)


@dataclass(frozen=True)
class KindLayout:
    """The layout one slide kind is drawn with, and what it lacks."""

    kind: str
    layout: str
    own: bool  # deckgen's layout, copied in: the template has none of the names looked for
    looked_for: tuple[str, ...]  # the layout names tried, in order
    into_body: tuple[str, ...]  # texts without a placeholder: they go into the body
    not_shown: tuple[str, ...]  # texts without a placeholder and nowhere else to go
    picture_below_title: bool  # no picture placeholder: the figure is fitted below the title


@dataclass(frozen=True)
class TemplateReport:
    """A template's layouts, and the one each slide kind uses."""

    path: Path
    kinds: tuple[KindLayout, ...]
    layouts: tuple[LayoutInfo, ...]


def explain_template(path: Path | None, mapping: dict[str, str] | None = None) -> TemplateReport:
    """How a build with `path` (deckgen's template when None) and the session's `layouts:`
    mapping draws each slide kind."""
    path = path or DEFAULT_TEMPLATE
    mapping = mapping or {}
    template = load_template(path, mapping)
    kinds = []
    for kind, resolved in template.layouts.items():
        lacking = [role for role in KIND_ROLES[kind] if role.name not in resolved.roles]
        texts = [role for role in lacking if role not in PICTURE_ROLES]
        kinds.append(KindLayout(
            kind, resolved.layout.name, resolved.imported,
            (mapping[kind],) if mapping.get(kind) else (LAYOUT_NAMES[kind],
                                                        *LAYOUT_ALIASES[kind]),
            tuple(r.name for r in texts if r.fallback),
            tuple(r.name for r in texts if not r.fallback),
            any(role in PICTURE_ROLES for role in lacking)))
    return TemplateReport(path, tuple(kinds), tuple(describe_layouts(path)))
