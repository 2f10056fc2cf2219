"""The README's table of exit codes is the one deckgen uses."""

from __future__ import annotations

import re

from deckgen.errors import EXIT_CODES
from tests.conftest import REPO


def test_the_readme_lists_every_exit_code_and_no_other():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit codes and signals", 1)[-1].split("\n## ", 1)[0]
    listed = {int(code) for code in re.findall(r"^\| `(\d+)` \|", section, re.M)}
    assert listed == set(EXIT_CODES)
