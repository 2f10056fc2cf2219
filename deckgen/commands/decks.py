"""Commands on a session's deck: build, watch, check, preview."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from deckgen.commands.common import need_session, progress_bars, say, warn
from deckgen.commands.complete import session_folders
from deckgen.commands.output import Command, output

if TYPE_CHECKING:
    from deckgen.build import BuildResult


@click.command(cls=Command)
@click.argument("session_dir", type=click.Path(path_type=Path), default=".",
                shell_complete=session_folders)
@click.option("--template", type=click.Path(path_type=Path),
              help="A .pptx whose layouts to use (default: the spec's `template:`, "
                   "else deckgen's own).")
@click.option("--pdf/--no-pdf", default=True, show_default=True,
              help="Also write the PDF through LibreOffice.")
@click.option("--offline", is_flag=True,
              help="Use only what the session folder holds; fetch nothing.")
@click.option("--fresh", is_flag=True,
              help="Regenerate every slide; a copy of the existing deck is kept as "
                   "build/<name>.<timestamp>.pptx first.")
@click.option("--force", is_flag=True,
              help="Write the deck even when LibreOffice or PowerPoint has it open (their "
                   "lock file is beside it).")
@click.pass_context
def build(ctx: click.Context, session_dir: Path, template: Path | None, pdf: bool,
          offline: bool, fresh: bool, force: bool) -> None:
    """Build the deck (pptx and pdf) into SESSION_DIR/build/.

    Papers missing from the lock are fetched first (unless --offline). An existing deck is
    rebuilt in place: slides you edited, added, deleted or moved stay as you left them (see
    the report line); --fresh starts over. A deck open in LibreOffice or PowerPoint is not
    written under (close it, or pass --force).
    """
    from deckgen.build import BuildOptions, build_session

    need_session(session_dir, "build")
    with progress_bars(ctx) as (progress, figures):
        result = build_session(session_dir, BuildOptions(template=template, pdf=pdf,
                                                         fresh=fresh, offline=offline,
                                                         force=force),
                               progress=progress, figure_progress=figures,
                               note=figures.note)
    warn(ctx, result.warnings)
    if result.merge and not output(ctx).quiet:
        click.echo(result.merge)
    if not output(ctx).quiet:
        click.echo(f"{_built_line(result)}; {result.spent.line()}")


@click.command(cls=Command)
@click.argument("session_dir", type=click.Path(path_type=Path), default=".",
                shell_complete=session_folders)
@click.option("--template", type=click.Path(path_type=Path),
              help="A .pptx whose layouts to use (default: the spec's `template:`).")
@click.option("--pdf/--no-pdf", default=True, show_default=True,
              help="Also write the PDF and build/preview.png after each build.")
@click.option("--offline", is_flag=True,
              help="Use only what the session folder holds; fetch nothing.")
@click.pass_context
def watch(ctx: click.Context, session_dir: Path, template: Path | None, pdf: bool,
          offline: bool) -> None:
    """Rebuild whenever session.yaml, translations or figures change.

    Builds once at the start, then after each saved change to session.yaml,
    translations.yaml or a file under figures/ (a burst of saves is one build). With the
    PDF (the default) it writes build/preview.png again after each build that changed the
    deck. Each build is one line with the time; a build that fails says why and the watch
    goes on. Ctrl-C stops it: files already written are complete.
    """
    from deckgen.build import BuildOptions, build_session
    from deckgen.errors import DeckgenError
    from deckgen.watch import watch_session

    need_session(session_dir, "watch")
    options = BuildOptions(template=template, pdf=pdf, offline=offline)

    def rebuild() -> None:
        try:
            with progress_bars(ctx) as (progress, figures):
                result = build_session(session_dir, options, progress=progress,
                                       figure_progress=figures, note=figures.note)
            warn(ctx, result.warnings)
            if result.merge:
                say(ctx, result.merge)
            line = f"{_built_line(result)}; {result.spent.line()}"
            if result.pdf is not None and (result.written or result.pdf_written):
                from deckgen.pdf.preview import make_preview

                sheet = make_preview(result.pdf, result.pdf.parent / "preview.png")
                line += f"; wrote {sheet.path}"
            say(ctx, f"{time.strftime('%H:%M:%S')} {line}")
        except DeckgenError as exc:  # the presenter is mid-edit: say it, keep watching
            click.echo(f"{time.strftime('%H:%M:%S')} Error: {exc.message}", err=True)

    say(ctx, f"watching {session_dir}: session.yaml, translations.yaml, figures/ "
             "(Ctrl-C stops)", err=True)
    watch_session(session_dir, rebuild)


def _built_line(result: BuildResult) -> str:
    """The last line of `deckgen build`, before what it cost: what was written, or that
    nothing needed to be."""
    if result.written:
        outputs = ", ".join(str(p) for p in (result.pptx, result.pdf) if p)
        return f"built {result.slides} slides: {outputs}"
    line = "up to date: no content change and no edit since the last build; "
    if result.pdf is None:
        return line + f"{result.pptx} left as it is ({result.slides} slides)"
    if result.pdf_written:
        return line + f"{result.pptx} left as it is ({result.slides} slides), wrote {result.pdf}"
    return line + f"{result.pptx} and {result.pdf} left as they are ({result.slides} slides)"


@click.command(cls=Command)
@click.argument("session_dir", type=click.Path(path_type=Path), default=".",
                shell_complete=session_folders)
@click.pass_context
def check(ctx: click.Context, session_dir: Path) -> None:
    """Report what is wrong on the built deck, slide by slide.

    Renders SESSION_DIR's deck to PDF when the PDF is missing or older than the deck, then
    compares the two: text outside a slide or overlapping, characters drawn as boxes, fonts,
    empty placeholders, links. Exit code 1 when it finds a problem.
    """
    from deckgen.pdf.check import check_session

    report = check_session(session_dir)
    for problem in report.problems:
        where = f"slide {problem.slide}" if problem.slide else "deck"
        click.echo(f"{where}: {problem.check}: {problem.message}")
    if report.problems:
        slides = len({p.slide for p in report.problems if p.slide})
        click.echo(f"{report.pdf}: {len(report.problems)} problems on {slides} of "
                   f"{report.slides} slides", err=True)
        raise click.exceptions.Exit(1)
    say(ctx, f"{report.pdf}: {report.slides} slides, no problems found")


@click.command(cls=Command)
@click.argument("session_dir", type=click.Path(path_type=Path), default=".",
                shell_complete=session_folders)
@click.pass_context
def preview(ctx: click.Context, session_dir: Path) -> None:
    """Write build/preview.png: every slide as a thumbnail.

    SESSION_DIR/build/preview.png shows each slide of the deck, numbered; the PDF is
    rendered first when it is missing or older than the deck.
    """
    from deckgen.pdf.check import deck_paths
    from deckgen.pdf.export import renew_pdf
    from deckgen.pdf.preview import make_preview

    pptx, pdf = deck_paths(session_dir)
    renew_pdf(pptx, pdf)
    sheet = make_preview(pdf, pdf.parent / "preview.png")
    say(ctx, f"wrote {sheet.path} ({sheet.slides} slides)")
