"""Japanese texts for titles and abstracts: which translation the deck uses.

This issue's scope is reading translations.yaml; the DeepL translator plugs in here.
A presenter's text (`by: hand`) always wins; a machine text whose English source changed
is not used (the English is shown instead) until it is translated again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .papers import Paper
from .store import Translation, text_hash


@dataclass(frozen=True)
class Translated:
    """The texts the deck shows for one paper; None where the English stays."""

    title: str | None = None
    abstract: str | None = None
    by: frozenset[str] = frozenset()


def resolve_translations(
    papers: Mapping[str, Paper], entries: Mapping[str, Mapping[str, Translation]]
) -> tuple[dict[str, Translated], list[str]]:
    """Pick the usable translation of each paper's title and abstract; warn on stale ones."""
    out: dict[str, Translated] = {}
    warnings: list[str] = []
    for pid, paper in papers.items():
        texts: dict[str, str | None] = {"title": None, "abstract": None}
        by: set[str] = set()
        for key, source in (("title", paper.title), ("abstract", paper.abstract)):
            entry = entries.get(pid, {}).get(key)
            if entry is None or not entry.text.strip():
                continue
            stale = entry.source_hash is not None and entry.source_hash != text_hash(source)
            if stale and entry.by != "hand":
                warnings.append(f"translations.yaml: {pid}.{key}: the English changed since it "
                                "was translated; showing the English (translate it again)")
                continue
            if stale:
                warnings.append(f"translations.yaml: {pid}.{key}: hand translation kept, but the "
                                f"English changed (update it and its source_hash: "
                                f"{text_hash(source)})")
            texts[key] = entry.text.strip()
            by.add(entry.by)
        out[pid] = Translated(texts["title"], texts["abstract"], frozenset(by))
    return out, warnings
