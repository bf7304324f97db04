"""Where things go on a 16:9 slide, and how content too long for one slide is split.

Pure geometry in points, without python-pptx: every text box is as tall as the font-metric
estimate of its text (:mod:`pptx_metrics`), and content that does not fit the body area goes on
to the next slide: a long paragraph at a sentence (or, failing that, a word), a table between
rows with its header repeated; a table that fits a slide of its own starts one rather than
being split.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from policygen.training.pptx_metrics import LINE_HEIGHT, Run, text_height, text_width
from policygen.training.slides_markdown import Block, TableBlock, TextBlock

SLIDE_WIDTH, SLIDE_HEIGHT = 960.0, 540.0  # 13.33 × 7.5 inches: 16:9
MARGIN = 43.0
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN
TITLE_TOP = 20.0
TITLE_SIZES = (36, 32, 28)  # tried in turn, until the title takes at most two lines
BODY_SIZE = 24
BODY_BOTTOM = 484.0
FOOTER_TOP = 494.0
FOOTER_SIZE = 14
INSET_X, INSET_Y = 7.2, 3.6  # a text box's inner margins
SPACE_AFTER = 10.0  # between paragraphs
INDENT = 36.0  # a list item's hanging indent (room for "10.")
RULE_GAP = 8.0  # between the title and the body, where the accent rule is
LIST_KINDS = ("bullet", "number", "continued")  # continued: the rest of a split list item
PAGE_MARK = " (10/10)"  # measured with every title, should the slide be split


@dataclass(frozen=True)
class TitleFit:
    """A title's size and the height of its box."""

    size: int
    height: float

    @property
    def body_top(self) -> float:
        """Where the body begins below this title."""
        return TITLE_TOP + self.height + RULE_GAP * 2


def fit_title(title: str, width: float = CONTENT_WIDTH, *, marked: bool = True) -> TitleFit:
    """The largest title size at which the title takes at most two lines (else the smallest).

    ``marked``: measured with room for a page mark " (1/2)" after it; a slide that fits one
    page is measured without (its title is printed without), so a mark it never shows does
    not cost it a line of body.
    """
    runs = [Run(title + (PAGE_MARK if marked else ""), bold=True)]
    inner = width - 2 * INSET_X
    for size in TITLE_SIZES:
        height = text_height(runs, inner, size)
        if height <= 2 * size * LINE_HEIGHT or size == TITLE_SIZES[-1]:
            return TitleFit(size, height + 2 * INSET_Y)
    raise AssertionError("unreachable")


def text_block_height(block: TextBlock, width: float = CONTENT_WIDTH,
                      size: float = BODY_SIZE) -> float:
    """The height a paragraph or list item takes in the body, its spacing included."""
    indent = INDENT if block.kind in LIST_KINDS else 0.0
    return text_height(block.runs, width - 2 * INSET_X - indent, size) + SPACE_AFTER


def column_widths(table: TableBlock, width: float = CONTENT_WIDTH) -> list[float]:
    """Column widths: each wide enough for its longest word, the rest shared out.

    The room beyond the longest words goes in proportion to what the columns hold.
    """
    count = max(len(table.header), max((len(row) for row in table.rows), default=0), 1)
    needs, floors = [], []
    for index in range(count):
        cells = [(row[index], row is table.header) for row in [table.header, *table.rows]
                 if index < len(row)]
        needs.append(max((min(text_width(c, BODY_SIZE, bold=b), width) for c, b in cells),
                         default=0.0) + 2 * INSET_X)
        longest = max((text_width(word, BODY_SIZE, bold=b) for c, b in cells
                       for word in c.split()), default=0.0) + 2 * INSET_X + 2
        floors.append(min(longest, width / count * 1.5))
    if math.fsum(floors) > width:
        return [width * f / math.fsum(floors) for f in floors]
    spare = width - math.fsum(floors)
    extra = [max(need - floor, 0.0) for need, floor in zip(needs, floors, strict=True)]
    total = math.fsum(extra)
    if not total:
        return [floor + spare / count for floor in floors]
    return [floor + spare * e / total for floor, e in zip(floors, extra, strict=True)]


def row_height(cells: list[str], widths: list[float], *, bold: bool = False) -> float:
    """A table row's height: its tallest cell."""
    tallest = max((text_height([Run(cell, bold)], w - 2 * INSET_X, BODY_SIZE)
                   for cell, w in zip(cells, widths, strict=False)), default=BODY_SIZE)
    return tallest + 2 * INSET_Y


@dataclass
class TextGroup:
    """Consecutive text blocks in one text box."""

    blocks: list[TextBlock] = field(default_factory=list)
    size: float = BODY_SIZE

    def height(self) -> float:
        """The box's height."""
        return math.fsum(text_block_height(b, size=self.size) for b in self.blocks) + 2 * INSET_Y


@dataclass
class TablePiece:
    """Some rows of a table (its header on every piece), with the widths and heights to use."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float]
    heights: list[float]  # the header's first

    def height(self) -> float:
        """The table's height."""
        return math.fsum(self.heights)


Item = TextGroup | TablePiece


def paginate(blocks: list[Block], room: float,
             size: float = BODY_SIZE) -> list[list[Item]]:
    """The blocks spread over as many slides as they need, ``room`` points of body each.

    Text at ``size`` points; tables always at the body size.
    """
    pages: list[list[Item]] = [[]]
    used = 0.0

    def new_page() -> None:
        nonlocal used
        pages.append([])
        used = 0.0

    def gap() -> float:
        """The space before a new text box or table: none at the top of a slide."""
        return SPACE_AFTER if pages[-1] else 0.0

    def add_text(block: TextBlock) -> None:
        nonlocal used
        height = text_block_height(block, size=size)
        last = pages[-1][-1] if pages[-1] else None
        extra = height if isinstance(last, TextGroup) else height + 2 * INSET_Y + gap()
        if used + extra > room and pages[-1]:
            new_page()
            last, extra = None, height + 2 * INSET_Y
        if not isinstance(last, TextGroup):
            last = TextGroup(size=size)
            pages[-1].append(last)
        last.blocks.append(block)
        used += extra

    for block in blocks:
        if isinstance(block, TextBlock):
            for part in split_text(block, room - 2 * INSET_Y, size):
                add_text(part)
            continue
        if not isinstance(block, TableBlock):
            continue
        widths = column_widths(block)
        head = row_height(block.header, widths, bold=True)
        whole = head + math.fsum(row_height(row, widths) for row in block.rows)
        if pages[-1] and used + gap() + whole > room >= whole:
            new_page()  # a table that fits a slide of its own is not split over two
        piece: TablePiece | None = None
        for row in block.rows:
            height = row_height(row, widths)
            if head + height > room:  # a row taller than a slide: as text, cell by cell
                for cell_head, cell in zip(block.header, row, strict=False):
                    for part in split_text(TextBlock([Run(f"{cell_head}: " if cell_head
                                                          else "", True), Run(cell)]),
                                           room - 2 * INSET_Y):
                        add_text(part)
                piece = None
                continue
            if piece is None or used + height > room:
                if used + gap() + head + height > room and pages[-1]:
                    new_page()
                used += gap() + head
                piece = TablePiece(block.header, [], widths, [head])
                pages[-1].append(piece)
            piece.rows.append(row)
            piece.heights.append(height)
            used += height
    return [page for page in pages if page] or [[]]


_SENTENCE = re.compile(r"(?<=[.!?:;])\s+|(?<=[.!?][\"”’])\s+")
_NEW_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“‘]?[A-Z0-9À-Ý])|(?<=[.!?][\"”’])\s+")


def sentences(block: TextBlock) -> list[TextBlock]:
    """A paragraph as one bullet per sentence.

    A citation "(artikel 5.1)" stays with the sentence before it.
    """
    found: list[list[Run]] = []
    for piece in _pieces(block.runs, _NEW_SENTENCE):
        if found and piece[0].text.startswith("("):
            found[-1] += piece
        else:
            found.append(piece)
    if len(found) < 2:
        return [block]
    return [TextBlock([Run(r.text.rstrip() if i == len(p) - 1 else r.text, r.bold)
                       for i, r in enumerate(p)], "bullet") for p in found]


def split_text(block: TextBlock, room: float, size: float = BODY_SIZE) -> list[TextBlock]:
    """A text block in pieces that each fit ``room``: at sentences, else at words."""
    if text_block_height(block, size=size) <= room:
        return [block]
    words = _pieces(block.runs, _SENTENCE)
    if len(words) == 1:
        words = _pieces(block.runs, re.compile(r"(?<=\S)\s+"))
    found: list[TextBlock] = []
    current: list[Run] = []

    def piece_of(runs: list[Run]) -> TextBlock:
        if not found:
            return TextBlock(runs, block.kind, block.number)
        return TextBlock(runs, "continued" if block.kind in LIST_KINDS else block.kind)

    for piece in words:
        trial = current + piece
        if current and text_block_height(piece_of(trial), size=size) > room:
            found.append(piece_of(current))
            current = list(piece)
        else:
            current = trial
    if current:
        found.append(piece_of(current))
    return found


def _pieces(runs: list[Run], pattern: re.Pattern[str]) -> list[list[Run]]:
    """The runs cut where ``pattern`` matches, each cut keeping its runs' styles."""
    pieces: list[list[Run]] = [[]]
    for run in runs:
        parts = pattern.split(run.text)
        for index, part in enumerate(parts):
            if index:
                pieces.append([])
            if part:
                pieces[-1].append(Run(part + (" " if index < len(parts) - 1 else ""),
                                      run.bold))
    return [piece for piece in pieces if piece]
