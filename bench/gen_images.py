"""The bench decks' figures, drawn locally with fixed seeds: line plots and photo-like images
at 1600x1000, like a paper's figures (PNG plots compress like plots, JPEG photos like photos).
"""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FIG_SIZE = (1600, 1000)

PALETTE = ((31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189))


def plot_image(seed: int, title: str) -> Image.Image:
    """A line plot like a paper's figure: axes, grid, ticks, 3-4 noisy curves and a legend."""
    rng = random.Random(seed)
    width, height = FIG_SIZE
    img = Image.new("RGB", FIG_SIZE, "white")
    draw = ImageDraw.Draw(img)
    left, top, right, bottom = 150, 90, width - 60, height - 130
    small, label = ImageFont.load_default(size=26), ImageFont.load_default(size=32)
    draw.text((width // 2, 40), title, fill="black", font=label, anchor="mm")
    for i in range(6):  # grid and ticks
        y = bottom - (bottom - top) * i / 5
        x = left + (right - left) * i / 5
        draw.line([left, y, right, y], fill=(225, 225, 225), width=2)
        draw.line([x, top, x, bottom], fill=(225, 225, 225), width=2)
        draw.text((left - 15, y), f"{i * 20}", fill="black", font=small, anchor="rm")
        draw.text((x, bottom + 15), f"{2 ** (i + 3)}", fill="black", font=small, anchor="mt")
    draw.rectangle([left, top, right, bottom], outline="black", width=3)
    draw.text(((left + right) // 2, height - 50), "budget (k tokens)", fill="black", font=label,
              anchor="mm")
    draw.text((50, (top + bottom) // 2), "acc. (%)", fill="black", font=label, anchor="mm")
    n_points = 40
    for s in range(rng.randint(3, 4)):
        color = PALETTE[s]
        level, slope = rng.uniform(0.1, 0.4), rng.uniform(0.2, 0.55)
        points = []
        for k in range(n_points):
            t = k / (n_points - 1)
            v = level + slope * (1 - math.exp(-3 * t)) + rng.gauss(0, 0.015)
            points.append((left + (right - left) * t, bottom - (bottom - top) * min(v, 0.98)))
        band = [(x, y - 18) for x, y in points] + [(x, y + 18) for x, y in reversed(points)]
        draw.polygon(band, fill=tuple(c + (255 - c) * 4 // 5 for c in color))
        draw.line(points, fill=color, width=5, joint="curve")
        for x, y in points[::4]:
            draw.ellipse([x - 7, y - 7, x + 7, y + 7], fill=color)
        ly = bottom - 40 - 45 * (3 - s)
        draw.line([right - 330, ly, right - 270, ly], fill=color, width=5)
        draw.text((right - 255, ly), f"method {chr(65 + s)}", fill="black", font=small,
                  anchor="lm")
    return img


def photo_image(seed: int) -> Image.Image:
    """A photo-like image: smooth colour gradients, blurred shapes and sensor-like noise."""
    rng = random.Random(seed)
    width, height = FIG_SIZE
    c0 = [rng.randint(20, 235) for _ in range(3)]
    c1 = [rng.randint(20, 235) for _ in range(3)]
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / (height - 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(c0, c1, strict=True)))
    img = column.resize(FIG_SIZE)
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(60, 300)
        color = tuple(rng.randint(0, 255) for _ in range(3))
        draw.ellipse([x - r, y - r * 0.7, x + r, y + r * 0.7], fill=color)
    img = img.filter(ImageFilter.GaussianBlur(25))
    draw = ImageDraw.Draw(img)
    for _ in range(150):  # smaller, sharper detail on top of the blurred background
        x, y = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(4, 40)
        color = tuple(rng.randint(0, 255) for _ in range(3))
        draw.rectangle([x - r, y - r // 2, x + r, y + r // 2], fill=color)
    img = img.filter(ImageFilter.GaussianBlur(2))
    noise = Image.frombytes("RGB", FIG_SIZE, rng.randbytes(width * height * 3))
    noise = noise.filter(ImageFilter.GaussianBlur(0.8))
    return Image.blend(img, noise, 0.22)


def words_upto(text: str, limit: int) -> list[str]:
    """The leading words of `text` that fit in `limit` characters (a figure's title)."""
    words: list[str] = []
    for word in text.split():
        if len(" ".join([*words, word])) > limit:
            break
        words.append(word)
    return words
