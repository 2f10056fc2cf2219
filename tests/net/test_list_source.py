"""`--source list:…` takes `name=` as every source does, and `surveyed=` for when the list
was made, against recorded arXiv answers on 127.0.0.1."""

from __future__ import annotations

import pytest

from deckgen.net.sources import parse_source_option, rank
from deckgen.net.sources.base import SourceError
from tests.conftest import run_cli
from tests.net.test_sources import ranked_ids
from tests.recorded import RecordedWeb


def test_a_list_file_takes_a_name_with_a_space(web: RecordedWeb, tmp_path) -> None:
    papers = tmp_path / "papers.txt"
    papers.write_text("1202.0819\n1512.03385\n", encoding="utf-8")
    result = run_cli("rank", f"list:{papers},name=top recent")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# top recent: ")
    assert ranked_ids(result.output) == ["1202.0819", "1512.03385"]


def test_ids_take_a_name_and_a_survey_date_in_any_place() -> None:
    query = parse_source_option("list:name=Top Recent,2401.12345,2401.12346v2,"
                                "surveyed=2020-09-25")
    assert query.text == "2401.12345,2401.12346v2"
    assert dict(query.params) == {"name": "Top Recent", "surveyed": "2020-09-25"}
    result = rank(query, 10, http=None)  # ids alone: nothing is asked of the network
    assert (result.name, result.surveyed_at) == ("Top Recent", "2020-09-25")
    assert [str(p.ref) for p in result.papers] == ["2401.12345", "2401.12346v2"]
    assert rank(parse_source_option("list:2401.12345"), 10, http=None).surveyed_at is None


@pytest.mark.parametrize(("option", "message"), [
    ("list:2401.12345,surveyed=25.09.2020", "surveyed=25.09.2020: not a date"),
    ("list:2401.12345,name=", "name= needs a value"),
])
def test_a_bad_setting_is_one_line(option: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        rank(parse_source_option(option), 10, http=None)

