"""The unwatched stretches of a weekly monitoring schedule, and when a reply falls due.

:mod:`policygen.answers.hours` reads ``escalation.monitoring_hours`` as a :class:`Schedule`;
here the week is laid out as minutes (Monday 00:00 is 0) so the review can say exactly which
stretch nobody watches and what a response target counted in watched hours means for someone
who writes at the start of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from policygen.answers.hours import DAY, Schedule

WEEK = 7 * DAY


@dataclass(frozen=True)
class Gap:
    """An unwatched stretch: from ``start`` (week minute) for ``minutes``."""

    start: int
    minutes: int

    @property
    def end(self) -> int:
        """The week minute watching starts again (may pass the week's end: take it mod WEEK)."""
        return self.start + self.minutes


def watched(schedule: Schedule) -> list[tuple[int, int]]:
    """The watched stretches of the week, merged and sorted: (start, end) week minutes."""
    spans = sorted((day * DAY + start, day * DAY + end) for day, start, end in schedule.ranges)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    if len(merged) > 1 and merged[0][0] == 0 and merged[-1][1] >= WEEK:  # Sunday into Monday
        first = merged.pop(0)
        merged[-1] = (merged[-1][0], WEEK + first[1])
    return merged


def gaps(schedule: Schedule) -> list[Gap]:
    """Every unwatched stretch of the week, longest first (none for round the clock)."""
    spans = watched(schedule)
    if not spans:
        return [Gap(0, WEEK)]
    found = []
    for index, (_, end) in enumerate(spans):
        following = spans[(index + 1) % len(spans)][0]
        if index == len(spans) - 1:
            following += WEEK
        if following > end:
            found.append(Gap(end % WEEK, following - end))
    return sorted(found, key=lambda gap: (-gap.minutes, gap.start))


def reply_due(schedule: Schedule, written: int, hours: int) -> int:
    """The week minute (from ``written``, may pass a week) when ``hours`` watched hours are over.

    The documents count the response target within monitoring hours, so a message written
    when nobody watches gets its first reply this many watched hours after watching resumes.
    """
    spans = watched(schedule)
    left = hours * 60
    for lap in range(-WEEK, 60 * WEEK, WEEK):  # up to 168 watched hours; the week repeats
        for start, end in spans:
            start, end = start + lap, end + lap
            if end <= written:
                continue
            start = max(start, written)
            if end - start >= left:
                return start + left
            left -= end - start
    return written + left  # unreachable for a schedule with watched time
