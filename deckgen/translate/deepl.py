"""Machine translation through the official DeepL SDK: batched, saved after every batch.

The key comes from DEEPL_AUTH_KEY; the SDK sends a key ending in `:fx` to the free API and
any other to the paid one. DECKGEN_DEEPL_URL points the SDK at another server (tests use a
local one). Nothing is sent when every text already has a current translation, so a
second build costs no characters. A failure (quota, key, rate limit, server) is one
warning: what was translated before it is already on disk, and the rest stays English.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import deepl

from deckgen import __version__
from deckgen.model.texts import TranslationCredit
from deckgen.session.store import Translation, save_translations, text_hash
from deckgen.translate.texts import Source

log = logging.getLogger(__name__)

ENV_KEY = "DEEPL_AUTH_KEY"
ENV_URL = "DECKGEN_DEEPL_URL"
# DeepL takes up to 50 texts per request and a 128 KiB body; stay well inside both
MAX_TEXTS = 50
MAX_CHARS = 30_000
SOURCE_LANG = "EN"
ENABLE_HINT = (f"set {ENV_KEY} to your DeepL API key, free at https://www.deepl.com/pro-api, "
               "and build again")


@dataclass
class DeepLRun:
    """What one translation pass did."""

    entries: dict[str, dict[str, Translation]]
    translated: int = 0
    characters: int = 0
    warnings: list[str] = field(default_factory=list)
    credit: TranslationCredit = TranslationCredit()


def service_name(key: str) -> str:
    """How the credits slide names the service: the free API or the paid one."""
    return "DeepL (無料版)" if key.endswith(":fx") else "DeepL API"


def batches(texts: Sequence[Source]) -> Iterator[list[Source]]:
    """Consecutive groups of at most MAX_TEXTS texts and about MAX_CHARS characters."""
    batch: list[Source] = []
    size = 0
    for source in texts:
        if batch and (len(batch) == MAX_TEXTS or size + len(source.text) > MAX_CHARS):
            yield batch
            batch, size = [], 0
        batch.append(source)
        size += len(source.text)
    if batch:
        yield batch


def translate_pending(session_dir: Path, todo: Sequence[Source],
                      entries: Mapping[str, Mapping[str, Translation]], *, target: str,
                      glossary: Mapping[str, str], env: Mapping[str, str]) -> DeepLRun:
    """Translate `todo` into `target`, saving translations.yaml after each batch."""
    run = DeepLRun({pid: dict(fields) for pid, fields in entries.items()})
    key = env.get(ENV_KEY, "").strip()
    if not key:
        untranslated = len(todo)
        if untranslated:
            run.warnings.append(f"translator: deepl, but {ENV_KEY} is not set: {untranslated} "
                                f"texts stay English ({ENABLE_HINT})")
        run.credit = TranslationCredit(
            how_to_enable=f"翻訳するには {ENV_KEY} に DeepL API キーを設定して再ビルド"
            if untranslated else None)
        return run
    run.credit = TranslationCredit(service=service_name(key))
    if not todo:
        return run  # nothing to send: not even a connection is opened
    translator = deepl.Translator(key, server_url=env.get(ENV_URL) or None)
    translator.set_app_info("deckgen", __version__)
    try:
        glossary_id = _glossary_id(translator, glossary, target) if glossary else None
        for batch in batches(todo):
            results = translator.translate_text(
                [s.text for s in batch], source_lang=SOURCE_LANG, target_lang=target,
                glossary=glossary_id)
            assert isinstance(results, list)  # a list in, a list out
            for source, result in zip(batch, results, strict=True):
                run.entries.setdefault(source.pid, {})[source.field] = Translation(
                    result.text, "deepl", text_hash(source.text), text_hash(result.text))
                run.characters += result.billed_characters
            save_translations(session_dir, run.entries)
            run.translated += len(batch)
            log.info("translated %d/%d texts (%d characters billed so far)",
                     run.translated, len(todo), run.characters)
    except (deepl.DeepLException, ValueError) as exc:
        run.warnings.append(fault_message(exc, run.translated, len(todo)))
    finally:
        translator.close()
    return run


def _glossary_id(translator: deepl.Translator, glossary: Mapping[str, str], target: str) -> str:
    """The id of a DeepL glossary holding exactly `glossary`, created once and then reused.

    Its name carries a hash of the entries, so an edited glossary gets a new one and an
    unchanged one is found again instead of piling up copies in the account.
    """
    digest = hashlib.sha256(json.dumps([target, sorted(glossary.items())],
                                       ensure_ascii=False).encode("utf-8")).hexdigest()[:12]
    name = f"deckgen {digest}"
    for info in translator.list_glossaries():
        if info.name == name and info.ready:
            return info.glossary_id
    info = translator.create_glossary(name, SOURCE_LANG, target, dict(glossary))
    log.info("created DeepL glossary %s (%d entries)", info.glossary_id, len(glossary))
    return info.glossary_id


def fault_message(exc: Exception, done: int, total: int) -> str:
    """One line: what went wrong, that the finished part is kept, and what to do."""
    kept = (f"{done} of {total} texts translated and kept in translations.yaml, "
            "the rest stays English")
    status = getattr(exc, "http_status_code", None)
    if isinstance(exc, deepl.QuotaExceededException):
        return (f"DeepL: character quota for this period used up (HTTP 456); {kept} "
                "(build again when the quota renews, or raise it at https://www.deepl.com/account)")
    if isinstance(exc, deepl.AuthorizationException):
        return (f"DeepL: the key in {ENV_KEY} was refused (HTTP 403); {kept} "
                "(check the key at https://www.deepl.com/account/keys)")
    if isinstance(exc, deepl.TooManyRequestsException):
        return (f"DeepL: too many requests (HTTP 429), still after retrying; {kept} "
                "(build again in a few minutes)")
    if status is not None and status >= 500:
        return f"DeepL: server error (HTTP {status}); {kept} (build again later)"
    if isinstance(exc, deepl.ConnectionException):
        return f"DeepL: cannot connect ({_one_line(exc)}); {kept} (check the network)"
    where = f" (HTTP {status})" if status else ""
    return f"DeepL: request failed{where}: {_one_line(exc)}; {kept}"


def _one_line(exc: Exception, limit: int = 160) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
