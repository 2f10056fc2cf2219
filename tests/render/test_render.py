"""Build decks through the real CLI and reopen them with python-pptx; both templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pptx import Presentation
from pptx.oxml.ns import qn

from tests.conftest import TemplateCase, add_figures, choose_figures, run_cli, use_template

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
PAPER_IDS = ["2606.13681", "2606.13392", "2606.08063", "2606.13289", "2606.13106",
             "2606.12243", "2606.06113", "2606.12303", "2606.11662", "2606.11409"]


def build(session: Path, *extra: str) -> Presentation:
    result = run_cli("build", str(session), "--no-pdf", *extra)
    assert result.exit_code == 0, result.output
    return Presentation(str(session / "build" / f"{session.name}.pptx"))


def kinds(prs, case: TemplateCase) -> list[str]:
    """The slide kind of every slide, read back from its layout name."""
    out = []
    for slide in prs.slides:
        name = slide.slide_layout.name
        matches = [k for k, n in case.layout_names.items() if n == name]
        assert matches, f"unexpected layout {name!r}"
        out.append(matches[0] if len(matches) == 1 else "/".join(sorted(matches)))
    return out


def text_runs(prs):
    """(slide, shape, run) for every text run of the deck."""
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for p in shape.text_frame.paragraphs:
                    for r in p.runs:
                        yield slide, shape, r


def title_of(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def all_text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_survey_deck_has_the_reference_order(example: Path, template_case: TemplateCase):
    use_template(example, template_case)
    prs = build(example)
    titles = [title_of(s) for s in prs.slides]
    names = template_case.layout_names
    layouts = [s.slide_layout.name for s in prs.slides]
    assert layouts[0] == names["title"]
    assert titles[0] == "AI最新論文読み会 2026年6月"
    assert titles[1] == "自己紹介" and titles[2] == "Agenda"
    assert layouts[3] == names["section"] and titles[3] == "Top Upvoted 10"
    assert layouts[4] == names["ranking"] and titles[4].startswith("Top Upvoted (2026/06/13)")
    # per-paper slides follow in rank order, each starting with its circled number
    paper_titles = [t for t, lay in zip(titles, layouts, strict=True) if lay == names["paper"]]
    numbered = [t[0] for t in paper_titles if t[0] in CIRCLED]
    assert "".join(dict.fromkeys(numbered)) == CIRCLED
    pickup = titles.index("気になった論文")
    assert layouts[pickup] == names["section"]
    assert all(t.startswith("【pickup】") for t in titles[pickup + 1:-1])
    assert titles[-1] == "クレジット" and layouts[-1] == names["closing"]


def test_ranking_list_numbers_titles_with_originals_and_pickups(example: Path,
                                                              template_case: TemplateCase):
    use_template(example, template_case)
    prs = build(example)
    ranking = [s for s in prs.slides if title_of(s).startswith("Top Upvoted (")]
    body = "\n".join(all_text(s) for s in ranking)
    for mark in CIRCLED:
        assert mark in body
    assert "① EvoArena：動的環境における" in body
    assert "(原文: EvoArena: Tracking Memory Evolution" in body
    assert body.count("【pickup】") == 2
    # numbering is plain text: no bullet glyph before ①
    for slide in ranking:
        for shape in slide.placeholders:
            for p in shape.text_frame.paragraphs:
                if p.text[:1] in CIRCLED:
                    assert p._p.pPr.find(qn("a:buNone")) is not None


def test_every_run_has_an_east_asian_font_and_japanese_language(example: Path,
                                                                template_case: TemplateCase):
    use_template(example, template_case)
    prs = build(example)
    runs = 0
    for _, shape, r in text_runs(prs):
        if shape.is_placeholder and shape.placeholder_format.type.name == "SLIDE_NUMBER":
            continue
        runs += 1
        r_pr = r._r.find(qn("a:rPr"))
        assert r_pr is not None and r_pr.get("lang") == "ja-JP", r.text
        ea = r_pr.find(qn("a:ea"))
        assert ea is not None and ea.get("typeface"), r.text
        assert r.font.size is not None, f"no explicit size: {r.text[:40]}"
    assert runs > 100


def test_paper_slides_link_the_versioned_abs_page_and_keep_english_in_notes(
        example: Path, template_case: TemplateCase):
    use_template(example, template_case)
    prs = build(example)
    found = {}
    for slide, _, r in text_runs(prs):
        if r.hyperlink.address:
            found.setdefault(r.hyperlink.address, slide)
    for pid in PAPER_IDS:
        url = f"https://arxiv.org/abs/{pid}"
        assert url in found, url
        notes = found[url].notes_slide.notes_text_frame.text
        assert url in notes
    evo = found["https://arxiv.org/abs/2606.13681"]
    notes = evo.notes_slide.notes_text_frame.text
    assert notes.startswith("EvoArena: Tracking Memory Evolution")
    assert "Large language model (LLM) agents have achieved" in notes


def test_slides_are_numbered_except_the_title(example: Path, template_case: TemplateCase):
    use_template(example, template_case)
    prs = build(example)
    for n, slide in enumerate(prs.slides, 1):
        numbers = [s for s in slide.placeholders
                   if s.placeholder_format.type.name == "SLIDE_NUMBER"]
        if n == 1:
            assert not numbers
            continue
        assert len(numbers) == 1, f"slide {n}"
        field = numbers[0]._element.find(".//" + qn("a:fld"))
        assert field is not None and field.get("type") == "slidenum"
        assert field.findtext(qn("a:t")) == str(n)


def test_no_empty_placeholder_is_left_on_a_slide(example: Path, template_case: TemplateCase):
    use_template(example, template_case)
    add_figures(example, "2606.12243", [(1, 1600, 1000, "PNG")])
    prs = build(example)
    for n, slide in enumerate(prs.slides, 1):
        for ph in slide.placeholders:
            assert ph.has_text_frame and ph.text_frame.text.strip(), (n, ph.name)


def test_long_abstracts_continue_on_marked_slides(example: Path, template_case: TemplateCase):
    use_template(example, template_case)
    translations = example / "translations.yaml"
    data = yaml.safe_load(translations.read_text(encoding="utf-8"))
    long_text = data["2606.13681"]["abstract"]["text"] * 3
    data["2606.13106"]["abstract"] = {"text": long_text, "by": "hand"}
    translations.write_text(yaml.dump(data, allow_unicode=True), encoding="utf-8")
    prs = build(example)
    titles = [title_of(s) for s in prs.slides]
    continued = [t for t in titles if re.search(r"\(\d/\d\)$", t)]
    assert any(t.startswith("⑤ 隠れ状態再帰の解明") for t in continued)
    pages = [s for s in prs.slides if title_of(s).startswith("⑤ 隠れ状態再帰の解明")]
    shown = "".join(all_text(s) for s in pages)
    # nothing lost: every sentence of the long abstract is on one of the pages
    for sentence in long_text.split("。")[:-1]:
        assert sentence in shown
    for t in continued:
        n, total = map(int, re.search(r"\((\d)/(\d)\)$", t).groups())
        stem = t[: t.rindex("(")]
        assert [x for x in titles if x.startswith(stem) and x.endswith(f"/{total})")] \
            == [f"{stem}({k}/{total})" for k in range(1, total + 1)]


def test_a_paper_in_two_rankings_is_cross_referenced_and_presented_once(
        example: Path, template_case: TemplateCase):
    use_template(example, template_case)
    spec = example / "session.yaml"
    text = spec.read_text(encoding="utf-8").replace("\npicks:", """
  - name: Top Hype
    source: list
    surveyed_at: 2026-06-14
    papers: ["2606.11409", "2606.13392"]

picks:""")
    spec.write_text(text, encoding="utf-8")
    prs = build(example)
    titles = [title_of(s) for s in prs.slides]
    assert "Top Hype 2" in titles
    hype = next(s for s in prs.slides if title_of(s).startswith("Top Hype ("))
    body = all_text(hype)
    assert "① プレッシャー下のリスク" in body and "⇒ Top Upvoted #10" in body
    assert "② MiniMaxスパースアテンション 【pickup】 ⇒ Top Upvoted #2" in body
    # the abstract slides of a repeated paper are not repeated under the later ranking
    hype_start = titles.index("Top Hype 2")
    risk = [i for i, t in enumerate(titles) if t.startswith("⑩ プレッシャー下のリスク")]
    assert risk and all(i < hype_start for i in risk)
    assert not any(t.startswith("① プレッシャー下のリスク") for t in titles[hype_start:])


def test_figure_slides_keep_the_aspect_ratio_inside_the_slide(example: Path,
                                                            template_case: TemplateCase):
    use_template(example, template_case)
    add_figures(example, "2606.13106", [(1, 1600, 1000, "PNG"), (2, 600, 1800, "JPEG")])
    add_figures(example, "2606.13681", [(3, 2000, 800, "PNG")])
    choose_figures(example, "2606.13106", [1, 2])
    prs = build(example)
    pictures = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.shape_type is not None and shape.shape_type.name == "PICTURE":
                pictures.append((slide, shape))
    assert len(pictures) == 3
    sizes = {(1600, 1000), (600, 1800), (2000, 800)}
    for slide, pic in pictures:
        px = pic.image.size
        assert px in sizes
        assert abs(pic.width / pic.height - px[0] / px[1]) < 0.01
        assert pic.crop_left == pic.crop_right == pic.crop_top == pic.crop_bottom == 0
        assert 0 <= pic.left and pic.left + pic.width <= prs.slide_width
        assert 0 <= pic.top and pic.top + pic.height <= prs.slide_height
        text = all_text(slide)
        assert "出典: arXiv:" in text and re.search(r"^図\d ", text, re.M)
    # the picked paper's figure appears in the pickup section, after its divider
    titles = [title_of(s) for s in prs.slides]
    pickup = titles.index("気になった論文")
    evo_fig = next(i for i, (s, _) in enumerate(pictures) if "2606.13681" in all_text(s))
    assert list(prs.slides).index(pictures[evo_fig][0]) > pickup


def test_the_presenters_figure_choice_is_honoured(example: Path):
    add_figures(example, "2606.13106", [(1, 800, 600, "PNG"), (2, 800, 600, "PNG"),
                                        (3, 800, 600, "PNG")])
    spec = example / "session.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace(
        "\nclosing:", '\n  "2606.13106":\n    figures: [3, 1]\n\nclosing:'), encoding="utf-8")
    prs = build(example)
    fig_titles = [title_of(s) for s in prs.slides if title_of(s).startswith("図")]
    assert fig_titles == ["図3 ⑤ Demystifying Hidden-State", "図1 ⑤ Demystifying Hidden-State"]


def test_summary_slide_shows_every_field_with_a_dash_when_empty(example: Path,
                                                               template_case: TemplateCase):
    use_template(example, template_case)
    spec = example / "session.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("\nclosing:", """
  "2606.08063":
    summary:
      purpose: 破損画像からの自己回復
      method: 強化学習

closing:"""), encoding="utf-8")
    prs = build(example)
    slide = next(s for s in prs.slides if "目的:" in all_text(s) and "③" in title_of(s))
    text = all_text(slide)
    assert "目的: 破損画像からの自己回復" in text
    assert "成果: ー" in text and "固有名: ー" in text
    # affiliations come from the metadata when the presenter left them out
    assert "著者所属: ー" in text  # this paper has no organisation in the recorded response


@pytest.mark.soffice
def test_single_paper_deck_follows_the_reference(tmp_path: Path, template_case: TemplateCase):
    session = tmp_path / "neurips"
    session.mkdir()
    from tests.conftest import EXAMPLE

    (session / "deckgen.lock.json").write_bytes((EXAMPLE / "deckgen.lock.json").read_bytes())
    (session / "session.yaml").write_text("""
kind: single
paper: "2606.13392"
event: NeurIPS 2026 論文読み会
date: 2026-12-10
presenter: 高山 温
affiliation: Example Inc.
self_intro: [高山 温, 仕事: [データ基盤]]
point: GQA グループ単位のブロック選択で長文脈を高速化
reasons: [長文脈の推論コストが課題だった, 実装が公開されている]
sections:
  - title: 背景
    items: [softmax アテンションは二次の計算量]
  - title: 提案手法
    figures: [1]
comments: [実用的, 再現してみたい]
references: [https://github.com/MiniMax-AI/MSA]
contact: ["@example"]
""", encoding="utf-8")
    use_template(session, template_case)
    add_figures(session, "2606.13392", [(1, 1200, 700, "PNG")])
    prs = build(session)
    titles = [title_of(s) for s in prs.slides]
    assert titles[0] == "MiniMax Sparse Attention"
    assert "高山 温 @ Example Inc." in all_text(prs.slides[0])
    assert titles[1:3] == ["自己紹介", "Overview"]
    assert titles[3].startswith("MiniMax Sparse Attention")  # untranslated: English stays
    overview = all_text(prs.slides[2])
    assert "Point: GQA" in overview and "選定理由:" in overview and "MiniMax" in overview
    toc = next(s for s in prs.slides if title_of(s) == "Table of Contents")
    body = next(p for p in toc.placeholders if p.placeholder_format.idx == 1)
    assert body.text_frame.text.split("\n") == ["背景", "提案手法", "所感"]
    order = [titles.index(t) for t in ("Table of Contents", "背景", "提案手法",
                                       "図1 MiniMax Sparse Attention", "所感", "References",
                                       "Thanks! Any questions?")]
    assert order == sorted(order)
