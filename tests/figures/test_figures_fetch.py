"""fetch_figures() against a local arXiv replaying real pages with derived images."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from deckgen.figures import fetch as figfetch
from deckgen.figures.fetch import fetch_figures
from deckgen.figures.index import load_figures
from deckgen.figures.listing import list_figures
from deckgen.model.figures import shown_figure_numbers
from tests.conftest import run_cli
from tests.fakeweb import Reply
from tests.figure_fixtures import FIX, PAPERS, ArxivSite, http, serve_site, write_session


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch):
    with serve_site(monkeypatch) as running:
        yield running


def index(session_dir: Path, pid: str) -> list[dict]:
    return json.loads((session_dir / "figures" / pid / "index.json").read_text("utf-8"))


def papers(*ids: str):
    return {pid: PAPERS[pid] for pid in ids}


def test_html_img_figure_1_by_default_and_nothing_requested_the_second_time(
        site: ArxivSite, tmp_path: Path) -> None:
    site.html_2609()
    session = write_session(tmp_path / "s", ["2609.21045"])
    result = fetch_figures(session, papers("2609.21045"), http())
    assert result.fetched == {"2609.21045": 1} and result.warnings == []
    [row] = index(session.dir, "2609.21045")
    assert row["number"] == 1 and row["caption"] == "Overview." and row["method"] == "html"
    assert row["source_url"].endswith("/html/2609.21045v1/Figure/Final/workflow_part1.jpg")
    with Image.open(session.dir / "figures" / "2609.21045" / row["file"]) as img:
        # the CMYK JPEG is now RGB; a photo-like picture stays JPEG
        assert (img.format, img.mode, img.size) == ("JPEG", "RGB", (row["width"], row["height"]))
    assert result.affiliations["2609.21045"] == ["The University of Texas at Austin",
                                                 "NVIDIA Research & UT Austin"]
    catalog = json.loads((session.dir / "figures/2609.21045/source.json").read_text("utf-8"))
    assert catalog["affiliations"] == result.affiliations["2609.21045"]
    seen = len(site.web.requests)
    again = fetch_figures(session, papers("2609.21045"), http())
    assert len(site.web.requests) == seen, "a second fetch must send no request"
    assert again.fetched == {"2609.21045": 1}
    # and a build reads what fetch wrote
    figures, warnings = load_figures(session.dir, ["2609.21045"])
    assert warnings == [] and figures["2609.21045"][0].caption == "Overview."


def test_svg_objects_of_a_picked_paper_are_rasterised(site: ArxivSite, tmp_path: Path) -> None:
    site.html_2503()
    session = write_session(tmp_path / "s", ["2503.20783"], picks=["2503.20783"])
    assert shown_figure_numbers(session, "2503.20783") is None  # picked: every figure
    result = fetch_figures(session, papers("2503.20783"), http())
    assert result.fetched == {"2503.20783": 2}, result.warnings
    rows = index(session.dir, "2503.20783")
    assert [r["number"] for r in rows] == [1, 2]
    for row, (w, h) in zip(rows, [(476, 151), (476, 167)], strict=True):
        assert row["file"].endswith(".png")  # a plot stays lossless
        assert abs(row["width"] / row["height"] - w / h) < 0.02
        assert row["width"] > w  # drawn crisper than the SVG's nominal size
        with Image.open(session.dir / "figures/2503.20783" / row["file"]) as img:
            assert img.mode == "RGB" and img.getpixel((1, 1)) == (255, 255, 255)
    assert rows[0]["caption"].startswith("Left: Dr. GRPO introduces")


def test_ar5iv_when_arxiv_has_no_html_and_only_chosen_images_downloaded(
        site: ArxivSite, tmp_path: Path) -> None:
    site.ar5iv_2303()
    session = write_session(tmp_path / "s", ["2303.17564"], figures={"2303.17564": "[1, 4]"})
    result = fetch_figures(session, papers("2303.17564"), http())
    [row] = index(session.dir, "2303.17564")
    assert row["method"] == "ar5iv" and row["number"] == 1
    assert row["caption"].startswith("Kaplan et al. (2020) and Chinchilla scaling laws")
    assert any("Figure 4" in w and "inline SVG" in w for w in result.warnings), result.warnings
    assert [r.path for r in site.web.hits("/html/2303.17564/assets/")] == [
        "/html/2303.17564/assets/x1.png"]
    with Image.open(session.dir / "figures/2303.17564" / row["file"]) as img:
        assert img.getpixel((2, 2)) == (255, 255, 255)  # transparency went onto white
    listed = {f.number: f for f in list_figures(session.dir, "2303.17564")}
    assert len(listed) == 12 and listed[1].stored and not listed[2].stored
    assert "inline SVG" in (listed[4].note or "")
    # a caption corrected by hand survives a later fetch
    rows = index(session.dir, "2303.17564")
    rows[0]["caption"] = "Figure 1: corrected by hand"
    (session.dir / "figures/2303.17564/index.json").write_text(json.dumps(rows), "utf-8")
    # a figure chosen later comes from the kept catalog: one image request, no page
    before = len(site.web.requests)
    fetch_figures(write_session(session.dir, ["2303.17564"], figures={"2303.17564": "[1, 2]"}),
                  papers("2303.17564"), http())
    assert [r.path for r in site.web.requests[before:]] == ["/html/2303.17564/assets/x2.png"]
    captions = [r["caption"] for r in index(session.dir, "2303.17564")]
    assert captions[0] == "Figure 1: corrected by hand" and len(captions) == 2
    assert captions[1] != captions[0]


def test_eprint_tar_figures_matched_to_captions_and_unsafe_members_refused(
        site: ArxivSite, tmp_path: Path) -> None:
    site.eprint("2609.21045v1", (FIX / "derived_eprint_2609.21045v1.tar.gz").read_bytes())
    session = write_session(tmp_path / "s", ["2609.21045"], picks=["2609.21045"])
    result = fetch_figures(session, papers("2609.21045"), http())
    rows = {r["number"]: r for r in index(session.dir, "2609.21045")}
    assert sorted(rows) == [1, 2, 3] and {r["method"] for r in rows.values()} == {"eprint"}
    assert rows[1]["caption"] == "Overview. DEXTERA turns one image into a policy."
    assert rows[2]["caption"] == "Workflow: a vector figure (PDF), 50% of the pipeline."
    assert rows[3]["width"] > 2 * 300  # two panels composed side by side
    assert rows[1]["source_url"].endswith("/e-print/2609.21045v1")
    text = "\n".join(result.warnings)
    assert "EPS" in text and "Figure 4" in text
    assert "../escape.png (path leaves the folder)" in text
    assert "figs/link.png (a link)" in text and "figs/dev (a device" in text
    assert not list(tmp_path.rglob("escape*")) and not site.web.hits("/pdf/")
    written = {p.name for p in (session.dir / "figures/2609.21045").iterdir()}
    assert written == {"index.json", "source.json"} | {r["file"] for r in rows.values()}


def test_plain_gz_source_falls_back_to_the_pdf_page_with_figure_1(
        site: ArxivSite, tmp_path: Path) -> None:
    site.eprint("2609.21045v1", (FIX / "derived_eprint_single.gz").read_bytes())
    site.pdf("2609.21045v1", (FIX / "derived_paper_2609.21045v1.pdf").read_bytes())
    session = write_session(tmp_path / "s", ["2609.21045"])
    result = fetch_figures(session, papers("2609.21045"), http())
    [row] = index(session.dir, "2609.21045")
    assert row["method"] == "pdf" and row["source_url"].endswith("/pdf/2609.21045v1")
    assert row["caption"] == "Overview. DEXTERA turns one image into a policy.", result.warnings
    assert max(row["width"], row["height"]) == 1920  # a page drawn at the slide's resolution
    catalog = json.loads((session.dir / "figures/2609.21045/source.json").read_text("utf-8"))
    assert [(f["number"], f["page"]) for f in catalog["figures"]] == [(1, 1), (2, 2)]


def test_pdf_only_eprint_is_rendered_without_another_download(
        site: ArxivSite, tmp_path: Path) -> None:
    site.eprint("2609.21045v1", (FIX / "derived_paper_2609.21045v1.pdf").read_bytes(),
                "application/pdf")
    session = write_session(tmp_path / "s", ["2609.21045"], figures={"2609.21045": "[2]"})
    result = fetch_figures(session, papers("2609.21045"), http())
    assert result.fetched == {"2609.21045": 1}
    [row] = index(session.dir, "2609.21045")
    assert (row["number"], row["method"]) == (2, "pdf") and not site.web.hits("/pdf/")
    assert row["caption"] == "Two panels of one figure."


def test_figures_none_sends_nothing(site: ArxivSite, tmp_path: Path) -> None:
    site.html_2609()
    session = write_session(tmp_path / "s", ["2609.21045"], figures={"2609.21045": "none"})
    result = fetch_figures(session, papers("2609.21045"), http())
    assert result.fetched == {"2609.21045": 0} and site.web.requests == []


def test_caps_bombs_and_corrupt_images_are_warnings(
        site: ArxivSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site.html_2503()
    site.pages["/html/2503.20783v2/math_performance.svg"] = Reply(200, b"<svg broken", {})
    session = write_session(tmp_path / "s", ["2503.20783"], picks=["2503.20783"])
    monkeypatch.setattr(figfetch, "MAX_IMAGE", 100)  # the SVGs are 334 bytes
    result = fetch_figures(session, papers("2503.20783"), http())
    assert result.fetched == {"2503.20783": 0}
    assert any("fig1.svg: image of 334 bytes is over the 100 bytes limit" in w
               for w in result.warnings), result.warnings
    assert any("Figure 2 (math_performance.svg)" in w for w in result.warnings)
    monkeypatch.setattr(figfetch, "MAX_IMAGE", 10_000)
    before = len(site.web.requests)
    result = fetch_figures(session, papers("2503.20783"), http())
    assert result.fetched == {"2503.20783": 1}
    # the broken drawing is remembered as broken: not downloaded again without --refresh
    assert [w for w in result.warnings if "skipped" in w] == []
    assert [r.path for r in site.web.requests[before:]] == ["/html/2503.20783v2/fig1.svg"]
    result = fetch_figures(session, papers("2503.20783"), http(), refresh=True)
    assert [w for w in result.warnings if "skipped" in w] == [
        "2503.20783 Figure 2 (math_performance.svg): the drawing has no size; "
        "Figure 2 of 2503.20783 skipped (`deckgen fetch --refresh` tries again)"]
    site.pages["/html/2503.20783v2/math_performance.svg"] = Reply(
        200, (FIX / "derived_2303.17564_x1.png").read_bytes()[:900], {})  # a truncated PNG
    result = fetch_figures(session, papers("2503.20783"), http(), refresh=True)
    assert result.fetched == {"2503.20783": 1}
    assert any("(math_performance.svg): image data cut short (5% of it is there); fetch it "
               "again or replace the file" in w for w in result.warnings), result.warnings
    site.html_2609()
    session = write_session(tmp_path / "t", ["2609.21045"])
    monkeypatch.setattr(figfetch, "MAX_IMAGE", 10**6)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)  # the JPEG has 129,600 pixels
    result = fetch_figures(session, papers("2609.21045"), http())
    assert result.fetched == {"2609.21045": 0}
    assert any("too many pixels" in w for w in result.warnings), result.warnings


def test_deckgen_figures_lists_what_is_available(site: ArxivSite, tmp_path: Path) -> None:
    site.ar5iv_2303()
    session = write_session(tmp_path / "s", ["2303.17564"])
    before = run_cli("figures", str(session.dir))
    assert before.exit_code == 0 and "no figures yet" in before.output
    fetch_figures(session, papers("2303.17564"), http())
    out = run_cli("figures", str(session.dir), "2303.17564")
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == "2303.17564  (deck shows: 1)"
    assert lines[1].split()[:3] == ["1", f"{index(session.dir, '2303.17564')[0]['width']}x"
                                    f"{index(session.dir, '2303.17564')[0]['height']}", "ar5iv"]
    assert "not fetched" in lines[2] and "inline SVG" in lines[4]
    bad = run_cli("figures", str(session.dir), "2401.00001")
    assert bad.exit_code != 0 and "2401.00001' is not a paper of this session" in bad.output


def test_refresh_fetches_again_but_keeps_figures_added_by_hand(
        site: ArxivSite, tmp_path: Path) -> None:
    site.html_2609()
    session = write_session(tmp_path / "s", ["2609.21045"], figures={"2609.21045": "[1, 7]"})
    fetch_figures(session, papers("2609.21045"), http())
    folder = session.dir / "figures" / "2609.21045"
    Image.new("RGB", (40, 30), "white").save(folder / "mine.png")
    rows = index(session.dir, "2609.21045") + [
        {"number": 7, "file": "mine.png", "caption": "drawn by me", "width": 40, "height": 30}]
    (folder / "index.json").write_text(json.dumps(rows), "utf-8")
    before = len(site.web.requests)
    result = fetch_figures(session, papers("2609.21045"), http())
    assert len(site.web.requests) == before and result.fetched == {"2609.21045": 2}
    result = fetch_figures(session, papers("2609.21045"), http(), refresh=True)
    assert [r.path for r in site.web.requests[before:]] == [
        "/html/2609.21045v1", "/html/2609.21045v1/Figure/Final/workflow_part1.jpg"]
    assert [(r["number"], r.get("method")) for r in index(session.dir, "2609.21045")] == [
        (1, "html"), (7, None)]


def test_a_source_with_only_eps_figures_goes_on_to_the_pdf(site: ArxivSite,
                                                            tmp_path: Path) -> None:
    import io
    import tarfile

    tex = (b"\\documentclass{article}\\usepackage{graphicx}\\begin{document}\n"
           b"\\begin{figure}\\includegraphics{plot.eps}\\caption{Overview.}\\end{figure}\n"
           b"\\end{document}\n")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in (("main.tex", tex), ("plot.eps", b"%!PS-Adobe-3.0 EPSF-3.0\n")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    site.eprint("2609.21045v1", buffer.getvalue())
    site.pdf("2609.21045v1", (FIX / "derived_paper_2609.21045v1.pdf").read_bytes())
    session = write_session(tmp_path / "s", ["2609.21045"])
    fetch_figures(session, papers("2609.21045"), http())
    [row] = index(session.dir, "2609.21045")
    assert row["method"] == "pdf"


def test_refresh_keeps_captions_the_presenter_corrected_and_renews_the_others(
        site: ArxivSite, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site.html_2503()
    session = write_session(tmp_path / "s", ["2503.20783"], picks=["2503.20783"])
    fetch_figures(session, papers("2503.20783"), http())
    path = session.dir / "figures/2503.20783/index.json"
    rows = index(session.dir, "2503.20783")
    rows[0]["caption"] = "Dr. GRPO: corrected by hand"
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", "utf-8")
    # arXiv revises the paper: Figure 2's caption changes, Figure 1's does not
    page = site.pages["/html/2503.20783v2"]
    revised = page.body.replace(b"Model performance comparison.", b"Performance, compared.")
    assert revised != page.body
    site.pages["/html/2503.20783v2"] = Reply(200, revised, page.headers)
    with caplog.at_level("INFO", logger="deckgen.figures.fetch"):
        result = fetch_figures(session, papers("2503.20783"), http(), refresh=True)
    assert result.fetched == {"2503.20783": 2}, result.warnings
    captions = [r["caption"] for r in index(session.dir, "2503.20783")]
    assert captions[0] == "Dr. GRPO: corrected by hand"
    assert captions[1].startswith("Performance, compared. Oat-Zero-7B")
    kept = [r.getMessage() for r in caplog.records if "your caption" in r.getMessage()]
    assert kept == [f"2503.20783 Figure 1: your caption in {path} is kept "
                    "(deckgen fetched another)"]
    # still the presenter's at the next refresh; a build reads the correction
    fetch_figures(session, papers("2503.20783"), http(), refresh=True)
    assert index(session.dir, "2503.20783")[0]["caption"] == "Dr. GRPO: corrected by hand"
    figures, _ = load_figures(session.dir, ["2503.20783"])
    assert figures["2503.20783"][0].caption == "Dr. GRPO: corrected by hand"


def test_an_index_written_before_captions_were_remembered_is_deckgens_own(
        site: ArxivSite, tmp_path: Path) -> None:
    site.html_2609()
    session = write_session(tmp_path / "s", ["2609.21045"])
    fetch_figures(session, papers("2609.21045"), http())
    rows = index(session.dir, "2609.21045")
    for row in rows:
        del row["caption_hash"]
    rows[0]["caption"] = "an old caption"
    (session.dir / "figures/2609.21045/index.json").write_text(json.dumps(rows), "utf-8")
    figures, warnings = load_figures(session.dir, ["2609.21045"])
    assert warnings == [] and figures["2609.21045"][0].caption == "an old caption"
    fetch_figures(session, papers("2609.21045"), http(), refresh=True)
    assert index(session.dir, "2609.21045")[0]["caption"] == "Overview."


def test_refresh_keeps_an_image_the_presenter_replaced(
        site: ArxivSite, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site.html_2503()
    session = write_session(tmp_path / "s", ["2503.20783"], picks=["2503.20783"])
    fetch_figures(session, papers("2503.20783"), http())
    folder = session.dir / "figures/2503.20783"
    rows = index(session.dir, "2503.20783")
    mine = folder / rows[0]["file"]
    Image.new("RGB", (64, 48), "white").save(mine)  # a cleaner crop under the same name
    before = len(site.web.requests)
    with caplog.at_level("INFO", logger="deckgen.figures.fetch"):
        result = fetch_figures(session, papers("2503.20783"), http(), refresh=True)
    assert result.fetched == {"2503.20783": 2}, result.warnings
    assert [r.path for r in site.web.requests[before:]] == [
        "/html/2503.20783v2", "/html/2503.20783v2/math_performance.svg"]
    with Image.open(mine) as img:
        assert img.size == (64, 48)
    assert index(session.dir, "2503.20783")[0] == rows[0]
    assert [r.getMessage() for r in caplog.records if "your image" in r.getMessage()] == [
        f"2503.20783 Figure 1: your image {mine} is kept (delete it to fetch the figure again)"]
    mine.unlink()  # and deleting it fetches deckgen's again
    fetch_figures(session, papers("2503.20783"), http(), refresh=True)
    with Image.open(mine) as img:
        assert img.size == (rows[0]["width"], rows[0]["height"])
