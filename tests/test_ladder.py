"""A ladder step's effective response time: one rule, and every document prints it.

The rule (``policygen/answers/ladder.py``): a step's own ``within_hours`` as given; else step 1
takes the response target and a higher step the time of the step below it; a step owning a
crisis signal has the holding statement's time for it where that is shorter.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policygen.answers import ladder
from policygen.answers import schema as answers
from policygen.assembly import assemble as assembly
from policygen.clauselib.library import ClauseLibrary
from policygen.lint import profiles

from .conftest import EXAMPLES, ROOT

ORGANISATIONS = sorted(EXAMPLES.glob("*.yaml")) + sorted((ROOT / "tests" / "organisations")
                                                          .glob("*.yaml"))


def escalation(levels: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    """An escalation block as validated answers hold it (defaults filled in)."""
    return {"response_time_hours": 4, "holding_statement_minutes": 60, "crisis_triggers": [],
            "press_contact": None, "levels": levels, **fields}


def times(block: dict[str, Any]) -> list[tuple[int, int | None]]:
    return [(t.hours, t.crisis_minutes) for t in ladder.step_times(block)]


# -- the rule -------------------------------------------------------------------------------


def test_first_step_without_a_time_takes_the_response_target() -> None:
    assert times(escalation([{"name": "A", "contact": "a"}], response_time_hours=24)) \
        == [(24, None)]


def test_a_higher_step_without_a_time_is_no_slower_than_the_step_below() -> None:
    # Peeze: the crisis team gave no time; it used to get the 4-hour target, above a 1-hour step
    block = escalation([{"name": "Webcare", "contact": "a", "within_hours": 4},
                        {"name": "Hoofd", "contact": "b", "within_hours": 1},
                        {"name": "Crisisteam", "contact": "c"}])
    assert times(block) == [(4, None), (1, None), (1, None)]


def test_the_response_target_no_longer_moves_a_higher_step_on_its_own() -> None:
    levels: list[dict[str, Any]] = [
        {"name": "Webcare", "contact": "a"}, {"name": "Hoofd", "contact": "b", "within_hours": 1},
        {"name": "Crisisteam", "contact": "c"}]
    assert [t for t, _ in times(escalation(levels, response_time_hours=4))] == [4, 1, 1]
    assert [t for t, _ in times(escalation(levels, response_time_hours=2))] == [2, 1, 1]


def test_silent_steps_follow_the_step_below_all_the_way_up() -> None:
    block = escalation([{"name": f"L{n}", "contact": "x"} for n in range(4)],
                       response_time_hours=8)
    assert [t for t, _ in times(block)] == [8, 8, 8, 8]


def test_a_given_time_is_kept_as_given_even_where_it_is_slower() -> None:
    block = escalation([{"name": "A", "contact": "a", "within_hours": 2},
                        {"name": "B", "contact": "b", "within_hours": 8},
                        {"name": "C", "contact": "c"}])
    found = ladder.step_times(block)
    assert [t.hours for t in found] == [2, 8, 8]
    assert [t.given for t in found] == [True, True, False]


def test_a_crisis_owner_takes_its_signals_within_the_holding_statement() -> None:
    # a one-person shop: 24 hours for a complaint, the holding statement's hour for a crisis
    one = escalation([{"name": "Eigenaar", "contact": "06"}], response_time_hours=24,
                     crisis_triggers=["safety", "data_breach"])
    assert times(one) == [(24, 60)]
    # minutes stay minutes: a 30-minute holding statement is not rounded to an hour
    block = escalation([{"name": "Webcare", "contact": "a", "handles": "vragen"},
                        {"name": "Woordvoerder", "contact": "b", "handles": "negatieve "
                         "publiciteit", "within_hours": 1},
                        {"name": "Crisisteam", "contact": "c", "triggers": ["safety"]}],
                       response_time_hours=2, holding_statement_minutes=30,
                       crisis_triggers=["safety", "viral_negative"])
    assert times(block) == [(2, None), (1, 30), (1, 30)]


def test_a_crisis_time_is_never_longer_than_the_steps_own() -> None:
    block = escalation([{"name": "A", "contact": "a", "within_hours": 1}],
                       holding_statement_minutes=240, crisis_triggers=["safety"])
    assert times(block) == [(1, 60)]


def test_a_journalist_goes_to_the_press_contact_not_to_a_step() -> None:
    levels: list[dict[str, Any]] = [
        {"name": "Webcare", "contact": "a"},
        {"name": "Woordvoerder", "contact": "b", "handles": "pers", "within_hours": 2}]
    with_press = escalation(levels, crisis_triggers=["media_inquiry"], press_contact="p@x")
    assert ladder.owned_signals(with_press, 1) == []
    assert times(with_press) == [(4, None), (2, None)]
    without = escalation(levels, crisis_triggers=["media_inquiry"])
    assert ladder.owned_signals(without, 1) == ["media_inquiry"]
    assert times(without) == [(4, None), (2, 60)]


def test_the_answers_stay_as_written(library: ClauseLibrary) -> None:
    # review tells a field left out from a given one: the default lives in the context only
    data = answers.load(EXAMPLES / "koffiebranderij-peeze.yaml")
    context = assembly.base_context(data, library)
    assert data.data["escalation"]["levels"][2]["within_hours"] is None
    assert "within" not in data.data["escalation"]["levels"][2]
    assert [level["within"] for level in context["escalation"]["levels"]] == [4, 1, 1]
    assert context["crisis_routes"]["safety"]["within"] == 1


# -- what the documents print ----------------------------------------------------------------

TIME_HEADERS = ("Reageert binnen", "Responds within")
CELL = re.compile(r"(\d+) (?:uur|hours?)(?:; (?:bij een crisis|in a crisis) (\d+) "
                  r"(uur|hours?|minuten|minutes))?")
SENTENCE = re.compile(r"(?:reageert binnen|responds within) (\d+) (?:uur|hours?)"
                      r"(?:,(?: bij een crisis)? (?:binnen|and within) (een uur|an hour|"
                      r"\d+ (?:uur|hours?|minuten|minutes)))?")


def _minutes(number: str, unit: str) -> int:
    return int(number) if unit.startswith("min") else int(number) * 60


def ladder_tables(markdown: str) -> Iterator[list[str]]:
    """The 'responds within' column of every table that has one, row by row."""
    lines = markdown.splitlines()
    for index, line in enumerate(lines):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or not any(h in cells for h in TIME_HEADERS):
            continue
        column = next(i for i, cell in enumerate(cells) if cell in TIME_HEADERS)
        rows = []
        for row in lines[index + 2:]:
            if not row.startswith("|"):
                break
            rows.append([c.strip() for c in row.strip().strip("|").split("|")][column])
        yield rows


def printed(cell: str) -> tuple[int, int | None]:
    """(hours, crisis minutes or None) from a 'responds within' cell."""
    found = CELL.fullmatch(cell)
    assert found, f"not a response time: {cell!r}"
    hours, number, unit = found.groups()
    return int(hours), _minutes(number, unit) if number else None


def expected(block: dict[str, Any]) -> list[tuple[int, int | None]]:
    """What a table shows: the crisis time only where it is shorter than the step's own."""
    return [(t.hours, t.crisis_minutes if t.crisis_minutes and t.crisis_minutes < t.hours * 60
             else None) for t in ladder.step_times(block)]


def check_sentences(markdown: str, want: tuple[int, int | None], name: str) -> int:
    """The single step's 'responds within' sentences: the crisis time, where one is due.

    Other sentences with the step's hours (a scenario's reply to a complaint) carry no crisis
    time; every one that does must carry the rule's. Returns how many carried it.
    """
    carried = 0
    for found in SENTENCE.finditer(markdown):
        hours, crisis = found.groups()
        if int(hours) != want[0] or crisis is None:
            continue
        minutes = 60 if crisis in ("een uur", "an hour") else _minutes(*crisis.split(" ", 1))
        assert minutes == want[1], f"{name}: {found.group(0)!r}, the rule gives {want}"
        carried += 1
    return carried


def check_documents(data: answers.Answers, library: ClauseLibrary, name: str) -> int:
    """Every ladder table and one-step sentence agrees with the rule; the number checked."""
    block = data.data["escalation"]
    want = expected(block)
    steps = ladder.step_times(block)
    assert all(b.hours <= a.hours for a, b in itertools.pairwise(steps)), \
        f"{name}: a given time is slower than the step below; the rule keeps it (review warns)"
    built = assembly.assemble(data, library)
    documents = [built["protocol"].markdown, built["handout"].markdown,
                 assembly.assemble(data, library, compact=True)["protocol"].markdown]
    checked = 0
    for markdown in documents:
        for rows in ladder_tables(markdown):
            shown = [printed(cell) for cell in rows]
            assert shown == want, f"{name}: the ladder shows {shown}, the rule gives {want}"
            hours = [h for h, _ in shown]
            assert hours == sorted(hours, reverse=True), f"{name}: a higher step is slower"
            checked += 1
        if len(want) == 1:  # one step: the ladder is a sentence, not a table
            carried = check_sentences(markdown, want[0], name)
            assert carried or want[0][1] is None or markdown is built["handout"].markdown, \
                f"{name}: the one step's crisis time {want[0][1]} minutes is not in the protocol"
            checked += carried
    return checked


@pytest.mark.parametrize("path", ORGANISATIONS, ids=[p.stem for p in ORGANISATIONS])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_organisations_print_the_rule(library: ClauseLibrary, path: Path, lang: str) -> None:
    raw = answers.load(path)
    data = answers.Answers(data={**raw.data, "language": lang}, source=raw.source,
                           sha256=raw.sha256)
    assert check_documents(data, library, f"{path.name} ({lang})") >= 1


def test_profiles_print_the_rule(library: ClauseLibrary) -> None:
    seen: set[str] = set()
    checked = 0
    for name, data in profiles.profiles():
        key = json.dumps([data.language, data.data["escalation"]], sort_keys=True, default=str)
        if key in seen:  # the ladder depends on the escalation answers only
            continue
        seen.add(key)
        checked += check_documents(data, library, name)
    assert len(seen) > 10 and checked > len(seen)


def test_peeze_crisis_team_and_the_one_level_shop(library: ClauseLibrary) -> None:
    peeze = assembly.assemble(answers.load(EXAMPLES / "koffiebranderij-peeze.yaml"), library)
    assert "| 3 | Crisisteam | veiligheid, datalek, landelijke media | +31 6 00000000 | 1 uur |" \
        in peeze["protocol"].markdown
    shop = assembly.assemble(answers.load(ROOT / "tests" / "organisations" / "one-level.yaml"),
                             library)
    assert "| alle meldingen, ook een crisis | 06-12345678 | 24 uur; bij een crisis 1 uur |" \
        in shop["handout"].markdown
    assert "De eigenaar reageert binnen 24 uur, bij een crisis binnen een uur." \
        in shop["protocol"].markdown
