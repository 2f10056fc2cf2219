"""A rebuild draws only the slides whose plan changed (render/drawn.py's record), and gives
the deck drawing every slide to compare gives, hand edits and warnings included."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from deckgen.render import drawn, merge
from deckgen.render.identity import read_identity
from tests.conftest import (
    add_figures,
    run_cli,
)

TAKE = "パッチ型記憶EvoMemの提案"  # a pick's take, on its ranking slide


def regenerated(output: str) -> int:
    match = re.search(r"(\d+) regenerated", output)
    assert match, output
    return int(match[1])


def build(session: Path) -> str:
    result = run_cli("build", str(session), "--no-pdf", "--offline")
    assert result.exit_code == 0, result.output
    return result.output


def deck(session: Path) -> Path:
    return session / "build" / "2026-06.pptx"


def change_take(session: Path, new: str) -> None:
    spec = session / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    assert text.count(TAKE) == 1
    spec.write_text(text.replace(TAKE, new), encoding="utf-8")


@pytest.fixture
def drawn_keys(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the slides each merge draws, in order."""
    keys: list[str] = []
    real = merge.add_slides

    def spy(prs, layouts, slides, warnings, record=None):
        keys.extend(s.key for s in slides)
        return real(prs, layouts, slides, warnings, record)

    monkeypatch.setattr(merge, "add_slides", spy)
    return keys


def slides(pptx: Path) -> list[tuple]:
    """Every slide in order as drawn: its XML, layout, notes and pictures (the part names and
    slide ids differ: a slide drawn later gets a later number)."""
    out = []
    for slide in Presentation(str(pptx)).slides:
        notes = slide.notes_slide.part.blob if slide.has_notes_slide else b""
        pictures = sorted(sh.image.blob for sh in slide.shapes if sh.shape_type == 13)
        out.append((slide.part.blob, slide.slide_layout.name, notes, pictures))
    return out


def parts(pptx: Path) -> dict[str, bytes]:
    """Every part but those naming slide parts, which differ as the slides' numbers do."""
    naming = ("[Content_Types].xml", "ppt/presentation.xml", "ppt/_rels/presentation.xml.rels")
    with zipfile.ZipFile(pptx) as package:
        return {name: package.read(name) for name in package.namelist()
                if not name.startswith(("ppt/slides/", "ppt/notesSlides/_rels/"))
                and name not in naming}


def edit_text(pptx: Path, slide_id: str, text: str) -> None:
    """A hand edit as python-pptx makes it: the first text of the slide `slide_id`."""
    prs = Presentation(str(pptx))
    slide = next(s for s in prs.slides if (i := read_identity(s)) and i.slide_id == slide_id)
    shape = next(s for s in slide.placeholders if s.has_text_frame and s.text_frame.text)
    shape.text_frame.text = text
    prs.save(str(pptx))


def test_a_rebuild_draws_only_the_changed_slides_and_gives_the_same_deck(
        example: Path, tmp_path: Path, drawn_keys: list[str]):
    build(example)
    total = len(Presentation(str(deck(example))).slides)
    without = shutil.copytree(example, tmp_path / "without" / "2026-06")
    drawn.record_path(deck(without)).unlink()  # every slide drawn to compare, as before

    for session in (example, without):
        change_take(session, TAKE + " (改訂)")
    changed = regenerated(build(example))
    assert 1 <= changed < total
    assert len(drawn_keys) == changed  # only the slides showing that take
    drawn_keys.clear()
    assert regenerated(build(without)) == changed
    assert len(drawn_keys) == total  # no record: every planned slide drawn
    assert slides(deck(example)) == slides(deck(without))
    assert parts(deck(example)) == parts(deck(without))
    # and the record written by either build is the same: what each plan key draws
    assert drawn.read_record(deck(example)) == drawn.read_record(deck(without))


def test_a_hand_edit_is_kept_and_content_changed_under_it_is_reported_without_drawing(
        example: Path, drawn_keys: list[str]):
    build(example)
    ranking = next(i.slide_id for s in Presentation(str(deck(example))).slides
                   if (i := read_identity(s)) and TAKE in "".join(
                       sh.text_frame.text for sh in s.shapes if sh.has_text_frame))
    edit_text(deck(example), ranking, "発表者が書き直した題")
    change_take(example, TAKE + " (改訂)")
    first = build(example)
    assert f"kept 1 edited ({ranking})" in first and "changed under" in first, first
    drawn_keys.clear()
    # a change elsewhere: the edited slide is not drawn again, and still reported
    spec = example / "session.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace(
        "実用志向のスパースアテンション", "実用志向のスパースアテンション (v2)"), encoding="utf-8")
    second = build(example)
    assert ranking not in drawn_keys
    assert f"kept 1 edited ({ranking})" in second and "changed under" in second, second
    texts = [sh.text_frame.text for s in Presentation(str(deck(example))).slides
             for sh in s.shapes if sh.has_text_frame]
    assert "発表者が書き直した題" in texts


@pytest.mark.parametrize("record", [
    "not json at all",
    json.dumps({"v": 1, "slides": [["k", 3, []]]}),
    json.dumps([1, 2, 3]),
    "[" * 100_000 + "]" * 100_000,
    "x" * (9 * 1024 * 1024),  # over MAX_BUILD_RECORD_BYTES
])
def test_a_broken_or_foreign_record_means_every_slide_is_drawn(
        example: Path, drawn_keys: list[str], record: str):
    build(example)
    total = len(Presentation(str(deck(example))).slides)
    drawn.record_path(deck(example)).write_text(record, encoding="utf-8")
    change_take(example, TAKE + " (改訂)")
    assert regenerated(build(example)) >= 1
    assert len(drawn_keys) == total
    assert len(drawn.read_record(deck(example))) == total  # and a good record is back


def test_a_record_that_lies_cannot_cost_a_hand_edit(example: Path, drawn_keys: list[str]):
    build(example)
    prs = Presentation(str(deck(example)))
    victim = read_identity(prs.slides[3]).slide_id
    edit_text(deck(example), victim, "手で直した本文")
    path = drawn.record_path(deck(example))
    data = json.loads(path.read_text(encoding="utf-8"))
    for row in data["slides"]:  # every plan key claims to draw the edited slide's content
        row[1] = "0" * 16
    path.write_text(json.dumps(data), encoding="utf-8")
    change_take(example, TAKE + " (改訂)")
    output = build(example)
    assert f"kept 1 edited ({victim})" in output, output
    texts = [sh.text_frame.text for sh in Presentation(str(deck(example))).slides[3].shapes
             if sh.has_text_frame]
    assert "手で直した本文" in texts


def test_a_warning_from_drawing_a_slide_is_given_again_when_it_is_not_drawn(example: Path):
    build(example)
    spec = example / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    assert '    take: "→ 環境' in text
    spec.write_text(text.replace('    take: "→ 環境', '    take: "→ \\x01環境', 1),
                    encoding="utf-8")
    first = re.findall(r"slide (\d+) \(([^)]*)\): removed characters", build(example))
    assert len(first) == 1
    change_take(example, TAKE + " (改訂)")  # another slide changes; that one is not drawn
    again = re.findall(r"slide (\d+) \(([^)]*)\): removed characters", build(example))
    assert again == first


def test_a_slide_whose_key_holds_a_control_character_rebuilds(tmp_path: Path):
    """Its id on the slide is its key without the character (a .pptx cannot hold it); the
    merge finds it under that id, not as a slide deleted and one new. (session.yaml refuses
    such a `key:`; the merge must not depend on that.)"""
    from deckgen.model.deck import Deck, Para, Slide, Text
    from deckgen.render.merge import merge_edits
    from deckgen.render.render import render_deck
    from deckgen.render.template import load_template

    def deck_with(body: str) -> Deck:
        texts = {"title": Text((Para("用語集"),)), "body": Text((Para(body),))}
        return Deck("d", (Slide("bullets", "a", texts), Slide("bullets", "own:gl\x01x", texts),
                          Slide("bullets", "c", {"title": Text((Para(body),))})))

    pptx = tmp_path / "d.pptx"
    render_deck(deck_with("一つ目"), load_template(None), pptx)
    report = merge_edits(pptx, deck_with("二つ目"), load_template(None), pptx, touched=False)
    assert sorted(report.updated) == ["a", "c", "own:glx"] and not report.added, report
    assert [read_identity(s).slide_id for s in Presentation(str(pptx)).slides] == \
        ["a", "own:glx", "c"]


def test_a_key_with_a_control_character_is_refused_with_its_line(example: Path):
    spec = example / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text + 'slides:\n  - title: 用語集\n    key: "gl\\x01x"\n', encoding="utf-8")
    result = run_cli("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 1
    line = len(text.splitlines()) + 3
    assert f"session.yaml:{line}" in result.output
    assert "key 'gl\\x01x' holds a control character" in result.output, result.output


def _twins(example: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The example built once, and a copy of it without the record (every slide drawn)."""
    build(example)
    without = shutil.copytree(example, tmp_path / "without" / "2026-06")
    drawn.record_path(deck(without)).unlink()
    return example, without


def _replace_figure(session: Path) -> None:
    """The pick's Figure 1 replaced by another picture under the same name."""
    from PIL import Image

    path = session / "figures" / "2606.13681" / "fig1.png"
    Image.new("RGB", (800, 500), (200, 30, 30)).save(path)


@pytest.mark.parametrize("change", ["figure", "layout", "drawing code"])
def test_what_a_slide_is_drawn_from_changing_draws_it_again(
        example: Path, tmp_path: Path, drawn_keys: list[str], monkeypatch: pytest.MonkeyPatch,
        change: str):
    add_figures(example, "2606.13681", [(1, 800, 500, "PNG")])
    with_record, without = _twins(example, tmp_path)
    total = len(Presentation(str(deck(example))).slides)
    for session in (with_record, without):
        if change == "figure":
            _replace_figure(session)
        elif change == "layout":  # the summaries on another layout of the template
            spec = session / "session.yaml"
            spec.write_text(spec.read_text(encoding="utf-8")
                            + "\nlayouts:\n  summary: deckgen Bullets\n", encoding="utf-8")
    if change == "drawing code":  # a checkout that draws otherwise, the same version number
        monkeypatch.setattr(drawn, "drawing_code", lambda: b"another deckgen")
        monkeypatch.setattr("deckgen.build.drawing_code", lambda: b"another deckgen")
    build(with_record)
    redrawn = list(drawn_keys)
    drawn_keys.clear()
    build(without)
    assert slides(deck(with_record)) == slides(deck(without))
    if change == "figure":
        assert 1 <= len(redrawn) < total and all("2606.13681" in k for k in redrawn), redrawn
    elif change == "layout":
        assert 1 <= len(redrawn) < total and all("summary" in k for k in redrawn), redrawn
    else:
        assert len(redrawn) == total
