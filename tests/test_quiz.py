"""The trainer's quiz: every right answer true and every wrong one false for the organisation —
computed here from the answers data, question by question — articles that resolve, 10-15
questions for every organisation and profile, editions, files, manifest, and a library check
that names a broken question."""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from policygen.answers import routing
from policygen.answers import schema as answers_schema
from policygen.answers.schema import Answers
from policygen.assembly import assemble as assembly
from policygen.clauselib import library as library_module
from policygen.clauselib.library import ClauseLibrary
from policygen.clauselib.question import Question, plain
from policygen.errors import PolicygenError, ProblemsError
from policygen.language.nounphrase import noun_phrase
from policygen.lint import check
from policygen.lint.profiles import profiles
from policygen.output.build import BuildOptions, build_all
from policygen.training.quiz import Quiz, build_quiz, shown

from .conftest import EXAMPLES, PEEZE, ROOT
from .helpers import clause_text, make_library

ORGANISATIONS = sorted([*EXAMPLES.glob("*.yaml"), *(ROOT / "tests" / "organisations").glob("*.yaml")])
VALIDATOR = Path("/work/shared/ooxml/validate.py")


def _answers(path: Path, language: str) -> Answers:
    answers = answers_schema.load(path)
    return answers.with_language(language) if language != answers.language else answers


def _key(text: str | None) -> str:
    """A contact as the questions compare it: case and spaces do not matter."""
    return re.sub(r"\s+", "", text or "").casefold()


def _options(item: Question) -> tuple[str, list[str]]:
    right = [plain(o.text) for o in item.options if o.right]
    assert len(right) == 1, item.clause.id
    return right[0], [plain(o.text) for o in item.options if not o.right]


def _contact_question(item: Question, right_contact: str, data: dict[str, Any]) -> None:
    """The right answer names ``right_contact``; no wrong one reaches that contact, and each
    wrong one that names a contact names another contact from the answers."""
    right, wrong = _options(item)
    assert _key(right_contact) in _key(right), (item.clause.id, right, right_contact)
    known = {_key(level["contact"]) for level in data["escalation"]["levels"]}
    known |= {_key(data["organisation"]["policy_owner"].get("email"))}
    for text in wrong:
        assert _key(right_contact) not in _key(text), (item.clause.id, text)
        named = [c for c in known if c and c in _key(text)]
        assert all(c != _key(right_contact) for c in named), (item.clause.id, text)


def _role_printed(role: str, language: str, article: str | None = None) -> str:
    return str(noun_phrase(role, language, article).definite()).casefold()


def _roles_named(text: str, roles: list[str], language: str) -> set[str]:
    """The answers' roles an answer names (the longest match where one role holds another)."""
    low = text.casefold()
    found = {role for role in roles if _role_printed(role, language) in low}
    return {r for r in found if not any(r != o and _role_printed(r, language)
                                        in _role_printed(o, language) for o in found)}


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def _minutes(text: str, language: str) -> int:
    if re.search(r"\b(een uur|an hour)\b", text):
        return 60
    number = _numbers(text)[0]
    return number if re.search(r"minut", text) else number * 60


# -- the truth, per question, from the answers ---------------------------------------------------

def t_policy_owner(item: Question, data: dict[str, Any], language: str) -> None:
    owner = data["organisation"]["policy_owner"]
    right, wrong = _options(item)
    if owner.get("email"):
        _contact_question(item, owner["email"], data)
    assert _role_printed(owner["role"], language, owner.get("article")) in right.casefold()
    for text in wrong:
        assert _role_printed(owner["role"], language, owner.get("article")) not in text.casefold()


def t_spokespeople(item: Question, data: dict[str, Any], language: str) -> None:
    spokes = data["permissions"]["official_spokespeople"]
    right, wrong = _options(item)
    roles = [data["organisation"]["policy_owner"]["role"], data["permissions"].get("approver"),
             *(level["name"] for level in data["escalation"]["levels"]),
             *(a.get("managed_by") for a in data["official_accounts"]), *spokes]
    roles = [r for r in roles if r]
    assert {s.casefold() for s in _roles_named(right, roles, language)} == \
        {s.casefold() for s in spokes}
    for text in wrong:  # "only X": X is no spokesperson, so the claim is false
        assert not {r.casefold() for r in _roles_named(text, roles, language)} & \
            {s.casefold() for s in spokes}, text


def t_approval(item: Question, data: dict[str, Any], language: str) -> None:
    approver = data["permissions"]["approver"]
    right, wrong = _options(item)
    assert _role_printed(approver, language) in right.casefold()
    for text in wrong:
        assert _role_printed(approver, language) not in text.casefold(), text


def _level_of(data: dict[str, Any], trigger: str) -> dict[str, Any]:
    levels = data["escalation"]["levels"]
    return dict(levels[routing.owner_index(trigger, levels)])


def t_account_security(item: Question, data: dict[str, Any], language: str) -> None:
    triggers = data["escalation"]["crisis_triggers"]
    owner = _level_of(data, "account_compromised") if "account_compromised" in triggers \
        else data["escalation"]["levels"][0]
    _contact_question(item, owner["contact"], data)


def t_personal_use(item: Question, data: dict[str, Any], language: str) -> None:
    assert item.truth is (data["permissions"]["personal_use_at_work"] == "allowed")


def t_disclosure(item: Question, data: dict[str, Any], language: str) -> None:
    assert item.truth is (data["permissions"]["mention_employer"] != "not_allowed"
                          and data["organisation"]["sector"] != "finance")


def t_confidential(item: Question, data: dict[str, Any], language: str) -> None:
    topics = data["permissions"]["confidential_topics"]
    if not topics:
        assert item.truth is False  # a hint at unpublished plans is never allowed
        return
    right, wrong = _options(item)
    assert all(topic in right for topic in topics)
    assert not any(topic in text for text in wrong for topic in topics)


def t_copyright(item: Question, data: dict[str, Any], language: str) -> None:
    assert item.truth is False  # a credit is not permission, for every organisation
    assert not data["permissions"]["official_spokespeople"]


def t_customer_reply(item: Question, data: dict[str, Any], language: str) -> None:
    first = data["escalation"]["levels"][0]
    right, _ = _options(item)
    if data["permissions"]["employees_may_reply_to_customers"]:
        assert _key(first["contact"]) not in _key(right)  # you answer; no referral
    else:
        _contact_question(item, first["contact"], data)


def t_response_time(item: Question, data: dict[str, Any], language: str) -> None:
    right, wrong = _options(item)
    hours = data["escalation"]["response_time_hours"]
    assert _numbers(right) == [hours]
    assert all(_numbers(text)[0] != hours for text in wrong)


def t_first_step(item: Question, data: dict[str, Any], language: str) -> None:
    _contact_question(item, data["escalation"]["levels"][0]["contact"], data)


def t_crisis_route(item: Question, data: dict[str, Any], language: str) -> None:
    escalation = data["escalation"]
    routed = [t for t in escalation["crisis_triggers"]
              if not (t == "media_inquiry" and escalation["press_contact"])]
    levels = escalation["levels"]
    higher = [t for t in routed if routing.owner_index(t, levels) > 0]
    trigger = (higher or routed)[0]
    _contact_question(item, _level_of(data, trigger)["contact"], data)


def t_journalist(item: Question, data: dict[str, Any], language: str) -> None:
    escalation = data["escalation"]
    if escalation["press_contact"]:
        target = escalation["press_contact"]
    elif "media_inquiry" in escalation["crisis_triggers"]:
        target = _level_of(data, "media_inquiry")["contact"]
    else:
        target = escalation["levels"][-1]["contact"]
    _contact_question(item, target, data)
    right, _ = _options(item)
    minutes = escalation["press_forward_minutes"]
    assert _minutes(right, language) == minutes


def t_out_of_hours(item: Question, data: dict[str, Any], language: str) -> None:
    contact = data["escalation"]["out_of_hours_contact"]
    if contact:
        _contact_question(item, contact, data)
    else:
        assert item.truth is True  # an ordinary complaint waits for the monitoring hours


def t_holding_statement(item: Question, data: dict[str, Any], language: str) -> None:
    right, wrong = _options(item)
    minutes = data["escalation"]["holding_statement_minutes"]
    assert _minutes(right, language) == minutes
    assert all(_minutes(text, language) != minutes for text in wrong)


POLICY_VALUES = {"quiz.mention_employer": ("mention_employer", answers_schema.MENTION_EMPLOYER),
                 "quiz.photos": ("photos_at_work", answers_schema.PHOTOS_AT_WORK)}


def t_policy_value(item: Question, data: dict[str, Any], language: str,
                   library: ClauseLibrary) -> None:
    """One answer per policy value: the organisation's value gives the right one, and each
    wrong one is exactly the right answer of another value (so it is false here)."""
    field, values = POLICY_VALUES[item.clause.id]
    right_for: dict[str, str] = {}
    for value in values:
        other = copy.deepcopy(data)
        other["permissions"][field] = value
        found = _question_of(Answers(other, "<variant>", ""), library, item.clause.id)
        right_for[value] = _options(found)[0]
    assert len(set(right_for.values())) == len(values)
    right, wrong = _options(item)
    assert right == right_for[data["permissions"][field]]
    assert sorted(wrong) == sorted(t for v, t in right_for.items()
                                   if v != data["permissions"][field])
    no = ("Nee", "No")
    assert right_for["not_allowed"].startswith(no)
    assert not right_for["allowed"].startswith(no)


TRUTH: dict[str, Callable[[Question, dict[str, Any], str], None]] = {
    "quiz.policy_owner": t_policy_owner, "quiz.spokespeople": t_spokespeople,
    "quiz.approval": t_approval, "quiz.account_security": t_account_security,
    "quiz.personal_use": t_personal_use, "quiz.disclosure": t_disclosure,
    "quiz.confidential": t_confidential, "quiz.copyright": t_copyright,
    "quiz.customer_reply": t_customer_reply, "quiz.response_time": t_response_time,
    "quiz.first_step": t_first_step, "quiz.crisis_route": t_crisis_route,
    "quiz.journalist": t_journalist, "quiz.out_of_hours": t_out_of_hours,
    "quiz.holding_statement": t_holding_statement,
}


def _question_of(answers: Answers, library: ClauseLibrary, clause_id: str) -> Question:
    return next(q for q in build_quiz(answers, library).questions if q.clause.id == clause_id)


def _check_truth(quiz: Quiz, answers: Answers, library: ClauseLibrary) -> None:
    for item in quiz.questions:
        if item.options:
            texts = [plain(o.text).casefold() for o in item.options]
            assert len(set(texts)) == len(texts), item.clause.id
        if item.clause.id in POLICY_VALUES:
            t_policy_value(item, answers.data, answers.language, library)
        else:
            TRUTH[item.clause.id](item, answers.data, answers.language)


def test_every_question_clause_has_its_truth_here(library: ClauseLibrary) -> None:
    ids = {c.id for c in library.for_document("quiz")}
    assert ids == set(TRUTH) | set(POLICY_VALUES)
    assert 12 <= len(ids) <= 18


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("path", ORGANISATIONS, ids=lambda p: p.stem)
def test_organisations_get_10_to_15_true_questions(library: ClauseLibrary, path: Path,
                                                   language: str) -> None:
    answers = _answers(path, language)
    word = {"nl": "Artikel", "en": "Article"}[language]
    for compact in (False, True):  # the quiz cites the protocol the build writes
        quiz = build_quiz(answers, library, protocol_edition="compact" if compact else "full")
        assert 10 <= len(quiz.questions) <= 15
        assert not quiz.left_out
        _check_truth(quiz, answers, library)
        protocol = assembly.assemble(answers, library, compact=compact)["protocol"].markdown
        for item in quiz.questions:  # every cited article is in the protocol, with that title
            assert item.cited
            for article in quiz.cited(item):
                assert f"\n### {word} {article.number} {article.title}\n" in protocol
            assert set(item.cited) <= set(quiz.articles)


def test_every_profile_gets_10_to_15_true_questions(library: ClauseLibrary) -> None:
    counts = []
    for name, answers in profiles():
        quiz = build_quiz(answers, library)
        counts.append(len(quiz.questions))
        assert 10 <= len(quiz.questions) <= 15 and not quiz.left_out, name
        _check_truth(quiz, answers, library)
    assert min(counts) >= 10 and max(counts) == 15


def test_shared_contacts_and_roles_are_never_a_wrong_answer(library: ClauseLibrary) -> None:
    raw = copy.deepcopy(answers_schema.load(PEEZE).data)
    levels = raw["escalation"]["levels"]
    levels[1]["contact"] = levels[0]["contact"].upper()  # step 2 shares step 1's mailbox
    levels[2]["contact"] = raw["escalation"]["out_of_hours_contact"]
    raw["escalation"]["press_contact"] = levels[0]["contact"]
    raw["permissions"]["approver"] = "Communicatie"  # the approver is a spokesperson
    raw["official_accounts"][0]["managed_by"] = "Communicatie"
    for language in ("nl", "en"):
        raw["language"] = language
        answers = Answers(answers_schema.validate(copy.deepcopy(raw), "<shared>"), "<t>", "")
        quiz = build_quiz(answers, library)
        _check_truth(quiz, answers, library)
        first_step = next(q for q in quiz.questions if q.clause.id == "quiz.first_step")
        assert all(levels[0]["contact"].casefold() not in plain(o.text).casefold()
                   for o in first_step.options if not o.right)
        approval = next(q for q in quiz.questions if q.clause.id == "quiz.approval")
        assert len(approval.options) == 3  # "the account manager decides" would be true


def test_question_options_are_shown_in_a_stable_mixed_order(library: ClauseLibrary) -> None:
    quiz = build_quiz(answers_schema.load(PEEZE), library)
    positions = [next(i for i, o in enumerate(shown(q)) if o.right)
                 for q in quiz.questions if q.options]
    assert len(set(positions)) > 1
    again = build_quiz(answers_schema.load(PEEZE), library)
    assert [shown(q) for q in quiz.questions] == [shown(q) for q in again.questions]


# -- the documents ------------------------------------------------------------------------------

def _build(tmp_path: Path, *args: str, lang: str | None = None,
           edition: str = "participant") -> Path:
    out = tmp_path / f"out-{edition}-{lang}"
    options = BuildOptions(language=lang, edition=edition, documents=("protocol", "handout",
                                                                        "quiz"))
    report = build_all([PEEZE, *map(Path, args)], out, options)
    assert report.ok, report.failure_lines()
    return out


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode()
    return re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_participant_edition_holds_no_answers(tmp_path: Path, lang: str) -> None:
    out = _build(tmp_path, lang=lang)
    text = (out / "quiz.md").read_text(encoding="utf-8")
    docx = _docx_text((out / "quiz.docx").read_bytes())
    library = library_module.load()
    answers = _answers(PEEZE, lang)
    quiz = build_quiz(answers, library)
    for document in (text, docx):
        assert "☒" not in document
        for item in quiz.questions:
            assert plain(item.feedback)[:40] not in document
            assert item.clause.id not in document.replace("\\_", "_")
    words = {"nl": ("Antwoord:", "Antwoordsleutel", "Naam:"),
             "en": ("Answer:", "Answer key", "Name:")}[lang]
    assert words[0] not in text and words[1] not in text and words[2] in text
    assert text.count("☐") == sum(len(q.options) or 2 for q in quiz.questions)
    manifest = json.loads((out / "manifest.json").read_text())
    entry = manifest["documents"]["quiz"]
    assert entry["edition"] == "participant"
    assert [(c["id"], c["version"]) for c in entry["clauses"]] == [
        (q.clause.id, q.clause.version) for q in quiz.questions]
    assert set(entry["files"]) == {"quiz.md", "quiz.docx", "quiz.gift"}
    assert entry["questions"] == len(quiz.questions)
    assert "=" in (out / "quiz.gift").read_text(encoding="utf-8")  # Moodle gets the answers


def test_trainer_edition_holds_the_key(tmp_path: Path) -> None:
    out = _build(tmp_path, edition="trainer")
    text = (out / "quiz.md").read_text(encoding="utf-8")
    quiz = build_quiz(answers_schema.load(PEEZE),
                      library_module.load(),
                      edition="trainer")
    assert len(re.findall(r"^☒ ", text, re.M)) == len(quiz.questions)  # one ticked box each
    assert "## Antwoordsleutel" in text
    for item in quiz.questions:
        assert str(item.feedback) in text
        for article in quiz.cited(item):
            assert f"{article.number} {article.title}" in text
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["documents"]["quiz"]["edition"] == "trainer"
    articles = manifest["documents"]["quiz"]["articles"]
    assert articles["quiz.response_time"] == [quiz.articles["webcare.hours_and_response"].number]


def test_quiz_docx_validates_and_opens(tmp_path: Path) -> None:
    import docx

    out = _build(tmp_path, edition="trainer", lang="en")
    document = docx.Document(str(out / "quiz.docx"))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Social media quiz — Koffiebranderij Peeze" in body
    assert "Question 1" in body and "☒" in body
    if not VALIDATOR.is_file():
        pytest.skip(f"{VALIDATOR} is not there")
    done = subprocess.run([sys.executable, str(VALIDATOR), str(out / "quiz.docx")],
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_plain_build_writes_no_quiz_and_imports_no_training(tmp_path: Path) -> None:
    code = (f"import sys; from pathlib import Path; from policygen.output.build import "
            f"BuildOptions, build_all; r = build_all([Path({str(PEEZE)!r})], "
            f"Path({str(tmp_path / 'plain')!r}), BuildOptions()); assert r.ok; "
            "print(sorted(m for m in sys.modules if m.startswith('policygen.training')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=300)
    assert done.stdout.strip() == "[]"
    assert not list((tmp_path / "plain").glob("quiz.*"))
    assert "quiz" not in json.loads((tmp_path / "plain" / "manifest.json").read_text())[
        "documents"]


# -- the library ----------------------------------------------------------------------------------

BROKEN = {
    "no right answer": ("Vraag?\n~ a\n~ b\n> Zie {{ cite('conduct.respect') }}.", "no right answer"),
    "two the same": ("Vraag?\n= {{ organisation.short_name }}\n~ {{ organisation.name }}\n"
                     "> Zie {{ cite('conduct.respect') }}.", "two answers read the same"),
    "no citation": ("Vraag?\n= a\n~ b\n> Daarom.", "cites no protocol article"),
    "no feedback": ("Vraag?\n= a\n~ b", "no feedback"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_check_names_a_broken_question_with_file_and_line(tmp_path: Path, case: str) -> None:
    body, message = BROKEN[case]
    respect = (ROOT / "clauses" / "conduct" / "respect.md").read_text(encoding="utf-8")
    good = "Vraag?\n= a\n~ b\n> Zie {{ cite('conduct.respect') }}."
    root = make_library(tmp_path / "lib", {
        "conduct/respect.md": respect,
        "quiz/broken.md": clause_text("quiz.broken", documents="[quiz]", section="questions",
                                      nl=body, en=good),
    })
    with pytest.raises(ProblemsError) as caught:
        check.check_library(root, jobs=1)
    found = [p for p in caught.value.problems if p.file.endswith("broken.md")]
    assert found and message in found[0].message and "nl body" in found[0].message
    assert found[0].line == 10  # the line the Dutch body starts on


def test_library_without_quiz_questions_says_so(tmp_path: Path) -> None:
    respect = (ROOT / "clauses" / "conduct" / "respect.md").read_text(encoding="utf-8")
    root = make_library(tmp_path / "lib", {"conduct/respect.md": respect})
    library = library_module.load(root)
    with pytest.raises(PolicygenError, match="no quiz questions"):
        build_quiz(answers_schema.load(PEEZE), library)


def test_cli_writes_quiz_as_format_asks(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli("build", PEEZE, "--out", tmp_path / "o", "--documents", "quiz",
                   "--format", "md", "--lang", "en")
    assert done.returncode == 0, done.stderr
    names = {p.name for p in (tmp_path / "o").iterdir()}
    assert {"quiz.md", "quiz.gift", "manifest.json"} <= names and "quiz.docx" not in names
    assert "Social media quiz" in (tmp_path / "o" / "quiz.md").read_text(encoding="utf-8")


def test_hostile_values_print_literally_in_markdown(library: ClauseLibrary) -> None:
    from policygen.render.docx import markdown_parser
    from policygen.training.quiz_layout import markdown

    hostile = "Club {{ 7*7 }} *stars* | pipes | <b>x</b> # \\"
    raw = copy.deepcopy(answers_schema.load(PEEZE).data)
    raw["organisation"]["short_name"] = hostile
    raw["escalation"]["levels"][0]["contact"] = hostile + " @"
    answers = Answers(answers_schema.validate(raw, "<hostile>"), "<hostile>", "")
    for edition in ("participant", "trainer"):
        text = markdown(build_quiz(answers, library, edition=edition))
        tokens = markdown_parser().parse(text)
        seen = " ".join(child.content for token in tokens if token.type == "inline"
                        for child in token.children or () if child.type == "text")
        assert hostile in seen and hostile + " @" in seen
        assert "49" not in seen
