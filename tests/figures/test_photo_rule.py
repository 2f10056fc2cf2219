"""One photo-or-plot rule: fetching (`normalise`) and the deck (`slide_image`) agree."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter

from deckgen.figures.images import looks_like_photo, normalise, slide_image


def photo() -> Image.Image:
    rng = random.Random(3)
    img = Image.frombytes("RGB", (640, 400), rng.randbytes(640 * 400 * 3))
    return img.filter(ImageFilter.GaussianBlur(1))


def plot() -> Image.Image:
    img = Image.new("RGB", (640, 400), "white")
    draw = ImageDraw.Draw(img)
    for k in range(8):
        draw.line([(0, 50 * k), (639, 399 - 30 * k)], fill=(20 * k, 0, 255 - 20 * k), width=3)
    draw.rectangle([10, 10, 200, 120], outline="black", width=2)
    return img


def few_thousand_colours() -> Image.Image:
    """8,000 distinct colours: a photo to a sampled count, not to a fixed count of 20,000."""
    rng = random.Random(5)
    palette = [tuple(rng.randrange(256) for _ in range(3)) for _ in range(8000)]
    img = Image.new("RGB", (640, 400))
    img.putdata([palette[rng.randrange(8000)] for _ in range(640 * 400)])
    return img


@pytest.mark.parametrize("make, is_photo",
                         [(photo, True), (plot, False), (few_thousand_colours, True)],
                         ids=["photo", "plot", "8000-colours"])
def test_fetching_and_the_deck_call_the_same_images_photos(make, is_photo: bool,
                                                           tmp_path: Path) -> None:
    img = make()
    assert looks_like_photo(img) is is_photo
    assert normalise([img]).ext == ("jpg" if is_photo else "png")
    path = tmp_path / "hand-added.png"
    img.save(path, "PNG")
    data = slide_image(path).getvalue()
    assert data.startswith(b"\xff\xd8") is is_photo, "slide_image must follow the same rule"
    assert len(data) <= path.stat().st_size  # and never makes a figure bigger
