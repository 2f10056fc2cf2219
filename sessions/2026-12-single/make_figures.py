"""Draw this example's figures: `python sessions/2026-12-single/make_figures.py`.

The presenter's own diagrams of MiniMax Sparse Attention (2606.13392), drawn from what its
abstract says, so the example builds offline and anyone can rebuild them: figures 1-4 of the
paper's folder (`figures/2606.13392/`, indexed as the presenter's: method `hand`) and the
images of the own slides (`images/`). Running it again writes the same bytes.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
PAPER = "2606.13392"
SIZE = (640, 360)
BLUE, ORANGE, GREEN, GREY = "#1f77b4", "#ff7f0e", "#2ca02c", "#bbbbbb"
FONT = ImageFont.load_default(size=20)  # Pillow's own font, the same on every machine


def canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", SIZE, "white")
    return img, ImageDraw.Draw(img)


def box(draw: ImageDraw.ImageDraw, x: int, y: int, w: int, h: int, label: str,
        fill: str) -> None:
    draw.rectangle([x, y, x + w, y + h], fill=fill, outline="black", width=2)
    draw.text((x + 8, y + h // 2 - 11), label, fill="black", font=FONT)


def arrow(draw: ImageDraw.ImageDraw, x0: int, y0: int, x1: int, y1: int) -> None:
    draw.line([x0, y0, x1, y1], fill="black", width=3)
    length = math.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    back = (x1 - 12 * ux, y1 - 12 * uy)
    draw.polygon([(x1, y1), (round(back[0] - 6 * uy), round(back[1] + 6 * ux)),
                  (round(back[0] + 6 * uy), round(back[1] - 6 * ux))], fill="black")


def overview() -> Image.Image:
    """Figure 1: the two branches."""
    img, draw = canvas()
    box(draw, 10, 150, 100, 60, "Q, K, V", GREY)
    box(draw, 150, 60, 160, 60, "Index Branch", ORANGE)
    box(draw, 150, 240, 160, 60, "Main Branch", BLUE)
    box(draw, 370, 60, 250, 60, "Top-k blocks / group", GREEN)
    box(draw, 370, 240, 250, 60, "block-sparse attention", GREY)
    arrow(draw, 110, 170, 150, 90)
    arrow(draw, 110, 190, 150, 270)
    arrow(draw, 310, 90, 370, 90)
    arrow(draw, 495, 120, 495, 240)
    arrow(draw, 310, 270, 370, 270)
    return img


def selection() -> Image.Image:
    """Figure 2: each GQA group picks its own key-value blocks."""
    img, draw = canvas()
    for group in range(4):
        draw.text((20, 60 + group * 70), f"group {group + 1}", fill="black", font=FONT)
        for block in range(14):
            chosen = (block * (group + 3) + group) % 7 == 0 or block == 13
            x, y = 110 + block * 36, 50 + group * 70
            draw.rectangle([x, y, x + 30, y + 36], fill=GREEN if chosen else GREY,
                           outline="black")
    draw.text((110, 330), "KV blocks (green: the Top-k of the group)", fill="black", font=FONT)
    return img


def bars(values: list[tuple[str, float, str, str]], title: str) -> Image.Image:
    """Figures 3 and 4: horizontal bars, each with its value written beside it."""
    img, draw = canvas()
    draw.text((20, 20), title, fill="black", font=FONT)
    top = max(v for _, v, _, _ in values)
    for i, (label, value, shown, colour) in enumerate(values):
        y = 80 + i * 90
        draw.text((20, y + 20), label, fill="black", font=FONT)
        width = max(4, int(420 * value / top))
        draw.rectangle([160, y, 160 + width, y + 50], fill=colour, outline="black")
        draw.text((170 + width, y + 20), shown, fill="black", font=FONT)
    return img


def cost_curve() -> Image.Image:
    """Own slide: quadratic attention cost against a linear one (an illustration)."""
    img, draw = canvas()
    draw.line([60, 320, 600, 320], fill="black", width=2)
    draw.line([60, 320, 60, 30], fill="black", width=2)
    quad = [(60 + x, 320 - int(290 * (x / 540) ** 2)) for x in range(0, 541, 20)]
    lin = [(60 + x, 320 - int(60 * x / 540)) for x in range(0, 541, 20)]
    draw.line(quad, fill=ORANGE, width=4)
    draw.line(lin, fill=BLUE, width=4)
    draw.text((330, 60), "softmax attention: n^2", fill="black", font=FONT)
    draw.text((440, 230), "sparse: ~ n", fill="black", font=FONT)
    draw.text((280, 330), "context length n", fill="black", font=FONT)
    return img


def kernel(label: str, seed: int) -> Image.Image:
    """Own slide: one of the kernel's three ideas, as a labelled sketch."""
    img, draw = canvas()
    for i in range(6):
        colour = (GREEN, BLUE, ORANGE)[(i + seed) % 3]
        draw.rectangle([60 + i * 90, 120 + (i * seed) % 40, 130 + i * 90, 260], fill=colour,
                       outline="black")
    draw.text((60, 40), label, fill="black", font=FONT)
    return img


FIGURES = {
    1: (overview, "MSA: the Index Branch picks key-value blocks, the Main Branch attends to "
                  "them only."),
    2: (selection, "Each GQA group selects its own Top-k key-value blocks."),
    3: (lambda: bars([("GQA", 1.0, "1", GREY), ("MSA", 1 / 28.4, "1/28.4", GREEN)],
                     "attention compute per token at 1M context (GQA = 1)"),
        "Attention compute per token at 1M context: 28.4 times less than GQA."),
    4: (lambda: bars([("prefill", 14.2, "14.2x", BLUE), ("decoding", 7.6, "7.6x", ORANGE)],
                     "wall-clock speedup on H800 with the co-designed kernel"),
        "Wall-clock speedups on H800: 14.2x prefill, 7.6x decoding."),
}

IMAGES = {
    "cost-curve": cost_curve,
    "kernel-exp-free": lambda: kernel("exp-free Top-k selection", 1),
    "kernel-kv-outer": lambda: kernel("KV-outer sparse attention", 2),
    "kernel-tensor-core": lambda: kernel("tensor cores kept busy", 3),
}


def save(img: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    img.quantize(colors=16).save(path, "PNG", optimize=True)


def main() -> None:
    folder = HERE / "figures" / PAPER
    rows = []
    for number, (draw, caption) in FIGURES.items():
        save(draw(), folder / f"fig{number}.png")
        rows.append({"number": number, "file": f"fig{number}.png", "caption": caption,
                     "source_url": None, "method": "hand", "width": SIZE[0],
                     "height": SIZE[1]})
    (folder / "index.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    for name, draw_image in IMAGES.items():
        save(draw_image(), HERE / "images" / f"{name}.png")


if __name__ == "__main__":
    main()
