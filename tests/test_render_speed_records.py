"""The assembly, faster: its records read directly in templates, its blank lines tidied.

What a template gets from a registered record (sections, articles, clauses) is what the
sandbox gives: every public field the same, a name starting with '_' or a method still
decided by the sandbox. Blank lines and trailing spaces are tidied as the regular expressions
did.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from policygen.assembly.assemble import Article, SectionBlock, normalise_blank_lines
from policygen.clauselib.clause import Clause
from policygen.clauselib.library import load
from policygen.language import environment
from policygen.language.mdescape import MarkdownSafe


@pytest.fixture(scope="module")
def article() -> Article:
    clause = load().clauses[0]
    return Article(clause, "1.1", MarkdownSafe("Title"), "Body.")


def test_the_records_are_registered() -> None:
    for record in (Article, SectionBlock, Clause):
        assert environment._RECORD_FIELDS[record] == {
            f.name for f in dataclasses.fields(record) if not f.name.startswith("_")}


def test_a_field_is_what_the_sandbox_gives(article: Article) -> None:
    ours = environment.make_environment()
    theirs = ImmutableSandboxedEnvironment()
    section = SectionBlock("intro", 1, MarkdownSafe("Intro"), [article])
    for obj in (article, section, article.clause):
        for name in environment._RECORD_FIELDS[type(obj)]:
            assert ours.getattr(obj, name) is theirs.getattr(obj, name), name
    template = ours.from_string("{{ s.articles[0].clause.id }} {{ s.articles[0].number }}")
    assert template.render(s=section) == f"{article.clause.id.replace('_', chr(92) + '_')} 1.1"


def test_private_names_and_methods_stay_with_the_sandbox(article: Article) -> None:
    env = environment.make_environment()
    with pytest.raises(SecurityError):
        env.from_string("{{ a.__class__.__init__.__globals__ }}").render(a=article)
    render = env.getattr(article.clause, "render")  # a method: the sandbox's answer
    assert render == ImmutableSandboxedEnvironment().getattr(article.clause, "render")


def test_an_unset_field_falls_back_to_the_sandbox() -> None:
    @dataclasses.dataclass(slots=True)
    class Partial:
        name: str

    environment.allow_fields(Partial)
    try:
        partial = Partial.__new__(Partial)  # its field never set
        value = environment.make_environment().getattr(partial, "name")
        assert type(value).__name__ == "StrictUndefined"
    finally:
        del environment._RECORD_FIELDS[Partial]


_BLANKS, _TRAILING = re.compile(r"\n{3,}"), re.compile(r"[ \t]+\n")


def _normalised_before(markdown: str) -> str:
    """normalise_blank_lines as it was written with regular expressions."""
    text = _TRAILING.sub("\n", markdown.replace("\r\n", "\n"))
    return _BLANKS.sub("\n\n", text).strip() + "\n"


@given(st.lists(st.sampled_from(["a", " ", "\t", "\n", "\r", "\r\n", "\n\n\n", "  \n", "é"]),
                max_size=60).map("".join))
@example("a \t\n\n\n\n b \n")
def test_blank_lines_are_normalised_as_before(markdown: str) -> None:
    assert normalise_blank_lines(markdown) == _normalised_before(markdown)
