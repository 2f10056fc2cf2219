"""Commands that make and fill a session folder: new, rank, sources, fetch, figures."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import click

from deckgen.commands.common import need_session, progress_bars, say, warn
from deckgen.commands.complete import paper_ids, session_folders, source_names
from deckgen.commands.output import Command, output
from deckgen.errors import DeckgenError
from deckgen.model.cost import Spent


@click.command(cls=Command)
@click.argument("month")
@click.option("--source", "sources", multiple=True, metavar="NAME[:KEY=VALUE,...]",
              shell_complete=source_names,
              help="A ranking to take now and keep (repeatable), e.g. "
                   "hf-daily:month=2026-10; `deckgen sources` lists them all.")
@click.option("--top", default=10, show_default=True, help="Papers per ranking.")
@click.option("--event", help="Event name (default: AI最新論文読み会 YYYY年M月).")
@click.option("--presenter", help="Your name (default: DECKGEN_PRESENTER, else `presenter` "
                                   "in ~/.config/deckgen/config.toml).")
@click.option("--affiliation", help="Your affiliation (default: DECKGEN_AFFILIATION, else "
                                    "`affiliation` in the config file).")
@click.option("--date", "date", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The meeting's date (default: today).")
@click.option("--kind", type=click.Choice(["survey", "single"]), default="survey",
              show_default=True, help="survey: rankings of papers; single: one paper.")
@click.option("--paper", help="The paper of a single-paper deck (--kind single).")
@click.option("--team", metavar='"A,B,C"', help="The team sharing the survey: written as "
              "team:, and the ranked papers are dealt out to them in turn (surveyed_by).")
@click.option("--dir", "root", type=click.Path(path_type=Path), default=Path("sessions"),
              show_default=True, metavar="DIR", help="The folder your session folders are in.")
@click.pass_context
def new(ctx: click.Context, month: str, sources: tuple[str, ...], top: int, event: str | None,
        presenter: str | None, affiliation: str | None, date, kind: str, paper: str | None,
        team: str | None, root: Path) -> None:
    """Start a month's session.yaml, with rankings frozen now.

    Writes DIR/MONTH/session.yaml (MONTH as 2026-10; DIR is sessions/ unless --dir says
    otherwise) and refuses to overwrite one. Each --source ranking is taken now and kept
    in the file. The presenter and affiliation come from the options, else from
    DECKGEN_PRESENTER and DECKGEN_AFFILIATION, else from ~/.config/deckgen/config.toml;
    `translator: deepl` is written when DEEPL_AUTH_KEY is set.
    """
    from deckgen.new import NewOptions, new_session

    result = new_session(NewOptions(
        month=month, root=root, sources=sources, top=top, event=event, presenter=presenter,
        affiliation=affiliation, date=date.date() if date else None, kind=kind, paper=paper,
        team=tuple(name.strip() for name in (team or "").split(",") if name.strip())))
    for line in result.notes:
        say(ctx, f"note: {line}", err=True)
    if result.earlier is not None:
        total = len({p.ref.base for r in result.rankings for p in r.papers})
        shown = ", ".join(f"{pid} {mark.text}" for pid, mark in result.earlier[:5])
        more = f", … ({len(result.earlier) - 5} more)" if len(result.earlier) > 5 else ""
        say(ctx, f"note: {len(result.earlier)} of the {total} papers were presented before"
                 + (f" ({shown}{more}); the deck marks them on the list and does not "
                    "present them again (`compose.earlier: present` does)"
                    if result.earlier else ""), err=True)
    if result.dealt:
        say(ctx, "note: dealt out (surveyed_by): " + ", ".join(
            f"{name} {count}" for name, count in result.dealt.items()), err=True)
    if not output(ctx).quiet:
        counts = ", ".join(f"{r.name}: {len(r.papers)}" for r in result.rankings)
        click.echo(f"wrote {result.file}" + (f" ({counts})" if counts else "")
                   + "; edit it, then `deckgen build " + str(result.file.parent) + "`")


@click.command(cls=Command)
@click.argument("source", metavar="SOURCE", shell_complete=source_names)
@click.option("--top", default=10, show_default=True, help="How many papers to show.")
def rank(source: str, top: int) -> None:
    """Print a ranking as it stands now; writes nothing.

    SOURCE is NAME[:KEY=VALUE,...] as for `deckgen new --source`, e.g.
    hf-daily:week=2026-W41; `deckgen sources` lists every NAME with an example. Each line:
    rank, arXiv id, the source's signal (upvotes, stars), title.
    """
    from deckgen.net.http import PoliteSession
    from deckgen.net.sources import parse_source_option
    from deckgen.net.sources import rank as take_ranking
    from deckgen.net.sources.base import SourceError

    if source in ("help", "list-sources"):  # the old way to list them
        click.echo(f"note: `deckgen rank {source}` is now `deckgen sources`", err=True)
        _list_sources()
        return
    try:
        result = take_ranking(parse_source_option(source), top, PoliteSession())
    except SourceError as exc:  # the sources speak of `new --source`; here it is SOURCE
        raise DeckgenError(re.sub(r"^--source ", "rank ", exc.message)) from None
    click.echo(f"# {result.name}: {result.description}")
    if not result.papers:
        click.echo("# (no papers)")
    for i, paper in enumerate(result.papers, 1):
        click.echo(f"{i:>3}  {str(paper.ref):<18} {paper.signal or '':>10}  {paper.title or ''}")


@click.command(cls=Command)
def sources() -> None:
    """List the ranking sources, each with an example.

    Each NAME takes KEY=VALUE settings after a colon, as in the example; every source also
    takes name= for the ranking's name. Use them with `deckgen new --source` and
    `deckgen rank`.
    """
    _list_sources()


def _list_sources() -> None:
    from deckgen.net.sources import SOURCES

    for name, module in SOURCES.items():
        click.echo(f"{name:<14} {module.ABOUT}  (e.g. {module.EXAMPLE})")


@click.command(cls=Command)
@click.argument("session_dir", type=click.Path(path_type=Path), default=".",
                shell_complete=session_folders)
@click.option("--refresh", is_flag=True, help="Fetch everything again (new arXiv versions).")
@click.option("--offline", is_flag=True, help="Send nothing; fail if the lock lacks something.")
@click.pass_context
def fetch(ctx: click.Context, session_dir: Path, refresh: bool, offline: bool) -> None:
    """Fetch the metadata and figures a session needs.

    arXiv metadata goes into SESSION_DIR/deckgen.lock.json, figures into
    SESSION_DIR/figures/. Only what is missing is fetched; --refresh fetches everything
    again (new arXiv versions), --offline sends nothing and names what is missing.
    """
    need_session(session_dir, "fetch")
    if refresh and offline:
        raise DeckgenError("--refresh and --offline contradict each other (drop one)")
    from deckgen.net.fetch import fetch_session

    with progress_bars(ctx) as (progress, figures):
        result = fetch_session(session_dir, refresh=refresh, offline=offline,
                               progress=progress, figure_progress=figures, note=figures.note)
    warn(ctx, result.warnings)
    if not output(ctx).quiet:
        if result.requests:
            cost = Spent(Counter(result.sent)).line()
            click.echo(f"{session_dir}: metadata of {len(result.fetched)} papers fetched, "
                       f"{result.figures} figures in figures/; {cost}")
        else:
            click.echo(f"{session_dir}: everything is here already; nothing fetched")


@click.command(cls=Command)
@click.argument("session_dir", type=click.Path(path_type=Path), default=".",
                shell_complete=session_folders)
@click.argument("paper_id", required=False, shell_complete=paper_ids)
def figures(session_dir: Path, paper_id: str | None) -> None:
    """List each paper's figures and which ones the deck shows.

    For each of SESSION_DIR's papers (or only PAPER_ID): the figures the deck shows, then
    every figure known with its number, pixel size (or `not fetched`), how it was found and
    the start of its caption. Choose with `figures: [1, 3]` under the paper in session.yaml.
    """
    from deckgen.figures.listing import list_figures
    from deckgen.model.figures import shown_figure_numbers
    from deckgen.model.ids import parse_arxiv_id
    from deckgen.session.validate import load_session

    session = load_session(session_dir, papers_only=True)  # no presenter needed to list
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
