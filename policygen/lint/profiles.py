"""Answer profiles that exercise every branch a clause can take.

``policygen check`` and the tests render every clause in both languages for each profile: a
full organisation, a minimal one (required fields only), and one-at-a-time variations that
reach every enum value, empty lists, every sector, and the optional fields left out.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from typing import Any

from policygen.answers import schema as answers_module
from policygen.answers.schema import Answers

MINIMAL: dict[str, Any] = {
    "organisation": {"name": "Minimal", "policy_owner": {"role": "Director"}},
    "escalation": {"levels": [{"name": "Office", "contact": "office@example.org"}]},
}

FULL: dict[str, Any] = {
    "schema": 1,
    "language": "nl",
    "organisation": {
        "name": "Full Example Organisation", "short_name": "Full", "sector": "other",
        "policy_owner": {"role": "HR", "name": "A. Owner", "email": "hr@example.org"},
        "effective_date": dt.date(2026, 12, 1), "review_months": 12,
    },
    "objectives": list(answers_module.OBJECTIVES),
    "platforms": [*answers_module.PLATFORMS, "Mastodon"],
    "official_accounts": [
        {"platform": "linkedin", "handle": "full-example", "managed_by": "Marketing"},
        {"platform": "Mastodon", "handle": "@full@example.social"},
    ],
    "permissions": {
        "official_spokespeople": ["Communications", "Director"],
        "approval_required": True, "approver": "Head of Communications",
        "personal_use_at_work": "breaks_only", "mention_employer": "with_disclaimer",
        "employees_may_reply_to_customers": False, "photos_at_work": "with_permission",
        "confidential_topics": ["customer data", "finances"],
    },
    "escalation": {
        "response_time_hours": 4, "monitoring_hours": "Mon-Fri 08:00-18:00",
        "levels": [
            {"name": "Webcare", "handles": "questions", "contact": "webcare@example.org",
             "within_hours": 4},
            {"name": "Communications", "contact": "+31 20 000 0000", "within_hours": 1},
            {"name": "Crisis team", "handles": "crises", "contact": "+31 6 0000 0000"},
        ],
        "crisis_triggers": list(answers_module.CRISIS_TRIGGERS),
        "press_contact": "press@example.org", "out_of_hours_contact": "+31 6 1111 1111",
    },
    "tools": [
        {"name": "Hootsuite", "purpose": "scheduling", "users": "Marketing",
         "access": "ask Communications"},
        {"name": "Coosto", "purpose": "monitoring"},
    ],
    "training": {"onboarding": True, "refresher_months": 12, "trainer": "T. Rainer"},
}


def _set(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    target = out
    *parents, last = path.split(".")
    for key in parents:
        target = target.setdefault(key, {})
    target[last] = value
    return out


def variations() -> Iterator[tuple[str, dict[str, Any]]]:
    """(name, raw answers) pairs: the full and minimal profiles and one-field variations."""
    yield "full", FULL
    yield "minimal", MINIMAL
    for sector in answers_module.SECTORS:
        yield f"sector={sector}", _set(FULL, "organisation.sector", sector)
        yield f"minimal,sector={sector}", _set(MINIMAL, "organisation.sector", sector)
    enums = {
        "permissions.personal_use_at_work": answers_module.PERSONAL_USE,
        "permissions.mention_employer": answers_module.MENTION_EMPLOYER,
        "permissions.photos_at_work": answers_module.PHOTOS_AT_WORK,
    }
    for path, values in enums.items():
        for value in values:
            yield f"{path}={value}", _set(FULL, path, value)
    for path in ("objectives", "platforms", "official_accounts", "tools",
                 "permissions.official_spokespeople", "permissions.confidential_topics",
                 "escalation.crisis_triggers"):
        yield f"{path}=[]", _set(FULL, path, [])
    for trigger in answers_module.CRISIS_TRIGGERS:
        yield f"crisis_triggers=[{trigger}]", _set(FULL, "escalation.crisis_triggers", [trigger])
    for objective in answers_module.OBJECTIVES:
        yield f"objectives=[{objective}]", _set(FULL, "objectives", [objective])
    no_approval = _set(FULL, "permissions.approval_required", False)
    yield "no approval", _set(no_approval, "permissions.approver", None)
    yield "customer replies", _set(FULL, "permissions.employees_may_reply_to_customers", True)
    yield "24/7", _set(FULL, "escalation.monitoring_hours", "24/7")
    for hours in ("tijdens kantooruren",  # not a schedule policygen can read
                  "dagelijks 07:00-23:00", "dagelijks 06:00-24:00",
                  "ma-za 00:00-24:00, zo 09:00-24:00", "ma-za 00:00-24:00, zo 00:00-20:00"):
        yield f"monitoring_hours={hours}", _set(FULL, "escalation.monitoring_hours", hours)
    yield "one level", _set(FULL, "escalation.levels", FULL["escalation"]["levels"][:1])
    yield "six levels", _set(FULL, "escalation.levels", [
        {"name": f"Level {n}", "contact": f"level{n}@example.org"} for n in range(1, 7)])
    yield "no trainer, no refresher", _set(
        FULL, "training", {"onboarding": False, "refresher_months": 0})
    yield "no optional contacts", _set(_set(FULL, "escalation.press_contact", None),
                                       "escalation.out_of_hours_contact", None)
    # issue 12: one of everything, a draft, each country's law, the answers' own overrides
    one = FULL
    for path, item in (("objectives", ["marketing"]), ("platforms", ["instagram"]),
                       ("official_accounts", FULL["official_accounts"][:1]),
                       ("tools", FULL["tools"][:1]),
                       ("permissions.official_spokespeople", ["Directeur"]),
                       ("permissions.confidential_topics", ["klantgegevens"]),
                       ("escalation.crisis_triggers", ["data_breach"])):
        one = _set(one, path, item)
    yield "one of everything", one
    yield "draft (no effective date)", _set(FULL, "organisation.effective_date", None)
    yield "minimal draft", MINIMAL
    for country in ("NL", "GB", "BE", "US"):
        yield f"country={country}", _set(FULL, "organisation.country", country)
    for sector in answers_module.SECTORS:  # sector clauses cite each country's own law
        for country in ("GB", "BE"):
            yield (f"sector={sector}, country={country}",
                   _set(_set(FULL, "organisation.sector", sector), "organisation.country",
                        country))
    adopted = _set(_set(FULL, "organisation.adopted_by", "Directie"),
                   "organisation.adopted_on", dt.date(2026, 11, 20))
    yield "adopted, consent", _set(adopted, "organisation.works_council_consent", True)
    yield "adopted, no consent", _set(adopted, "organisation.works_council_consent", False)
    owned = copy.deepcopy(FULL)
    owned["escalation"]["levels"][1]["triggers"] = ["media_inquiry", "viral_negative"]
    owned["escalation"]["levels"][2].update(triggers=["data_breach", "safety"], article="het")
    owned["organisation"]["policy_owner"]["article"] = "none"
    yield "levels own triggers, article overrides", owned
    named = _set(FULL, "escalation.crisis_log_keeper", "Secretariaat")
    yield "crisis log keeper, report recipient", _set(named, "reporting.to", "Directie")


def profiles(language: str | None = None) -> Iterator[tuple[str, Answers]]:
    """Validated :class:`Answers` for every variation, in one or both languages."""
    for name, raw in variations():
        for lang in (language,) if language else answers_module.LANGUAGES:
            data = answers_module.validate(_set(raw, "language", lang), f"<profile {name}>")
            yield f"{name} ({lang})", Answers(data=data, source=f"<profile {name}>", sha256="")
