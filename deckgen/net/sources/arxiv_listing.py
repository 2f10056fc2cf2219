"""arXiv listing feeds (rss.arxiv.org, RSS 2.0 or Atom): today's announcements, feed order.

An empty feed (weekends and holidays) is a valid, empty ranking.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from deckgen.model.ids import ArxivRef, parse_arxiv_id
from deckgen.net.answers import listing_feed
from deckgen.net.http import PoliteSession
from deckgen.net.sources.base import (
    RankedPaper,
    RankingResult,
    SourceError,
    SourceQuery,
    check_keys,
)

NAME = "arxiv-listing"
KEYS = ("cats", "types", "format", "name")
EXAMPLE = "arxiv-listing:cats=cs.LG+cs.AI"
ABOUT = ("today's arXiv announcements in the listing feed of cats= (e.g. cs.LG+cs.AI), "
         "in feed order; types= new,cross,replace (default new,cross)")
_NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_CATS_RE = re.compile(r"^[a-z-]+(\.[A-Za-z-]+)?(\+[a-z-]+(\.[A-Za-z-]+)?)*$")
_TYPES = ("new", "cross", "replace", "replace-cross")
_ANNOUNCE_RE = re.compile(r"Announce Type:\s*([\w-]+)")


def rank(query: SourceQuery, top: int, http: PoliteSession) -> RankingResult:
    """The first `top` announced papers of the wanted announcement types."""
    check_keys(query, KEYS, EXAMPLE)
    cats = query.params.get("cats", "").replace(" ", "+")
    if not _CATS_RE.match(cats):
        raise SourceError(f"--source {query}: cats= must be categories joined by + "
                          "(e.g. arxiv-listing:cats=cs.LG+cs.AI)")
    types = tuple(t for t in re.split(r"[+ ;/]", query.params.get("types", "new+cross")) if t)
    if bad := [t for t in types if t not in _TYPES]:
        raise SourceError(f"--source {query}: types={bad[0]} is not one of {', '.join(_TYPES)}")
    kind = query.params.get("format", "rss")
    if kind not in ("rss", "atom"):
        raise SourceError(f"--source {query}: format={kind} must be rss or atom")
    url = f"{http.endpoints.arxiv_rss}/{kind}/{cats}"
    http.add_check(url, listing_feed)
    response = http.get(url)
    if response.status_code != 200:
        raise SourceError(f"{url}: HTTP {response.status_code}; check the categories "
                          "(https://arxiv.org/category_taxonomy)")
    entries = parse_feed(response.content)
    papers = [p for p, kind_ in entries if kind_ in types or kind_ is None]
    return RankingResult(
        name=query.params.get("name") or f"New in {cats}",
        source=NAME,
        query=f"cats={cats}" + (f",types={'+'.join(types)}" if "types" in query.params else ""),
        description=f"arXiv listing feed {cats} ({', '.join(types)}), feed order",
        signal_name="announce type",
        papers=tuple(papers[:top]),
    )


def parse_feed(content: bytes) -> list[tuple[RankedPaper, str | None]]:
    """Every item of an RSS 2.0 or Atom listing, with its announce type."""
    root = ET.fromstring(content)
    out: list[tuple[RankedPaper, str | None]] = []
    seen: set[str] = set()
    if root.tag == "rss":
        items = [(i.findtext("link"), i.findtext("title"), i.findtext("arxiv:announce_type", None,
                                                                    _NS), i.findtext("description"))
                 for i in root.iter("item")]
    else:
        items = []
        for e in root.iter(f"{{{_NS['atom']}}}entry"):
            link = e.find("atom:link", _NS)
            items.append((e.findtext("atom:id", None, _NS) or (link.get("href") if link is not None
                                                               else None),
                          e.findtext("atom:title", None, _NS),
                          e.findtext("arxiv:announce_type", None, _NS),
                          e.findtext("atom:summary", None, _NS)))
    for link, title, announce, text in items:
        ref = _ref(link or "")
        if ref is None or ref.base in seen:
            continue
        seen.add(ref.base)
        if announce is None and text and (m := _ANNOUNCE_RE.search(text)):
            announce = m.group(1)
        title = " ".join((title or "").split()) or None
        out.append((RankedPaper(ArxivRef(ref.base), title, announce), announce))
    return out


def _ref(link: str) -> ArxivRef | None:
    tail = link.rsplit("oai:arXiv.org:", 1)[-1] if "oai:arXiv.org:" in link else link
    tail = re.sub(r"^.*arxiv\.org/(abs|pdf)/", "", tail)
    return parse_arxiv_id(tail)

