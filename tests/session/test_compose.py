"""`compose:` and `papers.<id>.repeat`: declared once, validated in one line each."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from deckgen.errors import SpecError
from deckgen.model.session import Compose, PaperNotes
from deckgen.session import schema
from deckgen.session.jsonschema import session_schema
from deckgen.session.validate import load_session
from tests.session.schema_subset import editor_yaml, errors

SURVEY = """\
event: 読み会
date: 2026-06-17
presenter: 山田 太郎
rankings:
  - name: Top
    papers: ["2606.13681", "2606.13392"]
  - name: Hype
    papers: ["2606.13392"]
papers:
  "2606.13392": {repeat: present}
"""

SINGLE = """\
kind: single
event: 読み会
date: 2026-12-10
presenter: 高山 温
paper: "2606.13392"
"""


def load(tmp_path: Path, text: str):
    (tmp_path / "session.yaml").write_text(text, encoding="utf-8")
    return load_session(tmp_path)


def refused(tmp_path: Path, text: str) -> str:
    (tmp_path / "session.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_session(tmp_path)
    return str(caught.value)


def test_every_switch_is_declared_once_with_the_model_default():
    model = {f.name: f.default for f in dataclasses.fields(Compose)}
    declared = [f.name for f in schema.COMPOSE]
    assert sorted(declared) == sorted(model) and len(declared) == len(set(declared))
    for f in schema.COMPOSE:
        assert f.default == model[f.name], f.name
        assert f.doc and "\n" not in f.doc
        if f.type == schema.CHOICE:
            assert f.default in f.choices
    assert "repeat" in {f.name for f in dataclasses.fields(PaperNotes)}


def test_without_compose_every_default_holds(tmp_path: Path):
    s = load(tmp_path, SURVEY)
    assert s.compose == Compose()
    assert (s.compose.pickup_abstract, s.compose.repeats, s.compose.summary) == \
        ("refer", "mark", "slide")
    assert s.notes("2606.13392").repeat == "present"
    assert s.notes("2606.13681").repeat is None


def test_the_switches_are_read(tmp_path: Path):
    text = SURVEY + ("compose:\n  agenda: false\n  dividers: False\n  title_date: true\n"
                     "  summary: paper\n  abstract: sentences\n  repeats: present\n"
                     "  pickup_abstract: repeat\n")
    assert load(tmp_path, text).compose == Compose(
        agenda=False, dividers=False, summary="paper", abstract="sentences",
        repeats="present", pickup_abstract="repeat")
    labels = SURVEY + "compose: {pickup_label: 気になった 1 本, credits: false, numbers: dotted}\n"
    assert load(tmp_path, labels).compose == Compose(
        pickup_label="気になった 1 本", credits=False, numbers="dotted")
    single = SINGLE + ("compose: {overview: false, abstract_slide: false, references: false, "
                       "thanks: false, title_date: false, abstract: sentences}\n")
    assert load(tmp_path, single).compose == Compose(
        overview=False, abstract_slide=False, references=False, thanks=False,
        title_date=False, abstract="sentences")


@pytest.mark.parametrize(("text", "line", "message"), [
    (SURVEY + "compose:\n  agenda: no\n", 12,
     "compose.agenda: 'no' is not true or false (write `agenda: false`"),
    (SURVEY + "compose:\n  summary: slides\n", 12,
     "compose.summary: 'slides' is not one of slide, paper (did you mean 'slide'?)"),
    (SURVEY + "compose:\n  pickup_abstract: refers\n", 12,
     "'refers' is not one of refer, repeat (did you mean 'refer'?)"),
    (SURVEY + "compose:\n  numbers: roman\n", 12,
     "compose.numbers: 'roman' is not one of circled, dotted"),
    (SURVEY + "compose:\n  credits: off\n", 12,
     "compose.credits: 'off' is not true or false (write `credits: false`"),
    (SURVEY + "compose:\n  pickup_label: \"気になった\\n1 本\"\n", 12,
     "compose.pickup_label: is more than one line (write the label on one line)"),
    (SINGLE + "compose:\n  numbers: dotted\n", 7, "unknown field 'numbers'"),
    (SURVEY + "compose:\n  agendas: false\n", 12,
     "compose.agendas: unknown field 'agendas' (did you mean 'agenda'?)"),
    (SURVEY + "compose:\n  overview: false\n", 12, "unknown field 'overview'"),
    (SINGLE + "compose:\n  dividers: false\n", 7, "unknown field 'dividers'"),
    (SURVEY.replace("{repeat: present}", "{repeat: again}"), 10,
     "papers.2606.13392.repeat: 'again' is not one of mark, present"),
])
def test_a_wrong_switch_is_one_line_with_file_line_and_the_fix(
        tmp_path: Path, text: str, line: int, message: str):
    said = refused(tmp_path, text)
    assert len(said.splitlines()) == 1, said
    assert f"session.yaml:{line}: " in said and message in said, said


@pytest.mark.parametrize("text", [
    SURVEY + "compose: {agenda: false, summary: paper, pickup_abstract: repeat}\n",
    SURVEY + "compose: {pickup_label: 気になった 1 本, credits: false, numbers: dotted}\n",
    SINGLE + "compose: {overview: false, thanks: false, abstract: sentences}\n",
])
def test_the_json_schema_accepts_what_the_validator_accepts(tmp_path: Path, text: str):
    load(tmp_path, text)
    assert errors(session_schema(), editor_yaml(text)) == []


@pytest.mark.parametrize("text", [
    SURVEY + "compose: {agenda: no}\n",
    SURVEY + "compose: {summary: slides}\n",
    SURVEY + "compose: {numbers: roman}\n",
    SURVEY + "compose: {overview: false}\n",
    SINGLE + "compose: {repeats: present}\n",
])
def test_the_json_schema_refuses_what_the_validator_refuses(tmp_path: Path, text: str):
    refused(tmp_path, text)
    assert errors(session_schema(), editor_yaml(text))
