"""Draw the stand-in images of the reference sessions: `python tests/reference/make_figures.py`.

The real decks' figures are the papers' and the presenters' own; these sessions only need
something of the right kind in the right place, so each image is a small fixed drawing
labelled with what it stands for (a few KB). Paper figures go to `figures/<id>/figN.png` with
an `index.json` as `deckgen fetch` writes it; the presenter's own images go to `images/`.
Running it again writes the same files.
"""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent

# deck -> paper id -> {figure number: English caption}
PAPER_FIGURES: dict[str, dict[str, dict[int, str]]] = {
    "2020-10": {
        "2009.05041": {1: "Network dissection of a VGG-16 classifier and a Progressive GAN.",
                       2: "Emergence of object detectors in the VGG-16 scene classifier.",
                       3: "Units removed one by one from conv5_3.",
                       4: "Object and part units in the layers of the GAN generator.",
                       5: "Removing tree units from the generator.",
                       6: "Activating door units at different places.",
                       7: "Visualising an adversarial attack on the classifier.",
                       8: "Painting with GAN units: a dome in place of a spire."},
        "2009.06732": {1: "Taxonomy of efficient Transformer architectures."},
        "2009.01797": {2: "Distillation-based regularisation combined with exemplar rehearsal."},
        "2009.08454": {1: "Typical (DCGAN) and extreme (ExGAN) precipitation samples.",
                       2: "Normal samples of the data set and of DCGAN.",
                       3: "Extreme samples of the data set and of ExGAN."},
        "2009.01835": {1: "Flow-edge guided video completion against DFC-Net.",
                       2: "Overview of the completion pipeline, steps (a) to (e)."},
        "2009.01719": {1: "Discovery and instruction phases of the fast-mapping task."},
        "2009.04765": {2: "The improved decoder architecture.",
                       3: "The conditional language generation model."},
        "2008.12298": {1: "From one mobile phone photo to a 3D photo.",
                       3: "The depth estimation network."},
    },
    "2022-04": {
        "2203.03570": {1: "Special-purpose and general-purpose synthetic data pipelines.",
                       8: "Pose estimation: fully annotated frames of synthetic video."},
        "2203.06850": {1: "The sMLP architecture with dense and sparse blocks."},
        "2203.07852": {2: "Sliding window attention with cached keys and values."},
        "2203.00667": {3: "JS divergence between a real and a generated Gaussian."},
        "2203.05556": {1: "Embedding modules for numerical features.",
                       2: "Results on California Housing (RMSE)."},
    },
    "2022-01": {
        "2106.08170": {1: "Modularity of the network: one, per group, per question.",
                       2: "Sub-tasks of a composed question.",
                       3: "Systematic generalisation against the amount of training data."},
    },
}

# deck -> the presenter's own images, by file name under images/
OWN_IMAGES: dict[str, tuple[str, ...]] = {
    "2020-10": ("dfc-net", "inpainting-nvidia", "inpainting-opencv", "distillation",
                "one-shot-characters", "grounded-demo", "prada", "3d-photo-demo"),
    "2022-04": ("kubric-table6",),
    "2022-01": ("vqa-leaderboard", "vqa-examples", "nmn", "film"),
}

COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
SIZE = (320, 200)


def drawing(label: str, seed: int) -> Image.Image:
    """A small labelled drawing: a frame, three bars and a line, colours from `seed`."""
    img = Image.new("RGB", SIZE, "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, SIZE[0] - 1, SIZE[1] - 1], outline="black", width=2)
    for i in range(3):
        colour = COLOURS[(seed + i) % len(COLOURS)]
        height = 30 + (seed * 17 + i * 29) % 90
        draw.rectangle([40 + i * 80, 170 - height, 90 + i * 80, 170], fill=colour)
    draw.line([20, 160, 300, 40 + seed % 60], fill="black", width=2)
    draw.text((12, 10), label, fill="black")
    return img


def save(img: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    img.quantize(colors=8).save(path, "PNG", optimize=True)


def main() -> None:
    seed = 0
    for deck, papers in PAPER_FIGURES.items():
        for pid, captions in papers.items():
            folder = HERE / deck / "figures" / pid
            rows = []
            for number, caption in sorted(captions.items()):
                seed += 1
                name = f"fig{number}.png"
                save(drawing(f"{pid} Figure {number}", seed), folder / name)
                rows.append({"number": number, "file": name, "caption": caption,
                             "source_url": f"https://arxiv.org/html/{pid}/x{number}.png",
                             "method": "html", "width": SIZE[0], "height": SIZE[1]})
            (folder / "index.json").write_text(json.dumps(rows, indent=2) + "\n",
                                               encoding="utf-8")
    for deck, names in OWN_IMAGES.items():
        for name in names:
            seed += 1
            save(drawing(name, seed), HERE / deck / "images" / f"{name}.png")


if __name__ == "__main__":
    main()
