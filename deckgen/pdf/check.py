"""check_deck(): what a viewer of the LibreOffice PDF would notice, slide by slide.

The .pptx says where each text box is and what it holds; the PDF says where LibreOffice
actually drew each word. Comparing the two finds text outside its slide, text boxes whose
drawn text overlaps, characters drawn as boxes, Japanese text without an embedded Japanese
font, placeholders left empty (PowerPoint shows "Click to add text"), and links that do not
go to arXiv.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.shapes.placeholder import PlaceholderPicture

from deckgen.errors import ExportError
from deckgen.model.ids import ARXIV_ID_PATTERN
from deckgen.pdf import glyphs
from deckgen.pdf.export import read_deck, renew_pdf
from deckgen.render.identity import is_carrier
from deckgen.render.opc import external_links
from deckgen.render.oxml import DAMAGED, is_hidden
from deckgen.render.shapes import shape_xml
from deckgen.render.styles import style_problems
from deckgen.render.template import Template

ARXIV_URL = re.compile(r"^https?://(www\.|export\.)?arxiv\.org/(abs|pdf|html)/"
                       rf"{ARXIV_ID_PATTERN}(\.pdf)?/?$")
# placeholders PowerPoint leaves blank when empty (no "Click to add text" prompt)
_SILENT_PLACEHOLDERS = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.HEADER,
                        PP_PLACEHOLDER.SLIDE_NUMBER}
_LIGATURES = re.compile("[\ufb00-\ufb06]")
_TOLERANCE = 1.0  # points: less than this is rounding, not a visible overlap


@dataclass(frozen=True)
class Problem:
    """One thing wrong on one slide (slide 0: the whole deck)."""

    slide: int
    check: str
    message: str


@dataclass(frozen=True)
class CheckReport:
    """What `deckgen check` found in one deck."""

    pptx: Path
    pdf: Path
    slides: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


@dataclass(frozen=True)
class _TextBox:
    name: str
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
    text: str  # without whitespace, for matching words drawn in the PDF


def deck_paths(session_dir: Path) -> tuple[Path, Path]:
    """The built .pptx of a session and its PDF (which may not exist yet)."""
    from deckgen.session.store import BUILD_DIR
    from deckgen.session.validate import load_session

    session = load_session(session_dir)
    pptx = session_dir / BUILD_DIR / f"{session.name}.pptx"
    if pptx.is_dir():
        raise ExportError(f"{pptx}: a folder is where the deck goes; move or rename it, then "
                          f"run `deckgen build {session_dir}`")
    if not pptx.is_file():
        raise ExportError(f"{pptx}: not built yet (run `deckgen build {session_dir}` first)")
    return pptx, pptx.with_suffix(".pdf")


def check_session(session_dir: Path) -> CheckReport:
    """Check a session's built deck, rendering its PDF first when it is missing or stale."""
    pptx, pdf = deck_paths(session_dir)
    renew_pdf(pptx, pdf)
    from deckgen.render.template import load_template
    from deckgen.session.validate import load_session

    session = load_session(session_dir)
    return check_deck(pptx, pdf, load_template(session.template, session.layouts))


def check_deck(pptx: Path, pdf: Path, template: Template | None = None) -> CheckReport:
    """Compare `pptx` with its PDF `pdf` and list every problem found; with `template`, also
    deckgen's text that is not in the template's fonts or styles (render/styles.py)."""
    prs = read_deck(pptx)
    problems: list[Problem] = []
    japanese_seen = japanese_embedded = False
    try:
        doc = pdfplumber.open(pdf)
    except Exception as exc:  # pdfminer raises many kinds for a broken file
        raise ExportError(f"{pdf}: not a readable PDF ({exc}); build it again") from None
    with doc:
        if len(doc.pages) != len(prs.slides):
            problems.append(Problem(0, "pages", f"the PDF has {len(doc.pages)} pages for "
                                    f"{len(prs.slides)} slides (build the PDF again)"))
        for number, (slide, page) in enumerate(zip(prs.slides, doc.pages, strict=False), 1):
            scale = page.width / prs.slide_width
            boxes = _text_boxes(slide, scale)
            chars = [c for c in page.chars if not c["text"].isspace()]
            found = [
                *_outside(number, page, chars),
                *_overlaps(number, chars, boxes),
                *_glyphs(number, chars, boxes),
                *_empty_placeholders(number, slide),
                *_links(number, slide, page),
                *_japanese_font(number, page, chars, boxes),
            ]
            japanese_seen |= any(glyphs.is_japanese(ch) for b in boxes for ch in b.text)
            japanese_embedded |= any(emb and glyphs.is_japanese_font(name) for name, emb
                                     in glyphs.embedded_fonts(page.page_obj).items())
            problems.extend(found)
    if template is not None:
        try:
            problems += [Problem(p.slide, "style", p.message)
                         for p in style_problems(prs, template)]
        except DAMAGED as exc:  # a theme, master or custom.xml a program broke
            problems.append(Problem(0, "style", f"the deck's styles cannot be read "
                                    f"({type(exc).__name__}: {str(exc)[:120]}); save it as .pptx "
                                    "again, or rebuild with `deckgen build --fresh`"))
    if japanese_seen and not japanese_embedded:
        problems.append(Problem(0, "font", "no Japanese font is embedded in the PDF (install "
                                "one: `apt-get install fonts-noto-cjk`, then build again)"))
    return CheckReport(pptx, pdf, len(prs.slides), tuple(problems))


def _text_boxes(slide: Any, scale: float) -> list[_TextBox]:
    boxes = []
    for shape in slide.shapes:
        if shape.width is None or shape.left is None:
            continue
        if shape.has_chart:  # its category labels (a paper's short title) are drawn text too
            read = shape_xml(shape)
            labels = "".join(point.rpartition("=")[0] for series in read.chart or ()
                             for point in series[1:])
            if text := re.sub(r"\s", "", labels):
                x0, top = shape.left * scale, shape.top * scale
                boxes.append(_TextBox(shape.name, (x0, top, x0 + shape.width * scale,
                                                   top + shape.height * scale), text))
            continue
        if not shape.has_text_frame:
            continue
        read = shape_xml(shape)
        if is_carrier(read):  # the hidden slide-identity mark, off the slide
            continue
        # a slide-number field's stored digits are whatever they were when it was written
        # (a rebuild or a reordering changes the number drawn), so they are not expected
        # (the text read leaves them out)
        text = re.sub(r"\s", "", read.text or "")
        if not text:
            continue
        x0, top = shape.left * scale, shape.top * scale
        boxes.append(_TextBox(shape.name, (x0, top, x0 + shape.width * scale,
                                           top + shape.height * scale), text))
    return boxes


def _snippet(chars: list[dict]) -> str:
    text = "".join(c["text"] for c in chars)
    return text if len(text) <= 30 else text[:29] + "…"


def _outside(number: int, page: Any, chars: list[dict]) -> list[Problem]:
    off = [c for c in chars if c["x0"] < -0.5 or c["x1"] > page.width + 0.5
           or c["top"] < -0.5 or c["bottom"] > page.height + 0.5]
    if not off:
        return []
    return [Problem(number, "outside", f"{len(off)} characters lie outside the slide "
                    f"(“{_snippet(off)}”): shorten the text or enlarge its box")]


def _attribute(chars: list[dict], boxes: list[_TextBox]) -> dict[str, list[dict]]:
    """Which text box each drawn character belongs to.

    LibreOffice draws one shape's text after another, so the PDF's character stream is the
    boxes' texts one after the other (with bullets and numbers in between): a character
    continues the box being drawn when it is that box's next character, else it starts the
    box whose next character it is. This holds even where two boxes' texts overlap.
    """
    pointers = {b.name: 0 for b in boxes}
    texts = {b.name: b.text for b in boxes}
    owned: dict[str, list[dict]] = {b.name: [] for b in boxes}
    current: str | None = None

    def expects(name: str, char: str) -> int | None:
        text, at = texts[name], pointers[name]
        ahead = text.find(char, at, at + 4)  # LibreOffice may drop a character it cannot draw
        return None if ahead < 0 else ahead

    for char in chars:
        chosen = None
        if current is not None and (hit := expects(current, char["text"])) is not None:
            chosen = (current, hit)
        else:
            for b in boxes:
                if pointers[b.name] < len(b.text) and b.text[pointers[b.name]] == char["text"]:
                    chosen = (b.name, pointers[b.name])
                    break
        if chosen is None:
            if current is not None:
                owned[current].append(char)  # a bullet or number of the box being drawn
            continue
        current, at = chosen
        pointers[current] = at + 1
        owned[current].append(char)
    return owned


def _lines(chars: list[dict]) -> list[tuple[float, float, float, float]]:
    """One rectangle per drawn line of text."""
    rows: list[list[float]] = []
    for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        row = next((r for r in rows if abs(r[1] - c["top"]) < 2), None)
        if row is None:
            rows.append([c["x0"], c["top"], c["x1"], c["bottom"]])
        else:
            row[:] = [min(row[0], c["x0"]), min(row[1], c["top"]), max(row[2], c["x1"]),
                      max(row[3], c["bottom"])]
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def _overlaps(number: int, chars: list[dict], boxes: list[_TextBox]) -> list[Problem]:
    """Text boxes whose drawn lines (not merely their frames) overlap."""
    lines = {name: _lines(owned) for name, owned in _attribute(chars, boxes).items() if owned}
    names = list(lines)
    problems = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            for la in lines[a]:
                hit = next((lb for lb in lines[b] if _intersect(la, lb)), None)
                if hit is not None:
                    problems.append(Problem(number, "overlap", f"the text of '{a}' and '{b}' "
                                            "overlaps: move or shorten one of them"))
                    break
    return problems


def _intersect(a: tuple[float, float, float, float], b: tuple[float, float, float, float]
               ) -> bool:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width > _TOLERANCE and height > _TOLERANCE


def _glyphs(number: int, chars: list[dict], boxes: list[_TextBox]) -> list[Problem]:
    """Characters drawn as boxes (tofu), or not drawn at all.

    A character no installed font has is drawn with a font's empty glyph, and the PDF then
    maps that glyph to some other character (or to a private-use code point), or leaves it
    out: either way, a written character occurs fewer times in the drawing than in the text.
    """
    coverage = glyphs.installed_coverage()
    written = Counter(ch for b in boxes for ch in b.text if glyphs.needs_glyph(ch))
    drawn = Counter(ch for c in chars for ch in _unligature(c["text"]))
    missing = {ch for ch, count in written.items() if drawn[ch] < count}
    missing |= {ch for ch in written if coverage and ch not in coverage}
    missing |= {ch for ch in drawn if glyphs.is_private(ch) and ch not in written}
    if not missing:
        return []
    shown = " ".join(f"{ch if ch.isprintable() and not glyphs.is_private(ch) else ''}"
                     f"U+{ord(ch):04X}" for ch in sorted(missing)[:8])
    more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
    return [Problem(number, "glyphs", f"{len(missing)} characters are drawn as boxes or not "
                    f"at all ({shown}{more}): install a font that has them "
                    "(`apt-get install fonts-noto-cjk`) or replace them")]


def _unligature(text: str) -> str:
    # LibreOffice draws "fi", "fl", ... as one ligature glyph
    return unicodedata.normalize("NFKC", text) if _LIGATURES.search(text) else text


def _japanese_font(number: int, page: Any, chars: list[dict],
                   boxes: list[_TextBox]) -> list[Problem]:
    """Japanese text must be drawn in an embedded Japanese font, or viewers substitute one."""
    if not any(glyphs.is_japanese(ch) for b in boxes for ch in b.text):
        return []
    fonts = glyphs.embedded_fonts(page.page_obj)
    good = {name for name, emb in fonts.items() if emb and glyphs.is_japanese_font(name)}
    if not good:
        used = ", ".join(sorted({glyphs.base_font_name(n) for n in fonts})) or "none"
        return [Problem(number, "font", f"Japanese text but no embedded Japanese font on "
                        f"this page (fonts: {used})")]
    bad = sorted({glyphs.base_font_name(c["fontname"]) for c in chars
                  if glyphs.is_japanese(c["text"]) and c["fontname"] not in good})
    if bad:
        return [Problem(number, "font", "Japanese text is not in an embedded Japanese font "
                        f"({', '.join(bad)})")]
    return []


def _empty_placeholders(number: int, slide: Any) -> list[Problem]:
    problems = []
    for ph in slide.placeholders:
        if is_hidden(ph):
            continue
        kind = ph.placeholder_format.type
        if kind in _SILENT_PLACEHOLDERS or isinstance(ph, PlaceholderPicture):
            continue
        if ph.has_text_frame and ph.text_frame.text.strip():
            continue
        if getattr(ph, "has_chart", False) or getattr(ph, "has_table", False):
            continue
        problems.append(Problem(number, "placeholder", f"placeholder '{ph.name}' is empty and "
                                "shows “Click to add text” in PowerPoint: fill or delete it"))
    return problems


def _links(number: int, slide: Any, page: Any) -> list[Problem]:
    urls = external_links(slide)
    urls |= {link["uri"] for link in page.hyperlinks if link.get("uri")}
    return [Problem(number, "link", f"link is not an arXiv URL: {url} (link the paper's "
                    "https://arxiv.org/abs/<id>)") for url in sorted(urls)
            if not ARXIV_URL.match(url)]
