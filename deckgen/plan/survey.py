"""The monthly survey deck (AI最新論文読み会): rankings, papers, pickup, credits."""

from __future__ import annotations

from deckgen.model.deck import Para
from deckgen.model.session import Ranking
from deckgen.plan import chart, compose, memory, own
from deckgen.plan.planner import (
    RANKING_BODY,
    SOURCE_NAMES,
    Planner,
    format_date,
    item_paras,
    page_mark,
    ranking_date,
    translation_credits,
)

PICKUP_MARK = "【pickup】"  # a pick on the ranking list (its slides: compose.pickup_label)
PICKUP_TITLE = "気になった論文"
EMPTY_RANKING = "(このランキングに論文はありません)"


def plan_survey(p: Planner) -> None:
    """Title, self-introduction, agenda, rankings with their papers, pickup, credits."""
    s = p.inp.session
    p.title_slide(s.event, [s.affiliation or "", _presenter_line(s.presenter, s.team),
                            format_date(s.date) if s.compose.title_date else ""])
    p.self_intro()
    if s.compose.agenda:
        p.bullets("agenda", "Agenda", _agenda(p))
    own.insert(p, "start")
    picked = {ref.base for ref in s.picks}
    first_seen: dict[str, tuple[Ranking, int]] = {}
    for r_index, ranking in enumerate(s.rankings):
        rkey = f"ranking:{r_index + 1}"
        date = ranking_date(ranking)
        own.insert(p, "before", ranking.name)
        if s.compose.dividers:
            p.section(f"{rkey}:section", f"{ranking.name} {len(ranking.entries)}",
                      f"{_source_name(ranking)}{' / ' + date + ' にサーベイ' if date else ''}")
        _ranking_list(p, ranking, rkey, first_seen, picked)
        for rank, entry in enumerate(ranking.entries, 1):
            pid = entry.ref.base
            if first_seen[pid][0] is not ranking:  # an earlier ranking presented it
                compose.present_again(p, pid, r_index + 1, rank, first_seen[pid])
                continue
            if memory.skipped(p, pid):  # an earlier month presented it: the list marks it
                continue
            label = p.label(rank)
            compose.present(p, pid, label, f"paper:{pid}")
            notes = s.notes(pid)
            if pid in picked:
                own.insert(p, own.PAPER, pid)
                continue  # summary and figures come in the pickup section
            if notes.summary and s.compose.summary == "slide":
                p.summary_slide(pid, label, f"paper:{pid}", notes.summary)
            p.figure_slides(pid, label, f"paper:{pid}")
            own.insert(p, own.PAPER, pid)
        own.insert(p, "after", ranking.name)
    if picks := compose.pickup_picks(p, note=True):  # those with more than a pointer back
        if s.compose.dividers:
            p.section("pickup:section", PICKUP_TITLE, f"{len(picks)} 本")
        for ref in picks:
            pid = ref.base
            label = s.compose.pickup_label  # 【pickup】, or the presenter's 気になった 1 本
            compose.pickup(p, pid, label, first_seen.get(pid))
            p.figure_slides(pid, "", f"pickup:{pid}")
            own.insert(p, own.PICK, pid)
    own.insert(p, "pickup")
    own.insert(p, "end")
    own.left_out(p)
    if s.compose.credits:
        p.bullets("credits", "クレジット", _credits(p), kind="closing")


def _presenter_line(presenter: str, team: tuple[str, ...]) -> str:
    """The presenter, or the team with the presenter marked `*` as in the reference decks."""
    if not team:
        return presenter
    names = [f"*{name}" if name == presenter else name for name in team]
    if presenter not in team:
        names.insert(0, f"*{presenter}")
    return " ".join(names) + " (文献調査を分担、今回の発表者*)"


def _source_name(ranking: Ranking) -> str:
    return ranking.description or SOURCE_NAMES.get(ranking.source or "", ranking.source or "")


def _agenda(p: Planner) -> list[Para]:
    s = p.inp.session
    paras: list[Para] = []
    for source in dict.fromkeys(_source_name(r) for r in s.rankings if _source_name(r)):
        paras.append(Para(f"{source} から人気の論文をピックアップして紹介", level=1))
    dates = list(dict.fromkeys(d for r in s.rankings if (d := ranking_date(r))))
    if dates:
        paras.append(Para(f"{'、'.join(dates)} にサーベイ", level=1))
    for ranking in s.rankings:
        paras.append(Para(f"{ranking.name} の上位 {len(ranking.entries)} 本", numbered=True))
    if picks := compose.pickup_picks(p):
        paras.append(Para(f"{PICKUP_TITLE} {len(picks)} 本", numbered=True))
    paras += memory.agenda_paras(p)  # what earlier months presented, the team's split
    return paras


def _ranking_list(p: Planner, ranking: Ranking, rkey: str,
                  first_seen: dict[str, tuple[Ranking, int]], picked: set[str]) -> None:
    """①..⑩ with `(原文: …)`, `⇒ <ranking> #N` for repeats, 【pickup】; split when long."""
    paras: list[Para] = []
    if not ranking.entries:  # e.g. a listing feed taken on a weekend
        paras.append(Para(EMPTY_RANKING))
    for rank, entry in enumerate(ranking.entries, 1):
        pid = entry.ref.base
        shown, original = p.titles(pid)
        marks = ""
        if pid in picked:
            marks += f" {PICKUP_MARK}"
        if pid in first_seen:
            earlier, earlier_rank = first_seen[pid]
            marks += f" ⇒ {earlier.name} #{earlier_rank}"
        else:
            first_seen[pid] = (ranking, rank)
            marks += memory.earlier_mark(p, pid)  # ⇒ 2026-05 #3: an earlier month's
        text = f"{p.label(rank)} {shown}{marks}"
        if original:
            text += f"\n(原文: {original})"
        paras.append(Para(text))
    title = f"{ranking.name} ({ranking_date(ranking)})" if ranking.surveyed_at else ranking.name
    if chart.list_beside_chart(p, ranking, rkey, title, paras):
        return
    pages = p.paginate("ranking", "body", paras, sizes=RANKING_BODY)
    for n, page in enumerate(pages, 1):
        suffix = page_mark(n, len(pages))
        p.add("ranking", f"{rkey}:list:{n}", {"title": [Para(title + suffix)],
                                               "body": list(page.paras)},
              sizes={"body": (page.size_pt, page.size_pt)})
    chart.chart_slide(p, ranking, rkey)  # the ranking's signal as a bar chart


def _shown_query(ranking: Ranking) -> bool:
    """Whether the credits show a ranking's query: a `list` ranking's is a file on the
    presenter's machine, or the ids its slides show already, so only a web page is shown."""
    if not ranking.query:
        return False
    return ranking.source != "list" or ranking.query.startswith(("https://", "http://"))


def _credits(p: Planner) -> list[Para]:
    s = p.inp.session
    paras = translation_credits(p.inp)
    for ranking in s.rankings:
        date = ranking_date(ranking)
        query = f" [{ranking.query}]" if _shown_query(ranking) else ""
        paras.append(Para(f"ランキング「{ranking.name}」: {_source_name(ranking)}{query}"
                          f"{', ' + date + ' にサーベイ' if date else ''}", level=1))
    paras.append(Para("論文情報: arXiv (arxiv.org)", level=1))
    paras.extend(item_paras(s.closing))  # sub-bullets under their line
    return paras
