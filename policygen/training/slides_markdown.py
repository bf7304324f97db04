"""The handout's Markdown as blocks a slide can hold: paragraphs, list items, quotes, tables.

A table after ``<!-- diagram: ladder -->`` or ``<!-- diagram: decision -->`` (see
:mod:`policygen.render.docx_diagram`) is marked as that diagram, for the slides to draw.

A slide shows text, not Markdown: the blocks carry plain text runs (bold kept, every escape
undone), so an answer value such as ``{{ 7*7 }}`` or ``<tags>`` comes out exactly as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from policygen.render.docx_diagram import diagram_kind
from policygen.training.pptx_metrics import Run

_PARSER: MarkdownIt | None = None


@dataclass
class TextBlock:
    """A paragraph, a list item (``bullet`` or ``number``) or a quoted paragraph."""

    runs: list[Run]
    kind: str = "paragraph"  # paragraph | bullet | number | quote
    number: int = 0  # an item's number in its numbered list

    @property
    def text(self) -> str:
        """The block's plain text."""
        return "".join(run.text for run in self.runs)

    def lead(self) -> tuple[str, list[Run]] | None:
        """A bold opening sentence ("**Journalisten.** …") and the runs after it, if any."""
        if len(self.runs) < 2 or not self.runs[0].bold:
            return None
        lead = self.runs[0].text.strip()
        if not lead.endswith((".", "?", ":", "!")):
            return None
        rest = list(self.runs[1:])
        rest[0] = Run(rest[0].text.lstrip(), rest[0].bold)
        return lead.rstrip(".:"), rest


@dataclass
class TableBlock:
    """A table: its header cells and its rows, each cell plain text."""

    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    diagram: str | None = None  # marked "<!-- diagram: ladder -->": drawn, not tabled


@dataclass
class HeadingBlock:
    """A heading inside a clause ("Discussievragen")."""

    text: str
    level: int


Block = TextBlock | TableBlock | HeadingBlock


def _parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:
        _PARSER = MarkdownIt("commonmark", {"html": False}).enable("table")
    return _PARSER


def blocks(markdown: str) -> list[Block]:
    """The blocks of a Markdown text, in order; a thematic break or an image is left out."""
    found: list[Block] = []
    lists: list[list[Any]] = []  # the open lists, innermost last: [bullet | number, items]
    quoted = 0
    table: TableBlock | None = None
    row: list[str] | None = None
    heading = 0
    diagram: str | None = None  # the kind the last marker named, for the next table
    for token in _parser().parse(markdown):
        kind = token.type
        if kind == "bullet_list_open":
            lists.append(["bullet", 0])
        elif kind == "ordered_list_open":
            lists.append(["number", int(str(token.attrs.get("start", 1))) - 1])
        elif kind == "list_item_open":
            lists[-1][1] += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "blockquote_open":
            quoted += 1
        elif kind == "blockquote_close":
            quoted -= 1
        elif kind == "heading_open":
            heading = int(token.tag[1:])
        elif kind == "table_open":
            table = TableBlock(header=[], diagram=diagram)
            diagram = None
        elif kind == "table_close" and table is not None:
            found.append(table)
            table = None
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and table is not None and row is not None:
            if table.header:
                table.rows.append(row)
            else:
                table.header = row
            row = None
        elif kind == "inline":
            runs = inline_runs(token)
            if row is not None:
                row.append("".join(run.text for run in runs).strip())
            elif heading:
                found.append(HeadingBlock("".join(run.text for run in runs).strip(), heading))
                heading = 0
            elif (marked := diagram_kind("".join(run.text for run in runs))) is not None:
                diagram = marked
            elif runs:
                where = "quote" if quoted else (lists[-1][0] if lists else "paragraph")
                found.append(TextBlock(runs, where, lists[-1][1] if lists else 0))
    return found


def inline_runs(token: Token) -> list[Run]:
    """The text of an inline token as runs, bold where the Markdown is strong."""
    runs: list[Run] = []
    bold = 0
    for child in token.children or ():
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind in ("text", "code_inline"):
            _add(runs, child.content, bool(bold))
        elif kind in ("softbreak", "hardbreak"):
            _add(runs, " ", bool(bold))
    return runs


def _add(runs: list[Run], text: str, bold: bool) -> None:
    """Append text, joining it to the last run when the style is the same."""
    if runs and runs[-1].bold == bold:
        runs[-1] = Run(runs[-1].text + text, bold)
    elif text:
        runs.append(Run(text, bold))
