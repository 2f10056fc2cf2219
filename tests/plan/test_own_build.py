"""Own slides through the real command line: built from session.yaml with their images, and
a presenter's edit to one survives a rebuild, also after another own slide is put before it."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from pptx import Presentation

from deckgen.render.identity import read_identity
from tests.conftest import copy_example, run_cli

OWN = """
slides:
  - at: start
    title: ナッシュ均衡
    bullets:
      - どのプレイヤーも自分だけでは利得を上げられない状態
      - 例: [囚人のジレンマ, {さらに: [深い説明]}]
    images:
      - {file: images/demo.png, caption: 著者によるデモ}
    notes: 発表メモ
  - {at: end, title: まとめ, bullets: [次回も続けます]}
"""
NEW_FIRST = """
  - at: start
    title: 新しい背景
    bullets: [後から足したスライド]
"""


def slides_by_key(pptx: Path) -> dict[str, object]:
    prs = Presentation(str(pptx))
    out = {}
    for slide in prs.slides:
        identity = read_identity(slide)
        if identity:
            out[identity.slide_id] = slide
    return out


def body_texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes
            if s.has_text_frame and s != slide.shapes.title]


def build(session: Path) -> str:
    result = run_cli("build", str(session), "--no-pdf", "--offline")
    assert result.exit_code == 0, result.output
    return result.output


def test_a_hand_edit_to_an_own_slide_survives_a_rebuild(tmp_path: Path):
    session = copy_example(tmp_path)
    (session / "images").mkdir()
    Image.new("RGB", (320, 200), "white").save(session / "images" / "demo.png")
    spec = session / "session.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + OWN, encoding="utf-8")
    build(session)
    pptx = session / "build" / "2026-06.pptx"

    found = slides_by_key(pptx)
    nash = found["own:start:ナッシュ均衡"]
    assert nash.slide_layout.name == "deckgen Text and Figure"
    assert sum(1 for s in nash.shapes if s.shape_type == 13) == 1
    assert "深い説明" in "\n".join(body_texts(nash))
    assert nash.notes_slide.notes_text_frame.text == "発表メモ"
    assert "own:end:まとめ" in found

    prs = Presentation(str(pptx))
    for slide in prs.slides:
        identity = read_identity(slide)
        if identity and identity.slide_id == "own:start:ナッシュ均衡":
            slide.shapes.title.text_frame.text = "ナッシュ均衡 (手直し)"
    prs.save(str(pptx))

    text = spec.read_text(encoding="utf-8").replace("\nslides:\n", "\nslides:" + NEW_FIRST, 1)
    spec.write_text(text, encoding="utf-8")
    output = build(session)
    assert "kept 1 edited (own:start:ナッシュ均衡)" in output, output

    keys = list(slides_by_key(pptx))
    assert keys.index("own:start:新しい背景") < keys.index("own:start:ナッシュ均衡")
    kept = slides_by_key(pptx)["own:start:ナッシュ均衡"]
    assert kept.shapes.title.text_frame.text == "ナッシュ均衡 (手直し)"
