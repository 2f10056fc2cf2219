"""Read YAML as plain data while remembering where each value came from.

Scalars stay strings: YAML 1.1 would turn the arXiv id `2401.12340` into the float
2401.1234 and `no` into False, so typing is left to the validator, which knows each field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from deckgen.errors import SpecError

Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """Plain data (dict / list / str / None) plus the line of every value, by path."""

    data: Any
    file: Path
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def where(self, path: Path_) -> str:
        """`file:line` for messages."""
        line = self.line(path)
        return f"{self.file}:{line}" if line else str(self.file)


class _DuplicateKey(Exception):
    pass


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                line = key_node.start_mark.line + 1
                raise _DuplicateKey(f"line {line}: '{key}' appears twice in the same mapping "
                                    "(merge the two or remove one)")
            out[key] = _build(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines) for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:null":
        return None
    return str(node.value)


def load_yaml(file: Path) -> Located:
    """Parse `file`; a syntax error becomes a SpecError naming line and column."""
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError([f"{file}: not found (create it with `deckgen new`)"]) from None
    except OSError as exc:
        raise SpecError([f"{file}: cannot read ({exc.strerror})"]) from None
    except UnicodeDecodeError as exc:
        raise SpecError([f"{file}: not UTF-8 text ({exc.reason}); save it as UTF-8"]) from None
    return parse_yaml(text, file)


def parse_yaml(text: str, file: Path) -> Located:
    """Parse YAML `text` read from `file` (named in messages), as `load_yaml` does."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else str(file)
        what = exc.problem or exc.context or "invalid YAML"
        started = exc.context_mark
        if exc.problem and exc.context and started and started.line != (mark and mark.line):
            what += f", {exc.context} started at line {started.line + 1}"
        message = f"{where}: invalid YAML: {what} (check indentation and quoting)"
        raise SpecError([message]) from None
    except yaml.YAMLError as exc:
        raise SpecError([f"{file}: invalid YAML: {exc}"]) from None
    lines: dict[Path_, int] = {}
    try:
        data = _build(node, (), lines) if node is not None else None
    except _DuplicateKey as exc:
        raise SpecError([f"{file}:{exc}"]) from None
    return Located(data=data, file=file, lines=lines)
