"""Markdown parsed block by block (:func:`mdtree.parse`) gives the tokens of one whole parse.

Compared on every golden document (after other documents filled the remembered blocks), on
random documents made of the lines where blocks could run into each other, and on the texts
that are parsed whole; a refused node still names its line in the document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from policygen.render import mdtree
from policygen.render.docx import markdown_parser
from policygen.render.docx_body import BodyRenderer
from policygen.render.docx_runs import UnknownNodeError

from .test_docx_body import STYLES

TESTS = Path(__file__).parent
GOLDENS = sorted([*TESTS.glob("golden/*/*.md"), *TESTS.glob("golden_docx/**/*.md")])


def parser() -> MarkdownIt:
    """A parser of its own (nothing remembered yet), configured as the DOCX renderer's."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def shape(tokens: list[Token] | None) -> list[Any] | None:
    """Everything of the tokens but their line numbers (a block's count from itself)."""
    if tokens is None:
        return None
    return [(t.type, t.tag, t.nesting, t.attrs, t.level, t.content, t.markup, t.info, t.meta,
             t.block, t.hidden, shape(t.children)) for t in tokens]


def test_the_goldens_parse_the_same_block_by_block() -> None:
    assert len(GOLDENS) >= 8
    md = parser()
    for _ in range(2):  # first with blocks of the documents before it, then all remembered
        for path in GOLDENS:
            text = path.read_text(encoding="utf-8")
            assert shape(mdtree.parse(md, text)) == shape(md.parse(text)), path
    assert len(mdtree._CACHES[md].tokens) > 100  # the blocks were remembered


def test_a_batch_shares_its_blocks() -> None:
    md = parser()
    first = mdtree.parse(md, "# A\n\nShared paragraph.\n\n- one\n- two\n\nOwn text A.\n")
    second = mdtree.parse(md, "# B\n\nShared paragraph.\n\n- one\n- two\n\nOwn text B.\n")
    assert shape(second) == shape(md.parse("# B\n\nShared paragraph.\n\n- one\n- two\n\n"
                                           "Own text B.\n"))
    assert first[3] is second[3]  # the paragraph's tokens, parsed once


LINES = ["Some text.", "*emphasis* and **strong** `code`", "[a link](https://example.nl)",
         "- item", "* star item", "+ plus item", "-", "  - nested item", "   continued",
         "    indented code", "\tcode after a tab", "1. first", "2) second", "10. tenth",
         "> quoted", ">", "> - quoted item", "# Title", "## Section", "#### Sub", "---", "***",
         "* * *", "===", "| a | b |", "|---|---|", "| 1 | 2 |", "a | b", "--|--",
         "<!-- diagram: ladder -->", "\\*not emphasis\\*", "2026 was a year", "",
         "a \\` b \\\\ c", "![an image *alt*](x.png)", "**bold *nested* text**",
         "<https://example.nl>", "hard  ", "break\\", "`code` \\_x\\_", "| a \\| b | c |",
         "", "", " ", "  \t", "Text with trailing spaces  ", "-not a list", "*not a list*"]


@given(st.lists(st.sampled_from(LINES), max_size=30), st.lists(st.sampled_from(LINES),
                                                               max_size=30), st.booleans())
@example(["- a", "", "- b", "", "After."], ["- a", "", "After."], True)
@example(["> a", "", "    code", "", "Para"], ["1. x", "", "   y", "", "z"], False)
def test_random_documents_parse_the_same(first: list[str], second: list[str],
                                         newline: bool) -> None:
    md = parser()
    for lines in (first, second, first + second, second + first):  # later ones share blocks
        text = "\n".join(lines) + ("\n" if newline else "")
        assert shape(mdtree.parse(md, text)) == shape(md.parse(text)), text


def test_an_inline_text_is_parsed_once() -> None:
    md = parser()
    cell = "Webcare \\*team\\* **now**"
    first = mdtree.parse(md, f"| Who |\n|---|\n| {cell} |\n\nA.\n")
    second = mdtree.parse(md, f"| Who |\n|---|\n| {cell} |\n| more |\n\nB.\n")
    assert shape(second) == shape(md.parse(f"| Who |\n|---|\n| {cell} |\n| more |\n\nB.\n"))
    cells = [t for t in [*first, *second] if t.type == "inline" and t.content == cell]
    assert len(cells) == 2 and cells[0] is not cells[1]  # two tables, one parse of the cell
    assert all(a is b for a, b in zip(cells[0].children or [], cells[1].children or [],
                                      strict=True))
    children = cells[0].children or []
    assert children[0].content == "Webcare *team* "  # the escapes joined into the text
    assert "text_special" not in {t.type for t in children}


@pytest.mark.parametrize("text", [
    "```\ncode\n\nmore code\n```\n\nAfter.\n",
    "~~~\ncode\n\nText\n~~~\n",
    "Use [the rules][r].\n\nMore.\n\n[r]: https://example.nl\n",
    "A\r\n\r\nB\r\n",
    "A\0\n\nB\n",
    ">" * 25 + " deep\n\nAfter the deep quote.\n",
    "- " * 25 + "deep\n\nAfter the deep list.\n",
], ids=["backticks", "tildes", "reference", "carriage-return", "nul", "deep-quote", "deep-list"])
def test_what_could_join_blocks_is_parsed_whole(text: str) -> None:
    md = parser()
    mdtree.parse(md, "After.\n\nAfter the deep quote.\n\nAfter the deep list.\n\nMore.\n")
    assert shape(mdtree.parse(md, text)) == shape(md.parse(text))


def test_a_parser_with_raw_html_is_parsed_whole() -> None:
    md = MarkdownIt("commonmark", {"html": True})
    text = "<!-- a comment\n\nthat runs on -->\n\nText.\n"
    assert shape(mdtree.parse(md, text)) == shape(md.parse(text))
    assert not mdtree._CACHES[md].tokens  # nothing remembered for it


def test_a_refused_node_names_its_line_in_the_document() -> None:
    md = MarkdownIt("commonmark", {"html": False}).enable("strikethrough")  # refused: 's'
    mdtree.parse(md, "~~gone~~\n\nText.\n")  # the block first seen on line 1
    tokens = mdtree.parse(md, "# T\n\nOne.\n\nTwo.\n\n~~gone~~\n\nText.\n")
    assert mdtree._CACHES[md].usable  # the blocks came from the cache
    with pytest.raises(UnknownNodeError) as caught:
        BodyRenderer(STYLES, 9000, lambda url: "rId1", 1).render(tokens)
    assert str(caught.value) == "the DOCX renderer does not know 's' (line 7 of the Markdown)"


def test_the_remembered_blocks_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mdtree, "CACHE_CHARS", 2_000)
    md = parser()
    for number in range(200):
        text = f"# Document {number}\n\nParagraph {number} of this document.\n\nShared.\n"
        assert shape(mdtree.parse(md, text)) == shape(md.parse(text))
        assert mdtree._CACHES[md].chars <= 2_000
    cache = mdtree._CACHES[md]
    assert cache.chars == sum(map(len, cache.tokens))
    assert "Shared.\n" in cache.tokens  # used by every document: never the oldest


def test_the_renderers_parser_is_parsed_block_by_block() -> None:
    md = markdown_parser()
    text = GOLDENS[0].read_text(encoding="utf-8")
    assert shape(mdtree.parse(md, text)) == shape(md.parse(text))
    assert mdtree._CACHES[md].usable
