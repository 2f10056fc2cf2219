"""One rule for where a sentence ends, used by every plan that cuts text at one: the
abstract as bullets, a shortened caption and text broken over pages."""

from __future__ import annotations

from deckgen.model.kinds import Box
from deckgen.plan.figslides import shorten
from deckgen.plan.sentences import sentence_pieces, split_sentences
from deckgen.plan.textfit import paginate

TEXT = "We train on approx. 5 GPUs for 2.3 days. The model, cf. Fig. 2, is small. 次に評価する。"


def test_pieces_join_back_and_a_space_stays_with_the_sentence_before_it():
    pieces = sentence_pieces(TEXT)
    assert "".join(pieces) == TEXT
    assert pieces == ["We train on approx. 5 GPUs for 2.3 days. ",
                      "The model, cf. Fig. 2, is small. ", "次に評価する。"]


def test_a_caption_is_shortened_at_the_same_sentence_ends():
    assert shorten(TEXT, limit=45) == "We train on approx. 5 GPUs for 2.3 days."


def test_text_broken_over_pages_never_breaks_after_an_abbreviation():
    # a box of one line a page: a sentence longer than that is broken by lines, and a page
    # may end where a sentence does, never after "approx." or "cf. Fig." (the page breaker
    # had a rule of its own that cut after "approx.")
    text = TEXT * 6
    pages = paginate([text], Box(width=200, height=20, max_pt=12, min_pt=12))
    assert len(pages) > 6
    shown = "".join(p for page in pages for p in page.paragraphs)
    assert shown.replace(" ", "") == text.replace(" ", "")  # nothing lost on the way
    for page in pages[:-1]:
        assert not page.paragraphs[-1].rstrip().endswith(("approx.", "cf.", "Fig."))


def test_a_list_number_is_not_a_sentence_of_its_own():
    assert split_sentences("1. シーン分類で訓練された CNN を解析する.") == [
        "1. シーン分類で訓練された CNN を解析する."]
    assert split_sentences("ネットワーク解剖を提示する. 2. GAN を解析する. 3. 適用する.") == [
        "ネットワーク解剖を提示する.", "2. GAN を解析する.", "3. 適用する."]
    assert split_sentences("We test 3 models. 2. Results follow.") == [
        "We test 3 models.", "2. Results follow."]
    # a number ending a sentence is still its end
    assert split_sentences("The batch size is 32. We train for 100 epochs.") == [
        "The batch size is 32.", "We train for 100 epochs."]
    assert split_sentences("精度は 80.67% である. 次に 2.3 倍速い.") == [
        "精度は 80.67% である.", "次に 2.3 倍速い."]
