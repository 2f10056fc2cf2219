"""Japanese texts for titles, abstracts and figure captions: which translation the deck uses.

The English texts the deck shows are listed as `Source`s (titles first, then abstracts, then
captions, so a quota that runs out mid-way leaves the most visible texts translated).
`pending()` picks those a machine translator should (re)do; DeepL itself is in
`translate.deepl` and the stage that joins the two in `translate.stage`.
A presenter's text (`by: hand`) always wins; a machine text whose English source changed
is not used (the English is shown instead) until it is translated again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from deckgen.model.figures import FigureEntry
from deckgen.model.paper import Paper
from deckgen.model.texts import Translated
from deckgen.session.store import (
    Translation,
    figure_field,
    text_hash,
)


@dataclass(frozen=True)
class Source:
    """One English text the deck shows: paper id, translations.yaml field and the text."""

    pid: str
    field: str
    text: str


def sources(papers: Mapping[str, Paper],
            figures: Mapping[str, Sequence[FigureEntry]] | None = None) -> list[Source]:
    """Every English text to show, most visible first: titles, abstracts, figure captions."""
    out = [Source(pid, "title", p.title) for pid, p in papers.items() if p.title.strip()]
    out += [Source(pid, "abstract", p.abstract) for pid, p in papers.items()
            if p.abstract.strip()]
    for pid, entries in (figures or {}).items():
        if pid in papers:
            out += [Source(pid, figure_field(f.number), f.caption) for f in entries
                    if f.caption.strip()]
    return out


def pending(texts: Sequence[Source],
            entries: Mapping[str, Mapping[str, Translation]]) -> list[Source]:
    """The texts a machine translator should do: missing, empty, or machine-made but stale."""
    out = []
    for source in texts:
        entry = entries.get(source.pid, {}).get(source.field)
        if entry is None or not entry.text.strip():
            out.append(source)
        elif entry.by != "hand" and entry.source_hash != text_hash(source.text):
            out.append(source)
    return out


def resolve_translations(
    papers: Mapping[str, Paper], entries: Mapping[str, Mapping[str, Translation]],
    figures: Mapping[str, Sequence[FigureEntry]] | None = None,
) -> tuple[dict[str, Translated], list[str]]:
    """Pick the usable translation of each shown text; warn on stale ones."""
    found: dict[str, dict[str, Translation]] = {pid: {} for pid in papers}
    warnings: list[str] = []
    for source in sources(papers, figures):
        entry = entries.get(source.pid, {}).get(source.field)
        if entry is None or not entry.text.strip():
            continue
        where = f"translations.yaml: {source.pid}.{source.field}"
        stale = entry.source_hash is not None and entry.source_hash != text_hash(source.text)
        if stale and entry.by != "hand":
            warnings.append(f"{where}: the English changed since it was translated; "
                            "showing the English (translate it again)")
            continue
        if stale:
            warnings.append(f"{where}: hand translation kept, but the English changed "
                            f"(update it and its source_hash: {text_hash(source.text)})")
        found[source.pid][source.field] = entry
    out: dict[str, Translated] = {}
    for pid, fields in found.items():
        captions = {int(key.split("-")[1]): t.text.strip() for key, t in fields.items()
                    if key.startswith("figure-")}
        out[pid] = Translated(
            title=fields["title"].text.strip() if "title" in fields else None,
            abstract=fields["abstract"].text.strip() if "abstract" in fields else None,
            by=frozenset(t.by for t in fields.values()),
            captions=captions,
        )
    return out, warnings


def glossary_warnings(texts: Sequence[Source], entries: Mapping[str, Mapping[str, Translation]],
                      glossary: Mapping[str, str]) -> list[str]:
    """Translations that do not render a glossary term its fixed way (hand ones included)."""
    warnings: list[str] = []
    for source in texts:
        entry = entries.get(source.pid, {}).get(source.field)
        if entry is None or not entry.text.strip():
            continue
        for term, fixed in glossary.items():
            used = re.search(rf"(?<!\w){re.escape(term)}(?!\w)", source.text)
            if used and fixed not in entry.text:
                warnings.append(f"translations.yaml: {source.pid}.{source.field}: glossary term "
                                f"'{term}' is not written '{fixed}' (correct the text, or delete "
                                "the entry to translate it again)")
    return warnings
