"""Monitoring hours as free text → a weekly schedule, and the weekend scenario's moment."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policygen.answers import hours
from policygen.answers.schema import Answers, validate
from policygen.assembly import assemble as assembly
from policygen.clauselib import library
from policygen.lint.profiles import FULL, _set

SAT, SUN, MON = 5, 6, 0


def at(hour: int, minute: int = 0) -> int:
    return hour * 60 + minute


@pytest.mark.parametrize(("text", "watched", "not_watched"), [
    ("ma-vr 08:30-17:00", [(MON, at(8, 30)), (4, at(16, 59))], [(MON, at(17)), (SAT, at(12))]),
    ("Mon-Fri 9am-5:30pm, Sat 10-14", [(SAT, at(10)), (MON, at(17, 29))], [(SAT, at(14)), (SUN, at(12))]),
    ("ma t/m vr 8.30-17.00", [(2, at(12))], [(SAT, at(12))]),
    ("maandag tot en met vrijdag 9-17 uur", [(3, at(9))], [(3, at(8, 59))]),
    ("maandag tot vrijdag van 9 tot 17 uur", [(3, at(16))], [(SUN, at(16))]),
    ("dagelijks 07:00-23:00", [(SAT, at(22))], [(SAT, at(23, 30))]),
    ("werkdagen 9-17, za 10-14", [(SAT, at(11))], [(SUN, at(11))]),
    ("ma, di en wo 9-17", [(1, at(10))], [(3, at(10))]),
    ("ma-vr 8-12 en 13-17", [(MON, at(11))], [(MON, at(12, 30))]),
    ("ma-vr 22:00-02:00", [(SAT, at(1))], [(SAT, at(22)), (MON, at(1))]),
    ("weekdays 9am-5pm; weekends 10am-4pm", [(SUN, at(15))], [(SUN, at(16))]),
])
def test_schedules_people_write(text: str, watched: list[tuple[int, int]],
                                not_watched: list[tuple[int, int]]) -> None:
    schedule = hours.parse(text)
    assert schedule is not None, text
    assert all(schedule.covers(d, m) for d, m in watched)
    assert not any(schedule.covers(d, m) for d, m in not_watched)


@pytest.mark.parametrize("text", ["kantoortijden", "9:00-17:00", "ma-vr", "vr 25:00-26:00",
                                  "ma-vr 9-17 behalve feestdagen", "", None, "x" * 300])
def test_what_is_not_a_schedule_is_unknown(text: str | None) -> None:
    assert hours.parse(text) is None
    assert hours.weekend_moment(text) == {"moment": "saturday_evening", "watched": None}


@pytest.mark.parametrize("text", ["24/7", "24 / 7", "24x7", "dag en nacht", "Always",
                                  "dagelijks 00:00-24:00", "ma-zo 0-24"])
def test_round_the_clock(text: str) -> None:
    assert hours.is_round_the_clock(text)
    assert hours.weekend_moment(text)["watched"] is True


@pytest.mark.parametrize(("text", "moment", "watched"), [
    ("ma-vr 08:00-18:00", "saturday_evening", False),
    ("dagelijks 07:00-23:00", "saturday_night", False),
    ("ma-za 00:00-24:00, zo 09:00-24:00", "sunday_morning", False),
    ("ma-za 00:00-24:00, zo 00:00-20:00", "sunday_evening", False),
    ("dagelijks 06:00-24:00", "saturday_evening", True),
])
def test_the_weekend_moment_is_outside_the_hours(text: str, moment: str, watched: bool) -> None:
    assert hours.weekend_moment(text) == {"moment": moment, "watched": watched}


@given(st.text(max_size=120))
def test_any_text_parses_or_is_unknown(text: str) -> None:
    schedule = hours.parse(text)
    assert schedule is None or all(0 <= s < e <= hours.DAY for _, s, e in schedule.ranges)
    hours.weekend_moment(text)


def _handout(monitoring_hours: str, language: str) -> str:
    raw = _set(_set(FULL, "escalation.monitoring_hours", monitoring_hours), "language", language)
    data = validate(raw, "<test>")
    answers = Answers(data=data, source="<test>", sha256="")
    return assembly.assemble(answers, library.load(), edition="trainer")["handout"].markdown


def test_the_scenario_happens_when_nobody_is_watching() -> None:
    nl = _handout("dagelijks 07:00-23:00", "nl")
    assert "Zaterdagavond, half twaalf." in nl
    assert ("Zaterdag half twaalf 's avonds valt buiten de bewaakte uren (elke dag van 7.00 tot "
            "23.00 uur).") in nl
    en = _handout("ma-za 00:00-24:00, zo 09:00-24:00", "en")
    assert "Sunday, half past seven in the morning." in en
    assert ("Sunday at 7.30 am is outside the monitoring hours (Monday to Saturday from 00:00 to "
            "24:00 and on Sunday from 09:00 to 24:00).") in en


@pytest.mark.parametrize(("text", "opener", "timing"), [
    ("ma-vr 08:00-18:00", "Zaterdagavond, 22.00 uur.",
     "Zaterdag 22.00 uur valt buiten de bewaakte uren (van maandag tot en met vrijdag van 8.00 "
     "tot 18.00 uur)."),
    ("ma-za 00:00-24:00, zo 00:00-20:00", "Zondagavond, 21.00 uur.",
     "Zondag 21.00 uur valt buiten de bewaakte uren (van maandag tot en met zaterdag van 0.00 "
     "tot 24.00 uur en op zondag van 0.00 tot 20.00 uur)."),
])
def test_dutch_times_have_a_full_stop_and_uur(text: str, opener: str, timing: str) -> None:
    """The weekend scenario writes its moment and the schedule as Dutch prose does: 22.00 uur."""
    nl = _handout(text, "nl")
    scenario = nl.split("Een klacht in het weekend")[1].split("\n### ")[0]
    assert opener in scenario
    assert timing in scenario
    assert not re.search(r"\b\d{1,2}:\d{2}\b", scenario), scenario


def test_english_times_keep_the_colon() -> None:
    en = _handout("ma-vr 08:00-18:00", "en")
    assert "Saturday, 10 pm." in en
    assert ("Saturday at 10 pm is outside the monitoring hours (Monday to Friday from 08:00 to "
            "18:00).") in en


def test_unknown_hours_claim_nothing_about_the_moment() -> None:
    nl = _handout("tijdens kantooruren", "nl")
    assert "valt buiten" not in nl.split("Een klacht in het weekend")[1].split("###")[0]
    assert "Valt dit moment daarbuiten" in nl
