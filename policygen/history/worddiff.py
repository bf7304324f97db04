"""A word-level diff: which words of a text were deleted, inserted or kept.

Texts are cut into tokens: words (letters and digits, with inner hyphens and apostrophes:
``HR-manager``, ``don't``), runs of whitespace, and every other character on its own
(punctuation, symbols). :func:`diff` matches the two token sequences with :mod:`difflib` and
returns segments ``(op, text)`` with ``op`` one of :data:`EQUAL`, :data:`DELETE`,
:data:`INSERT`; joining the ``equal`` and ``delete`` texts gives the old text back, the
``equal`` and ``insert`` texts the new one. A single space or punctuation mark that happens to
match between two changed stretches is taken into the change, so a rewritten phrase reads as
one deletion and one insertion, not as a comb of one-word changes.

The same segments drive ``policygen changes`` (the text report and the note for staff) and the
Word redline (``w:del`` / ``w:ins``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

EQUAL = "equal"
DELETE = "delete"
INSERT = "insert"

Segment = tuple[str, str]  # (op, text)
T = TypeVar("T", bound=Hashable)  # a token: a string, or a word with its formatting

_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|\s+|[^\w\s]")
_GLUE = re.compile(r"\s+|[^\w\s]\s*")  # what is too small to stand between two changes
# diff_by_line's words: each with the spaces before it (far fewer tokens to match, no space
# that matches every other space, and a word matches before a comma as before a space)
_WORD_AND_SPACE = re.compile(r"\s*(?:\w+(?:['’\-]\w+)*|[^\w\s])|\s+")


def tokens(text: str) -> list[str]:
    """``text`` cut into words, whitespace runs and single other characters (joined: text)."""
    return _TOKEN.findall(text)


def diff(old: str, new: str) -> list[Segment]:
    """The word-level difference from ``old`` to ``new``, as segments (see the module doc)."""
    return diff_tokens(tokens(old), tokens(new))


def diff_tokens(old: Sequence[str], new: Sequence[str]) -> list[Segment]:
    """The difference between two token sequences (the caller's own tokens, as for runs).

    Within one changed stretch the deletion comes before the insertion; adjacent segments
    never have the same op.
    """
    return [(op, "".join(part)) for op, part in diff_items(old, new, str)]


def diff_items(old: Sequence[T], new: Sequence[T],
               text: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """:func:`diff_tokens` for tokens that carry more than their text: ``(op, tokens)``.

    The Word redline's tokens are a word with its formatting (a word that turned bold has
    changed); they are compared whole, and ``text`` says what each one shows, to tell glue.
    """
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    raw: list[tuple[str, list[T]]] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            raw.append((EQUAL, list(old[a1:a2])))
            continue
        if a2 > a1:
            raw.append((DELETE, list(old[a1:a2])))
        if b2 > b1:
            raw.append((INSERT, list(new[b1:b2])))
    return _merge(_absorb_glue(raw, text))


def _absorb_glue(segments: list[tuple[str, list[T]]],
                 text: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """Fold a lone space or punctuation mark between two changes into both sides of them."""
    out: list[tuple[str, list[T]]] = []
    for index, (op, part) in enumerate(segments):
        changed_before = index > 0 and segments[index - 1][0] != EQUAL
        changed_after = index + 1 < len(segments) and segments[index + 1][0] != EQUAL
        if (op == EQUAL and changed_before and changed_after
                and _GLUE.fullmatch("".join(map(text, part)))):
            out += [(DELETE, part), (INSERT, part)]
        else:
            out.append((op, part))
    return out


def _merge(segments: list[tuple[str, list[T]]]) -> list[tuple[str, list[T]]]:
    """One segment per run of the same op; in a changed stretch, all deletions first."""
    out: list[tuple[str, list[T]]] = []
    stretch: dict[str, list[T]] = {DELETE: [], INSERT: []}

    def flush() -> None:
        for op in (DELETE, INSERT):
            if stretch[op]:
                out.append((op, stretch[op]))
                stretch[op] = []

    for op, part in segments:
        if not part:
            continue
        if op == EQUAL:
            flush()
            if out and out[-1][0] == EQUAL:
                out[-1] = (EQUAL, out[-1][1] + part)
            else:
                out.append((EQUAL, list(part)))
        else:
            stretch[op] = stretch[op] + part
    flush()
    return out


def old_text(segments: Sequence[Segment]) -> str:
    """The text before the change."""
    return "".join(text for op, text in segments if op != INSERT)


def new_text(segments: Sequence[Segment]) -> str:
    """The text after the change."""
    return "".join(text for op, text in segments if op != DELETE)


def changed(segments: Sequence[Segment]) -> bool:
    """Whether anything was deleted or inserted."""
    return any(op != EQUAL for op, _ in segments)


def diff_by_line(old: str, new: str) -> list[Segment]:
    """:func:`diff` for long texts: lines (paragraphs) matched first, then words in changed lines.

    The same kind of segments, many times faster: most paragraphs of a clause or a document
    are unchanged, and in a changed one each word is matched with the spaces before it. A
    changed stretch never reaches across an unchanged line.
    """
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    raw: list[Segment] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            raw.append((EQUAL, "".join(old_lines[a1:a2])))
        else:
            raw += diff_tokens(_WORD_AND_SPACE.findall("".join(old_lines[a1:a2])),
                               _WORD_AND_SPACE.findall("".join(new_lines[b1:b2])))
    return [(op, "".join(part)) for op, part in _merge([(op, [text]) for op, text in raw])]
