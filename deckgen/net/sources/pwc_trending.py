"""Papers with Code trending (relaunched at paperswithcode.co): `/papers/trending`, API v1."""

from __future__ import annotations

from typing import Any

from deckgen.model.ids import parse_arxiv_id
from deckgen.net.answers import json_answer
from deckgen.net.http import PoliteSession
from deckgen.net.sources.base import (
    RankedPaper,
    RankingResult,
    SourceError,
    SourceQuery,
    check_keys,
    positive_int,
)

NAME = "pwc-trending"
KEYS = ("days", "name")
EXAMPLE = "pwc-trending:days=30"
ABOUT = ("Papers with Code trending papers of the last N days (days=, 1-365, default 30), "
         "ranked by recent repository activity")


def rank(query: SourceQuery, top: int, http: PoliteSession) -> RankingResult:
    """The first `top` trending papers that have an arXiv id."""
    check_keys(query, KEYS, EXAMPLE)
    days = positive_int(query, "days", 30, 1, 365)
    url = f"{http.endpoints.pwc_api}/papers/trending"
    http.add_check(url, json_answer("Papers with Code's JSON"))
    response = http.get(url, params={"limit": min(max(top, 1), 100), "max_age_days": days})
    if response.status_code != 200:
        raise SourceError(f"{response.url}: HTTP {response.status_code}; check "
                          "DECKGEN_PWC_API_URL (default https://paperswithcode.co/api/v1)")
    data = response.json()
    rows = data.get("results") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise SourceError(f"{response.url}: expected {{count, results}}, got something else; "
                          "check DECKGEN_PWC_API_URL")
    papers: list[RankedPaper] = []
    for position, row in enumerate(r for r in rows if isinstance(r, dict)):
        ref = parse_arxiv_id(str(row.get("arxiv_id") or row.get("id") or ""))
        if ref is not None:
            papers.append(RankedPaper(ref, _title(row), _signal(row, position)))
    return RankingResult(
        name=query.params.get("name") or "Top Trending",
        source=NAME,
        query=f"days={days}",
        description=f"Papers with Code trending, last {days} days (repository activity)",
        signal_name="stars" if any(p.signal and not p.signal.startswith("#") for p in papers)
        else "rank",
        papers=tuple(papers[:top]),
    )


def _title(row: dict[str, Any]) -> str | None:
    title = row.get("title")
    return " ".join(str(title).split()) if title else None


def _signal(row: dict[str, Any], position: int) -> str:
    for key in ("stars", "github_stars", "stars_per_day"):
        if isinstance(row.get(key), (int, float)):
            return str(row[key])
    return f"#{position + 1}"
