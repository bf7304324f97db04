"""The ladder and the flow go on over as many slides as they need, each filled in order."""

from __future__ import annotations

import math

from policygen.training.pptx_diagrams import (
    FLOW_GAP,
    LADDER_GAP,
    _step_height,
    flow_pages,
    ladder_pages,
)
from policygen.training.slides_deck import FlowSlide, FlowStep, LadderStep

STEPS = [LadderStep(str(n), f"Stap {n}", [("Contact", f"team{n}@example.nl"),
                                          ("Reageert", "binnen 1 uur")]) for n in range(1, 8)]
FLOW = FlowSlide("Denk na voor je post", [
    FlowStep(f"Vraag {n}: zou je dit ook op een poster zetten?", "Niet posten", "nee", "ja")
    for n in range(1, 7)], "Posten")


def test_the_ladder_fills_each_slide_and_keeps_its_order() -> None:
    height = _step_height(STEPS[0])
    room = 3 * height + 2 * LADDER_GAP  # three steps to a slide, exactly
    pages = ladder_pages(STEPS, room)
    assert [[s.number for s in page] for page in pages] == [
        ["1", "2", "3"], ["4", "5", "6"], ["7"]]
    assert ladder_pages(STEPS, 10 * room) == [STEPS]
    assert ladder_pages(STEPS, 1.0) == [[step] for step in STEPS]  # too tall: one a slide
    assert ladder_pages([], room) == [[]]


def test_the_flow_keeps_its_last_question_with_the_end() -> None:
    rows = [row for page in flow_pages(FLOW, math.inf) for row in page]
    assert [row.step for row in rows] == [*FLOW.steps, None]
    tight = flow_pages(FLOW, 1.0)  # every question alone, but the last one with the end
    assert [len(page) for page in tight] == [1, 1, 1, 1, 1, 2]
    room = rows[0].height * 2 + FLOW_GAP
    for page in flow_pages(FLOW, room):
        used = math.fsum(row.height for row in page) + FLOW_GAP * (len(page) - 1)
        assert used <= room + 1e-9 or page[-1].step is None
