"""An explicit list, in the presenter's order: ids, abs/pdf URLs, a text file, or a web page.

`list:2401.12345,2401.12346v2`, `list:papers.txt` (one id or URL per line, `#` comments),
`list:saved-page.html` or `list:https://…` (the page's arXiv links, in page order).
Duplicates are dropped; old-style ids (`hep-ex/0406020v1`) work everywhere. `name=` names
the ranking and `surveyed=YYYY-MM-DD` says when the list was made (a list is the presenter's
own, so its survey date is theirs to give; without it, now).
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

from deckgen.limits import MAX_LIST_BYTES
from deckgen.model.ids import ARXIV_ID_PATTERN, ArxivRef, parse_arxiv_id
from deckgen.net.http import PoliteSession
from deckgen.net.sources.base import (
    RankedPaper,
    RankingResult,
    SourceError,
    SourceQuery,
    check_keys,
)

NAME = "list"
KEYS = ("name", "surveyed")
EXAMPLE = "list:2401.12345,2401.12346"
ABOUT = ("your own list, in your order: ids or arXiv URLs (list:ID,ID), a text file "
         "(list:papers.txt) or a saved or live web page's arXiv links (list:page.html)")
_URL_ID_RE = re.compile(rf"(?:arxiv\.org)?/(?:abs|pdf|html)/({ARXIV_ID_PATTERN})(?!\d|\.\d)")


def rank(query: SourceQuery, top: int, http: PoliteSession) -> RankingResult:
    """Every listed paper in order (no signal); `top` does not apply to your own list."""
    check_keys(query, KEYS, "list:papers.txt,name=Top Recent,surveyed=2020-09-25")
    surveyed = _surveyed(query)
    text = query.text.strip()
    if not text:
        raise SourceError("--source list: give ids, a file or a URL "
                          "(e.g. list:2401.12345,2401.12346 or list:papers.txt)")
    single_url = re.match(r"^https?://\S+$", text) and "," not in text
    if single_url and not re.match(r"^https?://(www\.|export\.)?arxiv\.org/(abs|pdf)/", text):
        response = http.get(text)
        if response.status_code != 200:
            raise SourceError(f"--source list:{text}: HTTP {response.status_code} "
                              "(save the page and pass the file instead)")
        refs = refs_from_html(response.text)
        where = text
    elif (path := Path(text).expanduser()).is_file():
        if path.stat().st_size > MAX_LIST_BYTES:
            raise SourceError(f"--source list:{text}: the file is larger than the "
                              f"{MAX_LIST_BYTES // 1024 // 1024} MB a list of papers needs "
                              "(is it the right file?)")
        content = path.read_text(encoding="utf-8", errors="replace")
        refs = refs_from_html(content) if _looks_like_html(content) else refs_from_text(
            content, str(path))
        where = str(path)
    else:
        refs = refs_from_text(text.replace(",", " "), "--source list")
        where = "command line"
    if not refs:
        raise SourceError(f"--source list:{text}: no arXiv ids found in the {where}")
    return RankingResult(
        name=query.params.get("name") or "Picks",
        source=NAME,
        query=text if where != "command line" else ",".join(str(r) for r in refs),
        description=f"the presenter's list ({where})",
        signal_name="",
        papers=tuple(RankedPaper(r) for r in _unique(refs)),  # your list: --top does not cut it
        surveyed_at=surveyed,
    )


def _surveyed(query: SourceQuery) -> str | None:
    """`surveyed=` as ISO 8601 (a date, or a date and time), or None for now."""
    raw = query.params.get("surveyed")
    if raw is None:
        return None
    try:
        when = dt.datetime.fromisoformat(raw) if "T" in raw else dt.date.fromisoformat(raw)
    except ValueError:
        raise SourceError(f"--source {query.name}:…,surveyed={raw}: not a date (write "
                          "surveyed=YYYY-MM-DD, e.g. surveyed=2020-09-25)") from None
    return when.isoformat()


def refs_from_text(text: str, where: str) -> list[ArxivRef]:
    """Ids or arXiv URLs, one token at a time; anything else is an error naming it."""
    refs: list[ArxivRef] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        for token in line.split("#", 1)[0].split():
            ref = _token_ref(token.strip(",;"))
            if ref is None:
                at = f"{where}:{lineno}" if where != "--source list" else where
                raise SourceError(f"{at}: '{token}' is not an arXiv id or URL "
                                  "(expected 2401.12345, 2401.12345v2, hep-ex/0406020 or "
                                  "https://arxiv.org/abs/2401.12345)")
            refs.append(ref)
    return _unique(refs)


def refs_from_html(html: str) -> list[ArxivRef]:
    """The arXiv papers a page links to, in page order, duplicates removed."""
    parser = _Links()
    parser.feed(html)
    refs = [ref for href in parser.hrefs if (m := _URL_ID_RE.search(href))
            and (ref := parse_arxiv_id(m.group(1)))]
    return _unique(refs)


def _token_ref(token: str) -> ArxivRef | None:
    token = token.removeprefix("arXiv:").removeprefix("arxiv:")
    if "/" in token and ("arxiv.org" in token or token.startswith("/")):
        match = _URL_ID_RE.search(token)
        return parse_arxiv_id(match.group(1)) if match else None
    return parse_arxiv_id(token.removesuffix(".pdf"))


def _unique(refs: list[ArxivRef]) -> list[ArxivRef]:
    seen: set[str] = set()
    out = []
    for ref in refs:
        if ref.base not in seen:
            seen.add(ref.base)
            out.append(ref)
    return out


def _looks_like_html(content: str) -> bool:
    head = content[:2000].lower()
    return "<html" in head or "<!doctype" in head or "<a " in head


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)
