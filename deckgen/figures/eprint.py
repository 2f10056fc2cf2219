"""The arXiv e-print source: what kind it is, its files, and its figures with captions.

arXiv serves `.tar.gz`, a plain `.gz` (one file), or a PDF under the same URL, so the kind
comes from magic bytes. Archives are read in memory and never extracted: a member whose
path leaves the folder, a link or a device is refused, and both the decompressed size and
each member's size are capped. Figures are `figure` environments of the main `.tex` file
(following `\\input`), numbered in order, each with its `\\includegraphics` files and
its `\\caption`.

The text is the author's, so every scan is linear in its length: `\\input` depth and the
expanded size are bounded (files that include one another multiply), environments are
paired in one pass, and no pattern scans further than a bounded distance for a closing
bracket that never comes.
"""

from __future__ import annotations

import gzip
import io
import logging
import posixpath
import re
import tarfile
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from deckgen.figures.captions import caption_text
from deckgen.figures.html import CAPTION_LIMIT, FoundFigure
from deckgen.limits import (
    MAX_INPUT_DEPTH,
    MAX_MEMBER,
    MAX_MEMBERS,
    MAX_TEX_CHARS,
    MAX_UNPACKED,
)

log = logging.getLogger(__name__)

GRAPHIC_EXTS = ("", ".pdf", ".png", ".jpg", ".jpeg", ".eps", ".svg", ".gif")


class SourceProblem(Exception):
    """An e-print that cannot be read, with the reason in one line."""


@dataclass
class Source:
    """A decoded e-print: kind (tar, tex, pdf), its readable files and what was refused."""

    kind: str
    files: dict[str, bytes] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    pdf: bytes | None = None


def gunzip_capped(data: bytes, cap: int = MAX_UNPACKED) -> bytes:
    """Decompress gzip data, refusing more than `cap` bytes (a compression bomb)."""
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while chunk := stream.read(1024 * 1024):
                out.write(chunk)
                if out.tell() > cap:
                    raise SourceProblem(f"decompresses to more than {cap // 2**20} MB")
    except (OSError, EOFError) as exc:
        raise SourceProblem(f"broken gzip data ({exc})") from None
    return out.getvalue()


def safe_member_name(name: str) -> str | None:
    """The member's normalised relative path, or None when it would leave the folder."""
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return None
    norm = posixpath.normpath(name.replace("\\", "/"))
    if norm == ".." or norm.startswith("../") or "\x00" in norm:
        return None
    return norm


def open_source(data: bytes) -> Source:
    """Tell a tar.gz, a gzipped single file and a PDF apart, and read the files."""
    if data.startswith(b"%PDF"):
        return Source("pdf", pdf=data)
    if not data.startswith(b"\x1f\x8b"):
        raise SourceProblem("neither gzip nor PDF (unknown e-print format)")
    raw = gunzip_capped(data)
    if raw[257:262] == b"ustar":
        return _read_tar(raw)
    if raw.startswith(b"%PDF"):
        return Source("pdf", pdf=raw)
    return Source("tex", files={"main.tex": raw})


def _read_tar(raw: bytes) -> Source:
    source = Source("tar")
    total = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as tar:
            for count, member in enumerate(tar):
                if count >= MAX_MEMBERS:
                    raise SourceProblem(f"more than {MAX_MEMBERS} files")
                name = safe_member_name(member.name)
                if member.isdir():
                    continue
                if name is None:
                    source.refused.append(f"{member.name} (path leaves the folder)")
                elif member.issym() or member.islnk():
                    source.refused.append(f"{member.name} (a link)")
                elif not member.isfile():
                    source.refused.append(f"{member.name} (a device or special file)")
                elif member.size > MAX_MEMBER:
                    source.refused.append(f"{member.name} (larger than {MAX_MEMBER // 2**20} MB)")
                else:
                    total += member.size
                    if total > MAX_UNPACKED:
                        raise SourceProblem(f"files add up to more than "
                                            f"{MAX_UNPACKED // 2**20} MB")
                    handle = tar.extractfile(member)
                    source.files[name] = handle.read() if handle else b""
    except tarfile.TarError as exc:
        raise SourceProblem(f"broken tar archive ({exc})") from None
    for item in source.refused:
        log.warning("e-print member refused: %s", item)
    return source


def _strip_comments(tex: str) -> str:
    return re.sub(r"(?<!\\)%[^\n]*", "", tex)


def _brace_pairs(text: str) -> dict[int, int]:
    """The position of the matching `}` of every `{` that has one (`\\{` does not count)."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    for match in re.finditer(r"(?<!\\)[{}]", text):
        if match.group() == "{":
            opened.append(match.start())
        elif opened:
            pairs[opened.pop()] = match.start()
    return pairs


def _braced(text: str, start: int, pairs: dict[int, int]) -> tuple[str, int] | None:
    """The content of the `{...}` group starting at `start` (after spaces), and its end."""
    i = start
    while i < len(text) and text[i] in " \t\n":
        i += 1
    end = pairs.get(i)
    return (text[i + 1:end], end + 1) if end is not None else None


def _environments(tex: str, names: str) -> Iterator[tuple[int, int, int, int]]:
    """(start, body start, body end, end) of each `\\begin{X}...\\end{X}`, X matching the
    regex `names`, found as `\\begin\\{(X)\\}(.*?)\\end\\{\\1\\}` would find them, in one pass."""
    begins: list[re.Match[str]] = []
    ends: dict[str, list[int]] = {}
    for match in re.finditer(rf"\\(begin|end)\{{({names})\}}", tex):
        if match.group(1) == "begin":
            begins.append(match)
        else:
            ends.setdefault(match.group(2), []).append(match.start())
    done = 0
    for begin in begins:
        closing = ends.get(begin.group(2), [])
        k = bisect_left(closing, begin.end())
        if begin.start() < done or k == len(closing):
            continue
        end = closing[k]
        done = end + len(f"\\end{{{begin.group(2)}}}")
        yield begin.start(), begin.end(), end, done


def main_tex(files: dict[str, bytes]) -> str | None:
    """The file that holds `\\documentclass` (the shallowest one, e.g. main.tex)."""
    candidates = [n for n, b in files.items() if n.lower().endswith(".tex")
                  and b"\\documentclass" in b and b"\\begin{document}" in b]
    if not candidates and "main.tex" in files:
        return "main.tex"
    return min(candidates, key=lambda n: (n.count("/"), n), default=None)


def expanded_tex(files: dict[str, bytes], name: str) -> str:
    """A .tex file with `\\input{x}` / `\\include{x}` replaced by x's text (comments removed).

    SourceProblem when the inputs nest deeper than MAX_INPUT_DEPTH, a file includes itself,
    or the text comes to more than MAX_TEX_CHARS (files that include one another).
    """
    return _expand(files, name, (), [MAX_TEX_CHARS])


_INPUT = re.compile(r"\\(input|include)\s*\{([^{}\n]{0,300})\}")


def _expand(files: dict[str, bytes], name: str, outer: tuple[str, ...],
            budget: list[int]) -> str:
    data = files.get(name, b"")
    budget[0] -= len(data)  # a decoded character is at least one byte
    if budget[0] < 0:
        raise SourceProblem(f"its .tex files come to more than {MAX_TEX_CHARS // 2**20} MB "
                            "with every \\input written in (do they include one another?)")
    if len(outer) > MAX_INPUT_DEPTH:
        raise SourceProblem(f"\\input nested more than {MAX_INPUT_DEPTH} deep "
                            f"({' -> '.join((*outer[:3], '...', name))})")
    tex = _strip_comments(data.decode("utf-8", "replace"))
    parts, done = [], 0
    for match in _INPUT.finditer(tex):
        parts.append(tex[done:match.start()])
        done = match.end()
        target = match.group(2).strip()
        for candidate in (target, f"{target}.tex"):
            norm = safe_member_name(candidate)
            if norm in files:
                if norm == name or norm in outer:
                    raise SourceProblem(f"{norm} includes itself through \\input")
                parts.append(_expand(files, norm, (*outer, name), budget))
                break
    parts.append(tex[done:])
    return "".join(parts)


def _main_caption(block: str) -> str:
    """The figure's own caption: the first `\\caption` outside subfigure environments."""
    kept, done = [], 0
    for start, _, _, end in _environments(block, r"sub(?:figure|table)"):
        kept.append(block[done:start])
        done = end
    outer = "".join([*kept, block[done:]])
    outer = re.sub(r"\\subcaption(box)?\b", r"\\subcap", outer)
    pairs = _brace_pairs(outer)
    for match in re.finditer(r"\\caption(\[[^\]]{0,1000}\])?", outer):
        group = _braced(outer, match.end(), pairs)
        if group:  # caption_text converts at most MAX_CAPTION_LATEX characters
            return caption_text(group[0])
    return ""


def tex_figures(source: Source) -> list[FoundFigure]:
    """Numbered figures of a TeX source: graphics files (archive paths) and captions."""
    main = main_tex(source.files)
    if main is None:
        return []
    tex = expanded_tex(source.files, main)
    base = posixpath.dirname(main)
    paths = [""]
    if gp := re.search(r"\\graphicspath\s*\{((?:\s*\{[^{}]{0,300}\})+)\s*\}", tex):
        paths += re.findall(r"\{([^}]*)\}", gp.group(1))
    out: list[FoundFigure] = []
    blocks = (tex[body:end] for _, body, end, _ in _environments(tex, r"figure\*?|wrapfigure"))
    for block in blocks:
        if "\\caption" not in block:
            continue  # LaTeX numbers a figure by its caption
        number = len(out) + 1
        images: list[str] = []
        missing: list[str] = []
        for inc in re.finditer(r"\\includegraphics\s*(\[[^\]]{0,500}\])?\s*\{([^}]{0,500})\}",
                               block):
            path, why = _find_graphic(source, inc.group(2).strip(), base, paths)
            if path:
                images.append(path)
            else:
                missing.append(f"{inc.group(2).strip()} ({why})")
        note = None
        if missing:
            note = f"graphics not usable in the source: {', '.join(missing)}"
        out.append(FoundFigure(number, _main_caption(block)[:CAPTION_LIMIT], tuple(images),
                               note if not images else None))
    return out


def _find_graphic(source: Source, name: str, base: str,
                  paths: list[str]) -> tuple[str | None, str]:
    """The archive path of `\\includegraphics{name}`, or None and the reason."""
    for folder in paths:
        for ext in GRAPHIC_EXTS:
            norm = safe_member_name(posixpath.join(base, folder, name + ext))
            if norm is None:
                return None, "path leaves the folder"
            if norm in source.files:
                return norm, ""
            if any(r.startswith(f"{norm} ") for r in source.refused):
                return None, "refused"
    return None, "not in the source"
