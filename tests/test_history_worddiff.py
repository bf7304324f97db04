"""The word-level diff shared by `changes` and the Word redline."""

from __future__ import annotations

import itertools

import pytest
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


NAMES = ("Koffiebranderij Peeze", "Peeze", "Northwind Advisory Ltd", "Northwind")


@pytest.mark.parametrize(("language", "old", "new"), [
    ("nl", "Niet aan het aantal volgers (artikel 13.2).", "Niet aan het aantal volgers. (artikel 13.2)"),
    ("nl", "Vraag je dus af: vind ik het goed?", "Vraag je af: vind ik het goed?"),
    ("nl", "Elk bericht van Peeze staat erin.", "Elk bericht van ons staat erin."),
    ("nl", "waar Peeze zelf actief is, ook daarbuiten", "waar we zelf actief zijn, ook daarbuiten"),
    ("nl", "de gedragscode van Peeze geldt", "onze gedragscode geldt"),
    ("nl", "Meld het bij Webcare.", "meld het bij webcare."),
    ("nl", "je collega's, onze klanten", "je collega's onze klanten"),
    ("en", "Northwind's rules apply; ask the HR manager.", "Our rules apply. Ask the HR manager."),
    ("en", "This protocol is Northwind's.", "The protocol is ours."),
    ("en", "So check  first.", "Check first!"),
])
def test_changes_that_are_wording_only(language: str, old: str, new: str) -> None:
    assert worddiff.wording_only(worddiff.diff_by_line(old, new), language, NAMES)
    assert worddiff.wording_only(worddiff.diff(old, new), language, NAMES)


@pytest.mark.parametrize(("language", "old", "new"), [
    ("nl", "We reageren binnen 4 uur.", "We reageren binnen 1 uur."),  # a number
    ("nl", "bereikbaar tot 18:00", "bereikbaar tot 17:00"),  # a time
    ("nl", "Meld het bij de HR-manager.", "Meld het bij het hoofd Communicatie."),  # a role
    ("nl", "Mail naar webcare@example.nl.", "Mail naar pers@example.nl."),  # a contact
    ("nl", "Reageer zelf op een klacht.", "Reageer niet zelf op een klacht."),  # a negation
    ("nl", "Je mag geen foto's delen.", "Je mag foto's delen."),
    ("nl", "Je mag het delen.", "Je moet het delen."),  # a modal
    ("nl", "Reageer niet zelf, meld het.", "Reageer zelf niet, meld het."),  # a negation moved
    ("nl", "Vraag het je leidinggevende en HR.", "Vraag het je leidinggevende of HR."),
    ("nl", "Dit geldt voor je collega's.", "Dit geldt ook voor je collega's."),  # scope
    ("nl", "Dit geldt voor jou.", "Dit geldt voor hen."),  # who a rule is for
    ("nl", "Beheerd door | Communicatie", "Beheerd door Communicatie"),  # a table cell
    ("en", "Reply within 4 hours.", "Reply within 2 hours."),
    ("en", "You may post it.", "You must post it."),
    ("en", "Staff post photos.", "Staff never post photos."),
    ("en", "Do not reply yourself.", "Reply yourself."),
    ("en", "No logo on a private account.", "The logo on a private account."),
    ("en", "Ask your manager and HR.", "Ask your manager or HR."),
    ("en", "Northwind's rules apply.", "Their rules apply."),
])
def test_changes_that_keep_the_librarys_kind(language: str, old: str, new: str) -> None:
    assert not worddiff.wording_only(worddiff.diff_by_line(old, new), language, NAMES)
    assert not worddiff.wording_only(worddiff.diff(old, new), language, NAMES)


def test_the_organisations_name_is_a_small_word_only_for_that_organisation() -> None:
    segments = worddiff.diff("Een bericht van Peeze.", "Een bericht van ons.")
    assert worddiff.wording_only(segments, "nl", ("Koffiebranderij Peeze", "Peeze"))
    assert not worddiff.wording_only(segments, "nl", ("Northwind Advisory Ltd", "Northwind"))
    assert worddiff.wording_only(worddiff.diff("zelfde", "zelfde"), "nl")
