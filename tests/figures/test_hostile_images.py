"""Hostile figure images: too many pixels for one figure, PNG data cut short; each a warning
naming the figure, the rest of the deck built."""

from __future__ import annotations

import functools
import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from deckgen.figures.fetch import fetch_figures
from deckgen.figures.images import png_problem
from deckgen.session.store import Lock, save_lock
from tests.conftest import add_figures, run_cli
from tests.figure_fixtures import PAPERS, ArxivSite, http, ok, serve_site, write_session
from tests.hostile import run_limited, warning_line


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch):
    with serve_site(monkeypatch) as running:
        yield running


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def short_png(width: int = 120, height: int = 90) -> bytes:
    """An RGB PNG whose every chunk checksum is right but whose image data stops halfway."""
    rows = b"".join(b"\0" + bytes((x * 5 + y) % 256 for x in range(width * 3))
                    for y in range(height // 2))
    return (b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b""))


@functools.cache
def huge_png(side: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (side, side), 255).save(out, "PNG", compress_level=9)
    return out.getvalue()


def _html_figure(images: list[str]) -> bytes:
    imgs = "".join(f'<img src="{name}" class="ltx_graphics"/>' for name in images)
    return ('<html><body><div class="ltx_page_main"><figure class="ltx_figure" id="S1.F1">'
            f'{imgs}<figcaption class="ltx_caption"><span class="ltx_tag ltx_tag_figure">'
            "Figure 1: </span>Panels.</figcaption></figure></div></body></html>").encode()


def test_eight_sub_images_of_36_million_pixels_stop_at_the_figure_limit(site: ArxivSite,
                                                                       tmp_path: Path):
    names = [f"p{n}.png" for n in range(8)]
    site.pages["/html/2609.21045v1"] = ok(_html_figure(names), "text/html")
    for name in names:
        site.pages[f"/html/{name}"] = ok(huge_png(6000), "image/png")
    session = write_session(tmp_path / "s", ["2609.21045"])
    save_lock(session.dir, Lock(papers={"2609.21045": PAPERS["2609.21045"]}))
    outcome = run_limited("fetch", str(session.dir))
    warning_line(outcome, "2609.21045 Figure 1: its 2 images hold 72 million pixels, more than "
                          "the 40 million of one figure (put a smaller image in its figures/ "
                          "folder by hand); Figure 1 of 2609.21045 skipped")
    assert len([r for r in site.web.requests if r.path.endswith(".png")]) == 2


def test_a_fetched_png_cut_short_is_skipped_with_a_warning(site: ArxivSite, tmp_path: Path):
    site.pages["/html/2609.21045v1"] = ok(_html_figure(["cut.png"]), "text/html")
    site.pages["/html/cut.png"] = ok(short_png(), "image/png")
    session = write_session(tmp_path / "s", ["2609.21045"])
    result = fetch_figures(session, {"2609.21045": PAPERS["2609.21045"]}, http())
    assert result.fetched == {"2609.21045": 0}
    assert result.warnings == ["2609.21045 Figure 1 (cut.png): image data cut short (50% of it "
                               "is there); fetch it again or replace the file; Figure 1 of "
                               "2609.21045 skipped (`deckgen fetch --refresh` tries again)"]


def test_a_hand_added_png_cut_short_never_reaches_the_deck(example: Path):
    add_figures(example, "2606.13681", [(1, 120, 90, "PNG")])
    image = example / "figures" / "2606.13681" / "fig1.png"
    image.write_bytes(short_png())
    Image.open(image).verify()  # every checksum is right
    result = run_cli("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 0, result.output
    assert (f"warning: {image}: image data cut short (50% of it is there); fetch it again or "
            "replace the file; slide for Figure 1 of 2606.13681 skipped\n") in result.output


def test_a_hand_added_image_over_the_pixel_limit_is_named(example: Path):
    add_figures(example, "2606.13681", [(1, 120, 90, "PNG")])
    image = example / "figures" / "2606.13681" / "fig1.png"
    Image.new("1", (7000, 7000), 1).save(image, "PNG")
    result = run_cli("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 0, result.output
    assert (f"warning: {image}: 7000x7000 is more than the 40 million pixels of one figure "
            "(shrink it; a slide shows 1920x1080 at most); slide for Figure 1 of 2606.13681 "
            "skipped\n") in result.output


def test_complete_pngs_pass_the_check():
    for mode in ("1", "L", "P", "RGB", "RGBA", "LA", "I;16"):
        out = io.BytesIO()
        Image.new(mode, (33, 17)).save(out, "PNG")
        assert png_problem(io.BytesIO(out.getvalue())) is None, mode
    assert png_problem(io.BytesIO(short_png())) is not None
