"""make_preview(): one PNG showing every slide of the PDF as a numbered thumbnail.

Pages are rendered with PDFium (pypdfium2, which pdfplumber already needs) straight into
Pillow images: no temporary files, and about a second for a 70-slide deck.
"""

from __future__ import annotations

import io
import logging
import math
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from deckgen.errors import ExportError
from deckgen.session.store import write_atomic

log = logging.getLogger(__name__)

THUMB_WIDTH = 320
GAP = 12
LABEL_HEIGHT = 22
BACKGROUND = (229, 231, 235)


@dataclass(frozen=True)
class Preview:
    """The written contact sheet."""

    path: Path
    slides: int
    columns: int
    size: tuple[int, int]


def columns_for(count: int) -> int:
    """Enough columns that the sheet stays roughly as wide as it is tall."""
    return max(1, min(count, 8, math.ceil(math.sqrt(count * 9 / 16 * 1.2))))


def make_preview(pdf: Path, out: Path, thumb_width: int = THUMB_WIDTH) -> Preview:
    """Render every page of `pdf` into a numbered grid and write it to `out` (PNG)."""
    try:
        doc = pdfium.PdfDocument(str(pdf))
    except (pdfium.PdfiumError, OSError) as exc:
        raise ExportError(f"{pdf}: cannot read the PDF ({exc}); build it again") from None
    try:
        count = len(doc)
        if count == 0:
            raise ExportError(f"{pdf}: the PDF has no pages; build it again")
        thumbs = []
        for index in range(count):
            page = doc[index]
            scale = thumb_width / page.get_width()
            thumbs.append(page.render(scale=scale).to_pil().convert("RGB"))
            page.close()
    finally:
        doc.close()
    columns = columns_for(count)
    rows = math.ceil(count / columns)
    cell_h = max(t.height for t in thumbs) + LABEL_HEIGHT
    size = (GAP + columns * (thumb_width + GAP), GAP + rows * (cell_h + GAP))
    sheet = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = _label_font()
    for index, thumb in enumerate(thumbs):
        x = GAP + (index % columns) * (thumb_width + GAP)
        y = GAP + (index // columns) * (cell_h + GAP)
        sheet.paste(thumb, (x, y))
        draw.rectangle([x - 1, y - 1, x + thumb.width, y + thumb.height], outline=(156, 163, 175))
        draw.text((x + thumb_width // 2, y + thumb.height + LABEL_HEIGHT // 2), str(index + 1),
                  fill=(17, 24, 39), font=font, anchor="mm")
    buffer = io.BytesIO()
    sheet.save(buffer, "PNG", compress_level=1)  # fast; the sheet is looked at, not kept
    write_atomic(out, buffer.getvalue())
    log.info("wrote %s (%d slides, %d columns)", out, count, columns)
    return Preview(out, count, columns, size)


def _label_font() -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=16)
    except TypeError:  # Pillow < 10.1 has one fixed-size bitmap font
        return ImageFont.load_default()
