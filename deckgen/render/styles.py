"""Whether deckgen's text is in the template's fonts and styles, as the deck says it.

A run's font, weight and colour and a paragraph's bullet are looked up the way PowerPoint
and LibreOffice do: the run and paragraph, the shape's list style, the layout's matching
placeholder, the master's, the master's text styles (title, body, other), the deck's default
text style, and the theme for `+mj-lt`-style font references and scheme colours.

Only deckgen's slides that the presenter has not edited are looked at (their text is
deckgen's, and a rebuild may redraw them). What a LibreOffice save leaves behind is told
apart (`libreoffice`): fonts of LibreOffice's rewritten theme (Arial, DejaVu Sans), or a
slide on a master LibreOffice rewrote. A rebuild redraws those slides (merge.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from deckgen.render import opc, oxml
from deckgen.render.identity import read_identity, read_slide
from deckgen.render.oxml import TextStyle
from deckgen.render.restyle import (
    LIBREOFFICE,
    PRESENTER,
    classify_theme,
    deck_theme,
    libreoffice_fonts,
    theme_of,
)
from deckgen.render.template import DEFAULT_EA_FONT, Template

_TITLES = {"TITLE", "CENTER_TITLE", "VERTICAL_TITLE"}
_FOOTERS = {"SLIDE_NUMBER", "DATE", "FOOTER", "HEADER"}
_FONT_KEYS = ("major.latin", "major.ea", "minor.latin", "minor.ea")


@dataclass(frozen=True)
class StyleProblem:
    """deckgen's text on one slide not in the template's fonts or styles."""

    slide: int
    message: str
    libreoffice: bool  # left by a LibreOffice save; a rebuild redraws the slide


@dataclass(frozen=True)
class _Expected:
    fonts: frozenset[str]
    titles: frozenset[tuple[bool, str]]  # (bold, colour) of the template's titles
    bullets: dict[int, str]  # level -> the template's body bullet
    template_theme: Any


def _kind(ph: Any) -> str:
    return ph.placeholder_format.type.name if ph.placeholder_format.type else "OBJECT"


def _group(kind: str) -> str:
    return "title" if kind in _TITLES else kind if kind in _FOOTERS else "body"


def _match(placeholders: Any, ph: Any, by_idx: bool) -> Any | None:
    """The layout's or master's placeholder that `ph` inherits from."""
    kind, idx = _kind(ph), ph.placeholder_format.idx
    candidates = list(placeholders)
    if by_idx:
        for other in candidates:
            if other.placeholder_format.idx == idx and _group(_kind(other)) == _group(kind):
                return other
    for same in (lambda k: k == kind, lambda k: _group(k) == _group(kind)):
        for other in candidates:
            if same(_kind(other)):
                return other
    return None


def _chain(prs: Any, ph: Any, layout: Any | None, master: Any, level: int) -> list[TextStyle]:
    """What each link below the paragraph says at `level`, nearest first."""
    out = [oxml.level_style(ph, level)]
    layout_ph = _match(layout.placeholders, ph, True) if layout is not None else None
    if layout_ph is not None:
        out.append(oxml.level_style(layout_ph, level))
    master_ph = _match(master.placeholders, layout_ph or ph, False)
    if master_ph is not None:
        out.append(oxml.level_style(master_ph, level))
    group = _group(_kind(ph))
    out.append(oxml.master_text_style(master, group if group in ("title", "body") else "other",
                                      level))
    out.append(oxml.default_text_style(prs, level))
    return out


def _first(chain: list[TextStyle], name: str) -> Any:
    return next((getattr(s, name) for s in chain if getattr(s, name) is not None), None)


def _font(chain: list[TextStyle], name: str, theme: Any) -> str:
    value = _first(chain, name) or f"+mn-{'lt' if name == 'latin' else 'ea'}"
    if value.startswith("+"):  # +mj-lt, +mn-ea: the theme's major or minor font
        which = "major" if value[1:3] == "mj" else "minor"
        value = opc.font_scheme(theme)[f"{which}.{'latin' if value.endswith('lt') else 'ea'}"]
    return value


def _colour(chain: list[TextStyle], master: Any, theme: Any) -> str:
    kind, value = _first(chain, "colour") or ("schemeClr", "TX1")
    if kind != "schemeClr":
        return value
    slot = value.lower()
    slot = oxml.colour_map(master).get(slot, slot)
    return opc.colour_scheme(theme).get(slot, slot)


def _expected(prs: Any, template: Template) -> _Expected:
    masters = {id(r.layout.slide_master): r.layout.slide_master
               for r in template.layouts.values()}
    fonts: set[str] = set()
    for master in masters.values():
        scheme = opc.font_scheme(theme_of(master))
        fonts |= {scheme[k] for k in _FONT_KEYS}
        if not scheme["minor.ea"]:
            fonts.add(DEFAULT_EA_FONT)
    titles: set[tuple[bool, str]] = set()
    for resolved in template.layouts.values():
        layout, master = resolved.layout, resolved.layout.slide_master
        for ph in layout.placeholders:
            if _kind(ph) in _TITLES:
                chain = _chain(template.prs, ph, None, master, 0)
                titles.add((bool(_first(chain, "bold")),
                            _colour(chain, master, theme_of(master))))
    first = next(iter(masters.values()))
    bullets = {level: oxml.master_text_style(first, "body", level).bullet or "none"
               for level in range(9)}
    deck = deck_theme(_deckgen_masters(prs), template)
    if deck.state == PRESENTER:  # their theme wins: its fonts are expected too
        scheme = opc.font_scheme(deck.theme)
        fonts |= {scheme[k] for k in _FONT_KEYS}
    return _Expected(frozenset(f for f in fonts if f), frozenset(titles), bullets,
                     theme_of(first))


def _deckgen_masters(prs: Any) -> list[Any]:
    masters = {}
    for slide in prs.slides:
        if read_identity(slide) is not None:
            master = slide.slide_layout.slide_master
            masters[id(master)] = master
    return list(masters.values())


def unedited_deckgen_slides(prs: Any) -> Iterator[tuple[int, Any]]:
    """(position, slide) of every slide of deckgen's whose content nobody edited."""
    for n, slide in enumerate(prs.slides, 1):
        identity, digest = read_slide(slide)
        if identity is not None and identity.digest == digest:
            yield n, slide


def style_problems(prs: Any, template: Template) -> list[StyleProblem]:
    """Every unedited slide of deckgen's whose text is not in the template's fonts or styles."""
    expected = _expected(prs, template)
    lo_fonts = libreoffice_fonts(prs)
    problems = []
    for n, slide in unedited_deckgen_slides(prs):
        problems += _slide_problems(prs, n, slide, expected, lo_fonts)
    return problems


def _slide_problems(prs: Any, number: int, slide: Any, expected: _Expected,
                    lo_fonts: set[str]) -> list[StyleProblem]:
    """What on one slide is not in the template's fonts or styles (one line per finding)."""
    layout, master = slide.slide_layout, slide.slide_layout.slide_master
    theme = theme_of(master)
    on_lo_master = classify_theme(theme, expected.template_theme) == LIBREOFFICE
    found: dict[str, StyleProblem] = {}
    faces: dict[str, list[str]] = {"title": [], "text": []}
    inherited_faces: set[str] = set()  # faces some run takes from its styles, not its own

    def report(key: str, message: str, lo: bool, inherited: bool = True) -> None:
        # on LibreOffice's master only what the text inherits is LibreOffice's: a colour,
        # weight or font stated on the run or paragraph is the presenter's formatting
        lo = lo or (on_lo_master and inherited)
        hint = "; saved by LibreOffice? rebuild to restore" if lo else ""
        found.setdefault(key, StyleProblem(number, message + hint, lo))

    for ph in slide.placeholders:
        if _kind(ph) in _FOOTERS:
            continue
        what = "title" if _kind(ph) in _TITLES else "text"
        for para in oxml.paragraphs_xml(ph):
            chain = [para.style, *_chain(prs, ph, layout, master, para.level)]
            if para.runs and what == "text" and \
                    expected.bullets.get(para.level, "none") != "none" and \
                    _first(chain, "bullet") is None:
                report("bullet", f"text at level {para.level + 1} has no bullet, unlike the "
                       "template's", False)
            for _, run in para.runs:
                styles = [run, *chain]
                for name in ("latin", "ea"):
                    face = _font(styles, name, theme)
                    if face not in expected.fonts and face not in faces[what]:
                        faces[what].append(face)
                    own = _first([run, para.style], name)
                    if own is None or own.startswith("+"):
                        inherited_faces.add(face)
                if what == "title":
                    style = (bool(_first(styles, "bold")), _colour(styles, master, theme))
                    if style not in expected.titles:
                        weight = "bold" if style[0] else "not bold"
                        own = [_first([run, para.style], k) for k in ("bold", "colour")]
                        report("title", f"title {weight} in colour {style[1]}, not the "
                               "template's title style", False, own == [None, None])
    for what, bad in faces.items():
        if bad:
            report(f"font {what}", f"{what} in {' and '.join(bad)}, not the template's font "
                   f"({', '.join(sorted(expected.fonts))})", any(f in lo_fonts for f in bad),
                   any(f in inherited_faces for f in bad))
    return sorted(found.values(), key=lambda p: not p.message.startswith(("title in",
                                                                           "text in")))
