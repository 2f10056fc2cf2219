"""The build's shortcuts give the deck the slower ways gave: media stored as it is."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pptx import Presentation

from deckgen.render.opc import STORED_MEDIA
from tests.conftest import add_figures, run_cli

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

