"""Assumptions: the defaults the documents rely on where the answers file is silent.

One rule per field, each a tip that says what the documents now state, so HR knows what it
implicitly agreed to. A field the file sets (to any value, the default included) is a decision
and gives no tip; answers made in memory, whose file is unknown, give none either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from policygen.review.findings import Hit, rule
from policygen.review.plan import Plan
from policygen.review.say import Say

WHY = {"nl": "Het antwoordenbestand zegt hier niets over, dus gebruiken de documenten de "
             "standaardwaarde. Medewerkers lezen het als een besluit van {org}.",
       "en": "The answers file says nothing about this, so the documents use the default. "
             "Staff will read it as {org}'s decision."}
CHANGE = {"nl": "Klopt dat niet, zet dan in het antwoordenbestand {field}: {example}.",
          "en": "If that is not right, set {field}: {example} in the answers file."}
COUNTRY_NAMES = {"NL": {"nl": "Nederland", "en": "the Netherlands"},
                 "GB": {"nl": "het Verenigd Koninkrijk", "en": "the United Kingdom"}}

Phrase = Callable[[Plan, Say], Mapping[str, str]]


@dataclass(frozen=True)
class Assumption:
    """A field the documents fill in when the file is silent, and how they then read."""

    name: str  # the rule is assumptions.<name>
    field: str
    statement: Mapping[str, str]  # the title: what the documents now say, {placeholders}
    example: str | Callable[[Plan], str]  # another value, as YAML
    values: Phrase = lambda plan, say: {}
    applies: Callable[[Plan], bool] = lambda plan: True  # only where a document uses it


def _months(key: str) -> Phrase:
    section, field = key.split(".")
    return lambda plan, say: {"months": say.months(plan.data[section][field])}


def _minutes(key: str) -> Phrase:
    section, field = key.split(".")
    return lambda plan, say: {"minutes": say.minutes(plan.data[section][field])}


def _crisis(plan: Plan) -> bool:
    return bool(plan.escalation["crisis_triggers"])


ASSUMPTIONS = (
    Assumption("sector", "organisation.sector",
               {"nl": "Sector ‘overig’: het protocol krijgt geen sectorregels, zoals die voor "
                      "overheid, zorg of onderwijs",
                "en": "Sector ‘other’: the protocol gets no sector rules, such as those for "
                      "government, healthcare or education"}, "government"),
    Assumption("country", "organisation.country",
               {"nl": "De documenten noemen de wetgeving van {country}",
                "en": "The documents cite the law of {country}"}, "BE",
               lambda plan, say: {"country": COUNTRY_NAMES.get(plan.country, {}).get(
                   say.language, plan.country)}),
    Assumption("short_name", "organisation.short_name",
               {"nl": "In de lopende tekst heet de organisatie {short}",
                "en": "In running text the organisation is called {short}"},
               lambda plan: f"\"{plan.org['name']}\"",
               lambda plan, say: {"short": say.quoted(plan.org["short_name"])},
               lambda plan: plan.org["short_name"] != plan.org["name"]),
    Assumption("review_months", "organisation.review_months",
               {"nl": "Het protocol wordt elke {months} herzien",
                "en": "The protocol is reviewed every {months}"}, "24",
               _months("organisation.review_months")),
    Assumption("approval_required", "permissions.approval_required",
               {"nl": "Officiële berichten gaan online zonder goedkeuring vooraf",
                "en": "Official posts go online without approval first"},
               "true"),
    Assumption("personal_use_at_work", "permissions.personal_use_at_work",
               {"nl": "Privégebruik van sociale media op het werk mag alleen in de pauzes",
                "en": "Personal use of social media at work is allowed only during breaks"},
               "allowed"),
    Assumption("mention_employer", "permissions.mention_employer",
               {"nl": "Medewerkers mogen {org} online noemen, met de vermelding dat het hun "
                      "eigen mening is",
                "en": "Staff may mention {org} online, saying that the views are their own"},
               "allowed"),
    Assumption("employees_may_reply_to_customers", "permissions.employees_may_reply_to_customers",
               {"nl": "Medewerkers reageren niet zelf op vragen en klachten, maar geven ze door "
                      "aan {first}",
                "en": "Staff do not answer questions and complaints themselves but pass them "
                      "to {first}"}, "true",
               lambda plan, say: {"first": say.step(plan.levels[0])}),
    Assumption("photos_at_work", "permissions.photos_at_work",
               {"nl": "Foto's en video op het werk alleen met toestemming van wie herkenbaar in "
                      "beeld is",
                "en": "Photos and video at work only with the consent of anyone recognisable"},
               "not_allowed"),
    Assumption("confidential_topics", "permissions.confidential_topics",
               {"nl": "Het protocol noemt geen onderwerpen die bij {org} in het bijzonder "
                      "vertrouwelijk zijn, alleen de algemene regel",
                "en": "The protocol names no topics that are confidential at {org} in "
                      "particular, only the general rule"},
               "[klantgegevens, cijfers vóór publicatie]"),
    Assumption("access_review_months", "permissions.access_review_months",
               {"nl": "Wie toegang heeft tot de accounts en tools, wordt elke {months} "
                      "nagekeken",
                "en": "Who has access to the accounts and tools is checked every {months}"},
               "6", _months("permissions.access_review_months"),
               lambda plan: bool(plan.data["official_accounts"] or plan.data["tools"])),
    Assumption("reporting_interval", "reporting.interval_months",
               {"nl": "Elke {months} een rapportage over wat sociale media opleveren",
                "en": "A report every {months} on what social media achieve"}, "6",
               _months("reporting.interval_months"), lambda plan: bool(plan.data["objectives"])),
    Assumption("reporting_to", "reporting.to",
               {"nl": "De rapportage gaat naar {owner}", "en": "The report goes to {owner}"},
               "Directie", applies=lambda plan: bool(plan.data["objectives"])),
    Assumption("response_time_hours", "escalation.response_time_hours",
               {"nl": "Een eerste reactie op de officiële kanalen binnen {hours}",
                "en": "A first response on the official channels within {hours}"}, "2",
               lambda plan, say: {"hours": say.hours(plan.escalation["response_time_hours"])}),
    Assumption("monitoring_hours", "escalation.monitoring_hours",
               {"nl": "{first} bekijkt de kanalen ‘tijdens werktijd’, zonder vaste uren",
                "en": "{first} watches the channels ‘during working hours’, with no set hours"},
               "\"ma-vr 08:30-17:30\"",
               lambda plan, say: {"first": say.step(plan.levels[0])}),
    Assumption("crisis_triggers", "escalation.crisis_triggers",
               {"nl": "Crisissignalen zijn {triggers}", "en": "The crisis signals are {triggers}"},
               "[safety, data_breach, media_inquiry, viral_negative, legal_threat, "
               "account_compromised]",
               lambda plan, say: {"triggers": say.join(
                   say.label("crisis_trigger", t) for t in plan.escalation["crisis_triggers"])}),
    Assumption("press_forward_minutes", "escalation.press_forward_minutes",
               {"nl": "Medewerkers geven een vraag van een journalist binnen {minutes} door",
                "en": "Staff pass a journalist's question on within {minutes}"}, "30",
               _minutes("escalation.press_forward_minutes")),
    Assumption("holding_statement_minutes", "escalation.holding_statement_minutes",
               {"nl": "In een crisis gaat het eerste publieke bericht binnen {minutes} online",
                "en": "In a crisis the first public statement goes out within {minutes}"},
               "30", _minutes("escalation.holding_statement_minutes"), _crisis),
    Assumption("crisis_log_keeper", "escalation.crisis_log_keeper",
               {"nl": "Het logboek in een crisis is voor wie de crisis leidt; niemand is er "
                      "vooraf voor aangewezen",
                "en": "The crisis log is left to whoever leads the crisis; nobody is named for "
                      "it in advance"}, "Secretariaat", applies=_crisis),
    Assumption("onboarding", "training.onboarding",
               {"nl": "Nieuwe medewerkers krijgen een training bij hun start",
                "en": "New staff are trained when they start"}, "false"),
    Assumption("refresher_months", "training.refresher_months",
               {"nl": "Elke {months} een opfrissing van de training",
                "en": "A refresher training every {months}"}, "24",
               _months("training.refresher_months"),
               lambda plan: plan.data["training"]["refresher_months"] > 0),
    Assumption("session_minutes", "training.session_minutes",
               {"nl": "Het sessieplan voor de trainer duurt {minutes}",
                "en": "The trainer's session plan lasts {minutes}"}, "60",
               _minutes("training.session_minutes")),
    Assumption("max_participants", "training.max_participants",
               {"nl": "Hoogstens {n} deelnemers per trainingssessie",
                "en": "At most {n} participants per training session"}, "12",
               lambda plan, say: {"n": str(plan.data["training"]["max_participants"])}),
)


def _register(assumption: Assumption) -> None:
    example = (assumption.example if callable(assumption.example)
               else lambda plan: str(assumption.example))

    def check(plan: Plan) -> Iterator[Hit]:
        if plan.silent(assumption.field) and assumption.applies(plan):
            yield Hit((assumption.field,), lambda say: {
                **assumption.values(plan, say), "field": assumption.field,
                "example": say.answer(example(plan))})

    rule(f"assumptions.{assumption.name}", "tip", (assumption.field,),
         title=assumption.statement, why=WHY, change=CHANGE)(check)


for _assumption in ASSUMPTIONS:
    _register(_assumption)


@rule("assumptions.level_within_hours", "tip", ("escalation.levels[*].within_hours",),
      title={"nl": "In de ladder staat bij {levels} de reactietermijn van {hours}",
             "en": "The ladder gives {levels} the response target of {hours}"},
      why=WHY,
      change={"nl": "Klopt dat niet, zet dan per trede escalation.levels[n].within_hours, "
                    "bijvoorbeeld 1 voor een crisisteam.",
              "en": "If that is not right, set escalation.levels[n].within_hours for each "
                    "step, for example 1 for a crisis team."})
def level_within_hours(plan: Plan) -> Iterator[Hit]:
    """Steps of the ladder without their own time show the response target."""
    silent = [i for i in range(len(plan.levels))
              if plan.silent(f"escalation.levels[{i}].within_hours")]
    if not silent:
        return
    hours = plan.escalation["response_time_hours"]
    yield Hit(tuple(f"escalation.levels[{i}].within_hours" for i in silent),
              lambda say: {"levels": say.roles(plan.levels[i]["name"] for i in silent),
                           "hours": say.hours(hours)})
