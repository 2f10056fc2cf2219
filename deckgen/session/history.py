"""Month-to-month memory: what the sessions beside this one presented, picked and skipped.

The earlier sessions are the other session folders under the same root (the folder this
session's folder is in), each read with `load_session` (bounded, validated), and the months
of an optional `history.yaml` in that root, which the presenter keeps in git for months
deckgen did not build:

```yaml
- month: 2026-04
  presented: ["2604.01234", {id: "2604.05678", rank: 7}]   # rank: default its place here
  picked: ["2604.01234"]
  skipped: ["2604.09999"]
```

A sibling folder or history file that cannot be read is one warning line and left out:
history never stops a build. Months are replayed oldest first, so a month's "skipped" are
the papers it marked as presented before (its `compose.earlier: mark`), as its deck did.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deckgen.errors import DeckgenError
from deckgen.limits import MAX_HISTORY_SESSIONS
from deckgen.model.history import History, Mark, Month
from deckgen.model.ids import parse_arxiv_id
from deckgen.model.session import Session
from deckgen.session.validate import SESSION_FILE, load_session
from deckgen.session.yamlsrc import load_yaml

HISTORY_FILE = "history.yaml"
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class _Source:
    """One month to replay: a session folder (`session`) or a history file's entry."""

    month: str
    order: tuple[str, str]  # sorts sources of one month: (date, name)
    where: Path
    session: Session | None = None
    presented: tuple[tuple[str, int | None], ...] = ()
    picked: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


def month_of(session: Session) -> str:
    """A session's month, YYYY-MM, from its date."""
    return f"{session.date.year:04d}-{session.date.month:02d}"


def load_history(session_dir: Path, before: dt.date | None = None) -> tuple[History, list[str]]:
    """The months before `before` (default: all) recorded beside `session_dir`, that folder
    itself left out, and a warning per sibling or history file that could not be read."""
    root = session_dir.resolve().parent
    sources, warnings = _sources(root, exclude=session_dir.resolve())
    if before is not None:
        sources = [s for s in sources if s.session is None or s.session.date < before]
        sources = [s for s in sources if s.session is not None or s.month < f"{before:%Y-%m}"]
    return replay(sources), warnings


def root_history(root: Path) -> tuple[History, list[str]]:
    """Every month recorded under `root` (session folders and history.yaml), oldest first."""
    if not root.is_dir():
        raise DeckgenError(f"{root}: not a folder (pass the folder your session folders are "
                           "in, e.g. `deckgen history sessions`)")
    sources, warnings = _sources(root.resolve(), exclude=None)
    return replay(sources), warnings


def replay(sources: Iterable[_Source]) -> History:
    """Each month in order: what it presented, picked and skipped, given the months before."""
    marks: dict[str, Mark] = {}
    months: list[Month] = []
    for source in sorted(sources, key=lambda s: (s.month, s.order)):
        if source.session is not None:
            presented, skipped = _session_month(source.session, marks)
            picked = tuple(ref.base for ref in source.session.picks)
        else:
            presented = source.presented
            skipped = tuple((pid, marks[pid]) for pid in source.skipped if pid in marks)
            picked = source.picked
        months.append(Month(source.month, source.where, presented, picked, skipped))
        for pid, rank in presented:
            marks[pid] = Mark(source.month, rank)
    return History(tuple(months), marks)


def _session_month(s: Session, marks: dict[str, Mark]
                   ) -> tuple[tuple[tuple[str, int | None], ...], tuple[tuple[str, Mark], ...]]:
    """(presented with rank, skipped with the earlier mark) of one session, as its deck did."""
    if s.kind == "single" and s.paper is not None:
        return ((s.paper.base, None),), ()
    presented: dict[str, int | None] = {}
    skipped: dict[str, Mark] = {}
    picked = {ref.base for ref in s.picks}
    for ranking in s.rankings:
        for rank, entry in enumerate(ranking.entries, 1):
            pid = entry.ref.base
            if pid in presented or pid in skipped:
                continue  # listed again under a later ranking: presented once
            earlier = marks.get(pid)
            if earlier is not None and not presents_again(s, pid) and pid not in picked:
                skipped[pid] = earlier
            else:
                presented[pid] = rank
    return tuple(presented.items()), tuple(skipped.items())


def presents_again(s: Session, pid: str) -> bool:
    """True when the session presents a paper presented in an earlier month anyway:
    `papers.<id>.earlier: present`, else `compose.earlier: present`."""
    return (s.notes(pid).earlier or s.compose.earlier) == "present"


def _sources(root: Path, exclude: Path | None) -> tuple[list[_Source], list[str]]:
    warnings: list[str] = []
    sources: list[_Source] = []
    folders = sorted(p for p in _children(root, warnings) if p != exclude
                     and (p / SESSION_FILE).is_file())
    if len(folders) > MAX_HISTORY_SESSIONS:
        warnings.append(f"{root}: {len(folders)} session folders, more than the "
                        f"{MAX_HISTORY_SESSIONS} read for history; the last "
                        f"{MAX_HISTORY_SESSIONS} by name are read")
        folders = folders[-MAX_HISTORY_SESSIONS:]
    for folder in folders:
        try:
            s = load_session(folder, papers_only=True)
        except DeckgenError as exc:
            first = exc.message.splitlines()[0] if exc.message else str(folder)
            warnings.append(f"{folder}: left out of the history ({first})")
            continue
        sources.append(_Source(month_of(s), (s.date.isoformat(), folder.name), folder, s))
    file = root / HISTORY_FILE
    if file.is_file():
        try:
            sources += _history_file(file)
        except DeckgenError as exc:
            warnings.append(f"{exc.message.splitlines()[0]} ({HISTORY_FILE} left out of the "
                            "history)")
    return sources, warnings


def _children(root: Path, warnings: list[str]) -> list[Path]:
    try:
        return [p for p in root.iterdir() if p.is_dir()]
    except OSError as exc:
        warnings.append(f"{root}: cannot list it for earlier sessions ({exc.strerror})")
        return []


def _history_file(file: Path) -> list[_Source]:
    """The months of history.yaml; a DeckgenError (SpecError) names the first problem."""
    src = load_yaml(file)
    data = src.data
    if data is None:
        return []
    if not isinstance(data, list):
        raise DeckgenError(f"{file}: expected a list of months (`- month: 2026-04` with "
                           "presented, picked, skipped)")
    out = []
    for i, entry in enumerate(data):
        where = src.where((i,))
        if not isinstance(entry, dict) or not _MONTH.fullmatch(str(entry.get("month", ""))):
            raise DeckgenError(f"{where}: [{i}]: expected `month: YYYY-MM` with presented, "
                               "picked and skipped lists of arXiv ids")
        unknown = set(entry) - {"month", "presented", "picked", "skipped"}
        if unknown:
            raise DeckgenError(f"{where}: [{i}]: unknown field '{sorted(unknown)[0]}' "
                               "(allowed: month, presented, picked, skipped)")
        presented = []
        for n, item in enumerate(_list(src, entry.get("presented"), (i, "presented")), 1):
            rank: Any = n
            if isinstance(item, dict):
                item, rank = item.get("id"), item.get("rank", n)
            if not str(rank).isdigit():
                raise DeckgenError(f"{src.where((i, 'presented', n - 1))}: rank '{rank}' is "
                                   "not a number (write rank: 3)")
            presented.append((_id(src, item, (i, "presented", n - 1)), int(rank)))
        out.append(_Source(
            entry["month"], ("", ""), file, presented=tuple(presented),
            picked=tuple(_id(src, x, (i, "picked", n)) for n, x in
                         enumerate(_list(src, entry.get("picked"), (i, "picked")))),
            skipped=tuple(_id(src, x, (i, "skipped", n)) for n, x in
                          enumerate(_list(src, entry.get("skipped"), (i, "skipped"))))))
    return out


def _list(src: Any, value: Any, path: tuple[Any, ...]) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise DeckgenError(f"{src.where(path)}: expected a list of arXiv ids "
                           '(e.g. ["2604.01234"])')
    return value


def _id(src: Any, value: Any, path: tuple[Any, ...]) -> str:
    ref = parse_arxiv_id(str(value)) if isinstance(value, str) else None
    if ref is None:
        raise DeckgenError(f"{src.where(path)}: '{value}' is not an arXiv id "
                           "(expected 2401.12345 or {id: 2401.12345, rank: 3})")
    return ref.base
