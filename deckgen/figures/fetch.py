"""fetch_figures(): the figures a deck shows, from arXiv into `figures/<id>/`, once.

Per paper the chain is arXiv HTML -> ar5iv -> e-print source -> the PDF page holding the
figure. What was found (every figure's number, caption and image locations, and the
affiliations of the HTML page) is kept in `figures/<id>/source.json`; the figures
downloaded and normalised are listed in `figures/<id>/index.json`. Only the image files
a slide needs are downloaded, and nothing is requested when they are all there.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import requests

from deckgen.figures.captions import caption_text
from deckgen.figures.catalog import SOURCE_FILE, CatalogProblem, read_catalog
from deckgen.figures.eprint import Source, SourceProblem, open_source, tex_figures
from deckgen.figures.hand import HAND, index_hand_figures
from deckgen.figures.html import (
    FoundFigure,
    affiliations_from_html,
    html_figures,
    is_latexml_page,
    pdf_figure_pages,
)
from deckgen.figures.images import (
    ImageProblem,
    PixelBudget,
    decode,
    normalise,
    render_pdf_page,
    sniff,
)
from deckgen.figures.pixels import pixel_hash
from deckgen.limits import MAX_EPRINT_BYTES, MAX_FIGURE_IMAGES, MAX_IMAGE_BYTES, MAX_PAGE_BYTES
from deckgen.model.figures import shown_figure_numbers
from deckgen.model.paper import Paper
from deckgen.model.session import Session
from deckgen.net.http import AnswerTooLargeError, PoliteSession
from deckgen.session.store import (
    CAPTION_HASH,
    FIGURE_INDEX,
    IMAGE_HASH,
    PIXEL_HASH,
    caption_by_hand,
    figures_dir,
    image_by_hand,
    image_hash,
    read_figure_rows,
    text_hash,
    unreadable_index,
    write_atomic,
)

log = logging.getLogger(__name__)

MAX_PAGE, MAX_IMAGE, MAX_EPRINT = MAX_PAGE_BYTES, MAX_IMAGE_BYTES, MAX_EPRINT_BYTES
PDF_SEARCH = 40  # figure numbers looked for in a PDF


class FetchProblem(Exception):
    """A download that cannot be used (too large, refused), said in one line."""


@dataclass(frozen=True)
class FigureFetchResult:
    """What a figure fetch stored and what the presenter should know."""

    fetched: dict[str, int] = field(default_factory=dict)  # paper id -> figures stored
    warnings: list[str] = field(default_factory=list)
    affiliations: dict[str, list[str]] = field(default_factory=dict)  # from the HTML page


def fetch_figures(session: Session, papers: Mapping[str, Paper], http: PoliteSession, *,
                  refresh: bool = False,
                  progress: Callable[[str], None] | None = None) -> FigureFetchResult:
    """Download, normalise and index the figures the deck needs; see the module docstring.

    A failed figure is a warning; a service that stays unreachable raises NetworkError
    (papers finished before it keep their figures).
    """
    result = FigureFetchResult()
    for pid, paper in papers.items():
        job = _PaperJob(session.dir, paper, http, refresh, progress or (lambda _m: None))
        job.run(shown_figure_numbers(session, pid))
        result.fetched[pid] = len(job.rows)
        result.warnings.extend(job.warnings)
        if not job.broken:  # after the paper's own figures: yours are numbered after them
            result.warnings.extend(index_hand_figures(session.dir, pid)[0])
        if job.catalog and job.catalog.get("affiliations"):
            result.affiliations[pid] = list(job.catalog["affiliations"])
    return result


def load_catalog(session_dir: Path, pid: str) -> dict[str, Any] | None:
    """`figures/<id>/source.json`: how the figures were found, or None; CatalogProblem."""
    return read_catalog(figures_dir(session_dir, pid) / SOURCE_FILE, pid)


class _PaperJob:
    """The figures of one paper: what is there, what is missing, how to get it."""

    def __init__(self, session_dir: Path, paper: Paper, http: PoliteSession, refresh: bool,
                 progress: Callable[[str], None]) -> None:
        self.paper, self.http, self.refresh, self.progress = paper, http, refresh, progress
        self.folder = figures_dir(session_dir, paper.id)
        self.corrected: dict[int, str] = {}  # captions the presenter rewrote, by number
        self.own_files: set[str] = set()  # files deckgen wrote; any other is the presenter's
        self.warnings: list[str] = []
        # a damaged index.json or source.json: the paper is left alone, the file unchanged
        self.broken: str | None = None
        self.rows = self._existing_rows()
        try:
            self.catalog = None if refresh else load_catalog(session_dir, paper.id)
        except CatalogProblem as exc:
            self.catalog, self.broken = None, str(exc)
        self.payload: bytes | None = None  # the e-print or PDF, once downloaded
        self.source: Source | None = None

    def _existing_rows(self) -> dict[int, dict[str, Any]]:
        try:
            rows = read_figure_rows(self.folder)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            self.broken = unreadable_index(self.folder, self.paper.id, exc)
            return {}
        # a figure fetched again (--refresh, or its file gone) keeps the presenter's caption
        self.corrected = {r["number"]: r.get("caption") or "" for r in rows
                          if r.get("method") and caption_by_hand(r)}
        self.own_files = {r["file"] for r in rows if r.get("method") not in (None, HAND)}
        present = {r["number"]: r for r in rows if (self.folder / r["file"]).is_file()}
        if not self.refresh:
            return present
        # --refresh fetches deckgen's figures again; rows added by hand and images the
        # presenter replaced stay as they are
        return {n: r for n, r in present.items()
                if r.get("method") in (None, HAND) or self._mine(r)}

    def _mine(self, row: dict[str, Any]) -> bool:
        """True (and one info line) when the presenter replaced the image of a fetched row."""
        if not image_by_hand(self.folder / row["file"], row):
            return False
        log.info("%s Figure %s: your image %s is kept (delete it to fetch the figure again)",
                 self.paper.id, row["number"], self.folder / row["file"])
        return True

    def _known(self) -> dict[int, dict[str, Any]]:
        return {f["number"]: f for f in (self.catalog or {}).get("figures", [])}

    def _missing(self, wanted: tuple[int, ...] | None) -> list[int] | None:
        """Numbers still to download; None when the catalog must be read first."""
        known = self._known()
        # a figure that could not be made into an image stays skipped until --refresh,
        # so a build does not download the same e-print again and again
        failed = {int(n) for n in (self.catalog or {}).get("failed", {})}
        if wanted is None:
            if self.catalog is None:
                return None
            return [n for n, f in known.items()
                    if f.get("images") and n not in self.rows and n not in failed]
        todo = [n for n in wanted if n not in self.rows and n not in failed]
        if todo and self.catalog is None:
            return None
        return todo

    def run(self, wanted: tuple[int, ...] | None) -> None:
        if wanted == ():
            return
        if self.broken:
            self.warnings.append(self.broken)
            return
        todo = self._missing(wanted)
        if todo == []:
            return
        if todo is None:
            self.catalog = self._discover()
            self._save_catalog()
            todo = self._missing(wanted) or []
        known = self._known()
        for number in todo:
            found = known.get(number)
            if found is None and not known and self.catalog and not self.catalog.get("method"):
                continue  # nothing was found at all: one warning above says so
            if found is None:
                self.warnings.append(f"{self.paper.id}: the paper has no Figure {number} "
                                     f"(found: {sorted(known) or 'none'}); check `figures:` "
                                     "in session.yaml")
            elif not found.get("images"):
                self.warnings.append(f"{self.paper.id}: Figure {number} "
                                     f"{found.get('note') or 'has no image'}; skipped")
            else:
                if self._store(FoundFigure(number, found.get("caption") or "",
                                           tuple(found["images"]), None, found.get("page"))):
                    self._save_index()  # after each figure: an interruption keeps it


    # --- finding the figures ---------------------------------------------------------------
    def _discover(self) -> dict[str, Any]:
        ep, vid = self.http.endpoints, self.paper.versioned_id
        catalog: dict[str, Any] = {"id": self.paper.id, "version": self.paper.version,
                                   "affiliations": []}
        for method, url in (("html", f"{ep.arxiv}/html/{vid}"),
                            ("ar5iv", f"{ep.ar5iv}/html/{self.paper.id}")):
            self.progress(f"{self.paper.id}: looking for figures in {url}")
            page = self._try(url, MAX_PAGE, "HTML page")
            if page is None or not is_latexml_page(page):
                continue
            if not catalog["affiliations"]:
                catalog["affiliations"] = affiliations_from_html(page)
            figures = html_figures(page, url, ep.serves_figures)  # other hosts: a note
            if figures:
                return {**catalog, "method": method, "url": url,
                        "figures": [asdict(f) for f in figures]}
        url = f"{ep.arxiv}/e-print/{vid}"
        self.progress(f"{self.paper.id}: looking for figures in the source {url}")
        self.payload = self._try(url, MAX_EPRINT, "e-print")
        if self.payload is not None:
            try:
                self.source = open_source(self.payload)
            except SourceProblem as exc:
                self.warnings.append(f"{self.paper.id}: e-print {url}: {exc}; trying the PDF")
                self.source = None
            for item in self.source.refused if self.source else []:
                self.warnings.append(f"{self.paper.id}: e-print member refused: {item}")
            if self.source and self.source.kind != "pdf":
                try:
                    figures = tex_figures(self.source)
                except SourceProblem as exc:  # e.g. .tex files that include one another
                    self.warnings.append(f"{self.paper.id}: e-print {url}: {exc}; trying the PDF")
                    figures = []
                # EPS cannot be drawn here (no permissive renderer): a source whose figures
                # are all EPS goes on to the PDF, where the same figures can be rendered
                if any(_drawable(f.images) for f in figures):
                    return {**catalog, "method": "eprint", "url": url,
                            "figures": [asdict(f) for f in figures]}
            if self.source and self.source.pdf:
                self.payload = self.source.pdf
                return self._pdf_catalog(catalog, url)
        url = f"{ep.arxiv}/pdf/{vid}"
        self.progress(f"{self.paper.id}: rendering figure pages of {url}")
        self.payload = self._try(url, MAX_EPRINT, "PDF")
        if self.payload is None:
            self.warnings.append(f"{self.paper.id}: no HTML, source or PDF found on arXiv "
                                 f"for {vid}; no figures (put your own PNG, JPEG, GIF or SVG "
                                 f"files into {self.folder}: the next fetch or build numbers "
                                 "them, `deckgen figures` lists them)")
            return {**catalog, "method": None, "url": None, "figures": []}
        return self._pdf_catalog(catalog, url)

    def _pdf_catalog(self, catalog: dict[str, Any], url: str) -> dict[str, Any]:
        try:
            pages = pdf_figure_pages(self.payload or b"", list(range(1, PDF_SEARCH + 1)), url)
        except ImageProblem as exc:
            self.warnings.append(f"{self.paper.id}: {exc}; no figures")
            pages = {}
        figures = [{**asdict(f), "images": [url]} for _, f in sorted(pages.items())]
        return {**catalog, "method": "pdf", "url": url, "figures": figures}

    def _save_index(self) -> None:
        rows = [self.rows[n] for n in sorted(self.rows)]
        write_atomic(self.folder / FIGURE_INDEX,
                     (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode())

    def _save_catalog(self) -> None:
        text = json.dumps(self.catalog, ensure_ascii=False, indent=2) + "\n"
        write_atomic(self.folder / SOURCE_FILE, text.encode("utf-8"))

    # --- getting one figure ----------------------------------------------------------------
    def _store(self, fig: FoundFigure) -> bool:
        """Download, normalise and write one figure; False (and a warning) when it fails."""
        method = (self.catalog or {}).get("method")
        name = f"{self.paper.id} Figure {fig.number}"
        self.progress(f"{name} ({method})")
        try:
            images, photo, pixels = [], True, PixelBudget(name)  # for all its images
            if len(fig.images) > MAX_FIGURE_IMAGES:
                raise FetchProblem(f"{name}: {len(fig.images)} images, more than the "
                                   f"{MAX_FIGURE_IMAGES} downloaded for one figure")
            for where in fig.images:
                data = self._image_bytes(method, where, fig)
                kind = sniff(data)
                photo = photo and kind == "jpeg"
                images.append(render_pdf_page(data, fig.page or 0, name, pixels)
                              if method == "pdf"
                              else decode(data, f"{name} ({where.rsplit('/', 1)[-1]})", pixels))
            out = normalise(images, photo_hint=photo)
        except (ImageProblem, FetchProblem, SourceProblem) as exc:
            self.warnings.append(f"{exc}; Figure {fig.number} of {self.paper.id} skipped"
                                 " (`deckgen fetch --refresh` tries again)")
            if self.catalog is not None and not isinstance(exc, FetchProblem):
                self.catalog.setdefault("failed", {})[str(fig.number)] = str(exc)
                self._save_catalog()
            return False
        file = f"fig{fig.number}.{out.ext}"
        if (self.folder / file).exists() and file not in self.own_files:
            file = f"fig{fig.number}-arxiv.{out.ext}"  # the presenter's file keeps its name
        for old in self.folder.glob(f"fig{fig.number}[.-]*"):
            if old.name != file and old.name in self.own_files:
                old.unlink()
        self.own_files.add(file)
        write_atomic(self.folder / file, out.data)
        source_url = (fig.images[0] if method in ("html", "ar5iv")
                      else (self.catalog or {}).get("url"))
        found = caption_text(fig.caption)  # LaTeX left in a caption becomes text
        caption = self.corrected.get(fig.number, found)
        if caption != found:
            log.info("%s: your caption in %s is kept (deckgen fetched another)", name,
                     self.folder / FIGURE_INDEX)
        # the hash of deckgen's caption, not the one kept: a correction stays the presenter's
        self.rows[fig.number] = {"number": fig.number, "file": file, "caption": caption,
                                 CAPTION_HASH: text_hash(found),
                                 IMAGE_HASH: image_hash(out.data),
                                 PIXEL_HASH: pixel_hash(out.data),
                                 "source_url": source_url, "method": method,
                                 "width": out.width, "height": out.height}
        return True

    def _image_bytes(self, method: str | None, where: str, fig: FoundFigure) -> bytes:
        if method in ("html", "ar5iv"):
            if not self.http.endpoints.serves_figures(where):  # a catalog from before the rule
                raise FetchProblem(f"{where}: not on arXiv or a configured endpoint; not fetched")
            data = self._download(where, MAX_IMAGE, "image")
            if data is None:
                raise FetchProblem(f"{where}: not found (HTTP 404)")
            return data
        if self.payload is None:  # a later fetch: the source is downloaded again
            url = (self.catalog or {}).get("url") or ""
            payload = self._download(url, MAX_EPRINT, "e-print")
            if payload is None:
                raise FetchProblem(f"{url}: not found (HTTP 404)")
            self.payload = payload
            if not payload.startswith(b"%PDF"):
                self.source = open_source(payload)
                self.payload = self.source.pdf
        if method == "pdf":
            return self.payload or b""
        if self.source is None:
            self.source = open_source(self.payload)
        if where not in self.source.files:
            raise FetchProblem(f"{where}: not in the e-print")
        return self.source.files[where]

    def _try(self, url: str, cap: int, what: str) -> bytes | None:
        """Like `_download`, but a refused download is a warning and None (try the next)."""
        try:
            return self._download(url, cap, what)
        except FetchProblem as exc:
            self.warnings.append(f"{self.paper.id}: {exc}")
            return None

    def _download(self, url: str, cap: int, what: str) -> bytes | None:
        """The body of `url`, or None on 404/410; FetchProblem when larger than `cap`."""
        try:  # read within `cap` bytes after decompression, and the deadline
            response = self.http.get(url, max_bytes=cap)
        except AnswerTooLargeError as exc:
            size = f" of {_size(exc.size)}" if exc.size is not None else ""
            raise FetchProblem(f"{url}: {what}{size} is over the {_size(cap)} limit") from None
        except requests.RequestException as exc:  # e.g. a URL requests cannot send
            raise FetchProblem(f"{url}: download broke off ({type(exc).__name__})") from None
        if response.status_code in (404, 410):
            return None
        if response.status_code >= 400:
            raise FetchProblem(f"{url}: HTTP {response.status_code}")
        return response.content


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n} bytes"


def _drawable(images: tuple[str, ...] | list[str]) -> bool:
    """True when a figure has an image file other than PostScript."""
    return bool(images) and not all(i.lower().endswith((".eps", ".ps")) for i in images)
