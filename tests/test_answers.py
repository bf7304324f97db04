"""Answers file: schema 1 validation, every error kind with its dotted path, defaults."""

from __future__ import annotations

import json

import pytest
import yaml

from policygen.answers import schema as answers
from policygen.errors import ProblemsError

from .conftest import NORTHWIND, PEEZE

MINIMAL = """
organisation: {name: Café De Hoek, policy_owner: {role: Eigenaar}}
escalation: {levels: [{name: Bar, contact: "06 12345678"}]}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        answers.parse(text.encode(), "a.yaml")
    return caught.value.lines()


def test_examples_load() -> None:
    for path in (PEEZE, NORTHWIND):
        loaded = answers.load(path)
        assert loaded.data["organisation"]["name"]
        assert len(loaded.sha256) == 64


def test_defaults_fill_everything_not_required() -> None:
    data = answers.parse(MINIMAL.encode(), "a.yaml").data
    assert data["schema"] == 1
    assert data["language"] == "nl"
    assert data["organisation"]["short_name"] == "Café De Hoek"
    assert data["organisation"]["sector"] == "other"
    assert data["organisation"]["effective_date"] is None  # not given: the documents are a draft
    assert data["organisation"]["review_months"] == 12
    assert data["permissions"]["personal_use_at_work"] == "breaks_only"
    assert data["permissions"]["approval_required"] is False
    assert data["escalation"]["response_time_hours"] == 4
    assert data["tools"] == [] and data["official_accounts"] == []
    assert data["training"] == {"onboarding": True, "refresher_months": 12, "trainer": None,
                                "session_minutes": 90, "max_participants": 16}
    assert data["organisation"]["country"] == "NL"
    assert data["escalation"]["holding_statement_minutes"] == 60


@pytest.mark.parametrize(("text", "expected"), [
    ("organisation: {policy_owner: {role: x}}\nescalation: {levels: [{name: a, contact: b}]}",
     "a.yaml: organisation.name: required"),
    ("organisation: {name: x}\nescalation: {levels: [{name: a, contact: b}]}",
     "a.yaml: organisation.policy_owner: required"),
    ("organisation: {name: x, policy_owner: {role: r}}",
     "a.yaml: escalation: required"),
    ("organisation: {name: x, policy_owner: {role: r}}\nescalation: {levels: []}",
     "a.yaml: escalation.levels: needs at least 1 item(s)"),
    (MINIMAL + "language: de\n", "a.yaml: language: must be one of nl, en (got 'de')"),
    (MINIMAL + "objectives: [marketting]\n",
     "a.yaml: objectives[0]: must be one of marketing, sales, customer_service, recruitment, "
     "internal_communication, product_development, thought_leadership (got 'marketting'); "
     "did you mean 'marketing'?"),
    (MINIMAL + "training: {refresher_months: 99}\n",
     "a.yaml: training.refresher_months: must be between 0 and 60 (got 99)"),
    (MINIMAL + "training: {onboarding: sometimes}\n",
     "a.yaml: training.onboarding: expected true or false, got 'sometimes'"),
    (MINIMAL + "tools: {name: x}\n", "a.yaml: tools: expected a list, got a mapping"),
    (MINIMAL + "permissions: {approval_required: true}\n",
     "a.yaml: permissions.approver: required when approval_required is true"),
    (MINIMAL + "permisions: {}\n", "a.yaml: permisions: unknown field; did you mean 'permissions'?"),
    (MINIMAL + "platforms: [linkedin, linkedin]\n",
     "a.yaml: platforms[1]: 'linkedin' is listed twice"),
    (MINIMAL + "organisation2: 1\n", "a.yaml: organisation2: unknown field; did you mean 'organisation'?"),
    ("organisation: {name: '', policy_owner: {role: r}}\nescalation: {levels: [{name: a, contact: b}]}",
     "a.yaml: organisation.name: must not be empty"),
    ("organisation: {name: " + "x" * 121 + ", policy_owner: {role: r}}\n"
     "escalation: {levels: [{name: a, contact: b}]}",
     "a.yaml: organisation.name: at most 120 characters (got 121)"),
    ("organisation: {name: 3, policy_owner: {role: r}}\nescalation: {levels: [{name: a, contact: b}]}",
     "a.yaml: organisation.name: expected text, got 3 (put it in quotes)"),
    ("organisation: {name: \"a\\nb\", policy_owner: {role: r}}\n"
     "escalation: {levels: [{name: a, contact: b}]}",
     "a.yaml: organisation.name: must be a single line"),
    ("organisation: {name: \"a\\u0007b\", policy_owner: {role: r}}\n"
     "escalation: {levels: [{name: a, contact: b}]}",
     "a.yaml: organisation.name: contains control characters"),
    (MINIMAL.replace("Eigenaar}", "Eigenaar, email: not-an-address}"),
     "a.yaml: organisation.policy_owner.email: not an e-mail address: 'not-an-address'"),
    (MINIMAL + "organisation: {effective_date: 2026-13-01}\n",
     "a.yaml:4: YAML syntax: the key 'organisation' is given twice"),
    ("[1, 2]", "a.yaml: (top level): expected a mapping, got a list"),
    ("organisation: [\n", "a.yaml:2: YAML syntax:"),
    ("", "a.yaml: the file is empty"),
    ("a: !!python/object:os.system x\n", "a.yaml:1: YAML syntax:"),
])
def test_every_error_kind_names_its_field(text: str, expected: str) -> None:
    lines = problems(text)
    assert any(line.startswith(expected) for line in lines), lines


def test_effective_date_must_be_a_date() -> None:
    text = MINIMAL.replace("Eigenaar}", "Eigenaar}, effective_date: soon")
    assert problems(text) == [
        "a.yaml: organisation.effective_date: expected a date like 2026-12-01, got 'soon'"]


def test_all_problems_reported_at_once() -> None:
    text = """
organisation: {name: x}
escalation:
  levels:
    - {name: Webcare}
    - {name: webcare, contact: x, within_hours: 0}
permissions: {approval_required: true, photos_at_work: sometimes}
"""
    assert problems(text) == [
        "a.yaml: organisation.policy_owner: required",
        "a.yaml: permissions.photos_at_work: must be one of allowed, with_permission, "
        "not_allowed (got 'sometimes')",
        "a.yaml: permissions.approver: required when approval_required is true",
        "a.yaml: escalation.levels[0].contact: required",
        "a.yaml: escalation.levels[1].within_hours: must be between 1 and 168 (got 0)",
        "a.yaml: escalation.levels[1].name: the same name as an earlier level",
    ]


def test_not_utf8_and_too_large() -> None:
    with pytest.raises(ProblemsError, match="not UTF-8"):
        answers.parse(b"name: \xff\xfe", "a.yaml")
    with pytest.raises(ProblemsError, match="larger than"):
        answers.parse(b"#" * 1_000_001, "a.yaml")


def test_metadata_keys_with_underscore_are_allowed() -> None:
    answers.parse((MINIMAL + "_policygen: {progress: 3}\n").encode(), "a.yaml")


def test_slug_is_safe() -> None:
    assert answers.slugify("Koffiebranderij Peeze") == "koffiebranderij-peeze"
    assert answers.slugify("Café ‘De Hoek’ B.V.") == "cafe-de-hoek-b-v"
    assert answers.slugify("../../etc") == "etc"
    assert answers.slugify("日本").startswith("organisation-")


def test_json_schema_is_valid_json_and_names_required_fields() -> None:
    schema = answers.json_schema()
    assert json.loads(json.dumps(schema)) == schema
    assert schema["required"] == ["organisation", "escalation"]
    org = schema["properties"]["organisation"]
    assert org["required"] == ["name", "policy_owner"]
    assert org["properties"]["name"]["maxLength"] == 120
    levels = schema["properties"]["escalation"]["properties"]["levels"]
    assert levels["minItems"] == 1 and levels["maxItems"] == 6
    assert levels["items"]["required"] == ["name", "contact"]


def test_json_schema_agrees_with_the_validator() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = answers.json_schema()
    for path in (PEEZE, NORTHWIND):
        raw = yaml.safe_load(path.read_text())
        raw["organisation"]["effective_date"] = str(raw["organisation"]["effective_date"])
        jsonschema.validate(raw, schema)
    bad = yaml.safe_load(PEEZE.read_text())
    del bad["permissions"]["approver"]
    bad["organisation"]["effective_date"] = "2026-12-01"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
