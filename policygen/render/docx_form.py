"""A table marked ``<!-- form: 6 34 24 14 22 -->``: a form to fill in by hand.

The numbers are the columns' widths in per cent of the text width. Every body row is tall
enough to write or sign in (1 cm), never split across pages, and the header row repeats at the
top of every page the form runs onto (``w:tblHeader``). An attendance list is such a form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markdown_it.tree import SyntaxTreeNode

from policygen.render.docx_diagram import DiagramError
from policygen.render.docx_tables import EMPTY, HEADER_SHADE, Row

FORM_MARK = re.compile(r"<!--\s*form:\s*([0-9 ]+?)\s*-->")
ROW_HEIGHT = 567  # twips: 1 cm, room for a signature

Runs = Callable[[Sequence[SyntaxTreeNode], bool], list[str]]  # inline nodes, bold → runs


def form_columns(text: str) -> list[int] | None:
    """The column widths (per cent) a ``<!-- form: ... -->`` paragraph gives, or None.

    Raises :class:`DiagramError` when the widths are not whole numbers adding up to 100.
    """
    match = FORM_MARK.fullmatch(text.strip())
    if match is None:
        return None
    widths = [int(part) for part in match.group(1).split()]
    if not widths or sum(widths) != 100 or min(widths) <= 0:
        raise DiagramError(f"'{text.strip()}': a form's column widths are per cent of the "
                           "text width, each above 0, adding up to 100")
    return widths


def form_xml(rows: Sequence[Row], percents: Sequence[int], style: str | None,
             text_width: int, runs: Runs) -> str:
    """The ``<w:tbl>`` of a form: fixed columns, a repeated header row, rows to write in."""
    if len(rows[0]) != len(percents):
        raise DiagramError(f"a form table has {len(rows[0])} columns, its marker gives "
                           f"{len(percents)} widths")
    widths = [text_width * p // 100 for p in percents]
    widths[-1] += text_width - sum(widths)
    style_xml = f'<w:tblStyle w:val="{style}"/>' if style else ""
    parts = [f'<w:tbl><w:tblPr>{style_xml}<w:tblW w:w="{text_width}" w:type="dxa"/>'
             '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" '
             'w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
             "</w:tblPr><w:tblGrid>", *(f'<w:gridCol w:w="{w}"/>' for w in widths),
             "</w:tblGrid>"]
    for row in rows:
        header = bool(row) and row[0].header
        height = "" if header else f'<w:trHeight w:val="{ROW_HEIGHT}" w:hRule="atLeast"/>'
        parts.append(f"<w:tr><w:trPr><w:cantSplit/>{height}"
                     + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
        for col, width in enumerate(widths):
            cell = row[col] if col < len(row) else EMPTY
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
                f'{HEADER_SHADE if header else ""}<w:vAlign w:val="center"/></w:tcPr>'
                f'<w:p><w:pPr>{"<w:keepNext/>" if header else ""}'
                '<w:spacing w:before="40" w:after="40"/></w:pPr>'
                f"{''.join(runs(cell.children, header))}</w:p></w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)
