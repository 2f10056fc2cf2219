"""THE rule for which figures a deck shows, and that fetch, translation and plan all follow it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from deckgen.model.figures import (
    FigureEntry,
    select_figures,
    shown_figure_numbers,
    shown_figures,
)
from deckgen.model.ids import ArxivRef
from deckgen.model.session import PaperNotes, Section, Session


def survey(**kw) -> Session:
    return Session(dir=Path("."), file=Path("session.yaml"), kind="survey", name="t", event="e",
                   date=dt.date(2026, 6, 1), presenter="p", **kw)


def single(sections: tuple[Section, ...]) -> Session:
    return Session(dir=Path("."), file=Path("session.yaml"), kind="single", name="t", event="e",
                   date=dt.date(2026, 6, 1), presenter="p", paper=ArxivRef("2606.13392"),
                   sections=sections)


def entries(*numbers: int) -> list[FigureEntry]:
    return [FigureEntry(n, Path(f"f{n}.png"), f"Figure {n}.") for n in numbers]


def test_a_listed_paper_shows_figure_one_and_a_pick_every_figure() -> None:
    s = survey(picks=(ArxivRef("2606.00002"),))
    assert shown_figure_numbers(s, "2606.00001") == (1,)
    assert shown_figure_numbers(s, "2606.00002") is None


def test_the_presenters_choice_wins_over_the_default() -> None:
    s = survey(picks=(ArxivRef("2606.00002"),),
               papers={"2606.00001": PaperNotes(figures=(3, 2)),
                       "2606.00002": PaperNotes(figures=()),
                       "2606.00003": PaperNotes(figures=None, all_figures=True)})
    assert shown_figure_numbers(s, "2606.00001") == (3, 2)
    assert shown_figure_numbers(s, "2606.00002") == ()
    assert shown_figure_numbers(s, "2606.00003") is None


def test_a_single_paper_deck_shows_only_what_its_sections_name() -> None:
    named = single((Section("手法", figures=(2,)), Section("結果", figures=(4, 2))))
    assert shown_figure_numbers(named, "2606.13392") == (2, 4)
    # no section names a figure: nothing is shown, so nothing is fetched (not Figure 1)
    assert shown_figure_numbers(single((Section("手法"),)), "2606.13392") == ()
    assert shown_figure_numbers(named, "2606.99999") == ()


def test_selection_keeps_the_chosen_order_and_skips_what_is_missing() -> None:
    assert [f.number for f in select_figures(entries(3, 1, 2), (3, 9, 1))] == [3, 1]
    assert [f.number for f in select_figures(entries(3, 1, 2), None)] == [1, 2, 3]
    s = survey(picks=(ArxivRef("2606.00002"),))
    shown = shown_figures(s, {"2606.00001": entries(1, 2), "2606.00002": entries(1, 2),
                              "2606.00003": entries(2)})
    assert {pid: [f.number for f in fs] for pid, fs in shown.items()} == {
        "2606.00001": [1], "2606.00002": [1, 2]}
