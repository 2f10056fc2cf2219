"""Where a paper's figures are found: its LaTeXML HTML page (arXiv or ar5iv) and its PDF.

Parsing only, no network: `html_figures()` reads `<figure class="ltx_figure">` blocks,
`affiliations_from_html()` the author affiliations, `pdf_figure_pages()` finds the page of
a PDF that holds "Figure N". The e-print source is read by `eprint.py`; the download chain
that tries these in order is `figfetch.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html

from deckgen.limits import MAX_FIGURE_IMAGES

CAPTION_LIMIT = 2000  # characters kept of a caption; slides show far less


@dataclass(frozen=True)
class FoundFigure:
    """One numbered figure of a paper: caption and the image files it is drawn from.

    `images` is empty when the figure has no image file (e.g. drawn as inline SVG); `note`
    then says why. `members` are archive paths (e-print), `page` a PDF page index (pdf).
    """

    number: int
    caption: str
    images: tuple[str, ...] = ()
    note: str | None = None
    page: int | None = None


def _has_class(name: str) -> str:
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


def _text(element) -> str:
    """Readable text of an element: math as its TeX source, whitespace collapsed."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.tag == "math":
            parts.append(node.get("alttext") or "")
        elif isinstance(node.tag, str) and node.tag not in ("script", "style", "annotation"):
            parts.append(node.text or "")
            for child in node:
                walk(child)
                parts.append(child.tail or "")

    walk(element)
    return " ".join("".join(parts).split())


def is_latexml_page(html: str | bytes) -> bool:
    """True for a paper rendered by LaTeXML (arXiv HTML or ar5iv), not an error page."""
    head = html[:200_000] if isinstance(html, str) else html[:200_000].decode("utf-8", "replace")
    return any(mark in head for mark in ("ltx_document", "ltx_page_main", "ltx_figure"))


def html_figures(html: str | bytes, page_url: str,
                 allowed: Callable[[str], bool] = lambda url: True) -> list[FoundFigure]:
    """The numbered figures of a LaTeXML page, image URLs resolved against `page_url`.

    A figure with an image URL that `allowed` refuses (another host), or drawn from more
    than MAX_FIGURE_IMAGES images, keeps no images and says why in its note.
    """
    doc = lxml.html.fromstring(html)
    out: list[FoundFigure] = []
    seen: set[int] = set()
    for fig in doc.xpath(f"//figure[{_has_class('ltx_figure')}]"):
        if fig.xpath(f"ancestor::figure[{_has_class('ltx_figure')}]"):
            continue  # a panel of a figure already taken
        tags = fig.xpath(f"./figcaption//span[{_has_class('ltx_tag_figure')}]")
        if not tags:
            continue  # an unnumbered figure cannot be chosen by number
        match = re.search(r"(\d+)", _text(tags[0]))
        if not match or int(match.group(1)) in seen:
            continue
        number = int(match.group(1))
        seen.add(number)
        caption_el = fig.xpath("./figcaption")[0]
        caption = _text(caption_el)
        tag_text = _text(tags[0])
        if caption.startswith(tag_text):
            caption = caption[len(tag_text):].strip()
        images: list[str] = []
        for el in fig.xpath(".//img | .//object[@data]"):
            if el.xpath("ancestor::figcaption"):
                continue
            src = el.get("src") if el.tag == "img" else el.get("data")
            if src and not src.startswith("data:"):
                images.append(urljoin(page_url, src))
        note = None
        refused = [u for u in images if not allowed(u)]
        if refused:
            host = urlsplit(refused[0]).netloc or refused[0][:60]
            note = (f"has an image on {host} ({refused[0][:200]}), which is neither arXiv nor "
                    "a configured endpoint (put the figure in figures/ by hand)")
            images = []
        elif len(images) > MAX_FIGURE_IMAGES:
            note = (f"is drawn from {len(images)} images, more than the {MAX_FIGURE_IMAGES} "
                    "deckgen downloads for one figure (put it in figures/ by hand)")
            images = []
        elif not images and fig.xpath(".//svg"):
            note = "drawn as inline SVG in the HTML, with no image file"
        elif not images:
            note = "has no image in the HTML"
        out.append(FoundFigure(number, caption[:CAPTION_LIMIT], tuple(images), note))
    return sorted(out, key=lambda f: f.number)


def affiliations_from_html(html: str | bytes) -> list[str]:
    """Author affiliations (`span.ltx_contact.ltx_role_affiliation`), each once, in order."""
    doc = lxml.html.fromstring(html)
    out: list[str] = []
    for span in doc.xpath(f"//span[{_has_class('ltx_contact')} and "
                          f"{_has_class('ltx_role_affiliation')}]"):
        for label in span.xpath(f".//span[{_has_class('ltx_contact_name')}]"):
            label.drop_tree()  # "Affiliation: " is a label, not a name
        text = _text(span).strip(" ;,")
        if text and text not in out:
            out.append(text)
    return out


def _figure_pattern(number: int) -> re.Pattern[str]:
    return re.compile(rf"(?:Figure|Fig\.)\s*{number}\s*[:.|]", re.IGNORECASE)


def pdf_figure_pages(data: bytes, numbers: list[int], name: str) -> dict[int, FoundFigure]:
    """For each figure number, the first page whose text has a caption "Figure N:" (or
    "Fig. N."), with the caption read from there; Figure 1 falls back to page 1."""
    import pypdfium2 as pdfium

    from deckgen.figures.images import ImageProblem

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ImageProblem(f"{name}: unreadable PDF ({exc})") from None
    found: dict[int, FoundFigure] = {}
    try:
        for index in range(min(len(pdf), 200)):
            text = pdf[index].get_textpage().get_text_range()
            for number in numbers:
                if number in found:
                    continue
                match = _figure_pattern(number).search(text)
                if match:
                    found_lines: list[str] = []
                    for line in text[match.end():].splitlines():
                        found_lines.append(line.strip())
                        # a PDF has no paragraph marks: a line ending a sentence ends it
                        if line.rstrip().endswith(".") or sum(map(len, found_lines)) > 600:
                            break
                    caption = " ".join(" ".join(found_lines).split())[:600]
                    found[number] = FoundFigure(number, caption, page=index)
            if len(found) == len(numbers):
                break
        if 1 in numbers and 1 not in found and len(pdf):
            found[1] = FoundFigure(1, "", page=0, note="no \"Figure 1\" caption found; page 1")
    finally:
        pdf.close()
    return found
