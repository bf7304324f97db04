"""How a word-level diff is shown to a reader: changes in hunks, punctuation with its word.

:mod:`policygen.history.worddiff` finds the changed words; this module shapes them for the
note and the text report of ``policygen changes``: each change with a few unchanged words
around it (close changes merged into one hunk), and a change of punctuation or spaces only
taken together with the word next to it, so that a deleted comma cannot go unseen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from policygen.history import worddiff

CONTEXT_WORDS = 8  # words of unchanged text on either side of a change


@dataclass(frozen=True)
class Hunk:
    """A stretch of changed text with a little unchanged text either side."""

    segments: tuple[worddiff.Segment, ...]
    cut_before: bool  # unchanged text before it was left out
    cut_after: bool


def hunks(segments: Sequence[worddiff.Segment], context: int = CONTEXT_WORDS) -> list[Hunk]:
    """The changes of ``segments``, each with ``context`` words around it; close ones merge."""
    found: list[Hunk] = []
    current: list[worddiff.Segment] | None = None
    before: list[worddiff.Segment] = []  # the unchanged words just before the next change
    cut = False
    for index, (op, text) in enumerate(segments):
        if op != worddiff.EQUAL:
            if current is None:
                current = list(before)
            current.append((op, text))
            continue
        words = _words(text)
        last = index == len(segments) - 1
        if current is not None and not last and len(words) <= 2 * context:
            current.append((op, text))  # a short stretch between two changes: one hunk
            continue
        if current is not None:
            current.append((op, "".join(words[:context])))
            found.append(Hunk(tuple(current), cut, len(words) > context))
            current = None
        before = [(op, "".join(words[-context:]))] if words else []
        cut = len(words) > context
    if current is not None:
        found.append(Hunk(tuple(current), cut, False))
    return found


def _words(text: str) -> list[str]:
    """``text`` as words with their following spaces (joined: the text)."""
    return re.findall(r"\S+\s*|\s+", text)


_TAIL_WORD = re.compile(r"\S+\Z")
_HEAD_WORD = re.compile(r"^\S+")


def widened(segments: Sequence[worddiff.Segment]) -> list[worddiff.Segment]:
    """``segments`` with each change of punctuation or spaces only taken together with its word.

    A deleted comma or an added full stop, marked on its own, is easy to miss; marked with the
    word before it (or after it, at the start of a line) it reads as that word changing:
    ``[weg: collega's,]`` / ``**collega's**``. Both texts stay what they were.
    """
    out = [(op, text) for op, text in segments]
    index = 0
    while index < len(out):
        end = index
        while end < len(out) and out[end][0] != worddiff.EQUAL:
            end += 1
        if end == index:
            index += 1
            continue
        if not any(re.search(r"\w", text) for _, text in out[index:end]):
            index, end = _take_word(out, index, end)
        index = end + 1
    return _joined([segment for segment in out if segment[1]])


def _joined(segments: list[worddiff.Segment]) -> list[worddiff.Segment]:
    """Adjacent changes as one deletion and one insertion (a word taken in can join two)."""
    out: list[worddiff.Segment] = []
    for op, text in segments:
        if op == worddiff.EQUAL or not out or out[-1][0] == worddiff.EQUAL:
            out.append((op, text))
            continue
        start = len(out)
        while start > 0 and out[start - 1][0] != worddiff.EQUAL:
            start -= 1
        change = [*out[start:], (op, text)]
        out[start:] = [(kind, joined) for kind in (worddiff.DELETE, worddiff.INSERT)
                       if (joined := "".join(t for o, t in change if o == kind))]
    return out


def _take_word(out: list[worddiff.Segment], start: int, end: int) -> tuple[int, int]:
    """Move the word next to the change ``out[start:end]`` into both of its sides."""
    before = _TAIL_WORD.search(out[start - 1][1]) if start > 0 else None
    after = _HEAD_WORD.search(out[end][1]) if end < len(out) else None
    change = out[start:end]
    deleted = "".join(text for op, text in change if op == worddiff.DELETE)
    inserted = "".join(text for op, text in change if op == worddiff.INSERT)
    if before is not None:
        word = before.group()
        out[start - 1] = (worddiff.EQUAL, out[start - 1][1][:before.start()])
        deleted, inserted = word + deleted, word + inserted
    elif after is not None:
        word = after.group()
        out[end] = (worddiff.EQUAL, out[end][1][after.end():])
        deleted, inserted = deleted + word, inserted + word
    out[start:end] = [(worddiff.DELETE, deleted), (worddiff.INSERT, inserted)]
    return start, start + 2
