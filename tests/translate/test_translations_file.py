"""translations.yaml is the presenter's file: deckgen writes into it and keeps what they wrote.

Comments, key order, quoting and indentation survive byte for byte; deckgen's new texts are
appended in its own order, long ones as literal block scalars (`|-`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from deckgen.session import store
from deckgen.session.store import Translation, load_translations, save_translations, text_hash
from deckgen.translate.deepl import translate_pending
from deckgen.translate.texts import Source
from tests.deepl_server import PREFIX, DeepLServer, FakeDeepL

KEY = "0123abcd-test-key:fx"
TITLE = "EvoArena: Tracking Memory Evolution"
ABSTRACT_2 = ("Large language model agents forget what they learned when the environment "
              "shifts; we measure how their memories evolve across tasks.")
CAPTION = ("Figure 2: Overview of the method. Agents write memories, a judge scores them, "
           "and the arena changes the rules every ten episodes.")
HEADER = ("# Japanese titles, abstracts and figure captions. Correct any text (and set\n"
          "# `by: hand` if you like): deckgen never overwrites an entry written by hand.\n")
NEW_TITLE = "Tiny Title"
NEW_ABSTRACT = ("We study tiny models and find that they are surprisingly good at reading "
                "group slides when given enough context.")


@pytest.fixture
def deepl_server() -> Iterator[FakeDeepL]:
    server = DeepLServer(KEY)
    yield server.state
    server.close()


def machine(english: str) -> str:
    return PREFIX + english.upper()


def by_deepl(text: str, english: str) -> Translation:
    """A machine translation as DeepL's run stores it."""
    return Translation(text, "deepl", text_hash(english), text_hash(text))


def row(english: str, block: bool = True) -> str:
    """What deckgen appends for one machine translation of `english` (a long one: block)."""
    text = machine(english)
    shown = f"|-\n      {text}" if block else text
    inner = "    "
    return (f"{inner}text: {shown}\n{inner}by: deepl\n{inner}source_hash: {text_hash(english)}\n"
            f"{inner}machine_hash: {text_hash(text)}\n")


PRESENTER_FILE = f"""\
# 読み会 2026-06 の訳。用語は研究室の表記に合わせること。
# deckgen が足した訳は下に追記される

"2606.13681":   # 発表順: これを最初に
  abstract:
    text: 手で直した要約です。   # 佐藤さん確認済み
    by: hand
  title:
    text: 'EvoArena: 動的環境における記憶進化の追跡'
    by: deepl
    source_hash: {text_hash(TITLE)}
    machine_hash: {text_hash('EvoArena: 動的環境における記憶進化の追跡')}

# 二本目は用語に注意
2606.08060:
  title: 自分で訳したタイトル  # plain string: mine
# 最後のメモ: 消さないこと
"""


def test_a_deepl_run_keeps_comments_and_order_and_appends_new_texts_as_blocks(
        tmp_path: Path, deepl_server: FakeDeepL) -> None:
    (tmp_path / "translations.yaml").write_text(PRESENTER_FILE, encoding="utf-8")
    before = load_translations(tmp_path)
    todo = [Source("2606.00001", "title", NEW_TITLE),
            Source("2606.08060", "abstract", ABSTRACT_2),
            Source("2606.00001", "abstract", NEW_ABSTRACT),
            Source("2606.13681", "figure-2", CAPTION)]
    run = translate_pending(tmp_path, todo, before, target="JA", glossary={},
                            env={"DEEPL_AUTH_KEY": KEY, "DECKGEN_DEEPL_URL": deepl_server.url})
    assert run.warnings == [] and run.translated == 4

    first, rest = PRESENTER_FILE.split("\n\n# 二本目は用語に注意\n")
    second, end = rest.split("# 最後のメモ: 消さないこと\n")
    expected = (first + "\n  figure-2:\n" + row(CAPTION)
                + "\n# 二本目は用語に注意\n" + second + "  abstract:\n" + row(ABSTRACT_2)
                + '"2606.00001":\n  title:\n' + row(NEW_TITLE, block=False) + "  abstract:\n"
                + row(NEW_ABSTRACT) + "# 最後のメモ: 消さないこと\n" + end)
    assert (tmp_path / "translations.yaml").read_text(encoding="utf-8") == expected
    after = load_translations(tmp_path)
    assert after == run.entries
    for pid, fields in before.items():
        for name, translation in fields.items():
            assert after[pid][name] == translation


def test_a_stale_machine_text_is_replaced_where_it_stands(tmp_path: Path,
                                                          deepl_server: FakeDeepL) -> None:
    old = f"""\
"2606.13681":
  title:
    text: 'EvoArena: 古い訳'   # DeepL の訳を確認した
    by: deepl
    source_hash: {text_hash("EvoArena")}
    machine_hash: {text_hash("EvoArena: 古い訳")}
    note: 次の版で見直す
  abstract: 手で書いた要約   # mine
"""
    (tmp_path / "translations.yaml").write_text(old, encoding="utf-8")
    english = TITLE + " in Dynamic Environments for Robust Agents"
    run = translate_pending(tmp_path, [Source("2606.13681", "title", english)],
                            load_translations(tmp_path), target="JA", glossary={},
                            env={"DEEPL_AUTH_KEY": KEY, "DECKGEN_DEEPL_URL": deepl_server.url})
    assert run.translated == 1
    text = machine(english)
    assert (tmp_path / "translations.yaml").read_text(encoding="utf-8") == f"""\
"2606.13681":
  title:
    # DeepL の訳を確認した
    text: |-
      {text}
    by: deepl
    source_hash: {text_hash(english)}
    machine_hash: {text_hash(text)}
    note: 次の版で見直す
  abstract: 手で書いた要約   # mine
"""
    assert load_translations(tmp_path)["2606.13681"]["title"].text == text


def test_a_new_file_has_the_header_sorted_ids_and_long_texts_as_blocks(tmp_path: Path) -> None:
    long_text = "長い要約。" * 20
    entries = {"2606.13681": {"abstract": by_deepl(long_text, "A long abstract."),
                              "title": by_deepl("短い題", "A short title")},
               "2606.08060": {"figure-1": Translation("図1: 概要", "hand")}}
    save_translations(tmp_path, entries)
    path = tmp_path / "translations.yaml"
    assert path.read_text(encoding="utf-8") == HEADER + f"""\
"2606.08060":
  figure-1:
    text: '図1: 概要'
    by: hand
"2606.13681":
  title:
    text: 短い題
    by: deepl
    source_hash: {text_hash("A short title")}
    machine_hash: {text_hash("短い題")}
  abstract:
    text: |-
      {long_text}
    by: deepl
    source_hash: {text_hash("A long abstract.")}
    machine_hash: {text_hash(long_text)}
"""
    assert load_translations(tmp_path) == entries
    stamp = path.stat().st_mtime_ns
    save_translations(tmp_path, entries)  # nothing new: the file is not written
    assert path.stat().st_mtime_ns == stamp


@pytest.mark.parametrize("old, newline", [
    # four-space indentation
    ('"2606.13681":\n    title:\n        text: 題\n        by: hand\n', "\n"),
    # Windows line ends
    ('"2606.13681":\r\n  title:\r\n    text: 題\r\n    by: hand\r\n', "\r\n"),
    # an explicit document start, a flow mapping and a bare id
    ("---\n2606.13681:\n  title: {text: 題, by: hand}\n", "\n"),
    # the id with its version
    ("'2606.13681v2':\n  title: 題\n", "\n"),
])
def test_the_presenters_layout_is_kept_and_followed(tmp_path: Path, old: str,
                                                    newline: str) -> None:
    path = tmp_path / "translations.yaml"
    path.write_bytes(old.encode("utf-8"))
    entries = load_translations(tmp_path)
    entries["2606.13681"]["abstract"] = by_deepl("要約", "Abstract")
    save_translations(tmp_path, entries)
    indent = "    " if "    title" in old else "  "
    added = (f"{indent}abstract:\n{indent * 2}text: 要約\n{indent * 2}by: deepl\n"
             f"{indent * 2}source_hash: {text_hash('Abstract')}\n"
             f"{indent * 2}machine_hash: {text_hash('要約')}\n")
    assert path.read_bytes().decode("utf-8") == old + added.replace("\n", newline)
    assert load_translations(tmp_path) == entries


def test_the_presenters_entries_are_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "translations.yaml"
    path.write_text("# mine\n'2606.13681':\n  title: 私の訳\n", encoding="utf-8")
    entries = load_translations(tmp_path)
    entries["2606.13681"]["title"] = by_deepl("機械の訳", "Title")
    save_translations(tmp_path, entries)
    assert path.read_text(encoding="utf-8") == "# mine\n'2606.13681':\n  title: 私の訳\n"


def test_a_file_that_cannot_be_rewritten_is_kept_as_a_copy_and_written_anew(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    old = "# mine\n'2606.13681':\n  title: 私の訳\n"
    path = tmp_path / "translations.yaml"
    path.write_text(old, encoding="utf-8")
    rewrite = store.rewrite_rows

    def refuse(text: str | None, rows, header: str) -> str:
        if text is not None:
            raise store.RewriteError("ruamel.yaml and PyYAML see different keys")
        return rewrite(text, rows, header)

    monkeypatch.setattr(store, "rewrite_rows", refuse)
    entries = load_translations(tmp_path)
    entries["2606.13681"]["abstract"] = by_deepl("要約", "Abstract")
    save_translations(tmp_path, entries)
    assert (tmp_path / "translations.yaml.bak").read_text(encoding="utf-8") == old
    assert load_translations(tmp_path) == entries
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}: cannot keep your comments and layout (ruamel.yaml and PyYAML see different "
        "keys); your file is copied to translations.yaml.bak and written anew with all its "
        "texts"]
    assert path.read_text(encoding="utf-8").startswith(HEADER)


def test_comment_lines_after_a_block_text_stay_before_the_next_paper(tmp_path: Path) -> None:
    path = tmp_path / "translations.yaml"
    path.write_text('"2606.13681":\n  abstract:\n    text: >-\n      要約\n'
                    '# the next one is mine\n"2606.00002":\n  title: 私の訳\n', encoding="utf-8")
    entries = load_translations(tmp_path)
    entries["2606.13681"]["figure-1"] = by_deepl("図1", "Figure 1")
    save_translations(tmp_path, entries)
    assert path.read_text(encoding="utf-8") == (
        '"2606.13681":\n  abstract:\n    text: >-\n      要約\n'
        f"  figure-1:\n    text: 図1\n    by: deepl\n    source_hash: {text_hash('Figure 1')}\n"
        f"    machine_hash: {text_hash('図1')}\n"
        '# the next one is mine\n"2606.00002":\n  title: 私の訳\n')
    assert load_translations(tmp_path) == entries
