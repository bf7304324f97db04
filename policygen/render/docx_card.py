"""The cut-out card: a table headed ``✂`` printed the size of a bank card, to fold in two.

Front and back (two such tables in a row) sit side by side with a fold line between them,
centred on the paper; on paper too narrow for both they are two cards. Each side is exactly
85.6 × 54 mm with a dashed outline to cut along, in the largest type (9.5 pt down to 6 pt) at
which every row fits; a phone number on it does not wrap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from policygen.render.docx_runs import plain_text, run
from policygen.render.docx_tables import Row

CARD_MARK = "\u2702"  # ✂ starts the first header cell of a table that is a cut-out card
CARD_WIDTH, CARD_HEIGHT = 4853, 3061  # ISO/IEC 7810 ID-1 (a bank card): 85.6 × 54 mm in twips
CARD_SIZES = (19, 18, 17, 16, 15, 14, 13, 12)  # text sizes tried, in half-points (9.5-6 pt)
CARD_PADDING = (113, 142, 57)  # cell margins in twips: top 2 mm, sides 2.5 mm, bottom 1 mm
CARD_EDGE = 567  # a folding card keeps 1 cm from the paper's edge (printers' unprintable rim)

Inline = Sequence[SyntaxTreeNode]


@dataclass
class CardSide:
    """One side of a cut-out card: a title and rows of (label, value) inline nodes."""

    title: str
    lines: list[tuple[Inline, Inline]]


Runs = Callable[[Inline, bool, int], list[str]]  # inline nodes, bold, size → runs


def card_side(rows: Sequence[Row]) -> CardSide:
    """One side of a card from its table: the title (the header cells), label/value rows.

    A row's second and later cells make one value, joined by " · ".
    """
    titles = [plain_text(cell.children).removeprefix(CARD_MARK).strip() for cell in rows[0]]
    lines: list[tuple[Inline, Inline]] = []
    for row in rows[1:]:
        if row:
            value: list[SyntaxTreeNode] = []
            for cell in row[1:]:
                if value and cell.children:
                    value.append(_SEPARATOR)
                value.extend(cell.children)
            lines.append((row[0].children, value))
    return CardSide(" · ".join(t for t in titles if t), lines)


_SEPARATOR = SyntaxTreeNode([Token("text", "", 0, content=" · ")], create_root=False)


def card_xml(sides: Sequence[CardSide], runs: Runs, text_width: int,
             page: tuple[int, int] | None = None) -> str:
    """Cards the size of a bank card (85.6 × 54 mm) with a dashed cut line.

    Two sides in a row make one card to fold: front and back side by side, a dotted fold line
    between them, centred on the paper when the page (width, left margin) leaves 1 cm beside
    it; otherwise two cards, one above the other. The rows have an exact height, so the card
    keeps its size whatever it holds; the text takes the largest size at which it fits.
    """
    runs = _keeping_numbers(runs)
    width = 2 * CARD_WIDTH
    if page is not None:
        page_width, left = page
        fold = page_width - 2 * CARD_EDGE >= width
        indent = (page_width - width) // 2 - left
    else:
        fold, indent = text_width >= width, (text_width - width) // 2
    tables = []
    for start in range(0, len(sides), 2):
        pair = list(sides[start:start + 2])
        size = _card_text_size(pair)
        if fold and len(pair) == 2:
            tables.append(_card_table(pair, runs, size, indent))
        else:
            tables.extend(_card_table([side], runs, size, None) for side in pair)
    gap = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="360" '
           'w:lineRule="exact"/></w:pPr></w:p>')
    return gap.join(tables)


def _card_table(sides: list[CardSide], runs: Runs, size: int, indent: int | None) -> str:
    """One card table: a row of exact height, a cell per side; centred where indent is None."""
    border = "".join(f'<w:{edge} w:val="dashed" w:sz="6" w:space="0" w:color="7F7F7F"/>'
                     for edge in ("top", "left", "bottom", "right"))
    if len(sides) > 1:  # the fold
        border += '<w:insideV w:val="dotted" w:sz="6" w:space="0" w:color="7F7F7F"/>'
    place = ('<w:jc w:val="center"/>' if indent is None
             else f'<w:tblInd w:w="{indent}" w:type="dxa"/>')
    top, side, bottom = CARD_PADDING
    cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{CARD_WIDTH}" w:type="dxa"/></w:tcPr>'
                    f"{_card_side_xml(card, runs, size)}</w:tc>" for card in sides)
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{CARD_WIDTH * len(sides)}" w:type="dxa"/>{place}'
            f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            f'<w:tblCellMar><w:top w:w="{top}" w:type="dxa"/><w:left w:w="{side}" '
            f'w:type="dxa"/><w:bottom w:w="{bottom}" w:type="dxa"/><w:right w:w="{side}" '
            'w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" '
            'w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
            "</w:tblPr><w:tblGrid>"
            + f'<w:gridCol w:w="{CARD_WIDTH}"/>' * len(sides)
            + f'</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{CARD_HEIGHT}" '
            f'w:hRule="exact"/></w:trPr>{cells}</w:tr></w:tbl>')


def _card_columns(side: CardSide, size: int) -> tuple[int, int]:
    """The widths of a side's label and value columns at text ``size``, in twips.

    The labels get what their longest label needs, up to half, but never so much that the
    longest word of a value (an e-mail address) would have to break.
    """
    width = CARD_WIDTH - 2 * CARD_PADDING[1]
    longest = max((len(plain_text(label)) for label, _ in side.lines), default=0)
    label = min(max(longest * size * 5 + 100, 300), width // 2)
    label = max(min(label, width - _longest_word(side, 1, size)), _longest_word(side, 0, size))
    return label, width - label


def _longest_word(side: CardSide, column: int, size: int) -> int:
    """The width in twips the longest word of a side's labels (0) or values (1) needs."""
    words = [len(word) for line in side.lines
             for word in plain_text(line[column]).split()]
    return max(words, default=0) * size * 11 // 2 + 100  # 0.55 em a letter, and the margin


def _card_height(side: CardSide, size: int) -> int:
    """A side's height at text ``size``, estimated a little generously (0.5 em a letter)."""
    label_width, value_width = _card_columns(side, size)
    per_line = size * 10 * 6 // 5 + 2  # line height ~1.2 em, plus the row's spacing after
    height = (size + 3) * 12 + 80  # the title, and the space below it
    for label, value in side.lines:
        lines = max(-(-len(plain_text(cell)) * size * 5 // (width - 60))
                    for cell, width in ((label, label_width), (value, value_width)))
        height += max(lines, 1) * per_line + 20
    return height


def _card_text_size(sides: Sequence[CardSide]) -> int:
    """The largest text size (half-points) at which every side fits the card, words whole."""
    room = (CARD_HEIGHT - CARD_PADDING[0] - CARD_PADDING[2]) * 19 // 20
    width = CARD_WIDTH - 2 * CARD_PADDING[1]
    return next((size for size in CARD_SIZES
                 if all(_card_height(side, size) <= room and _longest_word(side, 0, size)
                        + _longest_word(side, 1, size) <= width for side in sides)),
                CARD_SIZES[-1])


def _card_side_xml(side: CardSide, runs: Runs, size: int) -> str:
    """A side's title, then its rows as a borderless table: labels left, values right."""
    spacing = '<w:spacing w:before="0" w:after="20" w:line="228" w:lineRule="auto"/>'
    title = ('<w:p><w:pPr><w:keepNext/><w:spacing w:before="0" w:after="80" w:line="240" '
             'w:lineRule="auto"/></w:pPr>'
             + run(side.title, bold=True, size=size + 3, color="1F3864") + "</w:p>")
    label_width, value_width = _card_columns(side, size)
    rows = "".join(
        f'<w:tr><w:tc><w:tcPr><w:tcW w:w="{label_width}" w:type="dxa"/></w:tcPr>'
        f'<w:p><w:pPr>{spacing}</w:pPr>{"".join(runs(label, True, size))}</w:p></w:tc>'
        f'<w:tc><w:tcPr><w:tcW w:w="{value_width}" w:type="dxa"/></w:tcPr>'
        f'<w:p><w:pPr>{spacing}</w:pPr>{"".join(runs(value, False, size))}</w:p></w:tc></w:tr>'
        for label, value in side.lines)
    table = (f'<w:tbl><w:tblPr><w:tblW w:w="{label_width + value_width}" w:type="dxa"/>'
             "<w:tblBorders>"
             + "".join(f'<w:{edge} w:val="nil"/>' for edge in
                       ("top", "left", "bottom", "right", "insideH", "insideV"))
             + '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" '
             'w:type="dxa"/><w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
             '<w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>'
             f'<w:gridCol w:w="{label_width}"/><w:gridCol w:w="{value_width}"/>'
             f"</w:tblGrid>{rows}</w:tbl>") if rows else ""
    # a cell ends with a paragraph; after a nested table it is as small as can be
    end = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
           "</w:pPr></w:p>")
    return title + table + end


_TEXT_RUN = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")
_PHONE = re.compile(r"\+?\d[\d ]*\d")


def _keeping_numbers(runs: Runs) -> Runs:
    """``runs`` with the spaces inside phone numbers made non-breaking (the card is narrow)."""

    def keeping(children: Inline, bold: bool, size: int) -> list[str]:
        return [_TEXT_RUN.sub(_keep_numbers, piece) for piece in runs(children, bold, size)]

    return keeping


def _keep_numbers(match: re.Match[str]) -> str:
    text = _PHONE.sub(lambda number: number.group(0).replace(" ", "\u00a0"), match.group(2))
    return match.group(1) + text + match.group(3)
