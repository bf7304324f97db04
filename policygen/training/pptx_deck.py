"""The deck drawn: every slide of :mod:`slides_deck`, on the pages it needs.

Each page has its title, the accent rule, the organisation's name in the footer, a slide
number and the speaker notes; :mod:`pptx_package` puts the pages into a .pptx.
"""

from __future__ import annotations

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
            fit = _title(slide, title)
            top = fit.body_top
            if isinstance(item, ContentSlide):
                _content(slide, page, top)
            elif isinstance(item, LadderSlide):
                diagrams.draw_ladder(slide, page, top)
            elif isinstance(item, FlowSlide):
                diagrams.draw_flow(slide, page, top)
        _footer(slide, organisation, number)
        draw.notes(slide, item.notes if index == total - 1 or not isinstance(
            item, ContentSlide) else [])
        drawn.append(slide)
    return drawn


def _room(title: str) -> float:
    return BODY_BOTTOM - fit_title(title).body_top


def _pages(item: Slide) -> list[Any]:
    """The pages one slide of the deck takes."""
    if isinstance(item, TitleSlide):
        return [None]
    room = _room(item.title)
    if isinstance(item, ContentSlide):
        return paginate(item.blocks, room, item.size)
    if isinstance(item, LadderSlide):
        return diagrams.ladder_pages(item.steps, room)
    return diagrams.flow_pages(item, room)


def _title(slide: draw.Canvas, title: str) -> Any:
    """The slide's title, in its placeholder, at the size that fits; the rule below it."""
    fit = fit_title(title)
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
    _title(slide, title)
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

        height = sum(text_block_height(TextBlock([Run(line)])) for line in item.lines) \
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
