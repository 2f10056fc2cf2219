"""The presenter's own slides and figure slides in session.yaml, read and checked.

`figures:` entries (a number, or `{figure: N | [N, M(, K)], heading, text, caption}`) become
figure numbers and `FigureSpec`s; `slides:` entries become `OwnSlide`s, with their images
checked (a file must exist inside the session folder; a figure reference must name a paper
of the session) and their place (`at:`) resolved against the rankings or sections. Every
problem is one line naming file:line and field, through the validator's checker.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from deckgen.model.ids import parse_arxiv_id
from deckgen.model.session import SINGLE_PLACES, SURVEY_PLACES, FigureSpec, OwnSlide, SlideImage
from deckgen.session import schema
from deckgen.session.schema import (
    FIGURE_SPEC,
    IMAGE,
    MAX_SLIDE_IMAGES,
    OWN_SLIDE,
    PLACED_SLIDE,
    Field,
)
from deckgen.session.yamlsrc import Located, Path_


class _Checker(Protocol):
    """What this module uses of the validator's checker (session.validate._Checker)."""

    src: Located

    def problem(self, path: Path_, message: str) -> None: ...
    def fields(self, data: Any, path: Path_, declared: Sequence[Field]) -> dict[str, Any]: ...
    def mapping(self, data: Any, path: Path_, declared: Sequence[Field]) -> dict[str, Any]: ...
    def text(self, data: Any, path: Path_) -> str | None: ...
    def as_list(self, data: Any, path: Path_) -> list[Any]: ...

# image files a slide can hold (what figures/index reads; SVG and PDF are not images here)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff")
MAX_GROUP = 3  # figures on one figure slide


def _hint(value: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    if close:
        return f"did you mean '{close[0]}'?"
    return "one of: " + (", ".join(f"'{c}'" for c in choices) if choices else "none")


def _number(value: Any) -> int | None:
    if isinstance(value, str) and value.isascii() and value.isdigit() and int(value) > 0:
        return int(value)
    return None


def figure_choice(c: _Checker, data: Any, path: Path_
                  ) -> tuple[tuple[int, ...] | None, tuple[FigureSpec, ...]]:
    """`figures:` as (the numbers shown, in order; None for all) and the slides' specs."""
    if data is None or data == "all":
        return None, ()
    if data == "none":
        return (), ()
    values = data if isinstance(data, list) else [data]
    numbers: list[int] = []
    specs: list[FigureSpec] = []
    for i, value in enumerate(values):
        epath = (*path, i) if isinstance(data, list) else path
        spec = _figure_spec(c, value, epath)
        if spec is None:
            continue
        for n in spec.numbers:
            if n in numbers:
                c.problem(epath, f"figure {n} is listed twice (remove one)")
            numbers.append(n)
        specs.append(spec)
    return tuple(dict.fromkeys(numbers)), tuple(specs)


def _figure_spec(c: _Checker, value: Any, path: Path_) -> FigureSpec | None:
    if not isinstance(value, dict):
        if (n := _number(value)) is not None:
            return FigureSpec((n,))
        c.problem(path, f"'{value}' is not a figure number (write figures: [1, 3], figures: "
                        "all, figures: none or {figure: 3, heading: ..., text: ...})")
        return None
    values = c.fields(value, path, FIGURE_SPEC)
    raw = values.get("figure")
    fpath = (*path, "figure")
    if raw is None:
        return None  # `required` said so
    group = raw if isinstance(raw, list) else [raw]
    numbers = [n for n in (_number(x) for x in group) if n is not None]
    if len(numbers) != len(group):
        c.problem(fpath, f"{raw!r} is not a figure number or a list of two or three "
                         "(write figure: 3 or figure: [4, 5])")
        return None
    if isinstance(raw, list) and not 2 <= len(numbers) <= MAX_GROUP:
        c.problem(fpath, f"{len(numbers)} figures on one slide: a group holds two or three "
                         "(write figure: 3 for one, or split the group)")
        return None
    if len(set(numbers)) != len(numbers):
        c.problem(fpath, "a figure is listed twice in this group (remove one)")
        return None
    text = {f.name: c.text(values.get(f.name), (*path, f.name))
            for f in FIGURE_SPEC if f.name != "figure"}
    if len(numbers) > 1 and text["caption"]:
        c.problem((*path, "caption"), "a group of figures keeps each figure's own caption "
                                      "(remove caption:, or show the figure on its own)")
    return FigureSpec(tuple(numbers), text["heading"] or None, text["text"] or None,
                      text["caption"] or None if len(numbers) == 1 else None)


class SlideReader:
    """Reads own slides against what the session has: papers, rankings, sections."""

    def __init__(self, c: _Checker, session_dir: Path, kind: str, papers: Sequence[str],
                 places: Sequence[str] = ()) -> None:
        self.c = c
        self.dir = session_dir
        self.kind = kind
        self.papers = list(papers)  # base ids a figure reference may name
        self.places = list(places)  # ranking names (survey) or section titles (single)
        self.keys: dict[str, Path_] = {}

    def slides(self, data: Any, path: Path_, placed: bool = False) -> tuple[OwnSlide, ...]:
        """A `slides:` list; `placed`: the top-level one, whose entries take `at:`."""
        out = []
        for i, raw in enumerate(self.c.as_list(data, path)):
            if (slide := self.slide(raw, (*path, i), placed)) is not None:
                out.append(slide)
        return tuple(out)

    def slide(self, raw: Any, path: Path_, placed: bool) -> OwnSlide | None:
        c = self.c
        declared = PLACED_SLIDE if placed else OWN_SLIDE
        values = c.mapping(raw, path, declared)
        if not isinstance(raw, dict):
            return None
        at, anchor = self.place(values["at"], (*path, "at")) if placed else ("", None)
        key = values["key"]
        if key is not None:
            key = " ".join(key.split())
            if any(unicodedata.category(ch)[0] == "C" for ch in key):
                c.problem((*path, "key"), f"key {ascii(key)} holds a control character "
                                          "(write letters, digits and dashes, e.g. "
                                          "glossary-nash)")
            elif not key or any(ch in key for ch in "()|"):
                c.problem((*path, "key"), f"'{key}' cannot be a key (write letters, digits and "
                                          "dashes, e.g. glossary-nash)")
            elif key in self.keys:
                c.problem((*path, "key"), f"key '{key}' is used twice (first at line "
                                          f"{c.src.line(self.keys[key])}; make each unique)")
            else:
                self.keys[key] = (*path, "key")
        images = self.images(raw.get("images"), (*path, "images"))
        return OwnSlide(title=values["title"] or "", bullets=values["bullets"], images=images,
                        notes=values["notes"], key=key or None, at=at, anchor=anchor)

    def place(self, value: str | None, path: Path_) -> tuple[str, str | None]:
        """`at:` as (place, the ranking or section it names)."""
        places = SINGLE_PLACES if self.kind == "single" else SURVEY_PLACES
        what = "section" if self.kind == "single" else "ranking"
        text = " ".join((value or schema.field(PLACED_SLIDE, "at").default).split())
        word, _, rest = text.partition(" ")
        written = [p if p not in ("before", "after") else f"{p} <{what}>" for p in places]
        if word not in places or bool(rest) != (word in ("before", "after")):
            self.c.problem(path, f"'{text}' is not a place ({_hint(text, written)}; "
                                 f"places: {', '.join(written)})")
            return "end", None
        if rest and rest not in self.places:
            self.c.problem(path, f"no {what} is named '{rest}' ({_hint(rest, self.places)})")
            return "end", None
        return word, rest or None

    def images(self, data: Any, path: Path_) -> tuple[SlideImage, ...]:
        raw = self.c.as_list([data] if isinstance(data, (str, dict)) else data, path)
        if len(raw) > MAX_SLIDE_IMAGES:
            self.c.problem(path, f"{len(raw)} images: a slide holds at most {MAX_SLIDE_IMAGES} "
                                 "(move the rest to another slide)")
            return ()
        out: list[SlideImage] = []
        for i, entry in enumerate(raw):
            ipath = (*path, i) if isinstance(data, list) else path
            image = self.image(entry, ipath)
            if image is None:
                continue
            if any((image.file, image.paper, image.figure) == (o.file, o.paper, o.figure)
                   for o in out):
                self.c.problem(ipath, "this image is on the slide twice (remove one)")
                continue
            out.append(image)
        return tuple(out)

    def image(self, entry: Any, path: Path_) -> SlideImage | None:
        """A file or `<id>#N`, or {file | figure, caption}."""
        c = self.c
        if isinstance(entry, dict):
            values = c.mapping(entry, path, IMAGE)
            file, figure, caption = values["file"], values["figure"], values["caption"]
            if bool(file) == bool(figure):
                c.problem(path, "write either file: (an image in the session folder) or "
                                "figure: (\"<arXiv id>#<number>\"), one of them")
                return None
        else:
            text = c.text(entry, path)
            if not text:
                c.problem(path, "is empty (write a file, e.g. images/demo.png, or a paper's "
                                "figure, e.g. \"2203.03570#3\")")
                return None
            looks_like_ref = "#" in text and not text.lower().endswith(IMAGE_SUFFIXES)
            file, figure, caption = (None, text, None) if looks_like_ref else (text, None, None)
        if figure:
            ref = self.reference(figure, (*path, "figure") if isinstance(entry, dict) else path)
            if ref is None:
                return None
            return SlideImage(paper=ref[0], figure=ref[1], caption=caption or None)
        checked = self.file(file or "", (*path, "file") if isinstance(entry, dict) else path)
        return SlideImage(file=checked, caption=caption or None) if checked else None

    def reference(self, text: str, path: Path_) -> tuple[str, int] | None:
        """`2203.03570#3`: (base id, figure number) of a paper of this session."""
        pid_text, sep, number_text = text.strip().rpartition("#")
        number = _number(number_text.strip())
        ref = parse_arxiv_id(pid_text.strip()) if sep else None
        if ref is None or number is None:
            self.c.problem(path, f"'{text}' is not a paper's figure (write \"<arXiv id>#<figure "
                                 "number>\", e.g. \"2203.03570#3\")")
            return None
        if ref.base not in self.papers:
            self.c.problem(path, f"'{ref.base}' is not a paper of this session "
                                 f"({_hint(ref.base, self.papers)})")
            return None
        return ref.base, number

    def file(self, text: str, path: Path_) -> Path | None:
        """An image file inside the session folder, as a path relative to it."""
        c = self.c
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
            c.problem(path, f"{text!r} holds a control character (write a plain file path)")
            return None
        rel = PurePosixPath(text.replace("\\", "/"))
        if rel.is_absolute() or (rel.parts and rel.parts[0].endswith(":")):
            c.problem(path, f"'{text}' is an absolute path (write it relative to the session "
                            "folder, e.g. images/demo.png, and put the file there)")
            return None
        root = self.dir.resolve()
        try:
            target = (root / rel).resolve()
        except (OSError, RuntimeError):  # a symlink loop
            c.problem(path, f"'{text}' cannot be resolved (a link loop?); use a plain file")
            return None
        if not target.is_relative_to(root):
            c.problem(path, f"'{text}' is outside the session folder (copy the image into it, "
                            "e.g. images/, and write that path)")
            return None
        try:
            is_file, is_dir = target.is_file(), target.is_dir()
        except OSError as exc:  # a name too long for the file system, say
            c.problem(path, f"'{text[:60]}' cannot be read ({exc.strerror}); use a plain file")
            return None
        if not is_file:
            where = "a folder" if is_dir else "not found"
            c.problem(path, f"'{text}' is {where} in {self.dir} (check the path; it is "
                            "relative to the session folder)")
            return None
        if target.suffix.lower() not in IMAGE_SUFFIXES:
            c.problem(path, f"'{text}' is not a PNG or JPEG image (slides take "
                            f"{', '.join(IMAGE_SUFFIXES)})")
            return None
        return Path(target.relative_to(root))
