"""Commands about the machine and templates: layouts, schema, pdf-server, doctor."""

from __future__ import annotations

from pathlib import Path

import click

from deckgen.commands.common import say
from deckgen.commands.output import Command, output, verbosity_options


@click.command(cls=Command)
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


@click.command(cls=Command)
def schema() -> None:
    """Print the JSON Schema of session.yaml (editors complete and check the file with it)."""
    from deckgen.session.jsonschema import schema_text

    click.echo(schema_text(), nl=False)


@click.group("pdf-server", params=verbosity_options())
def pdf_server() -> None:
    """Run the warm LibreOffice that builds use for their PDFs.

    `start` returns once it answers; it keeps running in the background, and every build,
    preview and check converts through it (much faster than a cold LibreOffice) until
    `stop`.
    """


@pdf_server.command(cls=Command)
@click.pass_context
def start(ctx: click.Context) -> None:
    """Start the server in the background; returns when it is ready."""
    from deckgen.pdf import server
    from deckgen.pdf.export import require_soffice

    state = server.start_server(require_soffice())
    say(ctx, f"conversion server ready on 127.0.0.1:{state.port} (pid {state.pid}); "
             "stop it with `deckgen pdf-server stop`")


@pdf_server.command(cls=Command)
@click.pass_context
def stop(ctx: click.Context) -> None:
    """Stop the server and its LibreOffice."""
    from deckgen.pdf import server

    say(ctx, "stopped the conversion server" if server.stop_server()
        else "no conversion server was running")


@pdf_server.command(cls=Command)
@click.pass_context
def status(ctx: click.Context) -> None:
    """Say whether the server runs and how much memory it uses.

    Exit code 1 when it does not run.
    """
    from deckgen.pdf import server

    now = server.server_status()
    extra = f", {now.rss_mb:.0f} MiB, LibreOffice {now.libreoffice}" if now.ready else ""
    say(ctx, f"conversion server: {now.detail}{extra}")
    if not now.ready:
        raise click.exceptions.Exit(1)


@click.command(cls=Command, hidden=True)
@click.option("--stop", "action", flag_value="stop", help="Stop the server.")
@click.option("--status", "action", flag_value="status", help="Say whether it runs.")
@click.pass_context
def serve(ctx: click.Context, action: str | None) -> None:
    """The old name of `deckgen pdf-server start` (and --stop, --status)."""
    action = action or "start"
    click.echo(f"note: `deckgen serve` is now `deckgen pdf-server {action}`", err=True)
    ctx.invoke({"start": start, "stop": stop, "status": status}[action])


@click.command(cls=Command)
@click.argument("session_dir", type=click.Path(path_type=Path), required=False)
@click.option("--online", is_flag=True,
              help="Also send one cheap request to each service and say how it answered.")
@click.pass_context
def doctor(ctx: click.Context, session_dir: Path | None, online: bool) -> None:
    """Check LibreOffice, Japanese fonts, the warm server, endpoints and a session's files."""
    from deckgen.doctor import FAIL, OK, diagnose

    if session_dir is None and Path("session.yaml").is_file():
        session_dir = Path(".")
    findings = diagnose(session_dir, online=online)
    for f in findings:
        if f.status == OK and output(ctx).quiet:  # -q: only what needs doing
            continue
        click.echo(f"{f.status:<4}  {f.label}: {f.detail}")
        if f.fix and f.status != "ok":
            click.echo(f"      fix: {f.fix}")
    if any(f.status == FAIL for f in findings):
        raise click.exceptions.Exit(1)
