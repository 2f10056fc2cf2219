"""A hostile or damaged deckgen.lock.json: one line naming the file, the entry and the fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deckgen.errors import LockError
from deckgen.session import store
from deckgen.session.store import LOCK_FILE, load_lock
from tests.conftest import run_cli
from tests.hostile import error_line, run_limited

FIX = "restore it from git or delete it and run `deckgen fetch`"
ENTRY = {"id": "2606.13681", "title": "t", "abstract": "a"}


def _write(folder: Path, text: str) -> Path:
    path = folder / LOCK_FILE
    path.write_text(text, encoding="utf-8")
    return path


def _refused(folder: Path) -> str:
    with pytest.raises(LockError) as caught:
        load_lock(folder)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_deep_nesting_is_one_line(example: Path):
    path = _write(example, '{"papers": ' + "[" * 200_000 + "]" * 200_000 + "}")
    error_line(run_limited("build", str(example), "--no-pdf", "--offline"),
               f"{path}: nested too deeply to be deckgen's; {FIX}")


def test_a_lone_surrogate_is_named_by_where_it_is(tmp_path: Path):
    path = _write(tmp_path, json.dumps({"papers": {"2606.13681": {**ENTRY,
                                                                  "title": "x\ud800"}}}))
    assert _refused(tmp_path) == (f"{path}: papers.2606.13681.title holds a lone surrogate "
                                  f"(\\ud800), which no text file can store; {FIX}")


def test_a_lone_surrogate_in_a_key_is_named_printably(tmp_path: Path):
    path = _write(tmp_path, '{"papers": {"\\udc00": {}}}')
    assert _refused(tmp_path).startswith(f"{path}: papers.\\udc00 holds a lone surrogate")


@pytest.mark.parametrize(("text", "said"), [
    ("[]", "unreadable lock (not an object of papers and rankings)"),
    ('{"papers": []}', "unreadable lock (papers must be an object of arXiv id -> metadata)"),
    ('{"papers": {"2606.13681": 5}}',
     "unreadable lock (papers.2606.13681: an entry must be an object of fields)"),
    ('{"papers": {"2606.13681": {"id": "2606.13681", "title": "t", "abstract": "a", '
     '"extra": [1]}}}', "unreadable lock (papers.2606.13681: extra must be an object of texts)"),
    ('{"papers": {"2606.13681": {"id": "2606.13681", "title": "t", "abstract": "a", '
     '"published": {}}}}', "unreadable lock (papers.2606.13681: published must be text or null)"),
    ('{"papers": {"2606.13681": {"id": "2606.13681", "title": "t", "abstract": "a", '
     '"version": 1e999}}}', "the number 1e999 is out of range"),
    ('{"papers": {"2606.13681": {"id": "2606.13681", "title": "t", "abstract": "a", '
     '"version": NaN}}}', "NaN is not a number"),
    ('{"rankings": {}}', "unreadable lock (rankings must be a list"),
    ('{"rankings": [{"name": 5}]}', "unreadable lock (rankings[0] must be an object of name, "
                                    "source, query, surveyed_at, each text)"),
])
def test_wrong_shapes_are_named(tmp_path: Path, text: str, said: str):
    path = _write(tmp_path, text)
    message = _refused(tmp_path)
    assert message.startswith(f"{path}: {said}"), message
    assert message.endswith(("`deckgen fetch`", "`deckgen fetch`)")), message


def test_an_entry_whose_id_is_not_its_key_never_reaches_a_slide(example: Path):
    lock = example / LOCK_FILE
    data = json.loads(lock.read_text(encoding="utf-8"))
    data["papers"]["2606.13681"]["id"] = "2606.99999"
    lock.write_text(json.dumps(data), encoding="utf-8")
    result = run_cli("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 1
    assert result.output == (f"Error: {lock}: papers.2606.13681: its id is '2606.99999', not "
                             'its key; set "id": "2606.13681", or delete the entry and run '
                             "`deckgen fetch`\n")
    assert not (example / "build").exists()


def test_an_oversized_lock_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(store, "MAX_LOCK_BYTES", 1024)
    path = _write(tmp_path, json.dumps({"papers": {}, "pad": "x" * 2048}))
    assert _refused(tmp_path) == f"{path}: larger than the 1 KB limit; {FIX}"
