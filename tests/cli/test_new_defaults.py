"""`deckgen new` fills in who presents and how to translate; `fetch` needs neither."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deckgen.cli import main
from deckgen.session.store import Lock, save_lock
from tests.conftest import REPO
from tests.figure_fixtures import PAPERS


def deckgen(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user config file, under XDG_CONFIG_HOME as a presenter's would be."""
    monkeypatch.delenv("DECKGEN_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    path = tmp_path / "xdg" / "deckgen" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text('presenter = "設定 太郎"\naffiliation = "設定大学"\n', encoding="utf-8")
    return path


def written(tmp_path: Path, month: str) -> str:
    return (tmp_path / "s" / month / "session.yaml").read_text(encoding="utf-8")


def this_month() -> str:
    return dt.date.today().strftime("%Y-%m")


def test_presenter_and_affiliation_come_from_the_config_file(config: Path, tmp_path: Path):
    result = deckgen("new", this_month(), "--dir", str(tmp_path / "s"))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith("wrote ")
    text = written(tmp_path, this_month())
    assert 'presenter: "設定 太郎"' in text and 'affiliation: "設定大学"' in text


def test_the_environment_wins_over_the_file_and_the_option_over_both(
        config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DECKGEN_PRESENTER", "環境 花子")
    assert deckgen("new", "2026-01", "--dir", str(tmp_path / "s"),
                   "--date", "2026-01-20").exit_code == 0
    text = written(tmp_path, "2026-01")
    assert 'presenter: "環境 花子"' in text and 'affiliation: "設定大学"' in text
    assert deckgen("new", "2026-02", "--dir", str(tmp_path / "s"), "--date", "2026-02-20",
                   "--presenter", "引数 次郎").exit_code == 0
    assert 'presenter: "引数 次郎"' in written(tmp_path, "2026-02")


def test_a_broken_config_file_is_named_with_the_fix(config: Path, tmp_path: Path):
    config.write_text('presenter = 山田\n', encoding="utf-8")
    result = deckgen("new", this_month(), "--dir", str(tmp_path / "s"))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"Error: {config}: invalid TOML (")
    config.write_text('presenterr = "山田"\n', encoding="utf-8")
    result = deckgen("new", this_month(), "--dir", str(tmp_path / "s"))
    assert f"{config}: unknown setting 'presenterr' (did you mean 'presenter'?)" in result.stderr


def test_a_deepl_key_means_translator_deepl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    assert deckgen("new", "2026-03", "--dir", str(tmp_path / "s"),
                   "--date", "2026-03-20").exit_code == 0
    assert "\ntranslator: none " in written(tmp_path, "2026-03")
    monkeypatch.setenv("DEEPL_AUTH_KEY", "0f1e2d3c-key:fx")
    assert deckgen("new", "2026-04", "--dir", str(tmp_path / "s"),
                   "--date", "2026-04-20").exit_code == 0
    assert "\ntranslator: deepl " in written(tmp_path, "2026-04")


def test_a_past_month_and_an_empty_presenter_are_each_one_note(tmp_path: Path):
    result = deckgen("new", "2020-01", "--dir", str(tmp_path / "s"))
    assert result.exit_code == 0
    assert result.stdout.startswith("wrote ")
    today = dt.date.today().isoformat()
    file = tmp_path / "s" / "2020-01" / "session.yaml"
    assert result.stderr.splitlines() == [
        f"note: date: {today} is today, not in 2020-01 (a month in the past); write the "
        f"meeting's date as `date:` in {file}, or pass --date next time",
        f"note: presenter: empty; write your name in {file} before `deckgen build` (for every "
        f"new session: DECKGEN_PRESENTER, or `presenter = \"…\"` in "
        f"{Path(__file__).parent.parent / 'no-such-config.toml'})"]
    assert deckgen("new", "2020-02", "--dir", str(tmp_path / "s"), "-q").stderr == ""


def test_fetch_needs_no_presenter_but_build_names_the_empty_line(tmp_path: Path):
    folder = tmp_path / "s" / "2026-05"
    folder.mkdir(parents=True)
    (folder / "session.yaml").write_text(
        'event: 読み会\ndate: 2026-05-20\npresenter: ""\nrankings:\n  - name: Top\n'
        '    source: list\n    papers: ["2609.21045"]\n', encoding="utf-8")
    save_lock(folder, Lock(papers={"2609.21045": PAPERS["2609.21045"]}))
    fetched = deckgen("fetch", str(folder), "--offline")
    assert fetched.exit_code == 0, fetched.output
    assert fetched.stderr == ""
    built = deckgen("build", str(folder), "--offline", "--no-pdf")
    assert built.exit_code == 1 and built.stdout == ""
    assert built.stderr == (f"Error: {folder / 'session.yaml'}:3: presenter: is empty "
                            "(required: write it after `presenter:`)\n")


def test_new_inside_deckgens_repository_says_where_to_work(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(REPO)
    result = deckgen("new", "2026-06")
    assert result.exit_code == 1 and result.stdout == ""
    assert ("is deckgen's own folder with its example session: keep yours elsewhere, e.g. "
            "`deckgen new 2026-06 --dir ~/reading-group`") in result.stderr
