"""The translation stage: fill translations.yaml as the spec asks, then pick the texts."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from deckgen.model.cost import Spent
from deckgen.model.figures import FigureEntry, shown_figures
from deckgen.model.paper import Paper
from deckgen.model.session import Session
from deckgen.model.texts import Translated, TranslationCredit
from deckgen.session.store import load_translations
from deckgen.translate.texts import glossary_warnings, pending, resolve_translations, sources

log = logging.getLogger(__name__)


def translate_session(
    session: Session, papers: Mapping[str, Paper],
    figures: Mapping[str, Sequence[FigureEntry]], env: Mapping[str, str],
    offline: bool = False, spent: Spent | None = None,
) -> tuple[dict[str, Translated], TranslationCredit, list[str]]:
    """The translation stage: fill translations.yaml as the spec asks, then pick the texts.

    With `translator: deepl`, missing and stale machine texts go to DeepL (only those),
    unless `offline`; with `translator: none`, translations.yaml is read as it is. What
    DeepL was sent and billed is added to `spent`.
    """
    entries = load_translations(session.dir)
    shown = shown_figures(session, figures)
    texts = sources(papers, shown)
    warnings: list[str] = []
    credit = TranslationCredit()
    todo = pending(texts, entries) if session.translator == "deepl" else []
    if todo and offline:
        warnings.append(f"{len(todo)} texts stay in English (offline: DeepL not asked; "
                        "build without --offline to translate them)")
    elif session.translator == "deepl":
        if not todo:
            log.info("translations.yaml holds every text the deck shows; DeepL not asked")
        from deckgen.translate.deepl import translate_pending  # the SDK pulls in requests

        run = translate_pending(session.dir, todo, entries,
                                target=session.language.upper(), glossary=session.glossary,
                                env=env)
        entries, credit, warnings = run.entries, run.credit, warnings + run.warnings
        if spent is not None:
            spent.add_requests({"DeepL": run.requests})
            spent.characters += run.characters
            spent.usage = run.usage or spent.usage
    if not credit.service and any(t.by == "deepl" for fields in entries.values()
                                  for t in fields.values()):
        credit = TranslationCredit("DeepL", credit.how_to_enable)  # translated on another run
    translations, stale = resolve_translations(papers, entries, shown)
    return translations, credit, warnings + stale + glossary_warnings(texts, entries,
                                                                      session.glossary)
