"""A hostile server against the real `deckgen` command: each class ends in one line.

Every case runs `deckgen` in a subprocess under a 1 GiB memory limit and a timeout
(tests/net/hostile.py), against a server on 127.0.0.1 that stops by itself. Small limits
come from the environment (DECKGEN_HTTP_DEADLINE=2, no retries, no pauses).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.net.http import Endpoints, _retry_after
from tests.net.hostile import (
    Hostile,
    Seen,
    bomb,
    drip,
    environment,
    head,
    one_line,
    plain,
    run_deckgen,
    until_close,
)
from tests.recorded import entry_pool, feed

ATOM = "application/atom+xml; charset=utf-8"
PID = "1202.0819"
PORTAL = (b"<?xml version='1.0'?>\n<!DOCTYPE html>\n<html xmlns='http://www.w3.org/1999/xhtml'>"
          b"<head><title>Hotel WiFi</title></head><body><form action='/login'>"
          b"<p>Accept the terms to continue</p></form></body></html>")
NO_IDS = (b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>"
          b"<title>query</title><entry><title>A paper</title></entry></feed>")
TRUNCATED_FEED = feed([entry_pool()[PID][1]])[:700]


def session_dir(tmp_path: Path, figures: bool = True) -> Path:
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "session.yaml").write_text(
        "event: テスト\ndate: 2026-10-21\npresenter: 山田\nrankings:\n  - name: Picks\n"
        f"    source: list\n    papers:\n      - {{id: \"{PID}\"}}\n"
        + ("" if figures else f"papers:\n  \"{PID}\":\n    figures: none\n"),
        encoding="utf-8")
    return folder


def fetch(server: Hostile, tmp_path: Path, figures: bool = True, **env: str):
    return run_deckgen("fetch", str(session_dir(tmp_path, figures)), env=environment(
        DECKGEN_ARXIV_API_URL=f"{server.url}/api/query", DECKGEN_ARXIV_URL=server.url,
        DECKGEN_AR5IV_URL=server.url, **env))


# --- bounds: bytes after decompression, a deadline per request ---------------------------------

def test_a_gzip_bomb_stops_at_the_byte_limit(tmp_path: Path) -> None:
    with Hostile() as server:
        server.route("/api/query", bomb(ATOM))  # 2 MB on the wire, 2 GB inflated
        line = one_line(fetch(server, tmp_path))
    assert f"{server.host}: the answer to {server.url}/api/query?" in line
    assert "is over the 32 MB limit (counted after decompression)" in line
    assert line.endswith("check the network or DECKGEN_ARXIV_API_URL")


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_a_server_sending_a_byte_at_a_time_meets_the_deadline(tmp_path: Path,
                                                              headers_too: bool) -> None:
    with Hostile() as server:
        server.route("/api/query", drip(feed([]), ATOM, every=0.2, headers_too=headers_too))
        line = one_line(fetch(server, tmp_path))
    assert f"{server.host}: no complete answer to {server.url}/api/query?" in line
    assert "within 2 s (the server sends too slowly)" in line
    assert "raise DECKGEN_HTTP_DEADLINE on a slow connection" in line


# --- answers that are not what they claim to be ---------------------------------------------------

@pytest.mark.parametrize("body, what", [
    (PORTAL, "an HTML page where arXiv's Atom feed was expected (a captive portal or proxy?)"),
    (b"<!DOCTYPE html><html><body>Sign in<br></body></html>",
     "an HTML page where arXiv's Atom feed was expected (a captive portal or proxy?)"),
    (b"<?xml version='1.0'?><rss version='2.0'><channel/></rss>",
     "XML that is not an Atom feed (<rss>) where arXiv's Atom feed was expected"),
    (NO_IDS, "an Atom feed with 1 of 1 entries without an id where arXiv's Atom feed was "
             "expected"),
], ids=["xhtml-portal", "html-portal", "rss", "no-ids"])
def test_an_answer_of_the_wrong_kind_is_named_not_taken_for_unknown_ids(
        tmp_path: Path, body: bytes, what: str) -> None:
    with Hostile() as server:
        server.route("/api/query", plain(body, "text/html" if b"html" in body else ATOM))
        line = one_line(fetch(server, tmp_path, DECKGEN_HTTP_RETRIES="3"))
        assert len(server.hits("/api/query")) == 1  # the same page again would not help
    assert line == f"Error: {server.host} answered {what}: check the network or " \
                   "DECKGEN_ARXIV_API_URL"
    assert "does not know" not in line


def test_a_feed_cut_short_without_a_length_is_named_as_cut(tmp_path: Path) -> None:
    with Hostile() as server:
        server.route("/api/query", until_close(TRUNCATED_FEED, ATOM))
        line = one_line(fetch(server, tmp_path))
    assert line.startswith(f"Error: {server.host}: answer cut short (the XML ends early")
    assert "after 1 try" in line


def test_a_redirect_loop_is_one_line(tmp_path: Path) -> None:
    with Hostile() as server:
        server.route("/api/query", lambda seen: [head(302, {"Location": "/api/query?again"}, 0)])
        line = one_line(fetch(server, tmp_path))
    assert line.startswith(f"Error: {server.host}: TooManyRedirects for {server.url}/api/query")


@pytest.mark.parametrize("source, route, body, expected, variable", [
    ("hf-daily:date=2026-06-12", "/api/daily_papers", PORTAL,
     "an HTML page where Hugging Face's Daily Papers JSON was expected (a captive portal or "
     "proxy?)", "HF_ENDPOINT"),
    ("hf-daily:date=2026-06-12", "/api/daily_papers", b"[" * 200_000 + b"]" * 200_000,
     "JSON nested too deeply to read where Hugging Face's Daily Papers JSON was expected",
     "HF_ENDPOINT"),
    ("arxiv-listing:cats=cs.LG", "/rss/cs.LG", PORTAL,
     "an HTML page where arXiv's listing feed (RSS or Atom) was expected (a captive portal or "
     "proxy?)", "DECKGEN_ARXIV_RSS_URL"),
], ids=["hf-portal", "hf-deep-json", "listing-portal"])
def test_ranking_sources_name_a_wrong_answer(source: str, route: str, body: bytes,
                                             expected: str, variable: str) -> None:
    with Hostile() as server:
        server.route(route, plain(body, "application/json"))
        proc = run_deckgen("rank", source, env=environment(**{variable: server.url}))
    assert one_line(proc) == f"Error: {server.host} answered {expected}: check the network " \
                             f"or {variable}"


# --- Retry-After -------------------------------------------------------------------------------

def test_retry_after_is_read_and_clamped_never_raised() -> None:
    class Answer:
        def __init__(self, value: str) -> None:
            self.headers = {"Retry-After": value}

    # NaN and garbage: the backoff applies; the past and negatives: no wait; huge: reported
    cases = {"nan": None, "NaN": None, "-5": 0.0, "-inf": 0.0, "": None,
             "Wed, 99 Foo 2026 99:99 GMT": None, "Sun, 06 Nov 1994 08:49:37 GMT": 0.0,
             "7": 7.0, "1e999": float("inf")}
    assert {value: _retry_after(Answer(value)) for value in cases} == cases  # type: ignore[arg-type]


def test_retry_after_nan_falls_back_to_the_backoff_and_the_fetch_succeeds(tmp_path: Path) -> None:
    answers = iter([[head(503, {"Retry-After": "nan"}, 0)]])
    good = plain(feed([entry_pool()[PID][1]]), ATOM)

    def api(seen: Seen):
        return next(answers, None) or good(seen)
    with Hostile() as server:
        server.route("/api/query", api)
        proc = fetch(server, tmp_path, figures=False, DECKGEN_HTTP_RETRIES="1")
    line = one_line(proc, 0)  # the retry, said as a warning; then the answer came
    assert f"{server.host}: HTTP 503" in line and "retrying in 0.0 s" in line
    assert PID in (tmp_path / "s" / "deckgen.lock.json").read_text(encoding="utf-8")


def test_a_huge_retry_after_is_reported_not_waited(tmp_path: Path) -> None:
    with Hostile() as server:
        server.route("/api/query", lambda seen: [head(429, {"Retry-After": "1e999"}, 0)])
        line = one_line(fetch(server, tmp_path, DECKGEN_HTTP_RETRIES="1"))
    assert line == f"Error: {server.host} asks to wait more than 11 days (Retry-After); " \
                   "try again later"


# --- figure images: only from arXiv and the configured endpoints, a bounded number -----------

def latexml_page(images: list[str]) -> bytes:
    imgs = "".join(f'<img src="{src}" width="10" height="10">' for src in images)
    return (f'<html><body><div class="ltx_page_main"><article class="ltx_document">'
            f'<figure class="ltx_figure">{imgs}<figcaption><span class="ltx_tag '
            f'ltx_tag_figure">Figure 1: </span>Overview.</figcaption></figure>'
            f'</article></div></body></html>').encode()


@pytest.mark.parametrize("images, note", [
    (["http://localhost:{port}/img/a.png"],
     "Figure 1 has an image on localhost:{port} (http://localhost:{port}/img/a.png), which is "
     "neither arXiv nor a configured endpoint (put the figure in figures/ by hand); skipped"),
    ([f"/img/{n}.png" for n in range(10_000)],
     "Figure 1 is drawn from 10000 images, more than the 32 deckgen downloads for one figure "
     "(put it in figures/ by hand); skipped"),
], ids=["other-host", "ten-thousand"])
def test_figure_images_come_only_from_known_hosts_and_in_bounded_number(
        tmp_path: Path, images: list[str], note: str) -> None:
    with Hostile() as server:
        port = server.url.rsplit(":", 1)[1]
        server.route("/api/query", plain(feed([entry_pool()[PID][1]]), ATOM))
        server.route("/html/", plain(latexml_page([i.format(port=port) for i in images]),
                                     "text/html"))
        server.route("/img/", plain(b"\x89PNG\r\n\x1a\n", "image/png"))
        line = one_line(fetch(server, tmp_path), 0)
        assert server.hits("/img/") == []
    assert line == f"warning: {PID}: {note.format(port=port)}"


def test_the_figure_hosts_are_arxiv_and_the_configured_endpoints() -> None:
    ep = Endpoints.from_env({"DECKGEN_ARXIV_URL": "http://127.0.0.1:8000"})
    assert ep.serves_figures("https://arxiv.org/html/2606.13681v1/x1.png")
    assert ep.serves_figures("https://ar5iv.labs.arxiv.org/html/2303.17564/assets/x1.png")
    assert ep.serves_figures("http://127.0.0.1:8000/img/a.png")
    assert not ep.serves_figures("http://127.0.0.1:8001/img/a.png")
    assert not ep.serves_figures("https://arxiv.org.evil.example/x.png")
    assert not ep.serves_figures("ftp://arxiv.org/x.png")
