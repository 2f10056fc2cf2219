"""`deckgen fetch` and the HTTP layer against recorded arXiv answers, with injected faults."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deckgen.net.http import Endpoints, NetworkError, PoliteSession
from tests.conftest import copy_example, run_cli
from tests.fakeweb import Reply, Request
from tests.recorded import RecordedWeb

ROOT = Path(__file__).resolve().parents[2]


def write_session(folder: Path, ids: list[str], orgs: dict[str, str] | None = None) -> Path:
    """A survey session listing `ids` in one ranking."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in ids:
        org = f", org: {json.dumps((orgs or {})[i])}" if i in (orgs or {}) else ""
        rows.append(f"      - {{id: {json.dumps(i)}{org}}}")
    (folder / "session.yaml").write_text(
        "event: テスト\ndate: 2026-10-21\npresenter: 山田\nrankings:\n  - name: Picks\n"
        "    source: list\n    papers:\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return folder


def lock_of(folder: Path) -> dict:
    return json.loads((folder / "deckgen.lock.json").read_text(encoding="utf-8"))


def pool_ids(web: RecordedWeb, n: int) -> list[str]:
    return [i for i in sorted(web.pool) if "/" not in i][:n]


def test_fetch_sends_one_request_per_100_ids_and_pins_versions(web: RecordedWeb, tmp_path) -> None:
    ids = pool_ids(web, 110)
    assert len(ids) == 110
    session = write_session(tmp_path / "s", ids)
    result = run_cli("fetch", str(session))
    assert result.exit_code == 0, result.output
    hits = web.hits("/api/query")
    assert [len(h.arg("id_list").split(",")) for h in hits] == [100, 10]
    papers = lock_of(session)["papers"]
    assert sorted(papers) == sorted(ids)
    for pid in ids:
        assert papers[pid]["version"] == int(web.pool[pid][0][1:])
        assert papers[pid]["abs_url"] == f"https://arxiv.org/abs/{pid}{web.pool[pid][0]}"


def test_a_second_fetch_sends_no_request(web: RecordedWeb, tmp_path) -> None:
    session = write_session(tmp_path / "s", ["1202.0819", "1512.03385"])
    assert run_cli("fetch", str(session)).exit_code == 0
    before = len(web.requests)
    again = run_cli("fetch", str(session))
    assert again.exit_code == 0
    assert "nothing fetched" in again.output
    assert len(web.requests) == before


def test_refresh_fetches_again(web: RecordedWeb, tmp_path) -> None:
    session = write_session(tmp_path / "s", ["1202.0819"])
    run_cli("fetch", str(session))
    run_cli("fetch", str(session), "--refresh")
    assert len(web.hits("/api/query")) == 2


def test_old_style_ids_and_pinned_versions_work(web: RecordedWeb, tmp_path) -> None:
    session = write_session(tmp_path / "s", ["hep-ex/0406020v1", "astro-ph/0601001"])
    result = run_cli("fetch", str(session))
    assert result.exit_code == 0, result.output
    papers = lock_of(session)["papers"]
    assert papers["hep-ex/0406020"]["version"] == 1
    assert papers["hep-ex/0406020"]["affiliations"] == ["for the ATLAS and CMS Collaborations"]
    assert papers["astro-ph/0601001"]["affiliations"]  # arxiv:affiliation on every author


def test_affiliations_come_from_arxiv_else_from_the_ranking_source(web: RecordedWeb,
                                                                   tmp_path) -> None:
    session = write_session(tmp_path / "s", ["1202.0819", "2508.16190"],
                            orgs={"1202.0819": "Org A", "2508.16190": "Hugging Face Org"})
    assert run_cli("fetch", str(session)).exit_code == 0
    papers = lock_of(session)["papers"]
    assert papers["1202.0819"]["affiliations"][:2] == [
        "Swinburne University of Technology", "University of Western Australia"]
    assert papers["2508.16190"]["affiliations"] == ["Hugging Face Org"]
    assert "Meißner" in " ".join(papers["2508.16190"]["authors"])


def test_unknown_ids_are_listed_once_and_the_rest_is_stored(web: RecordedWeb, tmp_path) -> None:
    session = write_session(tmp_path / "s", ["1202.0819", "0808.05394", "0000.0000", "1512.03385"])
    result = run_cli("fetch", str(session))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "arXiv metadata 4/4: 2 papers stored"  # stderr is no terminal here
    assert result.stdout == ""
    lines = lines[1:]
    assert len(lines) == 1 and "Traceback" not in result.output
    assert "arXiv does not know 0808.05394, 0000.0000" in lines[0]
    assert "the other 2 are stored" in lines[0]
    assert sorted(lock_of(session)["papers"]) == ["1202.0819", "1512.03385"]
    assert len(web.hits("/api/query")) == 1


def test_a_malformed_id_is_named_and_the_batch_goes_on_without_it(web: RecordedWeb,
                                                                  tmp_path) -> None:
    web.rejects.add("1512.03385")
    session = write_session(tmp_path / "s", ["1202.0819", "1512.03385"])
    result = run_cli("fetch", str(session))
    assert result.exit_code == 1
    assert "arXiv rejects 1512.03385 as malformed" in result.output
    assert list(lock_of(session)["papers"]) == ["1202.0819"]


def test_503_then_success_is_retried(web: RecordedWeb, tmp_path) -> None:
    web.fail("/api/query", Reply(503, b"Service Unavailable"))
    session = write_session(tmp_path / "s", ["1202.0819"])
    result = run_cli("fetch", str(session))
    assert result.exit_code == 0, result.output
    assert len(web.hits("/api/query")) == 2
    assert "1202.0819" in lock_of(session)["papers"]


@pytest.mark.parametrize("fault", [
    Reply(429, b"Rate exceeded."),  # no Retry-After, as arXiv sends it
    Reply(200, b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><entry>"),
    Reply(200, b"", cut=0),
], ids=["429", "truncated-xml", "empty-body"])
def test_transient_faults_are_retried_until_the_real_answer(web: RecordedWeb, tmp_path,
                                                            fault: Reply) -> None:
    web.fail("/api/query", fault, fault)
    session = write_session(tmp_path / "s", ["1202.0819"])
    result = run_cli("fetch", str(session))
    assert result.exit_code == 0, result.output
    assert len(web.hits("/api/query")) == 3


def test_faults_that_never_end_give_one_line_and_leave_the_lock_alone(web: RecordedWeb,
                                                                      tmp_path) -> None:
    session = write_session(tmp_path / "s", ["1202.0819"])
    copy = copy_example(tmp_path)
    lock_before = (copy / "deckgen.lock.json").read_bytes()
    web.fail("/api/query", *[Reply(503, b"busy")] * 10)
    result = run_cli("fetch", str(session))
    assert result.exit_code == 1
    *retries, error = result.stderr.strip().splitlines()  # each retry is a warning line
    assert len(retries) == 4 and all("retrying in" in line for line in retries)
    assert error.startswith("Error: ") and "HTTP 503" in error and "after 5 tries" in error
    assert not (session / "deckgen.lock.json").exists()
    assert not list(session.glob(".*.tmp"))
    assert (copy / "deckgen.lock.json").read_bytes() == lock_before


def test_broken_json_from_hugging_face_is_retried_then_reported(web: RecordedWeb) -> None:
    web.fail("/api/daily_papers", *[Reply(200, b'[{"paper": {"id": "2606.1')] * 5)
    result = run_cli("rank", "hf-daily:date=2026-06-12")
    assert result.exit_code == 1
    assert "broken JSON" in result.output and "HF_ENDPOINT" in result.output


def test_connection_refused_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    with RecordedWeb() as server:
        env = server.env()
    for key, value in env.items():  # the server is gone: its port now refuses
        monkeypatch.setenv(key, value)
    session = write_session(tmp_path / "s", ["1202.0819"])
    result = run_cli("fetch", str(session))
    assert result.exit_code == 1
    assert "cannot connect (connection refused)" in result.output
    assert "Traceback" not in result.output


def test_a_server_that_does_not_answer_times_out(web: RecordedWeb, tmp_path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DECKGEN_HTTP_TIMEOUT", "0.3")
    monkeypatch.setenv("DECKGEN_HTTP_RETRIES", "1")
    web.fail("/api/query", Reply(200, b"", delay=1.0), Reply(200, b"", delay=1.0))
    session = write_session(tmp_path / "s", ["1202.0819"])
    result = run_cli("fetch", str(session))
    assert result.exit_code == 1
    assert "no answer within 0.3 s after 2 tries" in result.output


def test_retry_after_is_honoured_and_pacing_keeps_the_interval() -> None:
    with RecordedWeb() as web:
        hf = web.url.replace("127.0.0.1", "localhost")  # another host name: paced apart
        env = {**web.env(), "HF_ENDPOINT": hf, "DECKGEN_ARXIV_DELAY": "3",
               "DECKGEN_HTTP_BACKOFF": "2"}
        http = PoliteSession(Endpoints.from_env(env))
        pauses: list[float] = []
        http._sleep = pauses.append  # record the waits instead of sleeping them
        web.fail("/api/query", Reply(429, b"slow down", {"Retry-After": "7"}))
        http.get(f"{web.url}/api/query", params={"id_list": "1202.0819"})
        assert pauses[0] == 7.0  # Retry-After, not the backoff
        assert 2.5 < pauses[1] <= 3.0  # then the 3 s interval between arXiv requests
        web.fail("/api/daily_papers", Reply(503, b""), Reply(503, b""))
        pauses.clear()
        http.get(f"{hf}/api/daily_papers")
        assert pauses == [2.0, 4.0]  # exponential backoff without Retry-After


def test_a_retry_after_beyond_reason_is_reported_not_waited() -> None:
    with RecordedWeb() as web:
        http = PoliteSession(Endpoints.from_env(web.env()))
        web.fail("/api/query", Reply(429, b"", {"Retry-After": "3600"}))
        with pytest.raises(NetworkError, match="asks to wait 3600 s"):
            http.get(f"{web.url}/api/query")


def test_bad_endpoint_variables_are_named(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("DECKGEN_ARXIV_DELAY", "fast")
    session = write_session(tmp_path / "s", ["1202.0819"])
    result = run_cli("fetch", str(session))
    assert result.exit_code == 1
    assert "DECKGEN_ARXIV_DELAY='fast' is not a number of seconds" in result.output


def test_build_fetches_what_is_missing_unless_offline(web: RecordedWeb, tmp_path) -> None:
    session = write_session(tmp_path / "s", ["1202.0819", "1512.03385"])
    offline = run_cli("build", str(session), "--offline", "--no-pdf")
    assert offline.exit_code == 1
    assert "no metadata for 1202.0819, 1512.03385" in offline.output
    assert web.requests == []
    built = run_cli("build", str(session), "--no-pdf")
    assert built.exit_code == 0, built.output
    assert (session / "build" / "s.pptx").exists()
    assert len(web.hits("/api/query")) == 1


def test_building_the_example_fetches_no_metadata_and_asks_for_figures_once(web: RecordedWeb,
                                                                      tmp_path) -> None:
    session = copy_example(tmp_path)
    before = (session / "deckgen.lock.json").read_bytes()
    result = run_cli("build", str(session), "--no-pdf")
    assert result.exit_code == 0, result.output
    assert web.hits("/api/query") == []  # the metadata is all in the lock
    assert (session / "deckgen.lock.json").read_bytes() == before
    tried = len(web.requests)  # figure sources were asked once (this server has none)
    again = run_cli("build", str(session), "--no-pdf")
    assert again.exit_code == 0, again.output
    assert len(web.requests) == tried


def test_ctrl_c_midway_keeps_the_batches_already_fetched(web: RecordedWeb, tmp_path) -> None:
    ids = pool_ids(web, 110)
    session = write_session(tmp_path / "s", ids)
    # the first batch is answered; the second hangs until the user presses Ctrl-C
    original = web.routes[:]
    first = {"done": False}

    def slow_second(request):
        if first["done"]:
            return Reply(200, b"", delay=20)
        first["done"] = True
        return web.arxiv_query(request)
    web.routes[:] = [r for r in original if r[1] != "/api/query"]
    web.route("/api/query", slow_second)
    env = {**os.environ, **web.env(), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "deckgen", "fetch", str(session)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while len(web.hits("/api/query")) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(web.hits("/api/query")) == 2
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        web.routes[:] = original
    assert proc.returncode == 130
    progress, *rest = err.strip().splitlines()  # the first batch's line, then Ctrl-C's
    assert progress == "arXiv metadata 100/110: 100 papers stored"
    assert "Traceback" not in err and len(rest) == 1
    assert len(lock_of(session)["papers"]) == 100
    assert not list(session.glob(".*.tmp"))


def test_an_answer_cut_mid_body_is_retried(web: RecordedWeb, tmp_path) -> None:
    real = web.arxiv_query(Request("GET", "/api/query", {"id_list": ["1202.0819"]}, {}, b""))
    web.fail("/api/query", Reply(200, real.body, dict(real.headers), cut=50))
    session = write_session(tmp_path / "s", ["1202.0819"])
    result = run_cli("fetch", str(session))
    assert result.exit_code == 0, result.output
    assert len(web.hits("/api/query")) == 2
    assert "1202.0819" in lock_of(session)["papers"]


@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_non_finite_or_negative_settings_are_refused(monkeypatch: pytest.MonkeyPatch, tmp_path,
                                                     value: str) -> None:
    monkeypatch.setenv("DECKGEN_ARXIV_DELAY", value)
    session = write_session(tmp_path / "s", ["1202.0819"])
    result = run_cli("fetch", str(session))
    assert result.exit_code == 1
    assert f"DECKGEN_ARXIV_DELAY='{value}' must be a finite number" in result.output


def test_refresh_and_offline_together_are_refused(tmp_path) -> None:
    session = write_session(tmp_path / "s", ["1202.0819"])
    result = run_cli("fetch", str(session), "--refresh", "--offline")
    assert result.exit_code == 1 and "contradict" in result.output


def test_progress_is_reported_per_batch_and_per_paper(web: RecordedWeb, tmp_path) -> None:
    from deckgen.net.fetch import fetch_session

    session = write_session(tmp_path / "s", pool_ids(web, 110)[:3])
    batches: list[tuple[int, int]] = []
    papers: list[tuple[int, int]] = []
    fetch_session(session, progress=lambda *a: batches.append(a),
                  figure_progress=lambda *a: papers.append(a))
    ids = sorted(pool_ids(web, 110)[:3])
    assert batches == [(3, 3, "3 papers stored")]
    assert papers[::2] == [(0, 3, ids[0]), (1, 3, ids[1]), (2, 3, ids[2])]
    assert [p[:2] for p in papers[1::2]] == [(1, 3), (2, 3), (3, 3)]
