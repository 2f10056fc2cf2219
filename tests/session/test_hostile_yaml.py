"""Hostile YAML: aliases, tags, nesting and size end as one line naming file:line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.errors import SpecError
from deckgen.session import yamlsrc
from deckgen.session.yamlsrc import parse_yaml
from tests.conftest import run_cli
from tests.hostile import error_line, run_limited


def _replace_closing(session: Path, yaml_text: str) -> None:
    spec = session / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    head, _, _ = text.partition("closing:\n")
    spec.write_text(head + yaml_text, encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


def test_billion_laughs_is_refused_at_its_first_anchor(example: Path):
    lines = ["closing:", '  - &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        lines.append(f"  - &{chr(97 + level)} [" + ",".join([f"*{chr(96 + level)}"] * 9) + "]")
    _replace_closing(example, "\n".join(lines) + "\n")
    line = _line_of(example / "session.yaml", "&a")
    out = error_line(run_limited("build", str(example), "--no-pdf", "--offline"),
                     f"{example / 'session.yaml'}:{line}:", "anchor &a",
                     "write values out in full")
    assert "\n" not in out


def test_recursive_alias_is_refused(example: Path):
    _replace_closing(example, "closing: &r [*r]\n")
    line = _line_of(example / "session.yaml", "&r")
    error_line(run_limited("build", str(example), "--no-pdf", "--offline"),
               f"{example / 'session.yaml'}:{line}:10:", "anchor &r")


def test_alias_in_translations_is_refused(example: Path):
    path = example / "translations.yaml"
    path.write_text(path.read_text(encoding="utf-8")
                    + '"2606.13392":\n  title: *t\n', encoding="utf-8")
    result = run_cli("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}:")
    assert "alias *t: anchors and aliases are not read (write the value out in full)" \
        in result.output


@pytest.mark.parametrize("text", ["closing: !!python/object/apply:os.system [echo]\n",
                                  "closing: !!python/object/apply:os.system\n  - echo\n"])
def test_tags_are_refused(text: str):
    with pytest.raises(SpecError) as caught:
        parse_yaml(text, Path("session.yaml"))
    assert str(caught.value) == ("session.yaml:1:10: tag !!python/object/apply:os.system: "
                                 "tags are not read (remove it; quote the value to keep it "
                                 "as text)")


def test_deep_nesting_is_refused(example: Path):
    _replace_closing(example, "closing: " + "[" * 100_000 + "]" * 100_000 + "\n")
    error_line(run_limited("build", str(example), "--no-pdf", "--offline"),
               "session.yaml:", "nested more than 32 levels deep")


def test_a_file_with_too_many_values_is_refused(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(yamlsrc, "MAX_YAML_NODES", 100)
    rows = "".join(f'"2606.{n:05d}": {{title: t, abstract: a}}\n' for n in range(30))
    with pytest.raises(SpecError) as caught:
        parse_yaml(rows, Path("translations.yaml"))
    assert str(caught.value) == ("translations.yaml:17:23: more than 100 values (is it the "
                                 "right file?)")


def test_an_oversized_file_is_refused_unread(example: Path):
    path = example / "translations.yaml"
    path.write_text("# " + "x" * (2 * 1024 * 1024) + "\n", encoding="utf-8")
    result = run_cli("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 1
    assert result.output == (f"Error: {path}: larger than the 1024 KB limit for a YAML file "
                             "deckgen reads (is it the right file?)\n")


@pytest.mark.parametrize("name", ["session.yaml", "translations.yaml"])
def test_a_control_character_is_one_line_naming_where_it_is(example: Path, name: str):
    path = example / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "# a bell\x07 pasted from a terminal\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    error_line(run_limited("build", str(example), "--no-pdf", "--offline"),
               f"{path}:{line}:9: invalid YAML: the character U+0007 is not allowed",
               "delete it")
