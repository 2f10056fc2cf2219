"""plan_deck() is pure: slides, order, numbering and fallbacks from data alone."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from deckgen.model.ids import ArxivRef
from deckgen.model.kinds import KIND_ROLES
from deckgen.model.paper import Paper
from deckgen.model.session import Item, PaperNotes, Ranking, RankingEntry, Session
from deckgen.model.texts import Translated
from deckgen.plan.deck import PlanInput, plan_deck
from deckgen.plan.planner import circled

FULL = {kind: {role.name: (800.0, 300.0 if role.name == "body" else 40.0)
               for role in roles} for kind, roles in KIND_ROLES.items()}


def paper(pid: str, abstract: str = "An abstract.") -> Paper:
    return Paper(id=pid, title=f"Title of {pid}", abstract=abstract, version=2,
                 affiliations=("Example Lab",))


def session(**changes) -> Session:
    ids = ["2601.00001", "2601.00002", "2601.00003"]
    base = dict(
        dir=Path("s"), file=Path("s/session.yaml"), kind="survey", name="s",
        event="AI最新論文読み会 2026年1月", date=dt.date(2026, 1, 20), presenter="B",
        team=("A", "B", "C"),
        rankings=(Ranking("Top Recent", "hf-daily", "month=2026-01", dt.date(2026, 1, 15), None,
                          tuple(RankingEntry(ArxivRef(i)) for i in ids)),
                  Ranking("Top Hype", "list", None, None, None,
                          (RankingEntry(ArxivRef("2601.00003")),))),
        picks=(ArxivRef("2601.00002"),),
        papers={"2601.00001": PaperNotes(take="→ 面白い"),
                "2601.00002": PaperNotes(points=(Item("読みどころ"),))},  # the pickup's
    )
    base.update(changes)
    return Session(**base)


def plan(s: Session, geometry=FULL, translations=None):
    papers = {r.base: paper(r.base) for r in s.all_refs()}
    return plan_deck(PlanInput(s, papers, translations or {}, {}, geometry))


def test_circled_numbers_run_to_fifty_then_switch_to_no():
    assert [circled(n) for n in (1, 10, 20, 21, 35, 36, 50)] == \
        ["①", "⑩", "⑳", "㉑", "㉟", "㊱", "㊿"]
    assert circled(51) == "No.51"


def test_survey_slides_come_in_the_reference_order_with_unique_keys():
    deck = plan(session())
    keys = [s.key for s in deck.slides]
    assert keys[:4] == ["title", "agenda", "ranking:1:section", "ranking:1:list:1"]
    assert keys.index("ranking:2:section") > keys.index("paper:2601.00003:abstract:1")
    assert keys.index("pickup:section") < keys.index("pickup:2601.00002:abstract:1")
    assert keys[-1] == "credits"
    assert len(keys) == len(set(keys))


def test_the_team_is_listed_with_the_presenter_starred():
    title = plan(session()).slides[0]
    assert "A *B C" in title.texts["subtitle"].plain


def test_agenda_counts_each_section():
    agenda = plan(session()).slides[1].texts["body"]
    numbered = [p.text for p in agenda.paras if p.numbered]
    assert numbered == ["Top Recent の上位 3 本", "Top Hype の上位 1 本", "気になった論文 1 本"]
    assert "2026/01/15 にサーベイ" in agenda.plain


def test_a_paper_repeated_in_a_later_ranking_points_back_and_is_not_presented_again():
    deck = plan(session())
    hype_list = next(s for s in deck.slides if s.key == "ranking:2:list:1")
    assert hype_list.texts["body"].plain == "① Title of 2601.00003 ⇒ Top Recent #3"
    assert sum(s.key.startswith("paper:2601.00003:abstract") for s in deck.slides) == 1


def test_japanese_titles_show_the_original_and_english_ones_do_not():
    deck = plan(session(), translations={"2601.00001": Translated(title="最初の論文")})
    listing = next(s for s in deck.slides if s.key == "ranking:1:list:1").texts["body"]
    assert listing.paras[0].text == "① 最初の論文\n(原文: Title of 2601.00001)"
    assert listing.paras[1].text == "② Title of 2601.00002 【pickup】"
    first = next(s for s in deck.slides if s.key == "paper:2601.00001:abstract:1")
    assert first.texts["original"].plain == "(原文: Title of 2601.00001)"
    assert first.texts["link"].paras[0].url == "https://arxiv.org/abs/2601.00001v2"
    assert first.texts["take"].plain == "→ 面白い"
    assert first.texts["affiliation"].plain == "Example Lab の研究"
    assert first.notes.startswith("Title of 2601.00001\nhttps://arxiv.org/abs/2601.00001v2")


def test_text_for_a_box_the_layout_lacks_goes_into_the_body():
    geometry = {**FULL, "paper": {"title": (800.0, 40.0), "body": (800.0, 300.0)}}
    deck = plan(session(), geometry=geometry)
    first = next(s for s in deck.slides if s.key == "paper:2601.00001:abstract:1")
    assert set(first.texts) == {"title", "body"}
    lines = [p.text for p in first.texts["body"].paras]
    assert lines == ["https://arxiv.org/abs/2601.00001v2", "An abstract.", "→ 面白い",
                     "Example Lab の研究"]


def test_a_long_abstract_is_split_with_page_marks_at_one_size():
    long = " ".join(["This sentence is part of a very long abstract."] * 120)
    s = session()
    papers = {r.base: paper(r.base, long if r.base == "2601.00001" else "Short.")
              for r in s.all_refs()}
    deck = plan_deck(PlanInput(s, papers, {}, {}, FULL))
    pages = [x for x in deck.slides if x.key.startswith("paper:2601.00001:abstract:")]
    assert len(pages) >= 2
    assert [p.texts["title"].plain[-5:] for p in pages] == \
        [f"({n}/{len(pages)})" for n in range(1, len(pages) + 1)]
    assert len({p.texts["body"].size_pt for p in pages}) == 1
    assert "take" in pages[-1].texts and "take" not in pages[0].texts
    body = " ".join(p.texts["body"].plain for p in pages)
    assert body.split() == long.split()


def test_bullets_keep_their_levels():
    deck = plan(session(self_intro=(Item("仕事", ("技師", "研究")),)))
    intro = next(s for s in deck.slides if s.key == "intro")
    assert [(p.text, p.level) for p in intro.texts["body"].paras] == \
        [("仕事", 1), ("技師", 2), ("研究", 2)]


def test_the_plan_stage_imports_neither_pptx_nor_requests():
    code = ("import sys, deckgen.plan.planner, deckgen.plan.survey, deckgen.plan.single;"
            "print('pptx' in sys.modules, 'requests' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


def test_an_empty_ranking_says_so_on_its_list_slide():
    empty = Ranking("New in cs.CL", "arxiv-listing", "cats=cs.CL", dt.date(2026, 8, 1), None, ())
    base = session()
    deck = plan(session(rankings=(empty, *base.rankings)))
    listing = next(s for s in deck.slides if s.key == "ranking:1:list:1")
    assert listing.texts["body"].plain == "(このランキングに論文はありません)"


def test_a_bullet_repeated_at_two_levels_keeps_each_ones_level_when_paginated():
    from deckgen.model.deck import Para
    from deckgen.plan.planner import Planner

    planner = Planner(PlanInput(session(), {}, {}, {}, FULL))
    paras = [Para("同じ文", level=1), Para("同じ文", level=2)] * 20
    pages = planner.paginate("bullets", "body", paras)
    assert len(pages) > 1
    levels = [p.level for page in pages for p in page.paras]
    assert levels == [1, 2] * 20
