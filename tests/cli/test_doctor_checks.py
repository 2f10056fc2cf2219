"""`deckgen doctor` counts what is there, checks settings as fetch does, and asks online."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from deckgen.cli import main
from tests.conftest import ENDPOINT_VARIABLES, add_figures
from tests.deepl_server import DeepLServer
from tests.fakeweb import FakeWeb, Reply


def deckgen(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(autouse=True)
def _no_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DECKGEN_SERVER_DIR", str(tmp_path / "server"))


def test_figures_counts_images_not_their_json(example: Path):
    add_figures(example, "2606.13681", [(1, 300, 200, "PNG"), (2, 300, 200, "JPEG")])
    add_figures(example, "2606.13392", [(1, 300, 200, "PNG")])
    (example / "figures" / "2606.13392" / "source.json").write_text(
        json.dumps({"method": "html", "figures": []}), encoding="utf-8")
    (example / "figures" / "2606.08063").mkdir()
    (example / "figures" / "2606.08063" / "source.json").write_text(
        json.dumps({"method": "html", "figures": []}), encoding="utf-8")
    result = deckgen("doctor", str(example))
    assert result.stderr == ""
    assert "ok    figures: 3 images for 2 papers (" in result.stdout


@pytest.mark.parametrize(("name", "value", "said"), [
    ("DECKGEN_HTTP_TIMEOUT", "soon", "'soon' is not a number of seconds"),
    ("DECKGEN_HTTP_RETRIES", "-1", "'-1' must be a finite number, 0 or more"),
    ("DECKGEN_ARXIV_URL", "ftp://mirror.example/arxiv", "is not an http(s) URL"),
    ("HF_ENDPOINT", "huggingface.co", "is not an http(s) URL"),
])
def test_a_setting_fetch_refuses_is_a_failure(tmp_path: Path, monkeypatch, name, value, said):
    monkeypatch.setenv(name, value)
    doctor = deckgen("doctor")
    assert doctor.exit_code == 1
    line = next(line for line in doctor.stdout.splitlines() if line.startswith(f"FAIL  {name}:"))
    assert said in line
    assert f"fix: unset {name}, or correct it as the line says" in doctor.stdout
    session = tmp_path / "s"
    session.mkdir()
    (session / "session.yaml").write_text(
        'event: e\ndate: 2026-06-17\npresenter: p\nrankings:\n  - name: Top\n'
        '    source: list\n    papers: ["1706.03762"]\n', encoding="utf-8")
    fetch = deckgen("fetch", str(session))
    assert fetch.exit_code == 1 and said in fetch.stderr  # the same words, the same check


def test_settings_fetch_accepts_are_shown(monkeypatch):
    monkeypatch.setenv("DECKGEN_HTTP_TIMEOUT", "12")
    monkeypatch.setenv("DECKGEN_HTTP_RETRIES", "2")
    result = deckgen("doctor")
    assert "ok    DECKGEN_HTTP_TIMEOUT: 12 s" in result.stdout
    assert "ok    DECKGEN_HTTP_RETRIES: 2" in result.stdout


def test_online_sends_one_request_per_service(monkeypatch):
    deepl = DeepLServer("0f1e-key:fx")
    with FakeWeb() as web:
        web.route("/", lambda request: Reply(200, b"", {"Content-Type": "text/plain"}),
                  method="HEAD")
        for name in ENDPOINT_VARIABLES:
            monkeypatch.setenv(name, f"{web.url}/{name.lower()}")
        monkeypatch.setenv("DECKGEN_PWC_API_URL", "http://127.0.0.1:9")  # refused
        monkeypatch.setenv("DEEPL_AUTH_KEY", "0f1e-key:fx")
        monkeypatch.setenv("DECKGEN_DEEPL_URL", deepl.state.url)
        deepl.state.characters, deepl.state.quota = 1234, 500000
        try:
            result = deckgen("doctor", "--online")
        finally:
            deepl.close()
        sent = [r.path for r in web.requests]
    assert result.exit_code == 1 and result.stderr == ""
    out = result.stdout
    for service in ("arXiv API", "arXiv pages", "arXiv listings", "ar5iv", "Hugging Face"):
        assert f"ok    {service} (online): HTTP 200 in " in out
    assert "FAIL  Papers with Code (online): 127.0.0.1:9: cannot connect" in out
    assert "fix: check the network and DECKGEN_PWC_API_URL" in out
    assert "ok    DeepL (online): answers in " in out
    assert "1,234 of 500,000 characters used this period" in out
    assert len(sent) == 5
    assert "0f1e-key" not in out
    assert "online" not in deckgen("doctor").stdout  # nothing is sent without --online
