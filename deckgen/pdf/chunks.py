"""A whole conversion on every core: the deck cut into chunks converted side by side, by
warm servers (pool.py) or cold LibreOffices with a profile each, and joined with pypdfium2.

A chunk is the shorter copy of the deck that splice.py converts changed pages from
(`splice.shorter_copy`, which export.py hands in, as splice.py imports this module): the
slides after the chunk's last one left out, those before it hidden and emptied (the first
keeping its text), those outside it without pictures and notes: hidden slides keep the
chunk's page numbers and make no page, and LibreOffice reads little of them. Each copy
is handed to its converter as soon as it is made, while the next is made. The first chunk's
PDF takes the others' pages, so the document properties and language it carries stay;
fonts and links come with each page. How many chunks: one per ready warm server; cold,
DECKGEN_PDF_JOBS, else the idle cores (those of the cores this process may use that the
load average leaves; 1 converts the deck in one piece). A small
deck, one idle core, or any failure: the caller converts the deck in one piece. With only
one warm server running, the deck goes through it in one piece: a cold LibreOffice started
beside it for a chunk took the cores from it and made the PDF slower (bench/README.md).
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pptx.enum.shapes import MSO_SHAPE_TYPE

from deckgen.pdf.pool import ENV_JOBS, cores
from deckgen.render import opc, pages
from deckgen.render.oxml import hide_slide, remove_shape
from deckgen.render.package import open_pptx

log = logging.getLogger(__name__)

MIN_PAGES = 12  # per chunk: below this, one more LibreOffice costs more than it saves
PICTURE_COST = 3.0  # a slide with a picture converts about as slowly as this many without

# (chunk deck, its folder), each made when asked for -> their PDFs' bytes, in order; raises
# when one failed
ConvertAll = Callable[[Iterator[tuple[Path, Path]]], list[bytes]]
# (the deck, opened, changed in place; slide numbers shown) -> the chunk's deck saved
Copy = Callable[[Any, set[int]], bytes]


def jobs() -> int:
    """How many conversions may run at once: DECKGEN_PDF_JOBS, else the idle cores (the usable
    cores less the last minute's load average): chunks cost more CPU in all (each LibreOffice
    reads the whole deck), so on cores other work is using they made the PDF slower."""
    value = os.environ.get(ENV_JOBS, "").strip()
    if value:
        try:
            return max(1, int(value))
        except ValueError:
            log.warning("%s=%r is not a number; using the idle cores", ENV_JOBS, value)
    try:
        busy = round(os.getloadavg()[0])
    except OSError:
        busy = 0
    return max(1, cores() - busy)


def split(costs: list[float], n: int) -> list[list[int]]:
    """Cut pages 0..len-1 (each with its cost) into at most `n` runs of consecutive pages of
    about equal cost, each of at least MIN_PAGES pages."""
    n = min(n, len(costs) // MIN_PAGES)
    if n < 2:
        return [list(range(len(costs)))]
    total, runs, current, spent = sum(costs), [], [], 0.0
    for page, cost in enumerate(costs):
        current.append(page)
        spent += cost
        left = len(costs) - page - 1
        if (len(runs) < n - 1 and spent >= total * (len(runs) + 1) / n
                and len(current) >= MIN_PAGES and left >= MIN_PAGES * (n - 1 - len(runs))):
            runs.append(current)
            current = []
    runs.append(current)
    return runs


def only_slides(prs: Any, shown: Iterable[int]) -> bytes:
    """The deck `prs` (changed in place) saved with only slides `shown` (numbers from 1)
    showing: the others hidden, so they keep the shown slides' numbers, and without their
    pictures and notes, so LibreOffice reads none of them (an emptied slide would move the
    page number on the others by 2 pt in LibreOffice 7.4, so their text stays). Without the
    notes, 2 pages of the 339-slide scale deck converted in 4.6-4.9 s instead of 6.4-6.7 s."""
    wanted = set(shown)
    for n, slide in enumerate(prs.slides, 1):
        if n not in wanted:
            hide_slide(slide)
            pages.drop_notes(slide)
            for shape in [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]:
                remove_shape(shape)
    buffer = io.BytesIO()
    opc.save_package(prs, buffer)
    return buffer.getvalue()


def _pictures(slide: Any) -> int:
    return sum(1 for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)


def join(pdfs: list[bytes]) -> bytes:
    """The pages of every PDF in order, in the first one (its properties kept)."""
    import pypdfium2 as pdfium

    target = pdfium.PdfDocument(pdfs[0])
    try:
        for data in pdfs[1:]:
            source = pdfium.PdfDocument(data)
            try:
                target.import_pages(source)
            finally:
                source.close()
        out = io.BytesIO()
        target.save(out)
        return out.getvalue()
    finally:
        target.close()


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


def convert(pptx: Path, out: Path, convert_all: ConvertAll, n: int | None = None,
            copy: Copy | None = None) -> bool:
    """Write `out`, the PDF of `pptx`, from at most `n` chunks converted side by side, each
    from `copy(deck, its slides)` (export.py passes `splice.shorter_copy`; `only_slides` keeps
    every slide); False (nothing written) when the deck is too small for two chunks, or
    anything failed."""
    copy = only_slides if copy is None else copy
    n = jobs() if n is None else n
    if n < 2:
        return False
    try:
        prs = open_pptx(pptx)
        shown = [number for number, ((hidden, _), slide)
                 in enumerate(zip(pages.page_sources(prs), prs.slides, strict=True), 1)
                 if not hidden]
        costs = [1.0 + PICTURE_COST * min(_pictures(prs.slides[number - 1]), 1)
                 for number in shown]
    except Exception as exc:  # the whole conversion says what is wrong with the deck
        log.debug("%s not cut into chunks (%s)", pptx, exc)
        return False
    runs = split(costs, n)
    if len(runs) < 2:
        return False
    try:
        with tempfile.TemporaryDirectory(prefix="deckgen-chunks-") as tmp:

            def decks() -> Iterator[tuple[Path, Path]]:
                for i, run in enumerate(runs):
                    folder = Path(tmp) / f"chunk{i}"
                    folder.mkdir()
                    deck = folder / f"{pptx.stem}.pptx"
                    deck.write_bytes(copy(prs if i == len(runs) - 1 else open_pptx(pptx),
                                          {shown[page] for page in run}))
                    yield deck, folder

            pdfs = convert_all(decks())
            for run, data in zip(runs, pdfs, strict=True):
                if page_count(data) != len(run):
                    raise ValueError(f"{page_count(data)} pages made for {len(run)} slides")
            out.write_bytes(join(pdfs))
    except Exception as exc:  # LibreOffice or pypdfium2 could not: one piece, as before
        log.info("%s not converted in %d chunks (%s); converting it in one piece", pptx,
                 len(runs), exc)
        return False
    log.info("%s: converted in %d chunks side by side (%s pages)", pptx, len(runs),
             "+".join(str(len(run)) for run in runs))
    return True
