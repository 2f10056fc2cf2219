"""new_session(): write `sessions/MONTH/session.yaml` with rankings frozen now.

The file is written as text, not dumped, so it reads like the README's example: comments
where the presenter has work to do, one line per ranked paper.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from deckgen.config import FIELDS, config_path, user_defaults
from deckgen.errors import DeckgenError, OutputError
from deckgen.model.history import Mark
from deckgen.model.ids import parse_arxiv_id
from deckgen.net.http import PoliteSession
from deckgen.net.sources import RankingResult, parse_source_option, rank
from deckgen.net.sources.base import SourceQuery
from deckgen.session.history import load_history
from deckgen.session.jsonschema import modeline
from deckgen.session.store import Lock, LockedRanking, load_lock, save_lock, write_atomic
from deckgen.session.validate import SESSION_FILE
from deckgen.session.yamlwrite import RewriteError, write_paper_fields

DEFAULT_EVENT = "AI最新論文読み会 {year}年{month}月"
# deckgen's repository ships its example session here; a presenter's sessions live elsewhere
REPO_SESSIONS = Path(__file__).resolve().parent.parent / "sessions"
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class NewOptions:
    """What `deckgen new` was asked for."""

    month: str
    root: Path = Path("sessions")
    sources: tuple[str, ...] = ()
    top: int = 10
    event: str | None = None
    presenter: str | None = None
    affiliation: str | None = None
    date: dt.date | None = None
    kind: str = "survey"
    paper: str | None = None
    team: tuple[str, ...] = ()  # --team: the ranked papers are dealt out to them in turn


@dataclass(frozen=True)
class NewResult:
    """The session file written, the rankings frozen into it, and what the presenter should
    check in it (a date that is not in the month, an empty presenter)."""

    file: Path
    rankings: tuple[RankingResult, ...]
    notes: list[str] = field(default_factory=list)
    # papers of the new rankings an earlier month presented (session folders beside it,
    # history.yaml), with where; None when there is no earlier month
    earlier: tuple[tuple[str, Mark], ...] | None = None
    dealt: dict[str, int] = field(default_factory=dict)  # team member -> papers dealt


def new_session(options: NewOptions, http: PoliteSession | None = None,
                now: dt.datetime | None = None,
                environ: Mapping[str, str] | None = None) -> NewResult:
    """Create `root/MONTH/session.yaml`; refuse to overwrite one that exists.

    The presenter and affiliation not given come from the environment or the user config
    (deckgen.config); `translator: deepl` is written when DEEPL_AUTH_KEY is set.
    """
    env = os.environ if environ is None else environ
    match = _MONTH_RE.match(options.month)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise DeckgenError(f"MONTH {options.month!r}: expected YYYY-MM, e.g. 2026-10")
    folder = options.root / options.month
    file = folder / SESSION_FILE
    if file.exists():
        raise OutputError(_exists(file, options.month))
    defaults = user_defaults(env)
    options = replace(options, presenter=options.presenter or defaults.presenter,
                      affiliation=options.affiliation or defaults.affiliation)
    queries = [parse_source_option(s) for s in options.sources]  # all checked before any request
    if options.kind == "single":
        if not options.paper or parse_arxiv_id(options.paper) is None:
            raise DeckgenError(f"--paper {options.paper!r}: a single-paper deck needs "
                               "--paper with an arXiv id (e.g. --paper 2606.13392)")
        if queries:
            raise DeckgenError("--source: a single-paper deck has no rankings (drop --source)")
    elif options.paper:
        raise DeckgenError("--paper is for --kind single (for a survey, use --source list:ID)")
    now = now or dt.datetime.now().astimezone()
    year, month = int(match.group(1)), int(match.group(2))
    event = " ".join((options.event or DEFAULT_EVENT.format(year=year, month=month)).split())
    date = options.date or now.date()
    notes = _notes(options, file, date, (year, month), env)
    lock = load_lock(folder)
    results: tuple[RankingResult, ...] = ()
    if queries:
        http = http or PoliteSession()
        results = tuple(_with_titles(rank(q, options.top, http), http, lock) for q in queries)
    deepl = bool((env.get("DEEPL_AUTH_KEY") or "").strip())
    if options.kind == "single":
        text = _single_text(options, event, date, deepl)
    else:
        text = _survey_text(options, event, date, queries, results,
                            now.isoformat(timespec="seconds"), deepl)
    earlier, dealt = None, {}
    if options.kind == "survey":
        history, _ = load_history(folder, before=date)  # what cannot be read: left out
        ids = list(dict.fromkeys(p.ref.base for r in results for p in r.papers))
        if history.months:
            earlier = tuple((pid, mark) for pid in ids if (mark := history.mark(pid)))
        if options.team:
            text, dealt = _deal(text, ids, options.team, {pid for pid, _ in earlier or ()})
    # the schema line first: editors then complete and check the file as it is filled in
    write_atomic(file, f"{modeline(folder)}\n{text}".encode())
    if results:
        lock.rankings = [LockedRanking(_unique_name(r, results), r.source, r.query,
                                       r.surveyed_at or now.isoformat(timespec="seconds"))
                         for r in results]
        save_lock(folder, lock)
    return NewResult(file, results, notes, earlier, dealt)


def _deal(text: str, ids: Sequence[str], team: Sequence[str], skipped: set[str]
          ) -> tuple[str, dict[str, int]]:
    """Deal the ranked papers out to the team in turn (`papers.<id>.surveyed_by`), leaving
    out those an earlier month presented (the deck only marks them)."""
    dealt = {name: 0 for name in team}
    fields: dict[str, dict[str, str]] = {}
    for n, pid in enumerate(pid for pid in ids if pid not in skipped):
        name = team[n % len(team)]
        fields[pid] = {"surveyed_by": name}
        dealt[name] += 1
    if not fields:
        return text, dealt
    try:
        return write_paper_fields(text, fields), dealt
    except RewriteError as exc:  # deckgen's own text: a bug if ever
        raise DeckgenError(f"--team: could not write surveyed_by into the new session.yaml "
                           f"({exc})") from None


def _exists(file: Path, month: str) -> str:
    """Why `new` stops: the file is there; and where to work instead, inside deckgen's own
    repository (its sessions/ holds the shipped example)."""
    message = f"{file} already exists (edit it, or move it away to start over"
    try:
        in_repo = file.resolve().parent.parent == REPO_SESSIONS
    except OSError:
        in_repo = False
    if in_repo:
        return (message + f"); {REPO_SESSIONS} is deckgen's own folder with its example "
                f"session: keep yours elsewhere, e.g. `deckgen new {month} --dir "
                "~/reading-group`")
    return message + ", or pass --dir for another folder)"


def _notes(options: NewOptions, file: Path, date: dt.date, month: tuple[int, int],
           env: Mapping[str, str]) -> list[str]:
    """What the presenter should look at in the file just written."""
    notes = []
    if options.date is None and (date.year, date.month) != month:
        when = "past" if month < (date.year, date.month) else "future"
        notes.append(f"date: {date.isoformat()} is today, not in {options.month} (a month in "
                     f"the {when}); write the meeting's date as `date:` in {file}, or pass "
                     "--date next time")
    if not options.presenter:
        notes.append(f"presenter: empty; write your name in {file} before `deckgen build` "
                     f"(for every new session: {FIELDS['presenter']}, or `presenter = "
                     f"\"…\"` in {config_path(env)})")
    return notes


def _with_titles(result: RankingResult, http: PoliteSession, lock: Lock) -> RankingResult:
    """Titles from arXiv for a ranking that has none (a list); the metadata goes to the lock."""
    untitled = [p.ref for p in result.papers if not p.title]
    if not untitled:
        return result
    from deckgen.net.arxiv import fetch_batches

    for batch in fetch_batches(untitled, http):
        lock.papers.update(batch.papers)
    papers = tuple(p if p.title or p.ref.base not in lock.papers
                   else replace(p, title=lock.papers[p.ref.base].title) for p in result.papers)
    return replace(result, papers=papers)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _header(options: NewOptions, event: str, date: dt.date, kind: str,
            deepl: bool) -> list[str]:
    presenter = options.presenter or ""
    lines = [
        f"# deckgen session: {event}",
        "# Edit freely; `deckgen build` checks it and says what is wrong, with line numbers.",
        f"kind: {kind}",
        f"event: {_q(event)}",
        f"date: {date.isoformat()}            # the meeting's date",
        f"presenter: {_q(presenter)}" + ("" if presenter else "   # your name (required)"),
    ]
    if options.affiliation:
        lines.append(f"affiliation: {_q(options.affiliation)}")
    else:
        lines.append("# affiliation: 〇〇大学 AI研究会")
    if options.team:
        lines.append(f"team: [{', '.join(_q(name) for name in options.team)}]"
                     "   # the title slide lists it, the presenter marked *")
    lines += [
        "translator: deepl     # DEEPL_AUTH_KEY is set; none keeps the English" if deepl else
        "translator: none      # deepl to translate titles and abstracts (needs DEEPL_AUTH_KEY)",
        "self_intro:           # bullets for the self-introduction slide; `head: [sub, sub]` nests",
        f"  - {_q(presenter or '名前 (よみがな)')}",
        "",
    ]
    return lines


def _unique_name(result: RankingResult, results: Sequence[RankingResult]) -> str:
    same = [r for r in results if r.name == result.name]
    if len(same) == 1:
        return result.name
    return f"{result.name} ({result.query})"


def _survey_text(options: NewOptions, event: str, date: dt.date, queries: Sequence[SourceQuery],
                 results: Sequence[RankingResult], surveyed_at: str, deepl: bool) -> str:
    lines = _header(options, event, date, "survey", deepl)
    if not results:
        lines += [
            "rankings:   # one or more; papers in rank order (`deckgen rank SOURCE` prints one)",
            "  - name: Top Upvoted",
            "    source: list",
            f"    surveyed_at: {surveyed_at}",
            "    papers:",
            "      - \"2401.12345\"   # replace with the papers to present",
            "",
        ]
    else:
        lines.append("rankings:")
        for result in results:
            lines += [
                f"  - name: {_q(_unique_name(result, results))}",
                f"    source: {result.source}",
                f"    query: {_q(result.query)}   # {result.description}",
                f"    surveyed_at: {result.surveyed_at or surveyed_at}",
            ]
            if not result.papers:
                lines.append("    papers: []   # the source listed nothing (e.g. a weekend feed)")
                continue
            signal = f"; signal = {result.signal_name}" if result.signal_name else ""
            lines.append(f"    papers:   # rank order{signal}")
            for paper in result.papers:
                fields = [f"id: {_q(str(paper.ref))}"]
                if paper.signal is not None:
                    fields.append(f"signal: {_q(paper.signal)}")
                if paper.title:
                    fields.append(f"title: {_q(paper.title)}")
                if paper.org:
                    fields.append(f"org: {_q(paper.org)}")
                lines.append(f"      - {{{', '.join(fields)}}}")
        lines.append("")
    lines += [
        "picks: []      # 気になった論文: ids from the rankings, shown again with your notes",
        "papers: {}     # your notes per id: take, summary {purpose, result, method, name,",
        "               # affiliations}, figures [1, 3] | all | none, points [..]",
        "closing: []",
        "",
    ]
    return "\n".join(lines)


def _single_text(options: NewOptions, event: str, date: dt.date, deepl: bool) -> str:
    lines = _header(options, event, date, "single", deepl)
    lines += [
        f"paper: {_q(options.paper or '')}",
        "point: \"\"          # Overview: the point of the paper in one line",
        "reasons: []        # 選定理由",
        "sections:          # Table of Contents, then one slide each",
        "  - {title: 背景, items: []}",
        "  - {title: 提案手法, figures: [1]}",
        "  - {title: 実験, items: []}",
        "comments: []       # 所感",
        "references: []",
        "thanks: Thanks! Any questions?",
        "",
    ]
    return "\n".join(lines)

