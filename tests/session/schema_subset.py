"""A small JSON Schema validator for the keywords `deckgen schema` emits, and YAML read as
an editor reads it.

deckgen has no jsonschema dependency; this checks exactly the subset the generator uses
and refuses any other keyword, so a generator change that needs more is noticed here.
`editor_yaml` reads YAML with the 1.2 core schema, as yaml-language-server does: plain
`118` is a number, `2026-06-17` stays a string, quoted scalars are strings.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_ANNOTATIONS = {"$schema", "title", "description", "default"}
_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def editor_yaml(text: str) -> Any:
    """Plain data from YAML text under the YAML 1.2 core schema."""
    return _node(yaml.compose(text, Loader=yaml.SafeLoader))


def _node(node: yaml.Node | None) -> Any:
    if node is None:
        return None
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): _node(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_node(item) for item in node.value]
    value = node.value
    if node.style is not None:  # quoted or block scalars are strings
        return value
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return value.lower() == "true"
    if _INT.match(value):
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


def _is(kind: str, value: Any) -> bool:
    return {
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "string": isinstance(value, str),
        "boolean": isinstance(value, bool),
        "null": value is None,
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
    }[kind]


def errors(schema: dict[str, Any], value: Any, path: str = "$") -> list[str]:
    """Every place where `value` breaks `schema`, as `path: what`."""
    out: list[str] = []
    for key, arg in schema.items():
        if key in _ANNOTATIONS or key in ("then", "else"):
            continue
        if key == "type":
            kinds = arg if isinstance(arg, list) else [arg]
            if not any(_is(k, value) for k in kinds):
                out.append(f"{path}: {value!r} is not of type {kinds}")
        elif key == "enum":
            if not any(value == e and type(value) is type(e) for e in arg):
                out.append(f"{path}: {value!r} is not one of {arg}")
        elif key == "const":
            if value != arg:
                out.append(f"{path}: {value!r} is not {arg!r}")
        elif key == "pattern":
            if isinstance(value, str) and not re.search(arg, value):
                out.append(f"{path}: {value!r} does not match {arg}")
        elif key == "minLength":
            if isinstance(value, str) and len(value) < arg:
                out.append(f"{path}: shorter than {arg}")
        elif key == "minimum":
            if _is("number", value) and value < arg:
                out.append(f"{path}: {value} is below {arg}")
        elif key in ("minProperties", "maxProperties"):
            if isinstance(value, dict) and (len(value) < arg if key == "minProperties"
                                            else len(value) > arg):
                out.append(f"{path}: {len(value)} properties ({key} {arg})")
        elif key in ("minItems", "maxItems"):
            if isinstance(value, list) and (len(value) < arg if key == "minItems"
                                            else len(value) > arg):
                out.append(f"{path}: {len(value)} items ({key} {arg})")
        elif key == "required":
            if isinstance(value, dict):
                out += [f"{path}: '{name}' is required" for name in arg if name not in value]
        elif key == "properties":
            if isinstance(value, dict):
                for name, sub in arg.items():
                    if name in value:
                        out += errors(sub, value[name], f"{path}.{name}")
        elif key == "patternProperties":
            if isinstance(value, dict):
                for pattern, sub in arg.items():
                    for name in value:
                        if re.search(pattern, name):
                            out += errors(sub, value[name], f"{path}.{name}")
        elif key == "additionalProperties":
            if isinstance(value, dict):
                for name in value:
                    if name in schema.get("properties", {}) or any(
                            re.search(p, name) for p in schema.get("patternProperties", {})):
                        continue
                    if arg is False:
                        out.append(f"{path}: '{name}' is not allowed")
                    elif isinstance(arg, dict):
                        out += errors(arg, value[name], f"{path}.{name}")
        elif key == "items":
            if isinstance(value, list):
                for i, item in enumerate(value):
                    out += errors(arg, item, f"{path}[{i}]")
        elif key == "uniqueItems":
            if arg and isinstance(value, list):
                seen = [repr(v) for v in value]
                if len(set(seen)) != len(seen):
                    out.append(f"{path}: items are not unique")
        elif key == "anyOf":
            found = [errors(sub, value, path) for sub in arg]
            if all(found):
                out.append(f"{path}: {value!r} matches none of {len(arg)} choices: "
                           + "; ".join(e for branch in found for e in branch))
        elif key == "if":
            branch = schema.get("then" if not errors(arg, value, path) else "else")
            if branch is not None:
                out += errors(branch, value, path)
        else:
            raise AssertionError(f"{path}: keyword {key!r} is outside the checked subset")
    return out
