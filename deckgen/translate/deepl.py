"""Machine translation through the official DeepL SDK: batched, saved after every batch.

The key comes from DEEPL_AUTH_KEY; the SDK sends a key ending in `:fx` to the free API and
any other to the paid one. DECKGEN_DEEPL_URL points the SDK at another server (tests use a
local one). Nothing is sent when every text already has a current translation, so a
second build costs no characters. A failure (quota, key, rate limit, server, an answer
that is not a translation of every text sent) is one warning: what was translated before
it is already on disk, and the rest stays English. The SDK's answers are read within the
limits of every other request (deckgen/net/bounded.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import deepl
import requests

from deckgen import __version__
from deckgen.limits import MAX_ANSWER_BYTES
from deckgen.model.texts import TranslationCredit
from deckgen.net.bounded import AnswerTooLarge, AnswerTooSlow, bound
from deckgen.net.http import Endpoints
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


class BadAnswer(Exception):
    """DeepL answered, but not a translation of every text sent."""


@dataclass
class DeepLRun:
    """What one translation pass did."""

    entries: dict[str, dict[str, Translation]]
    translated: int = 0
    characters: int = 0
    warnings: list[str] = field(default_factory=list)
    credit: TranslationCredit = TranslationCredit()
    requests: int = 0  # calls to DeepL's API (the SDK may retry one on its own)
    usage: tuple[int, int] | None = None  # (used, limit) this period, after translating


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
    bound_sdk(translator, Endpoints.from_env(env).deadline)

    def call(method: Callable, *args, **kwargs):  # type: ignore[no-untyped-def,type-arg]
        run.requests += 1
        return _read(method, *args, **kwargs)

    try:
        _translate(run, todo, translator, call, target, glossary, session_dir)
        try:  # what the account has left, for the build's cost line; no answer is no problem
            run.usage = _usage(call(translator.get_usage)) if run.characters else None
        except (deepl.DeepLException, BadAnswer, ValueError):
            run.usage = None
    finally:
        translator.close()
    return run


def _translate(run: DeepLRun, todo: Sequence[Source], translator: deepl.Translator,
               call: Callable, target: str, glossary: Mapping[str, str],  # type: ignore[type-arg]
               session_dir: Path) -> None:
    """The glossary, then the texts batch by batch; a failure is a warning in `run`."""
    try:
        glossary_id = _glossary_id(translator, glossary, target, call) if glossary else None
        for batch in batches(todo):
            results = call(translator.translate_text, [s.text for s in batch],
                           source_lang=SOURCE_LANG, target_lang=target, glossary=glossary_id)
            _check_answer(batch, results)  # nothing of a wrong answer is kept
            for source, result in zip(batch, results, strict=True):
                run.entries.setdefault(source.pid, {})[source.field] = Translation(
                    result.text, "deepl", text_hash(source.text), text_hash(result.text))
                run.characters += result.billed_characters
            save_translations(session_dir, run.entries)
            run.translated += len(batch)
            log.info("translated %d/%d texts (%d characters billed so far)",
                     run.translated, len(todo), run.characters)
    except (deepl.DeepLException, BadAnswer, ValueError) as exc:
        run.warnings.append(fault_message(exc, run.translated, len(todo)))


def _glossary_id(translator: deepl.Translator, glossary: Mapping[str, str], target: str,
                 call: Callable = lambda m, *a, **k: _read(m, *a, **k),  # type: ignore[type-arg]
                 ) -> str:
    """The id of a DeepL glossary holding exactly `glossary`, created once and then reused.

    Its name carries a hash of the entries, so an edited glossary gets a new one and an
    unchanged one is found again instead of piling up copies in the account.
    """
    digest = hashlib.sha256(json.dumps([target, sorted(glossary.items())],
                                       ensure_ascii=False).encode("utf-8")).hexdigest()[:12]
    name = f"deckgen {digest}"
    for info in call(translator.list_glossaries):
        if info.name == name and info.ready:
            return info.glossary_id
    info = call(translator.create_glossary, name, SOURCE_LANG, target, dict(glossary))
    log.info("created DeepL glossary %s (%d entries)", info.glossary_id, len(glossary))
    return info.glossary_id


def account_usage(env: Mapping[str, str]) -> tuple[int, int] | None:
    """(characters used this billing period, the limit) of the account DEEPL_AUTH_KEY is
    for, from DeepL's usage endpoint; None without a key or when DeepL names no limit.
    DeepL's own exceptions (key refused, no answer) reach the caller."""
    key = env.get(ENV_KEY, "").strip()
    if not key:
        return None
    translator = deepl.Translator(key, server_url=env.get(ENV_URL) or None)
    translator.set_app_info("deckgen", __version__)
    bound_sdk(translator, Endpoints.from_env(env).deadline)
    try:
        return _usage(_read(translator.get_usage))
    finally:
        translator.close()


def _usage(usage: deepl.Usage) -> tuple[int, int] | None:
    characters = usage.character
    if characters is None or not characters.valid:
        return None
    return int(characters.count), int(characters.limit)


def fault_message(exc: Exception, done: int, total: int) -> str:
    """One line: what went wrong, that the finished part is kept, and what to do."""
    kept = (f"{done} of {total} texts translated and kept in translations.yaml, "
            "the rest stays English")
    status = getattr(exc, "http_status_code", None)
    if isinstance(exc, BadAnswer):
        return (f"DeepL: {exc}; {kept} (build again; if it repeats, check {ENV_URL} "
                "if you set it, or DeepL's status)")
    if isinstance(exc.__cause__, AnswerTooLarge):
        return (f"DeepL: an answer over the {MAX_ANSWER_BYTES // 2**20} MB limit (counted "
                f"after decompression); {kept} (check the network, and {ENV_URL} if you set it)")
    if isinstance(exc.__cause__, AnswerTooSlow):
        return (f"DeepL: no complete answer within {exc.__cause__.seconds:g} s (the server "
                f"sends too slowly); {kept} (build again later, or raise DECKGEN_HTTP_DEADLINE "
                "on a slow connection)")
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


def bound_sdk(translator: deepl.Translator, deadline: float) -> bool:
    """Read the SDK's answers within MAX_ANSWER_BYTES and `deadline` seconds a request.

    The SDK sends through its own `requests` session and takes none from outside (only a
    proxy); the session is reached at `translator._client._session` (deepl 1.x). False
    when a later SDK moved it: then its answers are unbounded (tests/translate check this).
    """
    session = getattr(getattr(translator, "_client", None), "_session", None)
    if not isinstance(session, requests.Session):
        log.warning("the DeepL SDK's session was not found: its answers are read unbounded")
        return False
    bound(session, MAX_ANSWER_BYTES, deadline)
    return True


def _read(call: Callable, *args, **kwargs):  # type: ignore[no-untyped-def,type-arg]
    """An SDK call; an answer of another shape than the SDK reads (it then fails inside,
    e.g. on `null` where a number belongs) is a BadAnswer."""
    try:
        return call(*args, **kwargs)
    except (TypeError, AttributeError, KeyError, IndexError) as exc:
        raise BadAnswer(f"answered something that is not DeepL's JSON ({type(exc).__name__}: "
                        f"{_one_line(exc, 80)})") from None


def _check_answer(batch: Sequence[Source], results: object) -> None:
    """One translation, a string, for every text sent, or BadAnswer saying what is wrong."""
    if not isinstance(results, list):
        raise BadAnswer(f"answered {type(results).__name__} where a list of translations "
                        "was expected")
    if len(results) != len(batch):
        hint = (" (an empty or non-JSON answer: a captive portal or proxy?)" if not results
                else "")
        plural = "" if len(results) == 1 else "s"
        raise BadAnswer(f"answered {len(results)} translation{plural} for {len(batch)} "
                        f"texts{hint}")
    for number, (source, result) in enumerate(zip(batch, results, strict=True), 1):
        if not isinstance(getattr(result, "text", None), str):
            raise BadAnswer(f"answered no text (null) for text {number} of {len(batch)} "
                            f"({source.pid} {source.field})")


def _one_line(exc: Exception, limit: int = 160) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
