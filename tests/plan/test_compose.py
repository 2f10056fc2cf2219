"""The `compose:` switches, each on and off, by the slides they plan (kinds, keys, titles)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from deckgen.model.deck import Slide, Text
from deckgen.model.ids import ArxivRef
from deckgen.model.kinds import KIND_ROLES
from deckgen.model.paper import Paper
from deckgen.model.session import (
    Compose,
    Item,
    PaperNotes,
    Ranking,
    RankingEntry,
    Section,
    Session,
    Summary,
)
from deckgen.model.texts import Translated
from deckgen.plan.compose import leave_out_empty
from deckgen.plan.deck import PlanInput, plan_deck
from deckgen.plan.sentences import split_sentences

FULL = {kind: {role.name: (800.0, 300.0 if role.name == "body" else 40.0)
               for role in roles} for kind, roles in KIND_ROLES.items()}
IDS = ["2601.00001", "2601.00002", "2601.00003"]
SUMMARY = Summary(purpose="目的です", result="成果です", name="X")


def paper(pid: str, abstract: str = "First sentence. Second one, e.g. this. Third.") -> Paper:
    return Paper(id=pid, title=f"Title of {pid}", abstract=abstract, version=1,
                 authors=("A. Author", "B. Author"), affiliations=("Example Lab",))


def survey(compose: Compose | None = None, **changes) -> Session:
    base = dict(
        dir=Path("s"), file=Path("s/session.yaml"), kind="survey", name="s",
        event="AI最新論文読み会 2026年1月", date=dt.date(2026, 1, 20), presenter="B",
        rankings=(Ranking("Top Recent", "hf-daily", None, dt.date(2026, 1, 15), None,
                          tuple(RankingEntry(ArxivRef(i)) for i in IDS)),
                  Ranking("Top Hype", "list", None, None, None,
                          (RankingEntry(ArxivRef("2601.00004")),
                           RankingEntry(ArxivRef("2601.00003"))))),
        picks=(ArxivRef("2601.00002"),),
        papers={"2601.00001": PaperNotes(take="→ 面白い", summary=SUMMARY),
                "2601.00002": PaperNotes(summary=SUMMARY, points=(Item("一つだけ"),))},
        compose=compose or Compose(),
    )
    base.update(changes)
    return Session(**base)


def single(compose: Compose | None = None, **changes) -> Session:
    base = dict(
        dir=Path("s"), file=Path("s/session.yaml"), kind="single", name="s",
        event="NeurIPS 読み会", date=dt.date(2026, 12, 10), presenter="高山 温",
        paper=ArxivRef("2601.00001"), point="要点", reasons=(Item("理由"),),
        sections=(Section("背景", (Item("a"),)),), compose=compose or Compose())
    base.update(changes)
    return Session(**base)


def plan(s: Session, papers: dict[str, Paper] | None = None, translations=None):
    papers = papers or {r.base: paper(r.base) for r in s.all_refs()}
    return plan_deck(PlanInput(s, papers, translations or {}, {}, FULL))


def keys(deck) -> list[str]:
    return [s.key for s in deck.slides]


def slide(deck, key: str):
    return next(s for s in deck.slides if s.key == key)


def body(deck, key: str) -> list[str]:
    return [p.text for p in slide(deck, key).texts["body"].paras]


# ---- sentences ----------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "sentences"), [
    ("深層学習は高価である。我々は新手法を示す！本当か？はい。",
     ["深層学習は高価である。", "我々は新手法を示す！", "本当か？", "はい。"]),
    ("「これは引用だ。」と彼は言った。次の文。",
     ["「これは引用だ。」", "と彼は言った。", "次の文。"]),
    ("We improve accuracy by 2.3 points. It runs 1.5x faster! Does it scale? Yes.",
     ["We improve accuracy by 2.3 points.", "It runs 1.5x faster!", "Does it scale?", "Yes."]),
    ("Smith et al. showed this, e.g. in Fig. 3 and Eq. 2. Ours differs, i.e. it is new.",
     ["Smith et al. showed this, e.g. in Fig. 3 and Eq. 2.", "Ours differs, i.e. it is new."]),
    ("BERT vs. GPT-2 is compared (cf. Sec. 4). A. Turing said so. The end.",
     ["BERT vs. GPT-2 is compared (cf. Sec. 4).", "A. Turing said so.", "The end."]),
    ("It reaches 90.94% top-1. We release code at github.com/x/y. Done.",
     ["It reaches 90.94% top-1.", "We release code at github.com/x/y.", "Done."]),
    ("Transformerと ResNetで検証しています。例えば 1) 13Mパラメータのモデルから転送する。",
     ["Transformerと ResNetで検証しています。", "例えば 1) 13Mパラメータのモデルから転送する。"]),
    ("得意としている. 人間はどうか?本研究では3.5倍速い.次に示す.",
     ["得意としている.", "人間はどうか?", "本研究では3.5倍速い.", "次に示す."]),
    ("No full stop at the end", ["No full stop at the end"]),
    ("", []),
])
def test_sentences_end_where_they_end_in_japanese_and_english(text: str, sentences: list[str]):
    assert split_sentences(text) == sentences


def test_sentences_put_back_together_are_the_text():
    text = ("Deep nets are costly (e.g. GPT-3). We show that μP keeps 2.3x more. "
            "本研究では新しい手法を提案する。実験で確認した！")
    assert "".join(split_sentences(text)).replace(" ", "") == text.replace(" ", "")


# ---- survey switches ----------------------------------------------------------------------
def test_the_defaults_make_the_reference_sequence():
    deck = plan(survey())
    assert keys(deck)[:4] == ["title", "agenda", "ranking:1:section", "ranking:1:list:1"]
    assert "ranking:2:section" in keys(deck) and "pickup:section" in keys(deck)
    assert "2026/01/20" in slide(deck, "title").texts["subtitle"].plain
    assert len(keys(deck)) == len(set(keys(deck)))


def test_agenda_dividers_and_title_date_switch_off():
    deck = plan(survey(Compose(agenda=False, dividers=False, title_date=False)))
    assert not {"agenda", "ranking:1:section", "ranking:2:section", "pickup:section"} \
        & set(keys(deck))
    assert keys(deck)[:3] == ["title", "ranking:1:list:1", "paper:2601.00001:abstract:1"]
    assert "2026/01/20" not in slide(deck, "title").texts["subtitle"].plain
    assert slide(deck, "ranking:1:list:1").texts["title"].plain == "Top Recent (2026/01/15)"


def test_the_summary_goes_on_its_own_slide_or_on_the_papers_slide():
    own = plan(survey())
    assert "paper:2601.00001:summary" in keys(own)
    assert body(own, "paper:2601.00001:abstract:1") == [
        "First sentence. Second one, e.g. this. Third."]
    on_paper = plan(survey(Compose(summary="paper")))
    assert "paper:2601.00001:summary" not in keys(on_paper)
    lines = body(on_paper, "paper:2601.00001:abstract:1")
    assert lines[0] == "First sentence. Second one, e.g. this. Third."
    assert lines[1:] == ["目的: 目的です", "成果: 成果です", "方法: ー", "固有名: X",
                         "著者所属: Example Lab"]
    assert slide(on_paper, "paper:2601.00001:abstract:1").texts["take"].plain == "→ 面白い"


def test_a_long_abstract_with_the_summary_on_its_slide_is_paginated_without_overflow():
    long = " ".join(["This sentence is part of a very long abstract."] * 90)
    s = survey(Compose(summary="paper"))
    papers = {r.base: paper(r.base, long) for r in s.all_refs()}
    deck = plan(s, papers)
    pages = [x for x in deck.slides if x.key.startswith("paper:2601.00001:abstract:")]
    assert len(pages) >= 2 and not deck.warnings
    assert pages[-1].texts["body"].plain.endswith("著者所属: Example Lab")
    assert len({p.texts["body"].size_pt for p in pages}) == 1


def test_the_abstract_as_a_paragraph_or_one_bullet_per_sentence():
    ja = {"2601.00001": Translated(abstract="一つ目の文。二つ目の文！\n三つ目は 2.5 倍。")}
    paragraph = plan(survey(), translations=ja)
    assert [(p.text, p.level) for p in slide(paragraph, "paper:2601.00001:abstract:1")
            .texts["body"].paras] == [("一つ目の文。二つ目の文！", 0), ("三つ目は 2.5 倍。", 0)]
    sentences = plan(survey(Compose(abstract="sentences")), translations=ja)
    assert [(p.text, p.level) for p in slide(sentences, "paper:2601.00001:abstract:1")
            .texts["body"].paras] == [("一つ目の文。", 1), ("二つ目の文！", 1),
                                      ("三つ目は 2.5 倍。", 1)]
    assert body(sentences, "paper:2601.00003:abstract:1") == [
        "First sentence.", "Second one, e.g. this.", "Third."]


def test_a_repeated_paper_is_marked_or_presented_again_with_its_earlier_place():
    marked = plan(survey())
    assert body(marked, "ranking:2:list:1")[1] == "② Title of 2601.00003 ⇒ Top Recent #3"
    assert not [k for k in keys(marked) if k.startswith("paper:2601.00003:r")]
    presented = plan(survey(Compose(repeats="present")))
    ks = keys(presented)
    assert body(presented, "ranking:2:list:1")[1] == "② Title of 2601.00003 ⇒ Top Recent #3"
    again = slide(presented, "paper:2601.00003:r2:abstract:1")
    assert again.texts["title"].plain == "② Title of 2601.00003"
    assert again.texts["affiliation"].plain == "Example Lab の研究 / Top Recent ③"
    assert ks.index("paper:2601.00004:abstract:1") < ks.index(again.key) < ks.index(
        "pickup:section")
    assert len(ks) == len(set(ks))


def test_a_papers_own_repeat_overrides_the_session():
    notes = {"2601.00003": PaperNotes(repeat="present")}
    assert "paper:2601.00003:r2:abstract:1" in keys(plan(survey(papers=notes)))
    notes = {"2601.00003": PaperNotes(repeat="mark")}
    deck = plan(survey(Compose(repeats="present"), papers=notes))
    assert not [k for k in keys(deck) if ":r2:" in k]


def test_presenting_again_keeps_keys_unique_and_stable():
    three = (Ranking("A", None, None, None, None, tuple(RankingEntry(ArxivRef(i)) for i in IDS)),
             Ranking("B", None, None, None, None, (RankingEntry(ArxivRef("2601.00001")),)),
             Ranking("C", None, None, None, None, (RankingEntry(ArxivRef("2601.00004")),
                                                   RankingEntry(ArxivRef("2601.00001")))))
    long = " ".join(["This sentence is part of a very long abstract."] * 90)
    s = survey(Compose(repeats="present"), rankings=three, picks=(ArxivRef("2601.00001"),))
    papers = {r.base: paper(r.base, long) for r in s.all_refs()}
    deck = plan(s, papers)
    ks = keys(deck)
    assert len(ks) == len(set(ks))
    again = [k for k in ks if k.startswith("paper:2601.00001:r")]
    assert {k.rsplit(":", 1)[0] for k in again} == {"paper:2601.00001:r2:abstract",
                                                     "paper:2601.00001:r3:abstract"}
    assert len(again) >= 4  # each presentation over the same pages
    # the same plan twice, and with another paper before it in ranking C: the same keys
    assert keys(plan(s, papers)) == ks
    moved = (*three[:2], Ranking("C", None, None, None, None,
                                 (RankingEntry(ArxivRef("2601.00005")), *three[2].entries)))
    s2 = survey(Compose(repeats="present"), rankings=moved, picks=(ArxivRef("2601.00001"),))
    papers2 = {r.base: paper(r.base, long) for r in s2.all_refs()}
    assert set(again) <= set(keys(plan(s2, papers2)))


def pickup_sequence(deck) -> list[tuple[str, str, str]]:
    start = keys(deck).index("pickup:section")
    return [(s.kind, s.key, s.texts["title"].plain) for s in deck.slides[start + 1:-1]]


def test_the_pickup_refers_back_to_the_abstract_by_default():
    deck = plan(survey())
    assert pickup_sequence(deck) == [
        ("summary", "pickup:2601.00002:summary", "【pickup】 Title of 2601.00002")]
    lines = body(deck, "pickup:2601.00002:summary")
    assert lines[0] == "アブストラクトは Top Recent ② を参照"
    assert lines[-2:] == ["要点:", "一つだけ"]  # one short point joins the summary
    assert sum(k.startswith("paper:2601.00002:abstract") for k in keys(deck)) == 1


def test_the_pickup_repeats_the_abstract_when_asked():
    deck = plan(survey(Compose(pickup_abstract="repeat")))
    assert [k for _, k, _ in pickup_sequence(deck)] == [
        "pickup:2601.00002:abstract:1", "pickup:2601.00002:summary"]
    assert body(deck, "pickup:2601.00002:abstract:1") == [
        "First sentence. Second one, e.g. this. Third."]
    assert "アブストラクトは" not in " ".join(body(deck, "pickup:2601.00002:summary"))


def test_with_one_ranking_the_back_reference_names_the_number_only():
    s = survey(rankings=survey().rankings[:1])
    assert body(plan(s), "pickup:2601.00002:summary")[0] == "アブストラクトは ② を参照"


def test_without_a_summary_the_back_reference_opens_the_pick_with_its_link_and_take():
    notes = {"2601.00002": PaperNotes(take="→ 読む", points=(Item("短い"),))}
    deck = plan(survey(papers=notes))
    assert [k for _, k, _ in pickup_sequence(deck)] == ["pickup:2601.00002:abstract:1"]
    opening = slide(deck, "pickup:2601.00002:abstract:1")
    assert [p.text for p in opening.texts["body"].paras] == [
        "アブストラクトは Top Recent ② を参照", "要点:", "短い"]
    assert opening.texts["take"].plain == "→ 読む"
    assert opening.texts["link"].plain == "https://arxiv.org/abs/2601.00002v1"
    # with the summary on the paper's slide, a pick has it there in its ranking, once
    summary_on_paper = plan(survey(Compose(summary="paper")))
    assert body(summary_on_paper, "paper:2601.00002:abstract:1")[1] == "目的: 目的です"
    assert body(summary_on_paper, "pickup:2601.00002:abstract:1") == [
        "アブストラクトは Top Recent ② を参照", "要点:", "一つだけ"]
    repeated = plan(survey(Compose(summary="paper", pickup_abstract="repeat")))
    assert body(repeated, "pickup:2601.00002:abstract:1") == [
        *body(repeated, "paper:2601.00002:abstract:1"), "要点:", "一つだけ"]


def test_a_pick_with_nothing_but_a_pointer_back_stays_in_its_ranking():
    notes = {"2601.00002": PaperNotes(summary=SUMMARY, figures=())}
    deck = plan(survey(Compose(summary="paper"), papers=notes))
    assert not [k for k in keys(deck) if k.startswith("pickup")]
    assert keys(deck)[-2:] == ["paper:2601.00004:abstract:1", "credits"]
    assert "目的: 目的です" in body(deck, "paper:2601.00002:abstract:1")
    assert "② Title of 2601.00002 【pickup】" in body(deck, "ranking:1:list:1")
    agenda = body(deck, "agenda")
    assert not [line for line in agenda if line.startswith("気になった論文")]
    assert [n for n in deck.notes if n.startswith("left 2601.00002 out of the pickup")]
    # asked to repeat the abstract, or given points: it has a pickup again
    again = plan(survey(Compose(summary="paper", pickup_abstract="repeat"), papers=notes))
    assert "pickup:section" in keys(again) and "気になった論文 1 本" in body(again, "agenda")


def test_long_points_keep_a_slide_of_their_own():
    points = tuple(Item(f"ポイント {n}") for n in range(5))
    notes = {"2601.00002": PaperNotes(summary=SUMMARY, points=points)}
    deck = plan(survey(papers=notes))
    assert [k for _, k, _ in pickup_sequence(deck)] == ["pickup:2601.00002:summary",
                                                        "pickup:2601.00002:points"]
    assert "要点:" not in body(deck, "pickup:2601.00002:summary")


def test_short_points_that_do_not_fit_keep_a_slide_of_their_own():
    geometry = {**FULL, "summary": {**FULL["summary"], "body": (800.0, 150.0)}}
    s = survey()
    papers = {r.base: paper(r.base) for r in s.all_refs()}
    deck = plan_deck(PlanInput(s, papers, {}, {}, geometry))
    assert [k for _, k, _ in pickup_sequence(deck)] == ["pickup:2601.00002:summary",
                                                        "pickup:2601.00002:points"]
    assert not deck.warnings


# ---- single-paper switches ----------------------------------------------------------------
def test_single_paper_slides_switch_off():
    on = keys(plan(single()))
    assert on[:3] == ["title", "overview", "paper:2601.00001:abstract:1"]
    assert on[-2:] == ["references", "thanks"]
    off = plan(single(Compose(overview=False, abstract_slide=False, references=False,
                              thanks=False, title_date=False)))
    assert keys(off) == ["title", "contents", "section:1"]
    assert "2026/12/10" not in slide(off, "title").texts["subtitle"].plain
    assert not off.notes


def test_an_overview_with_no_point_or_reasons_is_left_out_with_a_note():
    deck = plan(single(point=None, reasons=()))
    assert "overview" not in keys(deck)
    assert any("left out the Overview" in n and "point:" in n for n in deck.notes)
    reasons_only = plan(single(point=None))
    assert body(reasons_only, "overview")[-2:] == ["選定理由:", "- 理由"]


def test_the_single_papers_abstract_may_be_one_bullet_per_sentence():
    deck = plan(single(Compose(abstract="sentences")))
    assert body(deck, "paper:2601.00001:abstract:1") == [
        "First sentence.", "Second one, e.g. this.", "Third."]


# ---- nothing to show ----------------------------------------------------------------------
def test_a_slide_with_nothing_but_its_title_is_left_out_with_a_note():
    from deckgen.model.deck import Para

    title = {"title": Text((Para("見出し"),))}
    slides = [Slide("bullets", "own:x", title),
              Slide("bullets", "own:y", {**title, "body": Text((Para(" "),))}),
              Slide("section", "ranking:1:section", title),
              Slide("bullets", "intro", {**title, "body": Text((Para("本文"),))})]
    kept, notes = leave_out_empty(slides)
    assert [s.key for s in kept] == ["ranking:1:section", "intro"]
    assert notes == ["left out slide own:x (見出し): nothing to show but its title",
                     "left out slide own:y (見出し): nothing to show but its title"]
