"""The build's file policy: copies kept whole or not at all, no temporary file left."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli

PAGE = 4096


@contextlib.contextmanager
def small_disk(folder: Path, pages: int):
    """`folder` as a tmpfs of `pages` pages, holding what it held; skip where none can be
    mounted (not root, or no CAP_SYS_ADMIN)."""
    saved = {p.name: p.read_bytes() for p in folder.iterdir()}
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={pages * PAGE}", "tmpfs",
                              str(folder)], capture_output=True, timeout=30)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        for name, data in saved.items():
            (folder / name).write_bytes(data)
        yield saved
    finally:
        if subprocess.run(["umount", str(folder)], timeout=30).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], timeout=30)


def test_a_copy_that_does_not_fit_on_the_disk_leaves_no_truncated_file(example: Path):
    assert run_cli("build", str(example), "--no-pdf", "--offline").exit_code == 0
    build = example / "build"
    deck = build / "2026-06.pptx"
    used = sum(-(-p.stat().st_size // PAGE) for p in build.iterdir())
    # room for what is there and half a deck more: the copy starts, then the disk is full
    with small_disk(build, used + deck.stat().st_size // PAGE // 2) as saved:
        result = run_cli("build", str(example), "--no-pdf", "--offline", "--fresh")
        assert result.exit_code == 1, result.output
        assert "cannot keep a copy" in result.output and "Traceback" not in result.output
        assert sorted(os.listdir(build)) == sorted(saved)  # no partial copy, no .tmp
        assert all((build / name).read_bytes() == data for name, data in saved.items())
