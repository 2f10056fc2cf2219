"""Month-to-month memory and team surveys in the survey deck.

A paper an earlier month presented (`PlanInput.history`) is marked on the ranking list
`⇒ 2026-05 #3`, in the form of the cross-ranking marks, and is not presented again unless
`compose.earlier: present` (or the paper's `earlier: present`) says so, or it is picked.
With a team, each paper's slide says who surveyed it (`papers.<id>.surveyed_by`), the agenda
shows the split as the 2022-04 reference deck does, and the notes say whom to ask.
"""

from __future__ import annotations

from deckgen.model.deck import Para
from deckgen.plan.planner import Planner

SPLIT_HEADING = "文献調査の分担 (質問は各担当へ)"


def earlier_mark(p: Planner, pid: str) -> str:
    """` ⇒ 2026-05 #3` when an earlier month presented `pid`, else ''."""
    mark = p.inp.history.mark(pid)
    return f" {mark.text}" if mark is not None else ""


def skipped(p: Planner, pid: str) -> bool:
    """True when `pid` is only marked: an earlier month presented it, this session does not
    present it again, and it is not picked (a pick is the presenter's choice to show it)."""
    s = p.inp.session
    if p.inp.history.mark(pid) is None or pid in {ref.base for ref in s.picks}:
        return False
    mode = s.notes(pid).earlier or s.compose.earlier
    return mode != "present"


def surveyed_by(p: Planner, pid: str) -> str | None:
    """Who of the team surveyed `pid` (None without a team or an assignment)."""
    return p.inp.session.notes(pid).surveyed_by or None


def survey_credit(p: Planner, pid: str) -> str:
    """`調査: 山田 太郎` for the paper's slide ('' when nobody is named)."""
    who = surveyed_by(p, pid)
    return f"調査: {who}" if who else ""


def notes_line(p: Planner, pid: str) -> str:
    """The speaker notes' line saying whom to ask about `pid` ('' when nobody is named)."""
    who = surveyed_by(p, pid)
    return f"調査担当: {who} (この論文の質問は {who} へ)" if who else ""


def agenda_paras(p: Planner) -> list[Para]:
    """The agenda's lines on what earlier months presented, and the team's split."""
    s = p.inp.session
    paras: list[Para] = []
    shown: dict[str, None] = {}
    for ranking in s.rankings:
        for entry in ranking.entries:
            shown.setdefault(entry.ref.base)
    earlier = [pid for pid in shown if skipped(p, pid)]
    if earlier:
        paras.append(Para(f"うち {len(earlier)} 本は過去の回で発表済み (一覧に ⇒ 月 #順位)",
                          level=1))
    split = team_split(p)
    if split:
        paras.append(Para(SPLIT_HEADING, level=1))
        paras += [Para(f"{who}: {labels}", level=2) for who, labels in split]
    return paras


def team_split(p: Planner) -> list[tuple[str, str]]:
    """(member, the numbers of the papers they surveyed: `①④`, with several rankings
    `Top Upvoted ①④、Top Recent ②`) in team order, then anyone else named; a paper under
    several rankings counts under its first, one only marked under none; [] without `team:`."""
    s = p.inp.session
    if not s.team:
        return []
    papers: dict[str, dict[str, list[str]]] = {name: {} for name in s.team}
    seen: set[str] = set()
    for ranking in s.rankings:
        for rank, entry in enumerate(ranking.entries, 1):
            pid = entry.ref.base
            who = surveyed_by(p, pid)
            if pid in seen or who is None or skipped(p, pid):
                continue
            seen.add(pid)
            by_ranking = papers.setdefault(who, {})
            by_ranking.setdefault(ranking.name, []).append(p.label(rank))
    named = len(s.rankings) > 1
    glue = "" if s.compose.numbers == "circled" else " "  # ①④, but 1. 4.
    return [(who, "、".join(f"{name} {glue.join(marks)}" if named else glue.join(marks)
                           for name, marks in by_ranking.items()))
            for who, by_ranking in papers.items() if by_ranking]
