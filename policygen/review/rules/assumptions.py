"""Assumptions: the defaults the documents rely on where the answers file is silent.

One rule per field, each a tip that says what the documents now state, so HR knows what it
implicitly agreed to. A field the file sets (to any value, the default included) is a decision
and gives no tip; answers made in memory, whose file is unknown, give none either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from policygen.review.findings import Hit, rule
from policygen.review.plan import Plan
from policygen.review.say import Say

CHANGE = {"nl": "Klopt dat niet, zet dan in het antwoordenbestand {field}: {example}.",
          "en": "If that is not right, set {field}: {example} in the answers file."}
COUNTRY_NAMES = {"NL": {"nl": "Nederland", "en": "the Netherlands"},
                 "GB": {"nl": "het Verenigd Koninkrijk", "en": "the United Kingdom"}}
# The other codes the documents have law for: NL and GB their own, any other EU/EEA code EU law.
COUNTRY_CHOICES = {
    "NL": {"nl": "GB, of de code van een ander EU-land zoals BE of DE",
           "en": "GB, or the code of another EU country such as BE or DE"},
    "GB": {"nl": "NL, of de code van een EU-land zoals IE of BE",
           "en": "NL, or the code of an EU country such as IE or BE"},
    "EU": {"nl": "NL, GB, of de code van een ander EU-land",
           "en": "NL, GB, or the code of another EU country"},
}

Phrase = Callable[[Plan, Say], Mapping[str, str]]
Example = Callable[[Plan, Say], str]


@dataclass(frozen=True)
class Assumption:
    """A field the documents fill in when the file is silent, and how they then read."""

    name: str  # the rule is assumptions.<name>
    field: str
    statement: Mapping[str, str]  # the title: what the documents now say, {placeholders}
    why: Mapping[str, str]  # who reads it, and whether it is a sound default for most
    example: str | Mapping[str, str] | Example  # another value, as YAML (per language)
    values: Phrase = lambda plan, say: {}
    applies: Callable[[Plan], bool] = lambda plan: True  # only where a document uses it
    change: Mapping[str, str] | None = None  # None: CHANGE


def _example(example: str | Mapping[str, str] | Example, plan: Plan, say: Say) -> str:
    if callable(example):
        return example(plan, say)
    return example if isinstance(example, str) else example[say.language]


def _months(key: str) -> Phrase:
    section, field = key.split(".")
    return lambda plan, say: {"months": say.months(plan.data[section][field])}


def _minutes(key: str) -> Phrase:
    section, field = key.split(".")
    return lambda plan, say: {"minutes": say.minutes(plan.data[section][field])}


def _crisis(plan: Plan) -> bool:
    return bool(plan.escalation["crisis_triggers"])


def _country_choices(plan: Plan, say: Say) -> str:
    group = plan.country if plan.country in ("NL", "GB") else "EU"
    return COUNTRY_CHOICES[group][say.language]


ASSUMPTIONS = (
    Assumption("sector", "organisation.sector",
               {"nl": "Sector ‘overig’: het protocol krijgt geen sectorregels, zoals die voor "
                      "overheid, zorg of onderwijs",
                "en": "Sector ‘other’: the protocol gets no sector rules, such as those for "
                      "government, healthcare or education"},
               {"nl": "Voor een bedrijf is dat goed; een overheid, zorg- of onderwijsinstelling "
                      "mist dan regels die voor haar gelden, zoals archivering, het "
                      "beroepsgeheim of contact met leerlingen.",
                "en": "Right for a business; a public body, care provider or school then misses "
                      "rules that apply to it, such as records, confidentiality or contact with "
                      "pupils."}, "government"),
    Assumption("country", "organisation.country",
               {"nl": "De documenten noemen de wetgeving van {country}",
                "en": "The documents cite the law of {country}"},
               {"nl": "Het land volgt nu uit de taal van het antwoordenbestand; de wetten en "
                      "toezichthouders die het protocol en dit advies noemen, hangen ervan af. "
                      "Goed zolang {org} in {country} werkt.",
                "en": "The country now follows from the answers file's language; the laws and "
                      "regulators the protocol and this advice cite depend on it. Right as long "
                      "as {org} is based in {country}."},
               _country_choices,
               lambda plan, say: {"country": COUNTRY_NAMES.get(plan.country, {}).get(
                   say.language, plan.country)},
               change={"nl": "Werkt {org} in een ander land, zet dan in het antwoordenbestand "
                             "organisation.country op de code daarvan: {example}.",
                       "en": "If {org} is based elsewhere, set organisation.country to that "
                             "country's code in the answers file: {example}."}),
    Assumption("short_name", "organisation.short_name",
               {"nl": "In de lopende tekst heet de organisatie {short}",
                "en": "In running text the organisation is called {short}"},
               {"nl": "De documenten laten de rechtsvorm weg uit de naam; zo noemen medewerkers "
                      "de organisatie meestal ook.",
                "en": "The documents drop the legal form from the name, which is usually what "
                      "staff call the organisation too."},
               lambda plan, say: f"\"{plan.org['name']}\"",
               lambda plan, say: {"short": say.quoted(plan.org["short_name"])},
               lambda plan: plan.org["short_name"] != plan.org["name"]),
    Assumption("review_months", "organisation.review_months",
               {"nl": "Het protocol wordt elke {months} herzien",
                "en": "The protocol is reviewed every {months}"},
               {"nl": "Het protocol noemt daarmee de datum van de volgende herziening. Een jaar "
                      "is voor de meeste organisaties goed: platforms en risico's veranderen "
                      "snel.",
                "en": "The protocol names the date of its next review from it. A year suits "
                      "most organisations: platforms and risks change fast."}, "24",
               _months("organisation.review_months")),
    Assumption("approval_required", "permissions.approval_required",
               {"nl": "Officiële berichten gaan online zonder goedkeuring vooraf",
                "en": "Official posts go online without approval first"},
               {"nl": "Woordvoerders lezen dat ze zelf beslissen. Dat past bij een klein, "
                      "ervaren team; waar een misser de krant haalt, is een tweede paar ogen "
                      "beter.",
                "en": "Spokespeople read that they decide for themselves. That suits a small, "
                      "experienced team; where a slip makes the news, a second pair of eyes is "
                      "better."}, "true"),
    Assumption("personal_use_at_work", "permissions.personal_use_at_work",
               {"nl": "Privégebruik van sociale media op het werk mag alleen in de pauzes",
                "en": "Personal use of social media at work is allowed only during breaks"},
               {"nl": "Medewerkers lezen het als een huisregel. Het is de gangbare middenweg, "
                      "strenger dan op veel kantoren in de praktijk.",
                "en": "Staff read it as a house rule. It is the usual middle way, stricter "
                      "than many offices are in practice."}, "allowed"),
    Assumption("mention_employer", "permissions.mention_employer",
               {"nl": "Medewerkers mogen {org} online noemen, met de vermelding dat het hun "
                      "eigen mening is",
                "en": "Staff may mention {org} online, saying that the views are their own"},
               {"nl": "Medewerkers lezen wat ze over hun werk mogen zeggen. Dit is de gangbare "
                      "regel en voor de meeste organisaties een goede.",
                "en": "Staff read what they may say about their work. This is the usual rule, "
                      "and a sound one for most organisations."}, "allowed"),
    Assumption("employees_may_reply_to_customers", "permissions.employees_may_reply_to_customers",
               {"nl": "Medewerkers reageren niet zelf op vragen en klachten, maar geven ze door "
                      "aan {first}",
                "en": "Staff do not answer questions and complaints themselves but pass them "
                      "to {first}"},
               {"nl": "De veilige standaard: één plek antwoordt. Wel trager waar medewerkers "
                      "het onderwerp zelf het best kennen.",
                "en": "The safe default: one place answers. It is slower, though, where staff "
                      "know the subject best."}, "true",
               lambda plan, say: {"first": say.step(plan.levels[0])}),
    Assumption("photos_at_work", "permissions.photos_at_work",
               {"nl": "Foto's en video op het werk alleen met toestemming van wie herkenbaar in "
                      "beeld is",
                "en": "Photos and video at work only with the consent of anyone recognisable"},
               {"nl": "Dat vraagt de privacywet in de meeste gevallen ook; een goede standaard.",
                "en": "Data protection law asks the same in most cases; a sound default."},
               "not_allowed"),
    Assumption("confidential_topics", "permissions.confidential_topics",
               {"nl": "Het protocol noemt geen onderwerpen die bij {org} in het bijzonder "
                      "vertrouwelijk zijn, alleen de algemene regel",
                "en": "The protocol names no topics that are confidential at {org} in "
                      "particular, only the general rule"},
               {"nl": "Een algemene regel onthoudt niemand; twee of drie eigen voorbeelden "
                      "maken hem concreet.",
                "en": "Nobody remembers a general rule; two or three examples of your own make "
                      "it concrete."},
               {"nl": "[klantgegevens, cijfers vóór publicatie]",
                "en": "[customer data, figures before publication]"}),
    Assumption("access_review_months", "permissions.access_review_months",
               {"nl": "Wie toegang heeft tot de accounts en tools, wordt elke {months} "
                      "nagekeken",
                "en": "Who has access to the accounts and tools is checked every {months}"},
               {"nl": "Zo verdwijnt de toegang van wie vertrokken is op tijd; voor de meeste "
                      "organisaties een goede termijn.",
                "en": "That removes leavers' access in good time; a sound interval for most "
                      "organisations."},
               "6", _months("permissions.access_review_months"),
               lambda plan: bool(plan.data["official_accounts"] or plan.data["tools"])),
    Assumption("reporting_interval", "reporting.interval_months",
               {"nl": "Elke {months} een rapportage over wat sociale media opleveren",
                "en": "A report every {months} on what social media achieve"},
               {"nl": "Vaak genoeg om bij te sturen, niet zo vaak dat het rapporteren zelf het "
                      "werk wordt; goed voor de meeste organisaties.",
                "en": "Often enough to adjust course, not so often that reporting becomes the "
                      "work; right for most organisations."}, "6",
               _months("reporting.interval_months"), lambda plan: bool(plan.data["objectives"])),
    Assumption("reporting_to", "reporting.to",
               {"nl": "De rapportage gaat naar {owner}", "en": "The report goes to {owner}"},
               {"nl": "Dat werkt waar {owner} de sociale media stuurt, maar de leiding ziet de "
                      "resultaten dan niet.",
                "en": "That works where {owner} steers social media, but the management then "
                      "does not see the results."},
               {"nl": "Directie", "en": "Management team"},
               applies=lambda plan: bool(plan.data["objectives"])),
    Assumption("response_time_hours", "escalation.response_time_hours",
               {"nl": "Een eerste reactie op de officiële kanalen binnen {hours}",
                "en": "A first response on the official channels within {hours}"},
               {"nl": "Klanten lezen het als een belofte. Ongeveer vier uur verwachten mensen "
                      "op sociale media, en binnen werktijd halen de meeste organisaties dat.",
                "en": "Customers read it as a promise. About four hours is what people expect "
                      "on social media, and what most organisations can keep in working "
                      "hours."}, "2",
               lambda plan, say: {"hours": say.hours(plan.escalation["response_time_hours"])}),
    Assumption("monitoring_hours", "escalation.monitoring_hours",
               {"nl": "{first} bekijkt de kanalen ‘tijdens werktijd’, zonder vaste uren",
                "en": "{first} watches the channels ‘during working hours’, with no set hours"},
               {"nl": "Zonder vaste uren kan niemand zeggen wanneer een bericht blijft liggen, "
                      "en heeft de reactietermijn geen uren om in te tellen.",
                "en": "Without set hours nobody can tell when a message goes unread, and the "
                      "response target has no hours to count in."},
               {"nl": "\"ma-vr 08:30-17:30\"", "en": "\"Mon-Fri 08:30-17:30\""},
               lambda plan, say: {"first": say.step(plan.levels[0])}),
    Assumption("crisis_triggers", "escalation.crisis_triggers",
               {"nl": "Crisissignalen zijn {triggers}", "en": "The crisis signals are {triggers}"},
               {"nl": "Dit dekt wat bij de meeste organisaties misgaat; een juridische dreiging "
                      "of een gehackt account hoort er vaak bij.",
                "en": "This covers what goes wrong at most organisations; a legal threat or a "
                      "hacked account often belongs with them."},
               "[safety, data_breach, media_inquiry, viral_negative, legal_threat, "
               "account_compromised]",
               lambda plan, say: {"triggers": say.join(
                   say.label("crisis_trigger", t) for t in plan.escalation["crisis_triggers"])}),
    Assumption("press_forward_minutes", "escalation.press_forward_minutes",
               {"nl": "Medewerkers geven een vraag van een journalist binnen {minutes} door",
                "en": "Staff pass a journalist's question on within {minutes}"},
               {"nl": "Werkbaar voor de meeste organisaties, al hebben journalisten vaak een "
                      "kortere deadline.",
                "en": "Workable for most organisations, though journalists often have a "
                      "shorter deadline."}, "30",
               _minutes("escalation.press_forward_minutes")),
    Assumption("holding_statement_minutes", "escalation.holding_statement_minutes",
               {"nl": "In een crisis gaat het eerste publieke bericht binnen {minutes} online",
                "en": "In a crisis the first public statement goes out within {minutes}"},
               {"nl": "Binnen het uur is gangbaar; wie later iets zegt, laat anderen het "
                      "verhaal vertellen.",
                "en": "Within the hour is usual; say something later and others tell the "
                      "story."}, "30", _minutes("escalation.holding_statement_minutes"), _crisis),
    Assumption("crisis_log_keeper", "escalation.crisis_log_keeper",
               {"nl": "Het logboek in een crisis is voor wie de crisis leidt; niemand is er "
                      "vooraf voor aangewezen",
                "en": "The crisis log is left to whoever leads the crisis; nobody is named for "
                      "it in advance"},
               {"nl": "Wie de crisis leidt, heeft het te druk om bij te houden wat er "
                      "gebeurt; wijs daarom vooraf iemand anders aan.",
                "en": "Whoever leads a crisis is too busy to record what happens; better to "
                      "name someone else in advance."},
               {"nl": "Secretariaat", "en": "Office manager"},
               applies=lambda plan: _crisis(plan) and not plan.small),
    Assumption("onboarding", "training.onboarding",
               {"nl": "Nieuwe medewerkers krijgen een training bij hun start",
                "en": "New staff are trained when they start"},
               {"nl": "Het protocol belooft het nieuwe collega's; de juiste standaard, als "
                      "iemand de training ook inplant.",
                "en": "The protocol promises it to new colleagues; the right default, as long "
                      "as someone schedules it."}, "false"),
    Assumption("refresher_months", "training.refresher_months",
               {"nl": "Elke {months} een opfrissing van de training",
                "en": "A refresher training every {months}"},
               {"nl": "Medewerkers lezen het als een afspraak. Jaarlijks past bij de meeste "
                      "organisaties en valt samen met de herziening.",
                "en": "Staff read it as a commitment. Once a year suits most organisations and "
                      "comes with the review."}, "24",
               _months("training.refresher_months"),
               lambda plan: plan.data["training"]["refresher_months"] > 0),
    Assumption("session_minutes", "training.session_minutes",
               {"nl": "Het sessieplan voor de trainer duurt {minutes}",
                "en": "The trainer's session plan lasts {minutes}"},
               {"nl": "Alleen het sessieplan van de trainer gebruikt dit; medewerkers zien het "
                      "niet. Het laat tijd voor de scenario's uit de hand-out.",
                "en": "Only the trainer's session plan uses it; staff never see it. It leaves "
                      "time for the handout's scenarios."}, "60",
               _minutes("training.session_minutes")),
    Assumption("max_participants", "training.max_participants",
               {"nl": "Hoogstens {n} deelnemers per trainingssessie",
                "en": "At most {n} participants per training session"},
               {"nl": "Alleen het sessieplan van de trainer gebruikt het; zo komt in een sessie "
                      "nog iedereen aan het woord.",
                "en": "Only the trainer's session plan uses it; a group this size still lets "
                      "everyone speak."}, "12",
               lambda plan, say: {"n": str(plan.data["training"]["max_participants"])}),
)


def _register(assumption: Assumption) -> None:
    def check(plan: Plan) -> Iterator[Hit]:
        if plan.silent(assumption.field) and assumption.applies(plan):
            yield Hit((assumption.field,), lambda say: {
                **assumption.values(plan, say), "field": assumption.field,
                "example": say.answer(_example(assumption.example, plan, say))})

    rule(f"assumptions.{assumption.name}", "tip", (assumption.field,),
         title=assumption.statement, why=assumption.why,
         change=assumption.change or CHANGE)(check)


for _assumption in ASSUMPTIONS:
    _register(_assumption)


@rule("assumptions.level_within_hours", "tip", ("escalation.levels[*].within_hours",),
      title={"nl": "In de ladder {responds} {level} binnen {time}",
             "en": "In the ladder, {level} {responds} within {time}"},
      why={"nl": "Het antwoordenbestand geeft {level} geen eigen termijn, dus {origin}. Die "
                 "tijd verandert mee: {moves}{crisis}",
           "en": "The answers file gives {level} no time of its own, so {origin}. That time "
                 "moves with it: {moves}{crisis}"},
      change={"nl": "Klopt dat niet, spreek dan met {level} een termijn af en zet die in "
                    "escalation.levels[{index}].within_hours. Klopt het wel, zet dan {n}: dan is "
                    "het een afspraak die niet meer meeverandert met {source}.",
              "en": "If that is not right, agree a time with {level} and set "
                    "escalation.levels[{index}].within_hours to it. If it is right, set {n}: "
                    "then it is an agreement that no longer moves with {source}."})
def level_within_hours(plan: Plan) -> Iterator[Hit]:
    """A step of the ladder without its own time: the time the documents give it instead.

    As :attr:`Plan.step_times` gives it (``policygen/answers/ladder.py``): the response target
    for the first step, the time of the step below for a higher one, and the holding
    statement's time for the crisis signals it owns where that is shorter.
    """
    for index in range(len(plan.levels)):
        if plan.silent(f"escalation.levels[{index}].within_hours"):
            yield Hit((f"escalation.levels[{index}].within_hours",),
                      _level_time_values(plan, index))


def _level_time_values(plan: Plan, index: int) -> Callable[[Say], dict[str, str]]:
    levels, time = plan.levels, plan.step_times[index]
    level, below = levels[index], (levels[index - 1] if index else None)
    signals = plan.owned_signals(index)

    def values(say: Say) -> dict[str, str]:
        def verb(of: Mapping[str, Any], nl: tuple[str, str], en: tuple[str, str]) -> str:
            return say.verb(of["name"], nl, en, of.get("article"))

        name, hours = say.step(level), say.hours(time.hours)
        becomes = verb(level, ("wordt", "worden"), ("slows", "slow"))
        if below is None:
            spoken = say.pick(f"de reactietermijn van {hours}", f"the response target of {hours}")
            origin = say.pick("geldt de reactietermijn (escalation.response_time_hours)",
                              "the response target applies (escalation.response_time_hours)")
            moves = say.pick(f"verhoog je de reactietermijn, dan {becomes} {name} even traag.",
                             f"raise the response target and {name} {becomes} down with it.")
            source = say.pick("de reactietermijn", "the response target")
        else:
            source = say.step(below)
            gets = verb(level, ("krijgt", "krijgen"), ("gets", "get"))
            slower = verb(below, ("wordt", "worden"), ("slows", "slow"))
            spoken = say.pick(f"{hours}, net als {source}", f"{hours}, the same as {source}")
            origin = say.pick(f"{gets} {name} de tijd van {source}, de trede eronder",
                              f"{name} {gets} the time of {source}, the step below")
            moves = say.pick(f"{slower} {source} trager, dan {becomes} {name} dat ook.",
                             f"if {source} {slower} down, {name} {becomes} down too.")
        crisis = ""
        if time.crisis_minutes is not None and time.crisis_minutes < time.hours * 60:
            spoken += say.pick(f"; bij een crisis binnen {say.within(time.crisis_minutes)}",
                               f"; in a crisis within {say.within(time.crisis_minutes)}")
            crisis = say.pick(
                f" Voor {say.join(say.label('crisis_trigger', s) for s in signals)} geldt de "
                "termijn van het eerste publieke bericht (escalation.holding_statement_minutes): "
                f"{say.within(time.crisis_minutes)}.",
                f" For {say.join(say.label('crisis_trigger', s) for s in signals)} the time "
                "of the first public statement (escalation.holding_statement_minutes) applies: "
                f"{say.within(time.crisis_minutes)}.")
        return {"level": name, "time": spoken, "origin": origin, "moves": moves,
                "crisis": crisis, "source": source, "index": str(index), "n": str(time.hours),
                "responds": verb(level, ("reageert", "reageren"), ("responds", "respond"))}

    return values
