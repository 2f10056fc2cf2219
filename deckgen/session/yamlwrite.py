"""Write deckgen's rows into a YAML file the presenter edits, keeping what they wrote.

Reading stays with `yamlsrc` (every scalar a string); ruamel.yaml's round trip is used only
to write, so comments, blank lines, key order, quoting and indentation outside the rows
deckgen changes come out as the presenter left them. The file is a mapping of keys (paper
ids) to mappings of fields to rows, as translations.yaml is:

    "2401.12345":
      title:
        text: ...
        by: deepl

Long texts are literal block scalars (`|-`): Japanese has no spaces for a folded scalar
(`>-`) to break at, and a line break the presenter adds inside a folded block would become
a space mid-sentence; a literal block keeps the text exactly (`-`: no final newline added).
"""

from __future__ import annotations

import copy
import io
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
)
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from deckgen.errors import SpecError
from deckgen.session.yamlsrc import parse_yaml

# key -> field -> row; a row value of None removes that key from the row
Rows = Mapping[str, Mapping[str, Mapping[str, str | None]]]
BLOCK_COLUMNS = 80  # a text wider than this (a wide character counts two) becomes a block
_BLOCK_TYPES = (LiteralScalarString, FoldedScalarString)  # they end their own line
_EXPLICIT_START = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\n)*---[ \t]*(?:#[^\n]*)?$", re.M)


class RewriteError(Exception):
    """The presenter's text cannot be rewritten safely; the message says why."""


def rewrite_rows(old: str | None, rows: Rows, header: str) -> str:
    """`old` with `rows` written in: fields changed in place, new ones appended.

    Everything not in `rows` stays as it is. New fields follow the last field of their key,
    new keys follow the last key, both in the order of `rows`; comment lines that ended a
    mapping (or the file) stay after what is appended there. A new file starts with
    `header`. RewriteError when ruamel.yaml reads `old` differently from `yamlsrc`.
    """
    if old is not None and not rows:
        return old
    text = (old or "").removeprefix("\ufeff")
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    before = parse_yaml(text, Path("<old>")).data if text.strip() else None
    if before is not None and not isinstance(before, dict):
        raise RewriteError("the file is not a mapping")
    yaml = YAML()  # the round-trip loader and dumper
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a line the presenter wrote long
    doc: Any = None
    if before is not None:
        try:
            doc, indent, _ = load_yaml_guess_indent(text, yaml=yaml)
        except YAMLError as exc:
            raise RewriteError(f"ruamel.yaml cannot read it ({' '.join(str(exc).split())})"
                               ) from None
        yaml.map_indent = indent or 2
        yaml.explicit_start = _EXPLICIT_START.search(text) is not None
    prefix = ""
    if before is None:  # a new file, or one holding only comments: they stay above
        prefix = text if text.strip() else header
        prefix += "" if prefix.endswith("\n") else "\n"
        doc = CommentedMap()
    elif not isinstance(doc, CommentedMap):
        raise RewriteError("ruamel.yaml does not read it as a mapping")
    elif not doc:
        doc.fa.set_block_style()  # `{}`: the entries go below it, one per line
    by_text = _align(doc, before or {})
    tail = _detach(doc)  # the comment lines ending the file stay at its end
    for key, fields in rows.items():
        if key in by_text:
            entry = doc[by_text[key]]
            if not isinstance(entry, CommentedMap):
                raise RewriteError(f"{key}: not a mapping")
            rest = _detach(entry)
            for name, row in fields.items():
                _put(entry, name, row, yaml.map_indent or 2)
            _attach(entry, rest)
        else:
            entry = CommentedMap()
            for name, row in fields.items():
                _put(entry, name, row, yaml.map_indent or 2)
            doc[DoubleQuotedScalarString(key)] = entry  # quoted: an id is not a number
    _attach(doc, tail)
    out = io.StringIO()
    yaml.dump(doc, out)
    result = prefix + out.getvalue()
    _check(result, before or {}, rows)
    result = result.replace("\n", "\r\n") if crlf else result
    return ("\ufeff" if (old or "").startswith("\ufeff") else "") + result


def _align(doc: CommentedMap, before: Mapping[str, Any]) -> dict[str, Any]:
    """ruamel's key for each key as yamlsrc reads it (`2401.12340` is a float to ruamel)."""
    if len(doc) != len(before):
        raise RewriteError("ruamel.yaml and PyYAML see different keys")
    return dict(zip(before, doc, strict=True))


def _last(node: CommentedMap) -> tuple[CommentedMap, Any] | None:
    """The block mapping and key holding the last value under `node` (comments hang there)."""
    while node:
        key = next(reversed(node))
        value = node[key]
        if not (isinstance(value, CommentedMap) and value and not value.fa.flow_style()):
            return node, key
        node = value
    return None


def _detach(node: CommentedMap) -> str | None:
    """Take the comment lines after `node`'s last value, leaving that value's own comment."""
    found = _last(node)
    if found is None:
        return None
    holder, key = found
    slot = holder.ca.items.get(key)
    token = slot[2] if slot and len(slot) > 2 else None
    if not isinstance(token, CommentToken):
        return None
    if isinstance(holder[key], _BLOCK_TYPES):  # a block scalar ends its own line
        own, rest = "", token.value
    else:
        line, newline, rest = token.value.partition("\n")
        own = line + newline
    if not rest:
        return None
    if own:
        token.value = own
    else:
        slot[2] = None
    return rest


def _attach(node: CommentedMap, rest: str | None) -> None:
    """Put comment lines taken by `_detach` after `node`'s (new) last value."""
    found = _last(node)
    if not rest or found is None:
        return
    holder, key = found
    slot = holder.ca.items.setdefault(key, [None, None, None, None])
    token = slot[2]
    if isinstance(token, CommentToken):
        token.value = token.value + rest
    else:
        lead = "" if isinstance(holder[key], _BLOCK_TYPES) else "\n"
        slot[2] = CommentToken(lead + rest, CommentMark(0))


def _put(entry: CommentedMap, name: str, row: Mapping[str, str | None], indent: int) -> None:
    """Write one row: into the existing mapping in place, or as a new one at the end."""
    current = entry.get(name)
    if not isinstance(current, CommentedMap):
        entry[name] = CommentedMap((k, _styled(k, v)) for k, v in row.items() if v is not None)
        return
    block = not current.fa.flow_style()  # a flow mapping cannot hold a block scalar
    for key, value in row.items():
        if value is None:
            current.pop(key, None)
            continue
        styled = _styled(key, value) if block else value
        if isinstance(styled, _BLOCK_TYPES):
            _comment_above(current, key, indent)
        current[key] = styled


def _comment_above(row: CommentedMap, key: str, indent: int) -> None:
    """A comment at the end of `key`'s line goes above it: a block scalar takes the line."""
    slot = row.ca.items.get(key)
    token = slot[2] if slot and len(slot) > 2 else None
    if not isinstance(token, CommentToken) or isinstance(row.get(key), _BLOCK_TYPES):
        return
    line, newline, rest = token.value.partition("\n")
    if not line.strip().startswith("#"):
        return
    slot[2] = CommentToken(rest, CommentMark(0)) if rest else None  # after a block: no "\n"
    position = row.lc.key(key) if key in row.lc.data else None
    column = position[1] if position else indent
    row.yaml_set_comment_before_after_key(key, before=line.strip().removeprefix("#").strip(),
                                          indent=column)


def _styled(key: str, value: str) -> Any:
    """A long or multi-line text as a literal block; anything else as ruamel sees fit."""
    if key == "text" and ("\n" in value or _columns(value) > BLOCK_COLUMNS):
        return LiteralScalarString(value)
    return value


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _check(result: str, before: Mapping[str, Any], rows: Rows) -> None:
    """The new text must read back (through yamlsrc) as the old data with `rows` applied."""
    expected = copy.deepcopy(dict(before))
    for key, fields in rows.items():
        entry = expected.setdefault(key, {})
        for name, row in fields.items():
            current = entry.get(name)
            target = current if isinstance(current, dict) else {}
            for field_key, value in row.items():
                if value is None:
                    target.pop(field_key, None)
                else:
                    target[field_key] = value
            entry[name] = target
    try:
        after = parse_yaml(result, Path("<new>")).data
    except SpecError as exc:
        raise RewriteError(f"the rewritten text does not parse ({exc})") from None
    if after != expected or list(after) != list(expected):
        raise RewriteError("the rewritten text does not read back as written")


def write_paper_fields(old: str, fields: Mapping[str, Mapping[str, str]]) -> str:
    """session.yaml's text `old` with `papers.<id>.<field>: value` set for each of `fields`
    (`deckgen new --team` dealing papers out: `surveyed_by`), everything else as written.

    RewriteError when ruamel.yaml reads `old` differently from `yamlsrc`, or the result does
    not read back as `old` with the fields set.
    """
    before = parse_yaml(old, Path("<old>")).data
    if not isinstance(before, dict):
        raise RewriteError("the file is not a mapping")
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    try:
        doc, _, offset = load_yaml_guess_indent(old, yaml=yaml)
    except YAMLError as exc:
        raise RewriteError(f"ruamel.yaml cannot read it ({' '.join(str(exc).split())})"
                           ) from None
    # session.yaml's mappings indent by two; its lists as written (`  - name:` or `- name:`)
    yaml.indent(mapping=2, sequence=(offset or 0) + 2, offset=offset or 0)
    papers = doc.get("papers") if isinstance(doc, CommentedMap) else None
    if papers is None and isinstance(doc, CommentedMap):
        papers = doc["papers"] = CommentedMap()
    if not isinstance(papers, CommentedMap):
        raise RewriteError("papers: is not a mapping")
    if not papers:
        papers.fa.set_block_style()  # `papers: {}`: the entries go below it, one per line
    keys = {str(key): key for key in papers}
    expected = copy.deepcopy(before)
    notes = expected["papers"] = dict(expected.get("papers") or {})
    for pid, values in fields.items():
        key = keys.get(pid, DoubleQuotedScalarString(pid))  # quoted: an id is not a number
        entry = papers.get(key)
        if entry is None:
            entry = papers[key] = CommentedMap()
        elif not isinstance(entry, CommentedMap):
            raise RewriteError(f"papers.{pid}: not a mapping")
        entry.update(values)
        notes[pid] = {**(notes.get(pid) or {}), **values}
    out = io.StringIO()
    yaml.dump(doc, out)
    try:
        after = parse_yaml(out.getvalue(), Path("<new>")).data
    except SpecError as exc:
        raise RewriteError(f"the rewritten text does not parse ({exc})") from None
    if after != expected:
        raise RewriteError("the rewritten text does not read back as written")
    return out.getvalue()
