"""`deckgen preview`: a numbered grid of every slide, from the real PDF."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat

from deckgen.pdf.preview import BACKGROUND, GAP, LABEL_HEIGHT, THUMB_WIDTH, columns_for
from tests.conftest import copy_example, run_cli


def test_preview_shows_every_page_in_order_with_a_label(example_pdf, tmp_path: Path):
    pptx, pdf = example_pdf
    session = tmp_path / "2026-06"
    shutil.copytree(pptx.parent.parent, session)
    result = run_cli("preview", str(session))
    assert result.exit_code == 0, result.output
    sheet = Image.open(session / "build" / "preview.png").convert("RGB")
    doc = pdfium.PdfDocument(str(pdf))
    count = len(doc)
    columns = columns_for(count)
    first = doc[0].render(scale=THUMB_WIDTH / doc[0].get_width()).to_pil().convert("RGB")
    cell_h = first.height + LABEL_HEIGHT
    assert sheet.size == (GAP + columns * (THUMB_WIDTH + GAP),
                          GAP + math.ceil(count / columns) * (cell_h + GAP))
    for index in range(count):
        x = GAP + (index % columns) * (THUMB_WIDTH + GAP)
        y = GAP + (index // columns) * (cell_h + GAP)
        page = doc[index]
        expected = page.render(scale=THUMB_WIDTH / page.get_width()).to_pil().convert("RGB")
        cell = sheet.crop((x, y, x + expected.width, y + expected.height))
        diff = ImageStat.Stat(ImageChops.difference(cell, expected)).mean
        assert max(diff) < 1.0, (index + 1, diff)  # the page itself, in its place
        label = sheet.crop((x, y + expected.height + 2, x + THUMB_WIDTH, y + cell_h))
        assert label.getextrema()[0][0] < 80, index + 1  # dark number drawn under it
    doc.close()
    # the cells after the last slide stay empty
    last = count % columns
    if last:
        x = GAP + last * (THUMB_WIDTH + GAP)
        y = GAP + (count // columns) * (cell_h + GAP)
        blank = sheet.crop((x, y, x + THUMB_WIDTH, y + cell_h))
        assert blank.getcolors() == [(THUMB_WIDTH * cell_h, BACKGROUND)]


@pytest.mark.soffice
def test_preview_renders_a_missing_pdf_first(tmp_path: Path):
    session = copy_example(tmp_path)
    assert run_cli("build", str(session), "--no-pdf").exit_code == 0
    result = run_cli("preview", str(session))
    assert result.exit_code == 0, result.output
    assert (session / "build" / "2026-06.pdf").is_file()
    assert (session / "build" / "preview.png").is_file()


def test_preview_of_a_broken_pdf_is_one_clear_line(tmp_path: Path):
    session = copy_example(tmp_path)
    assert run_cli("build", str(session), "--no-pdf").exit_code == 0
    (session / "build" / "2026-06.pdf").write_bytes(b"%PDF-1.4 broken")
    result = run_cli("preview", str(session))
    assert result.exit_code == 1
    assert "cannot read the PDF" in result.output and "Traceback" not in result.output
    assert not (session / "build" / "preview.png").exists()
