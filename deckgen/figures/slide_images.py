"""The image files of the presenter's own slides (`images: [{file: images/demo.png}]`).

session.yaml's validation made sure each is a file inside the session folder; here each is
checked as a figure is (figures/index.py: format, pixel budget, a file cut short) and its
pixel size read for the planner. An unreadable one is a warning and its slide is drawn
without it.
"""

from __future__ import annotations

from pathlib import Path

from deckgen.figures.index import _image_size
from deckgen.model.deck import Picture
from deckgen.model.session import Session


def load_slide_images(session: Session) -> tuple[dict[Path, Picture | None], list[str]]:
    """Each own slide's image file (by its path relative to the session folder) as a
    Picture, or None with a warning when it cannot go into a slide."""
    images: dict[Path, Picture | None] = {}
    warnings: list[str] = []
    for slide in session.own_slides():
        for image in slide.images:
            if image.file is None or image.file in images:
                continue
            path = session.dir / image.file
            size, problem = _image_size(path)
            if problem:
                warnings.append(f"{path}: {problem}; slide '{slide.title}' is drawn without it")
                images[image.file] = None
            else:
                images[image.file] = Picture(path, size[0], size[1])
    return images, warnings
