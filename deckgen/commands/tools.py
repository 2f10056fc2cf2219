"""Commands about the machine and templates: layouts, schema, serve, doctor."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
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


@click.command()
def schema() -> None:
    """Print the JSON Schema of session.yaml (editors complete and check the file with it)."""
    from deckgen.session.jsonschema import schema_text

    click.echo(schema_text(), nl=False)


@click.command()
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


@click.command()
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
