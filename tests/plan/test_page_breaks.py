"""A line `---` in an abstract (a hand translation's, in translations.yaml) ends the paper's
slide there: the presenter breaks a long abstract where the real deck does."""

from __future__ import annotations

from deckgen.model.session import Compose
from deckgen.model.texts import Translated
from tests.plan.test_compose import keys, plan, slide, survey

PID = "2601.00001"


def pages(deck) -> list[tuple[str, list[str]]]:
    return [(s.texts["title"].plain, [p.text for p in s.texts["body"].paras])
            for s in deck.slides if s.key.startswith(f"paper:{PID}:abstract:")]


def hand(abstract: str) -> dict[str, Translated]:
    return {PID: Translated(title="論文の題", abstract=abstract, by=frozenset({"hand"}))}


def test_a_dashed_line_breaks_the_abstract_over_slides_at_one_size():
    deck = plan(survey(), translations=hand("一文目.\n二文目.\n---\n三文目.\n---\n四文目."))
    assert pages(deck) == [("① 論文の題 (1/3)", ["一文目.", "二文目."]),
                           ("① 論文の題 (2/3)", ["三文目."]),
                           ("① 論文の題 (3/3)", ["四文目."])]
    sizes = {slide(deck, f"paper:{PID}:abstract:{n}").texts["body"].size_pt for n in (1, 2, 3)}
    assert len(sizes) == 1
    # the take and the summary's lines follow on the last page
    assert slide(deck, f"paper:{PID}:abstract:3").texts["take"].plain == "→ 面白い"


def test_a_break_with_nothing_before_or_after_it_makes_no_empty_slide():
    deck = plan(survey(), translations=hand("---\n一文目.\n---\n---\n二文目.\n---"))
    assert [body for _, body in pages(deck)] == [["一文目."], ["二文目."]]
    one = plan(survey(Compose(abstract="sentences")), translations=hand("一文目.\n---"))
    assert [body for _, body in pages(one)] == [["一文目."]]
    assert len([k for k in keys(one) if k.startswith(f"paper:{PID}:abstract:")]) == 1


def test_one_bullet_per_sentence_keeps_the_break():
    deck = plan(survey(Compose(abstract="sentences")),
                translations=hand("一文目. 二文目.\n---\n三文目."))
    assert [body for _, body in pages(deck)] == [["一文目.", "二文目."], ["三文目."]]
