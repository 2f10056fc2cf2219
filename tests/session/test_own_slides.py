"""Own slides, nested bullets and figure slides in session.yaml: read into the model, and
every mistake one line naming file:line and field."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from deckgen.errors import SpecError
from deckgen.model.session import FigureSpec, Item, SlideImage
from deckgen.session.jsonschema import session_schema
from deckgen.session.validate import load_session
from tests.session.schema_subset import editor_yaml, errors

SURVEY = """\
event: 読み会
date: 2026-06-17
presenter: 山田 太郎
rankings:
  - name: Top Recent
    papers: ["2606.13681", "2606.13392"]
  - name: Top Hype
    papers: ["2606.08063"]
picks: ["2606.13681"]
papers:
  "2606.13681":
    figures:
      - 1
      - {figure: 3, heading: 結果, text: 一文の説明, caption: 短い説明}
      - {figure: [4, 5], heading: 比較}
    pickup_slides:
      - {title: 読み解き, bullets: [要点]}
  "2606.13392":
    slides:
      - title: 蒸留 (distillation)
        bullets: [教師モデルの出力を真似る]
        images: ["2606.13681#2"]
slides:
  - at: start
    title: ナッシュ均衡
    bullets:
      - 一つ目
      - 二つ目: [詳細, {さらに: [深く, {もっと: [最深部]}]}]
    images:
      - {file: images/demo.png, caption: 著者によるデモ}
      - {figure: "2606.13392#3", caption: 任意の上書き}
    notes: 発表メモ
    key: glossary-nash
  - {at: before Top Hype, title: 前置き}
  - {at: after Top Recent, title: 後書き}
  - {at: pickup, title: 補足}
  - {title: おわりに}
"""

SINGLE = """\
kind: single
event: 読み会
date: 2026-12-10
presenter: 高山 温
paper: "2606.13392"
sections:
  - title: 研究内容
    items: [a]
    figures: [1, {figure: [2, 3], text: 二つの図}]
    slides:
      - {title: 研究内容 2, images: [images/demo.png, "2606.13392#4"]}
  - 結果
slides:
  - {at: overview, title: 背景}
  - {at: before 結果, title: 前置き}
  - {at: after 研究内容, title: 後書き}
"""


def write(tmp_path: Path, text: str, image: bool = True) -> Path:
    (tmp_path / "session.yaml").write_text(text, encoding="utf-8")
    if image:
        (tmp_path / "images").mkdir(exist_ok=True)
        Image.new("RGB", (40, 30), "white").save(tmp_path / "images" / "demo.png")
    return tmp_path


def problems(tmp_path: Path, text: str, image: bool = True) -> list[str]:
    with pytest.raises(SpecError) as info:
        load_session(write(tmp_path, text, image))
    return str(info.value).splitlines()


def test_own_slides_and_figure_slides_are_read_into_the_model(tmp_path: Path):
    s = load_session(write(tmp_path, SURVEY))
    notes = s.notes("2606.13681")
    assert notes.figures == (1, 3, 4, 5)
    assert notes.figure_specs == (FigureSpec((1,)),
                                  FigureSpec((3,), "結果", "一文の説明", "短い説明"),
                                  FigureSpec((4, 5), "比較"))
    assert [x.title for x in notes.pickup_slides] == ["読み解き"]
    distil = s.notes("2606.13392").slides[0]
    assert distil.images == (SlideImage(paper="2606.13681", figure=2),)
    nash = s.slides[0]
    assert (nash.at, nash.anchor, nash.key) == ("start", None, "glossary-nash")
    assert nash.notes == "発表メモ"
    assert nash.images == (SlideImage(file=Path("images/demo.png"), caption="著者によるデモ"),
                           SlideImage(paper="2606.13392", figure=3, caption="任意の上書き"))
    assert [(x.at, x.anchor) for x in s.slides[1:]] == [
        ("before", "Top Hype"), ("after", "Top Recent"), ("pickup", None), ("end", None)]
    # referenced figures are figures the deck shows, so fetch gets them
    assert s.figure_references("2606.13392") == (3,)
    assert s.figure_references("2606.13681") == (2,)


def test_bullets_nest_to_any_depth(tmp_path: Path):
    bullets = load_session(write(tmp_path, SURVEY)).slides[0].bullets
    assert bullets == (Item("一つ目"), Item("二つ目", (
        Item("詳細"), Item("さらに", (Item("深く"), Item("もっと", (Item("最深部"),)))))))
    assert [(d, i.text) for d, i in bullets[1].walk()] == [
        (0, "二つ目"), (1, "詳細"), (1, "さらに"), (2, "深く"), (2, "もっと"), (3, "最深部")]


def test_a_plain_sub_bullet_is_still_an_item():
    assert Item("仕事", ("技師",)).children == (Item("技師"),)


def test_a_single_paper_deck_takes_section_slides_and_its_own_places(tmp_path: Path):
    s = load_session(write(tmp_path, SINGLE))
    section = s.sections[0]
    assert section.figures == (1, 2, 3)
    assert section.figure_specs == (FigureSpec((1,)), FigureSpec((2, 3), text="二つの図"))
    assert section.slides[0].images == (SlideImage(file=Path("images/demo.png")),
                                        SlideImage(paper="2606.13392", figure=4))
    assert [(x.at, x.anchor) for x in s.slides] == [
        ("overview", None), ("before", "結果"), ("after", "研究内容")]


@pytest.mark.parametrize("text", [SURVEY, SINGLE], ids=["survey", "single"])
def test_the_editor_schema_accepts_them_too(tmp_path: Path, text: str):
    assert errors(session_schema(), editor_yaml(text)) == []


@pytest.mark.parametrize(("text", "old", "new", "message"), [
    (SURVEY, "at: before Top Hype", "at: before Top Hyp",
     "slides[1].at: no ranking is named 'Top Hyp' (did you mean 'Top Hype'?)"),
    (SURVEY, "at: pickup", "at: pikcup", "slides[3].at: 'pikcup' is not a place (did you mean "
     "'pickup'?; places: start, before <ranking>, after <ranking>, pickup, end)"),
    (SURVEY, "at: start", "at: overview", "slides[0].at: 'overview' is not a place"),
    (SINGLE, "at: overview", "at: pickup", "slides[0].at: 'pickup' is not a place"),
    (SINGLE, "at: before 結果", "at: before 結果たち",
     "slides[1].at: no section is named '結果たち' (did you mean '結果'?)"),
    (SURVEY, '"2606.13681#2"', '"2606.13618#2"', "papers.2606.13392.slides[0].images[0]: "
     "'2606.13618' is not a paper of this session (did you mean '2606.13681'?)"),
    (SURVEY, '"2606.13681#2"', '"2606.13681#two"', "is not a paper's figure"),
    (SURVEY, "file: images/demo.png", "file: images/dmeo.png",
     "slides[0].images[0].file: 'images/dmeo.png' is not found in"),
    (SURVEY, "file: images/demo.png", "file: ../outside.png",
     "slides[0].images[0].file: '../outside.png' is outside the session folder"),
    (SURVEY, "file: images/demo.png", "file: /etc/passwd",
     "slides[0].images[0].file: '/etc/passwd' is an absolute path"),
    (SURVEY, "file: images/demo.png", "file: images", "'images' is a folder"),
    (SURVEY, "file: images/demo.png", "file: session.yaml", "'session.yaml' is not a PNG or JPEG"),
    (SURVEY, "file: images/demo.png", "file: images/demo.png, figure: \"2606.13681#1\"",
     "write either file: (an image in the session folder) or figure:"),
    (SURVEY, '["2606.13681#2"]', '["2606.13681#2", "2606.13681#2"]',
     "papers.2606.13392.slides[0].images[1]: this image is on the slide twice"),
    (SURVEY, '["2606.13681#2"]', '["2606.13681#1", "2606.13681#2", "2606.13681#3", '
     '"2606.13681#4"]', "papers.2606.13392.slides[0].images: 4 images: a slide holds at most 3"),
    (SURVEY, "title: 前置き}", "title: 前置き, key: glossary-nash}",
     "slides[1].key: key 'glossary-nash' is used twice (first at line 33"),
    (SURVEY, "title: 前置き}", "title: 前置き, bullet: [x]}",
     "slides[1].bullet: unknown field 'bullet' (did you mean 'bullets'?)"),
    (SURVEY, ", title: 後書き}", "}", "slides[2]: missing required field 'title'"),
    (SURVEY, "{figure: [4, 5], heading: 比較}", "{figure: [4, 5, 6, 7]}",
     "figures[2].figure: 4 figures on one slide: a group holds two or three"),
    (SURVEY, "{figure: [4, 5], heading: 比較}", "{figure: [4, 1]}",
     "figures[2]: figure 1 is listed twice"),
    (SURVEY, "{figure: [4, 5], heading: 比較}", "{figure: [4, 5], caption: x}",
     "figures[2].caption: a group of figures keeps each figure's own caption"),
    (SURVEY, "{figure: [4, 5], heading: 比較}", "{figure: 4, headng: 比較}",
     "figures[2].headng: unknown field 'headng' (did you mean 'heading'?)"),
    (SURVEY, "{figure: [4, 5], heading: 比較}", "{figure: x}", "'x' is not a figure number"),
    (SURVEY, '"2606.13681"]\npapers:', '"2606.13392"]\npapers:',
     "papers.2606.13681.pickup_slides: 2606.13681 is not a pick, so it has no pickup slides"),
])
def test_each_mistake_is_one_line_naming_the_place_and_field(
        tmp_path: Path, text: str, old: str, new: str, message: str):
    assert old in text
    found = problems(tmp_path, text.replace(old, new, 1))
    assert len(found) == 1, found
    assert found[0].startswith(f"{tmp_path / 'session.yaml'}:"), found
    assert message in found[0], found


def test_a_link_out_of_the_session_folder_is_refused(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    Image.new("RGB", (4, 4)).save(outside / "secret.png")
    session = tmp_path / "s"
    session.mkdir()
    os.symlink(outside / "secret.png", session / "link.png")
    found = problems(session, SURVEY.replace("images/demo.png", "link.png"))
    assert len(found) == 1 and "'link.png' is outside the session folder" in found[0], found


def test_the_line_of_each_problem_is_the_line_of_the_field(tmp_path: Path):
    text = SURVEY.replace("at: pickup", "at: nowhere")
    line = text.splitlines().index("  - {at: nowhere, title: 補足}") + 1
    found = problems(tmp_path, text)
    assert found[0].startswith(f"{tmp_path / 'session.yaml'}:{line}: slides[3].at:"), found


def test_a_figure_an_own_slide_shows_is_a_figure_the_deck_shows(tmp_path: Path):
    from deckgen.model.figures import figure_slide_numbers, shown_figure_numbers

    s = load_session(write(tmp_path, SURVEY))
    # 2606.13392 is listed, not picked: Figure 1 on its slides, Figure 3 on the glossary slide
    assert figure_slide_numbers(s, "2606.13392") == (1,)
    assert shown_figure_numbers(s, "2606.13392") == (1, 3)
    assert shown_figure_numbers(s, "2606.13681") == (1, 3, 4, 5, 2)
    single = load_session(write(tmp_path, SINGLE))
    assert shown_figure_numbers(single, "2606.13392") == (1, 2, 3, 4)


def test_the_readme_example_of_own_slides_validates_against_the_schema():
    import re

    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("### Your own slides and figure slides\n")
    section = readme[start:readme.index("\n### ", start + 1)]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    for block in blocks:
        found = errors(session_schema(), editor_yaml(block))
        # fragments: the fields every session needs are elsewhere in the README
        assert [e for e in found if not re.match(r"\$: '\w+' is required", e)] == []


def test_a_single_paper_deck_has_no_pickup_slides_and_a_huge_path_is_one_line(tmp_path: Path):
    text = SINGLE + 'papers:\n  "2606.13392":\n    pickup_slides: [{title: x}]\n'
    found = problems(tmp_path, text)
    assert len(found) == 1 and "a single-paper deck has no pickup section" in found[0], found
    found = problems(tmp_path, SINGLE.replace("images/demo.png", "a" * 5000 + ".png", 1))
    assert len(found) == 1 and "cannot be read" in found[0], found
