"""Property tests: answers that contain anything at all build, and come out literally.

Deterministic: the profile registered in conftest derandomizes Hypothesis, so every run of the
suite tries the same examples, and every input a run ever found is pinned with ``@example``.
The library is loaded once at module level, not taken as a fixture into ``@given`` (a large
fixture's repr hid a failure behind Hypothesis' "overly large repr" warning).
"""

from __future__ import annotations

import datetime as dt
import functools
import io

import docx
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from policygen.answers import schema as answers
from policygen.assembly import assemble as assembly
from policygen.clauselib import library as library_module
from policygen.clauselib.library import ClauseLibrary
from policygen.language.mdescape import escape
from policygen.lint.profiles import FULL
from policygen.render import docx as render_docx

MD = MarkdownIt("commonmark", {"html": False}).enable("table")
TODAY = dt.date(2026, 12, 1)

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1, max_size=50,
).map(str.strip).filter(bool)

# Inputs that broke escaping once, kept for ever (issue 10: "Club #" lost its '#').
FOUND = ("Club #", "#", "Team ##", "a \\", "1.", "- x", "&amp;", "x | y", "`code`", "<b>",
         "~~gone~~", "*", "_x_", "[link](http://e.nl)", "{{ 7*7 }}", "x #  ", "=", "+31 6 #")


@functools.cache
def shipped_library() -> ClauseLibrary:
    return library_module.load()


def with_values(name: str, contact: str, topic: str, tool: str) -> answers.Answers:
    data = {**FULL, "organisation": {**FULL["organisation"], "name": name[:120]},
            "permissions": {**FULL["permissions"], "confidential_topics": [topic]},
            "tools": [{"name": tool[:60], "purpose": "monitoring"}]}
    data["escalation"] = {**FULL["escalation"], "levels": [  # two steps: the ladder is a table
        {"name": "Webcare", "contact": contact}, {"name": "Directie", "contact": "d@example.org"}]}
    validated = answers.validate(data, "<generated>")
    return answers.Answers(validated, "<generated>", "")


def heading_text(markdown: str) -> str:
    tokens = MD.parse(markdown)
    return "".join(c.content for c in tokens[1].children or [])


def plain_text(markdown: str) -> str:
    """The text a reader sees in one line of Markdown (inline content only)."""
    tokens = MD.parse(markdown)
    return "".join(child.content for token in tokens if token.type == "inline"
                   for child in token.children or [] if child.type in ("text", "code_inline"))


@settings(max_examples=2000)
@given(value=text)
@example(value="Club #")
@example(value="1) x")
@example(value="# heading")
@example(value="> quote")
@example(value="---")
def test_an_escaped_value_reads_as_itself_anywhere_in_a_line(value: str) -> None:
    escaped = escape(value)
    assert plain_text(escaped) == value
    assert plain_text(f"# Protocol — {escaped}") == f"Protocol — {value}"
    assert plain_text(f"Bel {escaped} nu.") == f"Bel {value} nu."
    assert plain_text(f"- {escaped}") == value
    assert plain_text(f"| a |\n|---|\n| {escaped} |").endswith(value)


@settings(max_examples=300, deadline=None)
@given(name=text, contact=text, topic=text, tool=text, lang=st.sampled_from(["nl", "en"]))
@example(name="Club #", contact="+31 6 #", topic="*", tool="|", lang="nl")
@example(name="{{ 7*7 }}", contact="<b>", topic="_x_", tool="`code`", lang="en")
def test_anything_in_the_answers_assembles_and_prints_literally(
        name: str, contact: str, topic: str, tool: str, lang: str) -> None:
    loaded = with_values(name, contact, topic, tool).with_language(lang)
    docs = assembly.assemble(loaded, shipped_library(), edition="trainer")
    expected_name = loaded.data["organisation"]["name"]
    for document in docs.values():
        assert heading_text(document.markdown).endswith("— " + expected_name)


@settings(max_examples=100, deadline=None)
@given(name=text, contact=text, topic=text, tool=text, lang=st.sampled_from(["nl", "en"]))
@example(name="Club #", contact="+31 6 #", topic="*", tool="|", lang="nl")
def test_anything_in_the_answers_comes_out_literally_in_word(
        name: str, contact: str, topic: str, tool: str, lang: str) -> None:
    loaded = with_values(name, contact, topic, tool).with_language(lang)
    protocol = assembly.assemble(loaded, shipped_library(), edition="trainer")["protocol"]
    expected_name = loaded.data["organisation"]["name"]
    info = render_docx.DocumentInfo(protocol.title, "", "x", "", "1", lang, TODAY)
    document = docx.Document(io.BytesIO(render_docx.render(protocol.markdown, info)))
    assert document.paragraphs[0].text.endswith(expected_name)
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert loaded.data["escalation"]["levels"][0]["contact"] in cells


def test_the_found_inputs_stay_pinned() -> None:
    for value in FOUND:
        assert plain_text(f"# Protocol — {escape(value)}") == f"Protocol — {value.strip()}", \
            value
