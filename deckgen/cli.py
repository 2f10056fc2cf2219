"""The `deckgen` command: the group, its options and how errors become exit codes.

The subcommands live in deckgen/commands/; each parses its options, calls one library
function and prints.
"""

from __future__ import annotations

import contextlib
import logging
import sys

import click

from deckgen.commands import decks, sessions, tools
from deckgen.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, DeckgenError, Stopped
from deckgen.interrupts import stop_signals_raise

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


for _command in (sessions.new, sessions.rank, sessions.fetch, decks.build, tools.layouts,
                 tools.schema, sessions.figures, tools.serve, decks.check, decks.preview,
                 tools.doctor):
    main.add_command(_command)
