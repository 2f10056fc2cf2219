"""Document properties hold at most 255 characters: a survey of 200 papers has more ids."""

from __future__ import annotations

from pptx import Presentation

from deckgen.model.deck import DeckInfo
from deckgen.render.render import MAX_PROPERTY, set_deck_info


def test_long_properties_are_cut_and_keywords_keep_whole_ids():
    ids = [f"2606.{90000 + i}" for i in range(1, 201)]
    prs = Presentation()
    set_deck_info(prs, DeckInfo("長い題名" * 100, "山田 太郎", "サーベイ", "ja-JP",
                                ", ".join(["arXiv", *ids])))
    props = prs.core_properties
    assert len(props.title) == MAX_PROPERTY and props.title.endswith("…")
    keywords = props.keywords.split(", ")
    assert len(props.keywords) <= MAX_PROPERTY and keywords[0] == "arXiv"
    assert keywords[1:] == ids[:len(keywords) - 1]
    assert props.author == "山田 太郎"
