"""`figures/<id>/source.json`: how a paper's figures were found, checked before it is used.

deckgen writes it (see fetch.py), but it sits in the session folder where anything can
change it, so every field's shape is checked: a damaged file is a warning naming it and the
fix, and that paper's figures are not fetched until it is deleted or `--refresh` rewrites it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from deckgen.limits import MAX_FIGURE_JSON_BYTES
from deckgen.session.jsonfile import read_json

SOURCE_FILE = "source.json"


class CatalogProblem(Exception):
    """A source.json that cannot be used, as the one-line warning the presenter reads."""


def read_catalog(path: Path, pid: str) -> dict[str, Any] | None:
    """The catalog at `path`, None when there is none; CatalogProblem when it is damaged."""
    if not path.exists():
        return None
    try:
        data = read_json(path, MAX_FIGURE_JSON_BYTES)
        check_catalog(data)
    except (OSError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else exc
        raise CatalogProblem(f"{path}: unreadable ({why}); figures of {pid} not fetched "
                             "(delete the file, or run `deckgen fetch --refresh`)") from None
    return data


def _text(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _count(value: Any, low: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= low


def check_catalog(data: Any) -> None:
    """ValueError naming the first field of a catalog that is not as deckgen writes it."""
    if not isinstance(data, dict):
        raise ValueError("expected an object with figures")
    for key in ("method", "url"):
        if not _text(data.get(key)):
            raise ValueError(f"{key} must be text or null")
    affiliations = data.get("affiliations") or []
    if not isinstance(affiliations, list) or not all(isinstance(a, str) for a in affiliations):
        raise ValueError("affiliations must be a list of text")
    failed = data.get("failed") or {}
    if not isinstance(failed, dict) or not all(k.isdigit() and _text(v)
                                               for k, v in failed.items()):
        raise ValueError("failed must map figure numbers to text")
    figures = data.get("figures")
    if not isinstance(figures, list):
        raise ValueError("figures must be a list")
    for n, fig in enumerate(figures):
        where = f"figures[{n}]"
        if not isinstance(fig, dict):
            raise ValueError(f"{where} is not an object")
        if not _count(fig.get("number"), 1):
            raise ValueError(f"{where}.number {fig.get('number')!r} is not a figure number")
        for key in ("caption", "note"):
            if not _text(fig.get(key)):
                raise ValueError(f"{where}.{key} must be text or null")
        images = fig.get("images") or []
        if not isinstance(images, list) or not all(isinstance(i, str) for i in images):
            raise ValueError(f"{where}.images must be a list of text")
        if fig.get("page") is not None and not _count(fig["page"], 0):
            raise ValueError(f"{where}.page {fig['page']!r} is not a page index")
