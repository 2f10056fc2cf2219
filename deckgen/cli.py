"""The `deckgen` command: parse options, call one library function, print one line."""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from deckgen.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, DeckgenError, Stopped
from deckgen.interrupts import stop_signals_raise

if TYPE_CHECKING:
    from deckgen.build import BuildResult

log = logging.getLogger("deckgen")


class _Reported(click.ClickException):
    """A DeckgenError as click prints it: `Error: <message>` on stderr, then its exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class _Group(click.Group):
    """Maps deckgen's errors to one line and an exit code (see errors.EXIT_CODES)."""

    def invoke(self, ctx: click.Context):
        try:
            with stop_signals_raise():  # SIGTERM and SIGHUP unwind like Ctrl-C
                return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except DeckgenError as exc:
            raise _Reported(exc.message, exc.exit_code) from None
        except KeyboardInterrupt:
            _last_words("deckgen: interrupted; files already written are complete")
            ctx.exit(EXIT_INTERRUPTED)
        except Stopped as exc:
            _last_words(f"deckgen: stopped by {exc.name}; files already written are complete, "
                        "nothing half-written is left")
            ctx.exit(exc.exit_code)
        except Exception as exc:  # a bug: say so in one line, the traceback only with -v
            if log.isEnabledFor(logging.DEBUG):
                raise
            raise _Reported(f"internal error: {type(exc).__name__}: {exc} "
                            "(run with -v for details and report it)", EXIT_INTERNAL) from None


def _last_words(message: str) -> None:
    """One line on stderr on the way out; a terminal that has gone (SIGHUP) is no error."""
    with contextlib.suppress(OSError):
        click.echo(message, err=True)


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


def _need_session(session_dir: Path, command: str) -> None:
    if not (session_dir / "session.yaml").is_file():
        raise DeckgenError(f"{session_dir}: no session.yaml here (pass a session folder, "
                           f"e.g. `deckgen {command} sessions/2026-06`)")


class _Progress:
    """A progress bar on a terminal; silent when not a TTY or with -q."""

    def __init__(self, ctx: click.Context, label: str) -> None:
        self.enabled = not ctx.obj["quiet"] and sys.stderr.isatty()
        self.label = label
        self.bar = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@contextlib.contextmanager
def _progress_bars(ctx: click.Context):
    """(metadata, figures) progress bars, closed whatever happens."""
    bars = (_Progress(ctx, "arXiv metadata"), _Progress(ctx, "figures      "))
    try:
        yield bars
    finally:
        for bar in bars:
            bar.close()


@main.command()
@click.argument("month")
@click.option("--source", "sources", multiple=True, metavar="NAME[:KEY=VALUE,...]",
              help="A ranking to freeze (repeatable): hf-daily:month=2026-10, "
                   "hf-daily:week=2026-W41, hf-daily:date=2026-06-12, hf-trending, "
                   "pwc-trending:days=30, arxiv:cat=cs.LG, arxiv-listing:cats=cs.LG+cs.AI, "
                   "list:FILE_OR_URL_OR_IDS.")
@click.option("--top", default=10, show_default=True, help="Papers per ranking.")
@click.option("--event", help="Event name (default: AI最新論文読み会 YYYY年M月).")
@click.option("--presenter", help="Your name.")
@click.option("--affiliation", help="Your affiliation.")
@click.option("--date", "date", type=click.DateTime(["%Y-%m-%d"]),
              help="The meeting's date (default: today).")
@click.option("--kind", type=click.Choice(["survey", "single"]), default="survey",
              show_default=True)
@click.option("--paper", help="The paper of a single-paper deck (--kind single).")
@click.option("--dir", "root", type=click.Path(path_type=Path), default=Path("sessions"),
              show_default=True, help="Where session folders live.")
@click.pass_context
def new(ctx: click.Context, month: str, sources: tuple[str, ...], top: int, event: str | None,
        presenter: str | None, affiliation: str | None, date, kind: str, paper: str | None,
        root: Path) -> None:
    """Create ROOT/MONTH/session.yaml with the rankings frozen now (MONTH: 2026-10)."""
    from deckgen.new import NewOptions, new_session

    result = new_session(NewOptions(
        month=month, root=root, sources=sources, top=top, event=event, presenter=presenter,
        affiliation=affiliation, date=date.date() if date else None, kind=kind, paper=paper))
    if not ctx.obj["quiet"]:
        counts = ", ".join(f"{r.name}: {len(r.papers)}" for r in result.rankings)
        click.echo(f"wrote {result.file}" + (f" ({counts})" if counts else "")
                   + "; edit it, then `deckgen build " + str(result.file.parent) + "`")


@main.command()
@click.argument("source", metavar="NAME[:KEY=VALUE,...]")
@click.option("--top", default=10, show_default=True, help="How many papers to show.")
def rank(source: str, top: int) -> None:
    """Print a ranking now (rank, id, signal, title); writes nothing."""
    from deckgen.net.http import PoliteSession
    from deckgen.net.sources import SOURCES, parse_source_option
    from deckgen.net.sources import rank as take_ranking

    if source in ("help", "list-sources"):
        for name, module in SOURCES.items():
            click.echo(f"{name:<14} {module.ABOUT}  (e.g. {module.EXAMPLE})")
        return
    result = take_ranking(parse_source_option(source), top, PoliteSession())
    click.echo(f"# {result.name}: {result.description}")
    if not result.papers:
        click.echo("# (no papers)")
    for i, paper in enumerate(result.papers, 1):
        click.echo(f"{i:>3}  {str(paper.ref):<18} {paper.signal or '':>10}  {paper.title or ''}")


@main.command()
@click.argument("session_dir", type=click.Path(path_type=Path), default=".")
@click.option("--refresh", is_flag=True, help="Fetch everything again (new arXiv versions).")
@click.option("--offline", is_flag=True, help="Send nothing; fail if the lock lacks something.")
@click.pass_context
def fetch(ctx: click.Context, session_dir: Path, refresh: bool, offline: bool) -> None:
    """Fetch arXiv metadata (into deckgen.lock.json) and the figures SESSION_DIR needs."""
    _need_session(session_dir, "fetch")
    if refresh and offline:
        raise DeckgenError("--refresh and --offline contradict each other (drop one)")
    from deckgen.net.fetch import fetch_session

    with _progress_bars(ctx) as (progress, figures):
        result = fetch_session(session_dir, refresh=refresh, offline=offline,
                               progress=progress, figure_progress=figures)
    _warn(result.warnings)
    if not ctx.obj["quiet"]:
        if result.requests:
            click.echo(f"{session_dir}: metadata of {len(result.fetched)} papers fetched, "
                       f"{result.figures} figures in figures/; {result.requests} request(s)")
        else:
            click.echo(f"{session_dir}: everything is here already; nothing fetched")


@main.command()
@click.argument("session_dir", type=click.Path(path_type=Path), default=".")
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
    """Build SESSION_DIR's deck into SESSION_DIR/build/ (pptx and pdf).

    Papers missing from the lock are fetched first (unless --offline). An existing deck is
    rebuilt in place: slides you edited, added, deleted or moved stay as you left them (see
    the report line); --fresh starts over. A deck open in LibreOffice or PowerPoint is not
    written under (close it, or pass --force).
    """
    from deckgen.build import BuildOptions, build_session

    _need_session(session_dir, "build")
    with _progress_bars(ctx) as (progress, figures):
        result = build_session(session_dir, BuildOptions(template=template, pdf=pdf,
                                                         fresh=fresh, offline=offline,
                                                         force=force),
                               progress=progress, figure_progress=figures)
    _warn(result.warnings)
    if result.merge and not ctx.obj["quiet"]:
        click.echo(result.merge)
    if not ctx.obj["quiet"]:
        click.echo(_built_line(result))


def _built_line(result: BuildResult) -> str:
    """The last line of `deckgen build`: what was written, or that nothing needed to be."""
    if result.written:
        outputs = ", ".join(str(p) for p in (result.pptx, result.pdf) if p)
        return f"built {result.slides} slides: {outputs}"
    line = "up to date: no content change and no edit since the last build; "
    if result.pdf is None:
        return line + f"{result.pptx} left as it is ({result.slides} slides)"
    if result.pdf_written:
        return line + f"{result.pptx} left as it is ({result.slides} slides), wrote {result.pdf}"
    return line + f"{result.pptx} and {result.pdf} left as they are ({result.slides} slides)"


@main.command()
@click.argument("template", type=click.Path(path_type=Path), required=False)
def layouts(template: Path | None) -> None:
    """List a template's layouts and their placeholders (idx, type, name)."""
    from deckgen.render.template import DEFAULT_TEMPLATE, LAYOUT_NAMES, describe_layouts

    path = template or DEFAULT_TEMPLATE
    kinds = {name: kind for kind, name in LAYOUT_NAMES.items()}
    click.echo(f"{path}")
    for info in describe_layouts(path):
        used = f"  (deckgen: {kinds[info.name]} slides)" if info.name in kinds else ""
        click.echo(f"layout '{info.name}'{used}")
        for ph in info.placeholders:
            click.echo(f"  idx {ph.idx:>3}  {ph.type:<14} {ph.name}")


@main.command()
def schema() -> None:
    """Print the JSON Schema of session.yaml (editors complete and check the file with it)."""
    from deckgen.session.jsonschema import schema_text

    click.echo(schema_text(), nl=False)


@main.command()
@click.argument("session_dir", type=click.Path(path_type=Path), default=".")
@click.argument("paper_id", required=False)
def figures(session_dir: Path, paper_id: str | None) -> None:
    """List the figures available for SESSION_DIR's papers (or one PAPER_ID)."""
    from deckgen.figures.fetch import list_figures
    from deckgen.model.figures import shown_figure_numbers
    from deckgen.model.ids import parse_arxiv_id
    from deckgen.session.validate import load_session

    session = load_session(session_dir)
    refs = session.all_refs()
    if paper_id is not None:
        ref = parse_arxiv_id(paper_id)
        if ref is None or ref.base not in {r.base for r in refs}:
            raise DeckgenError(f"{session.file}: '{paper_id}' is not a paper of this session "
                               f"(one of: {', '.join(r.base for r in refs) or 'none'})")
        refs = [ref]
    for ref in refs:
        wanted = shown_figure_numbers(session, ref.base)
        shown = "all" if wanted is None else (", ".join(map(str, wanted)) or "none")
        click.echo(f"{ref.base}  (deck shows: {shown})")
        listed = list_figures(session_dir, ref.base)
        if not listed:
            click.echo("  no figures yet (run `deckgen fetch`)")
        for fig in listed:
            size = f"{fig.width}x{fig.height}" if fig.stored else "not fetched"
            about = fig.note or " ".join(fig.caption.split())
            about = about if len(about) <= 60 else about[:59] + "…"
            click.echo(f"  {fig.number:>3}  {size:<11}  {fig.method or '-':<6}  {about}")


@main.command()
@click.option("--stop", is_flag=True, help="Stop the running server and its LibreOffice.")
@click.option("--status", is_flag=True, help="Say whether a server runs, and its memory.")
def serve(stop: bool, status: bool) -> None:
    """Start a warm LibreOffice server in the background; builds then use it for the PDF."""
    from deckgen.pdf import server
    from deckgen.pdf.export import require_soffice

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
    click.echo(f"{report.pdf}: {report.slides} slides, no problems found")


@main.command()
@click.argument("session_dir", type=click.Path(path_type=Path), default=".")
def preview(session_dir: Path) -> None:
    """Write SESSION_DIR/build/preview.png: every slide as a numbered thumbnail."""
    from deckgen.pdf.check import deck_paths
    from deckgen.pdf.export import renew_pdf
    from deckgen.pdf.preview import make_preview

    pptx, pdf = deck_paths(session_dir)
    renew_pdf(pptx, pdf)
    sheet = make_preview(pdf, pdf.parent / "preview.png")
    click.echo(f"wrote {sheet.path} ({sheet.slides} slides)")


@main.command()
@click.argument("session_dir", type=click.Path(path_type=Path), required=False)
def doctor(session_dir: Path | None) -> None:
    """Check LibreOffice, Japanese fonts, the warm server, endpoints and a session's files."""
    from deckgen.doctor import FAIL, diagnose

    if session_dir is None and Path("session.yaml").is_file():
        session_dir = Path(".")
    findings = diagnose(session_dir)
    for f in findings:
        click.echo(f"{f.status:<4}  {f.label}: {f.detail}")
        if f.fix and f.status != "ok":
            click.echo(f"      fix: {f.fix}")
    if any(f.status == FAIL for f in findings):
        raise click.exceptions.Exit(1)
