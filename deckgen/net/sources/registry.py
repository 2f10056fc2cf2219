"""The registry of ranking sources, by the name used in `--source NAME:…`."""

from __future__ import annotations

import difflib
from types import ModuleType

from deckgen.net.http import PoliteSession
from deckgen.net.sources import (
    arxiv_listing,
    arxiv_search,
    explicit_list,
    hf_daily,
    hf_trending,
    pwc_trending,
)
from deckgen.net.sources.base import RankingResult, SourceError, SourceQuery

SOURCES: dict[str, ModuleType] = {
    m.NAME: m for m in (hf_daily, hf_trending, pwc_trending, arxiv_search, arxiv_listing,
                        explicit_list)
}


def get_source(name: str) -> ModuleType:
    """The source module called `name`, or an error naming the known ones."""
    try:
        return SOURCES[name]
    except KeyError:
        close = difflib.get_close_matches(name, list(SOURCES), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise SourceError(f"--source {name}: unknown source ({hint}known: "
                          f"{', '.join(SOURCES)})") from None


def rank(query: SourceQuery, top: int, http: PoliteSession) -> RankingResult:
    """Take the ranking `query` describes, now."""
    if top < 1:
        raise SourceError(f"--top {top}: must be 1 or more")
    return get_source(query.name).rank(query, top, http)
