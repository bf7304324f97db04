"""`policygen review`: every rule with answers that trigger it and answers that do not."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from policygen.answers import schema as answers_schema
from policygen.review import gaps
from policygen.review.findings import RULES
from policygen.review.plan import Plan
from policygen.review.run import review

# An organisation that answers everything and gives no finding at all.
CLEAN: dict[str, Any] = {
    "schema": 1, "language": "nl",
    "organisation": {
        "name": "Bakkerij Klein", "short_name": "Klein", "sector": "retail",
        "policy_owner": {"role": "HR-adviseur", "name": "Iris Klein",
                         "email": "hr@example.nl"}, "country": "NL",
        "effective_date": dt.date(2027, 1, 1), "review_months": 12, "adopted_by": "Directie",
        "adopted_on": dt.date(2026, 12, 1), "works_council_consent": True,
    },
    "objectives": ["customer_service"],
    "platforms": ["instagram", "linkedin"],
    "official_accounts": [{"platform": "instagram", "handle": "@bakkerijklein",
                           "managed_by": "Webcare-team"}],
    "permissions": {
        "official_spokespeople": ["Webcare-team", "Communicatie"], "approval_required": True,
        "approver": "Hoofd Communicatie", "personal_use_at_work": "breaks_only",
        "mention_employer": "not_allowed", "employees_may_reply_to_customers": False,
        "photos_at_work": "with_permission", "confidential_topics": ["recepten"],
        "access_review_months": 3,
    },
    "reporting": {"interval_months": 3, "to": "Directie"},
    "escalation": {
        "response_time_hours": 4, "monitoring_hours": "dagelijks 00:00-24:00",
        "levels": [
            {"name": "Webcare-team", "handles": "vragen en klachten", "contact": "w@example.nl",
             "within_hours": 4},
            {"name": "Hoofd Communicatie", "handles": "pers, storm, juridisch, hack",
             "contact": "h@example.nl", "within_hours": 1},
            {"name": "Crisisteam", "contact": "+31 6 1", "within_hours": 1,
             "triggers": ["safety", "data_breach"]},
        ],
        "crisis_triggers": ["safety", "data_breach", "media_inquiry", "viral_negative",
                            "legal_threat", "account_compromised"],
        "press_contact": "pers@example.nl", "press_forward_minutes": 60,
        "holding_statement_minutes": 60, "crisis_log_keeper": "Secretariaat",
        "out_of_hours_contact": "+31 6 2",
    },
    "tools": [{"name": "Coosto", "purpose": "monitoring", "users": "Webcare-team"}],
    "training": {"onboarding": True, "refresher_months": 12, "trainer": "Iris Klein",
                 "session_minutes": 90, "max_participants": 16},
}

Change = Callable[[dict[str, Any]], None]


def plan_of(raw: dict[str, Any]) -> Plan:
    data = answers_schema.validate(copy.deepcopy(raw), "<test>")
    return Plan(data, raw, "<test>")


def changed(*changes: Change, base: dict[str, Any] = CLEAN) -> dict[str, Any]:
    raw = copy.deepcopy(base)
    for change in changes:
        change(raw)
    return raw


def put(path: str, value: Any) -> Change:
    """Set (or, with value None, remove) a dotted path like escalation.levels[1].within_hours."""
    def change(raw: dict[str, Any]) -> None:
        node: Any = raw
        parts = path.replace("]", "").replace("[", ".").split(".")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node[part]
        last: Any = int(parts[-1]) if parts[-1].isdigit() else parts[-1]
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    return change


NO_OOH = [put("escalation.monitoring_hours", "ma-vr 08:00-18:00"),
          put("escalation.out_of_hours_contact", None)]

# rule id → (changes that trigger it, changes that come close but do not)
CASES: dict[str, tuple[list[Change], list[Change]]] = {
    "consistency.response_vs_monitoring": (NO_OOH, [*NO_OOH, put(
        "escalation.monitoring_hours", "dagelijks 06:00-24:00, dagelijks 00:00-02:00"),
        put("escalation.response_time_hours", 4)]),
    "consistency.first_step_slower_than_response": (
        [put("escalation.levels[0].within_hours", 8)],
        [put("escalation.levels[0].within_hours", 4)]),
    "consistency.level_slower_than_response": (
        [put("escalation.levels[1].within_hours", 24)],
        [put("escalation.levels[1].within_hours", 4)]),
    "consistency.step_slower_than_the_one_below": (
        [put("escalation.levels[2].within_hours", 3)],
        [put("escalation.levels[1].within_hours", 3), put("escalation.levels[2].within_hours", 3)]),
    "consistency.crisis_step_slower_than_holding_statement": (
        [put("escalation.levels[2].within_hours", 2)],
        [put("escalation.levels[2].within_hours", 2),
         put("escalation.holding_statement_minutes", 120)]),
    "assumptions.level_within_hours": (
        [put("escalation.levels[2].within_hours", None)],
        [put("escalation.levels[2].within_hours", 1)]),
    "consistency.approver_is_only_spokesperson": (
        [put("permissions.official_spokespeople", ["Hoofd communicatie"])],
        [put("permissions.official_spokespeople", ["Hoofd Communicatie", "Webcare-team"])]),
    "consistency.monitoring_tools_without_hours": (
        [put("escalation.monitoring_hours", None)],
        [put("escalation.monitoring_hours", None), put("tools[0].purpose", "scheduling")]),
    "consistency.account_platform_not_listed": (
        [put("official_accounts[0].platform", "TikTok")],
        [put("official_accounts[0].platform", "Instagram")]),
    "consistency.spokesperson_not_in_ladder": (
        [put("permissions.official_spokespeople", ["Webcare-team", "Marketing"])],
        [put("permissions.official_spokespeople", ["Webcare-team", "communicatie"])]),
    "consistency.press_without_contact": (
        [put("escalation.press_contact", None),
         put("escalation.levels[1].handles", "storm, juridisch, hack")],
        [put("escalation.press_contact", None)]),
    "consistency.trigger_without_owner": (
        [put("escalation.levels[1].handles", "pers, storm, hack")],
        [put("escalation.levels[1].handles", "pers, storm, hack"),
         put("escalation.levels[2].triggers", ["safety", "data_breach", "legal_threat"])]),
    "consistency.crisis_step_passed_over": (
        [put("escalation.levels[1].handles", "pers, storm, hack, incidenten en crises")],
        [put("escalation.levels[1].handles", "pers, storm, hack"),
         put("escalation.levels[2].handles", "incidenten en crises")]),
    "readiness.owner_unreachable": (
        [put("organisation.policy_owner.email", None)],
        [put("organisation.policy_owner.email", None),
         put("organisation.policy_owner.role", "Hoofd communicatie")]),
    "law.works_council_monitoring_tool": (
        [put("organisation.works_council_consent", None), put("organisation.sector",
                                                              "government")],
        [put("organisation.works_council_consent", None), put("organisation.sector",
                                                              "government"),
         put("tools[0].purpose", "scheduling")]),
    "readiness.no_objective": ([put("objectives", [])], [put("objectives", ["sales"])]),
    "readiness.fewer_than_two": (
        [put("permissions.official_spokespeople", ["Webcare-team"])],
        [put("permissions.official_spokespeople", ["Webcare-team", "Hoofd Communicatie"])]),
    "readiness.no_onboarding": ([put("training.onboarding", False)], []),
    "readiness.no_refresher": ([put("training.refresher_months", 0)],
                               [put("training.refresher_months", 36)]),
    "readiness.one_person_all_roles": (
        [put("organisation.policy_owner.role", "Eigenaar"),
         put("escalation.levels", [{"name": "eigenaar", "contact": "06"}]),
         put("escalation.out_of_hours_contact", None),
         put("permissions.official_spokespeople", ["Eigenaar"]),
         put("permissions.approval_required", False), put("official_accounts", []),
         put("tools", []), put("reporting.to", None), put("escalation.crisis_log_keeper", None)],
        [put("organisation.policy_owner.role", "Eigenaar"),
         put("escalation.levels", [{"name": "Eigenaar", "contact": "06"}]),
         put("permissions.official_spokespeople", ["Eigenaar", "Verkoop"])]),
    "readiness.account_without_manager": ([put("official_accounts[0].managed_by", None)], []),
    "readiness.draft": ([put("organisation.effective_date", None)], []),
    "readiness.not_adopted": ([put("organisation.adopted_by", None)], []),
    "law.works_council_refused": (
        [put("organisation.works_council_consent", False)],
        [put("organisation.works_council_consent", False), put("organisation.country", "GB")]),
    "law.works_council_unknown": (
        [put("organisation.works_council_consent", None)],
        [put("organisation.works_council_consent", None), put("organisation.country", "US")]),
    "law.photos_without_consent": ([put("permissions.photos_at_work", "allowed")],
                                   [put("permissions.photos_at_work", "not_allowed")]),
    "law.advertising_disclosure": (
        [put("permissions.mention_employer", "with_disclaimer")],
        [put("permissions.mention_employer", "allowed"),
         put("organisation.sector", "government")]),
    "law.government_records": ([put("organisation.sector", "government")],
                               [put("organisation.sector", "education")]),
    "law.government_neutrality": ([put("organisation.sector", "government")],
                                  [put("organisation.sector", "government"),
                                   put("organisation.country", "DE")]),
    "law.medical_secrecy": ([put("organisation.sector", "healthcare")],
                            [put("organisation.sector", "healthcare"),
                             put("organisation.country", "BE")]),
    "law.financial_advice": ([put("organisation.sector", "finance")],
                             [put("organisation.sector", "finance"),
                              put("organisation.country", "US")]),
    "law.data_breach_not_a_trigger": (
        [put("escalation.crisis_triggers", ["safety"]),
         put("escalation.levels[2].triggers", ["safety"])],
        [put("escalation.crisis_triggers", ["data_breach"]),
         put("escalation.levels[2].triggers", ["data_breach"])]),
}
ASSUMED = {rule_id: RULES[rule_id].fields[0] for rule_id in RULES
           if rule_id.startswith("assumptions.") and rule_id not in CASES}


def ids(raw: dict[str, Any], language: str = "nl") -> list[str]:
    return [finding.id for finding in review(plan_of(raw), language)]


def test_the_clean_organisation_gives_no_finding() -> None:
    assert ids(CLEAN) == []
    assert ids(changed(put("language", "en"))) == []


def test_every_rule_has_a_case() -> None:
    assert set(RULES) == set(CASES) | set(ASSUMED)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_a_rule_fires_on_its_case_and_not_on_the_near_miss(rule_id: str, language: str) -> None:
    fire, miss = CASES[rule_id]
    plan = plan_of(changed(*fire))
    found = [f for f in review(plan, language) if f.id == rule_id]
    assert found, rule_id
    for finding in found:
        assert finding.severity == RULES[rule_id].severity
        assert finding.title and finding.why and finding.change
        assert "{" not in finding.title + finding.why + finding.change
        assert all(field.split(".")[0].split("[")[0] in answers_schema.ANSWERS_SCHEMA.fields
                   for field in finding.fields)
    assert rule_id not in ids(changed(*miss), language)


@pytest.mark.parametrize("rule_id", sorted(ASSUMED))
def test_an_assumption_is_a_tip_only_where_the_file_is_silent(rule_id: str) -> None:
    field = ASSUMED[rule_id]
    silent = changed(put(field, None), *([put("permissions.approver", None)]
                                         if field == "permissions.approval_required" else []))
    if field == "organisation.short_name":
        silent["organisation"]["name"] = "Bakkerij Klein B.V."
    assert rule_id in ids(silent) and rule_id in ids(silent, "en")
    assert rule_id not in ids(CLEAN)


def test_a_finding_states_the_computed_schedule_gap() -> None:
    finding = next(f for f in review(plan_of(changed(*NO_OOH)), "nl")
                   if f.id == "consistency.response_vs_monitoring")
    assert "van vrijdag 18.00 uur tot maandag 8.00 uur" in finding.title
    assert "62 uur" in finding.why and "pas maandag 12.00 uur" in finding.why
    english = next(f for f in review(plan_of(changed(*NO_OOH)), "en")
                   if f.id == "consistency.response_vs_monitoring")
    assert "from Friday 18:00 to Monday 08:00" in english.title


def test_gaps_wrap_round_the_week_and_a_reply_counts_watched_hours() -> None:
    from policygen.answers.hours import parse

    schedule = parse("dagelijks 08:00-20:00")
    assert schedule is not None
    found = gaps.gaps(schedule)
    assert len(found) == 7 and {g.minutes for g in found} == {12 * 60}
    sunday_night = next(g for g in found if g.start == 6 * 24 * 60 + 20 * 60)
    assert sunday_night.end % gaps.WEEK == 8 * 60  # Monday 08:00
    assert gaps.reply_due(schedule, sunday_night.start, 14) == gaps.WEEK + 24 * 60 + 10 * 60


def test_an_explicit_owner_agrees_with_the_documents_routing() -> None:
    from policygen.answers import routing

    plan = plan_of(CLEAN)
    for trigger in CLEAN["escalation"]["crisis_triggers"]:
        owner = plan.explicit_owner(trigger)
        assert routing.owner_index(trigger, plan.levels) == (
            owner if owner is not None else len(plan.levels) - 1)


def test_answer_text_is_escaped_in_markdown_only() -> None:
    from policygen.language.mdescape import escape

    raw = changed(put("permissions.official_spokespeople", ["*Team* | x"]))
    plain = [f for f in review(plan_of(raw), "en") if f.id == "readiness.fewer_than_two"]
    marked = [f for f in review(plan_of(raw), "en", mark=escape)
              if f.id == "readiness.fewer_than_two"]
    assert "*Team* | x" in plain[0].title
    assert "\\*Team\\* \\| x" in marked[0].title


def finding(raw: dict[str, Any], rule_id: str, language: str = "nl") -> list[Any]:
    return [f for f in review(plan_of(raw), language) if f.id == rule_id]


def test_a_spokesperson_matches_a_step_in_the_singular_or_with_a_longer_name() -> None:
    ladder = put("escalation.levels[1].name", "Woordvoerder van dienst")
    for role in ("woordvoerders", "Woordvoerder", "Woordvoerder van dienst"):
        raw = changed(ladder, put("permissions.official_spokespeople", ["Webcare-team", role]))
        assert "consistency.spokesperson_not_in_ladder" not in ids(raw), role
    raw = changed(put("permissions.official_spokespeople", ["Webcare-team", "spokespeople"]),
                  put("escalation.levels[1].name", "Spokesperson on duty"))
    assert "consistency.spokesperson_not_in_ladder" not in ids(raw, "en")


def test_a_plural_role_takes_a_plural_verb_in_both_languages() -> None:
    raw = changed(put("permissions.official_spokespeople", ["Webcare-team", "wethouders"]))
    dutch = finding(raw, "consistency.spokesperson_not_in_ladder")[0]
    assert dutch.title.startswith("De wethouders spreken namens Klein, maar staan niet")
    assert "Staan de wethouders niet op de ladder" in dutch.why
    assert "de wethouders terechtkomen" in dutch.change
    english = finding(raw, "consistency.spokesperson_not_in_ladder", "en")[0]
    assert english.title.startswith("The wethouders speak for Klein but are not")
    assert "the wethouders do what everyone does" in english.why
    single = changed(put("permissions.official_spokespeople", ["Webcare-team", "Burgemeester"]))
    assert finding(single, "consistency.spokesperson_not_in_ladder")[0].title.startswith(
        "De burgemeester spreekt namens Klein, maar staat niet")


def test_a_top_step_that_handles_crises_owns_every_unnamed_signal_as_routing_says() -> None:
    from policygen.answers import routing

    raw = changed(put("escalation.levels[1].handles", "vragen"),
                  put("escalation.levels[2].triggers", None),
                  put("escalation.levels[2].handles", "incidenten en crises"))
    plan = plan_of(raw)
    top = len(plan.levels) - 1
    for trigger in plan.escalation["crisis_triggers"]:
        assert routing.owner_index(trigger, plan.levels) == top
    found = ids(raw) + ids(raw, "en")
    assert "consistency.trigger_without_owner" not in found
    assert "consistency.crisis_step_passed_over" not in found


def test_a_crisis_step_below_the_top_says_where_routing_really_sends_the_signal() -> None:
    from policygen.answers import routing

    raw = changed(put("escalation.levels[1].handles", "pers, storm, hack, crises"))
    plan = plan_of(raw)
    assert routing.owner_index("legal_threat", plan.levels) == 2  # routing: to the top
    dutch = finding(raw, "consistency.crisis_step_passed_over")[0]
    assert dutch.title == ("Het hoofd Communicatie gaat over crises, maar het protocol stuurt "
                           "een juridische dreiging naar het crisisteam")
    assert "escalation.levels[1].triggers" in dutch.change and "legal_threat" in dutch.change
    assert "consistency.trigger_without_owner" not in ids(raw)


def test_media_is_never_unowned_where_there_is_a_press_contact() -> None:
    raw = changed(put("escalation.levels[1].handles", "storm, juridisch, hack"))
    assert not [f for f in review(plan_of(raw), "nl") if "media" in f.title]
    assert "consistency.trigger_without_owner" not in ids(raw)
    unnamed = changed(put("escalation.levels[1].handles", "pers, storm, hack"))
    title = finding(unnamed, "consistency.trigger_without_owner")[0].title
    assert title == ("Geen trede noemt een juridische dreiging; het protocol stuurt dat signaal "
                     "naar het crisisteam")


SOLE_TRADER = [put("organisation.policy_owner.role", "Eigenaar"),
               put("escalation.levels", [{"name": "Eigenaar", "contact": "06-12345678"}]),
               put("permissions.official_spokespeople", []),
               put("organisation.adopted_by", None), put("organisation.works_council_consent",
                                                         None),
               put("escalation.press_contact", None), put("escalation.crisis_log_keeper", None)]


def test_a_sole_trader_is_not_told_to_ask_a_board_or_a_works_council() -> None:
    found = ids(changed(*SOLE_TRADER)) + ids(changed(*SOLE_TRADER), "en")
    for rule_id in ("readiness.not_adopted", "law.works_council_unknown",
                    "consistency.press_without_contact", "assumptions.crisis_log_keeper"):
        assert rule_id not in found
    # two steps: no longer one person, and the advice is back
    bigger = changed(*SOLE_TRADER, put("escalation.levels", [
        {"name": "Eigenaar", "contact": "06"}, {"name": "Bedrijfsleider", "contact": "07"}]))
    assert {"readiness.not_adopted", "law.works_council_unknown"} <= set(ids(bigger))


def test_a_municipality_always_has_a_works_council() -> None:
    raw = changed(put("organisation.sector", "government"), put("tools", []),
                  put("organisation.works_council_consent", None))
    tip = finding(raw, "law.works_council_unknown")[0]
    assert tip.change.startswith("Leg het protocol voor aan de ondernemingsraad en zet")
    assert "Heeft" not in tip.change and "50 medewerkers" not in tip.change
    business = finding(changed(put("organisation.works_council_consent", None)),
                       "law.works_council_unknown")[0]
    assert business.change.startswith("Heeft Klein er een")
    monitored = finding(changed(put("organisation.sector", "government"),
                                put("organisation.works_council_consent", None)),
                        "law.works_council_monitoring_tool", "en")[0]
    assert monitored.severity == "warning" and "Coosto" in monitored.title


def test_an_unreachable_policy_owner_is_a_warning() -> None:
    found = finding(changed(put("organisation.policy_owner.email", None)),
                    "readiness.owner_unreachable")
    assert found[0].severity == "warning"
    assert found[0].title == "Medewerkers kunnen de HR-adviseur nergens bereiken"


def test_every_assumption_gives_a_reason_of_its_own_and_examples_in_the_reports_language(
) -> None:
    silent: dict[str, Any] = {"schema": 1, "language": "en",
                              "organisation": {"name": "Acme Ltd",
                                               "policy_owner": {"role": "Head of People"}},
                              "objectives": ["sales"],
                              "official_accounts": [{"platform": "linkedin", "handle": "acme"}],
                              "escalation": {"levels": [{"name": "Marketing team",
                                                         "contact": "m@acme.example"}]}}
    english = [f for f in review(plan_of(silent), "en") if f.family == "assumptions"]
    assert len(english) >= 15
    assert len({f.why for f in english}) == len(english)  # a reason of its own each
    text = " ".join(f.change for f in english)
    for dutch in ("Directie", "Secretariaat", "klantgegevens", "ma-vr"):
        assert dutch not in text
    country = next(f for f in english if f.id == "assumptions.country")
    assert "NL" in country.change and "IE" in country.change and "BE" in country.change
    assert "Staff will read it" not in " ".join(f.why for f in english)
    dutch_report = [f for f in review(plan_of(silent), "nl") if f.family == "assumptions"]
    assert "reporting.to: Directie" in " ".join(f.change for f in dutch_report)


def test_the_wording_is_the_houses_in_every_finding_and_the_note() -> None:
    from pathlib import Path

    from policygen.review.plan import load
    from policygen.review.report import as_markdown

    root = Path(__file__).resolve().parent.parent
    for path in [*sorted((root / "examples").glob("*.yaml")),
                 *sorted((root / "tests" / "organisations").glob("*.yaml"))]:
        _, plan = load(path)
        for language in ("nl", "en"):
            note = as_markdown(plan, language)
            for wrong in ("het handout", "social-mediaprotocol", "among others", "onder andere",
                          "niet om juridisch advies", "advice, not legal advice"):
                assert wrong not in note, (path.name, wrong)
        assert "Dit is geen juridisch advies." in as_markdown(plan, "nl")
        assert "This is not legal advice." in as_markdown(plan, "en")


# -- the ladder's response times, as policygen/answers/ladder.py gives them -------------------


def test_a_silent_step_is_told_the_time_the_documents_give_it() -> None:
    from policygen.answers import ladder

    raw = changed(put("escalation.levels[2].within_hours", None))
    dutch = finding(raw, "assumptions.level_within_hours")
    assert [f.title for f in dutch] == [
        "In de ladder reageert het crisisteam binnen 1 uur, net als het hoofd Communicatie"]
    assert dutch[0].fields == ("escalation.levels[2].within_hours",)
    assert "wordt het hoofd Communicatie trager" in dutch[0].why
    english = finding(raw, "assumptions.level_within_hours", "en")[0]
    assert english.title.startswith("In the ladder, the Crisisteam responds within 1 hour, "
                                    "the same as the Hoofd Communicatie")
    # a slower response target no longer moves a higher step on its own
    slower = changed(put("escalation.levels[2].within_hours", None),
                     put("escalation.response_time_hours", 24),
                     put("escalation.levels[0].within_hours", 24))
    assert "binnen 1 uur" in finding(slower, "assumptions.level_within_hours")[0].title
    # every silent step, each with its own time
    silent = changed(*(put(f"escalation.levels[{i}].within_hours", None) for i in range(3)))
    times = ladder.step_times(plan_of(silent).escalation)
    titles = [f.title for f in finding(silent, "assumptions.level_within_hours")]
    assert [(t.hours, t.crisis_minutes) for t in times] == [(4, None), (4, 60), (4, 60)]
    assert titles == ["In de ladder reageert het webcareteam binnen de reactietermijn van 4 uur",
                      "In de ladder reageert het hoofd Communicatie binnen 4 uur, net als het "
                      "webcareteam; bij een crisis binnen een uur",
                      "In de ladder reageert het crisisteam binnen 4 uur, net als het hoofd "
                      "Communicatie; bij een crisis binnen een uur"]


def test_a_silent_crisis_owner_is_told_its_crisis_time_too() -> None:
    one = changed(put("escalation.levels", [{"name": "Eigenaar", "contact": "06"}]),
                  put("escalation.response_time_hours", 24),
                  put("escalation.holding_statement_minutes", 30))
    dutch = finding(one, "assumptions.level_within_hours")[0]
    assert dutch.title == ("In de ladder reageert de eigenaar binnen de reactietermijn van 24 uur; "
                           "bij een crisis binnen 30 minuten")
    assert "een datalek" in dutch.why and "30 minuten" in dutch.why
    assert "zet dan 24" in dutch.change
    english = finding(one, "assumptions.level_within_hours", "en")[0]
    assert english.title.endswith("response target of 24 hours; in a crisis within 30 minutes")


def test_a_step_slower_than_the_one_below_names_both_times() -> None:
    raw = changed(put("escalation.levels[2].within_hours", 3))
    dutch = finding(raw, "consistency.step_slower_than_the_one_below")[0]
    assert dutch.title == ("Trede 3, het crisisteam, neemt 3 uur; het hoofd Communicatie, de "
                           "trede eronder, reageert binnen 1 uur")
    assert dutch.fields == ("escalation.levels[2].within_hours",
                            "escalation.levels[1].within_hours")
    assert "escalation.levels[2].within_hours: 1 of minder" in dutch.change
    english = finding(raw, "consistency.step_slower_than_the_one_below", "en")[0]
    assert "within_hours: 1 or less" in english.change and "3 hours" in english.title
    # the step below without a time of its own: compared with the time the documents give it
    below_silent = changed(put("escalation.levels[1].within_hours", None),
                           put("escalation.levels[2].within_hours", 8))
    found = finding(below_silent, "consistency.step_slower_than_the_one_below")
    assert len(found) == 1 and "reageert binnen 4 uur" in found[0].title
    assert found[0].why.endswith("de documenten nemen daarom de tijd van het webcareteam.")
    first_silent = changed(put("escalation.levels[0].within_hours", None),
                           put("escalation.levels[1].within_hours", 8))
    assert finding(first_silent, "consistency.step_slower_than_the_one_below", "en")[0].why \
        .endswith("so the documents use the response target.")
    # a step as fast as the one below, or a silent one, is never slower
    assert not finding(changed(put("escalation.levels[2].within_hours", None)),
                       "consistency.step_slower_than_the_one_below")


def test_a_crisis_owner_slower_than_the_holding_statement_is_asked_to_confirm() -> None:
    raw = changed(put("escalation.levels[2].within_hours", 4))
    dutch = finding(raw, "consistency.crisis_step_slower_than_holding_statement")
    assert [f.title for f in dutch] == [
        "Het crisisteam reageert binnen 4 uur, bij een crisis binnen een uur"]
    assert dutch[0].why.startswith("Het crisisteam gaat over gevaar voor de veiligheid en een "
                                   "datalek.")
    assert "binnen een uur iemand klaarstaat" in dutch[0].change
    english = finding(raw, "consistency.crisis_step_slower_than_holding_statement", "en")[0]
    assert english.title.endswith("responds within 4 hours, and within an hour in a crisis")
    # a journalist goes to the press contact: a step that only has the press owns no signal
    press = [put("escalation.levels[1].handles", "pers"), put("escalation.levels[1]"
                                                              ".within_hours", 3)]
    assert not [f for f in finding(changed(*press),
                                   "consistency.crisis_step_slower_than_holding_statement")
                if "hoofd" in f.title]
    without = finding(changed(*press, put("escalation.press_contact", None)),
                      "consistency.crisis_step_slower_than_holding_statement")
    assert [f.fields[0] for f in without] == ["escalation.levels[1].within_hours"]
    assert "een vraag van de media" in without[0].why


def test_the_ladder_findings_state_the_times_the_documents_print() -> None:
    from pathlib import Path

    from policygen.review.plan import load
    from policygen.review.run import review as run_review
    from policygen.review.say import Say

    root = Path(__file__).resolve().parent.parent
    for path in [*sorted((root / "examples").glob("*.yaml")),
                 *sorted((root / "tests" / "organisations").glob("*.yaml"))]:
        _, plan = load(path)
        for language in ("nl", "en"):
            say = Say(language)
            for found in run_review(plan, language):
                if found.id != "assumptions.level_within_hours":
                    continue
                index = int(found.fields[0].split("[")[1].split("]")[0])
                time = plan.step_times[index]
                assert say.hours(time.hours) in found.title, (path.name, found.title)
                crisis = say.pick("bij een crisis", "in a crisis")
                if time.crisis_minutes is not None and time.crisis_minutes < time.hours * 60:
                    assert f"{crisis} within {say.within(time.crisis_minutes)}".replace(
                        "within", say.pick("binnen", "within")) in found.title, found.title
                else:
                    assert crisis not in found.title, (path.name, found.title)
