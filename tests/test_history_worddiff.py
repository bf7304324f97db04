"""The word-level diff shared by `changes` and the Word redline."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from policygen.history import worddiff
from policygen.history.worddiff import DELETE, EQUAL, INSERT


def test_a_rewritten_phrase_is_one_deletion_and_one_insertion() -> None:
    segments = worddiff.diff("Bel de woordvoerder binnen het uur.",
                             "Mail het persteam binnen 30 minuten.")
    assert segments == [(DELETE, "Bel de woordvoerder"), (INSERT, "Mail het persteam"),
                        (EQUAL, " binnen "), (DELETE, "het uur"), (INSERT, "30 minuten"),
                        (EQUAL, ".")]


def test_tokens_keep_hyphens_apostrophes_spaces_and_punctuation() -> None:
    assert worddiff.tokens("De HR-manager's  team, 08:00.") == [
        "De", " ", "HR-manager's", "  ", "team", ",", " ", "08", ":", "00", "."]


def test_unchanged_and_empty_texts() -> None:
    assert worddiff.diff("zelfde", "zelfde") == [(EQUAL, "zelfde")]
    assert worddiff.diff("", "nieuw") == [(INSERT, "nieuw")]
    assert not worddiff.changed(worddiff.diff_by_line("a\nb\n", "a\nb\n"))


def test_by_line_keeps_unchanged_paragraphs_whole() -> None:
    old = "Eerste alinea blijft.\nTweede alinea oud.\nDerde blijft.\n"
    new = "Eerste alinea blijft.\nTweede alinea nieuw.\nDerde blijft.\n"
    segments = worddiff.diff_by_line(old, new)
    assert segments == [(EQUAL, "Eerste alinea blijft.\nTweede alinea"), (DELETE, " oud"),
                        (INSERT, " nieuw"), (EQUAL, ".\nDerde blijft.\n")]


words = st.lists(st.sampled_from(["de", "het", "team", "binnen", "uur", ",", ".", " ", "\n",
                                  "Peeze", "HR-manager", "  "]), max_size=40).map("".join)


@given(words, words)
def test_segments_give_both_texts_back(old: str, new: str) -> None:
    for segments in (worddiff.diff(old, new), worddiff.diff_by_line(old, new)):
        assert worddiff.old_text(segments) == old
        assert worddiff.new_text(segments) == new
        assert all(a[0] != b[0] for a, b in itertools.pairwise(segments))
        assert all(text for _, text in segments)
