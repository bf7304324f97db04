"""Readiness: what the source practice says an organisation needs before it goes online.

Know what social media are for; at least two enthusiastic people who carry it; train staff at
the start and again later; spread the roles; a manager for every account; a protocol that is
adopted and in force, owned by the management rather than one officer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from policygen.review.findings import Hit, Values, rule
from policygen.review.plan import Plan, role_key, role_slots, same_role
from policygen.review.say import Say


@rule("readiness.no_objective", "warning", ("objectives",),
      title={"nl": "Er is geen doel gekozen", "en": "No objective chosen"},
      why={"nl": "Sociale media zijn een middel, geen doel: wie niet weet waarvoor {org} ze "
                 "gebruikt (klantenservice, werving, marketing), kan niet kiezen welke "
                 "platforms, welke mensen en hoeveel tijd. Het protocol zegt nu alleen in "
                 "algemene woorden waarom {org} online is.",
           "en": "Social media are a means, not an end: without knowing what {org} uses them "
                 "for (customer service, recruitment, marketing), nobody can choose the "
                 "platforms, the people or the time. The protocol now says only in general "
                 "terms why {org} is online."},
      change={"nl": "Kies één tot drie doelen in objectives, bijvoorbeeld [customer_service, "
                    "recruitment], en spreek af hoe je na zes tot twaalf maanden meet of ze "
                    "gehaald zijn.",
              "en": "Choose one to three objectives in objectives, for example "
                    "[customer_service, recruitment], and agree how you will measure after six "
                    "to twelve months whether they were met."})
def no_objective(plan: Plan) -> Iterator[Hit]:
    """The answers name no objective."""
    if not plan.data["objectives"]:
        yield Hit(("objectives",))


@rule("readiness.fewer_than_two", "warning", ("permissions.official_spokespeople",),
      title={"nl": "Minder dan twee dragers: {who}", "en": "Fewer than two people carry it: {who}"},
      why={"nl": "Sociale media vragen elke dag aandacht; het werkt pas met minstens twee "
                 "enthousiaste mensen die het trekken en elkaar vervangen. Met één drager "
                 "liggen de accounts stil bij vakantie of ziekte, met geen enkele post wie er "
                 "toevallig zin in heeft.",
           "en": "Social media need attention every day; it only works with at least two "
                 "enthusiastic people who drive it and stand in for each other. With one, the "
                 "accounts go quiet during holidays or sick leave; with none, whoever feels "
                 "like it posts."},
      change={"nl": "Zet in permissions.official_spokespeople minstens twee rollen, en geef ze "
                    "er tijd voor: een paar uur per week, vastgelegd in hun taken.",
              "en": "List at least two roles in permissions.official_spokespeople, and give "
                    "them the time: a few hours a week, written into their jobs."})
def fewer_than_two(plan: Plan) -> Iterator[Hit]:
    """Fewer than two roles may speak for the organisation."""
    spokes = plan.permissions["official_spokespeople"]
    if len(spokes) >= 2:
        return

    org = plan.org["short_name"]

    def values(say: Say) -> dict[str, str]:
        if not spokes:
            return {"who": say.pick("niemand is aangewezen om namens ", "nobody is named to "
                                    "post for ") + say.answer(org) + say.pick(" te posten", "")}
        return {"who": say.pick("alleen ", "only ") + say.the(spokes[0])}

    yield Hit(("permissions.official_spokespeople",), values)


@rule("readiness.no_onboarding", "warning", ("training.onboarding",),
      title={"nl": "Nieuwe medewerkers krijgen geen training", "en": "New staff get no training"},
      why={"nl": "Een protocol dat alleen wordt rondgestuurd, wordt niet gelezen. Juist nieuwe "
                 "collega's weten nog niet wie namens {org} spreekt en waar ze een klacht of "
                 "een journalist melden; de training met de hand-out is daarvoor gemaakt.",
           "en": "A protocol that is only sent round does not get read. New colleagues in "
                 "particular do not yet know who speaks for {org} or where to report a "
                 "complaint or a journalist; the training and its handout are made for that."},
      change={"nl": "Zet training.onboarding op true en plan de training in de eerste maand na "
                    "indiensttreding.",
              "en": "Set training.onboarding to true and schedule the training in a new "
                    "starter's first month."})
def no_onboarding(plan: Plan) -> Iterator[Hit]:
    """New staff are not trained."""
    if not plan.data["training"]["onboarding"]:
        yield Hit(("training.onboarding",))


@rule("readiness.no_refresher", "warning", ("training.refresher_months",),
      title={"nl": "Er is geen opfrissing", "en": "No refresher training"},
      why={"nl": "Platforms, risico's en de eigen afspraken veranderen: sociale media zijn een "
                 "doorlopend proces, geen project dat ooit af is. Zonder opfrissing kent na een "
                 "jaar alleen wie net begonnen is de regels nog.",
           "en": "Platforms, risks and your own arrangements change: social media are a "
                 "continuous process, not a project that is ever finished. Without a refresher, "
                 "after a year only the newest starters still know the rules."},
      change={"nl": "Zet training.refresher_months op {months}, dan valt de opfrissing samen "
                    "met de herziening van het protocol.",
              "en": "Set training.refresher_months to {months}, so the refresher comes with "
                    "the protocol's review."})
def no_refresher(plan: Plan) -> Iterator[Hit]:
    """There is no refresher training (0 months)."""
    if plan.data["training"]["refresher_months"] == 0:
        months = str(plan.org["review_months"])
        yield Hit(("training.refresher_months",), lambda say: {"months": months})


@rule("readiness.one_person_all_roles", "warning",
      ("organisation.policy_owner.role", "escalation.levels[*].name",
       "permissions.official_spokespeople"),
      title={"nl": "{role} {holds} alle rollen", "en": "{role} {holds} every role"},
      why={"nl": "{role} {owns} eigenaar van het protocol en {fills} op elke plek waar het plan "
                 "een rol noemt ({count} keer). Bij vakantie of ziekte reageert dan niemand, en "
                 "niemand ziet een fout voordat die online staat.",
           "en": "{role} {owns} the protocol and {fills} every other role the plan names "
                 "({count} places). During holidays or sick leave nobody responds, and nobody "
                 "spots a mistake before it is public."},
      change={"nl": "Wijs voor minstens één taak iemand anders aan: een vervanger als tweede "
                    "trede in escalation.levels, of een tweede woordvoerder in "
                    "permissions.official_spokespeople.",
              "en": "Give at least one task to someone else: a deputy as a second step in "
                    "escalation.levels, or a second spokesperson in "
                    "permissions.official_spokespeople."})
def one_person_all_roles(plan: Plan) -> Iterator[Hit]:
    """The same role is named in every role the plan has (three places or more)."""
    slots = role_slots(plan)
    if len(slots) < 3 or len({role_key(role) for _, role in slots}) != 1:
        return
    role = slots[0][1]
    yield Hit(tuple(path for path, _ in slots), lambda say: {
        "role": say.the(role), "count": str(len(slots)),
        "holds": say.verb(role, ("heeft", "hebben"), ("holds", "hold")),
        "owns": say.verb(role, ("is", "zijn"), ("owns", "own")),
        "fills": say.verb(role, ("staat", "staan"), ("fills", "fill"))})


@rule("readiness.account_without_manager", "warning", ("official_accounts[*].managed_by",),
      title={"nl": "Niemand beheert {handle} op {platform}",
             "en": "Nobody manages {handle} on {platform}"},
      why={"nl": "Een account zonder beheerder raakt in onbruik: niemand reageert op berichten "
                 "en niemand wijzigt het wachtwoord als een collega vertrekt. Het protocol noemt "
                 "bij dit account dan ook geen beheerder.",
           "en": "An account without a manager falls into disuse: nobody answers messages and "
                 "nobody changes the password when a colleague leaves. The protocol accordingly "
                 "names no manager for it."},
      change={"nl": "Zet official_accounts[{index}].managed_by op het team of de rol die het "
                    "account bijhoudt.",
              "en": "Set official_accounts[{index}].managed_by to the team or role that looks "
                    "after the account."})
def account_without_manager(plan: Plan) -> Iterator[Hit]:
    """An official account has no ``managed_by``."""
    for index, account in enumerate(plan.data["official_accounts"]):
        if not account.get("managed_by"):
            yield Hit((f"official_accounts[{index}].managed_by",), _account_values(account, index))


def _account_values(account: Mapping[str, Any], index: int) -> Values:
    def values(say: Say) -> dict[str, str]:
        return {"handle": say.answer(account["handle"]),
                "platform": say.label("platform", account["platform"]), "index": str(index)}

    return values


@rule("readiness.draft", "warning", ("organisation.effective_date",),
      title={"nl": "Geen ingangsdatum: de documenten zijn een concept",
             "en": "No effective date: the documents are a draft"},
      why={"nl": "Zonder ingangsdatum staat op elke pagina ‘concept, nog niet vastgesteld’ en "
                 "noemt het protocol geen datum voor de volgende herziening. Een concept kun je "
                 "niet handhaven: een medewerker kan zeggen dat de regels nog niet golden.",
           "en": "Without an effective date every page says ‘draft, not yet adopted’ and the "
                 "protocol names no date for its next review. A draft cannot be enforced: an "
                 "employee can say the rules did not apply yet."},
      change={"nl": "Zet organisation.effective_date (bijvoorbeeld 2027-01-01) zodra het "
                    "protocol is vastgesteld, en bouw de documenten opnieuw.",
              "en": "Set organisation.effective_date (for example 2027-01-01) once the protocol "
                    "is adopted, and build the documents again."})
def draft(plan: Plan) -> Iterator[Hit]:
    """No effective date: every page of the documents says draft."""
    if not plan.org.get("effective_date"):
        yield Hit(("organisation.effective_date",))


@rule("readiness.not_adopted", "tip", ("organisation.adopted_by", "organisation.adopted_on"),
      title={"nl": "Niet vastgelegd wie het protocol vaststelt",
             "en": "Not recorded who adopts the protocol"},
      why={"nl": "Sociale media raken de koers en de naam van {org}: de leiding hoort het "
                 "protocol te dragen, niet alleen {owner}. Een protocol dat met naam en datum is "
                 "vastgesteld, is ook duidelijk geen vrijblijvend advies.",
           "en": "Social media touch {org}'s direction and reputation: the management should "
                 "own the protocol, not {owner} alone. A protocol adopted by name and date is "
                 "also plainly more than friendly advice."},
      change={"nl": "Laat {adopter} het protocol vaststellen en zet dat in "
                    "organisation.adopted_by en organisation.adopted_on.",
              "en": "Have {adopter} adopt the protocol and record it in "
                    "organisation.adopted_by and organisation.adopted_on."})
def not_adopted(plan: Plan) -> Iterator[Hit]:
    """Nobody is recorded as having adopted the protocol (a one-person firm adopts it itself)."""
    if plan.org.get("adopted_by") or plan.small:
        return
    government = plan.org["sector"] == "government"
    yield Hit(("organisation.adopted_by", "organisation.adopted_on"), lambda say: {
        "adopter": say.pick("het bestuur (bij een gemeente het college van B en W)",
                            "the governing body (for a council, its cabinet or "
                            "committee)") if government else
        say.pick("de directie of het bestuur", "the board or management")})


@rule("readiness.owner_unreachable", "warning",
      ("organisation.policy_owner.email", "organisation.policy_owner.role"),
      title={"nl": "Medewerkers kunnen {owner} nergens bereiken",
             "en": "Staff have no way to reach {owner}"},
      why={"nl": "Het protocol en de hand-out sturen wie twijfelt of iets mag naar {owner}, "
                 "maar noemen geen e-mailadres, en {owner} {is} geen trede van de ladder met "
                 "een eigen contact. Wie twijfelt, moet dan eerst uitzoeken waar de vraag heen "
                 "moet, en post intussen toch.",
           "en": "The protocol and the handout send anyone in doubt about a post to {owner}, "
                 "but give no e-mail address, and {owner} {is} not a step of the ladder with "
                 "a contact of its own. Someone with a question first has to find out whom to "
                 "ask, and posts in the meantime."},
      change={"nl": "Zet in organisation.policy_owner.email een adres dat {owner} leest, "
                    "bij voorkeur een functieadres dat blijft als de persoon wisselt.",
              "en": "Set organisation.policy_owner.email to an address {owner} reads, ideally "
                    "a role address that stays when the person changes."})
def owner_unreachable(plan: Plan) -> Iterator[Hit]:
    """The policy owner has no e-mail address and is not a ladder step with a contact."""
    owner = plan.org["policy_owner"]
    if owner.get("email") or any(same_role(owner["role"], level["name"]) and level.get("contact")
                                 for level in plan.levels):
        return
    role, article = owner["role"], owner.get("article")
    yield Hit(("organisation.policy_owner.email", "organisation.policy_owner.role"),
              lambda say: {"is": say.verb(role, ("is", "zijn"), ("is", "are"), article)})
