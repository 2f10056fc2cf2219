"""Read YAML as plain data while remembering where each value came from.

Scalars stay strings: YAML 1.1 would turn the arXiv id `2401.12340` into the float
2401.1234 and `no` into False, so typing is left to the validator, which knows each field.

A presenter's file needs no anchors, aliases or tags, so they are refused: an alias is how
a few lines of YAML expand to gigabytes ("billion laughs") or to a loop. The file's size
and nesting depth are bounded too (deckgen.limits).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from deckgen.errors import SpecError
from deckgen.limits import MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES

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


class _Refused(Exception):
    """YAML that parses but that deckgen does not read: `mark` is where, str(self) why."""

    def __init__(self, mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader's composer, refusing anchors, aliases and tags; depth and values bounded."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, f"alias *{event.anchor}: anchors and aliases are "
                                             "not read (write the value out in full)")
        if event.anchor is not None:
            raise _Refused(event.start_mark, f"anchor &{event.anchor}: anchors and aliases are "
                                             "not read (remove it and write values out in full)")
        tag = getattr(event, "tag", None)
        if tag is not None:
            tag = tag.replace("tag:yaml.org,2002:", "!!", 1)
            raise _Refused(event.start_mark, f"tag {tag}: tags are not read (remove it; quote "
                                             "the value to keep it as text)")
        self.nodes += 1
        if self.nodes > MAX_YAML_NODES:
            raise _Refused(event.start_mark, f"more than {MAX_YAML_NODES} values (is it the "
                                             "right file?)")
        self.depth += 1
        try:
            if self.depth > MAX_YAML_DEPTH:
                raise _Refused(event.start_mark, f"nested more than {MAX_YAML_DEPTH} levels "
                                                 "deep (check the indentation)")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


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
        with file.open("rb") as handle:
            raw = handle.read(MAX_YAML_BYTES + 1)  # never more than the limit into memory
    except FileNotFoundError:
        raise SpecError([f"{file}: not found (create it with `deckgen new`)"]) from None
    except OSError as exc:
        raise SpecError([f"{file}: cannot read ({exc.strerror})"]) from None
    if len(raw) > MAX_YAML_BYTES:
        raise SpecError([_too_large(file)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError([f"{file}: not UTF-8 text ({exc.reason}); save it as UTF-8"]) from None
    return parse_yaml(text, file)


def _too_large(file: Path) -> str:
    return (f"{file}: larger than the {MAX_YAML_BYTES // 1024} KB limit for a YAML file "
            "deckgen reads (is it the right file?)")


def parse_yaml(text: str, file: Path) -> Located:
    """Parse YAML `text` read from `file` (named in messages), as `load_yaml` does."""
    if len(text) > MAX_YAML_BYTES:  # characters: at least as many bytes
        raise SpecError([_too_large(file)])
    loader = _PlainLoader(text)
    try:
        node = loader.get_single_node()
    except _Refused as exc:
        raise SpecError([f"{file}:{exc.mark.line + 1}:{exc.mark.column + 1}: {exc}"]) from None
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
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    try:
        data = _build(node, (), lines) if node is not None else None
    except _DuplicateKey as exc:
        raise SpecError([f"{file}:{exc}"]) from None
    return Located(data=data, file=file, lines=lines)
