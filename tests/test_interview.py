"""The question flow, driven key by key through prompt_toolkit's pipe input."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from policygen.answers import schema as answers
from policygen.clauselib.library import load
from policygen.errors import ProblemsError
from policygen.interview.flow import Interview, defaults_file, save

from .conftest import PEEZE

ENTER, DOWN, SPACE, CTRL_C = "\r", "\x1b[B", " ", "\x03"
CLEAR = "\x15"  # Ctrl-U: empty the prefilled default
TODAY = dt.date(2026, 12, 1)

# The typical path in Dutch: a name, two contacts, Enter for every default.
TYPICAL = [
    ENTER,                      # language: Nederlands
    "Café De Hoek" + ENTER,     # organisation.name
    ENTER, ENTER, ENTER,        # sector, owner role, owner name
    ENTER,                      # effective date: none yet (a draft)
    ENTER, ENTER,               # objectives, platforms
    ENTER, ENTER,               # spokespeople, approval? (no: approver skipped)
    ENTER, ENTER, ENTER, ENTER, ENTER,  # personal use, mention, replies, photos, confidential
    ENTER, ENTER,               # response time, monitoring hours
    ENTER,                      # how many escalation steps: 2
    ENTER, "webcare@hoek.nl" + ENTER,  # step 1: name (suggested; its description comes along)
    ENTER, "06 12345678" + ENTER,      # step 2
    ENTER, ENTER, ENTER, ENTER,  # crisis triggers, holding statement, press, out of hours
    ENTER,                      # tools
    ENTER, ENTER, ENTER,        # onboarding, refresher, trainer
]


LABELS = load().labels


def run(path: Path, keys: list[str] | str) -> tuple[Interview, dict[str, Any]]:
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        pipe.close()  # too few keys end in EOFError, never in a hanging test
        flow = Interview(path, LABELS, input=pipe, output=DummyOutput())
        return flow, flow.run()


def loaded(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())  # type: ignore[no-any-return]


def test_typical_path_writes_an_answers_file_that_builds(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    flow, _ = run(path, TYPICAL)
    assert len(TYPICAL) == 30  # prompts on the typical path
    data = loaded(path)
    assert data["organisation"]["name"] == "Café De Hoek"
    assert data["organisation"]["policy_owner"] == {"role": "HR-manager"}
    assert "effective_date" not in data["organisation"]  # not answered: a draft
    assert data["escalation"]["holding_statement_minutes"] == 60
    assert [lv["contact"] for lv in data["escalation"]["levels"]] == ["webcare@hoek.nl",
                                                                     "06 12345678"]
    assert data["escalation"]["levels"][0]["name"] == "Webcare-team"
    assert data["escalation"]["levels"][0]["handles"] == "vragen en klachten"
    assert data["permissions"]["approval_required"] is False
    assert "approver" not in data["permissions"]
    assert data["_policygen"]["complete"] is True
    answers.load(path)  # valid for the build
    assert flow.summary()[1].split() == ["Organisatie", "Café", "De", "Hoek"]


def test_choices_and_conditional_questions(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    keys = list(TYPICAL)
    keys[0] = DOWN + ENTER                  # English
    keys[2] = DOWN + DOWN + ENTER           # sector: from 'other', wrap to government, healthcare
    keys[5] = "2027-01-04" + ENTER          # effective date
    keys[6] = DOWN + SPACE + ENTER          # objectives: add sales
    keys[9] = "y"                           # approval required ...
    keys[16] = CLEAR + "24/7" + ENTER              # monitoring round the clock ...
    del keys[25]                            # ... so no out-of-hours question
    keys.insert(10, ENTER)                  # ... so the approver is asked
    run(path, keys)
    data = loaded(path)
    assert data["language"] == "en"
    assert data["organisation"]["sector"] == "healthcare"
    assert data["organisation"]["policy_owner"]["role"] == "HR manager"
    assert data["objectives"] == ["marketing", "customer_service", "sales"]  # new ones last
    assert data["permissions"]["approver"] == "Head of Communications"
    assert data["escalation"]["monitoring_hours"] == "24/7"
    assert "out_of_hours_contact" not in data["escalation"]
    assert data["organisation"]["effective_date"] == dt.date(2027, 1, 4)
    answers.load(path)


def test_invalid_answer_is_asked_again(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    keys = list(TYPICAL)
    keys[1] = ENTER + "x" * 121 + ENTER + "\x7f" * 121 + "Café De Hoek" + ENTER
    keys[5] = "1 januari" + ENTER + CLEAR + "2027-02-30" + ENTER + CLEAR + ENTER  # no date
    keys[15] = CLEAR + "vier" + ENTER + CLEAR + "8" + ENTER   # response time
    run(path, keys)
    data = loaded(path)
    assert data["organisation"]["name"] == "Café De Hoek"
    assert data["escalation"]["response_time_hours"] == 8


def test_ctrl_c_keeps_answers_and_the_next_run_resumes(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    with pytest.raises(KeyboardInterrupt):
        run(path, [*TYPICAL[:10], CTRL_C])
    saved = loaded(path)
    assert saved["organisation"]["name"] == "Café De Hoek"
    assert saved["_policygen"]["complete"] is False
    assert "permissions.approval_required" in saved["_policygen"]["answered"]
    _, data = run(path, TYPICAL[10:])
    assert data["_policygen"]["complete"] is True
    assert loaded(path)["escalation"]["levels"][1]["contact"] == "06 12345678"
    answers.load(path)


def test_complete_file_is_edited_with_current_values_as_defaults(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    shutil.copy(PEEZE, path)
    before = answers.load(path).data
    # Enter through every question (a few Enters to spare)
    run(path, [ENTER] * 36)
    after = answers.load(path).data
    assert after == before


def test_defaults_file_needs_only_name_and_contacts(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    with pytest.raises(ProblemsError) as caught:
        defaults_file(path, [])
    assert f"{path}: organisation.name: required (add --set organisation.name=...)" \
        in caught.value.lines()
    data = defaults_file(path, ["organisation.name=Gemeente Voorbeeld", "language=en",
                                "escalation.levels[0].contact=webcare@example.org",
                                "escalation.levels[1].contact=+31 6 1",
                                "escalation.response_time_hours=8"])
    save(path, data)
    loaded_answers = answers.load(path)
    assert loaded_answers.language == "en"
    assert loaded_answers.data["escalation"]["response_time_hours"] == 8
    assert loaded_answers.data["organisation"]["policy_owner"]["role"] == "HR manager"


def test_reasons_are_given_in_the_language_of_the_questions() -> None:
    from policygen.interview.flow import check_value

    assert check_value("organisation.name", "x" * 130, language="nl") == \
        "maximaal 120 tekens (nu 130)"
    assert check_value("training.refresher_months", 99, language="nl") == \
        "kies een getal van 0 tot en met 60 (nu 99)"
    assert check_value("organisation.name", "", language="en") == "required"
    assert check_value("organisation.policy_owner.email", "", optional=True) is None


def test_other_tools_are_asked_by_name_and_purpose(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    keys = list(TYPICAL)
    # tools: move past the nine known tools to "another tool", tick it and Buffer (6th)
    keys[26] = DOWN * 5 + SPACE + DOWN * 4 + SPACE + ENTER
    keys.insert(27, "Mastodon Pro, Canva" + ENTER)     # names of the other tools
    keys.insert(28, DOWN * 5 + ENTER)  # Mastodon Pro: from 'other' (last) wrap round to webcare
    keys.insert(29, DOWN + ENTER)      # Canva: from 'other' one down, wrapping to scheduling
    run(path, keys)
    tools = loaded(path)["tools"]
    assert [t["name"] for t in tools] == ["Buffer", "Mastodon Pro", "Canva"]
    assert [t["purpose"] for t in tools] == ["scheduling", "webcare", "scheduling"]
    answers.load(path)
