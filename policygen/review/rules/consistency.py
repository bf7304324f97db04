"""Consistency: answers that contradict each other, so the documents promise what cannot hold."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from policygen.review import gaps as gaps_module
from policygen.review.findings import Hit, Values, rule
from policygen.review.plan import Plan, same_role
from policygen.review.roles import names_match
from policygen.review.rules.wording import step_verb
from policygen.review.say import Say

PLATFORM_ALIASES = {"twitter": "x", "x (twitter)": "x", "twitter/x": "x", "fb": "facebook",
                    "insta": "instagram", "yt": "youtube"}


@rule("consistency.response_vs_monitoring", "warning",
      ("escalation.response_time_hours", "escalation.monitoring_hours",
       "escalation.out_of_hours_contact"),
      title={"nl": "Een eerste reactie binnen {hours}, maar van {start} tot {end} kijkt niemand "
                   "mee",
             "en": "A first response within {hours}, but nobody watches from {start} to {end}"},
      why={"nl": "De bewaakte uren {schedule} laten {gap} achter elkaar onbewaakt, en de "
                 "reactietermijn telt alleen binnen die uren: wie {start} een bericht stuurt, "
                 "krijgt pas {due} een eerste reactie. Er is ook geen nummer voor spoed buiten "
                 "die uren, dus het protocol zegt medewerkers dat er dan niemand bereikbaar is, "
                 "ook niet bij een datalek of een gehackt account.",
           "en": "The monitoring hours {schedule} leave {gap} in a row unwatched, and the "
                 "response target only counts within those hours: someone who writes on "
                 "{start} gets a first response on {due}. There is no out-of-hours number "
                 "either, so the protocol tells staff that nobody can be reached then, not even "
                 "for a data breach or a hacked account."},
      change={"nl": "Zet in escalation.out_of_hours_contact een nummer dat buiten de bewaakte "
                    "uren opneemt (een rooster van twee of drie collega's is genoeg), of bewaak "
                    "het gat met korte controlemomenten en zet die in "
                    "escalation.monitoring_hours.",
              "en": "Put a number that is answered outside monitoring hours in "
                    "escalation.out_of_hours_contact (a rota of two or three colleagues will "
                    "do), or cover the gap with short check-ins and add them to "
                    "escalation.monitoring_hours."})
def response_vs_monitoring(plan: Plan) -> Iterator[Hit]:
    """The longest unwatched stretch is longer than the response target, and nobody is on call."""
    escalation = plan.escalation
    schedule = plan.schedule
    if escalation.get("out_of_hours_contact") or schedule is None or schedule.always:
        return
    hours = escalation["response_time_hours"]
    gap = gaps_module.gaps(schedule)[0]
    if gap.minutes <= hours * 60:
        return
    due = gaps_module.reply_due(schedule, gap.start, hours)

    def values(say: Say) -> dict[str, str]:
        return {"hours": say.hours(hours), "schedule": say.quoted(escalation["monitoring_hours"]),
                "gap": say.span(gap.minutes), "start": say.moment(gap.start),
                "end": say.moment(gap.end), "due": say.moment(due)}

    yield Hit(("escalation.response_time_hours", "escalation.monitoring_hours",
               "escalation.out_of_hours_contact"), values)


@rule("consistency.approver_is_only_spokesperson", "warning",
      ("permissions.approval_required", "permissions.approver",
       "permissions.official_spokespeople"),
      title={"nl": "{approver} {approves} de eigen berichten goed",
             "en": "{approver} {approves} their own posts"},
      why={"nl": "Goedkeuring vooraf is bedoeld als tweede paar ogen voordat een bericht online "
                 "staat. Als alleen {approver} namens {org} {may} posten, kijkt niemand anders "
                 "mee en beschrijft het protocol een stap die er niet is.",
           "en": "Approval before posting is meant as a second pair of eyes before anything "
                 "goes live. If only {approver} may post for {org}, nobody else looks, and the "
                 "protocol describes a step that does not exist."},
      change={"nl": "Wijs een andere goedkeurder aan in permissions.approver, bijvoorbeeld "
                    "{alternative}, of voeg een tweede woordvoerder toe aan "
                    "permissions.official_spokespeople.",
              "en": "Name another approver in permissions.approver, for example {alternative}, "
                    "or add a second spokesperson to permissions.official_spokespeople."})
def approver_is_only_spokesperson(plan: Plan) -> Iterator[Hit]:
    """Approval is required, but the approver is the one and only spokesperson."""
    permissions = plan.permissions
    approver = permissions.get("approver")
    spokes = permissions["official_spokespeople"]
    if not (permissions["approval_required"] and approver and len(spokes) == 1
            and same_role(spokes[0], approver)):
        return
    owner = plan.org["policy_owner"]["role"]

    def values(say: Say) -> dict[str, str]:
        alternative = (say.the(owner) if not same_role(owner, approver)
                       else say.pick("een collega van een ander team",
                                     "a colleague from another team"))
        return {"approver": say.the(approver), "alternative": alternative,
                "approves": say.verb(approver, ("keurt", "keuren"), ("approves", "approve")),
                "may": say.verb(approver, ("mag", "mogen"), ("may", "may"))}

    yield Hit(("permissions.approval_required", "permissions.approver",
               "permissions.official_spokespeople"), values)


@rule("consistency.monitoring_tools_without_hours", "warning",
      ("tools[*].purpose", "escalation.monitoring_hours"),
      title={"nl": "Monitoring met {tools}, maar geen bewaakte uren",
             "en": "Monitoring with {tools}, but no monitoring hours"},
      why={"nl": "Een tool signaleert, maar iemand moet de meldingen lezen en beslissen of er "
                 "gereageerd wordt. Zonder bewaakte uren zegt het protocol alleen dat {first} "
                 "‘tijdens werktijd’ {watches}, en weet niemand wanneer een melding blijft "
                 "liggen.",
           "en": "A tool raises alerts, but someone has to read them and decide whether to "
                 "respond. Without monitoring hours the protocol only says that {first} "
                 "{watches} ‘during working hours’, and nobody knows when an alert goes unread."},
      change={"nl": "Zet in escalation.monitoring_hours wanneer {first} de meldingen {reads}, "
                    "bijvoorbeeld \"ma-vr 08:30-17:30\".",
              "en": "Set escalation.monitoring_hours to when {first} {reads} the alerts, for "
                    "example \"Mon-Fri 08:30-17:30\"."})
def monitoring_tools_without_hours(plan: Plan) -> Iterator[Hit]:
    """Tools watch the channels, but the answers give no hours in which anyone reads them."""
    tools = plan.monitoring_tools()
    if not tools or plan.escalation.get("monitoring_hours"):
        return
    indexes = [i for i, tool in enumerate(plan.data["tools"]) if tool in tools]
    first = plan.levels[0]
    yield Hit((*(f"tools[{i}].purpose" for i in indexes), "escalation.monitoring_hours"),
              lambda say: {"tools": say.join(say.answer(t["name"]) for t in tools),
                           "first": say.step(first),
                           "watches": step_verb(say, first, ("meekijkt", "meekijken"),
                                                ("watches", "watch")),
                           "reads": step_verb(say, first, ("bekijkt", "bekijken"),
                                              ("reads", "read"))})


def _platform_key(name: str) -> str:
    key = " ".join(name.casefold().split())
    return PLATFORM_ALIASES.get(key, key)


@rule("consistency.account_platform_not_listed", "error",
      ("official_accounts[*].platform", "platforms"),
      title={"nl": "Account {handle} staat op {platform}, maar {platform} ontbreekt bij de "
                   "platforms",
             "en": "Account {handle} is on {platform}, but {platform} is not among the "
                   "platforms"},
      why={"nl": "Het protocol zegt dat het gaat over {platforms}, en noemt daarna een officieel "
                 "account op {platform}. Dat spreekt elkaar tegen, en wie op {platform} actief "
                 "is, weet niet of de regels daar ook gelden.",
           "en": "The protocol says it covers {platforms}, then lists an official account on "
                 "{platform}. That is a contradiction, and staff active on {platform} cannot "
                 "tell whether the rules apply there."},
      change={"nl": "Voeg {value} toe aan platforms, of haal het account uit official_accounts "
                    "als {org} het niet meer gebruikt.",
              "en": "Add {value} to platforms, or remove the account from official_accounts if "
                    "{org} no longer uses it."})
def account_platform_not_listed(plan: Plan) -> Iterator[Hit]:
    """An official account is on a platform the answers do not list as in use."""
    platforms = plan.data["platforms"]
    if not platforms:
        return  # no platforms named: the scope then names none, nothing contradicts
    listed = {_platform_key(p) for p in platforms}
    for index, account in enumerate(plan.data["official_accounts"]):
        if _platform_key(account["platform"]) in listed:
            continue
        yield Hit((f"official_accounts[{index}].platform", "platforms"),
                  _account_values(account, platforms))


def _account_values(account: Mapping[str, Any], platforms: list[str]) -> Values:
    def values(say: Say) -> dict[str, str]:
        return {"handle": say.answer(account["handle"]),
                "platform": say.label("platform", account["platform"]),
                "value": say.answer(account["platform"]),
                "platforms": say.join(say.label("platform", p) for p in platforms)}

    return values


def _on_ladder(role: str, levels: list[Any]) -> bool:
    """Whether the role is a step: the same name, singular or plural, or one extending it."""
    return any(same_role(role, level["name"]) or names_match(role, level["name"])
               for level in levels)


@rule("consistency.spokesperson_not_in_ladder", "tip",
      ("permissions.official_spokespeople", "escalation.levels[*].name"),
      title={"nl": "{role} {speaks} namens {org}, maar {stands} niet op de escalatieladder",
             "en": "{role} {speaks} for {org} but {stands} not on the escalation ladder"},
      why={"nl": "Woordvoerders zien als eersten wat er misgaat onder hun berichten. {Stands} "
                 "{role} niet op de ladder, dan geldt voor {role} wat voor iedereen geldt: "
                 "melden bij {first} en wachten. Voor wie namens {org} spreekt is dat vaak te "
                 "traag.",
           "en": "Spokespeople are the first to see things go wrong under their posts. If "
                 "{role} {stands} not on the ladder, {role} {does} what everyone does: report "
                 "to {first} and wait. For someone who speaks for {org} that is often too slow."},
      change={"nl": "Neem {role} op als trede in escalation.levels, of spreek af bij welke trede "
                    "{role} {ends_up} en zet dat in de handles van die trede.",
              "en": "Add {role} as a step in escalation.levels, or agree which step {role} "
                    "{ends_up} to and say so in that step's handles."})
def spokesperson_not_in_ladder(plan: Plan) -> Iterator[Hit]:
    """A role that may post for the organisation appears at no step of the ladder."""
    levels = plan.levels
    for index, role in enumerate(plan.permissions["official_spokespeople"]):
        if not _on_ladder(role, levels):
            yield Hit((f"permissions.official_spokespeople[{index}]", "escalation.levels"),
                      _role_values(role, levels[0]))


def _role_values(role: str, first: Mapping[str, Any]) -> Values:
    def values(say: Say) -> dict[str, str]:
        stands = say.verb(role, ("staat", "staan"), ("is", "are"))
        return {"role": say.the(role), "first": say.step(first),
                "speaks": say.verb(role, ("spreekt", "spreken"), ("speaks", "speak")),
                "stands": stands, "Stands": stands[:1].upper() + stands[1:],
                "does": say.verb(role, ("doet", "doen"), ("does", "do")),
                "ends_up": say.verb(role, ("terechtkomt", "terechtkomen"), ("goes", "go"))}

    return values


@rule("consistency.press_without_contact", "warning",
      ("escalation.press_contact", "escalation.levels[*].handles"),
      title={"nl": "Geen perscontact: journalisten komen bij {level} terecht",
             "en": "No press contact: journalists end up with {level}"},
      why={"nl": "Zonder perscontact stuurt het protocol elke vraag van een journalist naar "
                 "{level} ({contact}), {because}. Journalisten werken met "
                 "deadlines van uren; wie hun vraag krijgt, moet weten dat die bij hem of haar "
                 "hoort en wat er gezegd mag worden.",
           "en": "Without a press contact the protocol sends every journalist's question to "
                 "{level} ({contact}), {because}. "
                 "Journalists work to deadlines of hours; whoever gets their question must know "
                 "it is theirs, and what may be said."},
      change={"nl": "Zet in escalation.press_contact waar persvragen heen gaan (een persnummer "
                    "of -adres), of zet ‘pers’ in de handles van de trede die de pers te woord "
                    "staat.",
              "en": "Set escalation.press_contact to where press enquiries go (a press line or "
                    "address), or put ‘press’ in the handles of the step that deals with the "
                    "press."})
def press_without_contact(plan: Plan) -> Iterator[Hit]:
    """No press contact and no step that names the press: journalists go to the top.

    Not for a sole trader or a very small firm (:attr:`Plan.small`): its one step is where
    journalists belong.
    """
    escalation = plan.escalation
    if plan.small:
        return
    listed = "media_inquiry" in escalation["crisis_triggers"]
    if escalation.get("press_contact") or (listed and plan.explicit_owner("media_inquiry")
                                           is not None):
        return
    top = plan.levels[-1]

    def values(say: Say) -> dict[str, str]:
        because = (say.pick("omdat geen trede de pers noemt",
                            "because no step of the ladder names the press") if listed else
                   say.pick("omdat een vraag van de media geen van de crisissignalen is "
                            "(escalation.crisis_triggers)",
                            "because a media enquiry is not one of the crisis signals "
                            "(escalation.crisis_triggers)"))
        return {"level": say.step(top), "contact": say.answer(top["contact"]),
                "because": because}

    yield Hit(("escalation.press_contact", f"escalation.levels[{len(plan.levels) - 1}]"),
              values)


TRIGGER_REASONS = {
    "safety": {"nl": "bij gevaar telt elke minuut, en wie het meldt moet meteen de juiste "
                     "persoon aan de lijn hebben.",
               "en": "when people are in danger every minute counts, and whoever reports it "
                     "must reach the right person at once."},
    "data_breach": {"nl": "een datalek moet binnen 72 uur bij de toezichthouder gemeld zijn, "
                          "dus het hoort meteen bij wie die melding doet.",
                    "en": "a data breach must be reported to the regulator within 72 hours, so "
                          "it belongs with whoever makes that report."},
    "media_inquiry": {"nl": "journalisten werken met deadlines van uren.",
                      "en": "journalists work to deadlines of hours."},
    "viral_negative": {"nl": "een storm van reacties vraagt om iemand die binnen het uur een "
                             "eerste bericht kan plaatsen.",
                       "en": "a storm of comments needs someone who can post a first word "
                             "within the hour."},
    "legal_threat": {"nl": "bij een juridische dreiging wil je eerst een jurist laten "
                           "meekijken, en online niets zeggen wat later tegen je gebruikt "
                           "wordt.",
                     "en": "a legal threat needs a lawyer's eye first, and nothing said online "
                           "that could be used against you later."},
    "account_compromised": {"nl": "bij een gehackt account moet iemand met de inloggegevens "
                                  "meteen de wachtwoorden wijzigen.",
                            "en": "a hacked account needs someone with the login details to "
                                  "change the passwords at once."},
}


def _unnamed(plan: Plan) -> list[str]:
    """The crisis signals no step names, which the documents send to the top of the ladder.

    A media enquiry is left out: with a press contact the protocol and the handout send
    journalists there, and without one :func:`press_without_contact` says where they land.
    """
    return [trigger for trigger in plan.escalation["crisis_triggers"]
            if trigger != "media_inquiry" and plan.explicit_owner(trigger) is None]


@rule("consistency.trigger_without_owner", "warning",
      ("escalation.crisis_triggers", "escalation.levels[*].triggers",
       "escalation.levels[*].handles"),
      title={"nl": "Geen trede noemt {trigger}; het protocol stuurt dat signaal naar {top}",
             "en": "No step names {trigger}; the protocol sends that signal to {top}"},
      why={"nl": "Het protocol stuurt elk crisissignaal naar de trede die het noemt; wat geen "
                 "trede noemt, gaat naar de hoogste, {top}. Dat kan de verkeerde zijn: {reason}",
           "en": "The protocol sends each crisis signal to the step that names it; what no step "
                 "names goes to the top, {top}. That may be the wrong one: {reason}"},
      change={"nl": "Zet {value} in de triggers van de trede die erover gaat "
                    "(escalation.levels[n].triggers), of noem het in de handles van die trede.",
              "en": "Add {value} to the triggers of the step that owns it "
                    "(escalation.levels[n].triggers), or name it in that step's handles."})
def trigger_without_owner(plan: Plan) -> Iterator[Hit]:
    """A crisis trigger no step names falls to the top, and the top does not handle crises.

    Where the top step's ``handles`` names crises in general ("incidenten en crises"), the
    documents' routing sends it every signal no step names, which is what the reader expects:
    no finding. A crisis step lower on the ladder is :func:`crisis_step_passed_over`.
    """
    levels = plan.levels
    if len(levels) < 2 or plan.crisis_step is not None:
        return  # one step: everything goes there; a crisis step: see crisis_step_passed_over
    for trigger in _unnamed(plan):
        yield Hit(("escalation.crisis_triggers", "escalation.levels[*].triggers"),
                  _trigger_values(trigger, levels[-1]))


def _trigger_values(trigger: str, top: Mapping[str, Any]) -> Values:
    def values(say: Say) -> dict[str, str]:
        return {"trigger": say.label("crisis_trigger", trigger), "value": trigger,
                "top": say.step(top), "reason": TRIGGER_REASONS[trigger][say.language]}

    return values


@rule("consistency.crisis_step_passed_over", "warning",
      ("escalation.levels[*].handles", "escalation.levels[*].triggers",
       "escalation.crisis_triggers"),
      title={"nl": "{crisis} {handles} crises, maar het protocol stuurt {triggers} naar {top}",
             "en": "{crisis} {handles} crises, but the protocol sends {triggers} to {top}"},
      why={"nl": "Volgens de ladder {handles} {crisis} crises. Het protocol leest in de "
                 "handles alleen de signalen die er met naam staan, en stuurt wat geen trede "
                 "noemt naar de hoogste trede, {top}. Medewerkers met {triggers} bellen dan "
                 "{top}, niet {crisis}.",
           "en": "By the ladder, {crisis} {handles} crises. The protocol reads only the signals "
                 "a step's handles name, and sends what no step names to the top step, {top}. "
                 "Staff with {triggers} then call {top}, not {crisis}."},
      change={"nl": "Zet {values} in escalation.levels[{index}].triggers, dan gaan ze naar "
                    "{crisis}; of noem ze in de handles van de trede die erover gaat.",
              "en": "Add {values} to escalation.levels[{index}].triggers so they go to "
                    "{crisis}; or name them in the handles of the step that owns them."})
def crisis_step_passed_over(plan: Plan) -> Iterator[Hit]:
    """A step below the top handles crises in general, yet unnamed signals go to the top."""
    crisis, levels = plan.crisis_step, plan.levels
    unnamed = _unnamed(plan)
    if crisis is None or crisis == len(levels) - 1 or not unnamed:
        return
    step, top = levels[crisis], levels[-1]

    def values(say: Say) -> dict[str, str]:
        return {"crisis": say.step(step), "top": say.step(top), "index": str(crisis),
                "handles": step_verb(say, step, ("gaat over", "gaan over"),
                                     ("handles", "handle")),
                "triggers": say.join(say.label("crisis_trigger", t) for t in unnamed),
                "values": say.join(unnamed)}

    yield Hit((f"escalation.levels[{crisis}].handles", f"escalation.levels[{crisis}].triggers",
               "escalation.crisis_triggers"), values)
