"""The `deckgen` command: parse options, call one library function, print one line."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from .errors import DeckgenError

log = logging.getLogger("deckgen")


class _Group(click.Group):
    """A click group that turns any unexpected error into one line instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("deckgen: interrupted; files already written are complete", err=True)
            ctx.exit(130)
        except Exception as exc:  # a bug: say so in one line, the traceback only with -v
            if log.isEnabledFor(logging.DEBUG):
                raise
            raise DeckgenError(f"internal error: {type(exc).__name__}: {exc} "
                               "(run with -v for details and report it)") from None


@click.group(cls=_Group)
@click.version_option(package_name="deckgen")
@click.option("-v", "--verbose", is_flag=True, help="Show progress and details.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.pass_context
def main(ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Make slide decks for paper reading groups from arXiv rankings."""
    level = logging.DEBUG if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    ctx.obj = {"quiet": quiet}


def _warn(messages: list[str]) -> None:
    for message in messages:
        click.echo(f"warning: {message}", err=True)


@main.command()
@click.argument("session_dir", type=click.Path(path_type=Path), default=".")
@click.option("--template", type=click.Path(path_type=Path),
              help="A .pptx whose layouts to use (default: the spec's `template:`, "
                   "else deckgen's own).")
@click.option("--pdf/--no-pdf", default=True, show_default=True,
              help="Also write the PDF through LibreOffice.")
@click.pass_context
def build(ctx: click.Context, session_dir: Path, template: Path | None, pdf: bool) -> None:
    """Build SESSION_DIR's deck into SESSION_DIR/build/ (pptx and pdf)."""
    from .build import BuildOptions, build_session

    if not (session_dir / "session.yaml").is_file():
        raise DeckgenError(f"{session_dir}: no session.yaml here (pass a session folder, "
                           "e.g. `deckgen build sessions/2026-06`)")
    result = build_session(session_dir, BuildOptions(template=template, pdf=pdf))
    _warn(result.warnings)
    if not ctx.obj["quiet"]:
        outputs = ", ".join(str(p) for p in (result.pptx, result.pdf) if p)
        click.echo(f"built {result.slides} slides: {outputs}")


@main.command()
@click.argument("template", type=click.Path(path_type=Path), required=False)
def layouts(template: Path | None) -> None:
    """List a template's layouts and their placeholders (idx, type, name)."""
    from .layouts import DEFAULT_TEMPLATE, LAYOUT_NAMES, describe_layouts

    path = template or DEFAULT_TEMPLATE
    kinds = {name: kind for kind, name in LAYOUT_NAMES.items()}
    click.echo(f"{path}")
    for info in describe_layouts(path):
        used = f"  (deckgen: {kinds[info.name]} slides)" if info.name in kinds else ""
        click.echo(f"layout '{info.name}'{used}")
        for ph in info.placeholders:
            click.echo(f"  idx {ph.idx:>3}  {ph.type:<14} {ph.name}")


@main.command()
@click.option("--stop", is_flag=True, help="Stop the running server and its LibreOffice.")
@click.option("--status", is_flag=True, help="Say whether a server runs, and its memory.")
def serve(stop: bool, status: bool) -> None:
    """Start a warm LibreOffice server in the background; builds then use it for the PDF."""
    from . import server
    from .export import require_soffice

    if stop:
        click.echo("stopped the conversion server" if server.stop_server()
                   else "no conversion server was running")
        return
    if status:
        now = server.server_status()
        extra = f", {now.rss_mb:.0f} MiB, LibreOffice {now.libreoffice}" if now.ready else ""
        click.echo(f"conversion server: {now.detail}{extra}")
        if not now.ready:
            raise click.exceptions.Exit(1)
        return
    state = server.start_server(require_soffice())
    click.echo(f"conversion server ready on 127.0.0.1:{state.port} (pid {state.pid}); "
               "stop it with `deckgen serve --stop`")


@main.command()
@click.argument("session_dir", type=click.Path(path_type=Path), default=".")
def check(session_dir: Path) -> None:
    """Render SESSION_DIR's built deck and report what is wrong, slide by slide."""
    from .check import check_session

    report = check_session(session_dir)
    for problem in report.problems:
        where = f"slide {problem.slide}" if problem.slide else "deck"
        click.echo(f"{where}: {problem.check}: {problem.message}")
    if report.problems:
        slides = len({p.slide for p in report.problems if p.slide})
        click.echo(f"{report.pdf}: {len(report.problems)} problems on {slides} of "
                   f"{report.slides} slides", err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"{report.pdf}: {report.slides} slides, no problems found")


@main.command()
@click.argument("session_dir", type=click.Path(path_type=Path), default=".")
def preview(session_dir: Path) -> None:
    """Write SESSION_DIR/build/preview.png: every slide as a numbered thumbnail."""
    from .check import deck_paths
    from .export import export_pdf
    from .preview import make_preview

    pptx, pdf = deck_paths(session_dir)
    if not pdf.is_file() or pdf.stat().st_mtime < pptx.stat().st_mtime:
        export_pdf(pptx, pdf)
    sheet = make_preview(pdf, pdf.parent / "preview.png")
    click.echo(f"wrote {sheet.path} ({sheet.slides} slides)")


@main.command()
@click.argument("session_dir", type=click.Path(path_type=Path), required=False)
def doctor(session_dir: Path | None) -> None:
    """Check LibreOffice, Japanese fonts, the warm server, endpoints and a session's files."""
    from .doctor import FAIL, diagnose

    if session_dir is None and Path("session.yaml").is_file():
        session_dir = Path(".")
    findings = diagnose(session_dir)
    for f in findings:
        click.echo(f"{f.status:<4}  {f.label}: {f.detail}")
        if f.fix and f.status != "ok":
            click.echo(f"      fix: {f.fix}")
    if any(f.status == FAIL for f in findings):
        raise click.exceptions.Exit(1)
