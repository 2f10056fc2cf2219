"""A whole conversion on every core: the deck cut into chunks converted side by side and
joined, the same pages as one conversion; anything unusual converts it in one piece."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from pptx import Presentation

from deckgen.pdf import chunks, splice
from deckgen.pdf.export import export_pdf
from deckgen.render import pages
from tests.conftest import run_cli


def _pdf(pages: int, width: int = 100) -> bytes:
    doc = pdfium.PdfDocument.new()
    for i in range(pages):
        doc.new_page(width + i, 100)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_jobs_are_the_idle_cores_unless_set(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(chunks.ENV_JOBS, raising=False)
    monkeypatch.setattr(chunks.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    monkeypatch.setattr(chunks.os, "getloadavg", lambda: (1.2, 0.5, 0.5))
    assert chunks.jobs() == 3
    monkeypatch.setattr(chunks.os, "getloadavg", lambda: (6.0, 0.5, 0.5))
    assert chunks.jobs() == 1
    monkeypatch.setenv(chunks.ENV_JOBS, "1")
    assert chunks.jobs() == 1
    monkeypatch.setenv(chunks.ENV_JOBS, "0")
    assert chunks.jobs() == 1
    monkeypatch.setenv(chunks.ENV_JOBS, "lots")
    assert chunks.jobs() >= 1


def test_pages_are_cut_into_runs_of_about_equal_cost():
    assert chunks.split([1.0] * 30, 2) == [list(range(15)), list(range(15, 30))]
    assert chunks.split([1.0] * 20, 4) == [list(range(20))]  # too few pages for two chunks
    # pictures cost more: the run with the pictured pages is the shorter one
    assert [len(r) for r in chunks.split([4.0] * 12 + [1.0] * 36, 2)] == [12, 36]
    runs = chunks.split([1.0] * 100, 3)
    assert sum(runs, []) == list(range(100)) and all(len(r) >= chunks.MIN_PAGES for r in runs)
    assert len(runs) == 3


def test_join_keeps_the_order_of_every_page():
    joined = pdfium.PdfDocument(chunks.join([_pdf(2, 100), _pdf(3, 200)]))
    assert [round(joined.get_page_size(i)[0]) for i in range(len(joined))] == [
        100, 101, 200, 201, 202]


def _deck(path: Path, slides: int) -> Path:
    prs = Presentation()
    for n in range(slides):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = f"slide {n + 1}"
        slide.notes_slide.notes_text_frame.text = f"notes {n + 1}"
    prs.save(str(path))
    return path


def test_a_copy_with_some_slides_shown_keeps_only_their_notes(tmp_path: Path):
    prs = Presentation(str(_deck(tmp_path / "deck.pptx", 4)))
    copy = tmp_path / "copy.pptx"
    copy.write_bytes(chunks.only_slides(prs, [2, 3]))
    again = Presentation(str(copy))
    assert len(again.slides) == 4 and _shown(copy) == ["slide 2", "slide 3"]
    assert [s.has_notes_slide for s in again.slides] == [False, True, True, False]
    assert again.slides[1].notes_slide.notes_text_frame.text == "notes 2"


def _shown(deck: Path) -> list[str]:
    prs = Presentation(str(deck))
    return [slide.shapes.title.text for (hidden, _), slide
            in zip(pages.page_sources(prs), prs.slides, strict=True) if not hidden]


def test_each_chunk_shows_its_slides_only_and_the_pages_are_joined_in_order(tmp_path: Path):
    deck = _deck(tmp_path / "deck.pptx", 30)
    seen: list[list[str]] = []
    lengths: list[int] = []

    def convert_all(pairs: Iterator[tuple[Path, Path]]) -> list[bytes]:
        decks, folders = zip(*pairs, strict=True)
        assert len(set(folders)) == len(decks) == 2
        lengths.extend(len(Presentation(str(d)).slides) for d in decks)
        seen.extend(_shown(d) for d in decks)
        return [_pdf(len(_shown(d)), 100 * (i + 1)) for i, d in enumerate(decks)]

    out = tmp_path / "deck.pdf"
    assert chunks.convert(deck, out, convert_all, 2, splice.shorter_copy)
    assert seen == [[f"slide {n}" for n in range(1, 16)], [f"slide {n}" for n in range(16, 31)]]
    assert lengths == [15, 30]  # the first chunk's copy ends with its last slide
    assert len(pdfium.PdfDocument(out.read_bytes())) == 30


def test_a_failed_chunk_or_a_small_deck_leaves_the_conversion_to_one_piece(tmp_path: Path):
    out = tmp_path / "deck.pdf"

    def wrong_pages(pairs: Iterator[tuple[Path, Path]]) -> list[bytes]:
        return [_pdf(1) for _ in pairs]

    def failing(pairs: Iterator[tuple[Path, Path]]) -> list[bytes]:
        raise OSError("no soffice")

    big = _deck(tmp_path / "big.pptx", 30)
    assert not chunks.convert(big, out, wrong_pages, 2)
    assert not chunks.convert(big, out, failing, 2)
    assert not chunks.convert(big, out, failing, 1)
    assert not chunks.convert(_deck(tmp_path / "small.pptx", 20), out, failing, 2)
    assert not out.exists()


def _chars(pdf: Path) -> list[tuple[str, list[str], list[tuple]]]:
    """Per page: its text, links, and characters in reading order with where they are."""
    with pdfplumber.open(pdf) as doc:
        return [(page.extract_text(), [link["uri"] for link in page.hyperlinks],
                 sorted((round(c["top"], 1), c["x0"], c["text"], c["size"]) for c in page.chars))
                for page in doc.pages]


@pytest.mark.soffice
def test_chunks_converted_side_by_side_give_the_pages_of_one_conversion(
        example: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture):
    result = run_cli("build", str(example), "--offline", "--no-pdf")
    assert result.exit_code == 0, result.output
    deck = example / "build" / "2026-06.pptx"
    monkeypatch.setattr(chunks, "MIN_PAGES", 8)  # the example deck has about 20 slides
    monkeypatch.setenv(chunks.ENV_JOBS, "1")
    whole = export_pdf(deck, example / "whole.pdf")
    monkeypatch.setenv(chunks.ENV_JOBS, "2")
    with caplog.at_level(logging.INFO, logger="deckgen"):
        parts = export_pdf(deck, example / "parts.pdf")
    assert "converted in 2 chunks side by side" in caplog.text
    _same_pages(parts, whole, deck)


def _same_pages(parts: Path, whole: Path, deck: Path) -> None:
    """`parts` has the pages of `whole`, a conversion of `deck` in one piece."""
    ours, theirs = _chars(parts), _chars(whole)
    assert len(ours) == len(theirs) == len(Presentation(str(deck)).slides) >= 2 * 8
    for n, ((text, links, chars), (text2, links2, chars2)) in enumerate(
            zip(ours, theirs, strict=True), 1):
        assert (text, links) == (text2, links2), n  # page numbers, lines, links
        assert text.rstrip().endswith(str(n)) or n == 1
        # the same characters on the same lines, in the same fonts and sizes; LibreOffice
        # lays a page's Latin words out up to about 1 pt apart along the line, depending on
        # which pages of the document it laid out before (as for splice.py's pages)
        assert [(c[0], c[2], c[3]) for c in chars] == [(c[0], c[2], c[3]) for c in chars2]
        assert all(abs(c[1] - d[1]) < 1.5 for c, d in zip(chars, chars2, strict=True)), n
    meta = pdfium.PdfDocument(parts.read_bytes()).get_metadata_dict()
    assert meta["Title"] and meta["Title"] == pdfium.PdfDocument(
        whole.read_bytes()).get_metadata_dict()["Title"]


@pytest.mark.soffice
def test_chunks_on_warm_servers_side_by_side_give_the_pages_of_one_conversion(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture):
    """Two warm servers (pool.py), each converting a chunk from a copy that ends with the
    chunk's last slide: the pages of one conversion by a warm server (a cold one runs in the
    deck's locale, and LibreOffice spaces Latin and Japanese text apart by it)."""
    from deckgen.pdf import pool, server
    from deckgen.pdf.export import require_soffice

    if server.find_uno_python() is None:
        pytest.skip("no Python with uno and unoserver (bash scripts/setup.sh)")
    result = run_cli("build", str(example), "--offline", "--no-pdf")
    assert result.exit_code == 0, result.output
    deck = example / "build" / "2026-06.pptx"
    monkeypatch.setattr(chunks, "MIN_PAGES", 8)  # the example deck has about 20 slides
    monkeypatch.setenv(server.ENV_DIR, str(tmp_path / "server"))
    monkeypatch.setenv(server.ENV_SWITCH, "manual")
    monkeypatch.setenv(chunks.ENV_JOBS, "2")
    converted: list[int] = []
    convert_warm = server.convert_warm

    def noting(state, pptx, pdf, *rest):  # type: ignore[no-untyped-def]
        converted.append(len(Presentation(str(pptx)).slides))
        convert_warm(state, pptx, pdf, *rest)

    monkeypatch.setattr(server, "convert_warm", noting)
    try:
        assert len(pool.start_all(require_soffice())) == 2
        with caplog.at_level(logging.INFO, logger="deckgen"):
            parts = export_pdf(deck, example / "parts.pdf")
            assert "with 2 warm servers side by side" in caplog.text
            monkeypatch.setenv(chunks.ENV_JOBS, "1")  # one piece, through the first server
            whole = export_pdf(deck, example / "whole.pdf")
            assert "with the warm server" in caplog.text
    finally:
        pool.stop_all()
    slides = len(Presentation(str(deck)).slides)
    assert len(converted) == 3 and min(converted) < slides  # the first chunk's copy is short
    _same_pages(parts, whole, deck)
