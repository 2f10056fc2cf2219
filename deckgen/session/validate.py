"""The presenter's session.yaml: `load_session()` turns it into a `model.session.Session`.

Validation reads the whole file and reports every problem at once, each as
`file:line: field: what is wrong (the fix)`, before anything touches the network. Which
fields exist, which are required, their choices and defaults come from the declarations
in `session.schema`; this module knows how to read each type and builds the model.
It works in passes: the fields of every mapping and their types, then the structures
(rankings, sections, notes per paper), then the rules that span fields (picks in a ranking).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from deckgen.errors import SpecError
from deckgen.limits import MAX_NAME_CHARS
from deckgen.model.ids import ArxivRef, parse_arxiv_id
from deckgen.model.session import (
    Compose,
    FigureSpec,
    Item,
    PaperNotes,
    Ranking,
    RankingEntry,
    Section,
    Session,
    Summary,
)
from deckgen.session import schema, slides
from deckgen.session.schema import ENTRY, NOTES, RANKING, SECTION, SESSION, Field
from deckgen.session.yamlsrc import Located, Path_, load_yaml

SESSION_FILE = "session.yaml"


class _Checker:
    """Collects problems while converting located YAML data into typed values."""

    def __init__(self, src: Located, optional: frozenset[str] = frozenset()) -> None:
        self.src = src
        self.problems: list[str] = []
        self.optional = optional  # top-level fields required elsewhere, not for this use

    def problem(self, path: Path_, message: str) -> None:
        self.problems.append(f"{self.src.where(path)}: {_dotted(path)}: {message}")

    def fields(self, data: Any, path: Path_, declared: Sequence[Field]) -> dict[str, Any]:
        """Unknown fields (with a "did you mean") and missing required ones, as problems."""
        allowed = schema.names(declared)
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
        for key in schema.required(declared):
            if not path and key in self.optional:
                continue
            if key not in data:
                self.problem(path, f"missing required field '{key}' (add `{key}: ...`)")
            elif data[key] is None or not str(data[key]).strip():
                self.problem((*path, key), f"is empty (required: write it after `{key}:`)")
        return data

    def mapping(self, data: Any, path: Path_, declared: Sequence[Field]) -> dict[str, Any]:
        """Check a mapping's fields, then convert each declared field by its type."""
        data = self.fields(data, path, declared)
        return {f.name: self.convert(f, data.get(f.name), (*path, f.name)) for f in declared}

    def convert(self, f: Field, data: Any, path: Path_) -> Any:
        """One field's value by its declared type (lists and id maps stay as they are)."""
        if f.type == schema.TEXT:
            value = self.text(data, path)
            if not value and f.default is not None:
                return f.default
            return "" if value is None and f.required else value
        if f.type == schema.CHOICE:
            return self.choice(data, path, f.choices, f.default)
        if f.type == schema.BOOL:
            return self.boolean(data, path, f.default)
        if f.type == schema.DATE:
            return self.date(data, path)
        if f.type == schema.DATETIME:
            return self.datetime(data, path)
        if f.type == schema.ARXIV:
            return self.arxiv(data, path) if data else None  # a missing one is `required`'s
        if f.type == schema.ARXIV_LIST:
            return tuple(ref for i, p in enumerate(self.as_list(data, path))
                         if (ref := self.arxiv(p, (*path, i))))
        if f.type == schema.ITEMS:
            return self.items(data, path)
        if f.type == schema.FIGURES:
            return self.figure_choice(data, path)
        if f.type == schema.TEXTS:
            return tuple(t for i, x in enumerate(self.as_list([data] if isinstance(data, str)
                                                              else data, path))
                         if (t := self.text(x, (*path, i))))
        if f.type == schema.GLOSSARY:
            return self.glossary(data, path)
        if f.type == schema.OBJECT:
            return None if data is None else self.mapping(data, path, f.fields)
        return data  # LIST, ID_MAP: built by load_session, which knows the model

    def text(self, data: Any, path: Path_) -> str | None:
        if data is None:
            return None
        if isinstance(data, (dict, list)):
            self.problem(path, "expected text, got a " + ("mapping" if isinstance(data, dict)
                                                          else "list"))
            return None
        return str(data)

    def choice(self, data: Any, path: Path_, choices: tuple[str, ...],
               default: str | None) -> str | None:
        value = self.text(data, path) or default
        if value is not None and value not in choices:
            close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.problem(path, f"'{value}' is not one of {', '.join(choices)}{hint}")
            return default
        return value

    def boolean(self, data: Any, path: Path_, default: bool) -> bool:
        value = self.text(data, path)
        if value is None or not value.strip():
            return default
        if value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        name = path[-1] if path else "field"
        self.problem(path, f"'{value}' is not true or false (write `{name}: false` to leave it "
                           f"out, `{name}: true` to keep it)")
        return default

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

    def as_list(self, data: Any, path: Path_) -> list[Any]:
        if data is None:
            return []
        if not isinstance(data, list):
            self.problem(path, "expected a list (one `- item` per line)")
            return []
        return data

    def items(self, data: Any, path: Path_) -> tuple[Item, ...]:
        """Bullets: a list of text, or of `{text: [sub, {subhead: [subsub]}]}`, nested to any
        depth (a single sub may stand without its list)."""
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
                out.append(Item(str(head), self.items(kids, (*path, i, head))))
            elif isinstance(entry, (dict, list)):
                self.problem((*path, i), "expected a bullet (text) or `head: [sub, sub]`")
            elif (text := self.text(entry, (*path, i))) is not None:
                out.append(Item(text))
        return tuple(out)

    def figure_choice(self, data: Any, path: Path_
                      ) -> tuple[tuple[int, ...] | None, tuple[FigureSpec, ...]]:
        """`figures:`: the numbers shown (None: all) and each figure slide's spec."""
        return slides.figure_choice(self, data, path)

    def glossary(self, data: Any, path: Path_) -> dict[str, str]:
        """`glossary:` term -> its fixed Japanese; an empty value (or the term itself) keeps it."""
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.problem(path, "expected a mapping of term -> fixed translation "
                               "(e.g. `Transformer: Transformer`, `diffusion model: 拡散モデル`)")
            return {}
        out: dict[str, str] = {}
        for term, value in data.items():
            fixed = self.text(value, (*path, term))
            fixed = term if fixed is None or not fixed.strip() else fixed
            for text in (term, fixed):
                # DeepL glossaries reject these; catch them before anything is sent
                if text != text.strip() or any(ch in text for ch in "\t\n\r"):
                    self.problem((*path, term), f"'{text}' has tabs, line breaks or surrounding "
                                                "spaces (write the term on one line without them)")
                    break
            else:
                out[term] = fixed
        return out


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


# What only the deck needs: fetching (metadata, figures) or listing figures does without
MEETING_FIELDS = frozenset({"event", "presenter"})


def load_session(session_dir: Path, *, papers_only: bool = False) -> Session:
    """Load and validate `session_dir/session.yaml`; raise SpecError listing every problem.

    `papers_only`: for fetching, which needs the papers but not who presents them, the
    MEETING_FIELDS may be missing or empty.
    """
    file = session_dir / SESSION_FILE
    src = load_yaml(file)
    c = _Checker(src, MEETING_FIELDS if papers_only else frozenset())
    data = src.data if src.data is not None else {}
    kind = data.get("kind") if isinstance(data, dict) else None
    declared = schema.for_kind(SESSION, "single" if kind == "single" else "survey")
    values = c.mapping(data, (), declared)

    rankings = tuple(_ranking(c, r, ("rankings", i))
                     for i, r in enumerate(c.as_list(values.pop("rankings", None),
                                                     ("rankings",))))
    listed = {e.ref.base for r in rankings for e in r.entries}
    own = slides.SlideReader(c, session_dir, values["kind"], sorted(
        listed | ({values["paper"].base} if values.get("paper") else set())),
        [r.name for r in rankings])
    sections = tuple(_section(c, s, ("sections", i), own)
                     for i, s in enumerate(c.as_list(values.pop("sections", None),
                                                     ("sections",))))
    if values["kind"] == "single":  # `at: before <section>`
        own.places = [s.title for s in sections]
    papers, noted = _papers(c, values.pop("papers"), own)
    placed = own.slides(values.pop("slides"), ("slides",), placed=True)
    picks: tuple[ArxivRef, ...] = values.get("picks", ())
    for pid, notes in papers.items():
        if notes.pickup_slides and pid not in {ref.base for ref in picks}:
            why = ("a single-paper deck has no pickup section (write" if values["kind"] ==
                   "single" else f"{pid} is not a pick, so it has no pickup slides (add it "
                   "to picks, or write")
            c.problem(("papers", _written_key(noted, pid), "pickup_slides"),
                      f"{why} these under slides:)")
    for i, ref in enumerate(picks):
        if ref.base in {p.base for p in picks[:i]}:
            c.problem(("picks", i), f"'{ref}' is picked twice (remove one)")
        if listed and ref.base not in listed:
            c.problem(("picks", i), f"'{ref}' is in no ranking (add it to a ranking's papers, "
                                    "or remove it from picks)")
    if values.get("paper"):
        listed.add(values["paper"].base)
    for key in noted:
        ref = parse_arxiv_id(str(key))
        if ref and listed and ref.base not in listed:
            c.problem(("papers", key), f"'{key}' is in no ranking, so these notes would not "
                                       "be shown (check the id, or add it to a ranking)")
    label = (values.get("compose") or {}).get("pickup_label")
    if label and "\n" in label.strip():
        c.problem(("compose", "pickup_label"), "is more than one line (write the label on one "
                                               "line)")
    name = values.pop("name") or session_dir.resolve().name
    if "/" in name or "\\" in name or name in (".", ".."):
        c.problem(("name",), f"'{name}' must be a plain file name (no folders)")
    elif any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        c.problem(("name",), f"{name!r} holds a control character, which no file name may "
                             "(set `name:` to plain text)")
    elif len(name) > MAX_NAME_CHARS:
        c.problem(("name",), f"'{name[:24]}...' is {len(name)} characters, more than the "
                             f"{MAX_NAME_CHARS} of a deck's file name (set a shorter `name:`)")
    if c.problems:
        raise SpecError(c.problems)
    assert values["date"] is not None  # required, and a bad one is a problem above
    template = values.pop("template")
    values["compose"] = Compose(**(values.get("compose") or {}))
    return Session(
        dir=session_dir,
        file=file,
        name=name,
        template=(session_dir / template) if template else None,
        layouts={k: v for k, v in (values.pop("layouts") or {}).items() if v},
        rankings=rankings,
        papers=papers,
        sections=sections,
        slides=placed,
        **values,
    )


def _written_key(keys: list[str], pid: str) -> str:
    """The key under `papers:` that names paper `pid` (as written: with a version, say)."""
    return next((k for k in keys if (ref := parse_arxiv_id(str(k))) and ref.base == pid), pid)


def _papers(c: _Checker, data: Any, own: slides.SlideReader,
            ) -> tuple[dict[str, PaperNotes], list[str]]:
    """The presenter's notes by base id, and every key written (for the cross-checks)."""
    if not data:
        return {}, []
    if not isinstance(data, dict):
        c.problem(("papers",), "expected a mapping of arXiv id -> "
                               f"{{{', '.join(f.name for f in NOTES)}}}")
        return {}, []
    papers: dict[str, PaperNotes] = {}
    for key, raw in data.items():
        path = ("papers", key)
        ref = c.arxiv(key, path)
        notes = c.mapping(raw or {}, path, NOTES)
        figures, specs = notes.pop("figures")
        own_slides = own.slides(notes.pop("slides"), (*path, "slides"))
        pickup_slides = own.slides(notes.pop("pickup_slides"), (*path, "pickup_slides"))
        if ref:
            summary = notes.pop("summary")
            papers[ref.base] = PaperNotes(
                summary=Summary(**summary) if summary is not None else None,
                all_figures=isinstance(raw, dict) and raw.get("figures") == "all",
                figures=figures, figure_specs=specs, slides=own_slides,
                pickup_slides=pickup_slides, **notes,
            )
    return papers, list(data)


def _ranking(c: _Checker, raw: Any, path: Path_) -> Ranking:
    values = c.mapping(raw, path, RANKING)
    entries: list[RankingEntry] = []
    seen: set[str] = set()
    for i, entry in enumerate(c.as_list(values.pop("papers"), (*path, "papers"))):
        epath = (*path, "papers", i)
        if isinstance(entry, dict):
            e = c.mapping(entry, epath, ENTRY)
        else:  # a bare id, the declared shorthand
            e = {f.name: None for f in ENTRY} | {"id": c.arxiv(entry, epath)}
        ref = e.pop("id")
        if ref and ref.base in seen:
            c.problem(epath, f"'{ref}' is listed twice in this ranking (remove one)")
        elif ref:
            seen.add(ref.base)
            entries.append(RankingEntry(ref, **e))
    return Ranking(entries=tuple(entries), **values)


def _section(c: _Checker, raw: Any, path: Path_, own: slides.SlideReader) -> Section:
    shorthand = schema.field(SESSION, "sections").shorthand
    assert shorthand is not None
    values = c.mapping(raw if isinstance(raw, dict) else {shorthand: raw}, path, SECTION)
    figures, specs = values["figures"]
    return Section(title=values["title"], items=values["items"], figures=figures or (),
                   figure_specs=specs, slides=own.slides(values["slides"], (*path, "slides")))
