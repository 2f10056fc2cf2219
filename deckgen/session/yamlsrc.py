"""Read YAML as plain data while remembering where each value came from.

Scalars stay strings: YAML 1.1 would turn the arXiv id `2401.12340` into the float
2401.1234 and `no` into False, so typing is left to the validator, which knows each field.

A presenter's file needs no anchors, aliases or tags, so they are refused: an alias is how
a few lines of YAML expand to gigabytes ("billion laughs") or to a loop. The file's size
and nesting depth are bounded too (deckgen.limits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.resolver import Resolver

try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML without libyaml: the pure-Python loader reads everything
    CParser = None

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


class _Bounded(Composer):
    """The composer's part of the loaders below: anchors, aliases and tags refused, depth
    and values bounded. Each loader sets `depth` and `nodes` to 0."""

    depth: int
    nodes: int

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


class _PlainLoader(_Bounded, yaml.SafeLoader):
    """PyYAML's pure-Python scanner and parser: the reference, and every message's source."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0


# What libyaml reads otherwise than PyYAML's own scanner: a text with one of these characters
# (tabs, byte-order marks, the Unicode line breaks) or a directive (%YAML) goes to the
# pure-Python loader whole.
_UNLIKE = re.compile("[\t\ufeff\x85\u2028\u2029]|^%"
                     # a complex key (`? `) where one may begin, and document markers
                     r"|(?:^[ \-]*|[\[{,] *)\?(?:[ \r\n]|$)|^(?:---|\.\.\.)", re.MULTILINE)
# A block scalar's header as PyYAML's scanner reads it (libyaml also reads `|#`, say).
_BLOCK_HEADER = re.compile(r"[|>](?:[-+][1-9]?|[1-9][-+]?)?(?: +(?:#[^\r\n]*)?)?(?:\r|\n|$)")


class _Unlike(Exception):
    """libyaml read something PyYAML's own scanner reads otherwise."""


if CParser is not None:

    class _FastLoader(_Bounded, CParser, Resolver):  # type: ignore[misc,valid-type]
        """The same composer over libyaml's events: Composer's methods come before
        CParser's (which would compose in C, without the refusals and bounds)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            self.text = stream
            Composer.__init__(self)
            Resolver.__init__(self)
            self.depth = 0
            self.nodes = 0
            self.flow = 0  # open [ ] and { } around the node being composed

        def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
            event = self.peek_event()
            if isinstance(event, yaml.ScalarEvent):
                if self.flow and not event.style and "?" in event.value:  # plain
                    raise _Unlike("PyYAML ends a plain scalar at ? inside [ ] or { }")
                if event.style in ("|", ">") and not _BLOCK_HEADER.match(
                        self.text, event.start_mark.index):
                    raise _Unlike("a block scalar's header PyYAML does not read")
                return super().compose_node(parent, index)
            flow = 1 if getattr(event, "flow_style", None) else 0
            self.flow += flow
            try:
                return super().compose_node(parent, index)
            finally:
                self.flow -= flow

    _FAST: type[_Bounded] | None = _FastLoader
else:  # PyYAML built without libyaml
    _FAST = None


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
    """Parse YAML `text` read from `file` (named in messages), as `load_yaml` does.

    libyaml (when PyYAML has it) scans and parses, the composer above builds the nodes; a
    text it does not read without complaint, for whatever reason, is read again by the
    pure-Python loader, so every refusal and message (and its line) is that loader's.
    """
    if len(text) > MAX_YAML_BYTES:  # characters: at least as many bytes
        raise SpecError([_too_large(file)])
    if _FAST is not None and not _UNLIKE.search(text):
        try:
            return _parse_fast(_FAST, text, file)
        except Exception:  # whatever it is, the pure-Python loader says what is wrong
            pass
    try:
        loader = _PlainLoader(text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, anywhere
        raise SpecError([_not_allowed(file, text, exc)]) from None
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


def _not_allowed(file: Path, text: str, exc: yaml.reader.ReaderError) -> str:
    """One line for a character YAML does not allow (a control character, a lone surrogate)."""
    before = text[:exc.position]
    line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    fix = ("delete it" if 0xD800 <= code <= 0xDFFF else
           f"delete it, or write it as \\x{code:02x} inside double quotes" if code < 0x100
           else f"delete it, or write it as \\u{code:04x} inside double quotes")
    return (f"{file}:{line}:{column}: invalid YAML: the character U+{code:04X} is not "
            f"allowed ({fix})")


def _parse_fast(loader_class: type[_Bounded], text: str, file: Path) -> Located:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    data = _build(node, (), lines) if node is not None else None
    return Located(data=data, file=file, lines=lines)
