"""A presenter finishes the deck in LibreOffice Impress, then the session is rebuilt.

The deck is edited through LibreOffice's UNO API (tests/uno_edit.py) as a presenter would:
open it, retitle a slide, add a slide, delete one, move one, save as .pptx. That save
rewrites the theme, masters and layouts (see deckgen/render/restyle.py); the rebuild must
still draw its slides exactly as a fresh build does.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image, ImageChops
from pptx import Presentation

from deckgen.pdf.export import find_soffice
from deckgen.render import drawn
from deckgen.render.identity import read_identity
from deckgen.render.opc import font_scheme
from deckgen.render.restyle import theme_of
from deckgen.render.styles import style_problems
from deckgen.render.template import ResolvedLayout, load_template
from deckgen.session.outputs import record_written
from tests.conftest import copy_example, run_cli
from tests.render.test_merge import TAKE_CHANGED, change_spec
from tests.uno_edit import edit_deck, uno_python

pytestmark = [
    pytest.mark.soffice,
    pytest.mark.skipif(find_soffice() is None or uno_python() is None,
                       reason="needs LibreOffice and python3-uno"),
]

NAME = "2026-06"
RETITLED = "paper:2606.08063:abstract:1"
NEW_TITLE = "③ 発表者が LibreOffice で直したタイトル"
DELETED = "paper:2606.12243:abstract:1"
MOVED, MOVED_BEFORE = "paper:2606.11409:abstract:1", "paper:2606.11662:abstract:1"
OWN_TITLE = "発表者が足したスライド"

# Measured at 50 dpi (667x375 px) on LibreOffice 7.4, pixels whose grey level differs by
# more than 32 between a regenerated slide of the merged deck and the same slide of a fresh
# build: 0 to 18 (the slide number's anti-aliasing) with this fix; 8464 to 46141 (3-18 %)
# before it (Arial/DejaVu Sans, black unbold titles, no bullets). 250 px (0.1 %) is well
# clear of both.
CHANGED_LEVEL = 32
MAX_CHANGED_PIXELS = 250


def deck(session: Path) -> Path:
    return session / "build" / f"{NAME}.pptx"


def ids(pptx: Path) -> list[tuple[str, str] | None]:
    out = []
    for slide in Presentation(str(pptx)).slides:
        identity = read_identity(slide)
        out.append((identity.slide_id, identity.digest) if identity else None)
    return out


def presenter_session(pptx: Path) -> None:
    """Retitle, add, delete and move, then save as .pptx: one LibreOffice session."""
    order = [i[0] if i else None for i in ids(pptx)]
    at = {slide_id: n for n, slide_id in enumerate(order, 1)}
    ops = [{"op": "title", "slide": at[RETITLED], "text": NEW_TITLE},
           {"op": "insert", "after": at[RETITLED], "title": OWN_TITLE}]
    order.insert(at[RETITLED], None)
    ops.append({"op": "delete", "slide": order.index(DELETED) + 1})
    order.remove(DELETED)
    ops.append({"op": "move", "slide": order.index(MOVED) + 1,
                "to": order.index(MOVED_BEFORE) + 1})
    edit_deck(pptx, pptx, ops, find_soffice())


def pages(pdf: Path, out: Path) -> list[Path]:
    out.mkdir()
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(out / "p")], check=True,
                   capture_output=True, timeout=120)
    return sorted(out.glob("p-*.png"))


def changed_pixels(a: Path, b: Path) -> int:
    with Image.open(a) as one, Image.open(b) as two:
        diff = ImageChops.difference(one.convert("L"), two.convert("L"))
    return sum(diff.histogram()[CHANGED_LEVEL + 1:])


def test_slides_rebuilt_after_a_libreoffice_session_look_like_a_fresh_build(tmp_path: Path):
    """Regenerated and new slides of the merged deck render like the same slides of a
    `--fresh` build: per page at most MAX_CHANGED_PIXELS pixels differ (see above), and
    their text is set in Noto Sans CJK, never in LibreOffice's DejaVu Sans."""
    session = copy_example(tmp_path / "edited")
    reference = copy_example(tmp_path / "fresh")
    result = run_cli("build", str(session), "--offline", "--no-pdf")
    assert result.exit_code == 0, result.output
    presenter_session(deck(session))
    before = {i for i in ids(deck(session)) if i}
    change_spec(session)
    change_spec(reference)

    result = run_cli("build", str(session), "--offline")
    assert result.exit_code == 0, result.output
    assert "merged with your edits" in result.output
    result = run_cli("build", str(reference), "--offline", "--fresh")
    assert result.exit_code == 0, result.output

    merged, fresh = ids(deck(session)), ids(deck(reference))
    prs = Presentation(str(deck(session)))
    titles = [s.shapes.title.text_frame.text if s.shapes.title else "" for s in prs.slides]
    assert NEW_TITLE in titles and OWN_TITLE in titles  # the presenter's work survived
    assert DELETED not in {i[0] for i in merged if i}
    fresh_at = {i[0]: n for n, i in enumerate(fresh) if i}
    redrawn = [(n, fresh_at[i[0]]) for n, i in enumerate(merged) if i and i not in before]
    assert len(redrawn) >= 5, merged  # takes changed, a new pick, the agenda

    merged_png = pages(session / "build" / f"{NAME}.pdf", tmp_path / "merged-png")
    fresh_png = pages(reference / "build" / f"{NAME}.pdf", tmp_path / "fresh-png")
    assert len(merged_png) == len(merged) and len(fresh_png) == len(fresh)
    with pdfplumber.open(session / "build" / f"{NAME}.pdf") as pdf:
        for n, m in redrawn:
            slide_id = merged[n][0]
            changed = changed_pixels(merged_png[n], fresh_png[m])
            assert changed <= MAX_CHANGED_PIXELS, (slide_id, changed)
            fonts = {c["fontname"].split("+")[-1] for c in pdf.pages[n].chars}
            assert any(f.startswith("NotoSansCJK") for f in fonts), (slide_id, fonts)
            assert not any("DejaVu" in f for f in fonts), (slide_id, fonts)
    # every slide's slide-number text is its position
    for n, slide in enumerate(prs.slides, 1):
        numbers = slide._element.xpath(".//a:fld[@type='slidenum']/a:t/text()")
        assert all(t == str(n) for t in numbers), (n, numbers)


def lo_save(pptx: Path) -> None:
    """Open and store the deck in LibreOffice, changing nothing."""
    edit_deck(pptx, pptx, [], find_soffice())


def template_fonts_and_styles(pptx: Path, redrawn: set[str]) -> None:
    """The redrawn slides are in the template's fonts, title style and bullets."""
    prs = Presentation(str(pptx))
    template = load_template(None)
    assert style_problems(prs, template) == []
    for slide in prs.slides:
        identity = read_identity(slide)
        if identity is None or identity.slide_id not in redrawn:
            continue
        scheme = font_scheme(theme_of(slide.slide_layout.slide_master))
        assert scheme["minor.ea"] == "Noto Sans CJK JP", identity.slide_id
        faces = set(slide._element.xpath(".//p:sp[p:nvSpPr/p:nvPr/p:ph]//a:r/a:rPr/"
                                         "*[self::a:latin or self::a:ea]/@typeface"))
        assert faces == {"Noto Sans CJK JP"}, (identity.slide_id, faces)


def masters(pptx: Path) -> int:
    return len(Presentation(str(pptx)).slide_masters)


def rebuild_with(session: Path, old: str, new: str) -> set[str]:
    """Change a take, rebuild over the deck; return the ids of the slides redrawn."""
    before = {i for i in ids(deck(session)) if i}
    spec = session / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    assert old in text
    spec.write_text(text.replace(old, new), encoding="utf-8")
    result = run_cli("build", str(session), "--offline", "--no-pdf")
    assert result.exit_code == 0 and "regenerated" in result.output, result.output
    redrawn = {i[0] for i in ids(deck(session)) if i and i not in before}
    assert redrawn
    return redrawn


def test_a_deck_saved_twice_by_libreoffice_is_rebuilt_in_the_template_style(tmp_path: Path):
    """LibreOffice rewrites its own output again (new layout names, a master per layout):
    the rebuild still draws on the template's master, adding at most that one master."""
    session = copy_example(tmp_path)
    assert run_cli("build", str(session), "--offline", "--no-pdf").exit_code == 0
    lo_save(deck(session))
    lo_save(deck(session))
    saved = masters(deck(session))
    redrawn = rebuild_with(session, "パッチ型記憶EvoMemの提案", "パッチ型記憶EvoMemの提案 (改訂)")
    template_fonts_and_styles(deck(session), redrawn)
    assert masters(deck(session)) == saved + 1

    # without LibreOffice in between, the template's master already in the deck is used
    redrawn = rebuild_with(session, "(改訂)", "(再改訂)")
    template_fonts_and_styles(deck(session), redrawn)
    assert masters(deck(session)) == saved + 1

    # LibreOffice once more, then a rebuild
    lo_save(deck(session))
    saved = masters(deck(session))
    redrawn = rebuild_with(session, "(再改訂)", "(三訂)")
    template_fonts_and_styles(deck(session), redrawn)
    assert masters(deck(session)) == saved + 1


def layout_under(prs, source, master):
    """A copy of layout `source` (of the template) under `master` of `prs`."""
    from copy import deepcopy

    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.oxml.ns import qn
    from pptx.parts.slide import SlideLayoutPart

    package = prs.part.package
    part = SlideLayoutPart(package.next_partname("/ppt/slideLayouts/slideLayout%d.xml"),
                           CT.PML_SLIDE_LAYOUT, package, deepcopy(source._element))
    part.relate_to(master.part, RT.SLIDE_MASTER)
    r_id = master.part.relate_to(part, RT.SLIDE_LAYOUT)
    used = [int(e.get("id")) for m in prs.slide_masters
            for e in m._element.get_or_add_sldLayoutIdLst()]
    used += [int(e.get("id")) for e in prs.part._element.find(qn("p:sldMasterIdLst"))]
    entry = master._element.get_or_add_sldLayoutIdLst().makeelement(
        qn("p:sldLayoutId"), {"id": str(max(used) + 1), qn("r:id"): r_id})
    master._element.get_or_add_sldLayoutIdLst().append(entry)
    return part.slide_layout


def layouts_as_before_this_fix(prs, template, kinds, used_masters):
    """What deckgen's merge did before: the template's layouts copied under the master the
    deck's slides were on, which after a LibreOffice save is one LibreOffice rewrote."""
    master = next(iter(used_masters))
    return {kind: ResolvedLayout(kind, layout_under(prs, template.layouts[kind].layout, master),
                                 dict(template.layouts[kind].roles))
            for kind in kinds}


def style_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": style: " in line]


def test_check_reports_text_out_of_the_template_style_until_a_rebuild(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    session = copy_example(tmp_path)
    assert run_cli("build", str(session), "--offline", "--no-pdf").exit_code == 0
    order = [i[0] for i in ids(deck(session))]
    edit_deck(deck(session), deck(session),
              [{"op": "title", "slide": order.index(RETITLED) + 1, "text": NEW_TITLE}],
              find_soffice())
    # LibreOffice writes every slide's look onto it: nothing to report yet
    result = run_cli("check", str(session))
    assert result.exit_code == 0 and not style_lines(result.output), result.output

    # a rebuild by deckgen before this fix drew its slides on LibreOffice's master
    with monkeypatch.context() as patch:
        patch.setattr("deckgen.render.merge.layouts_for", layouts_as_before_this_fix,
                      raising=False)  # (before this fix the merge did so by itself)
        change_spec(session)
        assert run_cli("build", str(session), "--offline", "--no-pdf").exit_code == 0
    record_written(deck(session))  # as a deckgen of then did: no key of what it drew,
    drawn.record_path(deck(session)).unlink()  # and no record of what each slide drew
    result = run_cli("check", str(session))
    assert result.exit_code == 1
    lines = style_lines(result.output)
    damaged = {"agenda", TAKE_CHANGED}  # redrawn by that rebuild: the picks, a take
    at = {i[0]: n for n, i in enumerate(ids(deck(session)), 1) if i}
    for slide_id in damaged:
        assert (f"slide {at[slide_id]}: style: title in Arial and DejaVu Sans, not the "
                "template's font (Noto Sans CJK JP); saved by LibreOffice? rebuild to restore"
                in lines), lines
    assert any("not bold in colour 000000" in line for line in lines), lines
    assert any("has no bullet" in line for line in lines), lines

    result = run_cli("build", str(session), "--offline", "--no-pdf")
    assert "redrawn in the template's style" in result.output, result.output
    result = run_cli("check", str(session))
    assert result.exit_code == 0 and not style_lines(result.output), result.output


def presenter_theme(pptx: Path, fonts: str, accent: str) -> None:
    """Change the deck's theme as PowerPoint's Design tab does: fonts and a colour."""
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    prs = Presentation(str(pptx))
    for master in prs.slide_masters:
        part = master.part.part_related_by(RT.THEME)
        theme = etree.fromstring(part.blob)
        ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
        for el in theme.iterfind(".//a:fontScheme/*/a:latin", ns):
            el.set("typeface", fonts)
        for el in theme.iterfind(".//a:fontScheme/*/a:ea", ns):
            el.set("typeface", fonts)
        for el in theme.iterfind(".//a:fontScheme/*/a:font[@script='Jpan']", ns):
            el.set("typeface", fonts)
        theme.find(".//a:clrScheme/a:accent1/a:srgbClr", ns).set("val", accent)
        part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8",
                                    standalone=True)
    prs.save(str(pptx))


def run_faces(pptx: Path, redrawn: set[str]) -> set[str]:
    out: set[str] = set()
    for slide in Presentation(str(pptx)).slides:
        identity = read_identity(slide)
        if identity is not None and identity.slide_id in redrawn:
            out |= set(slide._element.xpath(".//p:sp[p:nvSpPr/p:nvPr/p:ph]//a:r/a:rPr/"
                                            "*[self::a:latin or self::a:ea]/@typeface"))
    return out


def test_a_theme_the_presenter_chose_wins_over_the_template(tmp_path: Path):
    """Fonts and colours changed on purpose are the presenter's: deckgen's new slides take
    them. LibreOffice then discards the fonts (its rewrite says nothing about them) but
    keeps the colours: the colours stay the presenter's, the fonts become the template's."""
    from deckgen.render.opc import colour_scheme

    session = copy_example(tmp_path)
    assert run_cli("build", str(session), "--offline", "--no-pdf").exit_code == 0
    presenter_theme(deck(session), "Noto Serif CJK JP", "C00000")
    saved = masters(deck(session))
    redrawn = rebuild_with(session, "パッチ型記憶EvoMemの提案", "パッチ型記憶EvoMemの提案 (改訂)")
    assert run_faces(deck(session), redrawn) == {"Noto Serif CJK JP"}
    assert masters(deck(session)) == saved
    assert style_problems(Presentation(str(deck(session))), load_template(None)) == []

    lo_save(deck(session))
    redrawn = rebuild_with(session, "(改訂)", "(再改訂)")
    assert run_faces(deck(session), redrawn) == {"Noto Sans CJK JP"}
    for slide in Presentation(str(deck(session))).slides:
        identity = read_identity(slide)
        if identity is not None and identity.slide_id in redrawn:
            theme = theme_of(slide.slide_layout.slide_master)
            assert colour_scheme(theme)["accent1"] == "C00000"
            assert font_scheme(theme)["minor.ea"] == "Noto Sans CJK JP"
