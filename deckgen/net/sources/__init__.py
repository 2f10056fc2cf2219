"""Ranking sources: one module per service behind one registry.

A source turns a query (`hf-daily:month=2026-10`) into papers in rank order. Rankings are
taken only by `deckgen new` and `deckgen rank`, then frozen into session.yaml.
"""

from __future__ import annotations

from deckgen.net.sources.base import (
    RankedPaper,
    RankingResult,
    Source,
    SourceQuery,
    parse_source_option,
)
from deckgen.net.sources.registry import SOURCES, get_source, rank

__all__ = [
    "SOURCES", "RankedPaper", "RankingResult", "Source", "SourceQuery", "get_source",
    "parse_source_option", "rank",
]
