"""deckgen: slide decks for paper reading groups, from arXiv rankings to pptx and pdf."""

from __future__ import annotations

__version__ = "0.1.0"
