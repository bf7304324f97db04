"""Clause files: the format, conditions (sandboxed, strict) and bodies, with located errors."""

from __future__ import annotations

import pytest

from policygen.clauselib import clause as clause_module
from policygen.clauselib.clause import ClauseRenderError
from policygen.clauselib.library import environment
from policygen.errors import ProblemsError

from .helpers import clause_text

ENV = environment()


def parse(text: str) -> clause_module.Clause:
    return clause_module.parse(text, "c.md", ENV)


def problems(text: str) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        parse(text)
    return caught.value.lines()


def test_parse_a_clause() -> None:
    item = parse(clause_text("roles.owner", when="tools | length > 0", nl="Hallo {{ x }}"))
    assert item.id == "roles.owner"
    assert item.version == "1.0.0"
    assert item.title == {"nl": "Titel roles.owner", "en": "Title roles.owner"}
    assert item.documents == ("protocol",)
    assert item.when == "tools | length > 0"
    assert item.bodies["nl"].strip() == "Hallo {{ x }}"
    assert item.editions == ("participant", "trainer", "full", "compact")
    assert item.body_lines["nl"] == 11  # the line after "<!-- lang: nl -->"


@pytest.mark.parametrize(("change", "expected"), [
    (("version: 1.0.0", "version: 1.0"), "c.md:3: version: expected text, got 1.0"),
    (("version: 1.0.0", "version: v1"), "c.md:3: version: must be a version like 1.2.0: 'v1'"),
    (("id: a.b", "id: A B"), "c.md:2: id: must be dotted lower-case words like"),
    (("documents: [protocol]", "documents: [policy]"),
     "c.md:5: documents[0]: must be one of protocol, handout, quiz (got 'policy')"),
    (("order: 100", "order: first"), "c.md:7: order: expected a whole number"),
    (("section: introduction\n", ""), "c.md: section: required"),
    (("title: {nl: Titel a.b, en: Title a.b}", "title: {nl: Titel}"), "c.md:4: title.en: required"),
    (("order: 100", "order: 100\ncolour: red"), "c.md:8: colour: unknown field"),
    (("<!-- lang: en -->\nText.", ""), "c.md: no en body"),
    (("<!-- lang: nl -->\nTekst.", "<!-- lang: nl -->\n"), "c.md:9: the nl body is empty"),
    (("<!-- lang: en -->", "<!-- lang: fr -->"), "c.md:11: unknown language 'fr'"),
    (("---\nid", "id"), "c.md:1: must start with a '---' front matter line"),
    (("title: {nl", "title: [nl"), "c.md:4: YAML syntax"),
])
def test_format_problems_have_file_line_and_field(change: tuple[str, str], expected: str) -> None:
    text = clause_text("a.b").replace(*change, 1)
    lines = problems(text)
    assert any(line.startswith(expected) for line in lines), lines


def test_condition_syntax_error_is_located() -> None:
    lines = problems(clause_text("a.b", when="tools |"))
    assert lines[0].startswith("c.md:8: when: not a valid condition:")


def test_condition_evaluates_on_answers() -> None:
    item = parse(clause_text("a.b", when="'data_breach' in escalation.crisis_triggers"))
    assert item.applies(ENV, {"escalation": {"crisis_triggers": ["data_breach"]}})
    assert not item.applies(ENV, {"escalation": {"crisis_triggers": []}})
    assert parse(clause_text("a.b")).applies(ENV, {})


def test_misspelt_name_in_condition_fails_loudly() -> None:
    item = parse(clause_text("a.b", when="permisions.approval_required"))
    with pytest.raises(ClauseRenderError, match=r"c\.md:8: when: 'permisions' is undefined"):
        item.applies(ENV, {"permissions": {"approval_required": True}})


def test_condition_cannot_reach_python_internals() -> None:
    item = parse(clause_text("a.b", when="organisation.__class__.__mro__"))
    with pytest.raises(ClauseRenderError):
        item.applies(ENV, {"organisation": {"name": "x"}})


def test_body_renders_and_escapes_values() -> None:
    item = parse(clause_text("a.b", nl="Naam: {{ organisation.name }}"))
    out = item.render(ENV, "nl", {"organisation": {"name": "{{ 7*7 }} *x*"}})
    assert out == "Naam: {{ 7\\*7 }} \\*x\\*\n"


@pytest.mark.parametrize(("body", "message"), [
    ("{{ permissions.approver }}", "prints an empty value"),
    ("{{ tools }}", "prints a list or mapping"),
    ("{{ training.onboarding }}", "prints true/false"),
    ("{{ organisation.nmae }}", "has no attribute 'nmae'"),
])
def test_body_errors_name_file_language_and_line(body: str, message: str) -> None:
    item = parse(clause_text("a.b", nl=f"Regel een.\n\n{body}"))
    context = {"permissions": {"approver": None}, "tools": [], "training": {"onboarding": True},
               "organisation": {"name": "x"}}
    with pytest.raises(ClauseRenderError) as caught:
        item.render(ENV, "nl", context)
    assert str(caught.value).startswith("c.md:12: nl body:")
    assert message in str(caught.value)


def test_body_syntax_error_is_located() -> None:
    item = parse(clause_text("a.b", en="One.\n{% if x %}\nunclosed"))
    with pytest.raises(ClauseRenderError, match=r"^c\.md:1[34]: en body:"):
        item.render(ENV, "en", {"x": True})


def test_compiled_templates_come_back_from_the_disk_cache(
        tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from policygen.language import codecache

    monkeypatch.setenv("POLICYGEN_CACHE_DIR", str(tmp_path))
    source = "Hallo {{ name }}! {% if x %}ja{% endif %}"
    first = codecache.template(ENV, source)
    codecache.expression(ENV, "name == 'x'")
    codecache._MEMORY.clear()

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(ENV, "compile", no_compiling)
    second = codecache.template(ENV, source)
    assert second is not first
    assert second.render(name="Peeze", x=True) == "Hallo Peeze! ja"
    assert codecache.expression(ENV, "name == 'x'")(name="x") is True


def test_unreadable_cache_is_only_a_compile(tmp_path: object,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from policygen.language import codecache

    monkeypatch.setenv("POLICYGEN_CACHE_DIR", str(tmp_path))
    source = "{{ 6 * 7 }} garbage test"
    codecache.template(ENV, source)
    for path in Path(str(tmp_path)).rglob("*"):
        if path.is_file():
            path.write_bytes(b"not marshal data")
    codecache._MEMORY.clear()
    assert codecache.template(ENV, source).render() == "42 garbage test"


def test_any_error_in_a_body_is_located() -> None:
    def exhausted() -> None:
        raise MemoryError

    item = parse(clause_text("a.b", nl="Regel een.\n{{ boom() }}"))
    with pytest.raises(ClauseRenderError, match=r"^c\.md:11: nl body: runs out of memory") as caught:
        item.render(ENV, "nl", {"boom": exhausted})
    assert caught.value.over_limit


def test_a_condition_is_exactly_one_expression() -> None:
    lines = problems(clause_text("a.b", when="1) %}{{ 7*7 }}{% set y = (1"))
    assert lines[0].startswith("c.md:8: when: not a valid condition:")
    item = parse(clause_text("a.b", when="'%}' not in organisation.name"))
    assert item.applies(ENV, {"organisation": {"name": "x"}})
