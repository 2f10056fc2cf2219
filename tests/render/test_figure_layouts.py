"""Slides with a figure beside bullets, two or three figures: drawn into their own boxes.

Decks are built from hand-made `Deck`/`Slide` objects (fitted with the planner's Fitter to
the template's boxes), on deckgen's template and on a presenter's 4:3 template that lacks
these layouts (deckgen's own are copied in), then reopened with python-pptx.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from deckgen.model.deck import Deck, Para, Picture, Slide
from deckgen.model.kinds import ESSENTIAL_ROLES, KIND_ROLES, PICTURE_ROLES
from deckgen.plan.fitting import Fitter
from deckgen.render.merge import merge_edits
from deckgen.render.render import render_deck
from deckgen.render.template import LAYOUT_NAMES, Template, load_template
from deckgen.session.schema import LAYOUT_KINDS
from tests.conftest import ALT_MAPPING, TemplateCase, run_cli

NEW_KINDS = {"figure_text": 1, "figures2": 2, "figures3": 3}
NEW_LAYOUTS = {"figure_text": "deckgen Text and Figure", "figures2": "deckgen Two Figures",
               "figures3": "deckgen Three Figures"}
# wide, tall and square figures: each must keep its aspect inside its own box
SIZES = [(1600, 500), (420, 900), (700, 700)]
CAPTIONS = [
    "図1: 提案手法の全体像。教師モデルの出力分布を生徒モデルが模倣し、記憶を段階的に更新する"
    "(出典: arXiv:2606.13681)",
    "図2: 学習ステップごとの正解率の推移 (出典: arXiv:2606.13681)",
    "図3: 比較手法との推論時間の比較。縦軸は対数目盛 (出典: 発表者)",
]
BULLETS = [
    Para("蒸留 (distillation) は大きなモデルの知識を小さなモデルへ移す手法", 1),
    Para("教師モデルの確率分布を生徒モデルが真似る", 2),
    Para("ワンショット学習との組み合わせで少数の例からでも学べる", 1),
    Para("推論が速く、端末の上でも動かせる", 1),
]
STRIP = [Para("左から順に、全体像・学習の推移・推論時間の比較。"
              "いずれも著者の実験による結果である。")]


def images(folder: Path, colours: tuple[str, ...] = ("navy", "darkred", "darkgreen")
           ) -> list[Picture]:
    """One PNG per size in SIZES, each with a frame and a diagonal, as Pictures."""
    out = []
    for n, ((width, height), colour) in enumerate(zip(SIZES, colours, strict=True), 1):
        path = folder / f"fig{n}-{colour}.png"
        img = Image.new("RGB", (width, height), "white")
        draw = ImageDraw.Draw(img)
        draw.rectangle([0, 0, width - 1, height - 1], outline=colour, width=6)
        draw.line([0, height - 1, width - 1, 0], fill=colour, width=8)
        img.save(path)
        out.append(Picture(path, width, height))
    return out


def figure_slides(template: Template, pictures: list[Picture], body: list[Para] = BULLETS,
                  captions: list[str] = CAPTIONS) -> tuple[Slide, ...]:
    """One slide of each new kind, its texts fitted to the template's boxes like the planner."""
    fitter = Fitter(template.geometry())
    slides = []
    for kind, count in NEW_KINDS.items():
        texts = {"title": [Para(f"図が{count}枚のスライド ({kind})")],
                 "body": body if kind == "figure_text" else STRIP}
        for n in range(count):
            texts["caption" + ("" if n == 0 else str(n + 1))] = [Para(captions[n])]
        fitted, overflow = fitter.fit_slide(kind, texts)
        assert not overflow, (kind, overflow)
        slides.append(Slide(kind, f"own:{kind}", fitted, tuple(pictures[:count]),
                            notes=f"発表メモ: {kind}"))
    return tuple(slides)


def case_template(case: TemplateCase) -> Template:
    return load_template(case.path, case.mapping)


def build(case: TemplateCase, pictures: list[Picture], out: Path, **texts) -> Path:
    template = case_template(case)
    deck = Deck("figures", figure_slides(template, pictures, **texts))
    assert render_deck(deck, template, out) == []
    return out


def picture_shapes(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def text_of(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_each_figure_is_drawn_whole_into_its_own_box(tmp_path: Path,
                                                     template_case: TemplateCase):
    pictures = images(tmp_path)
    pptx = build(template_case, pictures, tmp_path / "deck.pptx")
    roles = {kind: r.roles for kind, r in case_template(template_case).layouts.items()}
    prs = Presentation(str(pptx))
    assert [s.slide_layout.name for s in prs.slides] == list(NEW_LAYOUTS.values())
    for slide, (kind, count) in zip(prs.slides, NEW_KINDS.items(), strict=True):
        drawn = picture_shapes(slide)
        assert len(drawn) == count, kind
        layout_boxes = {ph.placeholder_format.idx: ph for ph in slide.slide_layout.placeholders}
        for n, (pic, source) in enumerate(zip(drawn, pictures, strict=False)):
            area = layout_boxes[roles[kind][PICTURE_ROLES[n].name]]
            # inside its own box, hence inside the slide
            assert area.left <= pic.left and pic.left + pic.width <= area.left + area.width
            assert area.top <= pic.top and pic.top + pic.height <= area.top + area.height
            assert area.left + area.width <= prs.slide_width
            assert area.top + area.height <= prs.slide_height
            # as large as the box allows, centred, aspect kept, never cropped
            assert (area.width - pic.width < 2 or area.height - pic.height < 2), (kind, n)
            assert abs((pic.left - area.left) - (area.left + area.width - pic.left - pic.width)
                       ) <= 2
            assert abs(pic.width / pic.height - source.width_px / source.height_px) < 0.01
            assert (pic.crop_left, pic.crop_right, pic.crop_top, pic.crop_bottom) == (0, 0, 0, 0)
        # no box of one figure overlaps another's
        areas = [layout_boxes[roles[kind][role.name]] for role in PICTURE_ROLES[:count]]
        for a, b in zip(areas, areas[1:], strict=False):
            assert a.left + a.width <= b.left
        # the captions in their own boxes, the bullets or the strip in the body
        text = text_of(slide)
        for caption in CAPTIONS[:count]:
            assert caption in text
        assert (BULLETS[0].text if kind == "figure_text" else STRIP[0].text) in text
        assert slide.notes_slide.notes_text_frame.text == f"発表メモ: {kind}"
        # no empty placeholder left to show a prompt or LibreOffice's picture icon
        assert all(ph.has_text_frame and ph.text_frame.text for ph in slide.placeholders
                   if ph.placeholder_format.type.name != "SLIDE_NUMBER")


def test_the_figure_beside_bullets_sits_right_of_them(tmp_path: Path,
                                                      template_case: TemplateCase):
    pptx = build(template_case, images(tmp_path), tmp_path / "deck.pptx")
    slide = Presentation(str(pptx)).slides[0]
    body = next(ph for ph in slide.placeholders if BULLETS[0].text in ph.text_frame.text)
    (pic,) = picture_shapes(slide)
    assert body.left + body.width <= pic.left
    levels = [p.level for p in body.text_frame.paragraphs]
    assert levels == [0, 1, 0, 0]  # bullet levels 1 and 2 of the plan


def test_a_presenters_template_gets_deckgens_layouts_only_for_the_kinds_drawn(tmp_path: Path,
                                                                         alt_template_path):
    template = load_template(alt_template_path, ALT_MAPPING)
    for kind in NEW_KINDS:
        assert template.layouts[kind].imported
    pictures = images(tmp_path)
    slides = figure_slides(template, pictures)
    # a build warns about the layouts its deck uses, not about every kind
    assert [w for w in template.warnings_for(["figures2", "bullets"])] == [
        f"{alt_template_path}: no usable layout 'deckgen Two Figures' for figures2 slides; "
        "using deckgen's default (add that layout or map one with "
        "`layouts: {figures2: NAME}`)"]
    render_deck(Deck("figures", slides[1:2]), template, tmp_path / "two.pptx")
    prs = Presentation(str(tmp_path / "two.pptx"))
    names = [layout.name for master in prs.slide_masters for layout in master.slide_layouts]
    assert "deckgen Two Figures" in names
    assert not {"deckgen Text and Figure", "deckgen Three Figures",
                LAYOUT_NAMES["section"]} & set(names)
    assert len(picture_shapes(prs.slides[0])) == 2


def test_a_template_layout_lacking_a_figure_box_is_not_used(tmp_path: Path):
    """A presenter's "deckgen Two Figures" without a second picture box would draw both
    figures into one: deckgen's own layout is used instead."""
    from pptx import Presentation as New

    prs = New()
    layout = prs.slide_layouts.get_by_name("Picture with Caption")
    layout.name = "deckgen Two Figures"
    path = tmp_path / "one-picture-box.pptx"
    prs.save(str(path))
    template = load_template(path)
    assert template.layouts["figures2"].imported
    assert "for figures2 slides" in template.missing["figures2"]


def test_rebuild_keeps_a_hand_edit_and_redraws_what_changed(tmp_path: Path,
                                                            template_case: TemplateCase):
    pictures = images(tmp_path)
    pptx = build(template_case, pictures, tmp_path / "deck.pptx")
    prs = Presentation(str(pptx))
    # the presenter rewrites the second caption of the two-figure slide
    caption = next(s for s in prs.slides[1].shapes
                   if s.has_text_frame and s.text_frame.text == CAPTIONS[1])
    caption.text_frame.paragraphs[0].runs[0].text = "図2: 正解率の推移 (手で直した説明)"
    prs.save(str(pptx))
    # the next plan changes the bullets and the third figure's pixels
    other = images(tmp_path, ("orange", "purple", "black"))
    changed = [*pictures[:2], other[2]]
    template = case_template(template_case)
    body = [Para("蒸留: 知識を小さなモデルへ移す (改訂)", 1), *BULLETS[1:]]
    deck = Deck("figures", figure_slides(template, changed, body=body))
    report = merge_edits(pptx, deck, template, pptx)
    assert report.kept == ("own:figures2",)
    assert sorted(report.updated) == ["own:figure_text", "own:figures3"]
    prs = Presentation(str(pptx))
    assert [s.slide_layout.name for s in prs.slides] == list(NEW_LAYOUTS.values())
    assert "手で直した説明" in text_of(prs.slides[1]) and len(picture_shapes(prs.slides[1])) == 2
    assert "(改訂)" in text_of(prs.slides[0])
    assert len(picture_shapes(prs.slides[2])) == 3
    # the same plan again: nothing to redraw, the edit still there
    template = case_template(template_case)
    report = merge_edits(pptx, Deck("figures", figure_slides(template, changed, body=body)),
                         template, pptx)
    assert report.updated == () and report.kept == ("own:figures2",) and report.unchanged == 2


def test_every_figure_counts_in_the_slides_identity(tmp_path: Path):
    """A presenter who replaces the third figure has edited the slide; a plan whose second
    figure changed redraws it."""
    case = TemplateCase("default", None, {}, dict(LAYOUT_NAMES))
    pictures = images(tmp_path)
    pptx = build(case, pictures, tmp_path / "deck.pptx")
    prs = Presentation(str(pptx))
    third = picture_shapes(prs.slides[2])[2]
    third._element.getparent().remove(third._element)
    prs.save(str(pptx))
    other = images(tmp_path, ("orange", "purple", "black"))
    template = case_template(case)
    deck = Deck("figures", figure_slides(template, [pictures[0], other[1], pictures[2]]))
    report = merge_edits(pptx, deck, template, pptx)
    assert report.kept == ("own:figures3",) and report.changed_under == ("own:figures3",)
    assert sorted(report.updated) == ["own:figures2"]


def test_the_kinds_roles_and_layouts_agree():
    for kind, count in NEW_KINDS.items():
        names = [role.name for role in KIND_ROLES[kind]]
        assert [r.name for r in PICTURE_ROLES[:count]] == [n for n in names if "picture" in n]
        assert set(ESSENTIAL_ROLES[kind]) == set(names)
        assert kind in LAYOUT_KINDS and LAYOUT_NAMES[kind] == NEW_LAYOUTS[kind]
    assert [(r.name, r.idx) for r in PICTURE_ROLES] == [("picture", 24), ("picture2", 26),
                                                         ("picture3", 28)]
    roles = {r.name: r.idx for r in KIND_ROLES["figures3"]}
    assert (roles["caption2"], roles["caption3"]) == (27, 29)


def test_slide_pictures_replace_the_single_picture(tmp_path: Path):
    pictures = images(tmp_path)
    assert Slide("figures2", "k", pictures=tuple(pictures[:2])).picture == pictures[0]
    assert Slide("bullets", "k").picture is None
    with pytest.raises(TypeError):
        Slide("figure", "k", {}, pictures[0])  # the old positional picture


def test_layouts_lists_the_new_layouts():
    result = run_cli("layouts")
    assert result.exit_code == 0
    for kind, name in NEW_LAYOUTS.items():
        assert f"layout '{name}'  (deckgen: {kind} slides)" in result.output
    assert "idx  26  PICTURE        Figure 2" in result.output
    assert "idx  29  BODY           Caption 3" in result.output
