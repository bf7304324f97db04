"""An inline node's runs and a table's XML are remembered by their (shared) tokens, safely.

Runs with a hyperlink carry the package's relationship id, so they are never reused; nor are
the runs of part of an inline node's children (a card's or a diagram's pieces). A table is
remembered only as an ordinary table: a marker before it still makes it a drawing.
"""

from __future__ import annotations

import pytest

from policygen.render import docx_body, docx_runs, mdtree
from policygen.render.docx import markdown_parser
from policygen.render.docx_body import BodyRenderer
from policygen.render.docx_runs import RunRenderer

from .test_docx_body import STYLES


def runs_of(renderer: RunRenderer, markdown: str, bold: bool = False,
            part: slice = slice(None)) -> list[str]:
    """The runs of the first inline node of ``markdown`` (parsed block by block), or a part."""
    with mdtree.syntax_tree(mdtree.parse(markdown_parser(), markdown)) as root:
        inline = next(node for node in root.walk() if node.type == "inline")
        children = inline.children if part == slice(None) else inline.children[part]
        return renderer.runs(children, bold=bold)


@pytest.fixture(autouse=True)
def _empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_runs, "_RUNS", {})


def test_the_runs_of_a_shared_block_are_made_once() -> None:
    renderer = RunRenderer(lambda url: "rId9", None)
    text = "Plain **bold** text.\n"
    first = runs_of(renderer, text)
    assert len(docx_runs._RUNS) == 1
    assert runs_of(renderer, text) == first  # a new tree of the same tokens
    assert len(docx_runs._RUNS) == 1
    assert runs_of(renderer, text, bold=True) != first  # bold is part of what is remembered
    assert len(docx_runs._RUNS) == 2
    returned = runs_of(renderer, text)
    returned.append("<changed/>")  # a caller's list is its own
    assert runs_of(renderer, text) == first


def test_runs_with_a_hyperlink_are_made_each_time() -> None:
    ids = iter(["rId5", "rId6"])
    renderer = RunRenderer(lambda url: next(ids), None)
    text = "See [the site](https://example.nl).\n"
    assert 'r:id="rId5"' in "".join(runs_of(renderer, text))
    assert 'r:id="rId6"' in "".join(runs_of(renderer, text))
    assert not docx_runs._RUNS


def test_part_of_an_inline_node_is_not_remembered() -> None:
    renderer = RunRenderer(lambda url: "rId1", None)
    text = "One *two* three.\n"
    assert runs_of(renderer, text, part=slice(1, None)) == runs_of(renderer, text)[1:]
    assert len(docx_runs._RUNS) == 1  # the whole node's, not the part's


def test_the_remembered_runs_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_runs, "RUNS_REMEMBERED", 5)
    renderer = RunRenderer(lambda url: "rId1", None)
    for number in range(20):
        assert f">Text {number}.<" in "".join(runs_of(renderer, f"Text {number}.\n"))
        assert len(docx_runs._RUNS) <= 5


# -- an ordinary table's XML, remembered by its shared tokens ---------------------------------

TABLE = "| Wie | Wat |\n|---|---|\n| Webcare | reageert |\n| Pers | {link} |\n"


def body_xml(markdown: str) -> str:
    """The body XML of ``markdown`` (parsed block by block), hyperlinks numbered from rId1."""
    links: list[str] = []

    def link_id(url: str) -> str:
        links.append(url)
        return f"rId{len(links)}"

    tokens = mdtree.parse(markdown_parser(), markdown)
    return BodyRenderer(STYLES, 9000, link_id, 1).render(tokens).xml


def test_a_table_is_laid_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_body, "_TABLES", {})
    plain = TABLE.format(link="belt terug")
    first = body_xml(f"Intro:\n\n{plain}")
    assert len(docx_body._TABLES) == 1
    assert body_xml(f"Intro:\n\n{plain}") == first
    # in another place: the paragraph before it still keeps with it, the same table follows
    other = body_xml(f"# Kop\n\nEen ander stuk.\n\nZo werkt het:\n\n{plain}")
    assert "<w:keepNext/>" in other.split("<w:tbl>")[0].rsplit("<w:p>", 1)[1]
    assert other.split("<w:tbl>", 1)[1] == first.split("<w:tbl>", 1)[1]


def test_a_table_with_a_link_is_laid_out_each_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_body, "_TABLES", {})
    linked = TABLE.format(link="[mail](mailto:pers@example.nl)")
    assert 'r:id="rId1"' in body_xml(linked)
    assert 'r:id="rId2"' in body_xml(f"[site](https://example.nl)\n\n{linked}")
    assert not docx_body._TABLES


def test_a_marker_before_a_remembered_table_still_draws_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_body, "_TABLES", {})
    ladder = "| Trede | Wie | Contact |\n|---|---|---|\n| 1 | Webcare | a@example.nl |\n"
    assert "<w:tbl>" in body_xml(ladder)
    assert len(docx_body._TABLES) == 1
    drawn = body_xml(f"<!-- diagram: ladder -->\n\n{ladder}")
    assert "<w:tbl>" not in drawn and "<w:drawing>" in drawn
