"""build_session(): the whole pipeline for one session, in order, in one readable function.

fetch (what the session folder lacks) -> spec -> papers (lock) -> figures -> translations
(DeepL) -> template geometry -> plan (pure) -> render / merge -> export. Before the plan is
complete only the session's caches are written (lock and figures after each batch or figure,
translations.yaml after each DeepL batch, so nothing is fetched or paid for twice); every file
is written through a temporary file, so a failed build leaves the previous deck intact.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from deckgen.errors import LockError, OutputError
from deckgen.figures.index import load_figures
from deckgen.figures.slide_images import load_slide_images
from deckgen.model.cost import Spent
from deckgen.model.deck import Deck
from deckgen.model.history import History
from deckgen.model.paper import Paper
from deckgen.model.session import Session
from deckgen.plan.deck import PlanInput, plan_deck
from deckgen.render.drawn import drawing_code, file_digest
from deckgen.render.template import Template, load_template
from deckgen.session.affiliations import with_session_orgs
from deckgen.session.history import load_history
from deckgen.session.outputs import (
    keep_copy,
    record_written,
    refuse_open_deck,
    touched_since_written,
    up_to_date,
)
from deckgen.session.store import BUILD_DIR, load_lock
from deckgen.session.validate import load_session
from deckgen.translate.stage import translate_session

if TYPE_CHECKING:
    from deckgen.render.merge import MergeReport

# Fetching (requests), drawing, merging and PDF export are imported where they are used: an
# offline build, or one that finds its deck up to date, starts faster without them.

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class BuildOptions:
    """What `deckgen build` was asked for."""

    template: Path | None = None
    pdf: bool = True
    fresh: bool = False
    offline: bool = False  # send nothing anywhere (no DeepL either)
    force: bool = False  # write the deck even when LibreOffice or PowerPoint has it open


@dataclass
class BuildResult:
    """What a build produced and what the presenter should know about."""

    pptx: Path
    pdf: Path | None
    slides: int
    warnings: list[str] = field(default_factory=list)
    merge: str | None = None
    written: bool = True  # False: the deck was up to date and left as it was
    pdf_written: bool = True
    spent: Spent = field(default_factory=Spent)  # requests per service, DeepL characters


def build_session(session_dir: Path, options: BuildOptions | None = None, *,
                  progress: Progress | None = None,
                  figure_progress: Progress | None = None,
                  note: Callable[[str], None] | None = None) -> BuildResult:
    """Build `session_dir`'s deck into `session_dir/build/` (pptx, and pdf unless disabled).

    Unless `options.offline`, what the session folder lacks is fetched first; `progress`,
    `figure_progress` and `note` report it as `fetch_session` says.
    """
    options = options or BuildOptions()
    warnings: list[str] = []
    session = load_session(session_dir)
    out_dir = session_dir / BUILD_DIR
    pptx = out_dir / f"{session.name}.pptx"
    if pptx.is_dir():
        raise OutputError(f"{pptx}: a folder is where the deck goes; move or rename it, or set "
                          "another `name:` in session.yaml")
    if not options.force:  # before anything is fetched or written
        refuse_open_deck(pptx)
    spent = Spent()
    if not options.offline:  # figures a build cannot reach are a warning, not an error
        from deckgen.net.fetch import fetch_session

        fetched = fetch_session(session_dir, figures_must_work=False, progress=progress,
                                figure_progress=figure_progress, note=note)
        warnings += fetched.warnings
        spent.add_requests(fetched.sent)
    papers = _papers_for(session)
    figures, figure_warnings = load_figures(session_dir, papers)
    warnings += figure_warnings
    translations, credit, translation_warnings = translate_session(
        session, papers, figures, os.environ, offline=options.offline, spent=spent)
    warnings += translation_warnings
    template = load_template(options.template or session.template, session.layouts)
    images, image_warnings = load_slide_images(session)
    warnings += image_warnings
    history, history_warnings = (load_history(session_dir, before=session.date)
                                 if session.kind == "survey" else (None, []))
    warnings += history_warnings
    deck = plan_deck(PlanInput(session, papers, translations, figures, template.geometry(),
                               credit, images, history=history or History()))
    # the layouts copied in from deckgen's template, for the kinds the deck has
    warnings += template.warnings_for(slide.kind for slide in deck.slides)
    warnings += deck.warnings
    for line in deck.notes:
        log.info(line)
    content = content_key(deck, template)
    written = options.fresh or not (pptx.exists() and up_to_date(pptx, content))
    merge = None
    if written:
        if not options.force:  # again: fetching and translating took a while
            refuse_open_deck(pptx)
        from deckgen.render.render import render_deck

        rebuilt = rebuild_over(pptx, deck, template, options.fresh) if pptx.exists() else None
        merge = _merge_line(rebuilt)
        if rebuilt is None or rebuilt.report is None:
            warnings += render_deck(deck, template, pptx)
        if rebuilt is not None:
            warnings += rebuilt.warnings
        record_written(pptx, content)
        log.info("wrote %s (%d slides)", pptx, len(deck.slides))
    else:
        log.info("%s is up to date: not rewritten", pptx)
    pdf_path = pptx.with_suffix(".pdf")
    if not options.pdf and not pdf_path.exists():
        return BuildResult(pptx, None, _count(pptx), warnings, merge, written, spent=spent)
    from deckgen.pdf.export import export_pdf, pdf_is_stale

    current = not written and not pdf_is_stale(pptx, pdf_path)
    if not options.pdf:
        if pdf_path.exists() and not current:
            warnings.append(f"{pdf_path} is from an earlier build (build without --no-pdf "
                            "to renew it)")
        return BuildResult(pptx, None, _count(pptx), warnings, merge, written, spent=spent)
    if current:
        return BuildResult(pptx, pdf_path, _count(pptx), warnings, merge, written, False,
                           spent)
    # the old PDF is read (its unchanged pages are kept), then never left beside the new deck
    previous = _read_or_none(pdf_path)
    pdf_path.unlink(missing_ok=True)
    return BuildResult(pptx, export_pdf(pptx, pdf_path, previous=previous), _count(pptx),
                       warnings, merge, written, spent=spent)


def content_key(deck: Deck, template: Template) -> str:
    """A key of everything a deck is drawn from: the plan, the figures' bytes, the template
    (its file and the layouts chosen) and deckgen's drawing code (render/drawn.drawing_code).
    Equal keys draw equal decks."""
    digest = hashlib.sha256(drawing_code() + f"\n{deck!r}\n".encode())
    for slide in deck.slides:
        for picture in slide.pictures:  # a file gone since it was planned: no key matches
            digest.update(file_digest(picture.path))
    digest.update(file_digest(template.path))
    layouts = {kind: (r.layout.name, sorted(r.roles.items()))
               for kind, r in sorted(template.layouts.items())}
    digest.update(repr(layouts).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Rebuild:
    """How an existing deck was dealt with: the merge report, and where a copy went."""

    report: MergeReport | None
    copy: Path | None
    warnings: tuple[str, ...] = ()
    touched: bool = False  # saved by anyone since deckgen wrote it


def rebuild_over(pptx: Path, deck: Deck, template: Template, fresh: bool) -> Rebuild:
    """Deal with an existing deck before a build writes `pptx`.

    `fresh`: move it aside. Otherwise merge the new deck into it, after keeping a copy when
    it was saved by anyone since deckgen wrote it. A deck without deckgen's marks is moved
    aside and the caller renders a new one (report None).
    """
    if fresh:
        # a copy, not a move: the new deck replaces the file atomically, so a failed build
        # still leaves the old deck where it was
        return Rebuild(None, keep_copy(pptx))
    from deckgen.render.merge import NotADeckgenDeck, merge_edits

    touched = touched_since_written(pptx)
    copy = keep_copy(pptx) if touched else None
    try:
        report = merge_edits(pptx, deck, template, pptx, touched)
    except NotADeckgenDeck:
        if copy is None:
            copy = keep_copy(pptx)
        return Rebuild(None, copy, (f"{pptx}: holds no deckgen slide marks (built by an older "
                                    f"deckgen or another tool), so nothing could be merged; "
                                    f"it is kept as {copy.name} and a new deck was built",))
    return Rebuild(report, copy, report.warnings, touched)


def _merge_line(rebuilt: Rebuild | None) -> str | None:
    """The report line about the previous deck: merged (and how), or where it was moved."""
    if rebuilt is None:
        return None
    copy = f" (previous deck kept as {rebuilt.copy})" if rebuilt.copy else ""
    if rebuilt.report is None:
        return f"built a new deck{copy}"
    return rebuilt.report.line(rebuilt.touched) + copy


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def _count(pptx: Path) -> int:
    """Slides in the written deck (a merged deck holds the presenter's slides too)."""
    import zipfile

    with zipfile.ZipFile(pptx) as package:
        return sum(1 for n in package.namelist()
                   if n.startswith("ppt/slides/slide") and n.endswith(".xml"))


def _papers_for(session: Session) -> dict[str, Paper]:
    """Metadata of every paper the deck shows, from the lock; name every missing id at once."""
    lock = load_lock(session.dir)
    papers: dict[str, Paper] = {}
    missing: list[str] = []
    for ref in session.all_refs():
        paper = lock.papers.get(ref.base)
        if paper is None or (ref.version and paper.version != ref.version):
            missing.append(str(ref))
        else:
            papers[ref.base] = paper
    if missing:
        raise LockError(f"{session.dir / 'deckgen.lock.json'}: no metadata for "
                        f"{', '.join(missing)} (run `deckgen fetch {session.dir}`)")
    with_session_orgs(session, papers)  # an org: written since the last fetch, offline too
    return papers
