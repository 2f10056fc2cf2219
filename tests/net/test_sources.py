"""Ranking sources through the real `deckgen rank` command against recorded answers."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli
from tests.recorded import REAL, RecordedWeb


@pytest.fixture
def web(web: RecordedWeb, monkeypatch: pytest.MonkeyPatch) -> RecordedWeb:
    monkeypatch.delenv("HF_TOKEN", raising=False)  # the recorded web (conftest), no token
    return web


def ranked_ids(output: str) -> list[str]:
    return [line.split()[1] for line in output.splitlines() if line and not line.startswith("#")]


def recorded_daily(name: str = "sotawhat_daily_papers_2026-06-12.json") -> list[dict]:
    return json.loads((REAL / "hf_daily_papers_api" / name).read_text(encoding="utf-8"))


def test_hf_daily_ranks_a_day_by_upvotes_highest_first(web: RecordedWeb) -> None:
    result = run_cli("rank", "hf-daily:date=2026-06-12", "--top", "5")
    assert result.exit_code == 0, result.output
    votes = {i["paper"]["id"]: i["paper"]["upvotes"] for i in recorded_daily()}
    ids = ranked_ids(result.output)
    assert len(ids) == 5
    assert [votes[i] for i in ids] == sorted(votes.values(), reverse=True)[:5]
    assert web.hits("/api/daily_papers")[0].arg("date") == "2026-06-12"


def test_hf_daily_reads_every_page_of_a_month(web: RecordedWeb) -> None:
    result = run_cli("rank", "hf-daily:month=2026-06", "--top", "100")
    assert result.exit_code == 0, result.output
    # 30 recorded items, served at most 20 per page: the ranking needs pages 0 and 1
    assert sorted(ranked_ids(result.output)) == sorted(i["paper"]["id"] for i in recorded_daily())
    assert [r.arg("p") for r in web.hits("/api/daily_papers")] == ["0", "1", "2"]


def test_hf_daily_takes_an_iso_week_and_sends_hf_token_only_to_hugging_face(
        web: RecordedWeb, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_secret_for_test")
    result = run_cli("rank", "hf-daily:week=2026-W31")
    assert result.exit_code == 0, result.output
    week_items = recorded_daily("allnewsai_daily_papers_2026-07-31_pretty.json")
    assert set(ranked_ids(result.output)) == {i["paper"]["id"] for i in week_items}
    assert "Σ-Mem" in result.output or "β-OPSD" in result.output  # non-ASCII titles survive
    assert web.hits("/api/daily_papers")[0].headers["authorization"] == "Bearer hf_secret_for_test"
    assert web.hits("/api/daily_papers")[0].headers["user-agent"].startswith("deckgen/")


def test_hf_trending_keeps_the_sites_order(web: RecordedWeb) -> None:
    result = run_cli("rank", "hf-trending", "--top", "3")
    assert result.exit_code == 0, result.output
    assert ranked_ids(result.output) == [i["paper"]["id"] for i in recorded_daily()[:3]]
    assert web.hits("/api/daily_papers")[0].arg("sort") == "trending"


def test_pwc_trending_skips_rows_without_an_arxiv_id(web: RecordedWeb) -> None:
    result = run_cli("rank", "pwc-trending:days=30", "--top", "5")
    assert result.exit_code == 0, result.output
    ids = ranked_ids(result.output)
    assert len(ids) == 5 and all(i[0].isdigit() for i in ids)
    assert web.hits("/api/v1/papers/trending")[0].arg("max_age_days") == "30"


def test_arxiv_search_asks_for_newest_first(web: RecordedWeb) -> None:
    result = run_cli("rank", "arxiv:cat=cs.LG", "--top", "5")
    assert result.exit_code == 0, result.output
    hit = web.hits("/api/query")[0]
    assert (hit.arg("search_query"), hit.arg("sortBy"), hit.arg("sortOrder")) == (
        "cat:cs.LG", "submittedDate", "descending")
    ids = ranked_ids(result.output)
    assert len(ids) == 5 and all("v" not in i for i in ids)  # the lock pins versions, not ranks


def test_arxiv_listing_takes_new_and_cross_lists_in_feed_order(web: RecordedWeb) -> None:
    result = run_cli("rank", "arxiv-listing:cats=cs.LG+cs.AI+cs.CL+stat.ML")
    assert result.exit_code == 0, result.output
    assert ranked_ids(result.output) == ["2609.26811", "2609.26820", "2205.06398"]  # no replace
    atom = run_cli("rank", "arxiv-listing:cats=cs.LG,format=atom")
    assert ranked_ids(atom.output)[0] == "2609.28553"


def test_an_empty_weekend_feed_is_an_empty_ranking_not_an_error(web: RecordedWeb) -> None:
    result = run_cli("rank", "arxiv-listing:cats=cs.CL")
    assert result.exit_code == 0, result.output
    assert "(no papers)" in result.output


def test_list_reads_ids_urls_and_old_style_ids_and_drops_duplicates(web: RecordedWeb) -> None:
    result = run_cli("rank", "list:2401.12345,https://arxiv.org/abs/hep-ex/0406020v1,"
                             "https://arxiv.org/pdf/2401.12345v2,https://arxiv.org/pdf/2402.00001v3.pdf")
    assert result.exit_code == 0, result.output
    assert ranked_ids(result.output) == ["2401.12345", "hep-ex/0406020v1", "2402.00001v3"]
    longer = run_cli("rank", "list:https://arxiv.org/abs/2401.123456")
    assert longer.exit_code == 1  # not silently read as 2401.12345


def test_a_list_keeps_every_id_whatever_top_says(web: RecordedWeb) -> None:
    ids = [f"2401.{n:05d}" for n in range(1, 13)]
    result = run_cli("rank", "list:" + ",".join(ids), "--top", "3")
    assert ranked_ids(result.output) == ids


def test_list_reads_a_text_file_and_names_a_bad_line(web: RecordedWeb, tmp_path) -> None:
    good = tmp_path / "papers.txt"
    good.write_text("# my picks\n1202.0819  # comb\nhttps://arxiv.org/abs/1512.03385\n")
    result = run_cli("rank", f"list:{good}")
    assert ranked_ids(result.output) == ["1202.0819", "1512.03385"]
    bad = tmp_path / "bad.txt"
    bad.write_text("1202.0819\n1202.08\n")
    result = run_cli("rank", f"list:{bad}")
    assert result.exit_code == 1
    assert f"{bad}:2: '1202.08' is not an arXiv id" in result.output
    assert "Traceback" not in result.output


def test_list_takes_a_pages_arxiv_links_in_page_order(web: RecordedWeb, tmp_path) -> None:
    page = tmp_path / "saved.html"
    page.write_text('<html><body><a href="https://arxiv.org/abs/2606.13392">a</a>'
                    '<a href="/pdf/hep-ex/0406020v1">b</a><a href="https://example.org/x">c</a>'
                    '<a href="https://arxiv.org/abs/2606.13392v2">again</a>'
                    '<a href="https://arxiv.org/html/1202.0819v1">d</a></body></html>')
    result = run_cli("rank", f"list:{page}")
    assert ranked_ids(result.output) == ["2606.13392", "hep-ex/0406020v1", "1202.0819v1"]
    live = run_cli("rank", f"list:{web.url}/abs/2508.16190")  # a real recorded abs page
    assert live.exit_code == 0, live.output
    assert ranked_ids(live.output)[0] == "2508.16190"


@pytest.mark.parametrize(("option", "message"), [
    ("hf-dialy:month=2026-10", "did you mean 'hf-daily'?"),
    ("hf-daily:monht=2026-10", "unknown key 'monht'"),
    ("hf-daily", "give exactly one of date=YYYY-MM-DD, week=YYYY-Www or month=YYYY-MM"),
    ("hf-daily:month=2026-1", "month=2026-1 is not YYYY-MM"),
    ("pwc-trending:days=999", "days=999 must be a whole number from 1 to 365"),
    ("arxiv:cat=cs.LG,q=x", "give cat= or q="),
    ("arxiv-listing:cats=cs.LG,types=old", "types=old is not one of"),
    ("list:", "give ids, a file or a URL"),
])
def test_a_bad_source_option_is_one_line_naming_the_fix(web: RecordedWeb, option: str,
                                                        message: str) -> None:
    result = run_cli("rank", option)
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert web.requests == []  # refused before any request


def test_a_list_file_larger_than_a_list_is_refused_before_it_is_read(tmp_path) -> None:
    from deckgen.limits import MAX_LIST_BYTES

    big = tmp_path / "papers.txt"
    with big.open("wb") as f:  # sparse: the size is what counts, not the content
        f.truncate(MAX_LIST_BYTES + 1)
    result = run_cli("rank", f"list:{big}")
    assert result.exit_code == 1
    assert f"list:{big}: the file is larger than the 8 MB" in result.output
