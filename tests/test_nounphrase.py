"""The noun-phrase model: articles, capitals, compounds and sentence starts, both languages."""

from __future__ import annotations

import pytest

from policygen.language.nounphrase import noun_phrase


@pytest.mark.parametrize(("role", "definite"), [
    ("Webcare-team", "het webcareteam"),          # compound without the hyphen it does not need
    ("Team Communicatie", "het team Communicatie"),
    ("Directeur", "de directeur"),
    ("Raad van Toezicht", "de Raad van Toezicht"),  # a named body keeps its capitals
    ("Servicecentrum", "het servicecentrum"),
    ("Crisisteam X", "het crisisteam X"),
    ("Hoofd Communicatie", "het hoofd Communicatie"),
    ("HR-manager", "de HR-manager"),                # an acronym keeps hyphen and capitals
    ("Teamleider Communicatie", "de teamleider Communicatie"),
    ("Algemeen directeur", "de algemeen directeur"),
    ("MT", "het MT"),
    ("Communicatieadviseurs", "de communicatieadviseurs"),  # a plural takes 'de'
    ("Zee-egel-team", "het zee-egel-team"),          # a vowel clash keeps the hyphen
    ("Communicatie", "Communicatie"),                # a department used as a name
    ("HR", "HR"),
    ("Marketing", "Marketing"),
    ("de directie", "de directie"),                  # brings its own article
])
def test_dutch_roles_take_their_article(role: str, definite: str) -> None:
    phrase = noun_phrase(role, "nl")
    assert phrase.definite() == definite
    assert phrase.definite(start=True) == definite[:1].upper() + definite[1:]


@pytest.mark.parametrize(("role", "definite", "indefinite"), [
    ("Head of Operations", "the Head of Operations", "a Head of Operations"),
    ("Support desk", "the support desk", "a support desk"),
    ("Managing Partner", "the Managing Partner", "a Managing Partner"),
    ("CEO", "the CEO", "a CEO"),
    ("HR officer", "the HR officer", "an HR officer"),
    ("Marketing officers", "the marketing officers", "marketing officers"),
    ("HR", "HR", "HR"),
    ("Communications", "Communications", "Communications"),
])
def test_english_roles_take_the(role: str, definite: str, indefinite: str) -> None:
    phrase = noun_phrase(role, "en")
    assert phrase.definite() == definite
    assert phrase.indefinite("en") == indefinite


def test_an_answer_can_override_the_article() -> None:
    assert noun_phrase("Servicepunt Noord", "nl", "het").definite() == "het servicepunt Noord"
    assert noun_phrase("Directeur", "nl", "none").definite() == "Directeur"
    assert noun_phrase("Zorgloket", "nl", "de").definite(start=True) == "De zorgloket"
    assert noun_phrase("Kernploeg", "nl", "de").definite() == "de kernploeg"


def test_indefinite_and_sentence_start() -> None:
    assert noun_phrase("Teamleider", "nl").indefinite("nl", start=True) == "Een teamleider"
    assert noun_phrase("Teamleden", "nl").indefinite("nl") == "teamleden"
    assert noun_phrase("Marketing", "nl").indefinite("nl") == "Marketing"


@pytest.mark.parametrize(("role", "language", "definite"), [
    ("Woordvoerder van dienst", "nl", "de woordvoerder van dienst"),  # a function, a phrase
    ("College van B&W", "nl", "het College van B&W"),                 # a named body
    ("Dienstdoend manager", "nl", "de dienstdoend manager"),
    ("Griffier", "nl", "de griffier"),
    ("Conciërge", "nl", "de conciërge"),
    ("Woordvoerder van dienst", "en", "the Woordvoerder van dienst"),  # Dutch role, --lang en
    ("Hoofd Communicatie", "en", "the Hoofd Communicatie"),
])
def test_functions_with_phrases_and_dutch_roles_in_english(role: str, language: str,
                                                           definite: str) -> None:
    assert noun_phrase(role, language).definite() == definite


@pytest.mark.parametrize(("role", "definite"), [
    ("Head of Compliance", "de Head of Compliance"),  # an English role in a Dutch document
    ("Managing Director", "de Managing Director"),
    ("Board", "de Board"),
    ("Communications", "Communications"),
])
def test_english_roles_in_a_dutch_document(role: str, definite: str) -> None:
    assert noun_phrase(role, "nl").definite() == definite


def test_a_or_an_before_a_name() -> None:
    from policygen.language.nounphrase import a_or_an

    assert [a_or_an(name) for name in ("Acme Analytics", "Northwind", "HR team", "Unilever",
                                       "hour")] == ["an", "a", "an", "a", "an"]
