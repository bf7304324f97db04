"""Consistency of the ladder's response times: the deadlines staff and customers read.

Each step's effective time is :attr:`Plan.step_times`, the one rule the documents print
(``policygen/answers/ladder.py``): its own ``within_hours``, else the response target for the
first step and the time of the step below for a higher one, with the holding statement's time
for the crisis signals it owns where that is shorter. These rules compare a *given* time with
the times around it; a time left out is an assumption (``assumptions.level_within_hours``).
The rules belong to the consistency family and are listed with it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from policygen.review.findings import Hit, Values, rule
from policygen.review.plan import Plan
from policygen.review.rules.wording import step_verb
from policygen.review.say import Say


@rule("consistency.first_step_slower_than_response", "error",
      ("escalation.levels[0].within_hours", "escalation.response_time_hours"),
      title={"nl": "{level} {responds} binnen {within}, het protocol belooft {hours}",
             "en": "{level} {responds} within {within}, the protocol promises {hours}"},
      why={"nl": "De eerste trede van de ladder pakt de berichten op. Het protocol noemt nu "
                 "twee termijnen: een eerste reactie binnen {hours}, en {within} voor {level} "
                 "in de ladder en waar vragen worden doorgegeven. Medewerkers en klanten weten "
                 "dan niet welke geldt.",
           "en": "The first step of the ladder picks messages up. The protocol now names two "
                 "deadlines: a first response within {hours}, and {within} for {level} in the "
                 "ladder and where questions are passed on. Staff and customers cannot tell "
                 "which one holds."},
      change={"nl": "Maak ze gelijk: zet escalation.levels[0].within_hours op {n} of lager, of "
                    "verhoog escalation.response_time_hours naar {w} als {hours} niet haalbaar "
                    "is.",
              "en": "Make them agree: set escalation.levels[0].within_hours to {n} or less, or "
                    "raise escalation.response_time_hours to {w} if {hours} is not feasible."})
def first_step_slower_than_response(plan: Plan) -> Iterator[Hit]:
    """The first step's own time is longer than the public response target."""
    hours = plan.escalation["response_time_hours"]
    first = plan.levels[0]
    within = first.get("within_hours")
    if within and within > hours:
        yield Hit(("escalation.levels[0].within_hours", "escalation.response_time_hours"),
                  lambda say: {"level": say.step(first), "within": say.hours(within),
                               "responds": step_verb(say, first, ("reageert", "reageren"),
                                                     ("responds", "respond")),
                               "hours": say.hours(hours), "n": str(hours), "w": str(within)})


@rule("consistency.level_slower_than_response", "warning",
      ("escalation.levels[*].within_hours", "escalation.response_time_hours"),
      title={"nl": "Trede {step}, {level}, neemt {within}; de reactietermijn is {hours}",
             "en": "Step {step}, {level}, takes {within}; the response target is {hours}"},
      why={"nl": "Een vraag die {first} niet zelf kan beantwoorden, wacht bij {level} tot "
                 "{within}. Zo haalt juist de lastige vraag de {hours} niet, terwijl snelheid "
                 "online het verschil maakt tussen een klacht en een rel.",
           "en": "A question {first} cannot answer itself waits up to {within} with {level}. "
                 "So it is the difficult question that misses the {hours} target, and online, "
                 "speed is what keeps a complaint from turning into a row."},
      change={"nl": "Spreek met {level} een kortere termijn af (escalation.levels[{index}]."
                    "within_hours: {n} of minder), of spreek af dat {first} binnen {hours} "
                    "laat weten wanneer het antwoord komt.",
              "en": "Agree a shorter time with {level} (escalation.levels[{index}].within_hours: "
                    "{n} or less), or agree that {first} says within {hours} when the answer "
                    "will come."})
def level_slower_than_response(plan: Plan) -> Iterator[Hit]:
    """A higher step of the ladder answers more slowly than the response target."""
    hours = plan.escalation["response_time_hours"]
    levels = plan.levels
    for index, level in enumerate(levels[1:], start=1):
        within = level.get("within_hours")
        if within and within > hours:
            yield Hit((f"escalation.levels[{index}].within_hours",
                       "escalation.response_time_hours"),
                      _slower_values(levels, index, within, hours))


def _slower_values(levels: list[Mapping[str, Any]], index: int, within: int,
                   hours: int) -> Values:
    def values(say: Say) -> dict[str, str]:
        return {"step": str(index + 1), "level": say.step(levels[index]),
                "first": say.step(levels[0]), "within": say.hours(within),
                "hours": say.hours(hours), "index": str(index), "n": str(hours)}

    return values


@rule("consistency.step_slower_than_the_one_below", "warning",
      ("escalation.levels[*].within_hours",),
      title={"nl": "Trede {step}, {level}, neemt {within}; {below}, de trede eronder, "
                   "{responds} binnen {below_time}",
             "en": "Step {step}, {level}, takes {within}; {below}, the step below, {responds} "
                   "within {below_time}"},
      why={"nl": "Een bericht gaat een trede omhoog als {below} het niet zelf kan afhandelen of "
                 "de termijn niet haalt, en dat is meestal het dringendere bericht. Bij {level} "
                 "kan het dan {within} blijven liggen: wie escaleert, maakt het trager in "
                 "plaats van sneller.{origin}",
           "en": "A message moves one step up when {below} cannot handle it or cannot meet "
                 "the deadline, and that is usually the more urgent message. With {level} it "
                 "can then wait up to {within}: escalating makes it slower instead of faster."
                 "{origin}"},
      change={"nl": "Spreek met {level} een kortere termijn af (escalation.levels[{index}]."
                    "within_hours: {n} of minder), of laat within_hours bij {level} weg: dan "
                    "geldt de tijd van {below}.",
              "en": "Agree a shorter time with {level} (escalation.levels[{index}].within_hours: "
                    "{n} or less), or leave within_hours out for {level}: the time of {below} "
                    "then applies."})
def step_slower_than_the_one_below(plan: Plan) -> Iterator[Hit]:
    """A step's own time is longer than the effective time of the step before it."""
    levels, times = plan.levels, plan.step_times
    for index, level in enumerate(levels[1:], start=1):
        within, below = level.get("within_hours"), times[index - 1]
        if within and within > below.hours:
            yield Hit((f"escalation.levels[{index}].within_hours",
                       f"escalation.levels[{index - 1}].within_hours"),
                      _below_values(levels, index, within, below.hours, below.given))


def _below_values(levels: list[Mapping[str, Any]], index: int, within: int, below_hours: int,
                  below_given: bool) -> Values:
    below = levels[index - 1]

    def values(say: Say) -> dict[str, str]:
        step = say.step(below)
        source = (say.pick("de reactietermijn", "the response target") if index == 1
                  else say.pick("de tijd van ", "the time of ") + say.step(levels[index - 2]))
        origin = "" if below_given else say.pick(
            f" Voor {step} staat geen termijn in het antwoordenbestand; de documenten nemen "
            f"daarom {source}.",
            f" The answers file gives {step} no time of its own, so the documents use {source}.")
        return {"step": str(index + 1), "level": say.step(levels[index]), "below": step,
                "responds": step_verb(say, below, ("reageert", "reageren"),
                                      ("responds", "respond")),
                "within": say.hours(within), "below_time": say.hours(below_hours),
                "origin": origin, "index": str(index), "n": str(below_hours)}

    return values


@rule("consistency.crisis_step_slower_than_holding_statement", "tip",
      ("escalation.levels[*].within_hours", "escalation.holding_statement_minutes"),
      title={"nl": "{level} {responds} binnen {within}, bij een crisis binnen {crisis}",
             "en": "{level} {responds} within {within}, and within {crisis} in a crisis"},
      why={"nl": "{Level} {handles} {signals}. In een crisis moet het eerste publieke bericht "
                 "binnen {crisis} online (escalation.holding_statement_minutes), dus de ladder "
                 "in het protocol en de hand-out geeft {level} voor die signalen {crisis} in "
                 "plaats van {within}. Is met {level} alleen {within} afgesproken, dan belooft het "
                 "protocol meer dan is toegezegd.",
           "en": "{Level} {handles} {signals}. In a crisis the first public statement must go "
                 "out within {crisis} (escalation.holding_statement_minutes), so the ladder in "
                 "the protocol and the handout gives {level} {crisis} for those signals instead "
                 "of {within}. "
                 "If only {within} was agreed with {level}, the protocol promises more than was "
                 "agreed."},
      change={"nl": "Vraag {level} te bevestigen dat er bij {signals} binnen {crisis} iemand "
                    "klaarstaat die kan handelen. Kan dat niet, leg die signalen dan bij een "
                    "trede die er zo snel is (escalation.levels[n].triggers).",
              "en": "Ask {level} to confirm that someone who can act is available within "
                    "{crisis} for {signals}. If not, give those signals to a step that is "
                    "available that fast (escalation.levels[n].triggers)."})
def crisis_step_slower_than_holding_statement(plan: Plan) -> Iterator[Hit]:
    """A step that owns crisis signals gave a time longer than the holding statement's."""
    levels, times = plan.levels, plan.step_times
    for index, level in enumerate(levels):
        within, crisis = level.get("within_hours"), times[index].crisis_minutes
        if within and crisis is not None and crisis < within * 60:
            yield Hit((f"escalation.levels[{index}].within_hours",
                       "escalation.holding_statement_minutes"),
                      _crisis_values(level, plan.owned_signals(index), within, crisis))


def _crisis_values(level: Mapping[str, Any], signals: list[str], within: int,
                   crisis: int) -> Values:
    def values(say: Say) -> dict[str, str]:
        name = say.step(level)
        return {"level": name, "Level": name[:1].upper() + name[1:],
                "within": say.hours(within),
                "crisis": say.within(crisis),
                "signals": say.join(say.label("crisis_trigger", s) for s in signals),
                "responds": step_verb(say, level, ("reageert", "reageren"),
                                      ("responds", "respond")),
                "handles": step_verb(say, level, ("gaat over", "gaan over"),
                                     ("handles", "handle"))}

    return values
