"""The pieces under fetch_figures(): normalisation, e-print safety, TeX and HTML parsing."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

import pytest
from PIL import Image

from deckgen.figures.eprint import (
    MAX_UNPACKED,
    Source,
    SourceProblem,
    gunzip_capped,
    open_source,
    safe_member_name,
    tex_figures,
)
from deckgen.figures.html import affiliations_from_html, html_figures
from deckgen.figures.images import bounded, compose, decode, normalise, sniff, svg_size, to_rgb
from deckgen.model.figures import FigureEntry
from deckgen.model.paper import Paper
from deckgen.model.session import PaperNotes
from deckgen.model.texts import Translated
from deckgen.plan.deck import PlanInput, plan_deck
from tests.figure_fixtures import FIX, HTML_2609
from tests.plan.test_plan import FULL, session


def test_colour_modes_become_rgb_with_transparency_on_white() -> None:
    rgba = Image.new("RGBA", (4, 4), (255, 0, 0, 0))
    rgba.putpixel((0, 0), (0, 0, 255, 255))
    out = to_rgb(rgba)
    assert out.mode == "RGB" and out.getpixel((1, 1)) == (255, 255, 255)
    assert out.getpixel((0, 0)) == (0, 0, 255)
    cmyk = Image.new("CMYK", (2, 2), (0, 255, 255, 0))
    assert to_rgb(cmyk).getpixel((0, 0)) == (255, 0, 0)
    palette = Image.new("P", (2, 2), 0)
    palette.info["transparency"] = 0
    assert to_rgb(palette).getpixel((0, 0)) == (255, 255, 255)
    assert to_rgb(Image.new("L", (2, 2), 7)).getpixel((0, 0)) == (7, 7, 7)


def test_long_side_is_bounded_and_never_enlarged() -> None:
    assert bounded(Image.new("RGB", (4000, 1000))).size == (1920, 480)
    assert bounded(Image.new("RGB", (900, 3000))).size == (576, 1920)
    assert bounded(Image.new("RGB", (300, 200))).size == (300, 200)


def test_photos_become_jpeg_and_plots_png() -> None:
    with Image.open(FIX / "derived_2609.21045v1_workflow_part1.jpg") as img:
        photo = normalise([img.copy()])
    with Image.open(FIX / "derived_2303.17564_x1.png") as img:
        plot = normalise([img.copy()])
    assert (photo.ext, sniff(photo.data)) == ("jpg", "jpeg")
    assert (plot.ext, sniff(plot.data)) == ("png", "png")
    assert (plot.width, plot.height) == (640, 400)


def test_subfigures_are_composed_in_one_row() -> None:
    out = compose([Image.new("RGB", (300, 300), "red"), Image.new("RGB", (300, 150), "blue")])
    assert out.size == (300 + 24 + 600, 300)  # scaled to one height, with a white gap
    assert out.getpixel((310, 10)) == (255, 255, 255)


def test_svg_size_reads_units_and_viewbox() -> None:
    assert svg_size(b'<svg xmlns="http://www.w3.org/2000/svg" width="2in" height="72pt">') \
        == (192.0, 96.0)
    assert svg_size(b'<svg viewBox="0 0 400 100"></svg>') == (400.0, 100.0)


def test_a_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"\0" * (2 * 1024 * 1024))
    with pytest.raises(SourceProblem, match="more than 1 MB"):
        gunzip_capped(bomb, cap=1024 * 1024)
    assert len(gunzip_capped(bomb, cap=MAX_UNPACKED)) == 2 * 1024 * 1024


@pytest.mark.parametrize("name, safe", [
    ("figs/a.png", "figs/a.png"), ("./a/../b.png", "b.png"), ("../a.png", None),
    ("/etc/passwd", None), ("a/../../b", None), ("C:/x.png", None), ("..", None),
])
def test_member_names_that_leave_the_folder_are_refused(name: str, safe: str | None) -> None:
    assert safe_member_name(name) == safe


def test_an_absolute_member_is_refused_and_a_hard_link_too() -> None:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for name, kind in (("/abs.png", tarfile.REGTYPE), ("hard.png", tarfile.LNKTYPE)):
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = "main.tex" if kind == tarfile.LNKTYPE else ""
            tar.addfile(info, io.BytesIO(b""))
    source = open_source(gzip.compress(raw.getvalue()))
    assert source.files == {}
    assert source.refused == ["/abs.png (path leaves the folder)", "hard.png (a link)"]


def test_magic_bytes_tell_the_eprint_kinds_apart() -> None:
    assert open_source((FIX / "derived_eprint_2609.21045v1.tar.gz").read_bytes()).kind == "tar"
    assert open_source((FIX / "derived_eprint_single.gz").read_bytes()).kind == "tex"
    pdf = (FIX / "derived_paper_2609.21045v1.pdf").read_bytes()
    assert open_source(pdf).kind == "pdf" and open_source(gzip.compress(pdf)).kind == "pdf"
    with pytest.raises(SourceProblem, match="neither gzip nor PDF"):
        open_source(b"<html>No source</html>")


def test_tex_captions_skip_comments_and_subfigure_captions() -> None:
    tex = rb"""\documentclass{article}\begin{document}
% \begin{figure}\includegraphics{x}\caption{commented}\end{figure}
\begin{figure}\centering
\begin{subfigure}{.4\linewidth}\includegraphics{a}\caption{Panel}\end{subfigure}
\caption[short]{Main caption with \emph{emphasis} and a ref to Fig.~\ref{f:x}.\label{f:y}}
\end{figure}
\begin{figure}\includegraphics{missing}\end{figure}
\end{document}"""
    source = Source("tar", files={"paper/ms.tex": tex, "paper/a.png": b"png"})
    [fig] = tex_figures(source)
    assert fig.number == 1 and fig.images == ("paper/a.png",)
    assert fig.caption == "Main caption with emphasis and a ref to Fig. ?."


def test_html_panels_and_affiliations() -> None:
    html = HTML_2609.read_text("utf-8").replace(
        '<figcaption class="ltx_caption ltx_centering">',
        '<img src="2609.21045v1/second.png" class="ltx_graphics">'
        '<figcaption class="ltx_caption ltx_centering">')
    [fig] = html_figures(html, "https://arxiv.org/html/2609.21045v1")
    assert fig.images == ("https://arxiv.org/html/2609.21045v1/Figure/Final/workflow_part1.jpg",
                          "https://arxiv.org/html/2609.21045v1/second.png")
    assert affiliations_from_html("<p>no authors</p>") == []


def test_eps_is_refused_with_a_reason() -> None:
    from deckgen.figures.images import ImageProblem

    with pytest.raises(ImageProblem, match="EPS figures are not rasterised"):
        decode(b"%!PS-Adobe-3.0 EPSF-3.0\n", "old.eps")


def test_figure_slides_show_the_caption_and_the_source(tmp_path: Path) -> None:
    s = session(papers={"2601.00001": PaperNotes(figures=(1,))})
    papers = {r.base: Paper(r.base, "T", "A", version=3) for r in s.all_refs()}
    figures = {"2601.00001": [FigureEntry(1, tmp_path / "fig1.png", "Overview.", width=640,
                                          height=400)]}
    deck = plan_deck(PlanInput(s, papers, {}, figures, FULL))
    [slide] = [sl for sl in deck.slides if sl.kind == "figure"]
    assert slide.texts["caption"].plain == "図1: Overview.\n出典: arXiv:2601.00001v3"
    assert slide.picture is not None and slide.picture.path == tmp_path / "fig1.png"


def test_a_japanese_caption_is_shown_with_the_english_in_the_notes(tmp_path: Path) -> None:
    s = session(papers={"2601.00001": PaperNotes(figures=(2,))})
    papers = {r.base: Paper(r.base, "T", "A", version=1) for r in s.all_refs()}
    figures = {"2601.00001": [FigureEntry(2, tmp_path / "fig2.png", "Overview.", width=64,
                                          height=40)]}
    translated = {"2601.00001": Translated(captions={2: "手法の概要。"})}
    deck = plan_deck(PlanInput(s, papers, translated, figures, FULL))
    [slide] = [sl for sl in deck.slides if sl.kind == "figure"]
    assert slide.texts["caption"].plain == "図2: 手法の概要。\n出典: arXiv:2601.00001v1"
    assert slide.notes.splitlines() == ["図2: 手法の概要。", "Overview."]
