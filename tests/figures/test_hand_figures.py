"""Images the presenter drops into `figures/<id>/`: indexed by the next fetch, build (offline
too) or `deckgen figures`, numbered after the paper's own, kept under their number when
replaced, and a hostile file is one warning naming it."""

from __future__ import annotations

import json
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from deckgen.figures.fetch import fetch_figures
from deckgen.figures.index import load_figures
from deckgen.session.store import load_figure_index
from tests.conftest import add_figures, run_cli
from tests.figure_fixtures import PAPERS, ArxivSite, http, serve_site, write_session

PID = "2606.13681"


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch):
    with serve_site(monkeypatch) as running:
        yield running


def rows_of(session: Path, pid: str = PID) -> list[dict]:
    return json.loads((session / "figures" / pid / "index.json").read_text("utf-8"))


def drop(folder: Path, name: str, size: tuple[int, int], colour: str = "red") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(folder / name)
    return folder / name


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` (a decompression bomb's first bytes)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                               0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


def test_a_dropped_png_is_indexed_by_an_offline_build_after_the_papers_figures(
        example: Path) -> None:
    add_figures(example, PID, [(1, 80, 60, "PNG")])
    folder = example / "figures" / PID
    (folder / "source.json").write_text(json.dumps({"method": "html", "url": None, "figures": [
        {"number": n, "caption": f"Figure {n}", "images": ["x.png"]} for n in range(1, 6)]}),
        encoding="utf-8")
    drop(folder, "demo.png", (300, 200))
    result = run_cli("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 0, result.output
    assert "demo.png" not in result.output  # no warning about it
    hand = [r for r in rows_of(example) if r["file"] == "demo.png"]
    assert hand == [{"number": 6, "file": "demo.png", "caption": "", "method": "hand",
                     "width": 300, "height": 200}]
    [entry] = [e for e in load_figure_index(example, PID)[0] if e.number == 6]
    assert entry.method == "hand"


def test_deckgen_figures_lists_a_dropped_image_with_its_real_size(example: Path) -> None:
    folder = example / "figures" / PID
    drop(folder, "screenshot.jpg", (640, 360))
    # and a row the presenter wrote by hand, the old way, without a size
    drop(folder, "mine.png", (120, 90))
    (folder / "index.json").write_text(json.dumps([{"number": 1, "file": "mine.png"}]),
                                       encoding="utf-8")
    listed = run_cli("figures", str(example), PID)
    assert listed.exit_code == 0, listed.output
    lines = [line.split() for line in listed.output.splitlines()]
    assert ["1", "120x90", "hand"] in lines
    assert ["2", "640x360", "hand"] in lines
    assert "0x0" not in listed.output


def test_a_replaced_image_keeps_its_number_and_a_removed_one_its_row_goes(
        example: Path) -> None:
    folder = example / "figures" / PID
    drop(folder, "a.png", (100, 50))
    drop(folder, "b.png", (100, 50))
    figures, warnings = load_figures(example, [PID])
    assert warnings == [] and [(f.number, f.file.name) for f in figures[PID]] == [
        (1, "a.png"), (2, "b.png")]
    drop(folder, "a.png", (400, 300), "blue")  # same name, new bytes
    (folder / "b.png").unlink()
    drop(folder, "c.png", (10, 10))
    figures, warnings = load_figures(example, [PID])
    assert warnings == []
    assert [(f.number, f.file.name, f.width, f.height, f.method) for f in figures[PID]] == [
        (1, "a.png", 400, 300, "hand"), (2, "c.png", 10, 10, "hand")]


def test_an_svg_is_drawn_into_a_png_and_drawn_again_when_it_changes(example: Path) -> None:
    folder = example / "figures" / PID
    folder.mkdir(parents=True)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="50"><rect ' \
          'width="{w}" height="50" fill="green"/></svg>'
    (folder / "arch.svg").write_text(svg.format(w=100), encoding="utf-8")
    figures, warnings = load_figures(example, [PID])
    assert warnings == []
    [fig] = figures[PID]
    assert fig.file.name == "arch.svg.png" and fig.method == "hand"
    assert fig.width / fig.height == 2
    (folder / "arch.svg").write_text(svg.format(w=200), encoding="utf-8")
    [fig] = load_figures(example, [PID])[0][PID]
    assert fig.number == 1 and fig.width / fig.height == 4


def test_hostile_files_are_one_warning_each_naming_the_file(example: Path,
                                                            tmp_path: Path) -> None:
    folder = example / "figures" / PID
    drop(folder, "good.png", (64, 48))
    (folder / "notes.png").write_text("not an image at all", encoding="utf-8")
    (folder / "bomb.png").write_bytes(png_header(30000, 30000))
    outside = drop(tmp_path / "elsewhere", "secret.png", (10, 10))
    os.symlink(outside, folder / "link.png")
    (folder / "readme.txt").write_text("my notes", encoding="utf-8")
    result = run_cli("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    for name in ("notes.png", "bomb.png", "link.png", "readme.txt"):
        [line] = [w for w in warned if f"{folder / name}:" in w]
        assert "Traceback" not in line
    assert "outside" in next(w for w in warned if "link.png" in w)
    assert [r["file"] for r in rows_of(example)] == ["good.png"]
    listed = run_cli("figures", str(example), PID)
    assert listed.exit_code == 0 and "64x48" in listed.output
    assert f"{folder / 'link.png'}:" in listed.stderr


def test_a_file_indexed_before_and_then_linked_out_of_the_folder_is_not_shown(
        example: Path, tmp_path: Path) -> None:
    folder = example / "figures" / PID
    drop(folder, "mine.png", (64, 48))
    assert [f.number for f in load_figures(example, [PID])[0][PID]] == [1]
    outside = drop(tmp_path / "elsewhere", "secret.png", (10, 10))
    (folder / "mine.png").unlink()
    os.symlink(outside, folder / "mine.png")
    figures, warnings = load_figures(example, [PID])
    assert PID not in figures
    assert [w.split(": ")[0] for w in warnings] == [str(folder / "mine.png")]
    assert rows_of(example)[0]["number"] == 1  # kept: a file put back keeps its number


def test_a_fetch_indexes_a_dropped_file_after_the_fetched_ones_and_never_overwrites_it(
        site: ArxivSite, tmp_path: Path) -> None:
    site.html_2503()
    session = write_session(tmp_path / "s", ["2503.20783"], picks=["2503.20783"])
    folder = session.dir / "figures" / "2503.20783"
    mine = drop(folder, "fig1.png", (50, 50), "yellow")  # named as deckgen names its own
    before = mine.read_bytes()
    result = fetch_figures(session, {"2503.20783": PAPERS["2503.20783"]}, http())
    assert not [w for w in result.warnings if "fig1.png" in w], result.warnings
    assert mine.read_bytes() == before
    rows = {r["number"]: r for r in rows_of(session.dir, "2503.20783")}
    assert rows[1]["method"] == "html" and rows[1]["file"] == "fig1-arxiv.png"
    assert rows[2]["method"] == "html"
    assert rows[3] == {"number": 3, "file": "fig1.png", "caption": "", "method": "hand",
                       "width": 50, "height": 50}
    # --refresh fetches deckgen's again and leaves yours as it is
    fetch_figures(session, {"2503.20783": PAPERS["2503.20783"]}, http(), refresh=True)
    assert mine.read_bytes() == before
    assert {r["number"]: r["file"] for r in rows_of(session.dir, "2503.20783")} == {
        1: "fig1-arxiv.png", 2: "fig2.png", 3: "fig1.png"}
