"""deckgen.lock.json's `version`: a lock from a newer deckgen is refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deckgen.errors import LockError
from deckgen.session.store import LOCK_FILE, LOCK_VERSION, Lock, load_lock, save_lock
from tests.conftest import run_cli


def write_lock(folder: Path, **data: object) -> Path:
    path = folder / LOCK_FILE
    path.write_text(json.dumps({"rankings": [], "papers": {}, **data}), encoding="utf-8")
    return path


def test_a_saved_lock_carries_this_version_and_reads_back(tmp_path: Path):
    save_lock(tmp_path, Lock())
    assert json.loads((tmp_path / LOCK_FILE).read_text(encoding="utf-8"))["version"] == LOCK_VERSION
    assert load_lock(tmp_path) == Lock()


def test_a_lock_without_a_version_is_read_as_the_current_one(tmp_path: Path):
    write_lock(tmp_path)
    assert load_lock(tmp_path) == Lock()


def test_a_lock_from_a_newer_deckgen_is_one_line_naming_the_file_and_the_fix(tmp_path: Path):
    path = write_lock(tmp_path, version=LOCK_VERSION + 1)
    with pytest.raises(LockError) as caught:
        load_lock(tmp_path)
    assert str(caught.value) == (
        f"{path}: written by a newer deckgen (lock version {LOCK_VERSION + 1}, this one reads "
        f"up to {LOCK_VERSION}): upgrade deckgen, or delete the file and run `deckgen fetch`")


@pytest.mark.parametrize("version", ["2", 1.5, True, None])
def test_a_version_that_is_no_whole_number_is_unreadable(tmp_path: Path, version: object):
    write_lock(tmp_path, version=version)
    with pytest.raises(LockError, match="unreadable lock .*is not a whole number"):
        load_lock(tmp_path)


def test_build_refuses_a_newer_lock_and_leaves_it_alone(example: Path):
    lock = example / LOCK_FILE
    data = json.loads(lock.read_text(encoding="utf-8"))
    data["version"] = LOCK_VERSION + 1
    lock.write_text(json.dumps(data), encoding="utf-8")
    before = lock.read_bytes()
    result = run_cli("build", str(example), "--no-pdf")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert "written by a newer deckgen" in result.output and str(lock) in result.output
    assert lock.read_bytes() == before
