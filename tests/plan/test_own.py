"""The presenter's own slides in the plan: placed at every `at:`, after papers, picks and
sections; their kinds; pages; keys that stay put."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from deckgen.model.deck import Picture
from deckgen.model.figures import FigureEntry
from deckgen.model.ids import ArxivRef
from deckgen.model.session import Item, OwnSlide, PaperNotes, Section, Session, SlideImage
from deckgen.plan.deck import PlanInput, plan_deck
from deckgen.plan.planner import item_paras
from tests.plan.test_plan import FULL, paper, session

IMG = Path("images/demo.png")
PICTURES = {IMG: Picture(Path("/s/images/demo.png"), 400, 300),
            Path("images/b.png"): Picture(Path("/s/images/b.png"), 400, 300),
            Path("images/c.png"): Picture(Path("/s/images/c.png"), 400, 300)}


def figures(pid: str, *numbers: int, method: str = "html") -> list[FigureEntry]:
    return [FigureEntry(n, Path(f"/s/figures/{pid}/fig{n}.png"), f"Figure {n}: Caption {n}.",
                        method=method, width=640, height=480) for n in numbers]


def build(s: Session, figs=None, images=PICTURES):
    papers = {r.base: paper(r.base) for r in s.all_refs()}
    return plan_deck(PlanInput(s, papers, {}, figs or {}, FULL, images=images))


def keys(deck) -> list[str]:
    return [x.key for x in deck.slides]


def own(title: str, at: str = "", anchor: str | None = None, **kw) -> OwnSlide:
    return OwnSlide(title=title, bullets=kw.pop("bullets", (Item("本文"),)), at=at,
                    anchor=anchor, **kw)


def test_survey_own_slides_go_to_every_place_at_names():
    s = session(
        slides=(own("始め", "start"), own("前", "before", "Top Hype"),
                own("後", "after", "Top Recent"), own("拾い", "pickup"), own("終わり", "end")),
        papers={"2601.00001": PaperNotes(slides=(own("蒸留"),)),
                "2601.00002": PaperNotes(slides=(own("選んだ論文の補足"),),
                                         pickup_slides=(own("読み解き"),))})
    deck = build(s, {"2601.00001": figures("2601.00001", 1),
                     "2601.00002": figures("2601.00002", 1, 2)})
    k = keys(deck)

    def after(key: str) -> str:
        return k[k.index(key) + 1]

    assert after("agenda") == "own:start:始め"
    assert after("paper:2601.00001:figure:1") == "own:paper:2601.00001:蒸留"
    # a pick's slides in its ranking: its abstract, then the presenter's slides
    assert after("paper:2601.00002:abstract:1") == "own:paper:2601.00002:選んだ論文の補足"
    assert after("paper:2601.00003:abstract:1") == "own:after-top-recent:後"
    assert after("own:after-top-recent:後") == "own:before-top-hype:前"
    assert after("own:before-top-hype:前") == "ranking:2:section"
    assert after("pickup:2601.00002:figure:2") == "own:pickup:2601.00002:読み解き"
    assert after("own:pickup:2601.00002:読み解き") == "own:pickup:拾い"
    assert k[-3:] == ["own:pickup:拾い", "own:end:終わり", "credits"]
    assert len(k) == len(set(k))


def test_a_papers_own_slides_come_once_where_it_is_first_presented():
    s = session(papers={"2601.00003": PaperNotes(slides=(own("補足"),), repeat="present")})
    k = keys(build(s))
    assert k.count("own:paper:2601.00003:補足") == 1
    assert k.index("own:paper:2601.00003:補足") < k.index("ranking:2:section")


def single(**kw) -> Session:
    base = dict(dir=Path("s"), file=Path("s/session.yaml"), kind="single", name="s",
                event="読み会", date=dt.date(2026, 12, 10), presenter="高山",
                paper=ArxivRef("2606.13392"))
    return Session(**{**base, **kw})


def test_single_paper_own_slides_go_to_every_place_and_into_sections():
    s = single(
        sections=(Section("背景", (Item("a"),), slides=(own("背景 2"), own("背景 3"))),
                  Section("手法", (Item("b"),), figures=(1,), slides=(own("手法 2"),))),
        slides=(own("はじめに", "start"), own("前提", "overview"), own("用語", "before", "手法"),
                own("余談", "after", "背景"), own("おわりに", "end")),
        papers={"2606.13392": PaperNotes(slides=(own("論文の補足"),))})
    k = keys(build(s, {"2606.13392": figures("2606.13392", 1)}))
    assert k[:2] == ["title", "own:start:はじめに"]
    assert k[k.index("paper:2606.13392:abstract:1") + 1:k.index("contents")] == [
        "own:paper:2606.13392:論文の補足", "own:overview:前提"]
    assert k[k.index("contents") + 1:k.index("own:end:おわりに")] == [
        "section:1", "own:section:背景:背景-2", "own:section:背景:背景-3", "own:after-背景:余談",
        "own:before-手法:用語", "section:2", "own:section:手法:手法-2",
        "section:2:figure:1"]
    assert k[-3:] == ["own:end:おわりに", "references", "thanks"]


def test_each_kind_follows_the_bullets_and_images():
    s = session(slides=(
        own("箇条書き"),
        own("区切り", bullets=()),
        own("図だけ", bullets=(), images=(SlideImage(file=IMG, caption="デモ"),)),
        own("図と文", images=(SlideImage(file=IMG),)),
        own("二枚", images=(SlideImage(file=IMG), SlideImage(file=Path("images/b.png")))),
        own("三枚", images=(SlideImage(file=IMG), SlideImage(file=Path("images/b.png")),
                            SlideImage(file=Path("images/c.png")))),
    ))
    deck = build(s)
    kinds = {x.texts["title"].plain: (x.kind, len(x.pictures)) for x in deck.slides
             if x.key.startswith("own:")}
    assert kinds == {"箇条書き": ("bullets", 0), "区切り": ("section", 0),
                     "図だけ": ("figure", 1), "図と文": ("figure_text", 1),
                     "二枚": ("figures2", 2), "三枚": ("figures3", 3)}
    alone = next(x for x in deck.slides if x.key == "own:end:図だけ")
    assert alone.texts["caption"].plain == "デモ"
    two = next(x for x in deck.slides if x.key == "own:end:二枚")
    assert two.texts["body"].plain == "本文"  # short bullets: the strip above the figures


def test_long_bullets_paginate_and_never_overflow():
    long = tuple(Item(f"とても長い箇条書きの {n} 行目です。" * 4) for n in range(30))
    s = session(slides=(own("長い", bullets=long, images=(SlideImage(file=IMG),)),
                        own("長い二枚", bullets=long, images=(
                            SlideImage(file=IMG), SlideImage(file=Path("images/b.png"))))))
    deck = build(s)
    pages = [x for x in deck.slides if x.key.startswith("own:end:長い:")]
    assert len(pages) > 1
    assert pages[0].kind == "figure_text" and pages[0].pictures
    assert all(x.kind == "bullets" for x in pages[1:])
    assert [x.texts["title"].plain for x in pages] == [
        f"長い ({n}/{len(pages)})" for n in range(1, len(pages) + 1)]
    # too long for the strip above two figures: bullets slides first, then the figures
    text = [x for x in deck.slides if x.key.startswith("own:end:長い二枚:text")]
    figs = next(x for x in deck.slides if x.key == "own:end:長い二枚")
    assert text and all(x.kind == "bullets" for x in text)
    assert figs.kind == "figures2" and "body" not in figs.texts
    assert not [w for w in deck.warnings if "too long" in w]


def test_bullets_nested_deeply_keep_their_depth_up_to_the_last_level():
    nested = Item("a", (Item("b", (Item("c", (Item("d"),)),)),))
    assert [(p.text, p.level) for p in item_paras([nested])] == [
        ("a", 1), ("b", 2), ("c", 3), ("d", 4)]
    chain = Item("x")
    for n in range(12):
        chain = Item(f"l{n}", (chain,))
    assert max(p.level for p in item_paras([chain])) == 9


def test_keys_are_stable_when_another_own_slide_is_inserted_before():
    first = session(slides=(own("ナッシュ均衡", "start"), own("蒸留", "start", key="distil")))
    later = session(slides=(own("新しい背景", "start"), own("ナッシュ均衡", "start"),
                            own("蒸留", "start", key="distil")))
    before, after = keys(build(first)), keys(build(later))
    assert "own:start:ナッシュ均衡" in before and "own:distil" in before
    assert set(before) < set(after)
    assert set(after) - set(before) == {"own:start:新しい背景"}


def test_two_slides_of_one_title_at_one_place_get_distinct_keys():
    k = keys(build(session(slides=(own("補足"), own("補足")))))
    assert [x for x in k if x.startswith("own:")] == ["own:end:補足", "own:end:補足#2"]


def test_an_own_slide_shows_a_paper_figure_with_its_credit_and_caption():
    s = session(slides=(own("図を引用", images=(
        SlideImage(paper="2601.00003", figure=2),
        SlideImage(paper="2601.00001", figure=1, caption="上書き"))),))
    deck = build(s, {"2601.00003": figures("2601.00003", 1, 2),
                     "2601.00001": figures("2601.00001", 1, method="hand")})
    slide = next(x for x in deck.slides if x.key == "own:end:図を引用")
    assert slide.kind == "figures2"
    assert slide.texts["caption"].plain == "図2: Caption 2.\n出典: arXiv:2601.00003v2"
    assert slide.texts["caption2"].plain == "図1: 上書き\n図: 発表者"
    assert "図2: Caption 2." in slide.notes
    # shown on the own slide only: Figure 2 of a listed paper gets no figure slide
    assert "paper:2601.00003:figure:2" not in keys(deck)


def test_an_image_that_cannot_be_shown_is_a_warning_and_the_slide_stays():
    s = session(slides=(own("欠け", images=(SlideImage(file=Path("images/gone.png")),
                                            SlideImage(paper="2601.00001", figure=7))),))
    deck = build(s, images={Path("images/gone.png"): None})
    slide = next(x for x in deck.slides if x.key == "own:end:欠け")
    assert slide.kind == "bullets" and not slide.pictures
    assert any("figure 7 of 2601.00001 is not in figures/2601.00001/" in w
               for w in deck.warnings)


def test_the_presenters_notes_go_into_the_speaker_notes():
    deck = build(session(slides=(own("メモ付き", notes="発表メモ"),)))
    assert next(x for x in deck.slides if x.key == "own:end:メモ付き").notes == "発表メモ"


def test_a_section_divider_title_only_slide_is_not_left_out_as_empty():
    deck = build(session(slides=(replace(own("区切り"), bullets=()),)))
    assert "own:end:区切り" in keys(deck)


def test_a_section_without_items_begins_with_its_own_slides():
    s = single(sections=(Section("VQAとは", slides=(own("VQA (Visual Question Answering)"),)),
                         Section("結果")))
    k = keys(build(s))
    assert k[k.index("contents") + 1:k.index("references")] == [
        "own:section:vqaとは:vqa-visual-question-answering", "section:2"]


def test_own_slides_of_a_paper_the_deck_only_marks_are_a_warning_not_lost_silently():
    from deckgen.model.history import History, Mark

    s = session(papers={"2601.00001": PaperNotes(slides=(own("補足"),))})
    papers = {r.base: paper(r.base) for r in s.all_refs()}
    history = History(marks={"2601.00001": Mark("2025-12", 2)})
    deck = plan_deck(PlanInput(s, papers, {}, {}, FULL, history=history))
    assert "own:paper:2601.00001:補足" not in keys(deck)
    assert any("papers.2601.00001.slides: the deck does not present 2601.00001 there, so its 1 "
               "own slide(s) are left out" in w for w in deck.warnings), deck.warnings
