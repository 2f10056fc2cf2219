"""A PDF that follows the change: only the pages of slides that changed are converted again
and put in place of the old ones in the previous PDF; a whole conversion otherwise.

Beside `<name>.pdf`, `.<name>.pdf.pages` records the PDF's sha256 and, per page, what its
slide is drawn from (render/pages.page_sources: the slide, its layout, master, theme and
images), the slide's position, which is the number it shows, and the document properties
(docProps/core.xml, which the PDF carries). For the next PDF, when the previous PDF is the
recorded one, the deck has as many pages, and at most half of them changed, LibreOffice
converts a copy of the deck in which every other slide is hidden, without its pictures, and
those after the last changed slide are left out and those before it emptied (`shorter_copy`):
hidden slides keep the changed slides' numbers and make no page. pypdfium2 then puts those
pages in place of the old ones, with their fonts and links. No record, another PDF, pages
added or removed, most pages changed, or any failure: the caller converts the whole deck.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import logging
import tempfile
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from deckgen.limits import MAX_BUILD_RECORD_BYTES
from deckgen.pdf.chunks import only_slides
from deckgen.render import pages
from deckgen.render.package import open_pptx, take_written
from deckgen.session.outputs import write_atomic

log = logging.getLogger(__name__)

Convert = Callable[[Path, Path], None]  # (pptx, pdf): a whole conversion, as export_pdf does
MAX_SHARE = 0.5  # above this share of changed pages, a whole conversion is as fast


def record_path(pdf: Path) -> Path:
    return pdf.with_name(f".{pdf.name}.pages")


def page_keys(prs: Any, pptx: Path) -> list[str]:
    """What each page of the deck's PDF shows: its slide's sources and number (hidden slides
    make no page but keep their number), and the document properties the PDF carries."""
    try:
        with zipfile.ZipFile(pptx) as package:
            doc = hashlib.sha256(package.read("docProps/core.xml")).hexdigest()[:16]
    except KeyError:
        doc = ""
    return [f"{n}:{digest}:{doc}" for n, (hidden, digest) in enumerate(pages.page_sources(prs), 1)
            if not hidden]


def keys_of(pptx: Path) -> list[str] | None:
    """The page keys of the deck at `pptx`, None when it cannot be read."""
    try:
        return page_keys(open_pptx(pptx), pptx)
    except Exception as exc:  # a deck LibreOffice could read but python-pptx cannot
        log.debug("pages of %s not read (%s)", pptx, exc)
        return None


def remember(pdf: Path, keys: list[str]) -> None:
    """Record `pdf` (just written) as showing the pages `keys`."""
    record = {"pdf": hashlib.sha256(pdf.read_bytes()).hexdigest(), "pages": keys}
    write_atomic(record_path(pdf), json.dumps(record).encode("utf-8"))


def forget(pdf: Path) -> None:
    record_path(pdf).unlink(missing_ok=True)


def _recorded(pdf: Path, previous: bytes) -> list[str] | None:
    """The recorded page keys, when the record is of `previous`."""
    try:
        with record_path(pdf).open("rb") as handle:
            raw = handle.read(MAX_BUILD_RECORD_BYTES + 1)
        if len(raw) > MAX_BUILD_RECORD_BYTES:
            return None
        record = json.loads(raw.decode("utf-8"))
        pages = record["pages"]
        if record["pdf"] != hashlib.sha256(previous).hexdigest():
            return None
        if isinstance(pages, list) and all(isinstance(k, str) for k in pages):
            return pages
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        pass
    return None


def splice(pptx: Path, pdf: Path, previous: bytes, convert: Convert) -> list[str] | bool:
    """Write `pdf` from `previous` and the changed pages; True when done. Otherwise the page
    keys of `pptx` (for `remember` after a whole conversion), or False when unreadable."""
    try:
        prs = take_written(pptx)  # the deck the build just saved, when it is that file
        if prs is None:
            prs = open_pptx(pptx)
        keys = page_keys(prs, pptx)
    except Exception as exc:  # the whole conversion says what is wrong with the deck
        log.debug("pages of %s not read (%s)", pptx, exc)
        return False
    old = _recorded(pdf, previous)
    if old is None or len(old) != len(keys):
        return keys
    changed = [i for i, (new, was) in enumerate(zip(keys, old, strict=True)) if new != was]
    if len(changed) > MAX_SHARE * len(keys):
        return keys
    try:
        pages = _changed_pages(prs, keys, changed, convert) if changed else None
        data = _put_pages(previous, pages, changed) if changed else previous
    except Exception as exc:  # pypdfium2 or LibreOffice could not: convert it all
        log.info("pages of %s not put into the previous PDF (%s); converting it all", pptx,
                 exc)
        return keys
    write_atomic(pdf, data)
    remember(pdf, keys)
    log.info("%s: %d of %d pages converted again, the rest kept", pdf, len(changed), len(keys))
    return True


def _changed_pages(prs: Any, keys: list[str], changed: list[int], convert: Convert) -> bytes:
    """The PDF of only the changed pages, from a copy of the deck (`shorter_copy`)."""
    data = shorter_copy(prs, {int(keys[i].split(":", 1)[0]) for i in changed})
    with tempfile.TemporaryDirectory(prefix="deckgen-pages-") as tmp:
        part = Path(tmp) / "pages.pptx"
        part.write_bytes(data)
        # pypdfium2 takes about 50 ms to load: meanwhile, while LibreOffice converts
        threading.Thread(target=importlib.import_module, args=("pypdfium2",), daemon=True,
                         name="deckgen-pdfium").start()
        convert(part, part.with_suffix(".pdf"))
        return part.with_suffix(".pdf").read_bytes()


def shorter_copy(prs: Any, shown: set[int]) -> bytes:
    """The deck `prs` (changed in place) saved with only slides `shown` (numbers from 1)
    showing, the others hidden so the shown ones keep their numbers (chunks.only_slides).

    Slides after the last shown one are left out, and those before it keep only their
    layout, so LibreOffice reads little of them, except the first slide, which keeps its text:
    with an empty first slide LibreOffice 7.4 draws the slide-number field 1.9 pt lower.
    Numbers as plain text in a copy of the shown slides alone were drawn 1.5 pt lower than
    the field. A shown slide (or the first) that relates to another slide or has a click
    action, or a field other than the number and the date on it, its layout or master: every
    slide is kept (`pages.stays_right_alone`)."""
    slides = list(prs.slides)
    if all(pages.stays_right_alone(slides[n - 1]) for n in shown | {1}):
        pages.keep_slides_up_to(prs, max(shown))
        for n, slide in enumerate(slides[1:max(shown)], 2):
            if n not in shown:
                pages.empty_slide(slide)
    else:
        log.debug("every slide kept in the copy for pages %s", sorted(shown))
    return only_slides(prs, shown)


def _put_pages(previous: bytes, pages: bytes, changed: list[int]) -> bytes:
    """`previous` with page i (for each i in `changed`) replaced by the next page of `pages`."""
    import pypdfium2 as pdfium

    target, source = pdfium.PdfDocument(previous), pdfium.PdfDocument(pages)
    try:
        if len(source) != len(changed):
            raise ValueError(f"{len(source)} pages made for {len(changed)} slides")
        for j, i in enumerate(changed):
            target.del_page(i)
            target.import_pages(source, [j], index=i)
        out = io.BytesIO()
        target.save(out)
        return out.getvalue()
    finally:
        source.close()
        target.close()
