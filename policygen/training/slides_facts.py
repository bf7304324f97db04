"""One organisation's values as the deck's wording prints them: plain text, roles with articles.

What :mod:`slides_wording` fills its placeholders with, and what a ``when`` may test. Every
value is plain text for a slide (no Markdown escaping: a slide shows characters, not markup);
a value the answers do not give is None, and the line asking for it is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from policygen.answers import hours
from policygen.language import phrasing
from policygen.language.filters import format_date
from policygen.language.nounphrase import noun_phrase

_AND = {"nl": " en ", "en": " and "}


def join_and(items: Iterable[str], language: str) -> str | None:
    """'a, b en c' / 'a, b and c'; None for no items."""
    found = [item for item in items if item]
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    return ", ".join(found[:-1]) + _AND[language] + found[-1]


def the(role: str | None, language: str, article: str | None = None) -> str | None:
    """A role with its definite article ('het webcareteam', 'the Head of People')."""
    return noun_phrase(role, language, article).definite() if role else None


def duration(units: Mapping[str, Mapping[str, str]], language: str, *,
             hours_count: int | None = None, minutes: int | None = None) -> str | None:
    """'4 uur' / '1 hour' / '30 minutes', from the wording's units."""
    if minutes is not None and minutes % 60:
        return units["minutes"][language].replace("{n}", str(minutes))
    count = hours_count if minutes is None else minutes // 60
    if count is None:
        return None
    return units["hour" if count == 1 else "hours"][language].replace("{n}", str(count))


def label(labels: Mapping[str, Any], kind: str, value: str, language: str) -> str:
    """An enum value's display text (free text prints as itself)."""
    entry = labels.get(kind, {}).get(value)
    return str(entry[language]) if entry else value


def facts(answers: Any, labels: Mapping[str, Any], units: Mapping[str, Mapping[str, str]],
          release: str) -> dict[str, str | None]:
    """Every placeholder of the wording with this organisation's value (None: not given)."""
    data, language = answers.data, answers.language
    org, perms, escalation = data["organisation"], data["permissions"], data["escalation"]
    owner = org["policy_owner"]
    first = escalation["levels"][0]
    monitoring = escalation.get("monitoring_hours")
    out_of_hours = escalation.get("out_of_hours_contact")
    if out_of_hours and not hours.is_round_the_clock(monitoring):
        reach = phrasing.reach(out_of_hours, out_of_hours, language)
        out_of_hours_text: str | None = reach[:1].upper() + reach[1:]
    else:
        out_of_hours_text = None
    return {
        "org": org["name"],
        "short_name": org["short_name"],
        "effective_date": format_date(org["effective_date"], language)
        if org.get("effective_date") else None,
        "library": release,
        "trainer": data["training"].get("trainer"),
        "objectives": join_and((label(labels, "objective", o, language)
                                for o in data["objectives"]), language),
        "platforms": join_and((label(labels, "platform", p, language)
                               for p in data["platforms"]), language),
        "first_level": the(first["name"], language, first.get("article")),
        "first_contact": first["contact"],
        "owner": the(owner["role"], language, owner.get("article")),
        "owner_email": owner.get("email"),
        "spokespeople": join_and((str(the(role, language))
                                  for role in perms["official_spokespeople"]), language),
        "confidential": join_and(perms["confidential_topics"], language),
        "response_time": duration(units, language,
                                  hours_count=escalation["response_time_hours"]),
        "monitoring": (phrasing.schedule_phrase(monitoring, language) or monitoring)
        if monitoring else None,
        "out_of_hours": out_of_hours_text,
        "press_contact": escalation.get("press_contact"),
        "press_reach": phrasing.reach(escalation["press_contact"], escalation["press_contact"],
                                      language) if escalation.get("press_contact") else None,
        "press_forward": duration(units, language,
                                  minutes=escalation["press_forward_minutes"]),
    }


def conditions(answers: Any) -> dict[str, Any]:
    """What a ``when`` may test: every scalar answer field by its dotted path, and derived ones."""
    found: dict[str, Any] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif not isinstance(value, list):
            found[path] = value

    walk(answers.data, "")
    escalation = answers.data["escalation"]
    found["round_the_clock"] = hours.is_round_the_clock(escalation.get("monitoring_hours"))
    found["draft"] = answers.data["organisation"].get("effective_date") is None
    found["has_confidential_topics"] = bool(
        answers.data["permissions"]["confidential_topics"])
    return found
