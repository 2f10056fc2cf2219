"""Where sentences end, in Japanese and English: the one rule for every plan that splits text.

The abstract as one bullet per sentence (plan/compose.py), a figure caption cut to whole
sentences (plan/figslides.py) and text broken over pages at a sentence end (plan/textfit.py)
all ask `sentence_cuts`.
"""

from __future__ import annotations

import re

# Japanese ends at 。！？ (and ．), with any closing brackets after it.
_JA_END = re.compile(r"[。！？．][」』）)】〕”’]*")
# English ends at . ! ? (closing quotes or brackets after it), then spaces.
_EN_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)")
# Words that end in a full stop without ending a sentence (lowercase, final dot dropped).
ABBREVIATIONS = frozenset({
    "e.g", "i.e", "et al", "al", "cf", "vs", "viz", "approx", "resp", "incl",
    "fig", "figs", "eq", "eqs", "sec", "secs", "tab", "ch", "app", "appx", "ref", "refs",
    "no", "nos", "vol", "pp", "p", "dr", "mr", "mrs", "ms", "prof", "jr", "sr", "st",
    "inc", "ltd", "corp", "co", "u.s", "u.k", "e.u", "a.k.a", "w.r.t", "ca",
})


def _is_wide(ch: str) -> bool:
    """A CJK character, kana or full-width form (Japanese text around a full stop)."""
    return ord(ch) >= 0x2E80


def _ends_sentence(text: str, dot: int, after: int) -> bool:
    """Whether the `.` at `dot` (its closing marks end at `after`) ends an English sentence:
    not an abbreviation (e.g., et al., Fig.) or an initial, and not followed by a lowercase
    word (an abbreviation we do not know)."""
    word = text[:dot].rsplit(None, 1)[-1] if text[:dot].strip() else ""
    word = word.lstrip("([{\"'“‘").lower()
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    rest = text[after:].lstrip()
    return not rest or not rest[0].islower()


def sentence_cuts(text: str) -> list[int]:
    """Where the sentences of `text` end, as offsets in ascending order.

    Japanese sentences end at 。！？．; English ones at ! or ?, or at a full stop that is
    followed by a space and is neither an abbreviation (e.g., i.e., et al., Fig., vs.) nor a
    decimal point (2.3) nor an initial. A Latin . ! ? between two Japanese characters ends a
    sentence too (`…である.次に…`), as Japanese written with Latin stops does. A number with a
    full stop that opens a line or follows a sentence's end (`1. シーン分類で…`) is a list
    number, the start of a sentence, not one of its own.
    """
    cuts: set[int] = set()
    for match in _JA_END.finditer(text):
        cuts.add(match.end())
    for match in _EN_END.finditer(text):
        if text[match.start()] != "." or _ends_sentence(text, match.start(), match.end()):
            cuts.add(match.end())
    for i, ch in enumerate(text[1:-1], 1):
        if ch in ".!?" and _is_wide(text[i - 1]) and _is_wide(text[i + 1]):
            cuts.add(i + 1)
    kept: list[int] = []
    for cut in sorted(c for c in cuts if 0 < c < len(text)):
        if not _is_list_number(text, cut, kept[-1] if kept else 0):
            kept.append(cut)
    return kept


_LIST_NUMBER = re.compile(r"\s*\d{1,3}\.")


def _is_list_number(text: str, cut: int, previous: int) -> bool:
    """Whether the cut at `cut` follows a list number (`1.`) that opens a line, or the text
    since the `previous` sentence end: then the number starts a sentence, it is none."""
    line_start = text.rfind("\n", 0, cut) + 1
    return any(_LIST_NUMBER.fullmatch(text, start, cut) for start in (line_start, previous))


def sentence_pieces(text: str) -> list[str]:
    """`text` cut after each sentence, whitespace kept (a space after a sentence belongs to
    it, so no piece but the first starts with one): the pieces join back to `text`."""
    cuts = []
    for cut in sentence_cuts(text):
        while cut < len(text) and text[cut].isspace():
            cut += 1
        cuts.append(cut)
    bounds = [0, *dict.fromkeys(cuts), len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, in order, stripped (none empty)."""
    return [s.strip() for s in sentence_pieces(text) if s.strip()]
