"""Figure images made fit for a slide: decoded safely, rasterised, RGB, bounded, PNG or JPEG.

Raster files go through Pillow with its decompression-bomb limit turned into an error; SVG
is rasterised with resvg (MIT), PDF pages with PDFium (pypdfium2, BSD/Apache). EPS needs
Ghostscript (AGPL), which deckgen does not use: such figures are refused with a reason.
Every failure is an `ImageProblem` with one line of explanation, never a crash.

The pixels of all the images one figure is drawn from are counted from each header before
it is decoded (PixelBudget, MAX_FIGURE_PIXELS), and a PNG must hold all its image data:
one whose compressed data is complete but short decodes without a word from Pillow.
"""

from __future__ import annotations

import io
import math
import re
import struct
import warnings as _warnings
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image

from deckgen.limits import MAX_FIGURE_PIXELS

MAX_SIDE = 1920  # px on the long side; a 1920x1080 projector shows nothing finer
VECTOR_ZOOM = 4.0  # at most this many px per SVG px / PDF pt when rasterising
PHOTO_COLOUR_SHARE = 0.25  # distinct colours / sampled pixels above which an image is a photo
JPEG_QUALITY = 88
GAP = 24  # px of white between composed subfigures


class ImageProblem(Exception):
    """An image that cannot be used, with the reason in one line."""


@dataclass(frozen=True)
class Normalised:
    """A slide-ready image: encoded bytes, file extension, pixel size."""

    data: bytes
    ext: str
    width: int
    height: int


def sniff(data: bytes) -> str:
    """The format of `data` from its first bytes: png, jpeg, gif, pdf, eps, svg, or unknown."""
    head = data[:512]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"%!PS", b"\xc5\xd0\xd3\xc6")):
        return "eps"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml", b"<!doctype svg")) and b"<svg" in data[:4096].lower():
        return "svg"
    return "unknown"


class PixelBudget:
    """The pixels the images of one figure may hold together (MAX_FIGURE_PIXELS)."""

    def __init__(self, figure: str, limit: int = MAX_FIGURE_PIXELS) -> None:
        self.figure, self.limit, self.used, self.images = figure, limit, 0, 0

    def take(self, width: int, height: int) -> None:
        """Count one image of `width` x `height`; ImageProblem when the figure is over."""
        self.used += width * height
        self.images += 1
        if self.used > self.limit:
            count = f"its {self.images} images hold" if self.images > 1 else "its image holds"
            raise ImageProblem(f"{self.figure}: {count} {self.used / 1e6:.0f} million pixels, "
                               f"more than the {self.limit / 1e6:.0f} million of one figure "
                               "(put a smaller image in its figures/ folder by hand)")


def decode(data: bytes, name: str = "image", budget: PixelBudget | None = None) -> Image.Image:
    """Open or rasterise any supported figure file into a loaded Pillow image.

    Its pixels are taken from `budget` (a figure's; by default one of its own) before
    anything is decoded.
    """
    budget = budget or PixelBudget(name)
    kind = sniff(data)
    if kind == "svg":
        return _from_svg(data, name, budget)
    if kind == "pdf":
        return _from_pdf(data, name, budget)
    if kind == "eps":
        raise ImageProblem(f"{name}: EPS figures are not rasterised (that needs Ghostscript, "
                           "which is AGPL); convert it to PDF or PNG by hand")
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            budget.take(*img.size)
            if img.format == "PNG" and (problem := png_problem(io.BytesIO(data))):
                raise ImageProblem(f"{name}: {problem}")
            img.load()
            return img
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ImageProblem(f"{name}: too many pixels ({exc})") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageProblem(f"{name}: not a readable image ({type(exc).__name__}: {exc})") from None


def _target_scale(width: float, height: float, name: str) -> float:
    """Pixels per unit for a vector drawing: crisp, but never over MAX_SIDE."""
    if not (width > 0 and height > 0) or not math.isfinite(width * height):
        raise ImageProblem(f"{name}: the drawing has no size")
    return min(VECTOR_ZOOM, MAX_SIDE / max(width, height))


_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54,
          "mm": 96 / 25.4}


def _svg_length(value: str | None) -> float | None:
    match = re.fullmatch(r"\s*([0-9.]+(?:e[-+]?\d+)?)\s*([a-z]*)\s*", value or "")
    if not match or match.group(2) not in _UNITS:
        return None
    return float(match.group(1)) * _UNITS[match.group(2)]


def svg_size(data: bytes) -> tuple[float, float]:
    """The intrinsic size of an SVG in px, from width/height or the viewBox."""
    root = re.search(rb"<svg\b[^>]*>", data[:65536], re.IGNORECASE | re.DOTALL)
    if root is None:
        return 0.0, 0.0
    attrs = {k.decode().lower(): v.decode("utf-8", "replace") for k, v in
             re.findall(rb"([\w:-]+)\s*=\s*[\"']([^\"']*)[\"']", root.group(0))}
    width, height = _svg_length(attrs.get("width")), _svg_length(attrs.get("height"))
    box = [float(v) for v in re.findall(r"-?[0-9.]+(?:e[-+]?\d+)?", attrs.get("viewbox", ""))]
    if (width is None or height is None) and len(box) == 4:
        width, height = width or box[2], height or box[3]
    return width or 0.0, height or 0.0


def _from_svg(data: bytes, name: str, budget: PixelBudget) -> Image.Image:
    import resvg_py

    width, height = svg_size(data)
    scale = _target_scale(width, height, name)
    budget.take(max(1, round(width * scale)), max(1, round(height * scale)))
    try:
        png = resvg_py.svg_to_bytes(svg_string=data.decode("utf-8", "replace"),
                                    width=max(1, round(width * scale)),
                                    height=max(1, round(height * scale)))
    except (ValueError, RuntimeError, OSError) as exc:
        raise ImageProblem(f"{name}: unreadable SVG ({exc})") from None
    return decode(bytes(png), name, PixelBudget(name))  # counted above


def _from_pdf(data: bytes, name: str, budget: PixelBudget) -> Image.Image:
    return render_pdf_page(data, 0, name, budget)


def render_pdf_page(data: bytes, page_index: int, name: str,
                    budget: PixelBudget | None = None) -> Image.Image:
    """Rasterise one page of a PDF (a figure file, or a paper page) with PDFium."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ImageProblem(f"{name}: unreadable PDF ({exc})") from None
    try:
        if not 0 <= page_index < len(pdf):
            raise ImageProblem(f"{name}: the PDF has no page {page_index + 1}")
        page = pdf[page_index]
        width, height = page.get_size()
        scale = _target_scale(width, height, name)
        if budget is not None:
            budget.take(math.ceil(width * scale), math.ceil(height * scale))
        bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255))
        img = bitmap.to_pil()
        img.load()
        return img.copy()
    except pdfium.PdfiumError as exc:
        raise ImageProblem(f"{name}: PDF page cannot be drawn ({exc})") from None
    finally:
        pdf.close()


def to_rgb(img: Image.Image) -> Image.Image:
    """RGB; transparency goes onto white (a slide's background), CMYK and palettes converted."""
    if img.mode == "P" and "transparency" in img.info:
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        rgba = img.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    if img.mode == "I;16" or img.mode == "I":
        img = img.point(lambda v: v / 256).convert("L")
    return img if img.mode == "RGB" else img.convert("RGB")


def bounded(img: Image.Image, max_side: int = MAX_SIDE) -> Image.Image:
    """The image shrunk (never enlarged) so its long side is at most `max_side`."""
    if max(img.size) <= max_side:
        return img
    ratio = max_side / max(img.size)
    size = (max(1, round(img.width * ratio)), max(1, round(img.height * ratio)))
    return img.resize(size, Image.Resampling.LANCZOS)


_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # PNG colour type -> samples per pixel
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
          (0, 1, 1, 2))


def _png_data_size(width: int, height: int, depth: int, colour: int, interlaced: bool) -> int:
    """Bytes of a PNG's decompressed image data: each row's filter byte and samples."""
    bits = _CHANNELS.get(colour, 1) * depth
    passes = _ADAM7 if interlaced else ((0, 0, 1, 1),)
    total = 0
    for x0, y0, dx, dy in passes:
        cols, rows = -(-(width - x0) // dx), -(-(height - y0) // dy)
        if cols > 0 and rows > 0:
            total += rows * (1 + -(-cols * bits // 8))
    return total


def png_problem(stream: BinaryIO) -> str | None:
    """Why a PNG's image data is incomplete, or None when it is whole.

    Chunk checksums only prove each chunk arrived as written; a file cut short and patched,
    or written by a broken encoder, can hold valid chunks with too little image data, which
    Pillow fills with black without a word. The data is inflated as it streams, never held.
    """
    stream.read(8)
    header = None
    inflate = zlib.decompressobj()
    got = 0
    while len(head := stream.read(8)) == 8:
        length, kind = struct.unpack(">I4s", head)
        if kind == b"IHDR":
            if length != 13 or len(fields := stream.read(13)) != 13:
                return None  # Pillow says what is wrong with such a header
            header = struct.unpack(">IIBBBBB", fields)
            stream.seek(4, 1)
        elif kind == b"IDAT":
            left = length
            while left and not inflate.eof:
                piece = stream.read(min(left, 1 << 20))
                if not piece:
                    break
                left -= len(piece)
                try:
                    got += len(inflate.decompress(piece, 1 << 22))
                    while inflate.unconsumed_tail and not inflate.eof:
                        got += len(inflate.decompress(inflate.unconsumed_tail, 1 << 22))
                except zlib.error as exc:
                    return f"broken image data ({exc}); replace the file"
            stream.seek(left + 4, 1)
        elif kind == b"IEND":
            break
        else:
            stream.seek(length + 4, 1)
    if header is None:
        return None  # Pillow says what is wrong with a PNG without a header
    width, height, depth, colour, _, _, interlace = header
    wanted = _png_data_size(width, height, depth, colour, interlace == 1)
    if not inflate.eof or got < wanted:
        return (f"image data cut short ({got * 100 // max(wanted, 1)}% of it is there); "
                "fetch it again or replace the file")
    return None


def looks_like_photo(img: Image.Image) -> bool:
    """True when the image has many distinct colours (photos, renders), False for plots."""
    sample = img.convert("RGB").resize((min(img.width, 128), min(img.height, 128)),
                                       Image.Resampling.NEAREST)
    pixels = sample.width * sample.height
    colours = sample.getcolors(maxcolors=pixels)
    return colours is None or len(colours) / pixels > PHOTO_COLOUR_SHARE


def compose(images: Sequence[Image.Image]) -> Image.Image:
    """Subfigures side by side on white, in rows of at most three, scaled to one height."""
    images = [to_rgb(i) for i in images]
    if len(images) == 1:
        return images[0]
    per_row = 3 if len(images) > 4 else min(len(images), 2 if len(images) == 4 else 3)
    height = min(max(i.height for i in images), MAX_SIDE)
    scaled = [i.resize((max(1, round(i.width * height / i.height)), height),
                       Image.Resampling.LANCZOS) for i in images]
    rows = [scaled[k:k + per_row] for k in range(0, len(scaled), per_row)]
    width = max(sum(i.width for i in row) + GAP * (len(row) - 1) for row in rows)
    canvas = Image.new("RGB", (width, height * len(rows) + GAP * (len(rows) - 1)), "white")
    for r, row in enumerate(rows):
        x = (width - sum(i.width for i in row) - GAP * (len(row) - 1)) // 2
        for img in row:
            canvas.paste(img, (x, r * (height + GAP)))
            x += img.width + GAP
    return canvas


def normalise(images: Sequence[Image.Image], photo_hint: bool = False) -> Normalised:
    """Compose, convert to RGB, bound the size and encode as JPEG (photos) or PNG (plots)."""
    img = bounded(compose(images))
    out = io.BytesIO()
    if photo_hint or looks_like_photo(img):
        img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        ext = "jpg"
    else:
        img.save(out, "PNG", optimize=True)
        ext = "png"
    return Normalised(out.getvalue(), ext, img.width, img.height)


# a PNG smaller than this many bytes per pixel compresses like a plot: not worth decoding
PHOTO_MIN_BYTES_PER_PIXEL = 0.3


def slide_image(path: Path) -> io.BytesIO:
    """The bytes to put into the deck: photo-like PNGs as JPEG, everything else as it is.

    Figures fetched by deckgen are already encoded by `normalise`; this catches PNG photos a
    presenter added by hand. A photo stored as PNG is several times larger, and LibreOffice
    spends most of a PDF export re-compressing it; plots keep their sharp lines as PNG.
    The photo test is `looks_like_photo`, the same one `normalise` uses.
    """
    data = path.read_bytes()
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format != "PNG" or img.mode not in ("RGB", "L", "P"):
                return io.BytesIO(data)  # transparency or already JPEG: keep
            if img.mode == "P" and "transparency" in img.info:
                return io.BytesIO(data)
            if len(data) < PHOTO_MIN_BYTES_PER_PIXEL * img.width * img.height:
                return io.BytesIO(data)
            rgb = img.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        return io.BytesIO(data)
    if not looks_like_photo(rgb):
        return io.BytesIO(data)
    out = io.BytesIO()
    rgb.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    if out.tell() >= len(data):
        return io.BytesIO(data)
    out.seek(0)
    return out
