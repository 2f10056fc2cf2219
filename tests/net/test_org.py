"""`org:` written into session.yaml after the papers were fetched counts on the next fetch and
build, with no request: the lock notes where a paper's affiliations came from."""

from __future__ import annotations

import json
from pathlib import Path

from pptx import Presentation

from tests.conftest import run_cli
from tests.net.test_fetch import lock_of, write_session
from tests.recorded import RecordedWeb


def deck_text(session: Path) -> str:
    deck = Presentation(str(session / "build" / f"{session.name}.pptx"))
    return "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if shape.has_text_frame)


def test_an_org_added_after_the_fetch_is_used_without_a_request(web: RecordedWeb,
                                                                tmp_path: Path) -> None:
    session = write_session(tmp_path / "s", ["1202.0819", "2508.16190"])
    assert run_cli("fetch", str(session)).exit_code == 0
    assert lock_of(session)["papers"]["2508.16190"]["affiliations"] == []
    arxiv_aff = lock_of(session)["papers"]["1202.0819"]["affiliations"]
    assert arxiv_aff  # arXiv names them for this one
    sent = len(web.requests)
    write_session(session, ["1202.0819", "2508.16190"],
                  orgs={"2508.16190": "Hugging Face Org", "1202.0819": "Org A"})
    again = run_cli("fetch", str(session))
    assert again.exit_code == 0, again.output
    assert len(web.requests) == sent
    papers = lock_of(session)["papers"]
    assert papers["2508.16190"]["affiliations"] == ["Hugging Face Org"]
    assert papers["1202.0819"]["affiliations"] == arxiv_aff  # arXiv's own still win
    # changed again: the new one replaces the org it came from; removed: it goes
    write_session(session, ["1202.0819", "2508.16190"], orgs={"2508.16190": "Meißner Lab"})
    assert run_cli("fetch", str(session)).exit_code == 0
    assert lock_of(session)["papers"]["2508.16190"]["affiliations"] == ["Meißner Lab"]
    write_session(session, ["1202.0819", "2508.16190"])
    assert run_cli("fetch", str(session)).exit_code == 0
    assert lock_of(session)["papers"]["2508.16190"]["affiliations"] == []
    assert len(web.requests) == sent


def test_an_offline_build_shows_an_org_added_after_the_fetch(web: RecordedWeb,
                                                             tmp_path: Path) -> None:
    session = write_session(tmp_path / "s", ["2508.16190"])
    assert run_cli("fetch", str(session)).exit_code == 0
    lock = session / "deckgen.lock.json"
    before = lock.read_bytes()
    write_session(session, ["2508.16190"], orgs={"2508.16190": "Hugging Face Org"})
    built = run_cli("build", str(session), "--offline", "--no-pdf")
    assert built.exit_code == 0, built.output
    assert "Hugging Face Org の研究" in deck_text(session)
    assert lock.read_bytes() == before  # an offline build writes no lock


def test_affiliations_from_the_html_page_give_way_to_an_org(web: RecordedWeb,
                                                             tmp_path: Path) -> None:
    session = write_session(tmp_path / "s", ["2508.16190"])
    assert run_cli("fetch", str(session)).exit_code == 0
    lock = lock_of(session)
    lock["papers"]["2508.16190"]["affiliations"] = ["From The Page"]
    lock["papers"]["2508.16190"]["extra"]["affiliations_from"] = "html"
    (session / "deckgen.lock.json").write_text(json.dumps(lock), encoding="utf-8")
    write_session(session, ["2508.16190"], orgs={"2508.16190": "Hugging Face Org"})
    assert run_cli("fetch", str(session)).exit_code == 0
    assert lock_of(session)["papers"]["2508.16190"]["affiliations"] == ["Hugging Face Org"]
