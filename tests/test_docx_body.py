"""The DOCX body renderer: the golden documents give the same Word XML byte for byte, each
node type renders as it should, and a node type the renderer does not know is refused.

The golden inputs in ``tests/golden_docx/`` are copies of the example organisations'
Markdown (so that a change to the clauses does not move them) plus ``constructs.md``, which
holds every node type the parser makes. After an intended change to the Word output,
regenerate the expected hashes and review what changed in the documents:
    POLICYGEN_REGEN=1 .venv/bin/python -m pytest tests/test_docx_body.py
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lxml import etree  # type: ignore[import-untyped]
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from policygen.errors import PolicygenError
from policygen.render import docx as render_docx
from policygen.render import mdtree
from policygen.render.docinfo import DocumentInfo
from policygen.render.docx import markdown_parser
from policygen.render.docx_body import (
    R_NS,
    W_NS,
    BodyRenderer,
    BodyResult,
    StyleIds,
    UnknownNodeError,
)

GOLDEN = Path(__file__).parent / "golden_docx"
EXPECTED = GOLDEN / "expected.json"
PARTS = ("word/document.xml", "word/numbering.xml")
# (input, kind): a protocol has a contents list, a handout keeps short blocks together
CASES = [(path, path.stem.split("-")[0]) for path in sorted(GOLDEN.glob("*/*.md"))] + [
    (GOLDEN / "constructs.md", kind) for kind in ("protocol", "handout")]


def golden_info(kind: str) -> DocumentInfo:
    """The settings build.py gives each kind of document (see ``build._docx_info``)."""
    return DocumentInfo(title="T", subject="S", author="A", keywords="k", version="v1",
                        language="nl", date=dt.date(2026, 12, 1), header="H", footer="F",
                        toc_title="Contents" if kind == "protocol" else None,
                        keep_blocks=kind == "handout")


def case_id(path: Path, kind: str) -> str:
    return f"{path.parent.name}/{path.stem}" if path.parent != GOLDEN else f"{path.stem}-{kind}"


def part_hashes(markdown: str, kind: str) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(render_docx.render(markdown, golden_info(kind)))) as archive:
        return {part: hashlib.sha256(archive.read(part)).hexdigest() for part in PARTS}


@pytest.mark.parametrize(("path", "kind"), CASES, ids=[case_id(p, k) for p, k in CASES])
def test_golden_documents_give_the_same_word_xml(path: Path, kind: str) -> None:
    got = part_hashes(path.read_text(encoding="utf-8"), kind)
    expected = json.loads(EXPECTED.read_text()) if EXPECTED.is_file() else {}
    if os.environ.get("POLICYGEN_REGEN"):
        expected[case_id(path, kind)] = got
        EXPECTED.write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    assert got == expected.get(case_id(path, kind)), (
        f"{path.name} ({kind}): the Word XML changed; if intended, regenerate with "
        "POLICYGEN_REGEN=1 and review the documents")


# -- the syntax tree -------------------------------------------------------------------------


def case_id_of_input(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}" if path.parent != GOLDEN else path.stem


@pytest.mark.parametrize("one_pass", [True, False], ids=["one-pass", "fallback"])
@pytest.mark.parametrize("path", sorted({p for p, _ in CASES}), ids=case_id_of_input)
def test_the_tree_is_markdown_its_syntax_tree(path: Path, one_pass: bool,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert mdtree.ONE_PASS  # this markdown-it-py keeps the attributes the one pass sets
    monkeypatch.setattr(mdtree, "ONE_PASS", one_pass)
    tokens = markdown_parser().parse(path.read_text(encoding="utf-8"))
    theirs = SyntaxTreeNode(tokens)
    with mdtree.syntax_tree(tokens) as ours:
        assert ours.pretty(show_text=True) == theirs.pretty(show_text=True)
        assert [n.type for n in ours.walk()] == [n.type for n in theirs.walk()]
        assert all(a is b for a, b in zip(ours.to_tokens(), tokens, strict=True))
        assert all(child.parent is node for node in ours.walk() for child in node.children)
        assert all(isinstance(node, mdtree.Node) for node in ours.walk())
        nodes = list(ours.walk())
    assert not any(node.children for node in nodes)  # taken apart, to be freed at once


def test_an_unbalanced_token_stream_is_not_a_tree() -> None:
    for tokens, problem in (([Token("paragraph_open", "p", 1)], "unclosed"),
                            ([Token("paragraph_close", "p", -1)], "nesting")):
        with pytest.raises(ValueError, match=problem), mdtree.syntax_tree(tokens):
            pass


def test_the_collector_is_paused_only_while_the_tree_lives() -> None:
    tokens = markdown_parser().parse("# T\n\n- a\n")
    assert gc.isenabled()
    with mdtree.syntax_tree(tokens):
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(UnknownNodeError):
        render_body("<p>x</p>\n", parser=MarkdownIt("commonmark", {"html": True}))
    assert gc.isenabled()  # also after a refusal
    gc.disable()
    try:
        with mdtree.syntax_tree(tokens):
            pass
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()


# -- each node type --------------------------------------------------------------------------

STYLES = StyleIds(title="Title", headings=["H1", "H2", "H3"], list_paragraph="ListPara",
                  quote="Quote", table="Grid", hyperlink="Link")
NS = {"w": W_NS, "r": R_NS}


@dataclass
class Body:
    """A rendered body, parsed, with what it asked of the package."""

    root: Any
    result: BodyResult
    links: list[str]

    def paragraphs(self) -> list[Any]:
        return list(self.root.iterfind("w:p", NS))

    def texts(self) -> list[str]:
        return [text_of(p) for p in self.paragraphs()]

    def paragraph(self, text: str) -> Any:
        return next(p for p in self.root.iter(f"{{{W_NS}}}p") if text_of(p) == text)


def text_of(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{{{W_NS}}}t"))


def flags(paragraph: Any) -> set[str]:
    """The names of a paragraph's properties: pStyle=X, keepNext, numPr, ..."""
    names = set()
    for child in paragraph.find("w:pPr", NS) if paragraph.find("w:pPr", NS) is not None else ():
        name = etree.QName(child).localname
        value = child.get(f"{{{W_NS}}}val")
        names.add(f"{name}={value}" if name == "pStyle" else name)
    return names


def run_props(paragraph: Any) -> list[tuple[str, set[str]]]:
    """Each run's text (or <br>) and the names of its properties."""
    out = []
    for r in paragraph.iter(f"{{{W_NS}}}r"):
        rpr = r.find("w:rPr", NS)
        names = {etree.QName(c).localname for c in rpr} if rpr is not None else set()
        text = "<br>" if r.find("w:br", NS) is not None else text_of(r)
        if text:  # markdown-it leaves empty text nodes where emphasis was
            out.append((text, names))
    return out


def render_body(markdown: str, keep_blocks: bool = False, parser: MarkdownIt | None = None,
                page: tuple[int, int] | None = None) -> Body:
    links: list[str] = []

    def link_id(url: str) -> str:
        links.append(url)
        return f"rId{len(links)}"

    tokens = (parser or markdown_parser()).parse(markdown)
    result = BodyRenderer(STYLES, 9000, link_id, 10, keep_blocks, page).render(tokens)
    root = etree.fromstring(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{result.xml}</w:body>')
    return Body(root, result, links)


def test_heading_styles_and_the_contents_list() -> None:
    body = render_body("# Title\n\n# Part\n\n## Section\n\n### Article\n\n#### Sub\n\n"
                       "###### Deep\n\nSetext\n------\n")
    styles = [sorted(f for f in flags(p) if f.startswith("pStyle")) for p in body.paragraphs()]
    assert styles == [["pStyle=Title"], ["pStyle=H1"], ["pStyle=H1"], ["pStyle=H2"],
                      ["pStyle=H3"], ["pStyle=H3"], ["pStyle=H1"]]
    assert body.result.headings == [(1, "Part"), (1, "Section"), (2, "Article"), (3, "Sub"),
                                    (3, "Deep"), (1, "Setext")]  # the title is not listed
    assert all("keepNext" in flags(p) for p in body.paragraphs())


def test_a_heading_with_formatting_lists_its_plain_text() -> None:
    body = render_body("# T\n\n## The *crisis* `team` ![logo](x.png)\n")
    assert body.result.headings == [(1, "The crisis team ")]  # an image shows nothing there
    assert body.texts()[1] == "The crisis team logo"  # in the text, its description


def test_paragraph_keeps_lines_only_after_a_heading() -> None:
    body = render_body("# T\n\nFirst.\n\nSecond.\n")
    assert flags(body.paragraph("First.")) == {"keepLines"}
    assert flags(body.paragraph("Second.")) == set()


def numbering(body: Body) -> list[tuple[str, str, str]]:
    """(text, numId, ilvl) of each numbered paragraph."""
    return [(text_of(p), p.find("w:pPr/w:numPr/w:numId", NS).get(f"{{{W_NS}}}val"),
             p.find("w:pPr/w:numPr/w:ilvl", NS).get(f"{{{W_NS}}}val"))
            for p in body.paragraphs() if "numPr" in flags(p)]


def test_bullet_list_items_are_list_paragraphs_with_bullets() -> None:
    body = render_body("- a\n- b\n  - nested\n")
    assert all("pStyle=ListPara" in flags(p) for p in body.paragraphs())
    assert numbering(body) == [("a", "10", "0"), ("b", "10", "0"), ("nested", "11", "1")]
    assert body.result.lists == [(10, False, 0, 1), (11, False, 1, 1)]


def test_ordered_lists_number_from_their_own_start() -> None:
    body = render_body("3. three\n4. four\n   1. inner\n\ntext\n\n1. again\n")
    assert numbering(body) == [("three", "10", "0"), ("four", "10", "0"), ("inner", "11", "1"),
                       ("again", "12", "0")]
    assert body.result.lists == [(10, True, 0, 3), (11, True, 1, 1), (12, True, 0, 1)]


def test_only_a_list_items_first_paragraph_is_numbered() -> None:
    body = render_body("1. first\n\n   more of it\n2. second\n   - inner\n\n     more\n")
    assert ["numPr" in flags(p) for p in body.paragraphs()] == [True, False, True, True, False]
    indents = [p.find("w:pPr/w:ind", NS) for p in body.paragraphs()]
    assert [i.get(f"{{{W_NS}}}left") for i in indents if i is not None] == ["720", "1080"]


def test_blockquote_paragraphs_take_the_quote_style_and_lists_stay_lists() -> None:
    body = render_body("> Said.\n>\n> - a point\n")
    assert "pStyle=Quote" in flags(body.paragraph("Said."))
    assert "pStyle=ListPara" in flags(body.paragraph("a point"))


def test_an_introduction_keeps_with_its_list_and_a_short_handout_list_stays_whole() -> None:
    markdown = "As follows:\n\n- one\n- two\n- three\n"
    assert "keepNext" in flags(render_body(markdown).paragraph("As follows:"))
    protocol = render_body(markdown)
    # the first item keeps with the second: an introduction never stands with one line below it
    assert [("keepNext" in flags(p)) for p in protocol.paragraphs()[1:]] == [True, False, False]
    handout = render_body(markdown, keep_blocks=True)
    assert [("keepNext" in flags(p)) for p in handout.paragraphs()[1:]] == [True, True, False]
    long = render_body("".join(f"- item {n}\n" for n in range(7)), keep_blocks=True)
    assert not any("keepNext" in flags(p) for p in long.paragraphs())


def test_table_rows_cells_alignment_and_widths() -> None:
    body = render_body("| Left | Centre | Right |\n|:---|:---:|---:|\n| a | b | c |\n| d |\n")
    (table,) = body.root.iterfind("w:tbl", NS)
    assert table.find("w:tblPr/w:tblStyle", NS).get(f"{{{W_NS}}}val") == "Grid"
    rows = table.findall("w:tr", NS)
    assert [[text_of(c) for c in r.findall("w:tc", NS)] for r in rows] == [
        ["Left", "Centre", "Right"], ["a", "b", "c"], ["d", "", ""]]  # a short row is padded
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert rows[1].find("w:trPr/w:tblHeader", NS) is None
    assert all("b" in names for _, names in run_props(rows[0]))  # the header is bold
    aligns = [[p.find("w:pPr/w:jc", NS).get(f"{{{W_NS}}}val")
               if p.find("w:pPr/w:jc", NS) is not None else "" for p in r.iter(f"{{{W_NS}}}p")]
              for r in rows]
    assert aligns == [["", "center", "right"]] * 3
    widths = [int(c.get(f"{{{W_NS}}}w")) for c in table.iterfind("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) == 9000
    # every row of a short table keeps with the next, but the last
    keeps = [r.find("w:tc/w:p/w:pPr/w:keepNext", NS) is not None for r in rows]
    assert keeps == [True, True, False]


def test_hr_breaks_the_page_before_the_next_block_only() -> None:
    body = render_body("---\n\nFirst.\n\n---\n\n---\n\nSecond.\n\n---\n\n| A |\n|---|\n| 1 |\n\n"
                       "---\n")
    assert "pageBreakBefore" not in flags(body.paragraph("First."))  # no blank first page
    assert "pageBreakBefore" in flags(body.paragraph("Second."))
    breaker = body.root.find("w:tbl", NS).getprevious()  # a table: a paragraph breaks for it
    assert text_of(breaker) == "" and "pageBreakBefore" in flags(breaker)
    assert etree.QName(body.root[-1]).localname == "p"  # the spacer; the last rule adds nothing
    assert "pageBreakBefore" not in flags(body.root[-1])


@pytest.mark.parametrize("markdown", ["    x = 1\n      y\n", "```python\nx = 1\n  y\n```\n",
                                      "~~~\nx = 1\n  y\n~~~\n"],
                         ids=["code_block", "fence", "tilde-fence"])
def test_code_is_a_paragraph_per_line_in_a_fixed_font(markdown: str) -> None:
    body = render_body(markdown)
    assert body.texts() == ["x = 1", "  y"]
    assert all(names == {"rFonts"} for p in body.paragraphs() for _, names in run_props(p))


def test_inline_text_breaks_and_escaping() -> None:
    body = render_body('a & <b> "c"\nsoft\\\nhard\n')
    assert run_props(body.paragraphs()[0]) == [('a & <b> "c"', set()), (" ", set()),
                                               ("soft", set()), ("<br>", set()),
                                               ("hard", set())]


def test_inline_strong_em_and_code() -> None:
    body = render_body("**bold *both*** *it* `co*de*` **`bold code`**\n")
    assert run_props(body.paragraphs()[0]) == [
        ("bold ", {"b", "bCs"}), ("both", {"b", "bCs", "i", "iCs"}), (" ", set()),
        ("it", {"i", "iCs"}), (" ", set()), ("co*de*", {"rFonts"}), (" ", set()),
        ("bold code", {"rFonts", "b", "bCs"})]


def test_links_to_the_web_and_mail_are_hyperlinks_others_text() -> None:
    body = render_body("[web](https://example.org/a) [mail](mailto:a@example.org) "
                       "[here](../file.md) <http://example.org/b> [**b** `c`](https://x.org)\n")
    paragraph = body.paragraphs()[0]
    hyperlinks = paragraph.findall("w:hyperlink", NS)
    assert [(h.get(f"{{{R_NS}}}id"), text_of(h)) for h in hyperlinks] == [
        ("rId1", "web"), ("rId2", "mail"), ("rId3", "http://example.org/b"), ("rId4", "b c")]
    assert body.links == ["https://example.org/a", "mailto:a@example.org",
                          "http://example.org/b", "https://x.org"]
    assert ("here", set()) in run_props(paragraph)  # a relative link is plain text
    assert run_props(hyperlinks[3]) == [("b", {"rStyle", "b", "bCs"}), (" ", {"rStyle"}),
                                        ("c", {"rFonts"})]  # code is not link-styled


def test_an_image_prints_its_description() -> None:
    body = render_body("See ![the *ladder* chart](ladder.png) and **![bold](x.png)**.\n")
    assert run_props(body.paragraphs()[0]) == [
        ("See ", set()), ("the ladder chart", set()), (" and ", set()),
        ("bold", {"b", "bCs"}), (".", set())]


A4 = (11906, 1417)  # page width, left margin
CARD_SIDE = "| ✂ {title} | |\n|---|---|\n| Call | +31 6 1234 5678 |\n"


def test_card_sides_in_a_row_fold_and_apart_are_cards_of_their_own() -> None:
    pair = render_body(CARD_SIDE.format(title="Front") + "\n" + CARD_SIDE.format(title="Back"),
                       page=A4)
    (card,) = pair.root.iterfind("w:tbl", NS)
    assert len(card.findall("w:tr/w:tc", NS)) == 2  # front and back side by side
    assert "+31\u00a06\u00a01234\u00a05678" in text_of(card)  # a phone number does not wrap
    apart = render_body(CARD_SIDE.format(title="One") + "\nBetween.\n\n"
                        + CARD_SIDE.format(title="Two"), page=A4)
    assert [len(t.findall("w:tr/w:tc", NS)) for t in apart.root.iterfind("w:tbl", NS)] == [1, 1]
    assert apart.texts()[1] == "Between."  # after the first card and its spacer


# -- what the renderer does not know is refused, not dropped ---------------------------------


@pytest.mark.parametrize(("markdown", "parser", "message"), [
    ("Text.\n\n<div>raw</div>\n", MarkdownIt("commonmark", {"html": True}),
     "the DOCX renderer does not know 'html_block' (line 3 of the Markdown)"),
    ("# T\n\nSome <b>raw</b> text.\n", MarkdownIt("commonmark", {"html": True}),
     "the DOCX renderer does not know 'html_inline' (line 3 of the Markdown)"),
    ("~~gone~~\n", MarkdownIt("commonmark").enable("strikethrough"),
     "the DOCX renderer does not know 's' (line 1 of the Markdown)"),
], ids=["html_block", "html_inline", "s"])
def test_an_unknown_node_type_is_refused(markdown: str, parser: MarkdownIt, message: str) -> None:
    with pytest.raises(UnknownNodeError) as caught:
        render_body(markdown, parser=parser)
    assert str(caught.value) == message
    assert isinstance(caught.value, PolicygenError)


def test_an_unknown_token_in_a_hand_made_stream_is_refused() -> None:
    tokens = [Token("front_matter", "", 0, content="a: 1"), *markdown_parser().parse("Text.\n")]
    renderer = BodyRenderer(STYLES, 9000, lambda url: "rId1", 1)
    with pytest.raises(UnknownNodeError, match=r"^the DOCX renderer does not know 'front_matter'$"):
        renderer.render(tokens)
