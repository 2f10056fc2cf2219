"""A paper's 著者所属 as the deck shows it: arXiv's own, else the session's `org:`, else the
affiliations on the paper's HTML page.

The lock keeps what was looked up and notes where a paper's affiliations came from
(`extra.affiliations_from`: arxiv, org or html). The session's `org:` is applied on every
fetch and build, with no request: an `org:` added or changed after `deckgen new` replaces
affiliations that came from an earlier `org:` or from the HTML page, and one removed takes
its affiliations along. Affiliations arXiv gave are never replaced, nor, in a lock written
before deckgen noted where they came from, any that are there (`fetch --refresh` notes it).
"""

from __future__ import annotations

from dataclasses import replace

from deckgen.model.paper import Paper
from deckgen.model.session import Session

FROM = "affiliations_from"  # Paper.extra: where its affiliations came from
ARXIV, ORG, HTML = "arxiv", "org", "html"


def session_orgs(session: Session) -> dict[str, str]:
    """Organisations the rankings name, by paper id (the first ranking that names one)."""
    out: dict[str, str] = {}
    for ranking in session.rankings:
        for entry in ranking.entries:
            if entry.org:
                out.setdefault(entry.ref.base, entry.org)
    return out


def with_org(paper: Paper, org: str | None) -> Paper:
    """`paper` with the session's organisation applied (see the module docstring)."""
    source = paper.extra.get(FROM)
    if source == ARXIV or (source is None and paper.affiliations):
        return paper
    if org:
        if source == ORG and paper.affiliations == (org,):
            return paper
        return replace(paper, affiliations=(org,), extra={**paper.extra, FROM: ORG})
    if source == ORG:  # the session names no organisation any more
        return replace(paper, affiliations=(),
                       extra={k: v for k, v in paper.extra.items() if k != FROM})
    return paper


def with_session_orgs(session: Session, papers: dict[str, Paper]) -> bool:
    """Apply the session's `org:` to `papers` in place; True when any changed."""
    orgs, changed = session_orgs(session), False
    for pid, paper in papers.items():
        now = with_org(paper, orgs.get(pid))
        if now != paper:
            papers[pid], changed = now, True
    return changed


def found_on_page(paper: Paper, found: list[str]) -> Paper:
    """`paper` with the affiliations of its HTML page, when it has none."""
    if paper.affiliations or not found:
        return paper
    return replace(paper, affiliations=tuple(found), extra={**paper.extra, FROM: HTML})
