"""arXiv as the figure code sees it, on 127.0.0.1: HTML pages, images, e-prints and PDFs.

The pages are real recordings (tests/fixtures/figures/README.md); the images, archives and
PDFs they point to are derived files made by make_derived.py in the same folder.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from deckgen.model.paper import Paper
from deckgen.model.session import Session
from deckgen.net.http import Endpoints, PoliteSession
from deckgen.session.validate import load_session
from tests.fakeweb import FakeWeb, Reply

FIX = Path(__file__).resolve().parent / "fixtures" / "figures"

HTML_2609 = FIX / "arxiv_html_2609.21045v1_trimmed_excerpt.html"
HTML_2503 = FIX / "arxiv_html_2503.20783v2_figures_object_svg_excerpt.html"
AR5IV_2303 = FIX / "ar5iv_2303.17564_bloomberggpt.html.gz"
NO_HTML = b"<html><body><h1>No HTML for '2303.17564v1'</h1></body></html>"

PAPERS = {
    "2609.21045": Paper("2609.21045", "DEXTERA", "abstract", version=1),
    "2503.20783": Paper("2503.20783", "Understanding R1-Zero-Like Training", "abstract",
                        version=2),
    "2303.17564": Paper("2303.17564", "BloombergGPT", "abstract", version=1),
}


def ok(body: bytes, kind: str) -> Reply:
    return Reply(200, body, {"Content-Type": kind})


class ArxivSite:
    """Exact paths -> replies, served by a FakeWeb for both arxiv.org and ar5iv."""

    def __init__(self, web: FakeWeb) -> None:
        self.web = web
        self.pages: dict[str, Reply] = {}
        web.route("/", lambda request: self.pages.get(
            request.path, Reply(404, b"not found", {"Content-Type": "text/plain"})))

    def html_2609(self) -> None:
        self.pages["/html/2609.21045v1"] = ok(HTML_2609.read_bytes(), "text/html")
        self.pages["/html/2609.21045v1/Figure/Final/workflow_part1.jpg"] = ok(
            (FIX / "derived_2609.21045v1_workflow_part1.jpg").read_bytes(), "image/jpeg")

    def html_2503(self) -> None:
        self.pages["/html/2503.20783v2"] = ok(HTML_2503.read_bytes(), "text/html")
        for name in ("fig1", "math_performance"):
            self.pages[f"/html/2503.20783v2/{name}.svg"] = ok(
                (FIX / f"derived_2503.20783v2_{name}.svg").read_bytes(), "image/svg+xml")

    def ar5iv_2303(self) -> None:
        self.pages["/html/2303.17564v1"] = Reply(404, NO_HTML, {"Content-Type": "text/html"})
        self.pages["/html/2303.17564"] = ok(gzip.decompress(AR5IV_2303.read_bytes()),
                                            "text/html")
        self.pages["/html/2303.17564/assets/x1.png"] = ok(
            (FIX / "derived_2303.17564_x1.png").read_bytes(), "image/png")
        for n in range(2, 10):
            self.pages[f"/html/2303.17564/assets/x{n}.png"] = ok(
                (FIX / "derived_2303.17564_plot.png").read_bytes(), "image/png")

    def eprint(self, vid: str, body: bytes, kind: str = "application/gzip") -> None:
        """`/e-print/<vid>` answers 301 to `/src/<vid>`, as arXiv does."""
        self.pages[f"/e-print/{vid}"] = Reply(301, b"", {"Location": f"/src/{vid}"})
        self.pages[f"/src/{vid}"] = ok(body, kind)

    def pdf(self, vid: str, body: bytes) -> None:
        self.pages[f"/pdf/{vid}"] = ok(body, "application/pdf")


@contextmanager
def serve_site(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivSite]:
    """A running ArxivSite with the DECKGEN_* endpoints pointed at it, no pauses."""
    with FakeWeb() as web:
        for name in ("DECKGEN_ARXIV_URL", "DECKGEN_AR5IV_URL"):
            monkeypatch.setenv(name, web.url)
        monkeypatch.setenv("DECKGEN_ARXIV_DELAY", "0")
        monkeypatch.setenv("DECKGEN_HTTP_BACKOFF", "0")
        monkeypatch.setenv("DECKGEN_HTTP_RETRIES", "1")
        yield ArxivSite(web)


def http() -> PoliteSession:
    return PoliteSession(Endpoints.from_env())


def write_session(folder: Path, listed: list[str], picks: list[str] = (),
                  figures: dict[str, str] | None = None) -> Session:
    """A survey session.yaml listing `listed`, picking `picks`, with `figures:` choices."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["kind: survey", "event: 読み会", "date: 2026-06-17", "presenter: 山田 太郎",
             "rankings:", "  - name: Top", "    source: list", "    papers:"]
    lines += [f'      - {{id: "{pid}"}}' for pid in listed]
    lines.append("picks: [" + ", ".join(f'"{p}"' for p in picks) + "]")
    if figures:
        lines.append("papers:")
        for pid, choice in figures.items():
            lines += [f'  "{pid}":', f"    figures: {choice}"]
    (folder / "session.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_session(folder)
