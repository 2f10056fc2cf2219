"""Errors a user can act on: each message names the file, field or id, and the fix."""

from __future__ import annotations

import click


class DeckgenError(click.ClickException):
    """Base of every error deckgen reports to the user (exit code 1, one line, no traceback)."""

    exit_code = 1


class SpecError(DeckgenError):
    """session.yaml (or another presenter-written file) is invalid.

    Holds every problem found, so the presenter can fix them all in one go.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class LockError(DeckgenError):
    """The lock lacks metadata the deck needs, or cannot be read."""


class TemplateError(DeckgenError):
    """A template is missing or is not a usable .pptx."""


class OutputError(DeckgenError):
    """An output file cannot be written."""


class ExportError(DeckgenError):
    """LibreOffice could not turn the deck into a PDF."""
