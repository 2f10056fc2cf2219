"""Rebuilding over a deck a presenter edited: what they changed stays, the rest follows the spec.

Decks are edited with python-pptx the way a presenter would, optionally saved once by real
LibreOffice (which renames layouts, resets placeholder idx and renumbers slide ids), then
the spec changes and the session is rebuilt through the real CLI.
"""

from __future__ import annotations

import io
import re
import subprocess
from copy import deepcopy
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from deckgen.pdf.export import find_soffice
from deckgen.render.identity import read_identity, read_manifest, slide_digest
from tests.conftest import add_figures, run_cli

NAME = "2026-06"
TITLE_EDIT = "paper:2606.08063:abstract:1"
UNDER_EDIT = "paper:2606.13392:abstract:1"  # edited, and the spec changes under it
BOX_ADDED = "paper:2606.13289:abstract:1"
NOTES_EDIT = "paper:2606.12303:abstract:1"
FIGURE = "pickup:2606.13681:figure:1"
DELETED = "paper:2606.12243:abstract:1"
BEFORE_OWN = "paper:2606.06113:abstract:1"
MOVED, MOVED_PAST = "paper:2606.11409:abstract:1", "paper:2606.11662:abstract:1"
TAKE_CHANGED = "paper:2606.13681:abstract:1"  # untouched, its take changes in the spec
OWN_TITLE = "発表者のメモ: 議論したい点"



def deck_path(session: Path) -> Path:
    return session / "build" / f"{NAME}.pptx"


def build(session: Path, *extra: str):
    result = run_cli("build", str(session), "--no-pdf", *extra)
    assert result.exit_code == 0, result.output
    return result


def ids(prs) -> list[str | None]:
    out = []
    for slide in prs.slides:
        identity = read_identity(slide)
        out.append(identity.slide_id if identity else None)
    return out


def slide_by_id(prs, slide_id: str):
    matches = [s for s, i in zip(prs.slides, ids(prs), strict=True) if i == slide_id]
    assert len(matches) == 1, f"{slide_id}: {len(matches)} slides"
    return matches[0]


def title(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def pixels(slide) -> bytes:
    pics = [s for s in slide.shapes if s.shape_type is not None and s.shape_type == 13]
    assert len(pics) == 1
    with Image.open(io.BytesIO(pics[0].image.blob)) as img:
        return img.convert("RGB").tobytes()


def lo_save(pptx: Path, work: Path) -> None:
    """Open and save the deck once with real LibreOffice (its own profile), in place."""
    out = work / "lo-out"
    subprocess.run([find_soffice(), f"-env:UserInstallation={(work / 'lo-profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "pptx", "--outdir", str(out),
                    str(pptx)], check=True, capture_output=True, timeout=300)
    pptx.write_bytes((out / pptx.name).read_bytes())


def move_slide(prs, slide_id: str, before_id: str) -> None:
    lst = prs.slides._sldIdLst
    entries = dict(zip(ids(prs), list(lst), strict=True))
    moving = entries[slide_id]
    lst.remove(moving)
    entries[before_id].addprevious(moving)


def presenter_edits(pptx: Path, figure: Path) -> None:
    """A title, a text box, a figure, notes, a deletion, an own slide and a reorder."""
    prs = Presentation(str(pptx))
    slide_by_id(prs, TITLE_EDIT).shapes.title.text_frame.text = "③ 私の言葉で書いたタイトル"
    slide_by_id(prs, UNDER_EDIT).shapes.title.text_frame.text = "② MSA (発表者が短縮)"
    box = slide_by_id(prs, BOX_ADDED).shapes.add_textbox(Inches(1), Inches(6), Inches(4),
                                                         Inches(0.5))
    box.text_frame.text = "ここが面白い!"
    notes = slide_by_id(prs, NOTES_EDIT).notes_slide.notes_text_frame
    notes.text = notes.text + "\n発表者メモ: 表2を見せる"
    fig_slide = slide_by_id(prs, FIGURE)
    old = next(s for s in fig_slide.shapes if s.shape_type == 13)
    left, top, width, height = old.left, old.top, old.width, old.height
    old._element.getparent().remove(old._element)
    fig_slide.shapes.add_picture(str(figure), left, top, width, height)
    lst = prs.slides._sldIdLst
    own = prs.slides.add_slide(slide_by_id(prs, BEFORE_OWN).slide_layout)
    own.shapes.title.text_frame.text = OWN_TITLE
    after = list(lst)[ids(prs).index(BEFORE_OWN) + 1]
    after.addprevious(list(lst)[-1])
    gone = list(lst)[ids(prs).index(DELETED)]
    prs.part.drop_rel(gone.rId)
    lst.remove(gone)
    move_slide(prs, MOVED, MOVED_PAST)
    prs.save(str(pptx))


def change_spec(session: Path) -> None:
    """A new pick, a new take for an untouched slide and for an edited one."""
    spec = session / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    text = text.replace('picks: ["2606.13681", "2606.13392"]',
                        'picks: ["2606.13681", "2606.13392", "2606.08063"]')
    text = text.replace("\npapers:\n", '\npapers:\n  "2606.08063": {points: [復元の仕組み]}\n')
    text = text.replace("パッチ型記憶EvoMemの提案", "パッチ型記憶EvoMemの提案 (改訂)")
    text = text.replace("実用志向のスパースアテンション", "実用志向のスパースアテンション (v2)")
    assert text.count("(改訂)") == 1 and text.count("(v2)") == 1
    spec.write_text(text, encoding="utf-8")


def other_figure(tmp_path: Path) -> Path:
    path = tmp_path / "presenter-figure.png"
    Image.new("RGB", (640, 360), (200, 30, 30)).save(path)
    return path


@pytest.mark.parametrize("saved_by", ["python-pptx",
                                      pytest.param("libreoffice", marks=pytest.mark.soffice)])
def test_rebuild_keeps_every_kind_of_hand_edit(example: Path, tmp_path: Path, saved_by: str):
    if saved_by == "libreoffice" and find_soffice() is None:
        pytest.skip("LibreOffice not installed")
    add_figures(example, "2606.13681", [(1, 800, 500, "PNG")])
    build(example)
    pptx = deck_path(example)
    first = ids(Presentation(str(pptx)))
    figure = other_figure(tmp_path)
    presenter_edits(pptx, figure)
    if saved_by == "libreoffice":
        lo_save(pptx, tmp_path)
    edited = Presentation(str(pptx))
    own_neighbours = (ids(edited)[ids(edited).index(None) - 1],
                      ids(edited)[ids(edited).index(None) + 1])
    figure_pixels = pixels(slide_by_id(edited, FIGURE))
    change_spec(example)

    result = build(example)
    prs = Presentation(str(pptx))
    order = ids(prs)
    report = next(line for line in result.output.splitlines() if line.startswith("merged"))
    # edited slides: kept as the presenter left them, named in the report line
    assert title(slide_by_id(prs, TITLE_EDIT)) == "③ 私の言葉で書いたタイトル"
    assert title(slide_by_id(prs, UNDER_EDIT)) == "② MSA (発表者が短縮)"
    assert "ここが面白い!" in texts(slide_by_id(prs, BOX_ADDED))
    assert "表2を見せる" in slide_by_id(prs, NOTES_EDIT).notes_slide.notes_text_frame.text
    assert pixels(slide_by_id(prs, FIGURE)) == figure_pixels
    for slide_id in (TITLE_EDIT, UNDER_EDIT, BOX_ADDED, NOTES_EDIT, FIGURE):
        assert slide_id in report.split("kept")[1]
    assert "changed under " + UNDER_EDIT in report
    assert TITLE_EDIT not in report.split("changed under")[1]
    assert "(v2)" not in "\n".join(texts(slide_by_id(prs, UNDER_EDIT)))
    # untouched slides follow the spec
    assert "(改訂)" in "\n".join(texts(slide_by_id(prs, TAKE_CHANGED)))
    # deleted stays deleted; the presenter's slide keeps its neighbours; their order holds
    assert DELETED not in order and "1 deleted" in report
    own = order.index(None)
    assert title(prs.slides[own]) == OWN_TITLE
    assert (order[own - 1], order[own + 1]) == own_neighbours
    assert order.index(MOVED) < order.index(MOVED_PAST)
    # new content goes where the plan puts it: after the previous pick, before the credits
    new = [i for i in order if i and i.startswith("pickup:2606.08063")]
    assert new and new[0] == "pickup:2606.08063:abstract:1"
    assert order.index(new[0]) == order.index("pickup:2606.13392:summary") + 1
    assert order[-1] == "credits"
    assert set(first) - {DELETED} <= set(order)
    # the deck as it was before the rebuild is kept beside it
    copies = [p for p in pptx.parent.glob(f"{NAME}.*.pptx")]
    assert len(copies) == 1 and "previous deck kept as" in result.output
    assert ids(Presentation(str(copies[0]))) == ids(edited)
    # every slide still carries a mark that matches it, or is the presenter's
    manifest = read_manifest(prs)
    assert manifest is not None and DELETED in manifest
    for slide in prs.slides:
        identity = read_identity(slide)
        if identity is not None and identity.slide_id not in report:
            assert identity.digest == slide_digest(slide), identity.slide_id

    # a second rebuild changes nothing, writes nothing and needs no copy
    again = build(example)
    assert ids(Presentation(str(pptx))) == order
    assert "up to date" in again.output and "previous deck kept" not in again.output


@pytest.mark.soffice
def test_marks_survive_libreoffice_and_the_merged_deck_exports(example: Path, tmp_path: Path):
    add_figures(example, "2606.13392", [(1, 800, 500, "PNG"), (2, 400, 600, "JPEG")])
    build(example)
    pptx = deck_path(example)
    before = ids(Presentation(str(pptx)))
    lo_save(pptx, tmp_path)
    prs = Presentation(str(pptx))
    assert ids(prs) == before and None not in before
    assert all(read_identity(s).digest == slide_digest(s) for s in prs.slides)
    assert sorted(read_manifest(prs)) == sorted(before)
    result = run_cli("build", str(example))
    assert result.exit_code == 0, result.output
    assert f"0 regenerated; {len(before)} unchanged" in result.output
    pdf = example / "build" / f"{NAME}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(rf"^Pages:\s+{len(before)}$", info.stdout, re.M), info.stdout


def test_fresh_regenerates_everything_after_keeping_a_copy(example: Path):
    build(example)
    pptx = deck_path(example)
    prs = Presentation(str(pptx))
    slide_by_id(prs, TITLE_EDIT).shapes.title.text_frame.text = "手で直したタイトル"
    prs.save(str(pptx))
    result = build(example, "--fresh")
    assert "手で直したタイトル" not in title(slide_by_id(Presentation(str(pptx)), TITLE_EDIT))
    copies = list(pptx.parent.glob(f"{NAME}.*.pptx"))
    assert len(copies) == 1 and str(copies[0]) in result.output
    assert title(slide_by_id(Presentation(str(copies[0])), TITLE_EDIT)) == "手で直したタイトル"


def test_a_deck_without_marks_is_kept_and_a_new_one_built(example: Path):
    pptx = deck_path(example)
    pptx.parent.mkdir()
    foreign = Presentation()
    foreign.slides.add_slide(foreign.slide_layouts[0]).shapes.title.text = "手作りのスライド"
    foreign.save(str(pptx))
    result = build(example)
    assert "holds no deckgen slide marks" in result.output
    assert None not in ids(Presentation(str(pptx)))
    copies = list(pptx.parent.glob(f"{NAME}.*.pptx"))
    assert len(copies) == 1
    assert title(Presentation(str(copies[0])).slides[0]) == "手作りのスライド"


def test_an_unreadable_deck_is_an_error_and_stays_untouched(example: Path):
    pptx = deck_path(example)
    pptx.parent.mkdir()
    pptx.write_bytes(b"not a zip file")
    result = run_cli("build", str(example), "--no-pdf")
    assert result.exit_code == 1
    assert "cannot read the existing deck" in result.output and "--fresh" in result.output
    assert "Traceback" not in result.output
    assert pptx.read_bytes() == b"not a zip file"


def test_lost_marks_are_recovered_by_content_or_reported(example: Path):
    build(example)
    pptx = deck_path(example)
    prs = Presentation(str(pptx))
    for slide_id, edit in ((MOVED, False), (TITLE_EDIT, True)):
        slide = slide_by_id(prs, slide_id)
        carrier = next(s for s in slide.shapes if s.name.startswith("deckgen|"))
        carrier._element.getparent().remove(carrier._element)
        if edit:
            slide.shapes.title.text_frame.text = "印を消して書き換えたスライド"
    prs.save(str(pptx))
    result = build(example)
    order = ids(Presentation(str(pptx)))
    assert f"recognised by its content as {MOVED}" in result.output
    assert MOVED in order
    # the edited slide without its mark is the presenter's now: kept, and its id reported
    assert TITLE_EDIT not in order and None in order
    assert "1 deleted" in result.output and TITLE_EDIT in result.output


def test_a_duplicated_slide_keeps_one_identity(example: Path):
    build(example)
    pptx = deck_path(example)
    prs = Presentation(str(pptx))
    source = slide_by_id(prs, MOVED)
    copy = prs.slides.add_slide(source.slide_layout)
    for shape in source.shapes:
        copy.shapes._spTree.append(deepcopy(shape._element))
    prs.save(str(pptx))
    result = build(example)
    assert f"{MOVED} appears 2 times" in result.output
    assert ids(Presentation(str(pptx))).count(MOVED) == 1


def test_formatting_and_moves_are_not_edits_but_survive_when_content_is_unchanged(
        example: Path):
    build(example)
    pptx = deck_path(example)
    prs = Presentation(str(pptx))
    slide = slide_by_id(prs, MOVED)
    digest = read_identity(slide).digest
    slide.shapes.title.text_frame.paragraphs[0].runs[0].font.bold = True
    slide.shapes.title.left += Inches(0.5)
    assert slide_digest(slide) == digest
    arrow = slide.shapes.add_connector(1, 0, 0, Inches(1), Inches(1))  # an empty shape counts
    assert slide_digest(slide) != digest
    arrow._element.getparent().remove(arrow._element)
    prs.save(str(pptx))
    result = build(example)
    assert MOVED not in result.output  # neither kept as edited nor regenerated
    title_run = slide_by_id(Presentation(str(pptx)), MOVED).shapes.title.text_frame
    assert title_run.paragraphs[0].runs[0].font.bold is True


def test_a_slide_the_presenter_hid_stays_hidden_when_its_content_is_renewed(example: Path):
    build(example)
    prs = Presentation(str(deck_path(example)))
    slide = slide_by_id(prs, "paper:2606.13681:abstract:1")
    slide._element.set("show", "0")  # hidden in PowerPoint: not a content edit
    prs.save(str(deck_path(example)))
    change_spec(example)  # renews that slide's take
    build(example)
    prs = Presentation(str(deck_path(example)))
    slide = slide_by_id(prs, "paper:2606.13681:abstract:1")
    assert any("(改訂)" in t for t in texts(slide))
    assert slide._element.get("show") == "0"
