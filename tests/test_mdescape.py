"""Markdown escaping: any answer value renders to exactly its own characters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from policygen.language.mdescape import MarkdownSafe, escape

MD = MarkdownIt("commonmark", {"html": False}).enable("table")


def inline_text(markdown: str) -> str:
    tokens = MD.parse(markdown)
    inline = [t for t in tokens if t.type == "inline"]
    assert len(inline) == 1, tokens
    return "".join(c.content if c.type == "text" else " " if c.type == "softbreak" else
                   f"<{c.type}>" for c in inline[0].children or [])


@pytest.mark.parametrize("value", [
    "{{ 7*7 }}", "*stars*", "| pipes |", "<tags>", "# hashes", "1. first", "2) second",
    "- dash", "+ plus", "> quote", "---", "===", "a & b &amp; c &#123;", "back\\slash\\",
    "`code`", "[link](http://x)", "![img](x.png)", "~~strike~~", "_under_", "<b>bold</b>",
])
def test_hostile_values_print_literally(value: str) -> None:
    assert inline_text(escape(value)) == value


def test_readable_values_stay_readable() -> None:
    assert escape("+31 6 00000000") == "+31 6 00000000"
    assert escape("webcare@example.nl") == "webcare@example.nl"
    assert escape("ma-vr 08:00-18:00") == "ma-vr 08:00-18:00"
    assert escape("#hashtag") == "#hashtag"


def test_safe_text_is_not_escaped_twice() -> None:
    once = escape("*x*")
    assert escape(once) is once
    assert isinstance(once, MarkdownSafe)


def test_line_breaks_become_spaces() -> None:
    assert escape("a\nb\r\nc") == "a b c"


printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Zs")) | st.just(" "),
    min_size=1, max_size=60,
).map(str.strip).filter(bool)


@settings(max_examples=400, deadline=None)
@given(printable)
def test_any_value_round_trips_in_a_paragraph(value: str) -> None:
    assert inline_text(escape(value)) == value


@settings(max_examples=200, deadline=None)
@given(printable, printable)
def test_any_value_round_trips_in_a_table_cell(first: str, second: str) -> None:
    table = f"| a | b |\n|---|---|\n| {escape(first)} | {escape(second)} |\n"
    tokens = MD.parse(table)
    cells = [t for t in tokens if t.type == "inline"][2:]
    texts = ["".join(c.content for c in cell.children or []) for cell in cells]
    assert texts == [first, second]
