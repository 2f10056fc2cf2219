"""The one arXiv id grammar: what `parse_arxiv_id` accepts, and that the deck check agrees."""

from __future__ import annotations

import re

import pytest

from deckgen.model.ids import ARXIV_ID_PATTERN, ArxivRef, parse_arxiv_id


@pytest.mark.parametrize(("text", "ref"), [
    ("2401.12345", ArxivRef("2401.12345")),
    ("0704.0001", ArxivRef("0704.0001")),           # four digits after the dot (before 2015)
    ("2401.12345v2", ArxivRef("2401.12345", 2)),
    ("2401.12345v12", ArxivRef("2401.12345", 12)),
    (" 2606.13681 ", ArxivRef("2606.13681")),        # surrounding spaces are not the id's
    ("hep-ex/0406020", ArxivRef("hep-ex/0406020")),
    ("hep-ex/0406020v1", ArxivRef("hep-ex/0406020", 1)),
    ("math.AG/0309136", ArxivRef("math.AG/0309136")),  # old style with a subject class
    ("cond-mat/9901001v3", ArxivRef("cond-mat/9901001", 3)),
])
def test_ids_are_parsed_into_base_and_version(text: str, ref: ArxivRef):
    assert parse_arxiv_id(text) == ref
    assert str(ref) == text.strip()


@pytest.mark.parametrize("text", [
    "", "2401.123", "2401.123456", "24011.2345", "2401.12345v", "2401.12345v2.pdf",
    "arXiv:2401.12345", "https://arxiv.org/abs/2401.12345", "hep-ex/040602", "HEP-EX/0406020",
    "hep-ex0406020", "-ex/0406020", "hep-/0406020", "math.ag/0309136", "2401.12345 v2",
])
def test_what_is_not_an_id_is_refused(text: str):
    assert parse_arxiv_id(text) is None


@pytest.mark.parametrize("text", ["2401.12345", "2401.12345v2", "hep-ex/0406020v1",
                                  "math.AG/0309136", "2401.123", "hep-ex/040602", "x"])
def test_the_embeddable_pattern_is_the_same_grammar(text: str):
    embedded = re.fullmatch(ARXIV_ID_PATTERN, text) is not None
    assert embedded == (parse_arxiv_id(text) is not None)


@pytest.mark.parametrize(("url", "ok"), [
    ("https://arxiv.org/abs/2401.12345", True),
    ("https://arxiv.org/pdf/2401.12345v2.pdf", True),
    ("http://export.arxiv.org/abs/hep-ex/0406020v1", True),
    ("https://arxiv.org/html/2401.12345v1/", True),
    ("https://arxiv.org/abs/2401.123", False),
    ("https://arxiv.org/abs/hep-/0406020", False),
    ("https://example.org/abs/2401.12345", False),
])
def test_the_deck_check_reads_links_with_the_same_grammar(url: str, ok: bool):
    from deckgen.pdf.check import ARXIV_URL

    assert (ARXIV_URL.match(url) is not None) == ok
