"""Read a JSON file deckgen wrote (the lock, a figure index), as if a stranger had written it.

Size is bounded before anything is read, nesting by Python's recursion limit, and every
string must be text a UTF-8 file or a slide can hold: `"\\ud800"` is valid JSON, but a lone
surrogate fails only much later, when a deck or the lock is written.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any


def read_json(path: Path, limit: int) -> Any:
    """The JSON in `path`, at most `limit` bytes.

    ValueError saying in a few words why it cannot be used: too large, not UTF-8, not JSON,
    nested too deeply, a number that is not finite (`1e999`, `NaN`), a lone surrogate (named
    by where it is, e.g. `papers.2401.12345.title`). OSError when it cannot be read.
    """
    with path.open("rb") as handle:
        raw = handle.read(limit + 1)  # never more than the limit into memory
    if len(raw) > limit:
        raise ValueError(f"larger than the {_size(limit)} limit")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant,
                          parse_float=_finite, parse_int=_integer)
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc})") from None
    except _BadNumber as exc:
        raise ValueError(str(exc)) from None
    except RecursionError:
        raise ValueError("nested too deeply to be deckgen's") from None
    _check_strings(data)
    return data


def _size(n: int) -> str:
    return f"{n // 2**20} MB" if n >= 2**20 else f"{n // 1024} KB" if n >= 1024 else f"{n} bytes"


class _BadNumber(ValueError):
    pass


def _no_constant(name: str) -> Any:
    raise _BadNumber(f"{name} is not a number (JSON has no {name})")


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > 18:  # more than any count or size deckgen writes
        raise _BadNumber(f"the number {text[:20]}... is out of range")
    return int(text)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _BadNumber(f"the number {text} is out of range")
    return value


def _shown(text: str) -> str:
    """`text` safe to print: a lone surrogate as its \\u escape."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _check_strings(data: Any) -> None:
    """ValueError naming the first key or string no UTF-8 file can hold."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                path = f"{where}.{_shown(key)}" if where else _shown(key)
                _check_text(key, path)
                stack.append((path, item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{n}]", item) for n, item in enumerate(value))
        elif isinstance(value, str):
            _check_text(value, where or "the file")


def _check_text(text: str, where: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = ord(text[exc.start])
        raise ValueError(f"{where} holds a lone surrogate (\\u{bad:04x}), which no text file "
                         "can store") from None
