"""The JSON Schema (draft 2020-12) of session.yaml, derived from the declarations in `schema`.

Editors read it through yaml-language-server to complete and check session.yaml; a copy
ships as `session.schema.json` beside this module and `deckgen new` points new sessions at
it. Every subschema is written inline, without `$ref`, so plugins that know only draft-07
show the descriptions too. deckgen reads every scalar as text, so a text field accepts
numbers and booleans; arXiv ids must be strings (quote them, as the README says).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from deckgen.model.ids import ARXIV_ID_PATTERN
from deckgen.session import schema
from deckgen.session.schema import SESSION, Field

SCHEMA_FILE = Path(__file__).with_name("session.schema.json")
DIALECT = "https://json-schema.org/draft/2020-12/schema"
_SCALAR_LIST = re.compile(r'\[\n(?: *(?:"(?:[^"\\\n]|\\.)*"|-?\d+|true|false|null),?\n)+ *\]')

_TEXT: dict[str, Any] = {"type": ["string", "number", "boolean"]}
_ARXIV_ID: dict[str, Any] = {"type": "string", "pattern": f"^{ARXIV_ID_PATTERN}$"}
_FIGURE_NUMBER: dict[str, Any] = {"anyOf": [{"type": "integer", "minimum": 1},
                                            {"type": "string", "pattern": "^[0-9]*[1-9][0-9]*$"}]}
# Bullets nest to any depth; the schema spells out this many levels (inline, no `$ref`) and
# takes anything deeper on trust: deckgen's own check has the last word.
BULLET_LEVELS = 4


def _bullet(levels: int) -> dict[str, Any]:
    """A bullet: a text, or `head: sub`, `head: [sub, ...]` with subs `levels - 1` deep."""
    sub = _bullet(levels - 1) if levels > 1 else {}
    return {"anyOf": [
        _TEXT,
        {"type": "object", "minProperties": 1, "maxProperties": 1,
         "additionalProperties": {"anyOf": [_TEXT, {"type": "array", "items": sub},
                                            {"type": "null"}]}},
    ]}


_BULLET = _bullet(BULLET_LEVELS)


def _value(f: Field) -> dict[str, Any]:
    """The schema of a field's value, by its declared type."""
    if f.type == schema.TEXT:
        return {**_TEXT, "minLength": 1} if f.required else dict(_TEXT)
    if f.type == schema.TEXTS:
        return {"anyOf": [_TEXT, {"type": "array", "items": _TEXT}]}
    if f.type in (schema.DATE, schema.DATETIME):
        return {"type": "string", "minLength": 1} if f.required else {"type": "string"}
    if f.type == schema.BOOL:
        return {"type": "boolean"}
    if f.type == schema.CHOICE:
        return {"enum": list(f.choices)}
    if f.type == schema.ARXIV:
        return dict(_ARXIV_ID)
    if f.type == schema.ARXIV_LIST:
        return {"type": "array", "items": _ARXIV_ID, "uniqueItems": True}
    if f.type == schema.ITEMS:
        return {"anyOf": [_TEXT, {"type": "array", "items": _BULLET}]}
    if f.type == schema.FIGURES:
        entry: dict[str, Any] = _FIGURE_NUMBER
        if f.fields:  # or a figure slide: {figure: N or [N, M(, K)], heading, text, caption}
            spec = _object(f.fields)
            spec["properties"]["figure"] = {
                "description": schema.field(f.fields, "figure").doc,
                "anyOf": [_FIGURE_NUMBER, {"type": "array", "items": _FIGURE_NUMBER,
                                           "minItems": 2, "maxItems": 3}]}
            entry = {"anyOf": [_FIGURE_NUMBER, spec]}
        return {"anyOf": [{"enum": ["all", "none"]}, _FIGURE_NUMBER,
                          {"type": "array", "items": entry, "uniqueItems": True}]}
    if f.type == schema.IMAGES:  # a file or `<id>#N`, or {file | figure, caption}
        return {"type": "array", "maxItems": schema.MAX_SLIDE_IMAGES,
                "items": {"anyOf": [_TEXT, _object(f.fields)]}}
    if f.type == schema.GLOSSARY:
        return {"type": "object", "additionalProperties": _nullable(dict(_TEXT))}
    if f.type == schema.OBJECT:
        return _object(f.fields)
    if f.type == schema.LIST:
        entry = _object(f.fields)
        if f.shorthand:
            entry = {"anyOf": [_value(schema.field(f.fields, f.shorthand)), entry]}
        return {"type": "array", "items": entry}
    if f.type == schema.ID_MAP:
        return {"type": "object",
                "patternProperties": {f"^{ARXIV_ID_PATTERN}$": _nullable(_object(f.fields))},
                "additionalProperties": False}
    raise ValueError(f"{f.name}: no JSON Schema for type {f.type!r}")


def _nullable(value: dict[str, Any]) -> dict[str, Any]:
    """Also accept null: deckgen reads an empty value as an absent one."""
    if "anyOf" in value:
        return {**value, "anyOf": [*value["anyOf"], {"type": "null"}]}
    if "enum" in value:
        return {**value, "enum": [*value["enum"], None]}
    kinds = value["type"] if isinstance(value["type"], list) else [value["type"]]
    return {**value, "type": [*kinds, "null"]}


def _property(f: Field) -> dict[str, Any]:
    value = _value(f) if f.required else _nullable(_value(f))
    out: dict[str, Any] = {"description": f.doc, **value}
    if f.default is not None:
        out["default"] = f.default
    return out


def _object(fields: tuple[Field, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object",
                           "properties": {f.name: _property(f) for f in fields},
                           "additionalProperties": False}
    if required := list(schema.required(fields)):
        out["required"] = required
    return out


def session_schema() -> dict[str, Any]:
    """The JSON Schema of session.yaml: one field set per kind, chosen by `kind:`."""
    single, survey = (_object(schema.for_kind(SESSION, k)) for k in ("single", "survey"))
    return {
        "$schema": DIALECT,
        "title": "deckgen session.yaml",
        "description": "A paper-reading-group session: the deck deckgen builds from it. "
                       "kind: single takes one paper; anything else is a survey.",
        "type": "object",
        "if": {"properties": {"kind": {"const": "single"}}, "required": ["kind"]},
        "then": single,
        "else": survey,
    }


def schema_text() -> str:
    """The schema as `deckgen schema` prints it and session.schema.json holds it."""
    text = json.dumps(session_schema(), ensure_ascii=False, indent=2)
    # a list of scalars on one line (`"type": ["string", "null"]`): far fewer lines to review
    return _SCALAR_LIST.sub(lambda m: json.dumps(json.loads(m.group(0)), ensure_ascii=False),
                            text) + "\n"


def schema_reference(session_dir: Path, schema_file: Path = SCHEMA_FILE) -> str:
    """Where a session's `$schema` modeline points.

    A relative path when the session lives beside deckgen's source (the repository's own
    sessions, so the line works on every clone), else the installed file's absolute path.
    """
    target = schema_file.resolve()
    folder = session_dir.resolve()
    root = target.parents[2]  # the folder that holds the deckgen package
    if folder.is_relative_to(root):
        return Path(os.path.relpath(target, folder)).as_posix()
    return target.as_posix()


def modeline(session_dir: Path) -> str:
    """The first line of a session.yaml, for yaml-language-server."""
    return f"# yaml-language-server: $schema={schema_reference(session_dir)}"
