"""A PDF that follows the change: the pages of changed slides go into the previous PDF, and
the result is the PDF a whole conversion gives; anything unusual converts the whole deck."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from pptx import Presentation

from deckgen.limits import MAX_BUILD_RECORD_BYTES
from deckgen.pdf import splice
from deckgen.pdf.export import export_pdf
from deckgen.render import pages
from tests.conftest import run_cli

NAME = "2026-06"
TAKE = "パッチ型記憶EvoMemの提案"


def build(session: Path, *extra: str):
    result = run_cli("build", str(session), "--offline", *extra)
    assert result.exit_code == 0, result.output
    return result


def change_take(session: Path, suffix: str = " (改訂)") -> None:
    spec = session / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    assert text.count(TAKE) == 1
    spec.write_text(text.replace(TAKE, TAKE + suffix), encoding="utf-8")


def deck(session: Path) -> Path:
    return session / "build" / f"{NAME}.pptx"


def test_only_the_changed_slides_change_their_page_keys(example: Path):
    build(example, "--no-pdf")
    before = splice.keys_of(deck(example))
    change_take(example)
    build(example, "--no-pdf")
    after = splice.keys_of(deck(example))
    assert before is not None and after is not None and len(before) == len(after) == 20
    changed = [n for n, (a, b) in enumerate(zip(before, after, strict=True), 1) if a != b]
    assert 1 <= len(changed) <= 2  # the paper's slide, and its pickup slide when picked
    assert all(k.startswith(f"{n}:") for n, k in enumerate(after, 1))


def _pdf(sizes: list[tuple[int, int]]) -> bytes:
    doc = pdfium.PdfDocument.new()
    for width, height in sizes:
        doc.new_page(width, height)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _sizes(data: bytes) -> list[tuple[int, int]]:
    doc = pdfium.PdfDocument(data)
    return [tuple(round(v) for v in doc.get_page_size(i)) for i in range(len(doc))]


def test_pages_are_put_in_place_of_the_old_ones():
    old = _pdf([(100, 100), (200, 100), (300, 100), (400, 100)])
    new = _pdf([(201, 50), (401, 50)])
    assert _sizes(splice._put_pages(old, new, [1, 3])) == [(100, 100), (201, 50), (300, 100),
                                                           (401, 50)]
    with pytest.raises(ValueError, match="1 pages made for 2 slides"):
        splice._put_pages(old, _pdf([(1, 1)]), [1, 3])


def test_a_record_of_another_pdf_is_not_used(tmp_path: Path):
    pdf = tmp_path / "deck.pdf"
    pdf.write_bytes(_pdf([(100, 100)]))
    splice.remember(pdf, ["1:a:b"])
    assert splice._recorded(pdf, pdf.read_bytes()) == ["1:a:b"]
    assert splice._recorded(pdf, _pdf([(100, 101)])) is None
    splice.record_path(pdf).write_text(json.dumps({"pdf": 1, "pages": "x"}))
    assert splice._recorded(pdf, pdf.read_bytes()) is None


def test_a_record_too_large_or_too_deep_is_not_read(tmp_path: Path):
    pdf = tmp_path / "deck.pdf"
    pdf.write_bytes(_pdf([(100, 100)]))
    splice.remember(pdf, ["1:a:b"])
    digest = json.loads(splice.record_path(pdf).read_text())["pdf"]
    padded = json.dumps({"pdf": digest, "pages": ["1:a:b"], "x": "y" * MAX_BUILD_RECORD_BYTES})
    splice.record_path(pdf).write_text(padded)
    assert splice._recorded(pdf, pdf.read_bytes()) is None
    splice.record_path(pdf).write_text("[" * 100_000 + "]" * 100_000)
    assert splice._recorded(pdf, pdf.read_bytes()) is None


def _deck(slides: int) -> Presentation:
    prs = Presentation()
    for n in range(1, slides + 1):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = f"slide {n}"
        slide.notes_slide.notes_text_frame.text = f"notes {n}"
    return prs


def _titles_and_hidden(data: bytes) -> list[tuple[str, bool, bool]]:
    prs = Presentation(io.BytesIO(data))
    return [(slide.shapes.title.text if slide.shapes.title is not None else "",
             slide.has_notes_slide, pages.page_sources(prs)[n][0])
            for n, slide in enumerate(prs.slides)]


def test_the_copy_for_changed_pages_leaves_out_what_libreoffice_need_not_read():
    # slides after the last changed one left out, those before it emptied (hidden: they keep
    # the numbers), the first keeping its text (LibreOffice draws the number lower otherwise)
    assert _titles_and_hidden(splice.shorter_copy(_deck(8), {3, 5})) == [
        ("slide 1", False, True), ("", False, True), ("slide 3", True, False),
        ("", False, True), ("slide 5", True, False)]


@pytest.mark.parametrize(("source", "target"), [(5, 2), (1, 6)])
def test_a_slide_kept_with_its_text_that_links_to_another_keeps_every_slide_in_the_copy(
        source: int, target: int):
    prs = _deck(6)
    prs.slides[source - 1].shapes.title.click_action.target_slide = prs.slides[target - 1]
    assert _titles_and_hidden(splice.shorter_copy(prs, {3, 5})) == [
        (f"slide {n}", n in (3, 5), n not in (3, 5)) for n in range(1, 7)]


def _pages(pdf: Path) -> list[tuple[str, list[str], list[tuple]]]:
    """Per page: its text, its links, and each character with where it is."""
    with pdfplumber.open(pdf) as doc:
        return [(page.extract_text(), [link["uri"] for link in page.hyperlinks],
                 sorted((c["text"], c["x0"], c["top"], c["size"]) for c in page.chars))
                for page in doc.pages]


def _same_pages(ours: list, theirs: list) -> bool:
    """The same text and links on every page, each character within 0.5 pt of its place
    (two whole conversions of one deck differ by a few hundredths of a point)."""
    return len(ours) == len(theirs) and all(
        text == text2 and links == links2 and len(chars) == len(chars2) and all(
            c[0] == d[0] and abs(c[1] - d[1]) < 0.5 and abs(c[2] - d[2]) < 0.5 and c[3] == d[3]
            for c, d in zip(chars, chars2, strict=True))
        for (text, links, chars), (text2, links2, chars2) in zip(ours, theirs, strict=True))


@pytest.mark.soffice
def test_a_changed_take_converts_its_pages_only_and_the_pdf_is_the_whole_conversions(
        example: Path):
    build(example)
    change_take(example)
    result = build(example, "-v")
    assert "pages converted again, the rest kept" in result.output, result.output
    pdf = deck(example).with_suffix(".pdf")
    whole = example / "whole.pdf"
    export_pdf(deck(example), whole)
    assert _same_pages(_pages(pdf), _pages(whole))
    assert len(_pages(pdf)) == len(Presentation(str(deck(example))).slides)


@pytest.mark.soffice
def test_added_slides_or_a_pdf_edited_elsewhere_convert_the_whole_deck(example: Path):
    build(example)
    pdf = deck(example).with_suffix(".pdf")
    slides = len(Presentation(str(deck(example))).slides)
    spec = example / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "compose:" not in text
    # the pickup shows each pick's abstract again: a slide more per pick
    spec.write_text(text + "\ncompose:\n  pickup_abstract: repeat\n", encoding="utf-8")
    result = build(example, "-v")
    assert "pages converted again" not in result.output
    assert len(_pages(pdf)) == len(Presentation(str(deck(example))).slides) > slides
    pdf.write_bytes(pdf.read_bytes() + b"\n% saved by a PDF editor\n")
    change_take(example)
    result = build(example, "-v")
    assert "pages converted again" not in result.output
    assert _pages(pdf)[0][0]  # a whole, readable PDF
