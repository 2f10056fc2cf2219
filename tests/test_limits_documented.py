"""Every limit in deckgen/limits.py has its row in the README's "Limits" table."""

from __future__ import annotations

from pathlib import Path

from deckgen import limits

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_limit_is_in_the_readme_table() -> None:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("\n## Limits\n"):]
    table = table[:table.index("\n## ", 1)]
    names = [name for name in vars(limits) if name.isupper() and name not in ("KIB", "MIB")]
    missing = [name for name in names if f"`{name}`" not in table]
    assert not missing, f"limits.py constants without a row in README's Limits: {missing}"
