"""The deck's two pictures as native shapes: the escalation ladder and the decision flow.

The flow is "think before you post".
Boxes with dark outlines and dark text on white, solid arrows between them: readable in black
and white print, editable in PowerPoint or Impress, and the text in them is the
organisation's. Each box is as tall as its text's font-metric estimate; steps that do not fit
one slide go on to the next.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeVar

from policygen.training import pptx_draw as draw
from policygen.training.pptx_layout import (
    BODY_BOTTOM,
    BODY_SIZE,
    CONTENT_WIDTH,
    INSET_X,
    INSET_Y,
    MARGIN,
)
from policygen.training.pptx_metrics import LINE_HEIGHT, Run, text_height, text_width
from policygen.training.slides_deck import FlowSlide, FlowStep, LadderStep

NUMBER_WIDTH = 64.0  # the ladder's step number
NUMBER_SIZE = 32
LADDER_GAP = 30.0  # between two steps, where the arrow is
FLOW_ARROW = 90.0  # between a question and its stop
FLOW_GAP = 40.0
LABEL_WIDTH = 80.0

T = TypeVar("T")


def _box_height(paragraphs: list[draw.Paragraph], width: float) -> float:
    inner = width - 2 * INSET_X
    total = math.fsum(text_height(list(p.runs), inner, p.size) for p in paragraphs)
    return total + math.fsum(p.space_after for p in paragraphs[:-1]) + 2 * INSET_Y


def _step_paragraphs(step: LadderStep) -> list[draw.Paragraph]:
    """The step's name, then its details on one line: "Contact: webcare@… · Reageert …"."""
    found = [draw.Paragraph([Run(step.name, bold=True)], BODY_SIZE, space_after=2)]
    runs: list[Run] = []
    for header, value in step.details:
        if runs:
            runs.append(Run("  ·  "))
        runs += [Run(f"{header}: "), Run(value, bold=True)] if header else [Run(value, True)]
    if runs:
        found.append(draw.Paragraph(runs, BODY_SIZE))
    return found


def _step_height(step: LadderStep) -> float:
    """A step's box: its text, and never lower than its number."""
    return max(_box_height(_step_paragraphs(step), CONTENT_WIDTH - NUMBER_WIDTH - 8),
               NUMBER_SIZE * LINE_HEIGHT + 2 * INSET_Y)


def _pages(units: list[tuple[list[T], float]], gap: float, room: float) -> list[list[T]]:
    """Units (items that stay together, with their height), as many to a slide as fit.

    ``room`` points a slide, ``gap`` between two units; a unit taller than that has a slide of
    its own.
    """
    pages: list[list[T]] = [[]]
    used = 0.0
    for items, height in units:
        space = gap if pages[-1] else 0.0
        if pages[-1] and used + space + height > room:
            pages.append([])
            used, space = 0.0, 0.0
        pages[-1].extend(items)
        used += space + height
    return pages


def ladder_pages(steps: list[LadderStep], room: float) -> list[list[LadderStep]]:
    """The steps, as many to a slide as fit ``room`` points."""
    return _pages([([step], _step_height(step)) for step in steps], LADDER_GAP, room)


def draw_ladder(slide: draw.Canvas, steps: list[LadderStep], top: float) -> None:
    """The steps from ``top`` down: a numbered box each, an arrow up the ladder between."""
    left = MARGIN + NUMBER_WIDTH + 8
    width = CONTENT_WIDTH - NUMBER_WIDTH - 8
    y = top
    for index, step in enumerate(steps):
        paragraphs = _step_paragraphs(step)
        height = _step_height(step)
        key = step.number or str(index + 1)
        number = draw.Paragraph([Run(step.number or "•", bold=True)], NUMBER_SIZE, color=draw.WHITE,
                                align="center")
        draw.text_box(slide, (MARGIN, y, NUMBER_WIDTH, height), [number],
                      name=f"Ladder step {key}", fill=draw.ACCENT, line=draw.ACCENT,
                      anchor="middle")
        draw.text_box(slide, (left, y, width, height), paragraphs,
                      name=f"Ladder box {key}", line=draw.TEXT)
        y += height
        if index < len(steps) - 1:
            draw.arrow(slide, (MARGIN + NUMBER_WIDTH / 2 - 14, y + 4, 28, LADDER_GAP - 8),
                       "down", f"Ladder arrow {key}")
            y += LADDER_GAP


def _ask(step: FlowStep | str, *, end: bool = False) -> list[draw.Paragraph]:
    text = step if isinstance(step, str) else step.ask
    return [draw.Paragraph([Run(text, bold=end)], BODY_SIZE,
                           color=draw.WHITE if end else draw.TEXT)]


def _stop(step: FlowStep) -> list[draw.Paragraph]:
    return [draw.Paragraph([Run(step.stop, bold=True)], BODY_SIZE)]


@dataclass(frozen=True)
class _Row:
    """A question with its stop (or, with no step, the end of the flow), and its widths."""

    step: FlowStep | None
    height: float
    ask_width: float
    stop_width: float
    end: str = ""


def _widths(flow: FlowSlide) -> tuple[float, float]:
    """The question and stop columns, shared in proportion to their text (40-60 %)."""
    room = CONTENT_WIDTH - FLOW_ARROW
    asks = math.fsum(text_width(s.ask, BODY_SIZE) for s in flow.steps) + 1
    stops = math.fsum(text_width(s.stop, BODY_SIZE, bold=True) for s in flow.steps) + 1
    share = min(max(asks / (asks + stops), 0.4), 0.6)
    return room * share, room * (1 - share)


def _rows(flow: FlowSlide) -> list[_Row]:
    ask_width, stop_width = _widths(flow)
    rows = [_Row(step, max(_box_height(_ask(step), ask_width),
                           _box_height(_stop(step), stop_width)), ask_width, stop_width)
            for step in flow.steps]
    rows.append(_Row(None, _box_height(_ask(flow.end, end=True), ask_width), ask_width,
                     stop_width, flow.end))
    return rows


def flow_pages(flow: FlowSlide, room: float) -> list[list[_Row]]:
    """The flow's rows (each question with its stop, then the end), as many to a slide as fit.

    The last question stays with the end.
    """
    rows = _rows(flow)
    units = [[row] for row in rows[:-2]] + [rows[-2:]]
    return _pages([(unit, math.fsum(row.height for row in unit) + FLOW_GAP * (len(unit) - 1))
                   for unit in units], FLOW_GAP, room)


def draw_flow(slide: draw.Canvas, rows: list[_Row], top: float) -> None:
    """Questions down the left, each with an arrow to its stop on the right; the end below."""
    y = top
    label_height = BODY_SIZE * LINE_HEIGHT + 2 * INSET_Y
    for index, row in enumerate(rows):
        step = row.step
        stop_left = MARGIN + row.ask_width + FLOW_ARROW
        if step is None:
            draw.text_box(slide, (MARGIN, y, row.ask_width, row.height),
                          _ask(row.end, end=True), name="Flow end", fill=draw.ACCENT,
                          line=draw.ACCENT, anchor="middle")
            break
        ask_height = _box_height(_ask(step), row.ask_width)
        stop_height = _box_height(_stop(step), row.stop_width)
        draw.text_box(slide, (MARGIN, y + (row.height - ask_height) / 2, row.ask_width,
                              ask_height), _ask(step), name=f"Flow question {index + 1}",
                      line=draw.ACCENT, anchor="middle")
        draw.text_box(slide, (stop_left, y + (row.height - stop_height) / 2, row.stop_width,
                              stop_height), _stop(step), name=f"Flow stop {index + 1}",
                      line=draw.TEXT, line_width=4, anchor="middle")
        middle = y + row.height / 2
        draw.text_box(slide, (MARGIN + row.ask_width + 4, middle - label_height - 2,
                              FLOW_ARROW - 8, label_height),
                      [draw.Paragraph([Run(step.stop_label, bold=True)], BODY_SIZE,
                                      align="center")], name=f"Flow label {index + 1}")
        draw.arrow(slide, (MARGIN + row.ask_width + 6, middle, FLOW_ARROW - 12, 18),
                   "right", f"Flow arrow {index + 1}")
        y += row.height
        if index < len(rows) - 1:
            draw.arrow(slide, (MARGIN + 40, y + 3, 26, FLOW_GAP - 6), "down",
                       f"Flow down {index + 1}")
            draw.text_box(slide, (MARGIN + 72, y + (FLOW_GAP - label_height) / 2,
                                  LABEL_WIDTH, label_height),
                          [draw.Paragraph([Run(step.go_label, bold=True)], BODY_SIZE)],
                          name=f"Flow go {index + 1}")
            y += FLOW_GAP


def body_room(top: float) -> float:
    """The height left for a diagram below a title that ends at ``top``."""
    return BODY_BOTTOM - top
