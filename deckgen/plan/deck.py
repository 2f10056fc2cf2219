"""`plan_deck`: the pure planning stage, session, papers and texts in, a Deck out."""

from __future__ import annotations

from deckgen.model.deck import Deck, DeckInfo
from deckgen.plan.compose import leave_out_empty
from deckgen.plan.planner import PlanInput, Planner
from deckgen.plan.single import plan_single
from deckgen.plan.survey import plan_survey

__all__ = ["PlanInput", "plan_deck"]


def plan_deck(inp: PlanInput) -> Deck:
    """The deck for a session: a survey deck or a single-paper deck."""
    planner = Planner(inp)
    if inp.session.kind == "single":
        plan_single(planner)
    else:
        plan_survey(planner)
    slides, left_out = leave_out_empty(planner.slides)
    keys = [s.key for s in slides]
    if len(set(keys)) != len(keys):  # a rebuild finds each slide by its key
        twice = sorted({k for k in keys if keys.count(k) > 1})
        raise ValueError(f"slide keys planned twice: {', '.join(twice)}")
    return Deck(inp.session.name, tuple(slides), tuple(planner.warnings),
                deck_info(inp), notes=(*planner.notes, *left_out))


# the session's `language:` as the region-qualified tag Office and PDF readers expect
LANGUAGE_TAGS = {"ja": "ja-JP", "en": "en-US", "zh": "zh-CN", "ko": "ko-KR"}


def deck_info(inp: PlanInput) -> DeckInfo:
    """Title (the event, or the paper's title for a single-paper deck), author (the
    presenter), subject (the event and what it covers), language and the arXiv ids."""
    s = inp.session
    ids = [ref.base for ref in s.all_refs()]
    if s.kind == "single" and s.paper is not None and s.paper.base in inp.papers:
        paper = inp.papers[s.paper.base]
        title, subject = paper.title, f"{s.event}: arXiv:{paper.id}"
    else:
        rankings = ", ".join(r.name for r in s.rankings)
        title = s.event
        subject = f"{s.event}: {len(ids)} papers" + (f" ({rankings})" if rankings else "")
    language = LANGUAGE_TAGS.get(s.language.lower(), s.language)
    return DeckInfo(" ".join(title.split()), s.presenter, subject, language,
                    ", ".join(["arXiv", *ids]))
