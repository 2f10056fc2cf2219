"""`deckgen doctor`: what is installed and configured, never a key's value."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.pdf import glyphs
from tests.conftest import copy_example, run_cli


@pytest.fixture(autouse=True)
def _no_server(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DECKGEN_SERVER_DIR", str(tmp_path / "server"))
    monkeypatch.delenv("DECKGEN_SOFFICE", raising=False)


def test_a_complete_machine_and_session(tmp_path: Path, monkeypatch):
    session = copy_example(tmp_path)
    assert run_cli("build", str(session), "--no-pdf").exit_code == 0
    monkeypatch.setenv("DEEPL_AUTH_KEY", "0f1e2d3c-secret-value:fx")
    monkeypatch.setenv("HF_TOKEN", "hf_verysecrettoken")
    monkeypatch.setenv("HF_ENDPOINT", "http://user:hunter2@127.0.0.1:8123/hf")
    monkeypatch.delenv("DECKGEN_ARXIV_API_URL", raising=False)
    result = run_cli("doctor", str(session))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "secret" not in out and "hunter2" not in out
    assert "DEEPL_AUTH_KEY: set (DeepL Free key)" in out
    assert "HF_TOKEN: set" in out
    assert "HF_ENDPOINT: http://***@127.0.0.1:8123/hf" in out
    assert "DECKGEN_ARXIV_API_URL: unset" in out
    assert "LibreOffice: " in out and "LibreOffice 7" in out
    assert "Japanese fonts: Noto Sans CJK JP" in out
    assert "warm PDF server: not running" in out
    assert "lock: 10 papers, 1 rankings" in out
    assert "build: 2026-06.pptx" in out
    assert "FAIL" not in out


def test_missing_libreoffice_fails_with_the_fix(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("DECKGEN_SOFFICE", str(tmp_path / "no-soffice"))
    result = run_cli("doctor")
    assert result.exit_code == 1
    assert "FAIL  LibreOffice" in result.output
    assert "fix: unset DECKGEN_SOFFICE" in result.output


def test_no_japanese_font_fails_with_the_fix(monkeypatch, tmp_path: Path):
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        "  <dir>/usr/share/fonts/truetype/dejavu</dir>\n"
        f"  <cachedir>{tmp_path / 'fc-cache'}</cachedir>\n</fontconfig>\n", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    glyphs.japanese_font_names.cache_clear()
    try:
        result = run_cli("doctor")
    finally:
        glyphs.japanese_font_names.cache_clear()
    assert result.exit_code == 1
    assert "FAIL  Japanese fonts: none installed" in result.output
    assert "fix: apt-get install fonts-noto-cjk" in result.output


def test_a_bad_delay_is_named(monkeypatch):
    monkeypatch.setenv("DECKGEN_ARXIV_DELAY", "soon")
    result = run_cli("doctor")
    assert result.exit_code == 1
    assert "DECKGEN_ARXIV_DELAY: 'soon' is not a number" in result.output


def test_a_broken_session_yaml_is_a_failure(tmp_path: Path):
    session = copy_example(tmp_path)
    spec = session / "session.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("presenter: 山田 太郎\n", ""),
                    encoding="utf-8")
    result = run_cli("doctor", str(session))
    assert result.exit_code == 1
    assert "FAIL  session.yaml:" in result.output and "presenter" in result.output


def test_each_warm_server_of_the_pool_is_reported(monkeypatch):
    from deckgen.pdf import pool, server

    def ready(port: int, mb: float) -> server.ServerStatus:
        state = server.ServerState(100 + port, port, port + 1, "python3", "soffice", 0.0)
        return server.ServerStatus(state, True, mb, "LibreOffice 7.4",
                                   f"ready on 127.0.0.1:{port}")

    monkeypatch.setattr(pool, "statuses", lambda: [ready(4001, 500.0), ready(4002, 300.0)])
    monkeypatch.setattr(pool, "size", lambda: 2)
    out = run_cli("doctor").output
    assert ("warm PDF servers: 2 of 2 ready (ready on 127.0.0.1:4001; ready on "
            "127.0.0.1:4002), 800 MiB in all" in out), out
