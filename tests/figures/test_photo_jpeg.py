"""Photo-like PNG figures go into the deck as JPEG; plots stay PNG."""

from __future__ import annotations

import json
import random
from pathlib import Path

from PIL import Image, ImageFilter
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from tests.conftest import add_figures, run_cli


def _photo(path: Path) -> None:
    rng = random.Random(7)
    noise = rng.randbytes(800 * 500 * 3)
    img = Image.frombytes("RGB", (800, 500), noise)
    img.filter(ImageFilter.GaussianBlur(1)).save(path, "PNG")


def test_photos_become_jpeg_and_plots_stay_png(example: Path):
    # a picked paper shows every figure in its folder, the hand-added photo included
    add_figures(example, "2606.13681", [(1, 1600, 1000, "PNG")])
    folder = example / "figures" / "2606.13681"
    _photo(folder / "photo.png")
    rows = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    rows.append({**rows[0], "number": 2, "file": "photo.png", "width": 800, "height": 500})
    (folder / "index.json").write_text(json.dumps(rows), encoding="utf-8")
    result = run_cli("build", str(example), "--no-pdf")
    assert result.exit_code == 0, result.output
    prs = Presentation(str(example / "build" / "2026-06.pptx"))
    pictures = {shape.name: shape.image for slide in prs.slides for shape in slide.shapes
                if shape.shape_type == MSO_SHAPE_TYPE.PICTURE}
    assert pictures["Figure fig1"].content_type == "image/png"
    photo = pictures["Figure photo"]
    assert photo.content_type == "image/jpeg"
    assert photo.size == (800, 500)  # re-encoded, never down-sampled
    assert len(photo.blob) < (folder / "photo.png").stat().st_size
