"""The session folder on disk: lock, translations and figure index, written atomically."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deckgen.errors import LockError, OutputError, SpecError
from deckgen.limits import MAX_FIGURE_JSON_BYTES, MAX_FIGURE_SIDE, MAX_LOCK_BYTES
from deckgen.model.figures import FigureEntry
from deckgen.model.ids import parse_arxiv_id
from deckgen.model.paper import Paper
from deckgen.session.jsonfile import read_json
from deckgen.session.outputs import write_atomic
from deckgen.session.yamlsrc import Located, load_yaml, parse_yaml
from deckgen.session.yamlwrite import RewriteError, rewrite_rows

log = logging.getLogger(__name__)

LOCK_FILE = "deckgen.lock.json"
TRANSLATIONS_FILE = "translations.yaml"
FIGURES_DIR = "figures"
FIGURE_INDEX = "index.json"
BUILD_DIR = "build"
LOCK_VERSION = 1


def text_hash(text: str) -> str:
    """A short hash of a source text, to notice when the English changed under a translation."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class LockedRanking:
    """Provenance of one ranking: where and when it was taken."""

    name: str
    source: str | None
    query: str | None
    surveyed_at: str | None


@dataclass
class Lock:
    """deckgen.lock.json: metadata per arXiv id (stored once) and ranking provenance."""

    papers: dict[str, Paper] = field(default_factory=dict)
    rankings: list[LockedRanking] = field(default_factory=list)

    def to_json(self) -> str:
        """Stable, reviewable JSON (sorted ids, two-space indent, UTF-8 kept)."""
        data = {
            "version": LOCK_VERSION,
            "rankings": [r.__dict__ for r in self.rankings],
            "papers": {pid: self.papers[pid].to_json() for pid in sorted(self.papers)},
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def load_lock(session_dir: Path) -> Lock:
    """Read the lock; a missing lock is an empty one."""
    path = session_dir / LOCK_FILE
    if not path.exists():
        return Lock()
    try:
        data = read_json(path, MAX_LOCK_BYTES)
    except OSError as exc:
        raise LockError(f"{path}: cannot read ({exc.strerror})") from None
    except ValueError as exc:
        raise LockError(f"{path}: {exc}; restore it from git "
                        "or delete it and run `deckgen fetch`") from None
    if not isinstance(data, dict):
        raise LockError(f"{path}: unreadable lock (not an object of papers and rankings); "
                        "restore it from git or delete it and run `deckgen fetch`")
    _check_lock_version(path, data)
    return Lock(_locked_papers(path, data.get("papers", {})),
                _locked_rankings(path, data.get("rankings", [])))


def _locked_papers(path: Path, entries: Any) -> dict[str, Paper]:
    if not isinstance(entries, dict):
        raise LockError(f"{path}: unreadable lock (papers must be an object of arXiv id -> "
                        "metadata); restore it from git or delete it and run `deckgen fetch`")
    papers: dict[str, Paper] = {}
    for key, entry in entries.items():
        try:
            paper = Paper.from_json(entry)
        except (ValueError, TypeError) as exc:
            raise LockError(f"{path}: unreadable lock (papers.{key}: {exc}); fix that entry, "
                            "or delete it and run `deckgen fetch`") from None
        if paper.id != key:
            # the key is how a paper is found, the id what its slide links to: never two ids
            raise LockError(f"{path}: papers.{key}: its id is {paper.id!r}, not its key; set "
                            f'"id": "{key}", or delete the entry and run `deckgen fetch`')
        papers[key] = paper
    return papers


def _locked_rankings(path: Path, rows: Any) -> list[LockedRanking]:
    fields = LockedRanking.__dataclass_fields__
    wanted = f"an object of {', '.join(fields)}, each text"
    fix = "restore it from git or delete it and run `deckgen fetch`"
    if not isinstance(rows, list):
        raise LockError(f"{path}: unreadable lock (rankings must be a list, each {wanted}); "
                        f"{fix}")
    out = []
    for n, row in enumerate(rows):
        if (not isinstance(row, dict) or set(row) - set(fields)
                or not isinstance(row.get("name"), str)
                or not all(isinstance(row.get(k), str | None) for k in fields)):
            raise LockError(f"{path}: unreadable lock (rankings[{n}] must be {wanted}); {fix}")
        out.append(LockedRanking(**{k: row.get(k) for k in fields}))
    return out


def _check_lock_version(path: Path, data: Any) -> None:
    """Refuse a lock this deckgen cannot read; one without a version is taken as current."""
    version = data.get("version", LOCK_VERSION) if isinstance(data, dict) else LOCK_VERSION
    if not isinstance(version, int) or isinstance(version, bool):
        raise LockError(f"{path}: unreadable lock (version {version!r} is not a whole number); "
                        "restore it from git or delete it and run `deckgen fetch`")
    if version > LOCK_VERSION:
        # a newer format may mean something else by the same keys: never guess
        raise LockError(f"{path}: written by a newer deckgen (lock version {version}, this one "
                        f"reads up to {LOCK_VERSION}): upgrade deckgen, or delete the file and "
                        "run `deckgen fetch`")


def save_lock(session_dir: Path, lock: Lock) -> None:
    """Write the lock atomically."""
    write_atomic(session_dir / LOCK_FILE, lock.to_json().encode("utf-8"))


@dataclass(frozen=True)
class Translation:
    """One translated text: the Japanese, who wrote it, and the hash of its English source.

    `machine_hash` is the hash of the text as the translator returned it, so an entry the
    presenter edited without setting `by: hand` is still recognised as theirs.
    """

    text: str
    by: str = "hand"
    source_hash: str | None = None
    machine_hash: str | None = None


TRANSLATED_FIELDS = ("title", "abstract")
FIGURE_FIELD_RE = re.compile(r"^figure-([1-9][0-9]*)$")


def figure_field(number: int) -> str:
    """The translations.yaml key of a figure caption: `figure-3`."""
    return f"figure-{number}"


def _is_translated_field(key: str) -> bool:
    return key in TRANSLATED_FIELDS or FIGURE_FIELD_RE.match(key) is not None


def load_translations(session_dir: Path) -> dict[str, dict[str, Translation]]:
    """Read translations.yaml: {arXiv id: {"title"|"abstract"|"figure-N": Translation}}.

    A machine entry whose text no longer matches its `machine_hash` was edited by hand and
    is returned as `by: hand`.
    """
    path = session_dir / TRANSLATIONS_FILE
    if not path.exists():
        return {}
    return _translations_in(load_yaml(path))


def _translations_in(src: Located) -> dict[str, dict[str, Translation]]:
    """The translations a parsed translations.yaml holds; SpecError listing every problem."""
    problems: list[str] = []
    out: dict[str, dict[str, Translation]] = {}
    data = src.data or {}
    if not isinstance(data, dict):
        raise SpecError([f"{src.where(())}: expected a mapping of arXiv id -> title/abstract"])
    for key_id, entry in data.items():
        ref = parse_arxiv_id(str(key_id))
        if ref is None:
            problems.append(f"{src.where((key_id,))}: '{key_id}' is not an arXiv id "
                            "(expected 2401.12345 or hep-ex/0406020)")
            continue
        pid = ref.base  # a translation belongs to the paper; its source_hash tracks versions
        if not isinstance(entry, dict):
            problems.append(f"{src.where((key_id,))}: {pid}: expected title: and abstract: "
                            "entries")
            continue
        for key, value in entry.items():
            where = src.where((key_id, key))
            if not _is_translated_field(str(key)):
                problems.append(f"{where}: {pid}.{key}: unknown field (use title, abstract "
                                "or figure-N)")
                continue
            if isinstance(value, str):
                out.setdefault(pid, {})[key] = Translation(value)
            elif isinstance(value, dict) and isinstance(value.get("text"), str):
                by = value.get("by") or "hand"
                if by not in ("hand", "deepl"):
                    problems.append(f"{where}: {pid}.{key}.by: '{by}' is not hand or deepl")
                machine = value.get("machine_hash")
                if by == "deepl" and machine and machine != text_hash(value["text"]):
                    by = "hand"  # corrected in place: the presenter's text from now on
                out.setdefault(pid, {})[key] = Translation(
                    value["text"], by, value.get("source_hash"), machine if by != "hand" else None)
            else:
                problems.append(f"{where}: {pid}.{key}: expected text, or "
                                "{text: ..., by: hand|deepl, source_hash: ...}")
    if problems:
        raise SpecError(problems)
    return out


TRANSLATIONS_HEADER = (
    "# Japanese titles, abstracts and figure captions. Correct any text (and set\n"
    "# `by: hand` if you like): deckgen never overwrites an entry written by hand.\n")


def dump_translations(entries: dict[str, dict[str, Translation]], old: str | None = None) -> str:
    """translations.yaml text: `old` (the file as it is) with deckgen's new entries written in.

    Only entries that are new or deckgen's own and changed are written; an entry the
    presenter wrote or corrected never is, and their comments, key order and layout stay
    (see deckgen.session.yamlwrite). New entries are appended in deckgen's order: ids sorted,
    then title, abstract and figures by number. Long texts are literal block scalars.
    RewriteError when `old` cannot be rewritten safely.
    """
    src = parse_yaml(old, Path(TRANSLATIONS_FILE)) if old and old.strip() else None
    current = _translations_in(src) if src is not None else {}
    data = src.data if src is not None and isinstance(src.data, dict) else {}
    rows: dict[str, dict[str, dict[str, str | None]]] = {}
    for pid in sorted(entries):
        for name in sorted(entries[pid], key=_field_order):
            t, now = entries[pid][name], current.get(pid, {}).get(name)
            if now == t or (now is not None and now.by == "hand"):
                continue  # as the file has it, or the presenter's
            rows.setdefault(_file_key(data, pid, name), {})[name] = {
                "text": t.text, "by": t.by, "source_hash": t.source_hash,
                "machine_hash": t.machine_hash if t.by != "hand" else None}
    return rewrite_rows(old, rows, TRANSLATIONS_HEADER)


def _file_key(data: dict[str, Any], pid: str, name: str) -> str:
    """The file's own key for `pid` (it may carry a version, 2401.12345v2), else `pid`."""
    mine = [k for k in data if (ref := parse_arxiv_id(k)) is not None and ref.base == pid]
    holding = [k for k in mine if isinstance(data[k], dict) and name in data[k]]
    if holding:
        return holding[-1]  # the one load_translations reads: the last wins
    return mine[0] if mine else pid


def _field_order(key: str) -> tuple[int, int]:
    """title, abstract, then figure captions by number."""
    if key in TRANSLATED_FIELDS:
        return (TRANSLATED_FIELDS.index(key), 0)
    match = FIGURE_FIELD_RE.match(key)
    return (len(TRANSLATED_FIELDS), int(match.group(1)) if match else 0)


def save_translations(session_dir: Path, entries: dict[str, dict[str, Translation]]) -> None:
    """Write deckgen's new entries into translations.yaml atomically (see dump_translations).

    A file that cannot be rewritten safely is copied to translations.yaml.bak first and
    written anew, all its values kept, with one warning.
    """
    path = session_dir / TRANSLATIONS_FILE
    try:
        old = path.read_bytes() if path.exists() else None
    except OSError as exc:
        raise OutputError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = dump_translations(entries, old.decode("utf-8") if old is not None else None)
    except (RewriteError, UnicodeDecodeError) as exc:
        backup = path.with_name(TRANSLATIONS_FILE + ".bak")
        write_atomic(backup, old or b"")
        log.warning("%s: cannot keep your comments and layout (%s); your file is copied to %s "
                    "and written anew with all its texts", path, exc, backup.name)
        text = dump_translations(entries)
    if old is None or text.encode("utf-8") != old:
        write_atomic(path, text.encode("utf-8"))


CAPTION_HASH = "caption_hash"  # index.json: text_hash of the caption as deckgen wrote it
IMAGE_HASH = "image_hash"  # index.json: image_hash of the image file as deckgen wrote it
PIXEL_HASH = "pixel_hash"  # index.json: figures/pixels.py's hash of that file's pixels


def image_hash(data: bytes) -> str:
    """A short hash of an image file's bytes, to notice when the presenter replaced it."""
    return hashlib.sha256(data).hexdigest()[:16]


def image_by_hand(path: Path, row: Mapping[str, Any]) -> bool:
    """True when the image an index.json row names is no longer the one deckgen wrote.

    Rows written before deckgen remembered its images carry no hash and count as deckgen's.
    """
    written = row.get(IMAGE_HASH)
    if not isinstance(written, str):
        return False
    try:
        return image_hash(path.read_bytes()) != written
    except OSError:
        return False


def caption_by_hand(row: Mapping[str, Any]) -> bool:
    """True when an index.json row's caption is no longer the one deckgen wrote there.

    Rows written before deckgen remembered its captions carry no hash and count as deckgen's.
    """
    written = row.get(CAPTION_HASH)
    return isinstance(written, str) and written != text_hash(str(row.get("caption") or ""))


def figures_dir(session_dir: Path, paper_id: str) -> Path:
    """`figures/<id>/`; old-style ids (`hep-ex/0406020`) use `_` for the slash."""
    return session_dir / FIGURES_DIR / paper_id.replace("/", "_")


def load_figure_index(session_dir: Path, paper_id: str) -> tuple[list[FigureEntry], list[str]]:
    """The figures listed for a paper, and warnings for entries that cannot be used."""
    folder = figures_dir(session_dir, paper_id)
    index = folder / FIGURE_INDEX
    if not index.exists():
        return [], []
    try:
        rows = read_figure_rows(folder)
    except (OSError, ValueError) as exc:
        return [], [unreadable_index(folder, paper_id, exc)]
    entries = [FigureEntry(number=r["number"], file=folder / r["file"],
                           caption=r.get("caption") or "", source_url=r.get("source_url"),
                           method=r.get("method") or "hand", width=r.get("width") or 0,
                           height=r.get("height") or 0, image_hash=r.get(IMAGE_HASH),
                           pixel_hash=r.get(PIXEL_HASH))
               for r in rows]
    return sorted(entries, key=lambda e: e.number), []


def unreadable_index(folder: Path, paper_id: str, exc: Exception) -> str:
    """The warning for an index.json that cannot be used: its figures are skipped, kept."""
    why = exc.strerror if isinstance(exc, OSError) else exc
    return (f"{folder / FIGURE_INDEX}: unreadable figure index ({why}); figures of {paper_id} "
            "skipped (fix the file, or delete it and run `deckgen fetch`)")


def read_figure_rows(folder: Path) -> list[dict[str, Any]]:
    """The rows of `folder`/index.json, each checked: ValueError naming the row and field."""
    rows = read_json(folder / FIGURE_INDEX, MAX_FIGURE_JSON_BYTES)
    if not isinstance(rows, list):
        raise ValueError("expected a list of figures")
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise ValueError(f"row {n} is not an object")
        number, file = row.get("number"), row.get("file")
        if not _whole(number, 1):
            raise ValueError(f"row {n}: number {number!r} is not a figure number")
        if (not isinstance(file, str) or Path(file).name != file or file in ("", ".", "..")
                or "\x00" in file):
            raise ValueError(f"row {n}: file {file!r} must be a file name in {folder.name}/")
        for key in ("caption", "source_url", "method", CAPTION_HASH, IMAGE_HASH, PIXEL_HASH):
            if row.get(key) is not None and not isinstance(row[key], str):
                raise ValueError(f"row {n}: {key} must be text or null")
        for key in ("width", "height"):
            if row.get(key) is not None and not _whole(row[key], 0, MAX_FIGURE_SIDE):
                raise ValueError(f"row {n}: {key} {row[key]!r} is not a size in pixels "
                                 f"(0 to {MAX_FIGURE_SIDE})")
    return rows


def _whole(value: Any, low: int, high: int | None = None) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool) and value >= low
            and (high is None or value <= high))
