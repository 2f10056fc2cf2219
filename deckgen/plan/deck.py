"""`plan_deck`: the pure planning stage, session, papers and texts in, a Deck out."""

from __future__ import annotations

from deckgen.model.deck import Deck
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
    keys = [s.key for s in planner.slides]
    if len(set(keys)) != len(keys):  # a rebuild finds each slide by its key
        twice = sorted({k for k in keys if keys.count(k) > 1})
        raise ValueError(f"slide keys planned twice: {', '.join(twice)}")
    return Deck(inp.session.name, tuple(planner.slides), tuple(planner.warnings))
