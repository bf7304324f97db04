"""Monitoring hours as people write them: "ma-vr 08:30-17:00", "Mon-Fri 9am-5:30pm, Sat 10-14".

``escalation.monitoring_hours`` is free text, because that is how HR knows it and how the
documents print it. Where the text reads as a weekly schedule, :func:`parse` turns it into one,
so that the handout can set its weekend scenario at a moment the channels are really not
watched. Text that does not read as a schedule gives None: the documents then say only what
was written, and claim nothing about a particular moment.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

DAY = 24 * 60
WEEK = range(7)  # Monday 0 ... Sunday 6
WORKDAYS = (0, 1, 2, 3, 4)

_DAY_NAMES = {
    0: ("ma", "maa", "maan", "maandag", "mo", "mon", "monday"),
    1: ("di", "din", "dins", "dinsdag", "tu", "tue", "tues", "tuesday"),
    2: ("wo", "woe", "woens", "woensdag", "we", "wed", "wednesday"),
    3: ("do", "don", "dond", "donderdag", "th", "thu", "thur", "thurs", "thursday"),
    4: ("vr", "vrij", "vrijdag", "fr", "fri", "friday"),
    5: ("za", "zat", "zaterdag", "sa", "sat", "saturday"),
    6: ("zo", "zon", "zondag", "su", "sun", "sunday"),
}
DAYS = {name: day for day, names in _DAY_NAMES.items() for name in names}
GROUPS = {
    "dagelijks": tuple(WEEK), "daily": tuple(WEEK), "elke dag": tuple(WEEK),
    "iedere dag": tuple(WEEK), "alle dagen": tuple(WEEK), "every day": tuple(WEEK),
    "7 dagen per week": tuple(WEEK), "7 days a week": tuple(WEEK),
    "werkdagen": WORKDAYS, "weekdagen": WORKDAYS, "doordeweeks": WORKDAYS,
    "weekdays": WORKDAYS, "workdays": WORKDAYS, "weekend": (5, 6), "weekends": (5, 6),
    "in het weekend": (5, 6), "at weekends": (5, 6), "at the weekend": (5, 6),
}
ROUND_THE_CLOCK = frozenset({"24/7", "24x7", "24/7/365", "24 uur per dag", "24 hours a day",
                             "dag en nacht", "day and night", "altijd", "always"})
# Moments for the handout's weekend scenario, most natural first (day, minute past midnight).
WEEKEND_MOMENTS = (("saturday_evening", 5, 22 * 60), ("saturday_night", 5, 23 * 60 + 30),
                   ("sunday_morning", 6, 7 * 60 + 30), ("sunday_evening", 6, 21 * 60))
# words that may stand around a schedule without changing it
_FILLER = frozenset({"van", "vanaf", "from", "uur", "u", "h", "hrs", "hours", "en", "and",
                     "op", "on", "tussen", "between", "s", "ochtends", "middags", "avonds"})

_TIME = r"(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_RANGE = re.compile(_TIME + r"\s*(?:-|tot|to|until|till)\s*" + _TIME)
_DASHES = re.compile(r"\s*(?:–|—|t/m|tot en met|through|thru)\s*")
_WORD = re.compile(r"[a-zà-ÿ]+(?:\.)?")


@dataclass(frozen=True)
class Schedule:
    """The weekly minutes that are watched: per day, (start, end) minute ranges."""

    ranges: tuple[tuple[int, int, int], ...]  # (day, start minute, end minute), end exclusive

    def covers(self, day: int, minute: int) -> bool:
        """Whether the channels are watched on ``day`` (Monday 0) at ``minute`` past midnight."""
        return any(d == day and start <= minute < end for d, start, end in self.ranges)

    @property
    def always(self) -> bool:
        """Whether every minute of the week is watched."""
        return all(self._covered_minutes(day) >= DAY for day in WEEK)

    def _covered_minutes(self, day: int) -> int:
        points = sorted((s, e) for d, s, e in self.ranges if d == day)
        covered, reach = 0, 0
        for start, end in points:
            start = max(start, reach)
            if end > start:
                covered += end - start
                reach = end
        return covered


@functools.lru_cache(maxsize=256)  # a build asks for the same text twice, a check 200 times
def parse(text: str | None) -> Schedule | None:
    """The schedule ``text`` describes, or None where it does not read as one."""
    if not text or len(text) > 200:
        return None
    clean = " ".join(text.lower().split())
    if clean.replace(" ", "") in {r.replace(" ", "") for r in ROUND_THE_CLOCK}:
        return Schedule(tuple((day, 0, DAY) for day in WEEK))
    clean = _DASHES.sub("-", clean)
    ranges: list[tuple[int, int, int]] = []
    pending: list[int] = []  # "ma, di en wo 9-17": days wait for the part that has the time
    for part in re.split(r"\s*(?:[,;/+&]|\ben\b|\band\b)\s*(?=[a-z])", clean):
        part_days, times, rest = _read_part(part)
        if part_days is None or rest:
            return None
        pending.extend(part_days)
        if not times:
            if not part_days:
                return None
            continue
        if not pending:
            return None  # a time with no days: which days is anyone's guess
        for day in dict.fromkeys(pending):
            for start, end in times:
                if end > start:
                    ranges.append((day, start, end))
                else:  # past midnight: "22:00-02:00"
                    ranges.append((day, start, DAY))
                    ranges.append(((day + 1) % 7, 0, end))
        pending = []
    if pending or not ranges:  # days left without a time
        return None
    return Schedule(tuple(ranges))


def _read_part(part: str) -> tuple[tuple[int, ...] | None, list[tuple[int, int]], list[str]]:
    """(days, time ranges, words not understood) of one comma-separated part."""
    times: list[tuple[int, int]] = []
    for match in _RANGE.finditer(part):
        start = _minute(match.group(1), match.group(2), match.group(3))
        end = _minute(match.group(4), match.group(5), match.group(6))
        if start is None or end is None:
            return None, [], ["?"]
        if end == 0:
            end = DAY
        times.append((start, end))
    rest = _RANGE.sub(" ", part)
    days: list[int] = []
    for phrase, group in sorted(GROUPS.items(), key=lambda item: -len(item[0])):
        if re.search(rf"\b{re.escape(phrase)}\b", rest):
            days.extend(group)
            rest = re.sub(rf"\b{re.escape(phrase)}\b", " ", rest)
    for match in re.finditer(r"([a-z]+)\.?\s*(?:-|\btot\b|\bto\b|\buntil\b)\s*([a-z]+)\.?", rest):
        first, last = DAYS.get(match.group(1)), DAYS.get(match.group(2))
        if first is None or last is None:
            continue
        day = first
        while True:
            days.append(day)
            if day == last:
                break
            day = (day + 1) % 7
        rest = rest.replace(match.group(0), " ", 1)
    unknown = []
    for word in _WORD.findall(rest):
        word = word.rstrip(".")
        if word in DAYS:
            days.append(DAYS[word])
        elif word not in _FILLER:
            unknown.append(word)
    if re.search(r"\d", re.sub(r"\b24/7\b", "", rest)):
        unknown.append("number")
    return tuple(dict.fromkeys(days)), times, unknown


def _minute(hour: str, minute: str | None, half: str | None) -> int | None:
    h, m = int(hour), int(minute or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.startswith("p") else 0)
    if h > 24 or m > 59 or (h == 24 and m):
        return None
    return h * 60 + m


def is_round_the_clock(text: str | None) -> bool:
    """Whether ``text`` means every hour of the week ("24/7", "dag en nacht", "daily 0-24")."""
    schedule = parse(text)
    return schedule is not None and schedule.always


def weekend_moment(text: str | None) -> dict[str, str | bool | None]:
    """The moment the weekend scenario happens, and whether the channels are watched then.

    The first of :data:`WEEKEND_MOMENTS` outside the schedule (``watched`` False); where the
    schedule covers them all, or is unknown, Saturday evening with ``watched`` True or None.
    """
    schedule = parse(text)
    if schedule is None:
        return {"moment": WEEKEND_MOMENTS[0][0], "watched": None}
    for name, day, minute in WEEKEND_MOMENTS:
        if not schedule.covers(day, minute):
            return {"moment": name, "watched": False}
    return {"moment": WEEKEND_MOMENTS[0][0], "watched": True}
