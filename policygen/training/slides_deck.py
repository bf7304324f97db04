"""The deck as a list of slides, in the order of the trainer's session plan.

Opening (title, why), the rules (one slide per key rule of "what this means for you", and the
response target), who speaks for us, the escalation ladder and what else to do when something
goes wrong, the practice scenarios (model answers in the notes), think before you post (a
decision flow), the tools, the quiz, and the card. The texts are the handout's own where it
has them, the answers', and the wording of ``templates/slides.yaml``; nothing is made up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from policygen.render.docx_diagram import GO_ON
from policygen.training.pptx_layout import BODY_SIZE, sentences
from policygen.training.pptx_metrics import Run
from policygen.training.slides_markdown import Block, HeadingBlock, TableBlock, TextBlock
from policygen.training.slides_source import HandoutClause, handout_clauses
from policygen.training.slides_wording import Wording


@dataclass
class TitleSlide:
    """The opening slide: the document, the organisation, its date and library."""

    title: str
    organisation: str
    lines: list[str]
    notes: list[str] = field(default_factory=list)


@dataclass
class ContentSlide:
    """A slide of text blocks and tables (split over several when it does not fit)."""

    title: str
    blocks: list[Block]
    notes: list[str] = field(default_factory=list)
    size: int = BODY_SIZE  # of its text (tables are always at the body size)


@dataclass
class LadderStep:
    """One step of the escalation ladder as its box shows it."""

    number: str  # "" where the table does not number its steps
    name: str
    details: list[tuple[str, str]]  # (column header, value) of every other non-empty cell


@dataclass
class LadderSlide:
    """The escalation ladder as a diagram."""

    title: str
    steps: list[LadderStep]
    notes: list[str] = field(default_factory=list)


@dataclass
class FlowStep:
    """A question of the decision flow: where it stops, and on which answer."""

    ask: str
    stop: str
    stop_label: str  # the answer that leads to the stop ("ja")
    go_label: str  # the answer that goes on to the next question ("nee")


@dataclass
class FlowSlide:
    """The "think before you post" decision flow."""

    title: str
    steps: list[FlowStep]
    end: str
    notes: list[str] = field(default_factory=list)


Slide = TitleSlide | ContentSlide | LadderSlide | FlowSlide
KEY_RULE_SIZE = 28  # a key rule's slide holds little text: larger


@dataclass
class Deck:
    """The slides, and the handout clauses whose content they show."""

    slides: list[Slide]
    clauses: list[tuple[str, str]]


def deck(answers: Any, library: Any, wording: Wording, document_title: str) -> Deck:
    """Every slide of this organisation's deck."""
    parts = handout_clauses(answers, library)
    by_section: dict[str, list[HandoutClause]] = {}
    for part in parts:
        by_section.setdefault(part.section, []).append(part)
    used: list[HandoutClause] = []

    def section(name: str) -> list[HandoutClause]:
        found = by_section.get(name, [])
        used.extend(found)
        return found

    slides: list[Slide] = [_title(answers, wording, document_title, section("session_plan")),
                           ContentSlide(wording.text("why", "title"), _lines(wording, "why"),
                                        wording.lines("why", "notes"))]
    for item in section("for_you"):  # the key rules, large; what introduces them in the notes
        rules = _by_lead(item.section_title, item.all_blocks(), size=KEY_RULE_SIZE,
                         bullets=True)
        if len(rules) > 1 and rules[0].title == item.section_title:
            rules[1].notes = [_plain(b) for b in rules.pop(0).blocks]
        slides += rules
    slides.append(ContentSlide(wording.text("response", "title"), _lines(wording, "response")))
    for item in section("who_speaks"):
        slides += _by_lead(item.section_title, item.all_blocks(), bullets=True)
    for item in section("when_wrong"):
        slides += _with_diagrams(item, wording)
    for item in section("scenarios"):
        slides += _scenario(item, wording)
    for item in section("checklist"):
        slides += _with_diagrams(item, wording, rest_to_notes=True)
    for item in section("tools"):
        slides += _by_lead(item.section_title, item.all_blocks())
    slides.append(ContentSlide(wording.text("quiz", "title"), _lines(wording, "quiz"),
                               wording.lines("quiz", "notes")))
    for item in section("quick_card"):
        card = [_card_table(b) for b in item.all_blocks() if isinstance(b, TableBlock)]
        if card:
            slides.append(ContentSlide(wording.text("card", "title"), list(card),
                                       wording.lines("card", "notes")))
    clauses = [(p.clause.id, p.clause.version) for p in parts if p in used]
    return Deck(slides, clauses)


def _lines(wording: Wording, group: str) -> list[Block]:
    return [TextBlock([Run(line)], "bullet") for line in wording.lines(group, "lines")]


def _title(answers: Any, wording: Wording, document_title: str,
           plan: list[HandoutClause]) -> TitleSlide:
    notes = wording.lines("title", "notes")
    for item in plan:
        for part in item.trainer_only + item.shown:
            notes += [_plain(block) for block in part.blocks]
    return TitleSlide(document_title, answers.data["organisation"]["name"],
                      wording.lines("title", "lines"), notes)


def _plain(block: Block) -> str:
    """A block as one line of speaker notes."""
    if isinstance(block, TableBlock):
        return "\n".join(" · ".join(cell for cell in row if cell) for row in block.rows)
    if isinstance(block, HeadingBlock):
        return block.text
    return ("- " if block.kind in ("bullet", "number") else "") + block.text


def _by_lead(title: str, blocks: list[Block], *, size: int = BODY_SIZE,
             bullets: bool = False) -> list[ContentSlide]:
    """Blocks as slides: a text that opens with a bold sentence starts a slide of its own.

    "**Journalisten.** Krijg je …" becomes a slide titled "Journalisten"; the blocks after it,
    up to the next such text, go on that slide. Text before the first goes on a slide with
    the section's title; a heading starts a slide titled by it. With ``bullets`` the text
    after a bold opening is shown a sentence to a bullet.
    """
    slides: list[ContentSlide] = [ContentSlide(title, [], size=size)]
    for block in blocks:
        lead = block.lead() if isinstance(block, TextBlock) else None
        if lead is not None:
            rest = TextBlock(lead[1])
            slides.append(ContentSlide(lead[0], list(sentences(rest)) if bullets else [rest],
                                       size=size))
        elif isinstance(block, HeadingBlock):
            slides.append(ContentSlide(block.text, [], size=size))
        else:
            slides[-1].blocks.append(block)
    if len(slides) > 1 and not slides[0].blocks:
        slides.pop(0)
    return [slide for slide in slides if slide.blocks]


def _with_diagrams(item: HandoutClause, wording: Wording, *,
                   rest_to_notes: bool = False) -> Sequence[Slide]:
    """A clause with a marked ladder or decision table: the diagram, and the rest around it.

    The text just before the diagram (what introduces it) goes into the diagram's notes;
    with ``rest_to_notes`` everything else does too (the checklist beside the flow).
    """
    blocks = item.all_blocks()
    at = next((i for i, b in enumerate(blocks)
               if isinstance(b, TableBlock) and b.diagram), None)
    if at is None:
        return _by_lead(item.section_title, blocks)
    table = blocks[at]
    if not isinstance(table, TableBlock):
        raise TypeError(table)
    before, after = blocks[:at], blocks[at + 1:]
    intro: list[Block] = []
    while before and isinstance(before[-1], TextBlock) and before[-1].lead() is None:
        intro.insert(0, before.pop())
    notes = [_plain(b) for b in intro]
    if table.diagram == "ladder":
        diagram: Slide | None = _ladder(table, wording.text("ladder", "title"),
                                        notes + wording.lines("ladder", "notes"))
    else:
        notes = notes + wording.lines("flow", "notes")
        if rest_to_notes:
            notes += [_plain(b) for b in before + after]
            before, after = [], []
        diagram = _flow(table, item.section_title, notes)
    if diagram is None:  # not a diagram the deck can draw: a table, as in the handout
        return _by_lead(item.section_title, blocks)
    return [*_by_lead(item.section_title, before), diagram,
            *_by_lead(item.section_title, after)]


def _ladder(table: TableBlock, title: str, notes: list[str]) -> LadderSlide | None:
    """A marked ladder table as steps: a number, the name, then every other cell."""
    steps = []
    for row in table.rows:
        start = 1 if len(row) > 1 and row[0].strip().isdigit() else 0
        if len(row) <= start or not row[start]:
            return None
        details = [(table.header[i] if i < len(table.header) else "", cell)
                   for i, cell in enumerate(row) if i > start and cell]
        steps.append(LadderStep(row[0].strip() if start else "", row[start], details))
    return LadderSlide(title, steps, notes) if steps else None


def _flow(table: TableBlock, title: str, notes: list[str]) -> FlowSlide | None:
    """A marked decision table (question | yes | no) as a flow; None if it is not one.

    A cell starting with ↓ goes on to the next question; the other is where it stops. The
    last question has two outcomes: the yes-side stops, the other ends the flow.
    """
    if len(table.header) != 3 or not table.rows:
        return None
    labels = table.header[1:]
    steps = []
    end = ""
    for number, row in enumerate(table.rows, start=1):
        cells = [*row[:3], *[""] * (3 - len(row))]
        onward = [i for i in (1, 2) if cells[i].startswith(GO_ON)]
        last = number == len(table.rows)
        if not all(cells) or (last and onward) or (not last and len(onward) != 1):
            return None
        stop_side = 1 if last else 3 - onward[0]
        go_side = 3 - stop_side
        steps.append(FlowStep(cells[0], cells[stop_side], labels[stop_side - 1],
                              labels[go_side - 1]))
        if last:
            end = cells[go_side]
    return FlowSlide(title, steps, end, notes)


def _scenario(item: HandoutClause, wording: Wording) -> list[ContentSlide]:
    """The situation, then each part after it (the questions), the model answer in the notes."""
    notes: list[str] = []
    for part in item.trainer_only:
        notes += wording.lines("scenarios", "notes") if part.heading else []
        notes += [_plain(block) for block in part.blocks]
    slides: list[ContentSlide] = []
    for part in item.shown:
        blocks = list(part.blocks)
        if part.heading:
            blocks.insert(0, TextBlock([Run(part.heading, bold=True)]))
        if blocks:
            slides.append(ContentSlide(item.title, blocks))
    if slides:
        slides[-1].notes = notes
    return list(slides)


def _card_table(table: TableBlock) -> TableBlock:
    """A side of the cut-out card as a table, without its scissors."""
    header = [cell.lstrip("✂").strip() for cell in table.header]
    return TableBlock(header, [list(row) for row in table.rows])
