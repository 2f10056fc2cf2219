"""The build's shortcuts give the deck the slower ways gave: media stored as it is, pictures
hashed from the bytes deckgen wrote, notes slides copied from one built part."""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from deckgen.figures.index import load_figures
from deckgen.figures.pixels import PIXEL_HASH_RE, pixel_hash
from deckgen.model.deck import Deck, Para, Picture, Slide, Text
from deckgen.render import identity, opc
from deckgen.render.identity import Identity, read_identity
from deckgen.render.opc import STORED_MEDIA
from deckgen.render.render import render_deck
from deckgen.render.template import load_template
from deckgen.session.store import IMAGE_HASH, PIXEL_HASH, image_hash
from tests.conftest import TemplateCase, add_figures, copy_example, run_cli, use_template

PICKED = "2606.13681"  # a pick of the example session: every figure of it is shown


def build(session: Path, *extra: str) -> Path:
    result = run_cli("build", str(session), "--no-pdf", "--offline", *extra)
    assert result.exit_code == 0, result.output
    return session / "build" / "2026-06.pptx"


def test_media_is_stored_as_it_is_and_everything_else_deflated(example: Path):
    add_figures(example, PICKED, [(1, 800, 500, "PNG"), (2, 640, 480, "JPEG")])
    deck = build(example)
    with zipfile.ZipFile(deck) as package:
        infos = package.infolist()
        media = [i for i in infos if i.filename.startswith("ppt/media/")]
        assert {Path(i.filename).suffix for i in media} == {".png", ".jpg"}
        for info in infos:
            stored = info.filename.rsplit(".", 1)[-1].lower() in STORED_MEDIA
            assert info.compress_type == (zipfile.ZIP_STORED if stored
                                          else zipfile.ZIP_DEFLATED), info.filename
        assert package.testzip() is None
        ours = {i.filename: package.read(i) for i in infos}
    # python-pptx's own save of the same deck holds the same members with the same bytes
    prs = Presentation(str(deck))
    assert len(prs.slides) > 0
    buffer = io.BytesIO()
    prs.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        theirs = {i.filename: package.read(i) for i in package.infolist()}
    assert ours == theirs


def _rows(session: Path, pid: str) -> list[dict]:
    return json.loads((session / "figures" / pid / "index.json").read_text("utf-8"))


def _write_rows(session: Path, pid: str, rows: list[dict]) -> None:
    (session / "figures" / pid / "index.json").write_text(json.dumps(rows), "utf-8")


def _as_fetch_stores_them(session: Path, pid: str) -> None:
    """Give each row the hashes `deckgen fetch` writes with a figure it stores."""
    rows = _rows(session, pid)
    for row in rows:
        data = (session / "figures" / pid / row["file"]).read_bytes()
        row[IMAGE_HASH], row[PIXEL_HASH] = image_hash(data), pixel_hash(data)
    _write_rows(session, pid, rows)


def _identities(deck: Path) -> list[Identity | None]:
    return [read_identity(slide) for slide in Presentation(str(deck)).slides]


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the pictures whose pixels were decoded for their identity."""
    sizes: list[int] = []

    def counting(blob: bytes) -> str:
        sizes.append(len(blob))
        return pixel_hash(blob)

    monkeypatch.setattr(identity, "pixel_hash", counting)
    identity._PIXEL_HASHES.clear()
    return sizes


def test_stored_pixel_hashes_give_the_identities_decoding_gives(example: Path, tmp_path: Path,
                                                                decoded: list[int]):
    add_figures(example, PICKED, [(1, 800, 500, "PNG"), (2, 640, 480, "JPEG")])
    decoding = _identities(build(example))
    assert len(decoded) == 2  # no hashes in the index: both pictures decoded
    again = copy_example(tmp_path / "again")
    add_figures(again, PICKED, [(1, 800, 500, "PNG"), (2, 640, 480, "JPEG")])
    _as_fetch_stores_them(again, PICKED)
    decoded.clear()
    identity._PIXEL_HASHES.clear()
    stored = _identities(build(again))
    assert decoded == []  # both taken from the index
    assert stored == decoding and sum(1 for i in stored if i and ":figure:" in i.slide_id) == 2
    # and a rebuild reads the same identities back from the deck without decoding either
    assert identity.read_manifest(Presentation(str(again / "build" / "2026-06.pptx"))) == {
        i.slide_id: i.digest for i in stored if i is not None}
    (again / "session.yaml").write_text(
        (again / "session.yaml").read_text("utf-8") + "\n# changed\n", "utf-8")
    result = run_cli("build", str(again), "--no-pdf", "--offline")
    assert result.exit_code == 0 and decoded == [], result.output


def test_a_figure_replaced_by_hand_is_checked_and_decoded_again(example: Path,
                                                                 decoded: list[int]):
    add_figures(example, PICKED, [(1, 800, 500, "PNG"), (2, 640, 480, "JPEG")])
    _as_fetch_stores_them(example, PICKED)
    folder = example / "figures" / PICKED
    # the presenter's own picture under the same name: the stored hashes are not its own
    Image.new("RGB", (800, 500), (200, 30, 30)).save(folder / "fig1.png")
    deck = build(example)
    assert len(decoded) == 1
    slide = next(s for s in Presentation(str(deck)).slides
                 if (i := read_identity(s)) and i.slide_id.endswith(":figure:1"))
    assert read_identity(slide).digest == identity.slide_digest(slide)
    # a file cut short under a stale hash is still named, as without any hash
    data = (folder / "fig1.png").read_bytes()
    (folder / "fig1.png").write_bytes(data[:len(data) // 2])
    figures, warnings = load_figures(example, [PICKED])
    assert [f.number for f in figures[PICKED]] == [2] and len(warnings) == 1
    assert "fig1.png" in warnings[0]
    assert figures[PICKED][0].known_pixels is not None  # the untouched JPEG


def test_a_forged_pixel_hash_is_not_taken_for_other_bytes(example: Path):
    add_figures(example, PICKED, [(1, 800, 500, "PNG")])
    _as_fetch_stores_them(example, PICKED)
    rows = _rows(example, PICKED)
    rows[0][PIXEL_HASH] = "not a hash"
    _write_rows(example, PICKED, rows)
    [entry] = load_figures(example, [PICKED])[0][PICKED]
    assert entry.known_pixels is None
    rows[0][IMAGE_HASH] = "0" * 16
    rows[0][PIXEL_HASH] = "0" * 64
    _write_rows(example, PICKED, rows)
    [entry] = load_figures(example, [PICKED])[0][PICKED]
    assert entry.known_pixels is None


def test_the_stored_hash_of_a_file_is_the_one_store_and_pixels_compute():
    data = io.BytesIO()
    Image.new("RGB", (100, 80), (1, 2, 3)).save(data, "PNG")
    blob = data.getvalue()
    assert image_hash(blob) == hashlib.sha256(blob).hexdigest()[:16]
    assert PIXEL_HASH_RE.fullmatch(pixel_hash(blob))


class _PythonPptx(opc.NewSlides):
    """python-pptx's own way of adding slides, notes slides and pictures."""

    def add_slide(self, layout):
        return self._prs.slides.add_slide(layout)

    def notes_slide(self, slide):
        return slide.notes_slide

    def add_picture(self, slide, stream, left, top, width, height):
        return slide.shapes.add_picture(stream, left, top, width, height)


def _members(deck: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(deck) as package:
        return {name: package.read(name) for name in package.namelist()}


def _session_with_figures(tmp_path: Path, name: str, case: TemplateCase) -> Path:
    session = copy_example(tmp_path / name)
    use_template(session, case)
    add_figures(session, PICKED, [(1, 800, 500, "PNG"), (2, 640, 480, "JPEG"),
                                  (3, 800, 500, "PNG")])
    rows = _rows(session, PICKED)
    rows[2]["file"] = rows[0]["file"]  # the same image twice: one part in the deck
    _write_rows(session, PICKED, rows)
    return session


def test_copied_slides_notes_and_pictures_are_python_pptxs_own(
        tmp_path: Path, template_case: TemplateCase, monkeypatch: pytest.MonkeyPatch):
    ours = _session_with_figures(tmp_path, "ours", template_case)
    theirs = _session_with_figures(tmp_path, "theirs", template_case)
    fast = build(ours)
    with monkeypatch.context() as patch:
        patch.setattr(opc, "NewSlides", _PythonPptx)
        slow = build(theirs)
    assert _members(fast) == _members(slow)
    assert sum(1 for name in _members(fast) if name.startswith("ppt/media/")) == 2
    # and a rebuild that draws new slides into the existing deck
    for session in (ours, theirs):
        spec = session / "session.yaml"
        spec.write_text(spec.read_text("utf-8").replace(
            "パッチ型記憶EvoMemの提案", "パッチ型記憶EvoMemの提案 (改訂)"), "utf-8")
    build(ours)
    with monkeypatch.context() as patch:
        patch.setattr(opc, "NewSlides", _PythonPptx)
        build(theirs)
    assert _members(fast) == _members(slow)
    prs = Presentation(str(fast))
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide]
    assert len(notes) > 10 and all(notes)


def _norm_text_one_by_one(text: str) -> str:
    """norm_text as it was written before its translate table."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if ch in "\u200c\u200d" or unicodedata.category(ch) != "Cf")
    text = text.replace("\r", "\n").replace("\v", "\n").replace("\u2028", "\n")
    lines = (re.sub(r"\s+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def test_format_characters_are_dropped_by_the_table_as_one_by_one():
    text = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)
    text += "\U000e0001\U0001d173 x\r\n\u2028 y"
    assert identity.norm_text(text) == _norm_text_one_by_one(text)
    assert identity.norm_text("a\u200db\u00adc\u200bd") == "a\u200dbcd"


def test_a_picture_before_the_first_notes_slide_leaves_every_part_its_own_name(tmp_path: Path):
    """The first notes slide is named by python-pptx: a picture added before it (a deck that
    opens with a figure slide) must not make a later notes slide take the same name."""
    image = tmp_path / "fig.png"
    Image.new("RGB", (40, 30), "white").save(image)
    title = {"title": Text((Para("図"),), 28)}
    slides = (Slide("figure", "a", title, pictures=(Picture(image, 40, 30),), notes="一"),
              Slide("bullets", "b", title, notes="二"))
    render_deck(Deck("d", slides), load_template(None), tmp_path / "d.pptx")
    with zipfile.ZipFile(tmp_path / "d.pptx") as package:
        names = package.namelist()
    assert len(names) == len(set(names))
    prs = Presentation(str(tmp_path / "d.pptx"))
    assert [s.notes_slide.notes_text_frame.text for s in prs.slides] == ["一", "二"]


def test_the_deck_just_saved_is_handed_on_once_and_only_while_the_file_is_it(tmp_path: Path):
    from deckgen.render import package
    from deckgen.render.render import save_deck

    out = tmp_path / "d.pptx"
    prs = Presentation()
    save_deck(prs, out)
    assert package.take_written(out) is prs
    assert package.take_written(out) is None  # once: the PDF stage may change it
    save_deck(prs, out)
    assert package.take_written(tmp_path / "other.pptx") is None
    save_deck(prs, out)
    copy = tmp_path / "saved-by-another-program.pptx"
    copy.write_bytes(out.read_bytes())
    copy.replace(out)  # saved over since, as programs save (same bytes): not that file any more
    assert package.take_written(out) is None
    save_deck(prs, out)
    with out.open("ab") as handle:  # changed in place
        handle.write(b"\0")
    assert package.take_written(out) is None
