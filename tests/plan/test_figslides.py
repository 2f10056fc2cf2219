"""Figure slides: headings that tell papers apart, explanations, groups of two or three,
short captions with the whole caption in the notes, and whose figure it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.model.deck import Picture
from deckgen.model.figures import FigureEntry
from deckgen.model.ids import ArxivRef
from deckgen.model.paper import Paper
from deckgen.model.session import FigureSpec, OwnSlide, PaperNotes, Section, SlideImage
from deckgen.model.texts import Translated
from deckgen.plan.deck import PlanInput, plan_deck
from deckgen.plan.figslides import short_name, shorten
from tests.plan.test_own import figures, single
from tests.plan.test_plan import FULL, session

LONG = ("Overview of the method: a lightweight index branch scores key-value blocks and keeps "
        "the top-k per group, e.g. for 1M tokens. The main branch attends only to the chosen "
        "blocks. Results are in Sec. 4.")


def titled(pid: str, title: str) -> Paper:
    return Paper(id=pid, title=title, abstract="A.", version=1)


def build(s, figs, translations=None, titles=None, geometry=FULL):
    titles = titles or {}
    papers = {r.base: titled(r.base, titles.get(r.base, f"Title of {r.base}"))
              for r in s.all_refs()}
    return plan_deck(PlanInput(s, papers, translations or {}, figs, geometry))


def slide(deck, key):
    return next(x for x in deck.slides if x.key == key)


def test_default_headings_tell_two_papers_figure_1_apart_in_japanese():
    s = session(picks=())
    deck = build(s, {"2601.00001": figures("2601.00001", 1),
                     "2601.00002": figures("2601.00002", 1)},
                 titles={"2601.00001": "EvoArena: Tracking Memory Evolution",
                         "2601.00002": "MiniMax Sparse Attention for Very Long Contexts"})
    one = slide(deck, "paper:2601.00001:figure:1").texts["title"].plain
    two = slide(deck, "paper:2601.00002:figure:1").texts["title"].plain
    assert one == "図1 ① EvoArena"
    assert two == "図1 ② MiniMax Sparse Attention for"
    assert one != two


def test_a_spec_gives_heading_explanation_and_caption():
    s = session(papers={"2601.00001": PaperNotes(figures=(3, 1), figure_specs=(
        FigureSpec((3,), "結果", "精度が上がる", "短い説明"), FigureSpec((1,))))})
    deck = build(s, {"2601.00001": figures("2601.00001", 1, 3)})
    k = [x.key for x in deck.slides]
    assert k.index("paper:2601.00001:figure:3") < k.index("paper:2601.00001:figure:1")
    three = slide(deck, "paper:2601.00001:figure:3")
    assert three.kind == "figure_text"
    assert three.texts["title"].plain == "結果"  # the presenter's heading, as written
    assert three.texts["body"].plain == "精度が上がる"
    assert three.texts["caption"].plain == "図3: 短い説明\n出典: arXiv:2601.00001v1"
    assert "図3: Caption 3." in three.notes  # the paper's whole caption stays in the notes
    assert slide(deck, "paper:2601.00001:figure:1").kind == "figure"


@pytest.mark.parametrize(("numbers", "kind"), [((4, 5), "figures2"), ((4, 5, 6), "figures3")])
def test_two_or_three_figures_share_a_slide(numbers, kind):
    s = session(papers={"2601.00001": PaperNotes(figures=numbers, figure_specs=(
        FigureSpec(numbers, "比較", "左と右"),))})
    deck = build(s, {"2601.00001": figures("2601.00001", *numbers)})
    group = slide(deck, "paper:2601.00001:figure:" + "-".join(map(str, numbers)))
    assert group.kind == kind and len(group.pictures) == len(numbers)
    assert group.texts["body"].plain == "左と右"
    assert group.texts["caption"].plain == "図4: Caption 4."
    # one paper's figures: one credit, under the last caption
    last = group.texts[("caption", "caption2", "caption3")[len(numbers) - 1]].plain
    assert last.endswith("出典: arXiv:2601.00001v1")
    default = build(session(papers={"2601.00001": PaperNotes(
        figures=numbers, figure_specs=(FigureSpec(numbers),))}),
        {"2601.00001": figures("2601.00001", *numbers)})
    assert slide(default, group.key).texts["title"].plain.startswith("図4・図5")


def test_a_missing_figure_of_a_group_is_a_warning_and_the_rest_is_shown():
    s = session(papers={"2601.00001": PaperNotes(figures=(4, 5), figure_specs=(
        FigureSpec((4, 5)),))})
    deck = build(s, {"2601.00001": figures("2601.00001", 4)})
    only = slide(deck, "paper:2601.00001:figure:4-5")
    assert only.kind == "figure" and len(only.pictures) == 1
    assert any("figure 5 of 2601.00001 is not in figures/2601.00001/" in w
               for w in deck.warnings)


def test_a_long_caption_is_shortened_and_kept_whole_in_the_notes():
    s = session(picks=())
    figs = figures("2601.00001", 1)
    figs[0] = type(figs[0])(**{**figs[0].__dict__, "caption": "Figure 1: " + LONG})
    deck = build(s, {"2601.00001": figs})
    fig = slide(deck, "paper:2601.00001:figure:1")
    shown = fig.texts["caption"].paras[0].text
    assert shown == ("図1: Overview of the method: a lightweight index branch scores key-value "
                     "blocks and keeps the top-k per group, e.g. for 1M tokens.")
    assert LONG in fig.notes.replace("\n", " ")


def test_a_translated_caption_is_shown_with_the_english_in_the_notes():
    s = session(picks=())
    ja = Translated(captions={1: "図1: 手法の概要。詳細は本文。"})
    deck = build(s, {"2601.00001": figures("2601.00001", 1)}, {"2601.00001": ja})
    fig = slide(deck, "paper:2601.00001:figure:1")
    assert fig.texts["caption"].paras[0].text == "図1: 手法の概要。詳細は本文。"
    assert "Figure 1: Caption 1." in fig.notes


def test_a_hand_figure_is_credited_to_the_presenter():
    deck = build(session(picks=()), {"2601.00001": figures("2601.00001", 1, method="hand")})
    assert slide(deck, "paper:2601.00001:figure:1").texts["caption"].paras[-1].text == \
        "図: 発表者"


def test_a_single_paper_sections_figure_specs_make_its_figure_slides():
    s = single(sections=(Section("結果", figures=(3, 4), figure_specs=(
        FigureSpec((3, 4), "計算量と速度", "一文"),)),))
    deck = build(s, {"2606.13392": figures("2606.13392", 3, 4)})
    group = slide(deck, "section:1:figure:3-4")
    assert (group.kind, group.texts["title"].plain) == ("figures2", "計算量と速度")


def test_short_names_and_shortening():
    assert short_name("EvoArena: Tracking Memory") == "EvoArena"
    assert short_name("Where, What, Why, and Importance: Structured Defect Grounding") == \
        "Where, What, Why, and"
    assert short_name("MiniMax Sparse Attention") == "MiniMax Sparse Attention"
    assert shorten("短い。二つ目。") == "短い。二つ目。"
    assert shorten("A first one. A second one.", limit=15) == "A first one."
    assert shorten("Fig. 2 shows e.g. the method in detail. Next.", limit=45) == \
        "Fig. 2 shows e.g. the method in detail. Next."
    words = shorten("word " * 60)
    assert len(words) <= 120 and words.endswith("word…")
    ja = shorten("あ" * 300)
    assert len(ja) == 120 and ja.endswith("…")


def test_the_default_rule_still_shows_figure_1_and_all_of_a_pick():
    s = session(picks=(ArxivRef("2601.00002"),))
    deck = build(s, {"2601.00001": figures("2601.00001", 1, 2),
                     "2601.00002": figures("2601.00002", 1, 2)})
    k = [x.key for x in deck.slides]
    assert "paper:2601.00001:figure:1" in k and "paper:2601.00001:figure:2" not in k
    assert {"pickup:2601.00002:figure:1", "pickup:2601.00002:figure:2"} <= set(k)
    assert slide(deck, "pickup:2601.00002:figure:2").texts["title"].plain == \
        "図2 Title of 2601.00002"


def test_an_explanation_too_long_for_the_strip_goes_on_a_slide_before_the_figures():
    long = "図の読み方をとても丁寧に説明する長い文です。" * 30
    s = session(papers={"2601.00001": PaperNotes(figures=(4, 5), figure_specs=(
        FigureSpec((4, 5), "比較", long),))})
    strip = {**FULL, "figures2": {**FULL["figures2"], "body": (800.0, 50.0)}}
    deck = build(s, {"2601.00001": figures("2601.00001", 4, 5)}, geometry=strip)
    k = [x.key for x in deck.slides]
    text = [x for x in k if x.startswith("paper:2601.00001:figure:4-5:text")]
    assert text and k.index(text[-1]) + 1 == k.index("paper:2601.00001:figure:4-5")
    assert "body" not in slide(deck, "paper:2601.00001:figure:4-5").texts
    assert not [w for w in deck.warnings if "too long" in w]


def test_a_hand_image_an_own_slide_shows_is_not_shown_again_as_a_figure_slide():
    # A pick shows every figure of figures/<id>/; the presenter's own file there that an own
    # slide already shows as an image would otherwise come back as a figure slide of its own.
    pid = "2601.00002"
    shot = Path(f"figures/{pid}/demo.png")
    entries = [FigureEntry(1, Path(f"s/figures/{pid}/fig1.png"), "Figure 1: A.", method="html",
                           width=640, height=480),
               FigureEntry(2, Path("s") / shot, "", method="hand", width=640, height=480)]
    demo = OwnSlide(title="著者によるデモ", images=(SlideImage(file=shot),), at="pickup")
    s = session(picks=(ArxivRef(pid),), slides=(demo,))
    papers = {r.base: titled(r.base, f"Title of {r.base}") for r in s.all_refs()}
    pictures = {shot: Picture(Path("s") / shot, 640, 480)}
    deck = plan_deck(PlanInput(s, papers, {}, {pid: entries}, FULL, images=pictures))
    k = [x.key for x in deck.slides]
    assert f"pickup:{pid}:figure:1" in k
    assert f"pickup:{pid}:figure:2" not in k
    assert sum(1 for x in deck.slides if x.picture and x.picture.path == Path("s") / shot) == 1
