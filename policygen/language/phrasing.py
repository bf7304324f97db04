"""Free text from the answers, fitted into a sentence: schedules, contacts, counted things.

"ma-vr 08:00-18:00" reads in a Dutch sentence as "van maandag tot en met vrijdag van 8.00 tot
18.00 uur" (Dutch running text writes a time with a full stop and "uur", as Onze Taal and the
Taalunie advise) and in English as "Monday to Friday from 08:00 to 18:00"; you *call* a phone
number and *mail* an address ("bel +31 6 …", never "neem contact op met +31 6 …"); one
objective is "dit doel", two are "deze doelen". Pure functions: the clause filters in
:mod:`filters` call them with the document language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from policygen.answers import hours

DAY_NAMES = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\s().\-/]{6,}$")
_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)


def contact_kind(contact: str) -> str:
    """'email', 'phone', 'web' or 'other' (a name, a room, an intranet page)."""
    text = contact.strip()
    if _EMAIL.match(text):
        return "email"
    if _PHONE.match(text) and sum(c.isdigit() for c in text) >= 5:
        return "phone"
    if _URL.match(text):
        return "web"
    return "other"


_REACH = {
    "nl": {"phone": "bel {c}", "email": "mail naar {c}", "web": "ga naar {c}",
           "other": "neem contact op via {c}"},
    "en": {"phone": "call {c}", "email": "email {c}", "web": "go to {c}",
           "other": "contact them through {c}"},
}
_VIA = {
    "nl": {"phone": "telefonisch op {c}", "email": "per mail op {c}", "web": "via {c}",
           "other": "via {c}"},
    "en": {"phone": "by phone on {c}", "email": "by email at {c}", "web": "at {c}",
           "other": "through {c}"},
}


def reach(contact_text: str, escaped: str, language: str) -> str:
    """The imperative that fits the contact: 'bel +31 6 …', 'mail naar a@b.nl'."""
    return _REACH[language][contact_kind(contact_text)].format(c=escaped)


def via(contact_text: str, escaped: str, language: str) -> str:
    """How someone is reached, after a verb: 'telefonisch op +31 6 …', 'by email at a@b'."""
    return _VIA[language][contact_kind(contact_text)].format(c=escaped)


def clock(minute: int, language: str) -> str:
    """A time of day in running text: Dutch '8.00', '22.30'; English '08:00', '22:30'."""
    if language == "nl":
        return f"{minute // 60}.{minute % 60:02d}"
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _spans(spans: Sequence[tuple[int, int]], language: str) -> str:
    """'van 8.00 tot 12.00 en van 13.00 tot 17.00 uur' / 'from 08:00 to 12:00 and ...'."""
    if language == "nl":
        return " en ".join(f"van {clock(s, language)} tot {clock(e, language)}"
                           for s, e in spans) + " uur"
    return " and ".join(f"from {clock(s, language)} to {clock(e, language)}" for s, e in spans)


def _day_run(days: Sequence[int], language: str) -> str:
    names = DAY_NAMES[language]
    if len(days) == 7:
        return "elke dag" if language == "nl" else "every day"
    if len(days) >= 3 and list(days) == list(range(days[0], days[-1] + 1)):
        if language == "nl":
            return f"van {names[days[0]]} tot en met {names[days[-1]]}"
        return f"{names[days[0]]} to {names[days[-1]]}"
    words = [names[d] for d in days]
    joined = words[0] if len(words) == 1 else (
        ", ".join(words[:-1]) + (" en " if language == "nl" else " and ") + words[-1])
    return f"op {joined}" if language == "nl" else f"on {joined}"


def schedule_phrase(text: str | None, language: str) -> str | None:
    """A monitoring schedule as words, or None where the text is not a schedule."""
    if text is None:
        return None
    if hours.is_round_the_clock(text):
        return "dag en nacht, elke dag van de week" if language == "nl" else \
            "day and night, every day of the week"
    schedule = hours.parse(text)
    if schedule is None:
        return None
    by_day: dict[int, tuple[tuple[int, int], ...]] = {}
    for day in hours.WEEK:
        spans = tuple(sorted((s, e) for d, s, e in schedule.ranges if d == day))
        if spans:
            by_day[day] = spans
    groups: dict[tuple[tuple[int, int], ...], list[int]] = {}  # same hours: one phrase
    for day, spans in by_day.items():
        groups.setdefault(spans, []).append(day)
    parts = []
    for spans, days in groups.items():
        parts.append(f"{_day_run(days, language)} {_spans(spans, language)}")
    if len(parts) == 1:
        return parts[0]
    conj = " en " if language == "nl" else " and "
    return ", ".join(parts[:-1]) + conj + parts[-1]


def pick(count: int, one: str, many: str) -> str:
    """``one`` for a single thing, ``many`` otherwise ('dit doel' / 'deze doelen')."""
    return one if count == 1 else many
