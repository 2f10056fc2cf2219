"""The ranking's signal as a native bar chart (`compose.chart`).

`off` (the default) draws none: the reference decks have no chart, and a deck built before
this switch existed, perhaps edited by hand since, must not gain a slide on its next
rebuild. `slide` puts the chart on a slide of its own after the ranking list: the list of
translated titles with `(原文: …)` fills its slide already, so this is the readable choice.
`beside` draws it right of the list, each list page with the chart of its own papers, when
the template has a layout with a chart box (else it falls back to `slide`); at half the
width, ten papers take two list slides. A ranking whose papers carry no number (an arXiv
search, your own list) has no chart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from deckgen.model.deck import Chart, Para
from deckgen.model.session import Ranking
from deckgen.plan.planner import RANKING_BODY, Planner, page_mark, ranking_date

SIGNAL_NAMES = {"hf-daily": "upvotes", "hf-trending": "upvotes", "pwc-trending": "stars"}
SHORT_TITLE = 18  # characters of a category label; a wide character counts one
_HEAD = re.compile(r"\s*[:：]\s*")


def signal_value(signal: str | None) -> float | None:
    """The number in a ranking's signal (`118`, `1,234`), or None (`#3`, a date, nothing)."""
    if signal is None:
        return None
    try:
        return float(signal.replace(",", "").strip())
    except ValueError:
        return None


def short_title(title: str) -> str:
    """The part before the subtitle (`EvoArena: Tracking …` -> `EvoArena`), cut to fit."""
    head = _HEAD.split(title.strip(), maxsplit=1)[0] or title.strip()
    return head if len(head) <= SHORT_TITLE else head[:SHORT_TITLE - 1] + "…"


def ranking_chart(p: Planner, ranking: Ranking, ranks: Sequence[int] | None = None
                  ) -> Chart | None:
    """The chart of `ranking` (of the papers at `ranks`, 1-based, when given): a bar per
    paper with a number, labelled `① short title`; None when no paper has one."""
    categories: list[str] = []
    values: list[float] = []
    for rank, entry in enumerate(ranking.entries, 1):
        value = signal_value(entry.signal)
        if value is None or (ranks is not None and rank not in ranks):
            continue
        categories.append(f"{p.label(rank)} {short_title(p.titles(entry.ref.base)[0])}")
        values.append(value)
    if not values:
        return None
    return Chart(SIGNAL_NAMES.get(ranking.source or "", "signal"), tuple(categories),
                 tuple(values))


def chart_mode(p: Planner, ranking: Ranking) -> str:
    """off, slide or beside for this ranking: off without numbers, slide when the template
    has no chart box beside a list."""
    mode = p.inp.session.compose.chart
    if mode == "off" or ranking_chart(p, ranking) is None:
        return "off"
    if mode == "beside" and "chart" not in p.inp.geometry.get("ranking_chart", {}):
        return "slide"
    return mode


def list_beside_chart(p: Planner, ranking: Ranking, rkey: str, title: str,
                      paras: Sequence[Para]) -> bool:
    """With `compose.chart: beside`, the list pages, each beside the chart of its papers
    (one paragraph per paper); False (nothing added) in every other case."""
    if chart_mode(p, ranking) != "beside" or len(paras) != len(ranking.entries):
        return False
    pages = p.paginate("ranking_chart", "body", paras, sizes=RANKING_BODY)
    first = 1
    for n, page in enumerate(pages, 1):
        ranks = range(first, first + len(page.paras))
        first += len(page.paras)
        p.add("ranking_chart", f"{rkey}:list:{n}",
              {"title": [Para(title + page_mark(n, len(pages)))], "body": list(page.paras)},
              sizes={"body": (page.size_pt, page.size_pt)})
        p.slides[-1] = replace(p.slides[-1], chart=ranking_chart(p, ranking, ranks))
    return True


def chart_slide(p: Planner, ranking: Ranking, rkey: str) -> None:
    """With `compose.chart: slide`, the chart on a slide of its own (after the list)."""
    if chart_mode(p, ranking) != "slide":
        return
    chart = ranking_chart(p, ranking)
    date = ranking_date(ranking)
    title = f"{ranking.name}{f' ({date})' if date else ''}: {chart.series}" if chart else ""
    p.add("chart", f"{rkey}:chart", {"title": [Para(title)]},
          notes=f"{ranking.name}: {chart.series}" if chart else "")
    p.slides[-1] = replace(p.slides[-1], chart=chart)
