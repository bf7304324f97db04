"""The deck as a list of slides, in the order of the trainer's session plan.

Opening (title, why), the rules (one slide per key rule of "what this means for you", and the
response target), who speaks for us, the escalation ladder and what else to do when something
goes wrong, the practice scenarios (model answers in the notes), think before you post (a
decision flow), the tools, the quiz, and the card. The texts are the handout's own where it
has them, the answers', and the wording of ``templates/slides.yaml``; nothing is made up.

One idea to a slide, and no slide saying again what another says: a repetition goes into the
notes of the slide it repeats, and detail a slide has no room for into its own notes, so the
deck fits the session (:func:`slide_budget`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from policygen.assembly.assemble import law_for
from policygen.render.docx_diagram import GO_ON
from policygen.training.pptx_layout import (
    BODY_BOTTOM,
    BODY_SIZE,
    fit_title,
    paginate,
    sentences,
)
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


def slide_budget(session_minutes: int) -> int:
    """The most content slides a session of this length has time for.

    One content slide per 3 minutes of the session: 30 for the default 90 minutes. Not
    counted: the title slide (on screen while people come in) and the scenarios' slides
    (the groups read those while they talk, for a third of the session).
    """
    return session_minutes // 3


@dataclass
class Deck:
    """The slides, and the handout clauses whose content they show."""

    slides: list[Slide]
    clauses: list[tuple[str, str]]


def deck(answers: Any, library: Any, wording: Wording, document_title: str) -> Deck:
    """Every slide of this organisation's deck, one idea to a slide.

    What a slide would only repeat goes into the notes of the slide it repeats: the parts of
    "who speaks for us" that a key rule already says (by the articles they cite), the handout's
    hours paragraph (the response slide says it), the checklist beside the flow, the card's
    back (the key rules again). Text a slide has no room for goes into its notes before the
    slide is split (:func:`_fit`).
    """
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
    rules: list[ContentSlide] = []
    for item in section("for_you"):  # the key rules, large; what introduces them in the notes
        found = _by_lead(item.section_title, item.all_blocks(), size=KEY_RULE_SIZE,
                         bullets=True)
        if len(found) > 1 and found[0].title == item.section_title:
            intro = found.pop(0)
            found[0].notes = [_plain(b) for b in intro.blocks] + found[0].notes
        rules += found
    slides += rules
    response = ContentSlide(wording.text("response", "title"), _lines(wording, "response"))
    slides.append(response)
    for item in section("who_speaks"):
        slides += _merged(_by_lead(item.section_title, item.all_blocks(), bullets=True), rules)
    for item in section("when_wrong"):
        wrong: list[Slide] = list(_with_diagrams(item, wording))
        hours = wrong[-1] if len(wrong) > 1 else None  # the hours, last: the response says it
        if isinstance(hours, ContentSlide) and not _has_table(hours):
            response.notes += _as_notes(hours)
            wrong.pop()
        slides += wrong
    for item in section("scenarios"):
        slides += _scenario(item, wording)
    for item in section("checklist"):
        slides += _with_diagrams(item, wording, rest_to_notes=True)
    for item in section("tools"):
        slides += _by_lead(item.section_title, item.all_blocks())
    slides.append(ContentSlide(wording.text("quiz", "title"), _lines(wording, "quiz"),
                               wording.lines("quiz", "notes")))
    for item in section("quick_card"):
        card: list[Block] = [_card_table(b) for b in item.all_blocks()
                             if isinstance(b, TableBlock)]
        if card:  # the front on the slide; the back (the key rules again) in the notes
            slides.append(ContentSlide(wording.text("card", "title"), card[:1],
                                       wording.lines("card", "notes")
                                       + [_plain(b) for b in card[1:]]))
    clauses = [(p.clause.id, p.clause.version) for p in parts if p in used]
    emergency = law_for(library, answers.data["organisation"]["country"],
                        answers.language).get("emergency_number")
    return Deck([_fit(slide, emergency) for slide in slides], clauses)


_CITATION = re.compile(r"\((?:artikel|artikelen|article|articles) ([^)]*)\)")


def _cited(slide: ContentSlide) -> set[str]:
    """The protocol articles a slide's text cites ("(artikel 3.2 en 9.3)" → 3.2, 9.3)."""
    found: set[str] = set()
    for block in slide.blocks:
        if isinstance(block, TextBlock):
            for match in _CITATION.finditer(block.text):
                found.update(re.findall(r"\d+(?:\.\d+)*", match.group(1)))
    return found


def _has_table(slide: ContentSlide) -> bool:
    return any(isinstance(block, TableBlock) for block in slide.blocks)


def _merged(found: list[ContentSlide], rules: list[ContentSlide]) -> list[ContentSlide]:
    """A section's text slides merged into the notes of what they repeat.

    A text slide whose every cited article a key rule's slide cites too repeats that rule:
    its text goes into the rule's notes. The other text slides go into the notes of the
    section's table slide (its official accounts), when it has one.
    """
    kept: list[ContentSlide] = []
    rest: list[ContentSlide] = []
    for slide in found:
        cited = _cited(slide)
        rule = next((r for r in rules if cited and cited <= _cited(r)), None)
        if rule is not None and not _has_table(slide):
            rule.notes += _as_notes(slide)
        elif _has_table(slide):
            kept.append(slide)
        else:
            rest.append(slide)
    if not kept:
        return rest
    for slide in rest:
        kept[0].notes += _as_notes(slide)
    return kept


def _as_notes(slide: ContentSlide) -> list[str]:
    """A slide's text as lines of notes, its title first."""
    text = " ".join(b.text for b in slide.blocks if isinstance(b, TextBlock))
    joint = " " if slide.title.endswith(("?", "!", ".")) else ": "
    return [slide.title + joint + text if text else slide.title,
            *(_plain(b) for b in slide.blocks if isinstance(b, TableBlock))]


def _fit(slide: Slide, emergency: str | None = None) -> Slide:
    """A content slide that needs more than one page, with its text moved to its notes.

    Text after a table goes first, then text before it, until the slide fits one page;
    the table stays. A slide without a table (a scenario, a key rule) keeps its text, and a
    line that names the emergency number (``law.emergency_number``: "bel eerst 112") stays
    on the slide whatever it costs: it is the one line nobody may have to look up.
    """
    if not isinstance(slide, ContentSlide) or not _has_table(slide):
        return slide

    def movable(block: Block) -> bool:
        return not isinstance(block, TableBlock) and not (
            emergency and re.search(rf"(?<!\d){re.escape(emergency)}(?!\d)", _plain(block)))

    while _page_count(slide) > 1:
        texts = [i for i, b in enumerate(slide.blocks) if movable(b)]
        if not texts:
            break
        last_table = max(i for i, b in enumerate(slide.blocks) if isinstance(b, TableBlock))
        after = [i for i in texts if i > last_table]
        at = after[0] if after else texts[-1]
        moved = slide.blocks.pop(at)
        where = len(slide.notes) if after else 0
        slide.notes.insert(where, _plain(moved))
    return slide


def _page_count(slide: ContentSlide) -> int:
    room = BODY_BOTTOM - fit_title(slide.title, marked=False).body_top
    return len(paginate(slide.blocks, room, slide.size))


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
    if table.diagram == "ladder":  # what a report holds, just after it: in its notes
        while after and isinstance(after[0], TextBlock) and after[0].lead() is None:
            notes.append(_plain(after.pop(0)))
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
    """One slide: the situation, then each part after it (the questions).

    The model answers go in the notes. Too long for one page, it goes on to a second, the
    two filled evenly.
    """
    notes: list[str] = []
    for part in item.trainer_only:
        notes += wording.lines("scenarios", "notes") if part.heading else []
        notes += [_plain(block) for block in part.blocks]
    blocks: list[Block] = []
    for part in item.shown:
        if part.heading:
            blocks.append(TextBlock([Run(part.heading, bold=True)]))
        blocks += part.blocks
    return [ContentSlide(item.title, blocks, notes)] if blocks else []


def _card_table(table: TableBlock) -> TableBlock:
    """A side of the cut-out card as a table, without its scissors."""
    header = [cell.lstrip("✂").strip() for cell in table.header]
    return TableBlock(header, [list(row) for row in table.rows])
