"""fetch_session(): arXiv metadata (and figures) for every paper of a session, into the lock.

Only what the lock lacks is asked for (everything with `refresh`), in batched `id_list`
requests; each batch is written to the lock atomically before the next is sent, so an
interruption or a failure keeps what was fetched. A second fetch sends no request.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.errors import DeckgenError, LockError
from deckgen.model.ids import ArxivRef
from deckgen.model.session import Session
from deckgen.net.http import NetworkError, PoliteSession
from deckgen.session.affiliations import found_on_page, session_orgs, with_org, with_session_orgs
from deckgen.session.store import LOCK_FILE, Lock, LockedRanking, load_lock, save_lock
from deckgen.session.validate import load_session

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]  # (done, total, what was done or is under way)


class UnknownIdsError(DeckgenError):
    """arXiv does not know (or rejects) some ids; the others were fetched and stored."""


@dataclass(frozen=True)
class FetchResult:
    """What a fetch did: ids stored now, ids arXiv did not return, requests sent."""

    fetched: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()
    requests: int = 0
    warnings: list[str] = field(default_factory=list)
    figures: int = 0  # figures stored in all (fetched now or before)
    sent: dict[str, int] = field(default_factory=dict)  # requests per service


def needed_refs(session: Session, lock: Lock, refresh: bool = False) -> list[ArxivRef]:
    """The ids whose metadata the lock lacks (or at another version than the spec pins)."""
    out = []
    for ref in session.all_refs():
        paper = lock.papers.get(ref.base)
        if refresh or paper is None or (ref.version and paper.version != ref.version):
            out.append(ref)
    return out


def fetch_session(
    session_dir: Path,
    *,
    refresh: bool = False,
    offline: bool = False,
    figures: bool = True,
    figures_must_work: bool = True,
    http: PoliteSession | None = None,
    progress: Progress | None = None,
    figure_progress: Progress | None = None,
    note: Callable[[str], None] | None = None,
) -> FetchResult:
    """Fetch what `session_dir`'s lock and figure folders lack; raise UnknownIdsError naming
    unknown ids.

    `progress(done, total, what)` is called after each metadata batch, `figure_progress`
    before and after each paper's figures, and `note(message)` at each step between them
    (a figure being fetched, a pause between two requests to a host). With `offline`,
    nothing is sent: a lock that lacks something is an error naming what. With
    `figures_must_work` false (a build), an unreachable figure source is a warning, not an
    error.
    """
    # the spec is checked before any request, all but who presents (build checks that)
    session = load_session(session_dir, papers_only=True)
    lock = load_lock(session_dir)
    _record_rankings(session, lock)
    with_session_orgs(session, lock.papers)  # an org: written since the last fetch counts
    wanted = needed_refs(session, lock, refresh)
    if offline:
        if wanted:
            raise LockError(f"{session_dir / LOCK_FILE}: no metadata for "
                            f"{', '.join(map(str, wanted))} (run `deckgen fetch {session_dir}` "
                            "with network)")
        save_lock_if_changed(session_dir, lock)
        return FetchResult()
    http = http or PoliteSession()
    sent_before = http.requests_sent
    hosts_before = Counter(http.sent_to)
    if note is not None:
        http.on_wait = lambda host, seconds, why: note(f"{host}: waiting {seconds:.1f} s "
                                                       f"({why})")
    if not wanted:
        log.info("%s: every paper is in the lock", session_dir)
        save_lock_if_changed(session_dir, lock)
        stored, warnings = (_figures(session, lock, http, refresh, figures_must_work,
                                     figure_progress, note)
                            if figures else (0, []))
        return FetchResult(requests=http.requests_sent - sent_before, warnings=warnings,
                           figures=stored, sent=_by_service(http, hosts_before))

    from deckgen.net.arxiv import fetch_batches  # the arxiv package is only needed here

    orgs = session_orgs(session)
    fetched: list[str] = []
    unknown: list[str] = []
    rejected: list[str] = []
    done = 0
    for batch in fetch_batches(wanted, http):
        for pid, paper in batch.papers.items():
            lock.papers[pid] = with_org(paper, orgs.get(pid))
            fetched.append(pid)
        unknown += batch.missing
        rejected += batch.rejected
        save_lock(session_dir, lock)  # keep each batch, whatever happens to the next
        done += len(batch.papers) + len(batch.missing) + len(batch.rejected)
        if progress:
            progress(done, len(wanted), f"{len(batch.papers)} papers stored")
    if unknown or rejected:
        result = FetchResult(tuple(fetched), tuple(unknown), tuple(rejected))
        raise UnknownIdsError(_unknown_message(session, result))
    stored, warnings = (_figures(session, lock, http, refresh, figures_must_work,
                                 figure_progress, note)
                        if figures else (0, []))
    return FetchResult(tuple(fetched), (), (), http.requests_sent - sent_before, warnings,
                       stored, _by_service(http, hosts_before))


def _by_service(http: PoliteSession, before: Counter[str]) -> dict[str, int]:
    """Requests sent since `before`, per service."""
    out: Counter[str] = Counter()
    for host, n in (http.sent_to - before).items():
        out[http.endpoints.service(host)] += n
    return dict(out)


def _figures(session: Session, lock: Lock, http: PoliteSession, refresh: bool,
             must_work: bool, progress: Progress | None = None,
             note: Callable[[str], None] | None = None) -> tuple[int, list[str]]:
    """Figures the deck needs, paper by paper; affiliations found on a paper's HTML page
    fill gaps in the lock."""
    from deckgen.figures.fetch import fetch_figures

    papers = [lock.papers[ref.base] for ref in session.all_refs() if ref.base in lock.papers]
    stored, warnings, changed = 0, [], False
    # a build can do without figures: one retry, not a minute of backoff when offline
    retries = http.retries if must_work else 1

    def step(message: str) -> None:
        log.info("%s", message)
        if note is not None:
            note(message)

    for done, paper in enumerate(papers, 1):
        if progress:
            progress(done - 1, len(papers), paper.id)
        sent = http.requests_sent
        try:
            with http.retrying_at_most(retries):
                result = fetch_figures(session, {paper.id: paper}, http, refresh=refresh,
                                       progress=step)
        except NetworkError as exc:
            if must_work:
                raise
            warnings.append(f"figures not fetched ({exc.message}); the deck is built without "
                            f"the missing ones; run `deckgen fetch {session.dir}` later")
            break
        if http.requests_sent == sent:
            log.info("%s: every figure the deck shows is in figures/ already (%d)", paper.id,
                     result.fetched.get(paper.id, 0))
        stored += sum(result.fetched.values())
        warnings += result.warnings
        now = found_on_page(paper, result.affiliations.get(paper.id) or [])
        if now != paper:
            lock.papers[paper.id], changed = now, True
        if progress:
            count = result.fetched.get(paper.id, 0)
            progress(done, len(papers), f"{paper.id}: {count} figure{'' if count == 1 else 's'}")
    if changed:
        save_lock(session.dir, lock)
    return stored, warnings


def _unknown_message(session: Session, result: FetchResult) -> str:
    parts = []
    if result.rejected:
        parts.append(f"arXiv rejects {', '.join(result.rejected)} as malformed")
    if result.unknown:
        parts.append(f"arXiv does not know {', '.join(result.unknown)}")
    kept = f"; the other {len(result.fetched)} are stored in {LOCK_FILE}" if result.fetched else ""
    return (f"{session.file}: {' and '.join(parts)} (check these ids, fix or remove them, "
            f"and run `deckgen fetch` again){kept}")


def _record_rankings(session: Session, lock: Lock) -> None:
    lock.rankings = [
        LockedRanking(r.name, r.source, r.query,
                      r.surveyed_at.isoformat() if r.surveyed_at else None)
        for r in session.rankings
    ]


def save_lock_if_changed(session_dir: Path, lock: Lock) -> None:
    """Write the lock only when its text changes (keeps git and timestamps quiet)."""
    path = session_dir / LOCK_FILE
    text = lock.to_json()
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    if lock.papers or lock.rankings:
        save_lock(session_dir, lock)
