"""Hugging Face trending papers: `/api/daily_papers?sort=trending`, in the site's order."""

from __future__ import annotations

from deckgen.net.http import PoliteSession
from deckgen.net.sources.base import RankingResult, SourceQuery, check_keys
from deckgen.net.sources.hf_daily import daily_papers_url, page_items, ranked_paper

NAME = "hf-trending"
KEYS = ("name",)
EXAMPLE = "hf-trending"
ABOUT = "Hugging Face trending papers right now, in the site's trending order"


def rank(query: SourceQuery, top: int, http: PoliteSession) -> RankingResult:
    """The first `top` trending papers (signal: their upvotes)."""
    check_keys(query, KEYS, EXAMPLE)
    response = http.get(daily_papers_url(http), params={"sort": "trending", "limit": top})
    papers = [p for item in page_items(response) if (p := ranked_paper(item))]
    return RankingResult(
        name=query.params.get("name") or "Trending",
        source=NAME,
        query="sort=trending",
        description="Hugging Face trending papers (the site's order)",
        signal_name="upvotes",
        papers=tuple(papers[:top]),
    )
