"""Hugging Face Daily Papers: `/api/daily_papers` items, ranked by `paper.upvotes`."""

from __future__ import annotations

from typing import Any

from ..papers import Paper


def rank_items(items: list[dict[str, Any]], top: int) -> list[dict[str, Any]]:
    """The `top` items by upvotes, highest first; ties keep the response's order."""
    order = sorted(enumerate(items), key=lambda pair: (-_upvotes(pair[1]), pair[0]))
    return [item for _, item in order[:top]]


def paper_from_item(item: dict[str, Any]) -> Paper:
    """Metadata from one Daily Papers item (the response carries no arXiv version)."""
    paper = item["paper"]
    org = paper.get("organization") or item.get("organization") or {}
    affiliation = org.get("fullname") or org.get("name")
    return Paper(
        id=paper["id"],
        title=" ".join(paper["title"].split()),
        abstract=" ".join(paper.get("summary", "").split()),
        authors=tuple(a["name"] for a in paper.get("authors", []) if not a.get("hidden")),
        affiliations=(affiliation,) if affiliation else (),
        published=paper.get("publishedAt"),
        origin="hf-daily",
    )


def _upvotes(item: dict[str, Any]) -> int:
    return int(item.get("paper", {}).get("upvotes") or 0)
