"""The Japanese texts a deck shows, as the translate stage hands them to the planner."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Translated:
    """The texts the deck shows for one paper; None (or no caption) where the English stays."""

    title: str | None = None
    abstract: str | None = None
    by: frozenset[str] = frozenset()
    captions: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TranslationCredit:
    """What the credits slide says about translation."""

    service: str | None = None  # e.g. "DeepL (無料版)"; None when nothing was machine-translated
    how_to_enable: str | None = None  # a line for the closing slide when translation was off
