"""The README's format reference shows every session.yaml field `deckgen schema` declares.

The reference is the README's section "The session folder": its YAML examples are read as
YAML (a snippet is written from the file's top, as in session.yaml) and every field path of
the schema must occur in one of them, a paper's notes under any arXiv id, a list's fields in
any of its entries. The slide kinds `layouts:` maps need only be named there, in backticks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REPO, run_cli

SECTION = "## The session folder"
ARXIV_KEY = re.compile(r"^\d{4}\.\d{4,5}(v\d+)?$")


def schema_paths(node: dict[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every field path of the JSON Schema: `papers.*.take`, `rankings.[].name`, ..."""
    for name, sub in node.get("properties", {}).items():
        yield (*path, name)
        yield from schema_paths(sub, (*path, name))
    for sub in node.get("patternProperties", {}).values():
        yield from schema_paths(sub, (*path, "*"))
    if isinstance(node.get("items"), dict):
        yield from schema_paths(node["items"], (*path, "[]"))
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in node.get(key, []):
            yield from schema_paths(sub, path)
    for key in ("then", "else"):
        if isinstance(node.get(key), dict):
            yield from schema_paths(node[key], path)


def example_paths(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every field path an example holds (a paper's id as `*`, list entries as `[]`)."""
    if isinstance(value, dict):
        for key, sub in value.items():
            name = "*" if path == ("papers",) and ARXIV_KEY.match(str(key)) else str(key)
            yield (*path, name)
            yield from example_paths(sub, (*path, name))
    elif isinstance(value, list):
        for sub in value:
            yield from example_paths(sub, (*path, "[]"))


def reference_section(readme: str) -> str:
    """The README's format reference: its section "The session folder"."""
    start = readme.index(SECTION)
    end = readme.find("\n## ", start + len(SECTION))
    return readme[start:end if end != -1 else len(readme)]


def reference_examples(readme: str) -> list[Any]:
    """The YAML examples of the README's format reference, each read as YAML."""
    blocks = re.findall(r"```yaml\n(.*?)```", reference_section(readme), re.S)
    assert blocks, f"no YAML example under '{SECTION}'"
    return [yaml.safe_load(block) for block in blocks]


def test_every_schema_field_has_an_example_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    result = run_cli("schema")
    assert result.exit_code == 0, result.output
    declared = set(schema_paths(json.loads(result.output)))
    shown = {p for example in reference_examples(readme) for p in example_paths(example)}
    missing = sorted(".".join(p) for p in declared - shown
                     if not (len(p) == 2 and p[0] == "layouts"))
    assert not missing, ("fields of `deckgen schema` without an example in the README's "
                         f"'{SECTION[3:]}': {', '.join(missing)}")
    section = reference_section(readme)
    unnamed = sorted(p[1] for p in declared if len(p) == 2 and p[0] == "layouts"
                     and f"`{p[1]}`" not in section)
    assert not unnamed, f"slide kinds `layouts:` takes that the reference never names: " \
                        f"{', '.join(unnamed)}"


def test_a_field_missing_from_the_examples_is_found(tmp_path: Path):
    readme = f"{SECTION}\n\n```yaml\nkind: survey\npapers:\n  \"2606.13681\": {{take: x}}\n```\n"
    shown = {p for e in reference_examples(readme) for p in example_paths(e)}
    assert ("papers", "*", "take") in shown
    assert ("papers", "*", "summary") not in shown
