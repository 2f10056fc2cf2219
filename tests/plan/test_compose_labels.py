"""The labels a survey writes: its rank numbers (`compose.numbers`), the pickup's label
(`compose.pickup_label`), and whether it ends with the credits slide (`compose.credits`)."""

from __future__ import annotations

import datetime as dt

from deckgen.model.deck import Chart
from deckgen.model.ids import ArxivRef
from deckgen.model.session import Compose, PaperNotes, Ranking, RankingEntry
from deckgen.plan.planner import number_label
from tests.plan.test_compose import body, keys, plan, slide, survey


def test_rank_labels_are_circled_or_dotted():
    assert [number_label(n, "circled") for n in (1, 10, 51)] == ["①", "⑩", "No.51"]
    assert [number_label(n, "dotted") for n in (1, 10, 51)] == ["1.", "10.", "51."]


def test_dotted_numbers_label_titles_lists_back_references_and_the_split():
    s = survey(Compose(numbers="dotted"), team=("B", "C"),
               papers={"2601.00001": PaperNotes(surveyed_by="C"),
                       **{k: v for k, v in survey().papers.items() if k != "2601.00001"}})
    deck = plan(s)
    titles = [x.texts["title"].plain for x in deck.slides]
    assert "1. Title of 2601.00001" in titles and "3. Title of 2601.00003" in titles
    assert not [t for t in titles if any(ch in t for ch in "①②③④")]
    listed = body(deck, "ranking:1:list:1")
    assert listed[0] == "1. Title of 2601.00001"
    assert listed[1] == "2. Title of 2601.00002 【pickup】"
    assert body(deck, "pickup:2601.00002:summary")[0] == "アブストラクトは Top Recent 2. を参照"
    assert "C: Top Recent 1." in body(deck, "agenda")


def test_dotted_numbers_label_a_paper_presented_again_and_the_chart():
    deck = plan(survey(Compose(numbers="dotted", repeats="present")))
    again = slide(deck, "paper:2601.00003:r2:abstract:1")
    assert again.texts["title"].plain.startswith("2. ")
    assert "Top Recent 3." in again.texts["affiliation"].plain
    s = survey(Compose(numbers="dotted", chart="slide"), rankings=(
        Ranking("Top", "hf-daily", None, dt.date(2026, 1, 15), None,
                (RankingEntry(ArxivRef("2601.00001"), signal="12"),
                 RankingEntry(ArxivRef("2601.00002"), signal="7"))),), picks=())
    chart = slide(plan(s), "ranking:1:chart").chart
    assert isinstance(chart, Chart)
    assert [c.split()[0] for c in chart.categories] == ["1.", "2."]


def test_the_pickup_label_titles_the_pickup_slides_and_the_list_keeps_its_mark():
    deck = plan(survey(Compose(pickup_label="気になった 1 本")))
    assert slide(deck, "pickup:2601.00002:summary").texts["title"].plain == \
        "気になった 1 本 Title of 2601.00002"
    assert "② Title of 2601.00002 【pickup】" in body(deck, "ranking:1:list:1")
    default = plan(survey())
    assert slide(default, "pickup:2601.00002:summary").texts["title"].plain == \
        "【pickup】 Title of 2601.00002"


def test_the_credits_slide_switches_off():
    assert keys(plan(survey()))[-1] == "credits"
    deck = plan(survey(Compose(credits=False)))
    assert "credits" not in keys(deck)
    assert keys(deck)[-1].startswith("pickup:2601.00002")
