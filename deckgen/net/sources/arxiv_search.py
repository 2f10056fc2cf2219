"""arXiv API search, newest first: `arxiv:cat=cs.LG` or `arxiv:q=all:transformer`."""

from __future__ import annotations

import re

from deckgen.model.ids import ArxivRef, parse_arxiv_id
from deckgen.net import arxiv as arxiv_api
from deckgen.net.http import PoliteSession
from deckgen.net.sources.base import (
    RankedPaper,
    RankingResult,
    SourceError,
    SourceQuery,
    check_keys,
)

NAME = "arxiv"
KEYS = ("cat", "q", "name")
EXAMPLE = "arxiv:cat=cs.LG"
ABOUT = ("arXiv API search, newest submissions first (cat=cs.LG, or q= any arXiv query); "
         "no popularity signal")
_CAT_RE = re.compile(r"^[a-z-]+(\.[A-Za-z-]+)?$")


def rank(query: SourceQuery, top: int, http: PoliteSession) -> RankingResult:
    """The `top` newest papers matching the query (signal: submission date)."""
    check_keys(query, KEYS, EXAMPLE)
    cat, q = query.params.get("cat"), query.params.get("q")
    if bool(cat) == bool(q):
        raise SourceError(f"--source {query}: give cat= or q= (e.g. arxiv:cat=cs.LG)")
    if cat:
        cats = [c for c in re.split(r"[+ ]", cat) if c]
        bad = [c for c in cats if not _CAT_RE.match(c)]
        if bad:
            raise SourceError(f"--source {query}: '{bad[0]}' is not an arXiv category "
                              "(e.g. cs.LG, stat.ML)")
        search = " OR ".join(f"cat:{c}" for c in cats)
    else:
        search = q or ""
    papers: list[RankedPaper] = []
    for result in arxiv_api.search(search, top, http):
        ref = parse_arxiv_id(result.get_short_id())
        if ref is not None:
            date = result.published.date().isoformat() if result.published else None
            # a ranking names papers; the lock pins the version when they are fetched
            papers.append(RankedPaper(ArxivRef(ref.base), " ".join(result.title.split()), date))
    return RankingResult(
        name=query.params.get("name") or (f"Newest {cat}" if cat else "arXiv search"),
        source=NAME,
        query=f"cat={cat}" if cat else f"q={q}",
        description=f"arXiv search `{search}`, newest first",
        signal_name="submitted",
        papers=tuple(papers[:top]),
    )
