"""Build `deckgen/templates/default.pptx`, deckgen's default 16:9 slide template.

Run from anywhere:  python layouts/make_default.py [OUTPUT]

The layout names, placeholder idx values and placeholder types come from
`deckgen.render.template` (LAYOUT_NAMES, KIND_ROLES, SLIDE_NUMBER, DEFAULT_EA_FONT), so the template
and the renderer cannot disagree. The script starts from python-pptx's built-in template
(for its theme, package parts and content types), then replaces the slide master and the
layouts with shapes designed for a 13.333 x 7.5 in (16:9) slide. After saving it reopens
the file and checks every layout against `deckgen.render.template`.

python-pptx has no API for building masters or layouts, so the shapes are written as XML.
Each XML helper below returns one element and keeps its children in schema order.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from pptx import Presentation  # noqa: E402
from pptx.enum.shapes import PP_PLACEHOLDER  # noqa: E402
from pptx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from pptx.oxml.ns import qn  # noqa: E402
from pptx.oxml.xmlchemy import OxmlElement  # noqa: E402
from pptx.presentation import Presentation as PresentationObj  # noqa: E402
from pptx.slide import SlideLayout, SlideMaster  # noqa: E402
from pptx.util import Emu  # noqa: E402

from deckgen.model.kinds import (  # noqa: E402
    CHART,
    KIND_ROLES,
    PICTURE_ROLES,
    SLIDE_NUMBER,
    SUBTITLE,
    TITLE,
    UNNUMBERED_KINDS,
    Role,
)
from deckgen.render.opc import copy_layout  # noqa: E402
from deckgen.render.template import DEFAULT_EA_FONT, DEFAULT_TEMPLATE, LAYOUT_NAMES  # noqa: E402

# --------------------------------------------------------------------------------------
# Design constants
# --------------------------------------------------------------------------------------

SLIDE_WIDTH = Emu(12192000)  # 13.333 in: PowerPoint's "Widescreen" size
SLIDE_HEIGHT = Emu(6858000)  # 7.5 in
EMU_PER_INCH = 914400
SLIDE_W_IN = SLIDE_WIDTH / EMU_PER_INCH
MARGIN_X = 0.6  # left and right page margin, inches
TEXT_INSET = 0.1  # PowerPoint's default left/right text inset, inches

NAVY = "1F3864"  # titles
ACCENT = "2E75B6"  # title rule, bullets, the presenter's take
TEXT = "262626"  # body text
GREY = "595959"  # original title, affiliation, caption, subtitle
LIGHT_GREY = "7F7F7F"  # slide number, date, footer
WHITE = "FFFFFF"
HYPERLINK = "0563C1"
FOLLOWED_HYPERLINK = "954F72"

JP_LANG = "ja-JP"
# Any fixed GUID will do; PowerPoint itself reuses one GUID per field type in a template.
SLIDENUM_FIELD_ID = "{8F4D1C2B-6A3E-4B57-9C1D-2E7F5A9B3C64}"

# ST_SlideLayoutType per kind: PowerPoint uses it to pick a layout when slides move between
# masters. "cust" marks layouts with no built-in equivalent.
LAYOUT_TYPES: dict[str, str] = {
    "title": "title",
    "section": "secHead",
    "bullets": "tx",
    "ranking": "cust",
    "paper": "cust",
    "summary": "cust",
    "figure": "picTx",
    "closing": "cust",
    "figure_text": "txAndObj",
    "figures2": "cust",
    "figures3": "cust",
    "ranking_chart": "twoObj",
    "chart": "chart",
}


# --------------------------------------------------------------------------------------
# Geometry and text looks
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rect:
    """A shape's position and size in EMU."""

    left: int
    top: int
    width: int
    height: int


def box(left: float, top: float, width: float, height: float) -> Rect:
    """Return a Rect given in inches."""
    return Rect(*(round(v * EMU_PER_INCH) for v in (left, top, width, height)))


def row(top: float, height: float, width: float | None = None) -> Rect:
    """Return a box starting at the left margin; full content width unless `width` is given."""
    full = SLIDE_W_IN - 2 * MARGIN_X
    return box(MARGIN_X, top, full if width is None else width, height)


def centered(top: float, height: float, width: float) -> Rect:
    """Return a box of `width` inches centred horizontally on the slide."""
    return box((SLIDE_W_IN - width) / 2, top, width, height)


@dataclass(frozen=True)
class Look:
    """Paragraph and character defaults for level 1 of a placeholder.

    `bullets=True` keeps the master's bullets (only the sizes change); otherwise the
    placeholder gets `a:buNone` and no hanging indent.
    """

    size_pt: float | None = None
    bold: bool = False
    color: str | None = None
    align: str = "l"
    bullets: bool = False
    space_before_pt: float = 0


@dataclass(frozen=True)
class Slot:
    """One placeholder of a layout: its name, box, text look, anchor and prompt text."""

    name: str
    rect: Rect
    look: Look | None  # None: inherit the master's style unchanged
    anchor: str
    prompt: tuple[str, ...]


# Master geometry, shared by the "title and content" style layouts.
TITLE_BOX = row(0.35, 0.95)  # ends at 1.30 in
RULE_BOX = box(MARGIN_X + TEXT_INSET, 1.36, SLIDE_W_IN - 2 * (MARGIN_X + TEXT_INSET), 0.04)
BODY_BOX = row(1.55, 5.25)  # ends at 6.80 in
FOOTER_TOP, FOOTER_HEIGHT = 6.95, 0.35  # the bottom row: affiliation (left), slide number (right)
SLIDE_NUMBER_BOX = box(SLIDE_W_IN - MARGIN_X - 1.2, FOOTER_TOP, 1.2, FOOTER_HEIGHT)
# Title and Section layouts hide the master's rule and draw a short centred bar instead.
BAR_BOX = centered(3.8, 0.05, 1.6)

PLAIN_14_GREY = Look(size_pt=14, color=GREY)
TITLE_PROMPT = ("タイトル (Title)",)
BODY_PROMPT = ("本文 第 1 レベル (Body text)", "第 2 レベル (Second level)")

CAPTION_LOOK = Look(size_pt=14, color=GREY, align="ctr")
# figure_text: a text column on the left, the figure on the right, 0.25 in apart
TEXT_COLUMN = 5.8
FIGURE_LEFT = MARGIN_X + TEXT_COLUMN + 0.25
FIGURE_WIDTH = SLIDE_W_IN - MARGIN_X - FIGURE_LEFT
# figures2 and figures3: the explanation strip (two lines at 20 pt) below the title, then the
# figures side by side with their captions (three lines at 14 pt, five at 9 pt) below them
STRIP_TOP, STRIP_HEIGHT = 1.55, 0.8
FIGURES_TOP, FIGURES_HEIGHT = 2.45, 3.4
CAPTIONS_TOP, CAPTIONS_HEIGHT = 5.95, 0.85  # ends at 6.80 in, as the body does
FIGURES_GAP = {2: 0.3, 3: 0.25}


def figures_slots(count: int) -> dict[str, Slot]:
    """The slots of a layout with `count` figures side by side, each with its caption."""
    full = SLIDE_W_IN - 2 * MARGIN_X
    width = (full - (count - 1) * FIGURES_GAP[count]) / count
    slots = {
        "title": Slot("Title", TITLE_BOX, None, "b", TITLE_PROMPT),
        "body": Slot(
            "Explanation",
            row(STRIP_TOP, STRIP_HEIGHT),
            Look(size_pt=18, color=TEXT),
            "t",
            ("説明 (Explanation)",),
        ),
    }
    for n in range(1, count + 1):
        left = MARGIN_X + (n - 1) * (width + FIGURES_GAP[count])
        suffix = "" if n == 1 else str(n)
        label = "" if n == 1 else f" {n}"
        slots["picture" + suffix] = Slot(
            f"Figure{label}", box(left, FIGURES_TOP, width, FIGURES_HEIGHT), CAPTION_LOOK,
            "ctr", (f"図{label} (Figure{label})",),
        )
        slots["caption" + suffix] = Slot(
            f"Caption{label}", box(left, CAPTIONS_TOP, width, CAPTIONS_HEIGHT), CAPTION_LOOK,
            "t", (f"キャプション{label} (Caption{label})",),
        )
    return slots


# kind -> role name -> Slot. Every role of KIND_ROLES[kind] must appear, and nothing else.
SLOTS: dict[str, dict[str, Slot]] = {
    "title": {
        "title": Slot(
            "Title",
            box(1.0, 1.5, SLIDE_W_IN - 2.0, 2.1),
            Look(size_pt=40, bold=True, color=NAVY, align="ctr"),
            "b",
            ("発表タイトル (Talk title)",),
        ),
        "subtitle": Slot(
            "Subtitle",
            box(1.0, 4.05, SLIDE_W_IN - 2.0, 2.35),
            Look(size_pt=20, color=GREY, align="ctr", space_before_pt=4),
            "t",
            ("所属 (Affiliation)", "発表者 (Presenter)", "日付 (Date)"),
        ),
    },
    "section": {
        "title": Slot(
            "Title",
            box(1.0, 2.0, SLIDE_W_IN - 2.0, 1.6),
            Look(size_pt=36, bold=True, color=NAVY, align="ctr"),
            "b",
            ("セクション名 (Section title)",),
        ),
        "subtitle": Slot(
            "Subtitle",
            box(1.0, 4.05, SLIDE_W_IN - 2.0, 0.9),
            Look(size_pt=20, color=GREY, align="ctr"),
            "t",
            ("補足 (Subtitle)",),
        ),
    },
    "bullets": {
        "title": Slot("Title", TITLE_BOX, None, "b", TITLE_PROMPT),
        "body": Slot("Body", BODY_BOX, None, "t", BODY_PROMPT),
    },
    "ranking": {
        "title": Slot("Title", TITLE_BOX, None, "b", TITLE_PROMPT),
        # Ranking lines carry their own "1." numbers, so level 1 has no bullet.
        "body": Slot(
            "Ranking",
            BODY_BOX,
            Look(space_before_pt=6),
            "t",
            ("1. 論文タイトル (Paper title)", "2. 論文タイトル (Paper title)"),
        ),
    },
    "paper": {
        "title": Slot("Title", row(0.25, 1.08), None, "b", ("論文タイトル (Paper title)",)),
        "original": Slot(
            "Original Title", row(1.45, 0.45), PLAIN_14_GREY, "ctr", ("原題 (Original title)",)
        ),
        "link": Slot("arXiv Link", row(1.90, 0.35), Look(size_pt=14), "ctr", ("arXiv link",)),
        "body": Slot(
            "Abstract",
            row(2.35, 3.70),
            Look(size_pt=18, bullets=True),
            "t",
            ("要旨 (Abstract)", "補足 (Detail)"),
        ),
        "take": Slot(
            "Take",
            row(6.10, 0.55),
            Look(size_pt=18, bold=True, color=ACCENT),
            "ctr",
            ("ひとこと (Presenter's take)",),
        ),
        "affiliation": Slot(
            "Affiliation",
            row(FOOTER_TOP, FOOTER_HEIGHT, width=10.4),
            Look(size_pt=12, color=GREY),
            "ctr",
            ("著者の所属 (Affiliation)",),
        ),
    },
    "summary": {
        "title": Slot("Title", TITLE_BOX, None, "b", TITLE_PROMPT),
        "original": Slot(
            "Original Title", row(1.45, 0.45), PLAIN_14_GREY, "ctr", ("原題 (Original title)",)
        ),
        "body": Slot("Summary", row(2.0, 4.8), None, "t", BODY_PROMPT),
    },
    "figure": {
        "title": Slot("Title", TITLE_BOX, None, "b", TITLE_PROMPT),
        "picture": Slot(
            "Figure",
            row(1.55, 4.45),
            Look(size_pt=14, color=GREY, align="ctr"),
            "ctr",
            ("図 (Figure)",),
        ),
        "caption": Slot(
            "Caption",
            row(6.05, 0.75),
            Look(size_pt=14, color=GREY, align="ctr"),
            "t",
            ("キャプション (Caption)",),
        ),
    },
    "closing": {
        "title": Slot("Title", TITLE_BOX, None, "b", TITLE_PROMPT),
        "body": Slot("Body", BODY_BOX, None, "t", BODY_PROMPT),
    },
    "figure_text": {
        "title": Slot("Title", TITLE_BOX, None, "b", TITLE_PROMPT),
        # bullets on the left, the figure and its caption on the right
        "body": Slot("Body", box(MARGIN_X, 1.55, TEXT_COLUMN, 5.25), None, "t", BODY_PROMPT),
        "picture": Slot(
            "Figure", box(FIGURE_LEFT, 1.55, FIGURE_WIDTH, 4.45), CAPTION_LOOK, "ctr",
            ("図 (Figure)",),
        ),
        "caption": Slot(
            "Caption", box(FIGURE_LEFT, 6.05, FIGURE_WIDTH, 0.75), CAPTION_LOOK, "t",
            ("キャプション (Caption)",),
        ),
    },
    "figures2": figures_slots(2),
    "figures3": figures_slots(3),
    "ranking_chart": {
        "title": Slot("Title", TITLE_BOX, None, "b", TITLE_PROMPT),
        # the ranking list on the left, its chart on the right
        "body": Slot(
            "Ranking",
            row(1.55, 5.25, width=7.0),
            Look(space_before_pt=6),
            "t",
            ("1. 論文タイトル (Paper title)", "2. 論文タイトル (Paper title)"),
        ),
        "chart": Slot("Chart", box(MARGIN_X + 7.2, 1.55, 4.93, 5.25), None, "ctr",
                      ("グラフ (Chart)",)),
    },
    "chart": {
        "title": Slot("Title", TITLE_BOX, None, "b", TITLE_PROMPT),
        "chart": Slot("Chart", BODY_BOX, None, "ctr", ("グラフ (Chart)",)),
    },
}

SLIDE_NUMBER_SLOT = Slot(
    "Slide Number", SLIDE_NUMBER_BOX, Look(size_pt=12, color=LIGHT_GREY, align="r"), "ctr", ()
)

# Layouts that hide the master's title rule (their title is centred, not at the top).
NO_MASTER_SHAPES = frozenset({"title", "section"})


# --------------------------------------------------------------------------------------
# Small XML helpers (each returns one element)
# --------------------------------------------------------------------------------------


def el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """Return a new `tag` element ("a:latin") with `attrs` and `children` appended in order."""
    # OxmlElement yields python-pptx's element classes, so its API still works on new shapes.
    element = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        element.set(key, value)
    element.extend(children)
    return element


def emu(value: float) -> str:
    """Return an EMU or hundredths-of-a-point value as the integer string the XML wants."""
    return str(round(value))


def solid_fill(rgb: str) -> etree._Element:
    """Return `a:solidFill` with an sRGB colour (explicit, so the look survives theme swaps)."""
    return el("a:solidFill", None, el("a:srgbClr", {"val": rgb}))


def xfrm(rect: Rect) -> etree._Element:
    """Return `a:xfrm` for `rect`: every shape carries its own 16:9 geometry."""
    return el(
        "a:xfrm",
        None,
        el("a:off", {"x": emu(rect.left), "y": emu(rect.top)}),
        el("a:ext", {"cx": emu(rect.width), "cy": emu(rect.height)}),
    )


def rect_geometry() -> etree._Element:
    """Return `a:prstGeom prst="rect"`, the geometry of every box in this template."""
    return el("a:prstGeom", {"prst": "rect"}, el("a:avLst"))


def spacing_before(points: float) -> etree._Element:
    """Return `a:spcBef` in points (points, not percent, so it does not grow with the font)."""
    return el("a:spcBef", None, el("a:spcPts", {"val": emu(points * 100)}))


def line_spacing(percent: float) -> etree._Element:
    """Return `a:lnSpc` as a percentage of single spacing."""
    return el("a:lnSpc", None, el("a:spcPct", {"val": emu(percent * 1000)}))


def bullet(char: str) -> list[etree._Element]:
    """Return the accent-coloured bullet elements (buClr, buFont, buChar) for `char`."""
    # The bullet font must be the Japanese font: Arial is missing on Linux and LibreOffice
    # then draws the bullet from DejaVu Sans.
    return [
        el("a:buClr", None, el("a:srgbClr", {"val": ACCENT})),
        el("a:buFont", {"typeface": DEFAULT_EA_FONT}),
        el("a:buChar", {"char": char}),
    ]


def no_bullet() -> etree._Element:
    """Return `a:buNone`: single-line boxes (title, link, take, ...) must never show a bullet."""
    return el("a:buNone")


def style_run_props(size_pt: float, color: str, major: bool, bold: bool = False) -> etree._Element:
    """Return a master-style `a:defRPr`: size, colour, Japanese language and theme fonts."""
    # lang="ja-JP" makes spell checking and line breaking treat new text as Japanese.
    attrs = {"lang": JP_LANG, "sz": emu(size_pt * 100), "kern": "1200"}
    if bold:
        attrs["b"] = "1"
    kind = "mj" if major else "mn"
    return el(
        "a:defRPr",
        attrs,
        solid_fill(color),
        el("a:latin", {"typeface": f"+{kind}-lt"}),
        el("a:ea", {"typeface": f"+{kind}-ea"}),
        el("a:cs", {"typeface": f"+{kind}-cs"}),
    )


def level_props(level: int, attrs: dict[str, str], *children: etree._Element) -> etree._Element:
    """Return `a:lvlNpPr` with East Asian line breaking switched on."""
    # eaLnBrk/hangingPunct give kinsoku line breaking; latinLnBrk="0" keeps English words whole.
    base = {"eaLnBrk": "1", "latinLnBrk": "0", "hangingPunct": "1"}
    return el(f"a:lvl{level}pPr", {**attrs, **base}, *children)


# --------------------------------------------------------------------------------------
# Master text styles
# --------------------------------------------------------------------------------------

BODY_SIZES_PT = (20, 18, 16, 16, 16, 16, 16, 16, 16)
BULLET_CHARS = ("•", "–", "•", "–", "•", "–", "•", "–", "•")


def title_style() -> etree._Element:
    """Return `p:titleStyle`: 28 pt bold navy, left aligned, no bullet."""
    return el(
        "p:titleStyle",
        None,
        level_props(
            1,
            {"algn": "l", "defTabSz": "914400", "rtl": "0"},
            line_spacing(90),
            spacing_before(0),
            no_bullet(),
            style_run_props(28, NAVY, major=True, bold=True),
        ),
    )


def body_style() -> etree._Element:
    """Return `p:bodyStyle`: "•" and "–" bullets in the Japanese font, 20/18/16 pt."""
    levels = []
    for number, (size, char) in enumerate(zip(BODY_SIZES_PT, BULLET_CHARS, strict=True), 1):
        indent = 0.3 * EMU_PER_INCH
        margin = indent + (number - 1) * 0.35 * EMU_PER_INCH
        levels.append(
            level_props(
                number,
                {"marL": emu(margin), "indent": emu(-indent), "algn": "l", "defTabSz": "914400"},
                spacing_before(8 if number == 1 else 4),
                *bullet(char),
                style_run_props(size, TEXT, major=False),
            )
        )
    return el("p:bodyStyle", None, *levels)


def other_style() -> etree._Element:
    """Return `p:otherStyle` (tables, text boxes): 18 pt Japanese text, no bullets."""
    default = el("a:defPPr", None, el("a:defRPr", {"lang": JP_LANG}))
    levels = [
        level_props(
            number,
            {"marL": emu((number - 1) * 0.5 * EMU_PER_INCH), "algn": "l", "defTabSz": "914400"},
            style_run_props(18, TEXT, major=False),
        )
        for number in range(1, 10)
    ]
    return el("p:otherStyle", None, default, *levels)


# --------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------


def body_properties(anchor: str) -> etree._Element:
    """Return `a:bodyPr`: wrapped text, `anchor`, and normAutofit as an overflow safety net."""
    # The renderer writes explicit sizes; normAutofit only shrinks text that still overflows.
    return el("a:bodyPr", {"wrap": "square", "rtlCol": "0", "anchor": anchor}, el("a:normAutofit"))


def list_style(look: Look | None) -> etree._Element:
    """Return the placeholder's `a:lstStyle`, which overrides the master style for its text."""
    if look is None:
        return el("a:lstStyle")
    run_attrs = {} if look.size_pt is None else {"sz": emu(look.size_pt * 100)}
    if look.bold:
        run_attrs["b"] = "1"
    run_children = [] if look.color is None else [solid_fill(look.color)]
    if look.bullets:
        # Keep the master's bullets and indents; only scale the first two levels.
        assert look.size_pt is not None
        second = {"sz": emu((look.size_pt - 2) * 100)}
        return el(
            "a:lstStyle",
            None,
            el("a:lvl1pPr", None, el("a:defRPr", run_attrs, *run_children)),
            el("a:lvl2pPr", None, el("a:defRPr", second)),
        )
    return el(
        "a:lstStyle",
        None,
        el(
            "a:lvl1pPr",
            {"marL": "0", "indent": "0", "algn": look.align},
            spacing_before(look.space_before_pt),
            no_bullet(),
            el("a:defRPr", run_attrs, *run_children),
        ),
    )


def prompt_paragraph(text: str, level: int) -> etree._Element:
    """Return an `a:p` holding prompt text, the hint PowerPoint shows in an empty placeholder."""
    children = [] if level == 0 else [el("a:pPr", {"lvl": str(level)})]
    run = el("a:r", None, el("a:rPr", {"lang": JP_LANG, "altLang": "en-US"}), el("a:t"))
    run[-1].text = text
    return el("a:p", None, *children, run)


def slide_number_paragraph() -> etree._Element:
    """Return an `a:p` with a `slidenum` field: the page number is a field, not fixed text."""
    field_ = el(
        "a:fld", {"id": SLIDENUM_FIELD_ID, "type": "slidenum"}, el("a:rPr", {"lang": JP_LANG})
    )
    field_.append(el("a:t"))
    field_[-1].text = "‹#›"
    return el("a:p", None, field_)


def placeholder_sp(
    shape_id: int, slot: Slot, ph_type: str, idx: int | None, bullets: bool = False
) -> etree._Element:
    """Return a placeholder `p:sp` of `ph_type` and `idx` laid out and styled as `slot`."""
    ph_attrs = {"type": ph_type}
    if idx is not None:
        ph_attrs["idx"] = str(idx)
    if slot.prompt:
        ph_attrs["hasCustomPrompt"] = "1"
    if ph_type == "sldNum":
        paragraphs = [slide_number_paragraph()]
    else:
        paragraphs = [
            prompt_paragraph(text, level if bullets else 0)
            for level, text in enumerate(slot.prompt)
        ]
    return el(
        "p:sp",
        None,
        el(
            "p:nvSpPr",
            None,
            el("p:cNvPr", {"id": str(shape_id), "name": slot.name}),
            el("p:cNvSpPr", None, el("a:spLocks", {"noGrp": "1"})),
            el("p:nvPr", None, el("p:ph", ph_attrs)),
        ),
        el("p:spPr", None, xfrm(slot.rect), rect_geometry()),
        el("p:txBody", None, body_properties(slot.anchor), list_style(slot.look), *paragraphs),
    )


def ornament_sp(shape_id: int, name: str, rect: Rect, rgb: str) -> etree._Element:
    """Return a filled rectangle with no outline and no text: the accent rule or bar."""
    return el(
        "p:sp",
        None,
        el(
            "p:nvSpPr",
            None,
            el("p:cNvPr", {"id": str(shape_id), "name": name}),
            el("p:cNvSpPr"),
            el("p:nvPr"),
        ),
        el(
            "p:spPr",
            None,
            xfrm(rect),
            rect_geometry(),
            solid_fill(rgb),
            el("a:ln", None, el("a:noFill")),
        ),
    )


def white_background() -> etree._Element:
    """Return a master `p:bg` with a plain white fill (not a theme reference)."""
    return el(
        "p:bg",
        None,
        el("p:bgPr", None, solid_fill(WHITE), el("a:effectLst")),
    )


def replace_shapes(sp_tree: etree._Element, shapes: Iterable[etree._Element]) -> None:
    """Remove every shape from `sp_tree` (keeping its group properties) and add `shapes`."""
    for child in list(sp_tree):
        if child.tag not in (qn("p:nvGrpSpPr"), qn("p:grpSpPr")):
            sp_tree.remove(child)
    sp_tree.extend(shapes)


# --------------------------------------------------------------------------------------
# Building the parts
# --------------------------------------------------------------------------------------


def patch_theme(master: SlideMaster) -> None:
    """Make the theme Japanese: fonts, Jpan script font, colours and name."""
    # python-pptx loads the theme as a plain Part without an XML API, so its blob is parsed,
    # edited and written back through the private `_blob`. Every placeholder style refers to
    # +mj-lt/+mj-ea/+mn-lt/+mn-ea, so the fonts set here reach all text.
    part = master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    root.set("name", "deckgen")
    scheme = root.find(f"{qn('a:themeElements')}/{qn('a:fontScheme')}")
    scheme.set("name", "deckgen")
    for collection in (scheme.find(qn("a:majorFont")), scheme.find(qn("a:minorFont"))):
        collection.find(qn("a:latin")).set("typeface", DEFAULT_EA_FONT)
        collection.find(qn("a:ea")).set("typeface", DEFAULT_EA_FONT)
        for script_font in collection.findall(qn("a:font")):
            if script_font.get("script") == "Jpan":
                script_font.set("typeface", DEFAULT_EA_FONT)
    colors = root.find(f"{qn('a:themeElements')}/{qn('a:clrScheme')}")
    colors.set("name", "deckgen")
    for slot_name, rgb in (
        ("dk2", NAVY),
        ("accent1", ACCENT),
        ("hlink", HYPERLINK),
        ("folHlink", FOLLOWED_HYPERLINK),
    ):
        color_slot = colors.find(qn(f"a:{slot_name}"))
        color_slot.clear()
        etree.SubElement(color_slot, qn("a:srgbClr"), val=rgb)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build_master(master: SlideMaster) -> None:
    """Replace the master's background, shapes and text styles with the 16:9 design."""
    root = master._element
    c_sld = root.find(qn("p:cSld"))
    old_bg = c_sld.find(qn("p:bg"))
    if old_bg is not None:
        c_sld.remove(old_bg)
    c_sld.insert(0, white_background())
    master_title = Slot("Title", TITLE_BOX, None, "b", ("マスター タイトル (Master title)",))
    master_body = Slot("Body", BODY_BOX, None, "t", BODY_PROMPT)
    replace_shapes(
        c_sld.find(qn("p:spTree")),
        [
            placeholder_sp(2, master_title, "title", None),
            placeholder_sp(3, master_body, "body", 1, bullets=True),
            placeholder_sp(4, SLIDE_NUMBER_SLOT, "sldNum", 4),
            ornament_sp(5, "Title Rule", RULE_BOX, ACCENT),
        ],
    )
    old_styles = root.find(qn("p:txStyles"))
    new_styles = el("p:txStyles", None, title_style(), body_style(), other_style())
    old_styles.addprevious(new_styles)
    root.remove(old_styles)


def placeholder_type(kind: str, role: Role) -> str:
    """Return the `p:ph type` for `role` on the layout of `kind`."""
    if role is TITLE:
        return "ctrTitle" if kind == "title" else "title"
    if role is SUBTITLE:
        return "subTitle" if kind == "title" else "body"
    if role in PICTURE_ROLES:
        return "pic"
    if role is CHART:
        return "chart"
    return "body"


def check_type_allowed(role: Role, ph_type: str) -> None:
    """Fail if the renderer would not accept `ph_type` for `role` (its `types`, when set)."""
    name = PP_PLACEHOLDER.from_xml(ph_type).name
    if role.types and name not in role.types:
        raise ValueError(f"role {role.name!r}: type {name} is not one of {role.types}")


def layout_shapes(kind: str) -> list[etree._Element]:
    """Return the shapes of the layout for `kind`: its role placeholders, page number, bar."""
    slots = SLOTS[kind]
    roles = KIND_ROLES[kind]
    if set(slots) != {role.name for role in roles}:
        raise ValueError(f"{kind}: SLOTS {sorted(slots)} do not match KIND_ROLES")
    shapes = []
    shape_id = 2
    for role in roles:
        ph_type = placeholder_type(kind, role)
        check_type_allowed(role, ph_type)
        idx = None if role.idx == 0 else role.idx
        look = slots[role.name].look
        bullets = ph_type == "body" and (look is None or look.bullets)
        shapes.append(placeholder_sp(shape_id, slots[role.name], ph_type, idx, bullets))
        shape_id += 1
    if kind not in UNNUMBERED_KINDS:
        shapes.append(placeholder_sp(shape_id, SLIDE_NUMBER_SLOT, "sldNum", SLIDE_NUMBER.idx))
        shape_id += 1
    if kind in NO_MASTER_SHAPES:
        shapes.append(ornament_sp(shape_id, "Accent Bar", BAR_BOX, ACCENT))
    return shapes


def build_layout(layout: SlideLayout, kind: str) -> None:
    """Turn a recycled layout into the deckgen layout for `kind`."""
    root = layout._element
    root.set("type", LAYOUT_TYPES[kind])
    root.set("preserve", "1")
    if kind in NO_MASTER_SHAPES:
        root.set("showMasterSp", "0")
    elif "showMasterSp" in root.attrib:
        del root.attrib["showMasterSp"]
    layout.name = LAYOUT_NAMES[kind]
    replace_shapes(root.find(f"{qn('p:cSld')}/{qn('p:spTree')}"), layout_shapes(kind))


def set_slide_size(prs: PresentationObj) -> None:
    """Make the deck 16:9 (13.333 x 7.5 in)."""
    prs.slide_width = SLIDE_WIDTH
    prs.slide_height = SLIDE_HEIGHT
    # The built-in template says type="screen4x3"; PowerPoint writes no type for Widescreen.
    size = prs._element.find(qn("p:sldSz"))
    size.attrib.pop("type", None)


def set_default_language(prs: PresentationObj) -> None:
    """Mark the presentation's default text style as Japanese (lang="ja-JP")."""
    style = prs._element.find(qn("p:defaultTextStyle"))
    for run_props in style.iter(qn("a:defRPr")):
        run_props.set("lang", JP_LANG)


def build(output: Path) -> None:
    """Build the template and save it to `output`."""
    prs = Presentation()
    set_slide_size(prs)
    set_default_language(prs)
    master = prs.slide_masters[0]
    patch_theme(master)
    build_master(master)
    layouts = list(prs.slide_layouts)
    # python-pptx's template has 11 layouts to recycle; more are copies of its blank one
    spare = Presentation()
    while len(layouts) < len(LAYOUT_NAMES):
        layouts.append(copy_layout(prs, spare.slide_layouts[6], spare))
    for layout, kind in zip(layouts, LAYOUT_NAMES, strict=False):
        build_layout(layout, kind)
    for extra in layouts[len(LAYOUT_NAMES) :]:
        prs.slide_layouts.remove(extra)
    props = prs.core_properties
    props.title = "deckgen default template"
    props.author = "deckgen"
    props.last_modified_by = "deckgen"
    props.comments = "16:9 template for deckgen. Rebuild with: python layouts/make_default.py"
    output.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(output))


# --------------------------------------------------------------------------------------
# Checking the result
# --------------------------------------------------------------------------------------


def inches(value: int) -> float:
    """Return EMU as inches, rounded for printing."""
    return round(value / EMU_PER_INCH, 2)


def overlaps(a: Rect, b: Rect) -> bool:
    """Return True if two boxes share any area."""
    return (
        a.left < b.left + b.width
        and b.left < a.left + a.width
        and a.top < b.top + b.height
        and b.top < a.top + a.height
    )


def check(path: Path) -> list[str]:
    """Reopen `path`, print every layout's placeholders and return a list of problems."""
    prs = Presentation(str(path))
    problems = []
    if (prs.slide_width, prs.slide_height) != (SLIDE_WIDTH, SLIDE_HEIGHT):
        problems.append(f"slide size is {prs.slide_width} x {prs.slide_height}")
    if len(prs.slides) or len(prs.slide_masters) != 1:
        problems.append("expected no slides and exactly one master")
    names = [layout.name for layout in prs.slide_layouts]
    if names != list(LAYOUT_NAMES.values()):
        problems.append(f"layout names {names}")
    for kind, name in LAYOUT_NAMES.items():
        layout = prs.slide_layouts.get_by_name(name)
        if layout is None:
            continue
        print(name)
        expected = {(role.idx, placeholder_type(kind, role)) for role in KIND_ROLES[kind]}
        if kind not in UNNUMBERED_KINDS:
            expected.add((SLIDE_NUMBER.idx, "sldNum"))
        found, boxes = set(), []
        for ph in layout.placeholders:
            fmt = ph.placeholder_format
            xml_type = ph.element.ph.get("type", "obj")
            found.add((fmt.idx, xml_type))
            rect = Rect(ph.left, ph.top, ph.width, ph.height)
            boxes.append((ph.name, rect))
            print(
                f"  idx {fmt.idx:>2}  {fmt.type.name:<13} {ph.name:<15}"
                f" left {inches(ph.left):5.2f} top {inches(ph.top):4.2f}"
                f" w {inches(ph.width):5.2f} h {inches(ph.height):4.2f} in"
            )
            if rect.left < 0 or rect.top < 0:
                problems.append(f"{name}: {ph.name} starts off the slide")
            if rect.left + rect.width > SLIDE_WIDTH or rect.top + rect.height > SLIDE_HEIGHT:
                problems.append(f"{name}: {ph.name} runs off the slide")
        if found != expected:
            problems.append(f"{name}: placeholders {sorted(found)} != {sorted(expected)}")
        for i, (name_a, rect_a) in enumerate(boxes):
            for name_b, rect_b in boxes[i + 1 :]:
                if overlaps(rect_a, rect_b):
                    problems.append(f"{name}: {name_a} overlaps {name_b}")
    return problems


def main(argv: list[str]) -> int:
    """Build the template (to argv[1] or the default path), check it, print the layouts."""
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_TEMPLATE
    build(output)
    print(f"wrote {output}")
    problems = check(output)
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
