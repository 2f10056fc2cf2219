"""What every ranking source shares: the query syntax, the result records, the protocol."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from deckgen.errors import DeckgenError
from deckgen.model.ids import ArxivRef
from deckgen.net.http import PoliteSession


class SourceError(DeckgenError):
    """A `--source` option or a source's answer that cannot be used."""


@dataclass(frozen=True)
class SourceQuery:
    """`NAME[:KEY=VALUE[,KEY=VALUE…]]` parsed; `text` is the part after the colon."""

    name: str
    params: Mapping[str, str] = field(default_factory=dict)
    text: str = ""

    def __str__(self) -> str:
        return f"{self.name}:{self.text}" if self.text else self.name


@dataclass(frozen=True)
class RankedPaper:
    """One paper of a ranking, in rank order; `signal` is what it was ranked by."""

    ref: ArxivRef
    title: str | None = None
    signal: str | None = None
    org: str | None = None  # the authors' organisation when the source names it


@dataclass(frozen=True)
class RankingResult:
    """A ranking as taken now: default name, canonical query, meaning, papers."""

    name: str
    source: str
    query: str
    description: str
    signal_name: str
    papers: tuple[RankedPaper, ...]
    surveyed_at: str | None = None  # when the ranking was taken, if not now (ISO 8601)


class Source(Protocol):
    """A ranking source module's interface."""

    NAME: str
    KEYS: tuple[str, ...]
    EXAMPLE: str
    ABOUT: str

    def rank(self, query: SourceQuery, top: int, http: PoliteSession) -> RankingResult: ...


_NAME_RE = re.compile(r"^[a-z][a-z0-9-]*$")
# settings a source in `raw_names` takes after its text, as `list:papers.txt,name=Top Recent`
RAW_KEYS = ("name", "surveyed")
_RAW_KEY_RE = re.compile(rf"^\s*({'|'.join(RAW_KEYS)})\s*=(.*)$", re.IGNORECASE)


def parse_source_option(option: str, *, raw_names: tuple[str, ...] = ("list",)) -> SourceQuery:
    """Split `hf-daily:month=2026-10,top=5` into name and params.

    Sources in `raw_names` take the text after the colon as one value (a file, URL or ids),
    less the comma-separated `name=` and `surveyed=` settings in it, which become params.
    """
    name, _, rest = option.strip().partition(":")
    name = name.strip().lower()
    if not _NAME_RE.match(name):
        raise SourceError(f"--source {option!r}: expected NAME[:KEY=VALUE,...], "
                          "e.g. hf-daily:month=2026-10 (`deckgen new --help` lists the sources)")
    if name in raw_names:
        raw: dict[str, str] = {}
        kept = []
        for part in rest.split(","):
            if match := _RAW_KEY_RE.match(part):
                key, value = match.group(1).lower(), match.group(2).strip()
                if not value:
                    raise SourceError(f"--source {option!r}: {key}= needs a value "
                                      f"(e.g. {name}:papers.txt,name=Top Recent)")
                raw[key] = value
            else:
                kept.append(part)
        return SourceQuery(name, raw, ",".join(kept).strip().strip(",").strip())
    params: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in rest.split(","))):
        key, eq, value = part.partition("=")
        if not eq or not key.strip() or not value.strip():
            raise SourceError(f"--source {option!r}: '{part}' is not KEY=VALUE "
                              f"(e.g. {name}:month=2026-10)")
        params[key.strip().lower()] = value.strip()
    text = ",".join(f"{k}={v}" for k, v in params.items())
    return SourceQuery(name, params, text)


def check_keys(query: SourceQuery, allowed: tuple[str, ...], example: str) -> None:
    """Refuse keys a source does not know, naming the ones it does."""
    unknown = [k for k in query.params if k not in allowed]
    if unknown:
        known = ", ".join(allowed) or "none"
        raise SourceError(f"--source {query}: unknown key '{unknown[0]}' for {query.name} "
                          f"(known: {known}; e.g. {example})")


def positive_int(query: SourceQuery, key: str, default: int, low: int, high: int) -> int:
    """An integer parameter within [low, high]."""
    raw = query.params.get(key)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise SourceError(f"--source {query}: {key}={raw} must be a whole number "
                          f"from {low} to {high}")
    return int(raw)
