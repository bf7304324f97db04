"""`policygen review` as a user runs it, and what `build` and `init` say about it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policygen.answers import schema as answers_schema
from policygen.review import report
from policygen.review.plan import Plan
from policygen.review.run import review, review_file

from .conftest import EXAMPLES, NORTHWIND, PEEZE, ROOT, files_in

Run = Callable[..., subprocess.CompletedProcess[str]]
SNAPSHOTS = ROOT / "tests" / "review_snapshots"
ANSWERS_FILES = sorted(EXAMPLES.glob("*.yaml")) + sorted(
    (ROOT / "tests" / "organisations").glob("*.yaml"))
MINIMAL = ("organisation:\n  name: Minimaal\n  policy_owner: {role: Directeur}\n"
           "escalation:\n  levels:\n    - {name: Kantoor, contact: kantoor@example.nl}\n")


@pytest.mark.parametrize("path", ANSWERS_FILES, ids=lambda p: p.stem)
def test_the_shipped_answers_give_no_error(path: Path) -> None:
    _, findings = review_file(path)
    assert [f.id for f in findings if f.severity == "error"] == []


def test_a_minimal_file_lists_what_the_documents_now_assume(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    _, findings = review_file(path)
    tips = {f.id: f.title for f in findings if f.severity == "tip"}
    assert tips["assumptions.response_time_hours"].endswith("binnen 4 uur")
    assert "veiligheid" in tips["assumptions.crisis_triggers"]
    assert "pauzes" in tips["assumptions.personal_use_at_work"]
    assert "toestemming" in tips["assumptions.photos_at_work"]
    assert tips["assumptions.refresher_months"] == "Elke 12 maanden een opfrissing van de training"
    assert "het kantoor" in tips["assumptions.monitoring_hours"].casefold()
    assert {"readiness.no_objective", "readiness.draft"} <= {f.id for f in findings}


@pytest.mark.parametrize(("path", "language"), [(PEEZE, "nl"), (PEEZE, "en"),
                                                (NORTHWIND, "en"), (NORTHWIND, "nl")])
def test_the_text_output_matches_its_snapshot(path: Path, language: str) -> None:
    plan, findings = review_file(path, language)
    plan = Plan(plan.data, plan.raw, path.name)  # the snapshot does not depend on the checkout
    text = report.as_text(plan, findings, language)
    snapshot = SNAPSHOTS / f"{path.stem}.{language}.txt"
    if os.environ.get("POLICYGEN_REGEN"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ANSWERS_FILES, ids=lambda p: p.stem)
def test_the_json_output_follows_its_schema(path: Path) -> None:
    plan, findings = review_file(path)
    document = json.loads(report.as_json(plan, findings, plan.language))
    jsonschema.validate(document, report.json_schema())
    assert sum(document["counts"].values()) == len(document["findings"])


def test_exit_codes_and_formats(run_cli: Run, tmp_path: Path) -> None:
    done = run_cli("review", PEEZE)
    assert done.returncode == 0, done.stderr
    assert "WAARSCHUWING  consistency.trigger_without_owner" in done.stdout
    assert run_cli("review", PEEZE, "--strict").returncode == 1
    english = run_cli("review", PEEZE, "--lang", "en", "--format", "json")
    assert json.loads(english.stdout)["language"] == "en"
    markdown = run_cli("review", NORTHWIND, "--format", "md")
    assert markdown.stdout.startswith("# Advice on the social media protocol of Northwind")
    broken = tmp_path / "broken.yaml"
    data = yaml.safe_load(PEEZE.read_text(encoding="utf-8"))
    data["official_accounts"][0]["platform"] = "tiktok"  # not among the platforms: an error
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert run_cli("review", broken).returncode == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisation: {name: X}\n", encoding="utf-8")
    done = run_cli("review", bad)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{bad}: organisation.policy_owner: required" in done.stderr


def _library_args() -> list[str]:
    """The shipped library (a test run may point builds elsewhere with POLICYGEN_TEST_LIBRARY)."""
    folder = os.environ.get("POLICYGEN_TEST_LIBRARY")
    return ["--library", folder] if folder else []


def test_build_with_advice_writes_the_annex_and_keeps_it_out_of_the_handout(
        run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_cli("build", NORTHWIND, "--out", out, "--with-advice", *_library_args())
    assert done.returncode == 0, done.stderr
    advice = (out / "advice.md").read_text(encoding="utf-8")
    assert "consistency.trigger_without_owner" in advice
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(
        (out / "advice.docx").read_bytes())).paragraphs)
    assert ("No step names a data breach; the protocol sends that signal to the Managing "
            "Partner") in text
    assert "This is not legal advice." in text
    handout = (out / "handout.md").read_text(encoding="utf-8")
    assert "trigger_without_owner" not in handout and "No step names" not in handout
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["documents"]["advice"]["files"]) == {"advice.md", "advice.docx"}


def test_build_prints_the_review_summary_and_strict_stops_first(run_cli: Run,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_cli("build", PEEZE, "--out", out, "--format", "md", *_library_args())
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"1 warning, 13 tips: policygen review {PEEZE}"
    strict = tmp_path / "strict"
    done = run_cli("build", PEEZE, "--out", strict, "--strict", *_library_args())
    assert done.returncode == 1
    assert "consistency.trigger_without_owner" in done.stderr
    assert files_in(strict) == {}


def test_init_defaults_prints_the_review_summary(run_cli: Run, tmp_path: Path) -> None:
    done = run_cli("init", "--defaults", "--set", "organisation.name=Gemeente X",
                   "--set", "escalation.levels[0].contact=a@example.nl",
                   "--set", "escalation.levels[1].contact=b@example.nl")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].endswith(": policygen review answers.yaml")


def test_review_is_fast_and_light() -> None:
    code = ("import sys, time; t = time.perf_counter(); from policygen.cli import main; "
            f"main(['review', {str(PEEZE)!r}]); "
            "heavy = [m for m in sys.modules if m.split('.')[0] in ('docx', 'questionary', "
            "'prompt_toolkit', 'pptx', 'jinja2', 'markdown_it', 'lxml')]; "
            "print(heavy, file=sys.stderr)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    elapsed = time.perf_counter() - start
    assert done.stderr.strip().splitlines()[-1] == "[]"
    assert elapsed < 1.0  # 150 ms on an idle machine (bench); generous on a shared one


roles = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
                min_size=1, max_size=30).map(str.strip).filter(bool)
levels = st.lists(st.fixed_dictionaries(
    {"name": roles, "contact": roles},
    optional={"within_hours": st.integers(1, 168), "handles": roles,
              "article": st.sampled_from(answers_schema.ROLE_ARTICLES)}),
    min_size=1, max_size=6, unique_by=lambda level: level["name"].casefold())
ANSWERS = st.fixed_dictionaries(
    {"language": st.sampled_from(answers_schema.LANGUAGES),
     "organisation": st.fixed_dictionaries(
         {"name": roles, "policy_owner": st.fixed_dictionaries({"role": roles})},
         optional={"sector": st.sampled_from(answers_schema.SECTORS),
                   "country": st.sampled_from(["NL", "GB", "BE", "US", "DE"]),
                   "works_council_consent": st.booleans()}),
     "escalation": st.fixed_dictionaries(
         {"levels": levels},
         optional={"response_time_hours": st.integers(1, 168),
                   "monitoring_hours": st.one_of(roles, st.sampled_from(
                       ["ma-vr 08:00-18:00", "24/7", "za 22:00-02:00", "daily 9-17"])),
                   "out_of_hours_contact": roles, "press_contact": roles,
                   "crisis_triggers": st.lists(st.sampled_from(answers_schema.CRISIS_TRIGGERS),
                                               unique=True)})},
    optional={"objectives": st.lists(st.sampled_from(answers_schema.OBJECTIVES), unique=True),
              "platforms": st.lists(roles, max_size=4, unique=True),
              "official_accounts": st.lists(st.fixed_dictionaries(
                  {"platform": roles, "handle": roles}, optional={"managed_by": roles}),
                  max_size=3),
              "permissions": st.fixed_dictionaries({}, optional={
                  "official_spokespeople": st.lists(roles, max_size=3, unique=True),
                  "photos_at_work": st.sampled_from(answers_schema.PHOTOS_AT_WORK),
                  "mention_employer": st.sampled_from(answers_schema.MENTION_EMPLOYER),
                  "employees_may_reply_to_customers": st.booleans()}),
              "tools": st.lists(st.fixed_dictionaries(
                  {"name": roles}, optional={"purpose": st.sampled_from(
                      answers_schema.TOOL_PURPOSES)}), max_size=3),
              "training": st.fixed_dictionaries({}, optional={
                  "onboarding": st.booleans(), "refresher_months": st.integers(0, 60)})})


@settings(max_examples=300)
@given(raw=ANSWERS)
def test_review_never_crashes_on_valid_answers(raw: dict[str, Any]) -> None:
    from policygen.errors import ProblemsError
    from policygen.language.mdescape import escape

    try:
        data = answers_schema.validate(raw, "<generated>")
    except ProblemsError:
        return  # an answer the schema refuses (a trigger owned twice) is not a plan
    plan = Plan(data, raw, "<generated>")
    for language in ("nl", "en"):
        findings = review(plan, language)
        jsonschema.validate(json.loads(report.as_json(plan, findings, language)),
                            report.json_schema())
        assert "{" not in "".join(f.title + f.why + f.change for f in findings
                                  if "{" not in str(raw))
    assert report.as_markdown(plan, plan.language).startswith("# ")
    assert review(plan, mark=escape) is not None
