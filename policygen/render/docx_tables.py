"""An ordinary Markdown table → a Word table: fixed columns sized by their text, header row.

The body renderer collects a table's cells (:class:`Cell`) from its ``thead``/``tbody``/``tr``
nodes; this module lays them out. A row keeps with the next through its paragraphs'
keepNext: the header row always, and every row of a short table, which then moves to the
next page as a whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from markdown_it.tree import SyntaxTreeNode

from policygen.render.docx_runs import plain_text

KEEP_TABLE_ROWS = 6  # a table of up to this many rows (header included) is not split
CHAR_WIDTH = 135  # a wide character at 11 pt (bold headers), in twips
HEADER_SHADE = '<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>'


class Cell(NamedTuple):
    """One table cell: a header cell or not, its inline nodes, its alignment ('' for none)."""

    header: bool
    children: Sequence[SyntaxTreeNode]
    align: str


Row = list[Cell]
Runs = Callable[[Sequence[SyntaxTreeNode], bool], list[str]]  # inline nodes, bold → runs
EMPTY = Cell(False, (), "")  # what a row lacks at its end


def table_xml(rows: Sequence[Row], style: str | None, text_width: int, runs: Runs) -> str:
    """A ``<w:tbl>`` the width of the text, in table style ``style`` (None: no style)."""
    columns = max(len(row) for row in rows)
    widths = column_widths(rows, columns, text_width)
    style_xml = f'<w:tblStyle w:val="{style}"/>' if style else ""
    parts = [
        f"<w:tbl><w:tblPr>{style_xml}<w:tblW w:w=\"{sum(widths)}\" w:type=\"dxa\"/>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    kept = len(rows) <= KEEP_TABLE_ROWS
    for number, row in enumerate(rows, start=1):
        header = bool(row) and row[0].header
        parts.append("<w:tr><w:trPr><w:cantSplit/>"
                     + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
        keep = "<w:keepNext/>" if header or (kept and number < len(rows)) else ""
        shade = HEADER_SHADE if header else ""
        for col in range(columns):
            cell = row[col] if col < len(row) else EMPTY
            jc = {"center": "center", "right": "right"}.get(cell.align.strip(), "")
            jc_xml = f'<w:jc w:val="{jc}"/>' if jc else ""
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{widths[col]}" w:type="dxa"/>{shade}</w:tcPr>'
                f'<w:p><w:pPr>{keep}<w:spacing w:before="40" w:after="40"/>{jc_xml}'
                f"</w:pPr>{''.join(runs(cell.children, header))}</w:p></w:tc>"
            )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def column_widths(rows: Sequence[Row], columns: int, text_width: int) -> list[int]:
    """Widths in twips: each column fits its longest word, the rest goes by text length.

    As in a browser's automatic table layout, what is left over goes to each column in
    proportion to how much longer its longest cell is than its longest word.
    """
    words = [3] * columns
    lengths = [3] * columns
    for row in rows:
        for col, cell in enumerate(row):
            text = plain_text(cell.children)
            lengths[col] = max(lengths[col], min(len(text), 400))
            words[col] = max(words[col], min(max(map(len, text.split()), default=0), 24))
    floors = [w * CHAR_WIDTH + 200 for w in words]
    spare = max(text_width - sum(floors), 0)
    extra = [max(n - w, 0) for n, w in zip(lengths, words, strict=True)]
    total_extra = sum(extra) or 1
    widths = [f + spare * e // total_extra for f, e in zip(floors, extra, strict=True)]
    scale = text_width / sum(widths)
    widths = [int(w * scale) for w in widths]
    widths[-1] += text_width - sum(widths)
    return widths
