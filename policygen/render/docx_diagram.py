"""A table marked ``<!-- diagram: ladder -->`` or ``<!-- diagram: decision -->``, drawn as shapes.

In the Markdown file the marked table stays a table (the comment is hidden by every Markdown
viewer); in Word it becomes a drawing of native shapes: boxes with text and arrows in one
group (DrawingML ``wpg``/``wps``, what Word 2010 and later write), with a VML copy as the
``mc:Fallback`` for readers without it (and for the ECMA-376 schemas, which know only VML).
Black outlines on white or light grey, 10-11 pt text: it prints in black and white.

- ``ladder``: every row is a step, drawn top to bottom as a staircase with an arrow from each
  step to the next. A first cell that is a number is the step's number; the next cell its
  title (bold); every further cell a line "header: value", unless it is empty or a dash.
- ``decision``: columns question | yes | no (the header names the branches). A cell starting
  with ``↓`` goes on to the next row's question; any other cell is an outcome. Every row but
  the last has exactly one ``↓`` cell; the last row has two outcomes (yes to the right, no
  below).

No layout engine measures the text: each box is made tall enough for its lines by a generous
estimate of the letters' width (0.55 em), so a long name wraps inside its box and the box
grows. A drawing that would not fit on a page is left a table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markdown_it.tree import SyntaxTreeNode

from policygen.errors import PolicygenError
from policygen.render.docx_runs import plain_text, run, xml_attr
from policygen.render.docx_tables import EMPTY, Row

DIAGRAM_MARK = re.compile(r"<!--\s*diagram:\s*([a-z_]+)\s*-->")
GO_ON = "\u2193"  # ↓ at the start of a decision cell: on to the next question
NOTHING = ("", "-", "\u2013", "\u2014")  # a ladder cell that says nothing: no line in its box
KINDS = ("ladder", "decision")

EMU_PER_TWIP, EMU_PER_PT = 635, 12700
CM = 360000  # EMU
TEXT_PT, TITLE_PT, LABEL_PT = 10, 11, 9
INSET_X, INSET_Y = 91440, 45720  # a box's inner margins (0.1 in, 0.05 in)
LINE, FILL, SHADE = "000000", "FFFFFF", "EDEDED"
ROW_MIN = 11 * CM // 10  # a decision row: room for its branch label above the arrow
MAX_HEIGHT = 22 * CM  # a drawing taller than this could not fit a page: the table stays
FIRST_ID = 4001  # drawing ids, above those a house style's header picture may use

_NS = {
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
_DECLARE = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _NS.items())

Inline = Sequence[SyntaxTreeNode]
Runs = Callable[[Inline, bool, int], list[str]]  # inline nodes, bold, size (half-points)


class DiagramError(PolicygenError):
    """A diagram marker the library wrote wrongly: an unknown kind, or a table that does not fit."""


@dataclass
class Line:
    """One paragraph in a box: pieces of (inline nodes or plain text, bold), at a size in pt."""

    pieces: list[tuple[Inline | str, bool]]
    size: int = TEXT_PT

    def text(self) -> str:
        """The paragraph's plain text."""
        return "".join(p if isinstance(p, str) else plain_text(p) for p, _ in self.pieces)


@dataclass
class Box:
    """A shape with text, in EMU from the drawing's top left."""

    x: int
    y: int
    w: int
    h: int
    lines: list[Line]
    rounded: bool = False
    fill: str = FILL
    outline: bool = True


@dataclass(frozen=True)
class Arrow:
    """A straight arrow, horizontal or vertical, pointing right or down."""

    x1: int
    y1: int
    x2: int
    y2: int


@dataclass
class Drawing:
    """Boxes and arrows, and the size of the whole."""

    width: int
    height: int
    boxes: list[Box]
    arrows: list[Arrow]


def diagram_kind(text: str) -> str | None:
    """The kind a paragraph marks (``ladder``, ``decision``), or None if it is no marker.

    Raises :class:`DiagramError` for a marker of a kind there is no drawing for.
    """
    match = DIAGRAM_MARK.fullmatch(text.strip())
    if match is None:
        return None
    if match.group(1) not in KINDS:
        raise DiagramError(f"unknown diagram {match.group(1)!r} in '{text.strip()}' "
                           f"(kinds: {', '.join(KINDS)})")
    return match.group(1)


def diagram_xml(kind: str, rows: Sequence[Row], runs: Runs, text_width: int,
                drawing_id: int) -> str | None:
    """A paragraph holding the drawing of ``rows`` as ``kind``; None where it would not fit."""
    width = text_width * EMU_PER_TWIP
    drawing = ladder(rows, width) if kind == "ladder" else decision(rows, width)
    if drawing.height > MAX_HEIGHT:
        return None
    summary = " · ".join(line.text() for box in drawing.boxes for line in box.lines)
    return ('<w:p><w:pPr><w:keepLines/><w:spacing w:before="120" w:after="120"/></w:pPr>'
            f'<w:r><mc:AlternateContent {_DECLARE}><mc:Choice Requires="wpg">'
            f"{_drawingml(drawing, runs, drawing_id, summary)}</mc:Choice><mc:Fallback>"
            f"{_vml(drawing, runs)}</mc:Fallback></mc:AlternateContent></w:r></w:p>")


# -- layout --------------------------------------------------------------------------------


def ladder(rows: Sequence[Row], width: int) -> Drawing:
    """The steps as a staircase of boxes, each a little to the right of the one above."""
    header = [plain_text(cell.children) for cell in rows[0]] if rows and rows[0] \
        and rows[0][0].header else []
    steps = [row for row in rows if row and not row[0].header]
    if not steps:
        raise DiagramError("a ladder diagram needs a table with at least one row")
    box_width = width if len(steps) == 1 else width * 72 // 100
    shift = (width - box_width) // max(len(steps) - 1, 1)
    gap = 45 * CM // 100
    boxes: list[Box] = []
    arrows: list[Arrow] = []
    y = 0
    for index, row in enumerate(steps):
        lines = _step_lines(row, header)
        box = Box(index * shift, y, box_width, _height(lines, box_width), lines,
                  fill=FILL if index % 2 == 0 else SHADE)
        if boxes:
            x = box.x + box_width // 12
            arrows.append(Arrow(x, boxes[-1].y + boxes[-1].h, x, box.y))
        boxes.append(box)
        y += box.h + gap
    return Drawing(width, y - gap, boxes, arrows)


def _step_lines(row: Row, header: list[str]) -> list[Line]:
    cells = list(row)
    number = plain_text(cells[0].children).strip() if len(cells) > 1 else ""
    start = 1 if number.isdigit() else 0
    title: list[tuple[Inline | str, bool]] = [(number + "  ", True)] if start else []
    title.append((cells[start].children, True))
    lines = [Line(title, TITLE_PT)]
    for column, cell in enumerate(cells[start + 1:], start=start + 1):
        if plain_text(cell.children).strip() not in NOTHING:
            label = header[column] if column < len(header) else ""
            lines.append(Line([(label + ": ", False), (cell.children, False)] if label
                              else [(cell.children, False)]))
    return lines


def decision(rows: Sequence[Row], width: int) -> Drawing:
    """Questions down the left, each with its outcome to the right; the last one's below."""
    if not rows or not rows[0] or not rows[0][0].header or len(rows[0]) != 3:
        raise DiagramError("a decision diagram needs a table with the columns question, "
                           "yes and no")
    labels = [plain_text(cell.children) for cell in rows[0][1:]]
    questions = [row for row in rows[1:] if row]
    if not questions:
        raise DiagramError("a decision diagram needs at least one question")
    label_room = max(len(label) for label in labels) * LABEL_PT * 6 * EMU_PER_PT // 10
    gap = max(9 * CM // 10, label_room + 2 * INSET_X)
    left = width * 55 // 100
    right = width - left - gap
    down = 7 * CM // 10
    boxes: list[Box] = []
    arrows: list[Arrow] = []
    y = 0
    for number, row in enumerate(questions, start=1):
        cells = [*row[:3], *[EMPTY] * (3 - len(row))]
        texts = [plain_text(cell.children).strip() for cell in cells]
        last = number == len(questions)
        onward = [i for i in (1, 2) if texts[i].startswith(GO_ON)]
        if (last and onward) or (not last and len(onward) != 1) or not all(texts):
            raise DiagramError(
                f"decision diagram, question {number} ('{texts[0]}'): every question but the "
                f"last goes on with one '{GO_ON}' cell and has one outcome; the last has two "
                "outcomes")
        side = 1 if last else 3 - onward[0]  # the outcome drawn to the right
        question = Line([(cells[0].children, False)])
        outcome = Line([(cells[side].children, True)])
        height = max(_height([question], left), _height([outcome], right), ROW_MIN)
        boxes.append(Box(0, y, left, height, [question]))
        boxes.append(Box(left + gap, y, right, height, [outcome], rounded=True, fill=SHADE))
        middle = y + height // 2
        arrows.append(Arrow(left, middle, left + gap, middle))
        boxes.append(_label(labels[side - 1], left, middle, gap))
        below = 3 - side
        y += height
        if last:  # the other outcome, under the question
            end = Line([(cells[below].children, True)])
            end_height = _height([end], left)
            boxes.append(Box(0, y + down, left, end_height, [end], rounded=True, fill=SHADE))
        arrows.append(Arrow(left // 2, y, left // 2, y + down))
        boxes.append(_label(labels[below - 1], left // 2, y + down // 2, gap, under=True))
        y += down
    return Drawing(width, max(box.y + box.h for box in boxes), boxes, arrows)


def _label(text: str, x: int, y: int, room: int, under: bool = False) -> Box:
    """A branch's label (yes, no) on its arrow: above a right arrow, beside a down one."""
    line = Line([(text, False)], LABEL_PT)
    height = LABEL_PT * EMU_PER_PT * 3 // 2
    if under:
        return Box(x + CM // 10, y - height // 2, room, height, [line], outline=False)
    return Box(x, y - height, room, height, [line], outline=False)


def _height(lines: Sequence[Line], width: int) -> int:
    """A box's height for ``lines`` at ``width``: word-wrapped at 0.55 em a letter."""
    room = width - 2 * INSET_X
    total = 0
    for line in lines:
        letter = line.size * EMU_PER_PT * 55 // 100
        per_line = max(room // letter, 1)
        count, used = 1, 0
        for word in line.text().split():
            if used and used + 1 + len(word) > per_line:
                count, used = count + 1, 0
            if len(word) > per_line:  # a word longer than the line breaks inside it
                count += (used + len(word) - 1) // per_line
                used = (used + len(word)) % per_line or per_line
            else:
                used += len(word) + (1 if used else 0)
        total += count * line.size * EMU_PER_PT * 5 // 4
    return total + 2 * INSET_Y + 4 * EMU_PER_PT


# -- DrawingML (wpg group of wps shapes) --------------------------------------------------


def _paragraphs(box: Box, runs: Runs) -> str:
    """The text of a box as WordprocessingML paragraphs."""
    out = []
    align = "" if box.outline else '<w:jc w:val="center"/>'  # a branch label
    for line in box.lines:
        size = line.size * 2
        pieces = "".join(
            run(piece, bold=bold, size=size) if isinstance(piece, str)
            else "".join(runs(piece, bold, size)) for piece, bold in line.pieces)
        out.append('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" '
                   f'w:lineRule="auto"/>{align}</w:pPr>{pieces}</w:p>')
    return "".join(out)


def _xfrm(x: int, y: int, w: int, h: int) -> str:
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'


def _line_xml(arrow: bool) -> str:
    end = '<a:tailEnd type="triangle" w="med" len="med"/>' if arrow else ""
    return (f'<a:ln w="12700"><a:solidFill><a:srgbClr val="{LINE}"/></a:solidFill>'
            f"{end}</a:ln>")


def _drawingml(drawing: Drawing, runs: Runs, drawing_id: int, summary: str) -> str:
    shapes = []
    for number, box in enumerate(drawing.boxes, start=1):
        geometry = "roundRect" if box.rounded else "rect"
        fill = f'<a:solidFill><a:srgbClr val="{box.fill}"/></a:solidFill>' if box.outline \
            else "<a:noFill/>"
        line = _line_xml(False) if box.outline else "<a:ln><a:noFill/></a:ln>"
        inset = (INSET_X, INSET_Y) if box.outline else (0, 0)
        shapes.append(
            f'<wps:wsp><wps:cNvPr id="{number}" name="Box {number}"/><wps:cNvSpPr/>'
            f'<wps:spPr>{_xfrm(box.x, box.y, box.w, box.h)}<a:prstGeom prst="{geometry}">'
            f"<a:avLst/></a:prstGeom>{fill}{line}</wps:spPr>"
            f"<wps:txbx><w:txbxContent>{_paragraphs(box, runs)}</w:txbxContent></wps:txbx>"
            f'<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="{inset[0]}" '
            f'tIns="{inset[1]}" rIns="{inset[0]}" bIns="{inset[1]}" '
            f'anchor="{"ctr" if box.outline else "t"}" anchorCtr="0"><a:noAutofit/>'
            "</wps:bodyPr></wps:wsp>")
    for number, arrow in enumerate(drawing.arrows, start=len(drawing.boxes) + 1):
        shapes.append(
            f'<wps:wsp><wps:cNvPr id="{number}" name="Arrow {number}"/><wps:cNvCnPr/>'
            f"<wps:spPr>{_xfrm(arrow.x1, arrow.y1, arrow.x2 - arrow.x1, arrow.y2 - arrow.y1)}"
            f'<a:prstGeom prst="straightConnector1"><a:avLst/></a:prstGeom>{_line_xml(True)}'
            "</wps:spPr><wps:bodyPr/></wps:wsp>")
    size = f'cx="{drawing.width}" cy="{drawing.height}"'
    return (
        '<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent {size}/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{drawing_id}" name="Diagram {drawing_id}" descr="{xml_attr(summary)}"/>'
        "<wp:cNvGraphicFramePr/><a:graphic><a:graphicData "
        f'uri="{_NS["wpg"]}"><wpg:wgp><wpg:cNvGrpSpPr/><wpg:grpSpPr><a:xfrm>'
        f'<a:off x="0" y="0"/><a:ext {size}/><a:chOff x="0" y="0"/><a:chExt {size}/>'
        f'</a:xfrm></wpg:grpSpPr>{"".join(shapes)}</wpg:wgp></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing>")


# -- VML, the fallback -------------------------------------------------------------------


def _pt(emu: int) -> str:
    return f"{emu / EMU_PER_PT:.2f}pt"


def _vml(drawing: Drawing, runs: Runs) -> str:
    """The same drawing as a VML group; coordinates in twips."""
    def twips(emu: int) -> int:
        return emu // EMU_PER_TWIP

    shapes = []
    for box in drawing.boxes:
        # square corners: LibreOffice does not wrap the text of a VML rounded rectangle
        look = (f' strokecolor="#{LINE}" strokeweight="1pt" fillcolor="#{box.fill}"'
                if box.outline else ' stroked="f" filled="f"')
        inset = "0.1in,0.05in,0.1in,0.05in" if box.outline else "0,0,0,0"
        align = "v-text-anchor:middle" if box.outline else "v-text-anchor:top"
        shapes.append(
            f'<v:rect style="position:absolute;left:{twips(box.x)};top:{twips(box.y)};'
            f'width:{twips(box.w)};height:{twips(box.h)};{align}"{look}>'
            f'<v:textbox inset="{inset}"><w:txbxContent>{_paragraphs(box, runs)}'
            f"</w:txbxContent></v:textbox></v:rect>")
    for arrow in drawing.arrows:
        shapes.append(
            f'<v:line style="position:absolute" from="{twips(arrow.x1)},{twips(arrow.y1)}" '
            f'to="{twips(arrow.x2)},{twips(arrow.y2)}" strokecolor="#{LINE}" '
            'strokeweight="1pt"><v:stroke endarrow="block"/></v:line>')
    return (f'<w:pict><v:group style="width:{_pt(drawing.width)};'
            f'height:{_pt(drawing.height)}" coordorigin="0,0" '
            f'coordsize="{twips(drawing.width)},{twips(drawing.height)}">'
            f'{"".join(shapes)}</v:group></w:pict>')
