"""The look deckgen's slides are drawn with when a rebuild merges into an existing deck.

A LibreOffice save (measured with 7.4) keeps every existing slide's look, because it writes
explicit fonts, colours, bullets and positions onto each one, but it rewrites what new
slides inherit: the theme's fonts become Arial / DejaVu Sans, each layout becomes a master
of its own without text styles (title colour and weight, bullets, sizes), and the layouts
are renamed. A slide drawn on those would not look like deckgen's.

So a merge draws its slides on the template's own layouts: the deck's copy when it still
has one (found by name and placeholders, under a master whose theme LibreOffice did not
rewrite), else a copy of the template's master, theme and layouts added to the deck. The
presenter's slides, and slides of deckgen's left as they are, keep whatever they were on.

Whose theme: the template's, unless the deck's theme is neither the template's nor
LibreOffice's rewrite of it. Then the presenter changed it on purpose and it wins: new
slides are drawn with it (its fonts, unless they are LibreOffice's, which say nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from deckgen.render import opc, oxml
from deckgen.render.template import ResolvedLayout, Template, resolve_roles

# LibreOffice 7.4 writes this font scheme in place of any theme's (measured; its export
# has no theme-font model): "Office", Latin Arial, one fallback font as East Asian and
# complex script (DejaVu Sans on Debian), no per-script fonts.
LIBREOFFICE_SCHEME_NAME = "Office"
LIBREOFFICE_LATIN = "Arial"

TEMPLATE, LIBREOFFICE, PRESENTER = "template", "libreoffice", "presenter"


def theme_of(master: Any) -> Any:
    """The parsed theme of a slide master (a copy: changing it changes nothing)."""
    return opc.master_theme(master)


def is_libreoffice_scheme(theme: Any) -> bool:
    """True when the theme's fonts are the scheme LibreOffice writes over any theme's."""
    f = opc.font_scheme(theme)
    return (f["name"] == LIBREOFFICE_SCHEME_NAME and f["scripts"] == "0"
            and f["major.latin"] == f["minor.latin"] == LIBREOFFICE_LATIN
            and f["major.ea"] != ""
            and f["major.ea"] == f["major.cs"] == f["minor.ea"] == f["minor.cs"])


def _fonts(theme: Any) -> tuple[str, ...]:
    f = opc.font_scheme(theme)
    return tuple(f[k] for k in ("major.latin", "major.ea", "minor.latin", "minor.ea"))


def libreoffice_fonts(prs: Any) -> set[str]:
    """The typefaces of every LibreOffice-written font scheme in the deck (Arial, DejaVu Sans)."""
    out: set[str] = set()
    for master in prs.slide_masters:
        theme = theme_of(master)
        if is_libreoffice_scheme(theme):
            out.update(t for t in _fonts(theme) if t)
    return out


@dataclass(frozen=True)
class DeckTheme:
    """Whose theme a deck's slides of deckgen's are on: the template's, LibreOffice's
    rewrite of it, or the presenter's (then `theme` is it, as new slides should use it)."""

    state: str
    theme: Any = None


def classify_theme(theme: Any, template_theme: Any) -> str:
    """TEMPLATE, LIBREOFFICE or PRESENTER for one theme, compared with the template's."""
    same_colours = opc.colour_scheme(theme) == opc.colour_scheme(template_theme)
    if same_colours and _fonts(theme) == _fonts(template_theme):
        return TEMPLATE
    if same_colours and is_libreoffice_scheme(theme):
        return LIBREOFFICE
    return PRESENTER


def deck_theme(masters: Iterable[Any], template: Template) -> DeckTheme:
    """Classify the themes of `masters` (those deckgen's slides are on); a presenter's wins."""
    template_theme = theme_of(template_master(template))
    state = TEMPLATE
    for master in masters:
        theme = theme_of(master)
        found = classify_theme(theme, template_theme)
        if found == PRESENTER:
            if is_libreoffice_scheme(theme):  # their colours, LibreOffice's fonts
                opc.replace_font_scheme(theme, template_theme)
            return DeckTheme(PRESENTER, theme)
        if found == LIBREOFFICE:
            state = LIBREOFFICE
    return DeckTheme(state)


def template_master(template: Template) -> Any:
    """The master of the template's layouts (the first, when they have several)."""
    return next(iter(template.layouts.values())).layout.slide_master


def layouts_for(prs: Any, template: Template, kinds: Iterable[str],
                used_masters: Iterable[Any]) -> dict[str, ResolvedLayout]:
    """For each kind, the layout deckgen's new slides of that kind go on (see the module)."""
    theme = deck_theme(used_masters, template)
    template_theme = theme_of(template_master(template))
    copies: dict[str, Any] = {}  # a template layout's part name -> its copy in the deck
    out: dict[str, ResolvedLayout] = {}
    for kind in sorted(set(kinds)):
        wanted = template.layouts[kind]
        found = _in_deck(prs, wanted, kind, template_theme)
        if found is None:
            name = str(wanted.layout.part.partname)
            if name not in copies:
                oxml.add_default_text_style(prs, template.prs)
                copies.update(opc.copy_master(prs, wanted.layout.slide_master,
                                              theme.theme if theme.state == PRESENTER
                                              else None))
            found = copies[name]
        out[kind] = ResolvedLayout(kind, found, dict(wanted.roles))
    return out


def _in_deck(prs: Any, wanted: ResolvedLayout, kind: str, template_theme: Any) -> Any | None:
    """The deck's own copy of the template's layout, on a master LibreOffice did not rewrite."""
    for master in prs.slide_masters:
        if classify_theme(theme_of(master), template_theme) == LIBREOFFICE:
            continue
        for layout in master.slide_layouts:
            if layout.name == wanted.layout.name and resolve_roles(layout, kind) == wanted.roles:
                return layout
    return None


def renumber_slides(prs: Any) -> None:
    """Store every slide's position as the text of its slide-number fields."""
    for n, slide in enumerate(prs.slides, 1):
        oxml.set_slide_number_text(slide, n)
