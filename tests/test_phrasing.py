"""Free text in a sentence: schedules as words, the verb a contact takes, counted things."""

from __future__ import annotations

import pytest

from policygen.language.phrasing import clock, contact_kind, pick, reach, schedule_phrase, via


@pytest.mark.parametrize(("text", "nl", "en"), [
    ("ma-vr 08:00-18:00", "van maandag tot en met vrijdag van 8.00 tot 18.00 uur",
     "Monday to Friday from 08:00 to 18:00"),
    ("Mon-Fri 9am-5:30pm, Sat 10-14",
     "van maandag tot en met vrijdag van 9.00 tot 17.30 uur en op zaterdag van 10.00 tot "
     "14.00 uur",
     "Monday to Friday from 09:00 to 17:30 and on Saturday from 10:00 to 14:00"),
    ("ma, wo, vr 09:00-12:00", "op maandag, woensdag en vrijdag van 9.00 tot 12.00 uur",
     "on Monday, Wednesday and Friday from 09:00 to 12:00"),
    ("24/7", "dag en nacht, elke dag van de week", "day and night, every day of the week"),
    ("dagelijks 07:00-23:00", "elke dag van 7.00 tot 23.00 uur", "every day from 07:00 to 23:00"),
    # two spans on the same days: "uur" once, after the last time
    ("ma-vr 8-12 en 13-17", "van maandag tot en met vrijdag van 8.00 tot 12.00 en van 13.00 tot "
     "17.00 uur", "Monday to Friday from 08:00 to 12:00 and from 13:00 to 17:00"),
    # past midnight: the night runs on into the next day, which starts at 0.00
    ("za 22:00-02:00", "op zaterdag van 22.00 tot 24.00 uur en op zondag van 0.00 tot 2.00 uur",
     "on Saturday from 22:00 to 24:00 and on Sunday from 00:00 to 02:00"),
])
def test_a_schedule_reads_as_a_phrase(text: str, nl: str, en: str) -> None:
    assert schedule_phrase(text, "nl") == nl
    assert schedule_phrase(text, "en") == en


@pytest.mark.parametrize(("minute", "nl", "en"), [
    (0, "0.00", "00:00"), (8 * 60, "8.00", "08:00"), (8 * 60 + 5, "8.05", "08:05"),
    (22 * 60 + 30, "22.30", "22:30"), (24 * 60, "24.00", "24:00"),
])
def test_a_time_of_day_in_each_language(minute: int, nl: str, en: str) -> None:
    """Dutch running text: full stop, no leading zero (Onze Taal); English as before."""
    assert clock(minute, "nl") == nl
    assert clock(minute, "en") == en


def test_text_that_is_no_schedule_gives_none() -> None:
    assert schedule_phrase("tijdens kantooruren", "nl") is None
    assert schedule_phrase(None, "en") is None


@pytest.mark.parametrize(("contact", "kind", "nl", "en"), [
    ("+31 6 00000000", "phone", "bel +31 6 00000000", "call +31 6 00000000"),
    ("020-1234567", "phone", "bel 020-1234567", "call 020-1234567"),
    ("webcare@example.nl", "email", "mail naar webcare@example.nl", "email webcare@example.nl"),
    ("www.example.nl/meld", "web", "ga naar www.example.nl/meld", "go to www.example.nl/meld"),
    ("de balie in hal 3", "other", "neem contact op via de balie in hal 3",
     "contact them through de balie in hal 3"),
])
def test_a_contact_takes_its_own_verb(contact: str, kind: str, nl: str, en: str) -> None:
    assert contact_kind(contact) == kind
    assert reach(contact, contact, "nl") == nl
    assert reach(contact, contact, "en") == en


def test_via_and_pick() -> None:
    assert via("+31 6 12", "+31 6 12", "nl") == "telefonisch op +31 6 12"
    assert via("a@b.nl", "a@b.nl", "en") == "by email at a@b.nl"
    assert pick(1, "dit doel", "deze doelen") == "dit doel"
    assert pick(3, "dit doel", "deze doelen") == "deze doelen"
