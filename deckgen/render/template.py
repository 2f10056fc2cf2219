"""Layout names and placeholder roles: the contract between a template and the renderer.

A template is any .pptx. deckgen looks a layout up by name and a placeholder up by idx,
then by its type, so a presenter can restyle the deck by editing the slide master. This
module is the only place that knows those names and numbers; `layouts/make_default.py`
builds the shipped template from the same tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deckgen.errors import TemplateError
from deckgen.model.kinds import ESSENTIAL_ROLES, KIND_ROLES
from deckgen.render.opc import copy_layout, delete_slide
from deckgen.render.oxml import text_insets
from deckgen.render.package import PackageRefused, open_pptx

# inside the package, so a plain (non-editable) install finds it; layouts/make_default.py builds it
DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "templates" / "default.pptx"

# Slide kind -> layout name in the default template. A template may use other names: the
# spec's `layouts:` maps a kind to the presenter's name.
LAYOUT_NAMES: dict[str, str] = {
    "title": "deckgen Title",
    "section": "deckgen Section",
    "bullets": "deckgen Bullets",
    "ranking": "deckgen Ranking",
    "paper": "deckgen Paper",
    "summary": "deckgen Summary",
    "figure": "deckgen Figure",
    "closing": "deckgen Closing",
    "ranking_chart": "deckgen Ranking Chart",
    "chart": "deckgen Chart",
    "figure_text": "deckgen Text and Figure",
    "figures2": "deckgen Two Figures",
    "figures3": "deckgen Three Figures",
}

# Common names in other templates, tried after the mapped and the default name.
LAYOUT_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("Title Slide", "タイトル スライド"),
    "section": ("Section Header", "セクション見出し"),
    "bullets": ("Title and Content", "タイトルとコンテンツ"),
    "ranking": ("Title and Content", "タイトルとコンテンツ"),
    "paper": ("Title and Content", "タイトルとコンテンツ"),
    "summary": ("Title and Content", "タイトルとコンテンツ"),
    "figure": ("Picture with Caption", "Title Only", "タイトルのみ"),
    "closing": ("Title and Content", "タイトルとコンテンツ"),
    # without a second content box the plan puts the chart on a slide of its own
    "ranking_chart": ("Two Content", "2 つのコンテンツ", "Title and Content",
                      "タイトルとコンテンツ"),
    "chart": ("Title Only", "タイトルのみ", "Title and Content", "タイトルとコンテンツ"),
    # no usual layout has a picture box and a caption box per figure: deckgen's own is used
    "figure_text": (),
    "figures2": (),
    "figures3": (),
}


# Japanese-capable typeface used when the template's theme names no East Asian font.
DEFAULT_EA_FONT = "Noto Sans CJK JP"


@dataclass(frozen=True)
class PlaceholderInfo:
    """One placeholder of a layout, as `deckgen layouts` lists it."""

    idx: int
    type: str
    name: str
    left: int
    top: int
    width: int
    height: int


@dataclass(frozen=True)
class LayoutInfo:
    """One layout of a template: its name and its placeholders."""

    name: str
    placeholders: tuple[PlaceholderInfo, ...]


# ---- python-pptx side: opening templates, finding layouts and placeholders ----------------

EMU_PER_PT = 12700
DEFAULT_INSETS = (91440, 45720, 91440, 45720)  # l, t, r, b: the OOXML defaults


@dataclass
class ResolvedLayout:
    """A layout chosen for a slide kind and the placeholder idx that serves each role."""

    kind: str
    layout: Any
    roles: dict[str, int]
    imported: bool = False


@dataclass
class Template:
    """An opened template with a layout resolved for every slide kind.

    `warnings` names every kind whose layout is deckgen's own, copied in; `missing` holds
    the same warnings by kind, so a build reports only the kinds its deck uses."""

    path: Path
    prs: Any
    layouts: dict[str, ResolvedLayout]
    warnings: list[str]
    missing: dict[str, str] = field(default_factory=dict)

    def warnings_for(self, kinds: Iterable[str]) -> list[str]:
        """The warnings about layouts copied in for the slide kinds in `kinds`."""
        used = set(kinds)
        return [warning for kind, warning in self.missing.items() if kind in used]

    def drop_unused(self, kinds: Iterable[str]) -> None:
        """Remove the layouts copied in from deckgen's template for kinds not in `kinds`, so
        a deck holds the template's layouts and only those of deckgen's it is drawn with."""
        used = set(kinds)
        for kind, resolved in self.layouts.items():
            if resolved.imported and kind not in used and resolved.layout.part in {
                    layout.part for layout in resolved.layout.slide_master.slide_layouts}:
                resolved.layout.slide_master.slide_layouts.remove(resolved.layout)

    def geometry(self) -> dict[str, dict[str, tuple[float, float]]]:
        """Text area (width, height) in points of every role, per kind, for the planner."""
        out: dict[str, dict[str, tuple[float, float]]] = {}
        for kind, resolved in self.layouts.items():
            areas: dict[str, tuple[float, float]] = {}
            for role, idx in resolved.roles.items():
                ph = _layout_placeholder(resolved.layout, idx)
                left, top, right, bottom = _insets(ph)
                areas[role] = ((ph.width - left - right) / EMU_PER_PT,
                               (ph.height - top - bottom) / EMU_PER_PT)
            out[kind] = areas
        return out


def open_presentation(path: Path) -> Any:
    """Open a .pptx, or raise TemplateError saying why it cannot be used."""
    from pptx.exc import PackageNotFoundError

    if not path.is_file():
        raise TemplateError(f"{path}: template not found (check `template:` in session.yaml "
                            "or --template; omit both to use the default)")
    try:
        return open_pptx(path)
    except PackageRefused as exc:
        raise TemplateError(f"{path}: {exc}; use another template, or re-save this one from "
                            "PowerPoint or LibreOffice as .pptx") from None
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise TemplateError(f"{path}: not a PowerPoint .pptx file ({type(exc).__name__}); "
                            "save the template as .pptx (not .ppt, .potx or .odp)") from None
    except Exception as exc:  # zipfile.BadZipFile, lxml errors: any broken package
        raise TemplateError(f"{path}: unreadable .pptx ({type(exc).__name__}: {exc}); "
                            "re-save it from PowerPoint or LibreOffice as .pptx") from None


def load_template(path: Path | None, mapping: dict[str, str] | None = None) -> Template:
    """Open `path` (default template when None) and resolve a layout for every slide kind.

    A kind the template has no layout for gets the default template's layout, copied in,
    with a warning naming it.
    """
    path = path or DEFAULT_TEMPLATE
    prs = open_presentation(path)
    _remove_all_slides(prs)
    mapping = mapping or {}
    warnings: list[str] = []
    missing: dict[str, str] = {}
    resolved: dict[str, ResolvedLayout] = {}
    default_prs = None
    for kind in LAYOUT_NAMES:
        found = _find_layout(prs, kind, mapping.get(kind))
        if found is None:
            if default_prs is None:
                default_prs = prs if path == DEFAULT_TEMPLATE else open_presentation(
                    DEFAULT_TEMPLATE)
            source = _find_layout(default_prs, kind, None)
            if source is None:
                raise TemplateError(f"{DEFAULT_TEMPLATE}: no layout '{LAYOUT_NAMES[kind]}'; "
                                    "rebuild it with `python layouts/make_default.py`")
            wanted = mapping.get(kind) or LAYOUT_NAMES[kind]
            missing[kind] = (f"{path}: no usable layout '{wanted}' for {kind} slides; using "
                             f"deckgen's default (add that layout or map one with "
                             f"`layouts: {{{kind}: NAME}}`)")
            warnings.append(missing[kind])
            found = ResolvedLayout(kind, copy_layout(prs, source.layout, default_prs),
                                   source.roles, imported=True)
        _check_placeholders(path, found)
        resolved[kind] = found
    return Template(path, prs, resolved, warnings, missing)


def _check_placeholders(path: Path, resolved: ResolvedLayout) -> None:
    """TemplateError naming the layout and placeholder whose size or insets are unusable."""
    for idx in resolved.roles.values():
        ph = _layout_placeholder(resolved.layout, idx)
        where = f"{path}: layout '{resolved.layout.name}', placeholder '{ph.name}' (idx {idx})"
        try:
            left, top, right, bottom = _insets(ph)
        except ValueError:
            raise TemplateError(f"{where}: its text insets (lIns, tIns, rIns, bIns) are not "
                                "whole numbers; set its margins again in PowerPoint's slide "
                                "master view, or remove them") from None
        try:
            width, height = ph.width, ph.height
        except ValueError:  # python-pptx reading an ext that is no number
            width = height = None
        if not isinstance(width, int) or not isinstance(height, int):
            raise TemplateError(f"{where}: has no size, and neither has the master's "
                                "placeholder it follows; give it one in PowerPoint's slide "
                                "master view")
        if width - left - right <= 0 or height - top - bottom <= 0:
            raise TemplateError(f"{where}: leaves no room for text ({width}x{height} EMU, "
                                "less its insets); make it larger in the slide master view")


def _find_layout(prs: Any, kind: str, mapped: str | None) -> ResolvedLayout | None:
    names = [mapped] if mapped else [LAYOUT_NAMES[kind], *LAYOUT_ALIASES[kind]]
    # every master's layouts: a presenter's template may keep its 16:9 set under a second one
    layouts = [layout for master in prs.slide_masters for layout in master.slide_layouts]
    for name in names:
        for layout in layouts:
            if layout.name == name:
                roles = resolve_roles(layout, kind)
                if all(role in roles for role in ESSENTIAL_ROLES[kind]):
                    return ResolvedLayout(kind, layout, roles)
    return None


def resolve_roles(layout: Any, kind: str) -> dict[str, int]:
    """Role -> placeholder idx on `layout`: by the role's idx first, then by type."""
    placeholders = [(ph.placeholder_format.idx, ph.placeholder_format.type.name)
                    for ph in layout.placeholders]
    used: set[int] = set()
    roles: dict[str, int] = {}
    for role in KIND_ROLES[kind]:
        text_types = role.types or ("BODY", "OBJECT")
        match = next((idx for idx, typ in placeholders
                      if idx == role.idx and idx not in used and typ in text_types), None)
        if match is None:
            match = next((idx for idx, typ in placeholders
                          if idx not in used and typ in role.types), None)
        if match is not None:
            used.add(match)
            roles[role.name] = match
    return roles


def slide_number_placeholder(layout: Any) -> Any | None:
    """The layout's slide-number placeholder, if it has one."""
    for ph in layout.placeholders:
        if ph.placeholder_format.type.name == "SLIDE_NUMBER":
            return ph
    return None


def _layout_placeholder(layout: Any, idx: int) -> Any:
    for ph in layout.placeholders:
        if ph.placeholder_format.idx == idx:
            return ph
    raise KeyError(idx)


def _insets(ph: Any) -> tuple[int, int, int, int]:
    """The text insets of a placeholder's bodyPr (OOXML defaults where not set)."""
    left, top, right, bottom = (default if value is None else value for value, default
                                in zip(text_insets(ph), DEFAULT_INSETS, strict=True))
    return left, top, right, bottom


def _remove_all_slides(prs: Any) -> None:
    # A presenter's template may hold sample slides.
    for slide in list(prs.slides):
        delete_slide(prs, slide)


def describe_layouts(path: Path) -> list[LayoutInfo]:
    """Every layout of a template with its placeholders, for `deckgen layouts`."""
    prs = open_presentation(path)
    out = []
    for master in prs.slide_masters:
        for layout in master.slide_layouts:
            out.append(LayoutInfo(layout.name, tuple(
                PlaceholderInfo(ph.placeholder_format.idx, ph.placeholder_format.type.name,
                                ph.name, ph.left or 0, ph.top or 0, ph.width or 0,
                                ph.height or 0)
                for ph in layout.placeholders)))
    return out
