"""The deck drawn: every slide of :mod:`slides_deck`, on the pages it needs.

Each page has its title, the accent rule, the organisation's name in the footer, a slide
number and the speaker notes; :mod:`pptx_package` puts the pages into a .pptx.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from policygen.training import pptx_diagrams as diagrams
from policygen.training import pptx_draw as draw
from policygen.training.pptx_layout import (
    BODY_BOTTOM,
    BODY_SIZE,
    CONTENT_WIDTH,
    FOOTER_SIZE,
    FOOTER_TOP,
    INSET_X,
    INSET_Y,
    MARGIN,
    RULE_GAP,
    SLIDE_HEIGHT,
    SPACE_AFTER,
    TITLE_TOP,
    TablePiece,
    TextGroup,
    TitleFit,
    fit_title,
    paginate,
    text_block_height,
)
from policygen.training.pptx_metrics import LINE_HEIGHT, Run, text_height
from policygen.training.slides_deck import (
    ContentSlide,
    Deck,
    FlowSlide,
    LadderSlide,
    Slide,
    TitleSlide,
)

NUMBER_WIDTH = 80.0
SUBTITLE_SIZE = 36


def draw_deck(built: Deck, organisation: str) -> list[draw.Canvas]:
    """Every page of every slide, drawn."""
    pages: list[tuple[Slide, int, Any]] = []
    for item in built.slides:
        for index, page in enumerate(_pages(item)):
            pages.append((item, index, page))
    counts: dict[int, int] = {}
    for item, _, _ in pages:
        counts[id(item)] = counts.get(id(item), 0) + 1
    drawn = []
    for number, (item, index, page) in enumerate(pages, start=1):
        slide = draw.Canvas()
        total = counts[id(item)]
        title = item.title + (f" ({index + 1}/{total})" if total > 1 else "")
        if isinstance(item, TitleSlide):
            _title_slide(slide, item)
        else:
            fit = _title(slide, title, fit_title(item.title, marked=total > 1))
            top = fit.body_top
            if isinstance(item, ContentSlide):
                _content(slide, page, top)
            elif isinstance(item, LadderSlide):
                diagrams.draw_ladder(slide, page, top)
            elif isinstance(item, FlowSlide):
                diagrams.draw_flow(slide, page, top)
        _footer(slide, organisation, number)
        # notes once: a text slide's on its last page (after the questions they answer),
        # a diagram's on its first
        last = index == total - 1 if isinstance(item, ContentSlide) else index == 0
        draw.notes(slide, item.notes if last else [])
        drawn.append(slide)
    return drawn


def _room(title: str, *, marked: bool = True) -> float:
    return BODY_BOTTOM - fit_title(title, marked=marked).body_top


def _pages(item: Slide) -> list[Any]:
    """The pages one slide of the deck takes, evenly filled when it takes more than one."""
    if isinstance(item, TitleSlide):
        return [None]
    pages: Callable[[float], list[Any]]
    if isinstance(item, ContentSlide):
        blocks, size = item.blocks, item.size
        pages = lambda room: paginate(blocks, room, size)  # noqa: E731
    elif isinstance(item, LadderSlide):
        steps = item.steps
        pages = lambda room: diagrams.ladder_pages(steps, room)  # noqa: E731
    else:
        flow = item
        pages = lambda room: diagrams.flow_pages(flow, room)  # noqa: E731
    single = pages(_room(item.title, marked=False))  # under a title without a page mark
    if len(single) == 1:
        return single
    return _balanced(pages, _room(item.title))


def _balanced(pages: Callable[[float], list[Any]], room: float) -> list[Any]:
    """The pages at the least room that still needs no more of them than ``room`` does.

    Filling each page to the brim leaves the last one nearly empty (four rows and one, a
    ladder's two steps and one); the smallest room for the same number of pages shares the
    content out evenly. Found by halving, to a point.
    """
    best = pages(room)
    if len(best) < 2:
        return best
    shape = _pieces(best)
    low, high = room / len(best), room
    while high - low > 1.0:
        middle = (low + high) / 2
        trial = pages(middle)
        # the same pages, holding the same pieces: nothing cut that a full page keeps whole
        if len(trial) <= len(best) and _pieces(trial) == shape:
            high, best = middle, trial
        else:
            low = middle
    return best


def _pieces(pages: list[Any]) -> tuple[int, int]:
    """How many text blocks, and table rows or other items, the pages hold in all."""
    texts = rows = 0
    for page in pages:
        for item in page:
            if isinstance(item, TextGroup):
                texts += len(item.blocks)
            elif isinstance(item, TablePiece):
                rows += len(item.rows)
            else:
                rows += 1
    return texts, rows


def _title(slide: draw.Canvas, title: str, fit: TitleFit) -> TitleFit:
    """The slide's title, in its placeholder, at the size ``fit`` measured; the rule below it.

    A slide of several pages is measured as its title with room for any page mark, so that
    every page has the same body area as its pagination assumed.
    """
    draw.title(slide, (MARGIN, TITLE_TOP, CONTENT_WIDTH, fit.height),
               [draw.Paragraph([Run(title, bold=True)], fit.size, color=draw.ACCENT)])
    draw.rule(slide, MARGIN, TITLE_TOP + fit.height + RULE_GAP, CONTENT_WIDTH)
    return fit


def _content(slide: draw.Canvas, page: list[Any], top: float) -> None:
    """Text groups and table pieces, one below the other."""
    y = top
    for index, item in enumerate(page):
        if isinstance(item, TextGroup):
            height = item.height()
            draw.text_box(slide, (MARGIN, y, CONTENT_WIDTH, height), [
                draw.Paragraph(b.runs, item.size, b.kind, b.number) for b in item.blocks],
                name=f"Body {index + 1}")
            y += height + SPACE_AFTER
        elif isinstance(item, TablePiece):
            draw.table(slide, MARGIN, y, item.header, item.rows, item.widths, item.heights,
                       BODY_SIZE, f"Table {index + 1}")
            y += item.height() + SPACE_AFTER


def _title_slide(slide: draw.Canvas, item: TitleSlide) -> None:
    """The document, the organisation in large type, then its date, trainer and library."""
    title = item.title
    holder_fit = fit_title(title)
    _title(slide, title, holder_fit)
    y = holder_fit.body_top + 12
    org_runs = [Run(item.organisation, bold=True)]
    org_height = text_height(org_runs, CONTENT_WIDTH - 2 * INSET_X, SUBTITLE_SIZE) \
        + 2 * INSET_Y
    draw.text_box(slide, (MARGIN, y, CONTENT_WIDTH, org_height),
                  [draw.Paragraph(org_runs, SUBTITLE_SIZE)], name="Organisation")
    y += org_height + 18
    blocks = [draw.Paragraph([Run(line)], BODY_SIZE, color=draw.MUTED) for line in item.lines]
    if blocks:
        from policygen.training.slides_markdown import TextBlock

        height = math.fsum(text_block_height(TextBlock([Run(line)])) for line in item.lines) \
            + 2 * INSET_Y
        draw.text_box(slide, (MARGIN, y, CONTENT_WIDTH, height), blocks, name="Details")


def _footer(slide: draw.Canvas, organisation: str, number: int) -> None:
    """The organisation's name at the foot of the slide, and the slide's number."""
    width = CONTENT_WIDTH - NUMBER_WIDTH
    runs = [Run(organisation)]
    height = text_height(runs, width - 2 * INSET_X, FOOTER_SIZE) + 2 * INSET_Y
    size = FOOTER_SIZE if FOOTER_TOP + height <= SLIDE_HEIGHT else 10
    height = text_height(runs, width - 2 * INSET_X, size) + 2 * INSET_Y
    draw.text_box(slide, (MARGIN, FOOTER_TOP, width, height),
                  [draw.Paragraph(runs, size, color=draw.MUTED)], name="Footer")
    draw.text_box(slide, (MARGIN + width, FOOTER_TOP, NUMBER_WIDTH,
                          FOOTER_SIZE * LINE_HEIGHT + 2 * INSET_Y),
                  [draw.Paragraph([Run(str(number))], FOOTER_SIZE, color=draw.MUTED,
                                  align="right")], name="Slide number")
