"""The presenter's session.yaml: `load_session()` turns it into a `model.session.Session`.

Validation reads the whole file and reports every problem at once, each as
`file:line: field: what is wrong (the fix)`, before anything touches the network.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

from deckgen.errors import SpecError
from deckgen.model.ids import ArxivRef, parse_arxiv_id
from deckgen.model.session import (
    Item,
    PaperNotes,
    Ranking,
    RankingEntry,
    Section,
    Session,
    Summary,
)
from deckgen.session.yamlsrc import Located, Path_, load_yaml

SESSION_FILE = "session.yaml"

COMMON_FIELDS = {
    "kind", "name", "event", "date", "presenter", "affiliation", "team", "template",
    "layouts", "language", "translator", "self_intro", "papers", "closing",
    "glossary",
}  # fmt: skip
SURVEY_FIELDS = COMMON_FIELDS | {"rankings", "picks"}
SINGLE_FIELDS = COMMON_FIELDS | {
    "paper", "point", "reasons", "sections", "comments", "references", "thanks", "contact",
}  # fmt: skip
RANKING_FIELDS = {"name", "source", "query", "surveyed_at", "description", "papers"}
ENTRY_FIELDS = {"id", "signal", "title", "org"}
NOTES_FIELDS = {"take", "summary", "figures", "points"}
SUMMARY_FIELDS = {"purpose", "result", "method", "name", "affiliations"}
SECTION_FIELDS = {"title", "items", "figures"}
KINDS = ("survey", "single")
TRANSLATORS = ("none", "deepl")
LAYOUT_KINDS = ("title", "section", "bullets", "ranking", "paper", "summary", "figure", "closing")


class _Checker:
    """Collects problems while converting located YAML data into typed values."""

    def __init__(self, src: Located) -> None:
        self.src = src
        self.problems: list[str] = []

    def problem(self, path: Path_, message: str) -> None:
        self.problems.append(f"{self.src.where(path)}: {_dotted(path)}: {message}")

    def fields(self, data: Any, path: Path_, allowed: set[str], required: tuple[str, ...] = ()):
        if not isinstance(data, dict):
            self.problem(path, f"expected a mapping with fields {', '.join(sorted(allowed))}")
            return {}
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(
                    sorted(allowed)
                )
                self.problem((*path, key), f"unknown field '{key}' ({hint})")
        for key in required:
            if data.get(key) in (None, ""):
                self.problem(path if key not in data else (*path, key),
                             f"missing required field '{key}' (add `{key}: ...`)")
        return data

    def text(self, data: Any, path: Path_, *, required: bool = False) -> str | None:
        if data is None:
            return None
        if isinstance(data, (dict, list)):
            self.problem(path, "expected text, got a " + ("mapping" if isinstance(data, dict)
                                                          else "list"))
            return None
        return str(data)

    def choice(self, data: Any, path: Path_, choices: tuple[str, ...], default: str) -> str:
        value = self.text(data, path) or default
        if value not in choices:
            self.problem(path, f"'{value}' is not one of {', '.join(choices)}")
            return default
        return value

    def date(self, data: Any, path: Path_) -> dt.date | None:
        value = self.text(data, path)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value.replace("/", "-"))
        except ValueError:
            self.problem(path, f"'{value}' is not a date (write YYYY-MM-DD, e.g. 2026-10-21)")
            return None

    def datetime(self, data: Any, path: Path_) -> dt.datetime | dt.date | None:
        value = self.text(data, path)
        if value is None:
            return None
        try:
            if len(value) <= 10:
                return dt.date.fromisoformat(value)
            return dt.datetime.fromisoformat(value)
        except ValueError:
            self.problem(path, f"'{value}' is not an ISO 8601 time "
                               "(e.g. 2026-10-01T09:00:00+09:00 or 2026-10-01)")
            return None

    def arxiv(self, data: Any, path: Path_) -> ArxivRef | None:
        value = self.text(data, path)
        ref = parse_arxiv_id(value) if value else None
        if ref is None:
            self.problem(path, f"'{value}' is not an arXiv id "
                               "(expected 2401.12345, 2401.12345v2 or hep-ex/0406020)")
        return ref

    def items(self, data: Any, path: Path_) -> tuple[Item, ...]:
        """Bullets: a list of text, or of `{text: [sub, sub]}` for nested bullets."""
        if data is None:
            return ()
        if isinstance(data, str):
            return (Item(data),)
        if not isinstance(data, list):
            self.problem(path, "expected a list of bullets")
            return ()
        out: list[Item] = []
        for i, entry in enumerate(data):
            if isinstance(entry, dict) and len(entry) == 1:
                (head, subs), = entry.items()
                kids = subs if isinstance(subs, list) else ([subs] if subs is not None else [])
                children = tuple(t for j, s in enumerate(kids)
                                 if (t := self.text(s, (*path, i, head, j))) is not None)
                out.append(Item(str(head), children))
            elif isinstance(entry, (dict, list)):
                self.problem((*path, i), "expected a bullet (text) or `head: [sub, sub]`")
            elif (text := self.text(entry, (*path, i))) is not None:
                out.append(Item(text))
        return tuple(out)

    def figure_choice(self, data: Any, path: Path_) -> tuple[int, ...] | None:
        if data is None or data == "all":
            return None
        if data == "none":
            return ()
        values = data if isinstance(data, list) else [data]
        numbers: list[int] = []
        for i, value in enumerate(values):
            if isinstance(value, str) and value.isascii() and value.isdigit() and int(value) > 0:
                if int(value) in numbers:
                    self.problem((*path, i), f"figure {value} is listed twice (remove one)")
                numbers.append(int(value))
            else:
                self.problem((*path, i) if isinstance(data, list) else path,
                             f"'{value}' is not a figure number "
                             "(write figures: [1, 3], figures: all or figures: none)")
        return tuple(numbers)


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def load_session(session_dir: Path) -> Session:
    """Load and validate `session_dir/session.yaml`; raise SpecError listing every problem."""
    file = session_dir / SESSION_FILE
    src = load_yaml(file)
    c = _Checker(src)
    data = src.data if src.data is not None else {}
    kind = data.get("kind", "survey") if isinstance(data, dict) else "survey"
    allowed = SINGLE_FIELDS if kind == "single" else SURVEY_FIELDS
    required = ("event", "date", "presenter") + (("paper",) if kind == "single" else ("rankings",))
    data = c.fields(data, (), allowed, required)
    kind = c.choice(data.get("kind"), ("kind",), KINDS, "survey")

    layouts: dict[str, str] = {}
    for key, value in c.fields(data.get("layouts") or {}, ("layouts",), set(LAYOUT_KINDS)).items():
        if key in LAYOUT_KINDS and (name := c.text(value, ("layouts", key))):
            layouts[key] = name

    papers: dict[str, PaperNotes] = {}
    raw_papers = data.get("papers") or {}
    if not isinstance(raw_papers, dict):
        c.problem(("papers",), "expected a mapping of arXiv id -> {take, summary, figures, points}")
        raw_papers = {}
    for key, raw in raw_papers.items():
        path = ("papers", key)
        ref = c.arxiv(key, path)
        raw = c.fields(raw or {}, path, NOTES_FIELDS)
        summary = None
        if raw.get("summary") is not None:
            s = c.fields(raw["summary"], (*path, "summary"), SUMMARY_FIELDS)
            summary = Summary(**{k: c.text(s.get(k), (*path, "summary", k))
                                 for k in SUMMARY_FIELDS})
        if ref:
            papers[ref.base] = PaperNotes(
                take=c.text(raw.get("take"), (*path, "take")),
                summary=summary,
                figures=c.figure_choice(raw.get("figures"), (*path, "figures")),
                all_figures=raw.get("figures") == "all",
                points=c.items(raw.get("points"), (*path, "points")),
            )

    rankings = tuple(_ranking(c, r, ("rankings", i))
                     for i, r in enumerate(_as_list(c, data.get("rankings"), ("rankings",))))
    picks = tuple(ref for i, p in enumerate(_as_list(c, data.get("picks"), ("picks",)))
                  if (ref := c.arxiv(p, ("picks", i))))
    listed = {e.ref.base for r in rankings for e in r.entries}
    for i, ref in enumerate(picks):
        if ref.base in {p.base for p in picks[:i]}:
            c.problem(("picks", i), f"'{ref}' is picked twice (remove one)")
        if listed and ref.base not in listed:
            c.problem(("picks", i), f"'{ref}' is in no ranking (add it to a ranking's papers, "
                                    "or remove it from picks)")

    sections: list[Section] = []
    for i, raw in enumerate(_as_list(c, data.get("sections"), ("sections",))):
        path = ("sections", i)
        raw = c.fields(raw if isinstance(raw, dict) else {"title": raw}, path, SECTION_FIELDS,
                       ("title",))
        sections.append(Section(
            title=c.text(raw.get("title"), (*path, "title")) or "",
            items=c.items(raw.get("items"), (*path, "items")),
            figures=c.figure_choice(raw.get("figures"), (*path, "figures")) or (),
        ))

    template = c.text(data.get("template"), ("template",))
    date = c.date(data.get("date"), ("date",))
    paper = c.arxiv(data["paper"], ("paper",)) if data.get("paper") else None
    if paper:
        listed.add(paper.base)
    for key in raw_papers:
        ref = parse_arxiv_id(str(key))
        if ref and listed and ref.base not in listed:
            c.problem(("papers", key), f"'{key}' is in no ranking, so these notes would not "
                                       "be shown (check the id, or add it to a ranking)")
    name = c.text(data.get("name"), ("name",)) or session_dir.resolve().name
    if "/" in name or "\\" in name or name in (".", ".."):
        c.problem(("name",), f"'{name}' must be a plain file name (no folders)")
    team = data.get("team")
    values = dict(
        event=c.text(data.get("event"), ("event",)) or "",
        presenter=c.text(data.get("presenter"), ("presenter",)) or "",
        affiliation=c.text(data.get("affiliation"), ("affiliation",)),
        team=tuple(t for i, x in enumerate(_as_list(c, [team] if isinstance(team, str) else team,
                                                   ("team",)))
                   if (t := c.text(x, ("team", i)))),
        language=c.text(data.get("language"), ("language",)) or "ja",
        translator=c.choice(data.get("translator"), ("translator",), TRANSLATORS, "none"),
        glossary=_glossary(c, data.get("glossary")),
        self_intro=c.items(data.get("self_intro"), ("self_intro",)),
        closing=c.items(data.get("closing"), ("closing",)),
        point=c.text(data.get("point"), ("point",)),
        reasons=c.items(data.get("reasons"), ("reasons",)),
        comments=c.items(data.get("comments"), ("comments",)),
        references=c.items(data.get("references"), ("references",)),
        thanks=c.text(data.get("thanks"), ("thanks",)),
        contact=c.items(data.get("contact"), ("contact",)),
    )
    if c.problems:
        raise SpecError(c.problems)
    assert date is not None  # required, and a bad one is a problem above
    return Session(
        dir=session_dir,
        file=file,
        kind=kind,
        name=name,
        date=date,
        template=(session_dir / template) if template else None,
        layouts=layouts,
        rankings=rankings,
        picks=picks,
        papers=papers,
        paper=paper,
        sections=tuple(sections),
        **values,
    )


def _as_list(c: _Checker, data: Any, path: Path_) -> list[Any]:
    if data is None:
        return []
    if not isinstance(data, list):
        c.problem(path, "expected a list (one `- item` per line)")
        return []
    return data


def _ranking(c: _Checker, raw: Any, path: Path_) -> Ranking:
    raw = c.fields(raw, path, RANKING_FIELDS, ("name", "papers"))
    entries: list[RankingEntry] = []
    seen: set[str] = set()
    for i, entry in enumerate(_as_list(c, raw.get("papers"), (*path, "papers"))):
        epath = (*path, "papers", i)
        if isinstance(entry, dict):
            entry = c.fields(entry, epath, ENTRY_FIELDS, ("id",))
            ref = c.arxiv(entry.get("id"), (*epath, "id")) if entry.get("id") else None
            signal = c.text(entry.get("signal"), (*epath, "signal"))
            title = c.text(entry.get("title"), (*epath, "title"))
            org = c.text(entry.get("org"), (*epath, "org"))
        else:
            ref, signal, title, org = c.arxiv(entry, epath), None, None, None
        if ref and ref.base in seen:
            c.problem(epath, f"'{ref}' is listed twice in this ranking (remove one)")
        elif ref:
            seen.add(ref.base)
            entries.append(RankingEntry(ref, signal, title, org))
    return Ranking(
        name=c.text(raw.get("name"), (*path, "name")) or "",
        source=c.text(raw.get("source"), (*path, "source")),
        query=c.text(raw.get("query"), (*path, "query")),
        surveyed_at=c.datetime(raw.get("surveyed_at"), (*path, "surveyed_at")),
        description=c.text(raw.get("description"), (*path, "description")),
        entries=tuple(entries),
    )


def _glossary(c: _Checker, data: Any) -> dict[str, str]:
    """`glossary:` term -> its fixed Japanese; an empty value (or the term itself) keeps it."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        c.problem(("glossary",), "expected a mapping of term -> fixed translation "
                                 "(e.g. `Transformer: Transformer`, `diffusion model: 拡散モデル`)")
        return {}
    out: dict[str, str] = {}
    for term, value in data.items():
        path = ("glossary", term)
        fixed = c.text(value, path)
        fixed = term if fixed is None or not fixed.strip() else fixed
        for text in (term, fixed):
            # DeepL glossaries reject these; catch them before anything is sent
            if text != text.strip() or any(ch in text for ch in "\t\n\r"):
                c.problem(path, f"'{text}' has tabs, line breaks or surrounding spaces "
                                "(write the term on one line without them)")
                break
        else:
            out[term] = fixed
    return out
