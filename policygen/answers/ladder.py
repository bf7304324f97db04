"""Each ladder step's effective response time: the one rule every clause prints.

A step's ``within_hours`` is often left out. Filling in the response target for every such step
made a crisis team at the top of the ladder slower than the step below it, and tied it to the
webcare target: raise that target and the crisis team slowed down with it. The rule:

- a step that gives ``within_hours`` keeps it, as given (``policygen review`` warns where a given
  time does not fit);
- the first step without one takes the response target, ``escalation.response_time_hours``;
- a later step without one is no slower than the step before it: it takes that step's
  effective time;
- a step that owns a crisis signal (:func:`owned_signals`) has, for those signals, the holding
  statement's time (``escalation.holding_statement_minutes``) where that is shorter: in a crisis
  the first public word is out within it, so whoever owns the crisis has picked it up by then.
  The time is kept in minutes, as the holding statement is, not rounded to hours.

The crisis time is separate from the step's ordinary time on purpose: a one-person business
answers an ordinary complaint within its 24 hours and a crisis within the hour, and promising
staff an answer to every report within the hour would be a rule nobody agreed to.

The answers themselves are left as written (``policygen review`` tells a field left out from a
given one); the times reach the clauses through the assembly context, as ``level.within`` and
``level.crisis_minutes``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from policygen.answers import routing


@dataclass(frozen=True, slots=True)
class StepTime:
    """One step's effective times.

    ``hours``: the response time for what the step handles; ``crisis_minutes``: the time for the
    crisis signals it owns (never longer than ``hours``), or None when it owns none;
    ``given``: whether ``hours`` is the step's own ``within_hours``.
    """

    hours: int
    crisis_minutes: int | None
    given: bool


def owned_signals(escalation: Mapping[str, Any], index: int) -> list[str]:
    """The crisis triggers the step at ``index`` owns, in the answers' order.

    As the crisis clauses route them (:func:`routing.owner_index`), except a journalist's
    question where there is a press contact: that goes to the press contact, not to a step.
    """
    levels: Sequence[Mapping[str, Any]] = escalation.get("levels") or []
    press = escalation.get("press_contact")
    return [trigger for trigger in escalation.get("crisis_triggers") or []
            if not (trigger == "media_inquiry" and press)
            and routing.owner_index(trigger, levels) == index]


def step_times(escalation: Mapping[str, Any]) -> list[StepTime]:
    """Every step's effective times, bottom of the ladder first (see the module's rule)."""
    levels: Sequence[Mapping[str, Any]] = escalation.get("levels") or []
    holding = int(escalation["holding_statement_minutes"])
    press = escalation.get("press_contact")
    owners = {routing.owner_index(trigger, levels)
              for trigger in escalation.get("crisis_triggers") or []
              if not (trigger == "media_inquiry" and press)}  # as owned_signals reads them
    times: list[StepTime] = []
    for index, level in enumerate(levels):
        given = level.get("within_hours")
        if given:
            hours = int(given)
        elif times:
            hours = times[-1].hours
        else:
            hours = int(escalation["response_time_hours"])
        crisis = min(hours * 60, holding) if index in owners else None
        times.append(StepTime(hours, crisis, bool(given)))
    return times


def with_times(escalation: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The levels, each with ``within`` (hours) and ``crisis_minutes`` (or None) added."""
    return [{**level, "within": time.hours, "crisis_minutes": time.crisis_minutes}
            for level, time in zip(escalation.get("levels") or [], step_times(escalation),
                                   strict=True)]
