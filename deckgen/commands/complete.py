"""Shell completion beyond commands and options: source names, session folders, paper ids.

click completes commands and options itself (`_DECKGEN_COMPLETE=bash_source deckgen`, see
the README); these callbacks complete the values deckgen knows about. They run on every
Tab press, so they only read local files and never fail: a problem means no suggestions.
"""

from __future__ import annotations

from pathlib import Path

import click
from click.shell_completion import CompletionItem

SESSION_FILE = "session.yaml"


def source_names(ctx: click.Context, param: click.Parameter,
                 incomplete: str) -> list[CompletionItem]:
    """The ranking sources (`hf-daily`, …), with what each ranks as the help."""
    from deckgen.net.sources import SOURCES

    if ":" in incomplete:  # the settings after the name are the presenter's to write
        return []
    return [CompletionItem(name, help=module.ABOUT) for name, module in SOURCES.items()
            if name.startswith(incomplete)]


def session_folders(ctx: click.Context, param: click.Parameter,
                    incomplete: str) -> list[CompletionItem]:
    """Folders holding a session.yaml, here and under sessions/; else the shell's own
    directory completion."""
    base = (Path(incomplete) if incomplete.endswith("/") else Path(incomplete).parent) \
        if "/" in incomplete else Path(".")
    roots = [base] if "/" in incomplete else [base, Path("sessions")]
    found: set[str] = set()
    try:
        for root in roots:
            if root != Path(".") and (root / SESSION_FILE).is_file():
                found.add(str(root))
            found.update(str(spec.parent) for spec in root.glob(f"*/{SESSION_FILE}"))
    except OSError:
        pass
    matches = sorted(name for name in found if name.startswith(incomplete))
    if not matches:
        return [CompletionItem(incomplete, type="dir")]
    return [CompletionItem(name, help="session folder") for name in matches]


def paper_ids(ctx: click.Context, param: click.Parameter,
              incomplete: str) -> list[CompletionItem]:
    """The arXiv ids of the session named before (SESSION_DIR), with their titles."""
    from deckgen.errors import DeckgenError
    from deckgen.session.validate import load_session

    session_dir = ctx.params.get("session_dir") or Path(".")
    try:
        session = load_session(Path(session_dir), papers_only=True)
    except (DeckgenError, OSError):
        return []
    titles = {e.ref.base: e.title or "" for r in session.rankings for e in r.entries}
    return [CompletionItem(ref.base, help=titles.get(ref.base) or None)
            for ref in session.all_refs() if ref.base.startswith(incomplete)]
