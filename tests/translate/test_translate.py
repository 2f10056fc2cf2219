"""DeepL translation through the real SDK against a local server that counts characters."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import deepl
import pytest
import yaml
from pptx import Presentation

from deckgen.model.ids import ArxivRef
from deckgen.model.kinds import KIND_ROLES
from deckgen.model.paper import Paper
from deckgen.model.session import Session
from deckgen.model.texts import Translated, TranslationCredit
from deckgen.plan.deck import PlanInput, plan_deck
from deckgen.session.store import load_translations, text_hash
from deckgen.translate.deepl import MAX_CHARS, MAX_TEXTS, batches
from deckgen.translate.texts import Source
from tests.conftest import add_figures, run_cli
from tests.deepl_server import PREFIX, DeepLServer, FakeDeepL

FREE_KEY = "0123abcd-test-key:fx"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDeepL]:
    """A local DeepL on 127.0.0.1, with the SDK pointed at it through the environment."""
    srv = DeepLServer(FREE_KEY)
    monkeypatch.setenv("DEEPL_AUTH_KEY", FREE_KEY)
    monkeypatch.setenv("DECKGEN_DEEPL_URL", srv.state.url)
    yield srv.state
    srv.close()


@pytest.fixture
def no_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SDK's documented retry setting at 0, so a failing server answers at once."""
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 0)


def use_deepl(session: Path, extra: str = "") -> None:
    with (session / "session.yaml").open("a", encoding="utf-8") as f:
        f.write(f"\ntranslator: deepl\n{extra}")


def lock_papers(session: Path) -> dict:
    return json.loads((session / "deckgen.lock.json").read_text(encoding="utf-8"))["papers"]


def build(session: Path) -> str:
    result = run_cli("build", str(session), "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


def deck_text(session: Path) -> list[str]:
    prs = Presentation(str(session / "build" / f"{session.name}.pptx"))
    return ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
            for slide in prs.slides]


def warnings_of(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("warning:")]


def test_first_build_translates_in_one_batch_and_a_second_build_sends_nothing(
        example: Path, server: FakeDeepL):
    (example / "translations.yaml").unlink()
    use_deepl(example)
    papers = lock_papers(example)
    expected = sum(len(p["title"]) + len(p["abstract"]) for p in papers.values())

    build(example)
    assert server.characters == expected
    assert server.translate_calls() == 1  # 20 texts, one request
    body = server.translate_bodies[0]
    assert body["target_lang"] == "JA" and body["source_lang"] == "EN"
    assert len(body["text"]) == 2 * len(papers)
    entries = load_translations(example)
    for pid, paper in papers.items():
        title = entries[pid]["title"]
        assert title.by == "deepl" and title.source_hash == text_hash(paper["title"])
        assert title.text == PREFIX + paper["title"].upper()
    slides = deck_text(example)
    first = papers["2606.13681"]["title"]
    assert any(f"{PREFIX}{first.upper()}" in s and f"(原文: {first})" in s for s in slides)
    assert "DeepL (無料版) による翻訳を利用させて頂きました" in slides[-1]

    server.requests.clear()
    build(example)
    assert server.characters == expected  # nothing more billed
    assert server.requests == []  # not even a glossary lookup


def test_hand_translations_are_never_sent_and_never_overwritten(example: Path, server: FakeDeepL):
    use_deepl(example)
    before = (example / "translations.yaml").read_text(encoding="utf-8")
    hand = {(pid, key): t.text for pid, fields in load_translations(example).items()
            for key, t in fields.items()}
    build(example)
    sent = [t for body in server.translate_bodies for t in body["text"]]
    papers = lock_papers(example)
    assert sent and all(papers[pid][key] not in sent for pid, key in hand)
    after = load_translations(example)
    for (pid, key), text in hand.items():
        assert after[pid][key].text == text and after[pid][key].by == "hand"
    assert len(before) < len((example / "translations.yaml").read_text(encoding="utf-8"))


def test_an_edited_machine_text_is_the_presenters_and_survives_a_new_version(
        example: Path, server: FakeDeepL):
    (example / "translations.yaml").unlink()
    use_deepl(example)
    build(example)
    path = example / "translations.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["2606.13392"]["title"]["text"] = "ミニマックス疎アテンション"  # corrected, by: deepl left
    path.write_text(yaml.dump(data, allow_unicode=True), encoding="utf-8")

    # a new arXiv version changes both English titles
    lock = json.loads((example / "deckgen.lock.json").read_text(encoding="utf-8"))
    for pid in ("2606.13392", "2606.13681"):
        lock["papers"][pid]["title"] += " (v2)"
    (example / "deckgen.lock.json").write_text(json.dumps(lock), encoding="utf-8")
    server.translate_bodies.clear()
    output = build(example)

    sent = [t for body in server.translate_bodies for t in body["text"]]
    assert sent == [lock["papers"]["2606.13681"]["title"]]  # only the stale machine text
    entries = load_translations(example)
    assert entries["2606.13392"]["title"].text == "ミニマックス疎アテンション"
    assert entries["2606.13392"]["title"].by == "hand"
    assert entries["2606.13681"]["title"].text.endswith("(V2)")
    assert any("2606.13392.title: hand translation kept, but the English changed" in w
               for w in warnings_of(output))
    assert any("ミニマックス疎アテンション" in s for s in deck_text(example))


def test_glossary_goes_to_deepl_once_and_fixes_the_terms(example: Path, server: FakeDeepL):
    (example / "translations.yaml").unlink()
    use_deepl(example, "glossary:\n  Attention: アテンション\n  LLM:\n")
    build(example)
    assert list(server.glossary_entries.values()) == [{"Attention": "アテンション", "LLM": "LLM"}]
    gid = next(iter(server.glossaries))
    assert all(body["glossary_id"] == gid for body in server.translate_bodies)
    title = load_translations(example)["2606.13392"]["title"].text
    assert title == f"{PREFIX}MINIMAX SPARSE アテンション"

    # new texts later: the same glossary is found and reused, not created again
    add_figures(example, "2606.13681", [(1, 400, 300, "PNG")])
    build(example)
    assert len(server.glossaries) == 1
    assert server.requests.count(("POST", "/v2/glossaries")) == 1


def test_figure_captions_are_translated_and_shown_on_the_figure_slide(
        example: Path, server: FakeDeepL):
    use_deepl(example)
    add_figures(example, "2606.13681", [(1, 400, 300, "PNG"), (2, 300, 400, "PNG")])
    build(example)
    entries = load_translations(example)["2606.13681"]
    caption = "Figure 1: overview of the method (400x300)."
    assert entries["figure-1"].text == PREFIX + caption.upper()
    assert entries["figure-1"].source_hash == text_hash(caption)
    text = (example / "translations.yaml").read_text(encoding="utf-8")
    assert "  figure-1:\n" in text and "  figure-2:\n" in text
    figure_slides = [s for s in deck_text(example) if "出典: arXiv:2606.13681" in s]
    assert len(figure_slides) == 2
    assert PREFIX + caption.upper() in figure_slides[0]


def test_without_a_key_the_deck_is_built_in_english_and_says_how_to_enable(
        example: Path, server: FakeDeepL, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("DEEPL_AUTH_KEY")
    use_deepl(example)
    output = build(example)
    assert server.requests == []
    lines = [w for w in warnings_of(output) if "DEEPL_AUTH_KEY" in w]
    assert len(lines) == 1 and "8 texts stay English" in lines[0]
    closing = deck_text(example)[-1]
    line = next(t for t in closing.splitlines() if t.startswith("未翻訳 (英語のまま): "))
    assert "2606.08063 (アブストラクト)" in line and "2606.13681" not in line  # hand-translated
    assert "翻訳するには DEEPL_AUTH_KEY に DeepL API キーを設定して再ビルド" in closing
    assert "による翻訳を利用させて頂きました" not in closing  # nothing machine-translated


def test_a_paid_key_is_credited_as_the_deepl_api(example: Path, monkeypatch: pytest.MonkeyPatch):
    srv = DeepLServer("paid-key")
    try:
        monkeypatch.setenv("DEEPL_AUTH_KEY", "paid-key")
        monkeypatch.setenv("DECKGEN_DEEPL_URL", srv.state.url)
        use_deepl(example)
        build(example)
    finally:
        srv.close()
    closing = deck_text(example)[-1]
    assert "DeepL API による翻訳を利用させて頂きました" in closing
    assert "無料版" not in closing


@pytest.mark.parametrize("status, says", [
    (456, "quota for this period used up (HTTP 456)"), (403, "was refused (HTTP 403)"),
    (429, "too many requests (HTTP 429)"), (500, "server error (HTTP 500)"),
    (503, "server error (HTTP 503)"),
])
def test_a_failing_batch_is_one_line_and_earlier_batches_are_kept(
        example: Path, server: FakeDeepL, no_retries: None, monkeypatch: pytest.MonkeyPatch,
        status: int, says: str):
    (example / "translations.yaml").unlink()
    use_deepl(example)
    monkeypatch.setattr("deckgen.translate.deepl.MAX_TEXTS", 8)  # 20 texts: three requests
    papers = lock_papers(example)
    titles = sum(len(p["title"]) for p in papers.values())
    if status == 456:
        server.quota = titles  # room for the first eight titles, not for abstracts too
    else:
        server.fail = [0, status]  # the first request is answered, the second fails

    output = build(example)
    lines = [w for w in warnings_of(output) if "DeepL:" in w]
    assert len(lines) == 1, output
    assert says in lines[0] and "8 of 20 texts translated and kept" in lines[0]
    assert sum(len(fields) for fields in load_translations(example).values()) == 8
    assert server.translate_calls() == 2  # stopped at the failure, the third never sent

    server.quota, server.fail = 10_000_000, []  # the fault is gone: only the rest is sent
    billed = server.characters
    build(example)
    total = titles + sum(len(p["abstract"]) for p in papers.values())
    assert 0 < billed < total and server.characters == total
    assert sum(len(fields) for fields in load_translations(example).values()) == 20


def test_a_single_429_is_retried_by_the_sdk(example: Path, server: FakeDeepL):
    use_deepl(example)
    server.fail = [429]
    output = build(example)
    assert not [w for w in warnings_of(output) if "DeepL:" in w]
    assert server.translate_calls() == 2
    assert load_translations(example)["2606.08063"]["abstract"].by == "deepl"


def test_batches_respect_the_text_and_size_limits():
    texts = [Source(str(i), "abstract", "x" * 1000) for i in range(120)]
    groups = list(batches(texts))
    assert [s for g in groups for s in g] == texts  # order kept, nothing lost
    assert all(len(g) <= MAX_TEXTS and sum(len(s.text) for s in g) <= MAX_CHARS for g in groups)
    assert len(groups) == 120 * 1000 // MAX_CHARS
    big = [Source("1", "abstract", "y" * (MAX_CHARS + 5)), Source("2", "title", "z")]
    assert [len(g) for g in batches(big)] == [1, 1]  # an oversized text still goes, alone


def test_glossary_must_be_a_mapping_of_one_line_terms(example: Path):
    use_deepl(example, "glossary:\n  - Transformer\n")
    result = run_cli("build", str(example), "--no-pdf")
    assert result.exit_code == 1
    assert "session.yaml:" in result.output and "glossary: expected a mapping" in result.output


def test_a_hand_translation_that_ignores_the_glossary_is_reported(example: Path):
    with (example / "session.yaml").open("a", encoding="utf-8") as f:
        f.write("\nglossary:\n  Sparse Attention: 疎アテンション\n  MiniMax: MiniMax\n")
    output = build(example)
    lines = [w for w in warnings_of(output) if "glossary term" in w]
    assert lines == [f"warning: translations.yaml: 2606.13392.{key}: glossary term "
                     "'Sparse Attention' is not written '疎アテンション' (correct the text, "
                     "or delete the entry to translate it again)"
                     for key in ("title", "abstract")]  # MiniMax is kept in both: no warning


def test_translator_none_sends_nothing_even_with_a_key(example: Path, server: FakeDeepL):
    build(example)
    assert server.requests == []
    assert "DEEPL_AUTH_KEY" not in deck_text(example)[-1]


def test_translations_file_accepts_figure_captions_and_names_a_bad_key(example: Path):
    path = example / "translations.yaml"
    path.write_text('"2606.13681":\n  figure-2: "図2: 手法の概要"\n  figure-0: 図0\n',
                    encoding="utf-8")
    result = run_cli("build", str(example), "--no-pdf")
    assert result.exit_code == 1
    assert "translations.yaml:3:" in result.output and "2606.13681.figure-0: unknown field" \
        in result.output
    path.write_text('"2606.13681":\n  figure-2: "図2: 手法の概要"\n', encoding="utf-8")
    assert load_translations(example)["2606.13681"]["figure-2"].text == "図2: 手法の概要"


def test_a_single_paper_deck_credits_the_service_in_its_references():
    s = Session(dir=Path("s"), file=Path("s/session.yaml"), kind="single", name="s",
                event="論文読み会", date=dt.date(2026, 1, 20), presenter="B",
                translator="deepl", paper=ArxivRef("2601.00001"))
    papers = {"2601.00001": Paper(id="2601.00001", title="A Title", abstract="An abstract.")}
    geometry = {kind: {role.name: (800.0, 300.0 if role.name == "body" else 40.0)
                       for role in roles} for kind, roles in KIND_ROLES.items()}
    translated = {"2601.00001": Translated(title="ある題名", by=frozenset({"deepl"}))}
    deck = plan_deck(PlanInput(s, papers, translated, {}, geometry,
                               TranslationCredit(service="DeepL (無料版)")))
    refs = "\n".join(t.plain for slide in deck.slides if slide.key.startswith("references")
                     for t in slide.texts.values())
    assert "DeepL (無料版) による翻訳を利用させて頂きました" in refs
    assert "未翻訳 (英語のまま): 2601.00001 (アブストラクト)" in refs


def test_an_offline_build_asks_deepl_nothing_and_says_what_stays_english(
        example: Path, server: FakeDeepL):
    (example / "translations.yaml").unlink()
    use_deepl(example)
    result = run_cli("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 0, result.output
    assert server.requests == []
    assert "20 texts stay in English (offline" in result.output
