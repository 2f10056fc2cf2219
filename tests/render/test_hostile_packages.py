"""A .pptx that is a zip bomb (template, existing deck, a deck to check): refused from the
zip's directory before python-pptx reads a byte of it, in one line naming the file and fix."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from deckgen.render import package
from deckgen.render.package import PackageRefused, check_package
from deckgen.render.template import DEFAULT_TEMPLATE
from tests.conftest import run_cli
from tests.hostile import error_line, run_limited

BOMB_PART = "ppt/media/filler.bin"
SAID = (f"{BOMB_PART} unpacks to 64 MB from 0.1 MB, more than 100 times its size "
        "(a compression bomb?)")


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """deckgen's template with a 64 MB part of zeros, 0.1 MB on disk (a bomb scaled down)."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.pptx"
    shutil.copy(DEFAULT_TEMPLATE, path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
        with zipped.open(BOMB_PART, "w", force_zip64=True) as part:
            for _ in range(64):
                part.write(bytes(1 << 20))
    assert path.stat().st_size < 200_000
    return path


def test_a_template_that_is_a_bomb_is_refused(example: Path, bomb: Path):
    spec = example / "session.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + f"\ntemplate: {bomb}\n", encoding="utf-8")
    error_line(run_limited("build", str(example), "--no-pdf", "--offline"),
               f"Error: {bomb}: {SAID}; use another template, or re-save this one from "
               "PowerPoint or LibreOffice as .pptx")


def test_an_existing_deck_that_is_a_bomb_is_refused_and_kept(example: Path, bomb: Path):
    deck = example / "build" / "2026-06.pptx"
    deck.parent.mkdir()
    shutil.copy(bomb, deck)
    error_line(run_limited("build", str(example), "--no-pdf", "--offline"),
               f"Error: {deck}: {SAID}; build with --fresh (it keeps the old file as a "
               "timestamped copy)")
    assert deck.read_bytes() == bomb.read_bytes()


def test_a_deck_to_check_that_is_a_bomb_is_refused(example: Path, bomb: Path):
    deck = example / "build" / "2026-06.pptx"
    deck.parent.mkdir()
    shutil.copy(bomb, deck)
    for command in ("check", "preview"):
        result = run_cli(command, str(example))
        assert result.exit_code == 1
        assert result.output == (f"Error: {deck}: {SAID}; build it anew with `deckgen build "
                                 f"{example} --fresh`\n")


def test_too_many_parts_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(package, "MAX_PPTX_MEMBERS", 20)
    path = tmp_path / "many.pptx"
    with zipfile.ZipFile(path, "w") as zipped:
        for n in range(21):
            zipped.writestr(f"ppt/media/{n}.bin", b"")
    with pytest.raises(PackageRefused, match="^21 parts in the zip, more than the 20 deckgen "
                                             "reads$"):
        check_package(path)


def test_too_many_bytes_in_all_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(package, "MAX_PPTX_UNPACKED", 3 << 20)
    path = tmp_path / "large.pptx"
    with zipfile.ZipFile(path, "w") as zipped:  # stored: no compression, no bomb
        for n in range(4):
            zipped.writestr(f"ppt/media/{n}.bin", bytes(1 << 20))
    with pytest.raises(PackageRefused, match="^its parts unpack to 4 MB, more than the 3 MB "
                                             "deckgen reads$"):
        check_package(path)
