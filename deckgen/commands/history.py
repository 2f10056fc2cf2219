"""`deckgen history [ROOT]`: per month, the papers presented, picked and skipped."""

from __future__ import annotations

from pathlib import Path

import click

from deckgen.commands.common import warn
from deckgen.commands.output import Command
from deckgen.model.history import History


@click.command(cls=Command)
@click.argument("root", required=False, type=click.Path(path_type=Path),
                default=Path("sessions"), metavar="[ROOT]")
@click.pass_context
def history(ctx: click.Context, root: Path) -> None:
    """List, per month, the papers presented, picked and skipped.

    ROOT is the folder your session folders are in (default: sessions). Each session folder
    counts, and so does ROOT/history.yaml with months deckgen did not build. A paper
    presented in an earlier month is marked `⇒ 2026-05 #3` on the next ranking that lists
    it and, unless `compose.earlier: present`, skipped there.
    """
    from deckgen.session.history import root_history

    found, warnings = root_history(root)
    warn(ctx, warnings)
    for line in history_lines(found, Path.cwd()):
        click.echo(line)


def history_lines(found: History, here: Path) -> list[str]:
    """The listing: a heading per month, then its presented, picked and skipped papers."""
    lines: list[str] = []
    for month in found.months:
        lines.append(f"{month.month}  {_shown(month.source, here)}")
        presented = [f"{pid} #{rank}" if rank else pid for pid, rank in month.presented]
        lines.append(f"  presented {len(presented)}: {', '.join(presented) or '-'}")
        lines.append(f"  picked {len(month.picked)}: {', '.join(month.picked) or '-'}")
        skipped = [f"{pid} ({mark.text})" for pid, mark in month.skipped]
        lines.append(f"  skipped {len(skipped)}: {', '.join(skipped) or '-'}")
    if not lines:
        lines.append("no earlier sessions")
    return lines


def _shown(path: Path, here: Path) -> str:
    try:
        return str(path.relative_to(here))
    except ValueError:
        return str(path)
