"""Which characters the installed fonts can draw, and which PDF fonts are Japanese and embedded.

LibreOffice finds fonts through fontconfig, so fontconfig's view of the installed fonts is
what decides whether a character gets a glyph or a box (tofu).
"""

from __future__ import annotations

import bisect
import functools
import re
import shutil
import subprocess
import unicodedata

from pdfminer.pdftypes import resolve1

# kana and the CJK ideograph blocks: the characters only a Japanese (CJK) font draws
_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
# LibreOffice writes a character it has no glyph for as a private-use code point
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd]")


def is_japanese(char: str) -> bool:
    """True for kana and kanji."""
    return bool(_JAPANESE.match(char))


def is_private(char: str) -> bool:
    """True for private-use code points and U+FFFD, which no reader can read."""
    return bool(_PRIVATE.match(char))


def needs_glyph(char: str) -> bool:
    """False for spaces and control/format characters, which draw nothing."""
    if is_private(char):
        return True
    return not char.isspace() and unicodedata.category(char)[0] not in ("C", "Z")


class Coverage:
    """The union of the code points all installed fonts cover (fontconfig `charset`)."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for low, high in sorted(ranges):
            if merged and low <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], high))
            else:
                merged.append((low, high))
        self._lows = [low for low, _ in merged]
        self._ranges = merged

    def __contains__(self, char: str) -> bool:
        code = ord(char)
        i = bisect.bisect_right(self._lows, code) - 1
        return i >= 0 and self._ranges[i][0] <= code <= self._ranges[i][1]

    def __bool__(self) -> bool:
        return bool(self._ranges)


@functools.cache
def installed_coverage() -> Coverage:
    """Every code point some installed font has a glyph for (empty without fc-list)."""
    if shutil.which("fc-list") is None:
        return Coverage([])
    out = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True,
                         text=True, stdin=subprocess.DEVNULL, timeout=60).stdout
    ranges = []
    for token in out.split():
        low, _, high = token.partition("-")
        try:
            ranges.append((int(low, 16), int(high or low, 16)))
        except ValueError:
            continue
    return Coverage(ranges)


@functools.cache
def japanese_font_names() -> tuple[str, ...]:
    """PostScript and family names of the installed fonts that support Japanese."""
    if shutil.which("fc-list") is None:
        return ()
    out = subprocess.run(["fc-list", ":lang=ja", "--format", "%{postscriptname}\n%{family}\n"],
                         capture_output=True, text=True, stdin=subprocess.DEVNULL,
                         timeout=60).stdout
    names = {_squash(name) for line in out.splitlines() for name in line.split(",") if name}
    return tuple(sorted(names))


def _squash(name: str) -> str:
    return re.sub(r"[\s\-_]", "", name).lower()


def base_font_name(name: str) -> str:
    """A PDF font name without its subset tag (`ABCDEF+`)."""
    return re.sub(r"^[A-Z]{6}\+", "", name)


def is_japanese_font(pdf_font_name: str) -> bool:
    """True when the PDF font is one of the installed Japanese fonts."""
    squashed = _squash(base_font_name(pdf_font_name))
    return any(squashed.startswith(name) for name in japanese_font_names())


def embedded_fonts(page_obj) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    """{font name: embedded?} for the fonts a pdfminer page uses."""
    result: dict[str, bool] = {}
    resources = resolve1(page_obj.resources) or {}
    for ref in (resolve1(resources.get("Font")) or {}).values():
        font = resolve1(ref) or {}
        name = _name(font.get("BaseFont"))
        descriptor = resolve1(font.get("FontDescriptor"))
        descendants = resolve1(font.get("DescendantFonts"))
        if descriptor is None and descendants:
            descriptor = resolve1((resolve1(descendants[0]) or {}).get("FontDescriptor"))
        descriptor = descriptor or {}
        result[name] = any(key in descriptor for key in ("FontFile", "FontFile2", "FontFile3"))
    return result


def _name(value: object) -> str:
    name = getattr(value, "name", value)
    if isinstance(name, bytes):
        return name.decode("latin-1")
    return str(name)
