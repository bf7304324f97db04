"""The handout as the deck reads it: each clause's Markdown as blocks, in both editions.

The deck shows what the participants read and keeps for the trainer what only the trainer
edition holds (the model answers): each handout clause is rendered in the trainer edition and,
where the participant edition has it, in that edition too; a part of a clause (under a heading)
that only the trainer edition has goes into the speaker notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from policygen.assembly import assemble as assembly
from policygen.clauselib.clause import Clause
from policygen.training.slides_markdown import Block, HeadingBlock, blocks


@dataclass
class Part:
    """A part of a clause: what stands under one of its headings (or before the first)."""

    heading: str | None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class HandoutClause:
    """One handout clause of this organisation, split into its parts."""

    clause: Clause
    section: str
    section_title: str
    title: str
    shown: list[Part]  # in the participant edition too
    trainer_only: list[Part]  # only in the trainer edition: speaker notes

    def all_blocks(self) -> list[Block]:
        """Every block shown to participants, headings included."""
        found: list[Block] = []
        for part in self.shown:
            if part.heading:
                found.append(HeadingBlock(part.heading, 4))
            found += part.blocks
        return found


def handout_clauses(answers: Any, library: Any) -> list[HandoutClause]:
    """The handout's clauses for this organisation, in document order."""
    _, handouts = assembly.select_editions(answers, library, ("trainer", "participant"))
    trainer_sections, trainer_context = handouts["trainer"]
    participant_sections, participant_context = handouts["participant"]
    in_participant = {a.clause.id for s in participant_sections for a in s.articles}
    language = answers.language
    found = []
    for section in trainer_sections:
        for article in section.articles:
            trainer = _parts(article.clause.render(library.env, language, trainer_context))
            if article.clause.id in in_participant:
                participant = _parts(article.clause.render(library.env, language,
                                                           participant_context))
            else:
                participant = []
            headings = {part.heading for part in participant}
            found.append(HandoutClause(
                clause=article.clause, section=section.id, section_title=str(section.title),
                title=str(article.title),
                shown=[p for p in trainer if p.heading in headings],
                trainer_only=[p for p in trainer if p.heading not in headings]))
    return found


def _parts(markdown: str) -> list[Part]:
    """A clause body split at its headings."""
    parts = [Part(None)]
    for block in blocks(markdown):
        if isinstance(block, HeadingBlock):
            parts.append(Part(block.text))
        else:
            parts[-1].blocks.append(block)
    return [part for part in parts if part.blocks or part.heading]
