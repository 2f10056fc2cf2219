"""Hugging Face Daily Papers (`/api/daily_papers`): a day, an ISO week or a month, by upvotes.

`hf-daily:month=2026-10` reads every page of the month and ranks by `paper.upvotes`;
`hf-trending` is the site's own trending order.
"""

from __future__ import annotations

import re
from typing import Any

import requests

from deckgen.limits import MAX_HF_PAGES
from deckgen.model.ids import parse_arxiv_id
from deckgen.net.answers import json_answer
from deckgen.net.http import PoliteSession
from deckgen.net.sources.base import (
    RankedPaper,
    RankingResult,
    SourceError,
    SourceQuery,
    check_keys,
)

NAME = "hf-daily"
KEYS = ("date", "week", "month", "name")
EXAMPLE = "hf-daily:month=2026-10"
ABOUT = ("Hugging Face Daily Papers of a day, ISO week or month (date=, week=, month=), "
         "ranked by upvotes")
PAGE_LIMIT = 100
_FORMATS = {"date": r"\d{4}-\d{2}-\d{2}", "week": r"\d{4}-W\d{2}", "month": r"\d{4}-\d{2}"}
_LABELS = {"date": "YYYY-MM-DD", "week": "YYYY-Www", "month": "YYYY-MM"}


def rank(query: SourceQuery, top: int, http: PoliteSession) -> RankingResult:
    """The `top` papers of the period by upvotes, highest first (ties keep the site's order)."""
    check_keys(query, KEYS, EXAMPLE)
    periods = {k: v for k, v in query.params.items() if k in _FORMATS}
    if len(periods) != 1:
        raise SourceError(f"--source {query}: give exactly one of date=YYYY-MM-DD, "
                          "week=YYYY-Www or month=YYYY-MM (e.g. hf-daily:month=2026-10)")
    (key, value), = periods.items()
    if not re.fullmatch(_FORMATS[key], value):
        raise SourceError(f"--source {query}: {key}={value} is not {_LABELS[key]}")
    items = _all_pages(http, {key: value})
    ranked = rank_items(items, top)
    return RankingResult(
        name=query.params.get("name") or "Top Upvoted",
        source=NAME,
        query=f"{key}={value}",
        description=f"Hugging Face Daily Papers ({key} {value}), by upvotes",
        signal_name="upvotes",
        papers=tuple(p for item in ranked if (p := ranked_paper(item))),
    )


def daily_papers_url(http: PoliteSession) -> str:
    """The endpoint, honouring HF_ENDPOINT; registers the JSON check once."""
    url = f"{http.endpoints.hf}/api/daily_papers"
    http.add_check(url, json_answer("Hugging Face's Daily Papers JSON"))
    return url


def _all_pages(http: PoliteSession, params: dict[str, str]) -> list[dict[str, Any]]:
    """Every item of every page (pages until one is empty or brings nothing new)."""
    url = daily_papers_url(http)
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for page in range(MAX_HF_PAGES):
        response = http.get(url, params={**params, "p": page, "limit": PAGE_LIMIT})
        batch = page_items(response)
        new = [i for i in batch if _paper_id(i) not in seen]
        if not new:
            break
        seen.update(_paper_id(i) for i in new)
        items.extend(new)
    return items


def page_items(response: requests.Response) -> list[dict[str, Any]]:
    """The papers of one Daily Papers page; a non-200 answer or another shape is an error."""
    if response.status_code != 200:
        raise SourceError(f"{response.url}: HTTP {response.status_code} "
                          f"({response.text[:120].strip()}); check the query and HF_TOKEN")
    data = response.json()
    if not isinstance(data, list):
        raise SourceError(f"{response.url}: expected a list of papers, got "
                          f"{type(data).__name__}; is HF_ENDPOINT right?")
    return [i for i in data if isinstance(i, dict) and isinstance(i.get("paper"), dict)]


def _paper_id(item: dict[str, Any]) -> str:
    return str(item["paper"].get("id"))


def rank_items(items: list[dict[str, Any]], top: int) -> list[dict[str, Any]]:
    """The `top` items by upvotes, highest first; ties keep the response's order."""
    order = sorted(enumerate(items), key=lambda pair: (-_upvotes(pair[1]), pair[0]))
    return [item for _, item in order[:top]]


def ranked_paper(item: dict[str, Any], signal: bool = True) -> RankedPaper | None:
    """A ranking row from one item; None when its id is not an arXiv id."""
    paper = item["paper"]
    ref = parse_arxiv_id(str(paper.get("id", "")))
    if ref is None:
        return None
    return RankedPaper(ref, " ".join(str(paper.get("title", "")).split()) or None,
                       str(_upvotes(item)) if signal else None, _org(item))


def _org(item: dict[str, Any]) -> str | None:
    org = item["paper"].get("organization") or item.get("organization") or {}
    if not isinstance(org, dict):
        return None
    return org.get("fullname") or org.get("name") or None


def _upvotes(item: dict[str, Any]) -> int:
    try:
        return int(item.get("paper", {}).get("upvotes") or 0)
    except (TypeError, ValueError):
        return 0
