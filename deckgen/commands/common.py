"""What every command shares: warnings, the session-folder check and progress display."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from deckgen.commands.output import output
from deckgen.errors import DeckgenError


def warn(ctx: click.Context, messages: list[str]) -> None:
    """Each message as one `warning:` line on stderr (none with -q)."""
    if output(ctx).quiet:
        return
    for message in messages:
        click.echo(f"warning: {message}", err=True)


def say(ctx: click.Context, line: str) -> None:
    """A line on stdout saying what was done (none with -q: errors only)."""
    if not output(ctx).quiet:
        click.echo(line)


def need_session(session_dir: Path, command: str) -> None:
    if not (session_dir / "session.yaml").is_file():
        raise DeckgenError(f"{session_dir}: no session.yaml here (pass a session folder, "
                           f"e.g. `deckgen {command} sessions/2026-06`)")


class Progress:
    """A progress bar on a terminal; silent when not a TTY or with -q."""

    def __init__(self, ctx: click.Context, label: str) -> None:
        self.enabled = not output(ctx).quiet and sys.stderr.isatty()
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
def progress_bars(ctx: click.Context):
    """(metadata, figures) progress bars, closed whatever happens."""
    bars = (Progress(ctx, "arXiv metadata"), Progress(ctx, "figures      "))
    try:
        yield bars
    finally:
        for bar in bars:
            bar.close()
