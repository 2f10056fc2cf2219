"""libyaml reads the YAML when PyYAML has it; what it reads, refuses and says is exactly what
the pure-Python loader reads, refuses and says, on hostile input too."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from deckgen.errors import SpecError
from deckgen.session import yamlsrc
from deckgen.session.yamlsrc import parse_yaml
from tests.conftest import REPO

needs_libyaml = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")

HOSTILE = [
    "closing: &a [x]\nagain: *a\n",  # anchor, alias
    'closing:\n  - &a ["lol","lol"]\n  - &b [*a,*a]\n',
    "closing: &r [*r]\n",
    "title: *t\n",
    "closing: !!python/object/apply:os.system [echo]\n",
    "closing: !x y\n",
    "closing: " + "[" * 100 + "]" * 100 + "\n",
    "a:\n" + "".join(f"{'  ' * n}k{n}:\n" for n in range(1, 40)),
    "a: 1\na: 2\n",  # duplicate key
    "a: 1\n  b: 2\n",  # syntax errors
    "a: [1, 2\n",
    "a: 'open\n",
    'a: "\\q"\n',
    "- a\nb: c\n",
    "a: 1\n---\nb: 2\n",  # two documents
    "",
    "# only a comment\n",
    "---\n...\n",
    "a:\tb\n",  # tabs: libyaml reads some that PyYAML refuses
    "a: x\ty\n",
    "a:\n\t- b\n",
    "\ufeffa: b\n",  # byte-order marks
    "a: b\ufeff\n",
    "\ufeff\ufeff   s :",
    "%YAML 1.1\n---\na: b\n",  # directives
    "%YAML 1.1#\n---\na: b\n",
    "%YAML 2.0\n---\na: b\n",
    "%TAG ! tag:example.com,2000:\n---\na: b\n",
    "a: [x ? y]\n",  # ? inside a flow collection: PyYAML reads a key
    "a: [?y]\n",
    "a: {x: b ? c}\n",
    "a: [x, ? y]\n",
    "a: |#c\n  x\n",  # block scalar headers
    "a: |-  # c\n  x\n",
    "a: >2\n   x\n",
    "a: |0\n x\n",
    "a: |+-\n x\n",
    "a: b\r\nc: d\r\n",  # line breaks
    "a: b\rc: d\r",
    "a: b\x85c: d\n",
    "a: b\u2028c: d\n",
    "a: b\x00\n",  # characters YAML does not allow
    "a: b\x07\n",
    "a: \ud800\n",
    "a: \U0001f600 ０１ 　全角\n",
    "? a\n: b\n",
    "k: [? , :]\n",  # a complex key in flow: libyaml reads it, PyYAML refuses it
    "k: [? a : b]\n",
    "k:\n  [? x\n  : y]\n",
    "k: {? a: b}\n",
    "- ? x\n  : y\n",
    "---\n",  # document markers: libyaml puts an empty document's line elsewhere
    "---\n# only a comment\n",
    "a: 1\n...\n",
    "--- a\n",
    "a: b: c\n",
    "- - - x\n  - y\n",
    "'2606.13392':\n  title:\n    text: 記憶\n    by: hand\n",
    "key: " + "x" * 2000 + "\n",
    "x" * 1100 + ": v\n",
]


def _outcome(text: str) -> tuple[object, ...]:
    try:
        located = parse_yaml(text, Path("session.yaml"))
    except (SpecError, yaml.YAMLError) as exc:  # a control character: PyYAML's ReaderError
        return ("error", type(exc).__name__, str(exc))
    return ("read", located.data, located.lines)


@pytest.mark.parametrize("text", HOSTILE)
def test_libyaml_and_the_pure_python_loader_agree_on_hostile_yaml(
        text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _outcome(text)
    monkeypatch.setattr(yamlsrc, "_FAST", None)  # as without libyaml
    assert fast == _outcome(text)


@needs_libyaml
@pytest.mark.parametrize("session", ["2026-06", "2026-07", "2026-12-single"])
@pytest.mark.parametrize("name", ["session.yaml", "translations.yaml"])
def test_a_session_is_read_by_libyaml_as_the_pure_python_loader_reads_it(
        session: str, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (REPO / "sessions" / session / name).read_text(encoding="utf-8")
    monkeypatch.setattr(yamlsrc, "_FAST", None)
    pure = _outcome(text)
    monkeypatch.undo()

    def unused(*args: object) -> None:
        raise AssertionError("the pure-Python loader read a file libyaml reads")

    monkeypatch.setattr(yamlsrc, "_PlainLoader", unused)
    assert _outcome(text) == pure


def test_without_libyaml_the_pure_python_loader_reads_and_refuses(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsrc, "_FAST", None)
    assert parse_yaml("a: [x, y]\n", Path("s.yaml")).data == {"a": ["x", "y"]}
    with pytest.raises(SpecError, match=r"^s\.yaml:1:4: alias \*t"):
        parse_yaml("a: *t\n", Path("s.yaml"))
