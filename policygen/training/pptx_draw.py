"""Drawing on a slide with python-pptx: text boxes, boxes, arrows, tables, notes.

The house style is fixed and plain, for a projector at the back of a room and for black and
white print: dark text on white, one dark accent colour, Calibri, no shadows, no autofit (the
layout has measured every box), borders drawn on every table cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Pt

from policygen.training.pptx_layout import INDENT, INSET_X, INSET_Y, LIST_KINDS, SPACE_AFTER
from policygen.training.pptx_metrics import Run

FONT = "Calibri"
TEXT = RGBColor(0x1A, 0x1A, 0x1A)  # type: ignore[no-untyped-call]
ACCENT = RGBColor(0x0B, 0x4F, 0x8C)  # type: ignore[no-untyped-call]
WHITE = RGBColor(0xFF, 0xFF, 0xFF)  # type: ignore[no-untyped-call]
MUTED = RGBColor(0x40, 0x40, 0x40)  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph to draw: its runs, size, kind (paragraph, bullet, number …) and colour."""

    runs: Sequence[Run]
    size: float
    kind: str = "paragraph"
    number: int = 0
    color: RGBColor = TEXT
    align: str = "left"  # left | center | right
    space_after: float = SPACE_AFTER


def text_box(slide: Any, box: tuple[float, float, float, float],
             paragraphs: Sequence[Paragraph], *, name: str, shape: Any = None,
             fill: RGBColor | None = None, line: RGBColor | None = None,
             line_width: float = 2.5, anchor: str = "top") -> Any:
    """A box at (left, top, width, height) points holding ``paragraphs``.

    A rectangle when it has a fill or an outline, else a plain text box.
    """
    left, top, width, height = (Pt(v) for v in box)
    if shape is None and fill is None and line is None:
        item = slide.shapes.add_textbox(left, top, width, height)
    else:
        item = slide.shapes.add_shape(shape or MSO_SHAPE.RECTANGLE, left, top, width, height)
        _style_shape(item, fill, line, line_width)
    item.name = name
    frame = item.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Pt(INSET_X)
    frame.margin_top = frame.margin_bottom = Pt(INSET_Y)
    frame.vertical_anchor = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE}[anchor]
    write_paragraphs(frame, paragraphs)
    return item


def write_paragraphs(frame: Any, paragraphs: Sequence[Paragraph]) -> None:
    """Fill a text frame (its first, empty paragraph included) with ``paragraphs``."""
    for index, para in enumerate(paragraphs):
        target = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        target.alignment = {"center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}.get(
            para.align, PP_ALIGN.LEFT)
        target.space_after = Pt(para.space_after) if index < len(paragraphs) - 1 else Pt(0)
        target.space_before = Pt(0)
        target.line_spacing = 1.0
        if para.kind in LIST_KINDS:
            _hanging(target, para)
        for run in _runs_of(para):
            added = target.add_run()
            added.text = run.text
            font = added.font
            font.name = FONT
            font.size = Pt(para.size)
            font.bold = run.bold
            font.italic = para.kind == "quote"
            font.color.rgb = para.color


def _runs_of(para: Paragraph) -> list[Run]:
    """The runs to write: a numbered item's number first, then a tab to the indent."""
    runs = list(para.runs)
    if para.kind == "number":
        runs.insert(0, Run(f"{para.number}.\t"))
    return runs


def _hanging(paragraph: Any, para: Paragraph) -> None:
    """A hanging indent, with a bullet character for a bullet item."""
    props = paragraph._p.get_or_add_pPr()
    props.set("marL", str(Pt(INDENT)))
    props.set("indent", str(-Pt(INDENT)))
    for child in list(props):
        if child.tag in (qn("a:buNone"), qn("a:buChar"), qn("a:buFont"), qn("a:buAutoNum")):
            props.remove(child)
    if para.kind == "bullet":
        font = etree.SubElement(props, qn("a:buFont"))
        font.set("typeface", "Arial")
        bullet = etree.SubElement(props, qn("a:buChar"))
        bullet.set("char", "•")
    else:
        etree.SubElement(props, qn("a:buNone"))
        if para.kind == "continued":
            props.set("indent", "0")


def _style_shape(item: Any, fill: RGBColor | None, line: RGBColor | None,
                 width: float) -> None:
    """Fill and outline as given, and no theme style (its shadow would blur the text)."""
    style = item._element.find(qn("p:style"))
    if style is not None:
        item._element.remove(style)
    if fill is None:
        item.fill.background()
    else:
        item.fill.solid()
        item.fill.fore_color.rgb = fill
    if line is None:
        item.line.fill.background()
    else:
        item.line.color.rgb = line
        item.line.width = Pt(width)
    item.shadow.inherit = False


def arrow(slide: Any, box: tuple[float, float, float, float], direction: str,
          name: str) -> Any:
    """A solid arrow (``down`` or ``right``) in the accent colour, without text."""
    shape = {"down": MSO_SHAPE.DOWN_ARROW, "right": MSO_SHAPE.RIGHT_ARROW}[direction]
    item = slide.shapes.add_shape(shape, *(Pt(v) for v in box))
    _style_shape(item, MUTED, None, 0)
    item.name = name
    return item


def rule(slide: Any, left: float, top: float, width: float) -> Any:
    """The accent rule below a title."""
    item = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(left), Pt(top), Pt(width), Pt(3))
    _style_shape(item, ACCENT, None, 0)
    item.name = "Rule"
    return item


def table(slide: Any, left: float, top: float, header: Sequence[str],
          rows: Sequence[Sequence[str]], widths: Sequence[float], heights: Sequence[float],
          size: float, name: str) -> Any:
    """A table with its header in the accent colour and a dark border on every cell."""
    count = len(widths)
    frame = slide.shapes.add_table(len(rows) + 1, count, Pt(left), Pt(top),
                                   Pt(sum(widths)), Pt(sum(heights)))
    frame.name = name
    grid = frame.table
    grid.first_row = True
    grid.horz_banding = False
    for index, width in enumerate(widths):
        grid.columns[index].width = Pt(width)
    for index, height in enumerate(heights):
        grid.rows[index].height = Pt(height)
    for r, cells in enumerate([header, *rows]):
        for c in range(count):
            cell = grid.cell(r, c)
            text = cells[c] if c < len(cells) else ""
            cell.margin_left = cell.margin_right = Pt(INSET_X)
            cell.margin_top = cell.margin_bottom = Pt(INSET_Y)
            cell.vertical_anchor = MSO_ANCHOR.TOP
            frame_ = cell.text_frame
            frame_.word_wrap = True
            write_paragraphs(frame_, [Paragraph([Run(text, bold=r == 0)], size,
                                                color=WHITE if r == 0 else TEXT)])
            _cell_look(cell, ACCENT if r == 0 else WHITE)
    return frame


def _cell_look(cell: Any, fill: RGBColor) -> None:
    """Borders on four sides, then the fill: the order the schema wants in ``a:tcPr``."""
    props = cell._tc.get_or_add_tcPr()
    for child in list(props):
        props.remove(child)
    for side in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        line = etree.SubElement(props, qn(side))
        line.set("w", str(Pt(1.5)))
        solid = etree.SubElement(line, qn("a:solidFill"))
        etree.SubElement(solid, qn("a:srgbClr")).set("val", "1A1A1A")
    solid = etree.SubElement(props, qn("a:solidFill"))
    etree.SubElement(solid, qn("a:srgbClr")).set("val", str(fill))


def notes(slide: Any, lines: Sequence[str]) -> None:
    """The speaker notes: one paragraph per line."""
    if lines:
        slide.notes_slide.notes_text_frame.text = "\n".join(lines)
