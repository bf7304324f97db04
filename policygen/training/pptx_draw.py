"""Drawing on a slide: text boxes, boxes, arrows, tables, the title, as DrawingML elements.

The house style is fixed and plain, for a projector at the back of a room and for black and
white print: dark text on white, one dark accent colour, Calibri, no shadows, no autofit (the
layout has measured every box), borders drawn on every table cell.

Each shape is written with lxml straight into the slide's shape tree (a :class:`Canvas`), in
the markup python-pptx writes for the same calls (``add_textbox``, ``add_shape``,
``add_table`` and the text-frame setters), so that python-pptx reads the deck back as it
would one it drew itself, without the cost of its object model for every run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from policygen.training.pptx_layout import INDENT, INSET_X, INSET_Y, LIST_KINDS, SPACE_AFTER
from policygen.training.pptx_metrics import Run

NAMESPACES = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
FONT = "Calibri"
TEXT, ACCENT, WHITE, MUTED = "1A1A1A", "0B4F8C", "FFFFFF", "404040"  # RGB, as hex
EMU_PER_POINT = 12700
DEFAULT_INSETS = (91440, 91440, 45720, 45720)  # a text body's default l, r, t, b insets, EMU
TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # PowerPoint's default ("Medium 2")
TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
_CONTROL = re.compile(r"([\x00-\x08\x0B-\x1F])")  # escaped as "_x001B_", as Office does
_ANCHORS = {"top": "t", "middle": "ctr", "bottom": "b"}
_ALIGN = {"left": "l", "center": "ctr", "right": "r"}


def qn(tag: str) -> str:
    """``a:off`` as lxml's ``{namespace}off``."""
    prefix, _, name = tag.partition(":")
    return f"{{{NAMESPACES[prefix]}}}{name}"


def emu(points: float) -> int:
    """Points in EMU, rounded down as python-pptx's ``Pt`` does."""
    return int(points * EMU_PER_POINT)


def sub(parent: Any, tag: str, **attributes: str) -> Any:
    """A new child element ``tag`` (``prefix:name``) with ``attributes`` in this order."""
    element = etree.SubElement(parent, qn(tag))
    for key, value in attributes.items():
        element.set(key, value)
    return element


def escaped(text: str) -> str:
    """Text for an ``a:t``: control characters other than tab and newline spelled out."""
    return _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)


class Canvas:
    """One slide's shape tree being drawn, and its speaker notes."""

    def __init__(self) -> None:
        self.slide = etree.fromstring(
            '<p:sld xmlns:a="{a}" xmlns:p="{p}" xmlns:r="{r}"><p:cSld><p:spTree>'
            '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            "<p:grpSpPr/></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>"
            "</p:sld>".format(**NAMESPACES))
        self.tree = self.slide[0][0]
        self.notes: list[str] = []
        self._last_id = 1

    def next_id(self) -> int:
        """The id of the next shape: one more than the last."""
        self._last_id += 1
        return self._last_id

    def xml(self) -> bytes:
        """The slide part, serialised as python-pptx serialises it."""
        data: bytes = etree.tostring(self.slide, encoding="UTF-8", standalone=True)
        return data


@dataclass(frozen=True)
class Paragraph:
    """A paragraph to draw: its runs, size, kind (paragraph, bullet, number …) and colour."""

    runs: Sequence[Run]
    size: float
    kind: str = "paragraph"
    number: int = 0
    color: str = TEXT
    align: str = "left"  # left | center | right
    space_after: float = SPACE_AFTER


def _xfrm(parent: Any, box: tuple[float, float, float, float], tag: str = "a:xfrm") -> Any:
    left, top, width, height = box
    xfrm = sub(parent, tag)
    sub(xfrm, "a:off", x=str(emu(left)), y=str(emu(top)))
    sub(xfrm, "a:ext", cx=str(emu(width)), cy=str(emu(height)))
    return xfrm


def _shape(canvas: Canvas, name: str, *, text_box: bool = False) -> tuple[Any, Any]:
    """A ``p:sp`` with its non-visual properties; returns it and its ``p:spPr``."""
    shape = sub(canvas.tree, "p:sp")
    props = sub(shape, "p:nvSpPr")
    sub(props, "p:cNvPr", id=str(canvas.next_id()), name=name)
    if text_box:
        sub(props, "p:cNvSpPr", txBox="1")
    else:
        sub(props, "p:cNvSpPr")
    sub(props, "p:nvPr")
    return shape, sub(shape, "p:spPr")


def _geometry(shape_props: Any, preset: str) -> None:
    sub(sub(shape_props, "a:prstGeom", prst=preset), "a:avLst")


def _solid(parent: Any, color: str) -> None:
    sub(sub(parent, "a:solidFill"), "a:srgbClr", val=color)


def _body(shape: Any, anchor: str, *, autoshape: bool = False, fixed: bool = True) -> Any:
    """A text body: wrapping, the insets where they are not the default, the anchor.

    An autoshape's body starts as python-pptx's does (``rtlCol``, then its anchor).
    """
    body = sub(shape, "p:txBody")
    props = sub(body, "a:bodyPr", rtlCol="0", anchor="ctr") if autoshape else \
        sub(body, "a:bodyPr")
    props.set("wrap", "square")
    insets = (emu(INSET_X), emu(INSET_X), emu(INSET_Y), emu(INSET_Y))
    for key, value, default in zip(("lIns", "rIns", "tIns", "bIns"), insets, DEFAULT_INSETS,
                                   strict=True):
        if value != default:
            props.set(key, str(value))
    props.set("anchor", _ANCHORS[anchor])
    if fixed:
        sub(props, "a:noAutofit")
    sub(body, "a:lstStyle")
    return body


def text_box(canvas: Canvas, box: tuple[float, float, float, float],
             paragraphs: Sequence[Paragraph], *, name: str, fill: str | None = None,
             line: str | None = None, line_width: float = 2.5, anchor: str = "top") -> Any:
    """A box at (left, top, width, height) points holding ``paragraphs``.

    A rectangle when it has a fill or an outline, else a plain text box.
    """
    if fill is None and line is None:
        shape, props = _shape(canvas, name, text_box=True)
        _xfrm(props, box)
        _geometry(props, "rect")
        sub(props, "a:noFill")
        body = _body(shape, anchor)
    else:
        shape, props = _shape(canvas, name)
        _xfrm(props, box)
        _geometry(props, "rect")
        _outline(props, fill, line, line_width)
        body = _body(shape, anchor, autoshape=True)
    write_paragraphs(body, paragraphs)
    return shape


def _outline(props: Any, fill: str | None, line: str | None, width: float) -> None:
    """Fill and outline as given, and no shadow (it would blur the text)."""
    if fill is None:
        sub(props, "a:noFill")
    else:
        _solid(props, fill)
    if line is None:
        sub(sub(props, "a:ln"), "a:noFill")
    else:
        _solid(sub(props, "a:ln", w=str(emu(width))), line)
    sub(props, "a:effectLst")


def _empty_shape(canvas: Canvas, box: tuple[float, float, float, float], preset: str,
                 color: str, name: str) -> Any:
    """A shape without text in ``color``: the rule below a title, an arrow."""
    shape, props = _shape(canvas, name)
    _xfrm(props, box)
    _geometry(props, preset)
    _outline(props, color, None, 0)
    body = sub(shape, "p:txBody")
    sub(body, "a:bodyPr", rtlCol="0", anchor="ctr")
    sub(body, "a:lstStyle")
    sub(sub(body, "a:p"), "a:pPr", algn="ctr")
    return shape


def arrow(canvas: Canvas, box: tuple[float, float, float, float], direction: str,
          name: str) -> Any:
    """A solid arrow (``down`` or ``right``) in the muted dark colour, without text."""
    preset = {"down": "downArrow", "right": "rightArrow"}[direction]
    return _empty_shape(canvas, box, preset, MUTED, name)


def rule(canvas: Canvas, left: float, top: float, width: float) -> Any:
    """The accent rule below a title."""
    return _empty_shape(canvas, (left, top, width, 3), "rect", ACCENT, "Rule")


def title(canvas: Canvas, box: tuple[float, float, float, float],
          paragraphs: Sequence[Paragraph]) -> Any:
    """The slide's title placeholder, at ``box``, anchored to its bottom."""
    shape = sub(canvas.tree, "p:sp")
    props = sub(shape, "p:nvSpPr")
    sub(props, "p:cNvPr", id=str(canvas.next_id()), name="Title 1")
    sub(sub(props, "p:cNvSpPr"), "a:spLocks", noGrp="1")
    sub(sub(props, "p:nvPr"), "p:ph", type="title")
    _xfrm(sub(shape, "p:spPr"), box)
    write_paragraphs(_body(shape, "bottom", fixed=False), paragraphs)
    return shape


def write_paragraphs(body: Any, paragraphs: Sequence[Paragraph]) -> None:
    """The paragraphs of a text body, each with its spacing, indent, bullet and runs."""
    last = len(paragraphs) - 1
    for index, para in enumerate(paragraphs):
        paragraph = sub(body, "a:p")
        props = sub(paragraph, "a:pPr", algn=_ALIGN.get(para.align, "l"))
        if para.kind in LIST_KINDS:
            props.set("marL", str(emu(INDENT)))
            props.set("indent", "0" if para.kind == "continued" else str(-emu(INDENT)))
        sub(sub(props, "a:lnSpc"), "a:spcPct", val="100000")
        sub(sub(props, "a:spcBef"), "a:spcPts", val="0")
        after = emu(para.space_after) // 127 if index < last else 0  # in centipoints
        sub(sub(props, "a:spcAft"), "a:spcPts", val=str(after))
        if para.kind == "bullet":
            sub(props, "a:buFont", typeface="Arial")
            sub(props, "a:buChar", char="•")
        elif para.kind in LIST_KINDS:
            sub(props, "a:buNone")
        size = str(emu(para.size) // 127)
        italic = "1" if para.kind == "quote" else "0"
        for run in _runs_of(para):
            element = sub(paragraph, "a:r")
            run_props = sub(element, "a:rPr", sz=size, b="1" if run.bold else "0", i=italic)
            _solid(run_props, para.color)
            sub(run_props, "a:latin", typeface=FONT)
            sub(element, "a:t").text = escaped(run.text)


def _runs_of(para: Paragraph) -> list[Run]:
    """The runs to write: a numbered item's number first, then a tab to the indent."""
    runs = list(para.runs)
    if para.kind == "number":
        runs.insert(0, Run(f"{para.number}.\t"))
    return runs


def table(canvas: Canvas, left: float, top: float, header: Sequence[str],
          rows: Sequence[Sequence[str]], widths: Sequence[float], heights: Sequence[float],
          size: float, name: str) -> Any:
    """A table with its header in the accent colour and a dark border on every cell."""
    columns = [emu(width) for width in widths]
    row_heights = [emu(height) for height in heights]
    frame = sub(canvas.tree, "p:graphicFrame")
    props = sub(frame, "p:nvGraphicFramePr")
    sub(props, "p:cNvPr", id=str(canvas.next_id()), name=name)
    sub(sub(props, "p:cNvGraphicFramePr"), "a:graphicFrameLocks", noGrp="1")
    sub(props, "p:nvPr")
    xfrm = sub(frame, "p:xfrm")
    sub(xfrm, "a:off", x=str(emu(left)), y=str(emu(top)))
    sub(xfrm, "a:ext", cx=str(sum(columns)), cy=str(sum(row_heights)))
    data = sub(sub(frame, "a:graphic"), "a:graphicData", uri=TABLE_URI)
    grid = sub(data, "a:tbl")
    sub(sub(grid, "a:tblPr", firstRow="1"), "a:tableStyleId").text = TABLE_STYLE
    columns_element = sub(grid, "a:tblGrid")
    for width in columns:
        sub(columns_element, "a:gridCol", w=str(width))
    margins = {"marL": str(emu(INSET_X)), "marR": str(emu(INSET_X)),
               "marT": str(emu(INSET_Y)), "marB": str(emu(INSET_Y)), "anchor": "t"}
    for r, (cells, height) in enumerate(zip([header, *rows], row_heights, strict=True)):
        row = sub(grid, "a:tr", h=str(height))
        for c in range(len(columns)):
            cell = sub(row, "a:tc")
            body = sub(cell, "a:txBody")
            sub(body, "a:bodyPr", wrap="square")
            sub(body, "a:lstStyle")
            text = cells[c] if c < len(cells) else ""
            write_paragraphs(body, [Paragraph([Run(text, bold=r == 0)], size,
                                              color=WHITE if r == 0 else TEXT)])
            _cell_look(sub(cell, "a:tcPr", **margins), ACCENT if r == 0 else WHITE)
    return frame


def _cell_look(props: Any, fill: str) -> None:
    """Borders on four sides, then the fill: the order the schema wants in ``a:tcPr``."""
    for side in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        _solid(sub(props, side, w=str(emu(1.5))), TEXT)
    _solid(props, fill)


def notes(canvas: Canvas, lines: Sequence[str]) -> None:
    """The speaker notes: one paragraph per line."""
    canvas.notes = list(lines)
