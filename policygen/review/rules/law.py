"""Law and codes, by ``organisation.country``: advisory pointers, never legal advice.

Each rule's texts name the rule in general terms and take the references of the country from
:data:`REFERENCES` (``NL``, ``GB``, and ``EU`` for the rest of the EU/EEA). A country group
without references for a rule (Great Britain has no works councils) skips that rule; countries
outside these groups get no law findings, rather than the wrong country's law.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from policygen.review.findings import Hit, Values, rule
from policygen.review.plan import Plan
from policygen.review.say import Say

# rule → country group → language → the placeholders its texts take
REFERENCES: dict[str, dict[str, dict[str, dict[str, str]]]] = {
    "works_council": {
        "NL": {"nl": {"council": "de ondernemingsraad", "ref": "art. 27 lid 1 onder l WOR",
                      "void": " Een besluit zonder die instemming is nietig als de "
                              "ondernemingsraad zich daarop beroept (art. 27 lid 5 WOR).",
                      "threshold": " Een ondernemingsraad is verplicht vanaf 50 medewerkers "
                                   "(art. 2 WOR)."},
               "en": {"council": "the works council (ondernemingsraad)",
                      "ref": "article 27(1)(l) of the Dutch Works Councils Act, WOR",
                      "void": " A decision taken without that consent is void if the works "
                              "council invokes it (article 27(5) WOR).",
                      "threshold": " A works council is compulsory from 50 employees "
                                   "(article 2 WOR)."}},
        "EU": {"nl": {"council": "de ondernemingsraad of personeelsvertegenwoordiging",
                      "ref": "het nationale recht over medezeggenschap, zoals in veel EU-landen",
                      "void": "", "threshold": ""},
               "en": {"council": "the works council or staff representatives",
                      "ref": "national law on employee participation, as in many EU countries",
                      "void": "", "threshold": ""}},
    },
    "photos": {
        "NL": {"nl": {"ref": "de AVG (art. 6 en 7)",
                      "portrait": ", en wie herkenbaar in beeld is, kan zich beroepen op het "
                                  "portretrecht (art. 21 Auteurswet)",
                      "minors": " Voor kinderen onder de 16 geven de ouders die toestemming "
                                "(art. 5 UAVG)."},
               "en": {"ref": "the GDPR (articles 6 and 7; in Dutch: AVG)",
                      "portrait": ", and anyone recognisable can invoke portrait rights "
                                  "(article 21 of the Dutch Copyright Act)",
                      "minors": " For children under 16 the parents give that consent "
                                "(article 5 of the Dutch GDPR Implementation Act, UAVG)."}},
        "GB": {"nl": {"ref": "de UK GDPR en de Data Protection Act 2018", "portrait": "",
                      "minors": " Voor foto's van kinderen vragen scholen in de praktijk "
                                "toestemming aan de ouders."},
               "en": {"ref": "the UK GDPR and the Data Protection Act 2018", "portrait": "",
                      "minors": " For photos of children, schools in practice ask the "
                                "parents' consent."}},
        "EU": {"nl": {"ref": "de AVG/GDPR (art. 6 en 7)", "portrait": "",
                      "minors": " Voor foto's van kinderen vragen scholen in de praktijk "
                                "toestemming aan de ouders."},
               "en": {"ref": "the GDPR (articles 6 and 7)", "portrait": "",
                      "minors": " For photos of children, schools in practice ask the "
                                "parents' consent."}},
    },
    "advertising": {
        "NL": {"nl": {"code": "de Reclamecode Social Media & Influencer Marketing (RSM)",
                      "body": "de Reclame Code Commissie"},
               "en": {"code": "the Dutch Social Media & Influencer Marketing Advertising Code "
                              "(RSM)", "body": "the Dutch Advertising Code Committee"}},
        "GB": {"nl": {"code": "de CAP Code (regel 2.1: reclame moet als reclame herkenbaar "
                              "zijn)", "body": "de Advertising Standards Authority (ASA)"},
               "en": {"code": "the CAP Code (rule 2.1: marketing must be obviously "
                              "identifiable as such)",
                      "body": "the Advertising Standards Authority (ASA)"}},
        "EU": {"nl": {"code": "de Europese richtlijn oneerlijke handelspraktijken (2005/29/EG)",
                      "body": "de toezichthouder op consumentenbescherming"},
               "en": {"code": "the EU Unfair Commercial Practices Directive (2005/29/EC)",
                      "body": "the consumer protection authority"}},
    },
    "records": {
        "NL": {"nl": {"records": "de Archiefwet", "access": "de Wet open overheid (Woo)"},
               "en": {"records": "the Dutch Public Records Act (Archiefwet)",
                      "access": "the Open Government Act (Woo)"}},
        "GB": {"nl": {"records": "de archiefplicht (de Public Records Act 1958, voor "
                                 "gemeenten de Local Government Act 1972)",
                      "access": "de Freedom of Information Act 2000"},
               "en": {"records": "the duty to keep records (the Public Records Act 1958; for "
                                 "councils, the Local Government Act 1972)",
                      "access": "the Freedom of Information Act 2000"}},
    },
    "neutrality": {
        "NL": {"nl": {"ref": "de Ambtenarenwet 2017"},
               "en": {"ref": "the Dutch Civil Servants Act 2017 (Ambtenarenwet)"}},
        "GB": {"nl": {"ref": "de Civil Service Code, voor gemeenten de Code of Recommended "
                             "Practice on Local Authority Publicity"},
               "en": {"ref": "the Civil Service Code; for councils, the Code of Recommended "
                             "Practice on Local Authority Publicity"}},
    },
    "secrecy": {
        "NL": {"nl": {"ref": "het beroepsgeheim (art. 7:457 BW en art. 88 Wet BIG)"},
               "en": {"ref": "professional secrecy (article 7:457 of the Dutch Civil Code and "
                             "article 88 of the BIG Act)"}},
        "GB": {"nl": {"ref": "de common law duty of confidentiality en de richtlijnen van de "
                             "GMC en de NMC"},
               "en": {"ref": "the common law duty of confidentiality and GMC and NMC "
                             "guidance"}},
    },
    "finance": {
        "NL": {"nl": {"advice": "volgens de Wft mag alleen wie een vergunning heeft adviseren "
                                "over financiële producten, en pas na onderzoek naar de klant",
                      "mar": "art. 17 MAR; voorwetenschap doorgeven is verboden, art. 10 en "
                             "14 MAR"},
               "en": {"advice": "under the Dutch Financial Supervision Act (Wft) only a "
                                "licensed firm may advise on financial products, and only "
                                "after looking into the customer's situation",
                      "mar": "article 17 of the EU Market Abuse Regulation; passing on inside "
                             "information is banned, articles 10 and 14 MAR"}},
        "GB": {"nl": {"advice": "een financiële promotie moet voldoen aan de FSMA 2000 (s. 21) "
                                "en de regels van de FCA, die in FG24/1 uitlegt wat dat op "
                                "sociale media betekent",
                      "mar": "UK MAR, art. 17; voorwetenschap doorgeven is verboden, art. 10 "
                             "en 14"},
               "en": {"advice": "a financial promotion must comply with the Financial "
                                "Services and Markets Act 2000 (s. 21) and the FCA's rules, "
                                "which its guidance FG24/1 applies to social media",
                      "mar": "UK MAR, article 17; passing on inside information is banned, "
                             "articles 10 and 14"}},
        "EU": {"nl": {"advice": "onder MiFID II mag alleen een vergunninghouder "
                                "beleggingsadvies geven, en pas na onderzoek naar de klant",
                      "mar": "art. 17 MAR; voorwetenschap doorgeven is verboden, art. 10 en "
                             "14 MAR"},
               "en": {"advice": "under MiFID II only an authorised firm may give investment "
                                "advice, and only after assessing the client",
                      "mar": "article 17 MAR; passing on inside information is banned, "
                             "articles 10 and 14 MAR"}},
    },
    "breach": {
        "NL": {"nl": {"ref": "art. 33 AVG", "regulator": "de Autoriteit Persoonsgegevens"},
               "en": {"ref": "article 33 GDPR",
                      "regulator": "the Dutch Data Protection Authority (Autoriteit "
                                   "Persoonsgegevens)"}},
        "GB": {"nl": {"ref": "art. 33 UK GDPR",
                      "regulator": "de Information Commissioner's Office (ICO)"},
               "en": {"ref": "article 33 UK GDPR",
                      "regulator": "the Information Commissioner's Office (ICO)"}},
        "EU": {"nl": {"ref": "art. 33 AVG/GDPR",
                      "regulator": "de nationale toezichthouder voor gegevensbescherming"},
               "en": {"ref": "article 33 GDPR",
                      "regulator": "the national data protection authority"}},
    },
}


def country_group(plan: Plan) -> str | None:
    """NL, GB, EU (the rest of the EU/EEA) or None: whose law the references come from."""
    if plan.country in ("NL", "GB"):
        return plan.country
    return "EU" if plan.in_eea else None


References = Mapping[str, Mapping[str, str]]  # language → a topic's placeholders


def references(plan: Plan, topic: str) -> References | None:
    """The references of ``topic`` for the plan's country, per language, or None."""
    group = country_group(plan)
    return REFERENCES[topic].get(group) if group else None


def _cited(refs: References, more: Values | None = None) -> Values:
    """A hit's values: the references in the reader's language, and ``more`` of its own."""
    def values(say: Say) -> dict[str, str]:
        return {**refs[say.language], **(more(say) if more else {})}

    return values


def _council(plan: Plan, refs: References, say: Say) -> dict[str, str]:
    values = dict(refs[say.language])
    if plan.country == "NL" and plan.org["sector"] == "education":
        values.update(council=say.pick("de medezeggenschapsraad",
                                       "the participation council (medezeggenschapsraad)"),
                      ref=say.pick("de Wet medezeggenschap op scholen (WMS)",
                                   "the Dutch Participation in Schools Act (WMS)"),
                      void="", threshold="")
    tools = plan.monitoring_tools()
    values["tools"] = (say.pick(", bijvoorbeeld met ", ", for example with ")
                       + say.join(say.answer(t["name"]) for t in tools)) if tools else ""
    if _council_certain(plan):
        values["put_to"] = say.pick(f"Leg het protocol voor aan {values['council']}",
                                    f"Put the protocol to {values['council']}")
        values["threshold"] = ""
    else:
        org = say.answer(plan.org["short_name"])
        values["put_to"] = say.pick(f"Heeft {org} er een, leg het protocol dan voor",
                                    f"If {org} has one, put the protocol to it")
    return values


_COUNCIL_WHY = {
    "nl": "Het protocol beschrijft hoe {org} openbare berichten volgt{tools}. Regels over het "
          "volgen van personeel vragen op grond van {ref} de instemming van {council}.{void}",
    "en": "The protocol describes how {org} follows public posts{tools}. Rules on monitoring "
          "staff need the consent of {council} under {ref}.{void}",
}


@rule("law.works_council_refused", "warning",
      ("organisation.works_council_consent", "organisation.country"),
      title={"nl": "Geen instemming van {council} met het volgen van berichten",
             "en": "No consent from {council} to monitoring"},
      why=_COUNCIL_WHY,
      change={"nl": "Voer het artikel over wat {org} volgt pas in als {council} heeft "
                    "ingestemd; pas het zo nodig aan en zet dan "
                    "organisation.works_council_consent op true.",
              "en": "Bring in the article on what {org} monitors only once {council} has "
                    "consented; adapt it if needed, then set organisation.works_council_consent "
                    "to true."})
def works_council_refused(plan: Plan) -> Iterator[Hit]:
    """The answers say the works council has not consented."""
    refs = references(plan, "works_council")
    if refs and plan.org.get("works_council_consent") is False:
        yield Hit(("organisation.works_council_consent", "organisation.country"),
                  lambda say: _council(plan, refs, say))


@rule("law.works_council_unknown", "tip",
      ("organisation.works_council_consent", "organisation.country"),
      title={"nl": "Niet vastgelegd of {council} heeft ingestemd met het volgen van berichten",
             "en": "Not recorded whether {council} has consented to monitoring"},
      why=_COUNCIL_WHY,
      change={"nl": "{put_to} en zet organisation.works_council_consent op true zodra er "
                    "instemming is.{threshold}",
              "en": "{put_to} and set organisation.works_council_consent to true once it has "
                    "consented.{threshold}"})
def works_council_unknown(plan: Plan) -> Iterator[Hit]:
    """The answers do not say whether the works council consented.

    Not for a sole trader or a very small firm (:attr:`Plan.small`), which has no works
    council; a warning instead where the council is certain and a tool monitors posts.
    """
    refs = references(plan, "works_council")
    if (refs and plan.org.get("works_council_consent") is None and not plan.small
            and not _monitored_without_consent(plan)):
        yield Hit(("organisation.works_council_consent", "organisation.country"),
                  lambda say: _council(plan, refs, say))


def _council_certain(plan: Plan) -> bool:
    """Whether the organisation certainly has a council that must consent.

    In the Netherlands every public body has a works council (the WOR applies to government
    since 1995, and a municipality is far above the 50 staff that make one compulsory), and
    every school a participation council (WMS). Elsewhere, or for a business, it depends on
    its size, which the answers do not say.
    """
    return plan.country == "NL" and plan.org["sector"] in ("government", "education")


def _monitored_without_consent(plan: Plan) -> bool:
    return (_council_certain(plan) and bool(plan.monitoring_tools())
            and plan.org.get("works_council_consent") is None)


@rule("law.works_council_monitoring_tool", "warning",
      ("organisation.works_council_consent", "tools[*].purpose", "organisation.country"),
      title={"nl": "{org} volgt berichten met {tools_named}, maar de instemming van {council} "
                   "is niet vastgelegd",
             "en": "{org} monitors posts with {tools_named}, but the consent of {council} is "
                   "not recorded"},
      why={"nl": "Met {tools_named} kan {org} ook de openbare berichten van de eigen "
                 "medewerkers volgen. Een voorziening die daarvoor geschikt is, valt onder "
                 "{ref}: de regels over het gebruik ervan vragen de instemming van "
                 "{council}.{void}",
           "en": "With {tools_named}, {org} can also follow its own staff's public posts. A "
                 "facility suited to that falls under {ref}: the rules for using it need the "
                 "consent of {council}.{void}"},
      change={"nl": "Leg het protocol met het artikel over wat {org} volgt voor aan {council} "
                    "voordat het ingaat, en zet organisation.works_council_consent op true "
                    "zodra er instemming is.",
              "en": "Put the protocol, with its article on what {org} monitors, to {council} "
                    "before it takes effect, and set organisation.works_council_consent to true "
                    "once it has consented."})
def works_council_monitoring_tool(plan: Plan) -> Iterator[Hit]:
    """A council is certain, a monitoring tool is in use, and its consent is not recorded."""
    refs = references(plan, "works_council")
    if not (refs and _monitored_without_consent(plan)):
        return
    tools = plan.monitoring_tools()
    indexes = [i for i, tool in enumerate(plan.data["tools"]) if tool in tools]
    yield Hit(("organisation.works_council_consent",
               *(f"tools[{i}].purpose" for i in indexes), "organisation.country"),
              lambda say: {**_council(plan, refs, say), "tools_named": say.join(
                  say.answer(t["name"]) for t in tools)})


@rule("law.photos_without_consent", "warning",
      ("permissions.photos_at_work", "organisation.country"),
      title={"nl": "Foto's op het werk mogen zonder toestemming vooraf",
             "en": "Photos at work are allowed without asking first"},
      why={"nl": "Een herkenbare foto van een collega, klant of bezoeker is een persoonsgegeven: "
                 "voor publicatie is in de regel toestemming nodig onder {ref}{portrait}."
                 "{minors}",
           "en": "A recognisable photo of a colleague, customer or visitor is personal data: "
                 "publishing it normally needs consent under {ref}{portrait}.{minors}"},
      change={"nl": "Zet permissions.photos_at_work op with_permission; dan vraagt het protocol "
                    "eerst toestemming van wie herkenbaar in beeld is.",
              "en": "Set permissions.photos_at_work to with_permission; the protocol then asks "
                    "for the consent of anyone recognisable first."})
def photos_without_consent(plan: Plan) -> Iterator[Hit]:
    """Photos at work are allowed without anyone's permission."""
    refs = references(plan, "photos")
    if refs and plan.permissions["photos_at_work"] == "allowed":
        school = plan.org["sector"] == "education"
        yield Hit(("permissions.photos_at_work", "organisation.country"), _cited(
            refs, lambda say: {"minors": refs[say.language]["minors"] if school else ""}))


@rule("law.advertising_disclosure", "tip",
      ("permissions.mention_employer", "organisation.country"),
      title={"nl": "Wie {org} aanprijst, zegt erbij er te werken",
             "en": "Staff who recommend {org} must say they work there"},
      why={"nl": "Een medewerker die online een product of dienst van {org} aanprijst, maakt "
                 "reclame. Volgens {code} moet de band met {org} dan in het bericht zelf "
                 "duidelijk zijn, en {body} kan daarop ook {org} aanspreken.",
           "en": "A member of staff who praises {org}'s products or services online is "
                 "advertising. Under {code} the link with {org} must then be clear in the post "
                 "itself, and {body} can hold {org} to account for it."},
      change={"nl": "Laat in de training zien hoe dat eruitziet: ‘ik werk bij {org}’ of "
                    "#medewerker in het bericht zelf, niet alleen in het profiel{disclaimer}.",
              "en": "Show in the training what that looks like: ‘I work at {org}’ or #employee "
                    "in the post itself, not just the profile{disclaimer}."})
def advertising_disclosure(plan: Plan) -> Iterator[Hit]:
    """Staff may mention the employer, so a recommendation by them is advertising."""
    refs = references(plan, "advertising")
    mention = plan.permissions["mention_employer"]
    if refs and mention != "not_allowed" and plan.org["sector"] != "government":
        yield Hit(("permissions.mention_employer", "organisation.country"), _cited(
            refs, lambda say: {"disclaimer": say.pick(
                "; de disclaimer ‘mijn eigen mening’ is daarvoor niet genoeg",
                "; the ‘my own views’ disclaimer is not enough for this")
                if mention == "with_disclaimer" else ""}))


@rule("law.government_records", "tip",
      ("organisation.sector", "official_accounts", "organisation.country"),
      title={"nl": "Berichten op {accounts} zijn archiefstukken",
             "en": "Posts on {accounts} are public records"},
      why={"nl": "Wat {org} op de officiële accounts plaatst en ontvangt, ook privéberichten, "
                 "valt onder {records} en kan worden opgevraagd onder {access}. Dat geldt ook "
                 "voor werkberichten in chat-apps en op privéaccounts van medewerkers.",
           "en": "What {org} posts and receives on its official accounts, private messages "
                 "included, falls under {records} and can be requested under {access}. The "
                 "same goes for work messages in chat apps and on staff's personal accounts."},
      change={"nl": "Spreek met wie het archief beheert af wie de berichten van {accounts} "
                    "bewaart, hoe (een exporttool of een vast moment per maand) en hoe lang.",
              "en": "Agree with whoever manages the records who keeps the messages of "
                    "{accounts}, how (an export tool or a fixed moment each month) and for how "
                    "long."})
def government_records(plan: Plan) -> Iterator[Hit]:
    """A government body: its social media messages are public records."""
    refs = references(plan, "records")
    if not (refs and plan.org["sector"] == "government"):
        return
    accounts = plan.data["official_accounts"]

    def values(say: Say) -> dict[str, str]:
        if len(accounts) == 1:
            named = say.answer(accounts[0]["handle"])
        elif accounts:
            named = say.pick(f"de {len(accounts)} officiële accounts",
                             f"the {len(accounts)} official accounts")
        else:
            named = say.pick("de officiële accounts", "the official accounts")
        return {"accounts": named}

    yield Hit(("organisation.sector", "official_accounts", "organisation.country"),
              _cited(refs, values))


@rule("law.government_neutrality", "tip", ("organisation.sector", "organisation.country"),
      title={"nl": "Politieke neutraliteit geldt ook online",
             "en": "Political neutrality applies online too"},
      why={"nl": "Ambtenaren mogen online hun mening geven, maar met terughoudendheid waar die "
                 "het vertrouwen in een neutrale overheid raakt ({ref}). Rond verkiezingen ligt "
                 "dat gevoeliger: wat een officieel account dan deelt of liket, kan als "
                 "partijkeuze worden gelezen.",
           "en": "Public servants may give their views online, but with restraint where they "
                 "touch trust in a neutral government ({ref}). Around elections it is more "
                 "sensitive: what an official account shares or likes then can be read as "
                 "taking sides."},
      change={"nl": "Spreek af wat er in de weken voor verkiezingen op de officiële accounts "
                    "gebeurt en wie over twijfelgevallen beslist, en oefen het "
                    "verkiezingsscenario uit de hand-out in de training.",
              "en": "Agree what happens on the official accounts in the weeks before an "
                    "election and who decides in doubtful cases, and practise the handout's "
                    "election scenario in the training."})
def government_neutrality(plan: Plan) -> Iterator[Hit]:
    """A government body: staff and accounts stay politically neutral."""
    refs = references(plan, "neutrality")
    if refs and plan.org["sector"] == "government":
        yield Hit(("organisation.sector", "organisation.country"), _cited(refs))


def _sector_duty(plan: Plan, topic: str, sector: str) -> Iterator[Hit]:
    """A duty of the sector's own law online, the more pressing where staff answer customers."""
    refs = references(plan, topic)
    if refs and plan.org["sector"] == sector:
        yield Hit(("organisation.sector", "permissions.employees_may_reply_to_customers"),
                  _cited(refs, lambda say: _replies(plan, say)))


def _replies(plan: Plan, say: Say) -> dict[str, str]:
    """The sentence and the advice added when staff may answer customers themselves."""
    if not plan.permissions["employees_may_reply_to_customers"]:
        return {"replies": "", "also": ""}
    first = say.the(plan.levels[0]["name"], plan.levels[0].get("article"))
    return {"replies": say.pick(
                " Medewerkers mogen nu zelf op vragen reageren "
                "(permissions.employees_may_reply_to_customers), en dat maakt de kans groter.",
                " Staff may now answer questions themselves "
                "(permissions.employees_may_reply_to_customers), which makes it more likely."),
            "also": say.pick(f"; overweeg de antwoorden aan {first} over te laten",
                             f"; consider leaving the answers to {first}")}


@rule("law.medical_secrecy", "tip", ("organisation.sector", "organisation.country"),
      title={"nl": "Het beroepsgeheim geldt ook online",
             "en": "Medical confidentiality applies online too"},
      why={"nl": "Voor zorgverleners geldt {ref}: ook bevestigen dát iemand cliënt of patiënt "
                 "is, is al te veel. Online gebeurt dat snel, met een reactie op een bedankje of "
                 "een foto van een afdeling.{replies}",
           "en": "Carers are bound by {ref}: even confirming that someone is a patient or client "
                 "is too much. Online that happens easily, with a reply to a thank-you or a "
                 "photo taken on a ward.{replies}"},
      change={"nl": "Oefen in de training met voorbeelden waarin het beroepsgeheim online "
                    "ongemerkt wordt geschonden{also}.",
              "en": "Practise in the training with examples where confidentiality is broken "
                    "online without anyone noticing{also}."})
def medical_secrecy(plan: Plan) -> Iterator[Hit]:
    """A care organisation: professional secrecy online."""
    return _sector_duty(plan, "secrecy", "healthcare")


@rule("law.financial_advice", "tip", ("organisation.sector", "organisation.country"),
      title={"nl": "Geen advies en geen koersgevoelige informatie online",
             "en": "No advice and no price-sensitive information online"},
      why={"nl": "Een behulpzaam antwoord online wordt snel advies, en {advice}. Koersgevoelige "
                 "informatie mag pas naar buiten als die officieel is gepubliceerd ({mar})."
                 "{replies}",
           "en": "A helpful answer online soon becomes advice, and {advice}. Price-sensitive "
                 "information may only go out once it has been officially published ({mar})."
                 "{replies}"},
      change={"nl": "Laat in de training zien waar een antwoord advies wordt, en leg vast wie "
                    "bij {org} beslist wanneer koersgevoelig nieuws online mag{also}.",
              "en": "Show in the training where an answer turns into advice, and record who at "
                    "{org} decides when price-sensitive news may go online{also}."})
def financial_advice(plan: Plan) -> Iterator[Hit]:
    """A financial firm: no advice online, no inside information."""
    return _sector_duty(plan, "finance", "finance")


@rule("law.data_breach_not_a_trigger", "warning",
      ("escalation.crisis_triggers", "organisation.country"),
      title={"nl": "Een datalek is geen crisissignaal in het plan",
             "en": "A data breach is not a crisis signal in the plan"},
      why={"nl": "Een lek van persoonsgegevens moet meestal binnen 72 uur na ontdekking bij "
                 "{regulator} gemeld zijn ({ref}). Zonder datalek bij de crisissignalen heeft "
                 "zo'n lek geen eigen trede op de ladder en valt het buiten het crisisprotocol.",
           "en": "A personal data breach must usually be reported to {regulator} within 72 "
                 "hours of discovery ({ref}). Without data breach among the crisis signals, "
                 "such a breach has no step of its own on the ladder and falls outside the "
                 "crisis protocol."},
      change={"nl": "Zet data_breach in escalation.crisis_triggers en bij de trede die de "
                    "melding bij {regulator} doet (escalation.levels[n].triggers).",
              "en": "Add data_breach to escalation.crisis_triggers and to the step that reports "
                    "to {regulator} (escalation.levels[n].triggers)."})
def data_breach_not_a_trigger(plan: Plan) -> Iterator[Hit]:
    """A data breach is not among the crisis triggers, though the law sets a 72-hour clock."""
    refs = references(plan, "breach")
    if refs and "data_breach" not in plan.escalation["crisis_triggers"]:
        yield Hit(("escalation.crisis_triggers", "organisation.country"), _cited(refs))
