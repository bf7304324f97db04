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
from collections.abc import Sequence

EQUAL = "equal"
DELETE = "delete"
INSERT = "insert"

Segment = tuple[str, str]  # (op, text)

_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|\s+|[^\w\s]")
_GLUE = re.compile(r"\s+|[^\w\s]")  # what is too small to stand between two changes


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
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    raw: list[Segment] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            raw.append((EQUAL, "".join(old[a1:a2])))
            continue
        if a2 > a1:
            raw.append((DELETE, "".join(old[a1:a2])))
        if b2 > b1:
            raw.append((INSERT, "".join(new[b1:b2])))
    return _merge(_absorb_glue(raw))


def _absorb_glue(segments: list[Segment]) -> list[Segment]:
    """Fold a lone space or punctuation mark between two changes into both sides of them."""
    out: list[Segment] = []
    for index, (op, text) in enumerate(segments):
        changed_before = index > 0 and segments[index - 1][0] != EQUAL
        changed_after = index + 1 < len(segments) and segments[index + 1][0] != EQUAL
        if op == EQUAL and changed_before and changed_after and _GLUE.fullmatch(text):
            out += [(DELETE, text), (INSERT, text)]
        else:
            out.append((op, text))
    return out


def _merge(segments: list[Segment]) -> list[Segment]:
    """One segment per run of the same op; in a changed stretch, all deletions first."""
    out: list[Segment] = []
    stretch: dict[str, list[str]] = {DELETE: [], INSERT: []}

    def flush() -> None:
        for op in (DELETE, INSERT):
            if stretch[op]:
                out.append((op, "".join(stretch[op])))
                stretch[op] = []

    for op, text in segments:
        if not text:
            continue
        if op == EQUAL:
            flush()
            if out and out[-1][0] == EQUAL:
                out[-1] = (EQUAL, out[-1][1] + text)
            else:
                out.append((EQUAL, text))
        else:
            stretch[op].append(text)
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
