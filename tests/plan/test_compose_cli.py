"""A slide left out for having nothing to show is said with -v, on stderr, and is no warning."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import copy_example, run_cli

SINGLE = """\
kind: single
event: NeurIPS 2026 論文読み会
date: 2026-12-10
presenter: 高山 温
paper: "2606.13392"
sections:
  - {title: 背景, items: [softmax アテンションは二次の計算量]}
"""


def test_a_left_out_overview_is_a_note_with_v_only(tmp_path: Path):
    session = copy_example(tmp_path)
    (session / "session.yaml").write_text(SINGLE, encoding="utf-8")
    quiet = run_cli("build", str(session), "--offline", "--no-pdf")
    assert quiet.exit_code == 0, quiet.output
    assert "Overview" not in quiet.stderr and "Overview" not in quiet.stdout
    verbose = run_cli("build", str(session), "--offline", "--no-pdf", "--fresh", "-v")
    assert verbose.exit_code == 0, verbose.output
    notes = [line for line in verbose.stderr.splitlines() if "Overview" in line]
    assert notes == ["left out the Overview: session.yaml has no `point:` or `reasons:` "
                     "(write them to get it, or `compose: {overview: false}` to say so)"]
    assert "warning" not in verbose.stderr.lower()
    assert "Overview" not in verbose.stdout and verbose.stdout.startswith("built ")
