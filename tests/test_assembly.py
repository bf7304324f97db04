"""Selection and assembly: conditions pick clauses, sections and articles are numbered,
the handout cites protocol articles, answers stay data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policygen.answers import schema as answers
from policygen.assembly import assemble as assembly
from policygen.clauselib import library as library_module

from .helpers import clause_text, make_library

ANSWERS = """
language: {lang}
organisation: {{name: "{name}", policy_owner: {{role: HR}}, effective_date: 2026-12-01}}
escalation: {{levels: [{{name: Webcare, contact: "{contact}"}}]}}
tools: {tools}
"""


def load(lang: str = "nl", name: str = "Org", contact: str = "x@example.org",
         tools: str = "[]") -> answers.Answers:
    text = ANSWERS.format(lang=lang, name=name, contact=contact, tools=tools)
    return answers.parse(text.encode(), "a.yaml")


def small_library(tmp_path: Path) -> library_module.ClauseLibrary:
    return library_module.load(make_library(tmp_path / "lib", {
        "introduction/purpose.md": clause_text("introduction.purpose", order=110,
                                               nl="Doel van {{ organisation.name }}.",
                                               en="Purpose of {{ organisation.name }}."),
        "introduction/scope.md": clause_text("introduction.scope", order=120),
        "tools/approved.md": clause_text("tools.approved", section="tools", order=1210,
                                         when="tools | length > 0",
                                         nl="{{ tools | map(attribute='name') | join_and }}."),
        "escalation/ladder.md": clause_text("escalation.ladder", section="escalation",
                                            order=910, nl="Ladder."),
        "handout/when_wrong.md": clause_text(
            "handout.when_wrong", section="when_wrong", documents="[handout]", order=410,
            nl="Bel de webcare {{ cite('escalation.ladder') }}{{ cite('tools.approved') }}.",
            en="Call {{ cite('escalation.ladder') }}."),
        "handout/answers.md": clause_text(
            "handout.answers", section="scenarios", documents="[handout]", order=710,
            extra="editions: [trainer]", nl="Modelantwoord.", en="Model answer."),
    }))


def test_conditions_select_and_sections_number_consecutively(tmp_path: Path) -> None:
    lib = small_library(tmp_path)
    docs = assembly.assemble(load(), lib)
    protocol = docs["protocol"]
    assert [c.id for c in protocol.clauses] == [
        "introduction.purpose", "introduction.scope", "escalation.ladder"]
    assert "## 1. Inleiding" in protocol.markdown
    assert "### Artikel 1.2 Titel introduction.scope" in protocol.markdown
    assert "## 2. Escalatie en crisis" in protocol.markdown  # tools left out, no gap
    assert "### Artikel 2.1 Titel escalation.ladder" in protocol.markdown
    assert protocol.markdown.startswith("# Gedragscode sociale media — Org\n")


def test_tools_clause_appears_when_tools_are_given(tmp_path: Path) -> None:
    lib = small_library(tmp_path)
    docs = assembly.assemble(load(tools="[{name: Buffer}, {name: Later}]"), lib)
    assert "Buffer en Later." in docs["protocol"].markdown
    assert "(artikel 3.1)" in docs["handout"].markdown


def test_handout_cites_protocol_articles(tmp_path: Path) -> None:
    lib = small_library(tmp_path)
    docs = assembly.assemble(load(), lib)
    assert "Bel de webcare (artikel 2.1)." in docs["handout"].markdown
    docs = assembly.assemble(load(lang="en"), lib)
    assert "Call (article 2.1)." in docs["handout"].markdown


def test_trainer_edition_adds_trainer_clauses(tmp_path: Path) -> None:
    lib = small_library(tmp_path)
    participant = assembly.assemble(load(), lib)["handout"]
    trainer = assembly.assemble(load(), lib, edition="trainer")["handout"]
    assert "Modelantwoord." not in participant.markdown
    assert "Modelantwoord." in trainer.markdown
    assert trainer.edition == "trainer"


def test_english_document(tmp_path: Path) -> None:
    docs = assembly.assemble(load(lang="en"), small_library(tmp_path))
    assert "## 1. Introduction" in docs["protocol"].markdown
    assert "### Article 1.1 Title introduction.purpose" in docs["protocol"].markdown
    assert "Purpose of Org." in docs["protocol"].markdown


def test_hostile_answer_values_are_escaped_not_evaluated(tmp_path: Path) -> None:
    lib = small_library(tmp_path)
    docs = assembly.assemble(load(name="{{ 7*7 }} | *x* <b> # h"), lib)
    text = docs["protocol"].markdown
    assert "49" not in text
    assert "Doel van {{ 7\\*7 }} \\| \\*x\\* \\<b\\> # h." in text
    assert text.startswith("# Gedragscode sociale media — {{ 7\\*7 }} \\| \\*x\\* \\<b\\> # h\n")


def test_document_is_tidy(tmp_path: Path) -> None:
    text = assembly.assemble(load(), small_library(tmp_path))["protocol"].markdown
    assert "\n\n\n" not in text and text.endswith("\n") and not text.endswith("\n\n")
    assert all(line == line.rstrip() for line in text.splitlines())


def test_next_review_and_dates(tmp_path: Path) -> None:
    context = assembly.base_context(load(), small_library(tmp_path))
    assert context["next_review"] == dt.date(2027, 12, 1)
    assert context["round_the_clock"] is False


def test_shipped_library_builds_both_examples(library: library_module.ClauseLibrary) -> None:
    from .conftest import NORTHWIND, PEEZE

    for path in (PEEZE, NORTHWIND):
        docs = assembly.assemble(answers.load(path), library, edition="trainer")
        for doc in docs.values():
            assert doc.clauses
            assert "None" not in doc.markdown


@pytest.mark.parametrize(("role", "nl", "en"), [
    ("Hoofd Communicatie", "het hoofd Communicatie", "the Hoofd Communicatie"),
    ("HR-manager", "de HR-manager", "the HR-manager"),
    ("Webcare-team", "het webcareteam", "the Webcare-team"),
    ("Afdelingshoofd", "het afdelingshoofd", "the Afdelingshoofd"),
    ("Directeur", "de directeur", "the Directeur"),
    ("de directie", "de directie", "the de directie"),
    ("the *board*", "the \\*board\\*", "the \\*board\\*"),  # its own article, in English
])
def test_the_filter_gives_a_role_its_article(role: str, nl: str, en: str) -> None:
    env = library_module.environment()
    template = env.from_string("{{ role | the }}|{{ role | the_start }}")
    for language, expected in (("nl", nl), ("en", en)):
        assert template.render(role=role, language=language) == \
            f"{expected}|{expected[:1].upper()}{expected[1:]}"


def test_a_het_role_reads_right_in_the_protocol() -> None:
    raw = answers.validate({
        "organisation": {"name": "Org", "policy_owner": {"role": "Hoofd Communicatie"}},
        "escalation": {"levels": [{"name": "Webcare", "contact": "x@example.org"}]},
    }, "a.yaml")
    loaded = answers.Answers(data=raw, source="a.yaml", sha256="")
    protocol = assembly.assemble(loaded, library_module.load())["protocol"].markdown
    assert "het hoofd Communicatie" in protocol
    assert "de hoofd Communicatie" not in protocol and "de Hoofd Communicatie" not in protocol
