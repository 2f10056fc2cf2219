"""The deck as plain data: what plan.py decides and render.py draws.

Frozen dataclasses of text, numbers and paths; no python-pptx, no I/O. Every slide has a
stable `key` (for example `paper:2203.03466:abstract:1`) so a rebuild can tell slides apart,
and its `kind` names the layout it is drawn with (see layouts.LAYOUT_NAMES).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Para:
    """A paragraph: text at a bullet level (0 = no bullet), optionally a link or numbered."""

    text: str
    level: int = 0
    url: str | None = None
    bold: bool = False
    numbered: bool = False


@dataclass(frozen=True)
class Text:
    """The text of one placeholder, with the font size chosen to make it fit."""

    paras: tuple[Para, ...]
    size_pt: float | None = None

    @property
    def plain(self) -> str:
        """All paragraphs joined by newlines (for tests and notes)."""
        return "\n".join(p.text for p in self.paras)


@dataclass(frozen=True)
class Picture:
    """An image file to fit into the picture area, aspect kept, never cropped."""

    path: Path
    width_px: int
    height_px: int
    # (sha256 of the file's bytes, hash of its pixels) when the figure index holds it, so
    # the picture's identity needs no decoding; not part of what the slide shows
    known_pixels: tuple[str, str] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Chart:
    """A native bar chart: one series of numbers, one per category (a paper's short title).

    Drawn as a real chart part (editable data in PowerPoint and LibreOffice), not a picture.
    """

    series: str
    categories: tuple[str, ...]
    values: tuple[float, ...]


@dataclass(frozen=True)
class Slide:
    """One slide: its kind (layout), stable key, the text per placeholder role, its pictures
    (the first into the `picture` role, the second into `picture2`, ...), and notes."""

    kind: str
    key: str
    texts: dict[str, Text] = field(default_factory=dict)
    pictures: tuple[Picture, ...] = ()
    notes: str = ""
    chart: Chart | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.pictures, tuple):  # a lone Picture passed where pictures go
            raise TypeError(f"Slide.pictures must be a tuple of Picture, not {self.pictures!r}")

    @property
    def picture(self) -> Picture | None:
        """The first picture, or None (the slide's only one on a `figure` slide)."""
        return self.pictures[0] if self.pictures else None


@dataclass(frozen=True)
class DeckInfo:
    """The deck's document properties: what a file browser, PowerPoint's Info pane and the
    PDF's properties show (language as a BCP 47 tag, e.g. ja-JP)."""

    title: str
    author: str
    subject: str
    language: str
    keywords: str = ""


@dataclass(frozen=True)
class Deck:
    """The whole deck: slides in order, its document properties, what the build reports."""

    name: str
    slides: tuple[Slide, ...]
    warnings: tuple[str, ...] = ()
    info: DeckInfo | None = None
    # for -v: what the plan left out and why (words only: not part of what is drawn)
    notes: tuple[str, ...] = field(default=(), compare=False, repr=False)
