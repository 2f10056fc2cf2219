"""Commands about the machine and templates: layouts, schema, pdf-server, doctor."""

from __future__ import annotations

from pathlib import Path

import click

from deckgen.commands.common import say
from deckgen.commands.complete import session_folders
from deckgen.commands.output import Command, Group, output


@click.command(cls=Command)
@click.argument("template", type=click.Path(path_type=Path), required=False)
@click.option("--session", "session_dir", type=click.Path(path_type=Path),
              shell_complete=session_folders,
              help="Use this session's `template:` and `layouts:` mapping.")
def layouts(template: Path | None, session_dir: Path | None) -> None:
    """Show which layout of TEMPLATE each slide kind uses.

    TEMPLATE defaults to the session's `template:` (with --session), else deckgen's own.
    For each slide kind: the layout the next build draws it with, deckgen's own layout
    where the template has none of the names looked for, and the texts that have no
    placeholder of their own (they go into the body). Then every layout of TEMPLATE with
    its placeholders (idx, type, name).
    """
    from deckgen.render.choices import explain_template

    mapping: dict[str, str] = {}
    if session_dir is not None:
        from deckgen.session.validate import load_session

        session = load_session(session_dir, papers_only=True)
        template, mapping = template or session.template, dict(session.layouts)
    report = explain_template(template, mapping)
    click.echo(f"{report.path}: the layout of each slide kind")
    width = max((len(k.kind) for k in report.kinds), default=0)  # the kinds' column
    pad = " " * (width + 3)
    for k in report.kinds:
        own = ": deckgen's own, copied in" if k.own else ""
        click.echo(f"  {k.kind:<{width}} '{k.layout}'{own}")
        if k.own:
            names = ", ".join(repr(n) for n in k.looked_for[:-1])
            names = f"{names} or {k.looked_for[-1]!r}" if names else repr(k.looked_for[-1])
            click.echo(f"{pad}(the template has no usable layout named {names})")
        if k.into_body:
            click.echo(f"{pad}no placeholder for {', '.join(k.into_body)}: "
                       "they go into the body")
        if k.not_shown:
            click.echo(f"{pad}no placeholder for {', '.join(k.not_shown)}: not shown")
        if k.picture_below_title:
            click.echo(f"{pad}no picture placeholder: the figure is fitted below the title")
    used: dict[str, list[str]] = {}
    for k in report.kinds:
        used.setdefault(k.layout, []).append(k.kind)
    for info in report.layouts:
        kinds = used.get(info.name)
        click.echo(f"layout '{info.name}'" + (f"  (deckgen: {', '.join(kinds)} slides)"
                                              if kinds else ""))
        for ph in info.placeholders:
            click.echo(f"  idx {ph.idx:>3}  {ph.type:<14} {ph.name}")


@click.command(cls=Command)
def schema() -> None:
    """Print the JSON Schema of session.yaml, for editors.

    An editor with yaml-language-server completes and checks session.yaml with it; a copy
    ships as deckgen/session/session.schema.json.
    """
    from deckgen.session.jsonschema import schema_text

    click.echo(schema_text(), nl=False)


@click.group("pdf-server", cls=Group)
def pdf_server() -> None:
    """Run the warm LibreOffices that builds use for their PDFs.

    `start` returns once they answer: one per usable core (DECKGEN_PDF_JOBS sets how many),
    so a whole deck converts in chunks side by side. They keep running in the background,
    and every build, preview and check converts through them (much faster than a cold
    LibreOffice) until `stop`, or until nothing used one for DECKGEN_SERVER_IDLE seconds (15
    minutes). A build that makes a PDF starts them by itself when they do not run (not with
    DECKGEN_SERVER=manual/off).
    """


@pdf_server.command(cls=Command)
@click.pass_context
def start(ctx: click.Context) -> None:
    """Start the servers in the background; returns when they are ready."""
    from deckgen.pdf import pool
    from deckgen.pdf.export import require_soffice

    states = pool.start_all(require_soffice())
    if len(states) == 1:
        say(ctx, f"conversion server ready on 127.0.0.1:{states[0].port} (pid "
                 f"{states[0].pid}); stop it with `deckgen pdf-server stop`")
    else:
        ports = ", ".join(str(state.port) for state in states)
        say(ctx, f"{len(states)} conversion servers ready on 127.0.0.1:{ports}; stop them "
                 "with `deckgen pdf-server stop`")


@pdf_server.command(cls=Command)
@click.pass_context
def stop(ctx: click.Context) -> None:
    """Stop the servers and their LibreOffices."""
    from deckgen.pdf import pool

    stopped = pool.stop_all()
    say(ctx, "no conversion server was running" if stopped == 0 else
        "stopped the conversion server" if stopped == 1 else
        f"stopped {stopped} conversion servers")


@pdf_server.command(cls=Command)
@click.pass_context
def status(ctx: click.Context) -> None:
    """Say whether the servers run and how much memory each uses.

    Exit code 1 when none is ready.
    """
    from deckgen.pdf import pool

    every = pool.statuses()
    for n, now in enumerate(every, 1):
        extra = f", {now.rss_mb:.0f} MiB, LibreOffice {now.libreoffice}" if now.ready else ""
        name = f" {n} of {len(every)}" if len(every) > 1 else ""
        say(ctx, f"conversion server{name}: {now.detail}{extra}")
    if not any(now.ready for now in every):
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
@click.argument("session_dir", type=click.Path(path_type=Path), required=False,
                shell_complete=session_folders)
@click.option("--online", is_flag=True,
              help="Also send one cheap request to each service and say how it answered.")
@click.pass_context
def doctor(ctx: click.Context, session_dir: Path | None, online: bool) -> None:
    """Check LibreOffice, fonts, settings and a session folder.

    One line per item: LibreOffice, the Japanese fonts, the warm PDF server, every endpoint
    and HTTP setting (checked as fetch reads them), and with SESSION_DIR (or in a session
    folder) its session.yaml, lock, translations, figures and outputs. Each problem comes
    with the command that fixes it; exit code 1 when anything FAILs.
    """
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
