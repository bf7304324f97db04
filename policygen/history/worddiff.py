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


# --- a change in wording only ---------------------------------------------------------------

def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


# What :func:`wording_only` lets change without counting it: punctuation and spacing, a word's
# capitals, and these small words, which carry no rule of their own: articles and
# demonstratives, the organisation speaking of itself ("ons" where it said "Peeze", with the
# verb forms that agree: "Peeze is" → "we zijn", "van Peeze" → "onze") and a filler like "dus".
# Not among them: "je", "zij", "they" and the like (who a rule is for), conjunctions ("en" →
# "of" changes a rule), nor "ook", "wel", "alleen" (what a rule covers).
FUNCTION_WORDS = {
    "nl": _listed("""de het een die dat deze dit we wij ons onze zijn is heeft hebben van
        dus"""),
    "en": _listed("""the a an this that these those we us our ours ourselves is are has have
        of so"""),
}
# never let these change unnoticed, not even moved within a changed stretch: negations and
# modal verbs in either language
PROTECTED_WORDS = _listed("""niet geen nooit niets niemand nergens noch zonder mag mogen
    mocht mochten moet moeten moest moesten hoeft hoeven kan kunnen kon konden zal zullen
    wil willen not no never none nothing nobody nowhere nor without may might must mustn't
    can cannot can't could should shouldn't shall will won't would need needn't don't
    doesn't isn't aren't""")
# the punctuation that only shapes a sentence; any other sign (@ + € % | / #, a digit) is content
_PUNCTUATION = frozenset(".,;:!?()\"'“”‘’«»…–—-")
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def wording_only(segments: Sequence[Segment], language: str,
                 names: Sequence[str] = ()) -> bool:
    """Whether a change is only one of wording for the reader: no rule in it changed.

    True when every changed stretch (its deleted and its inserted text) differs only in
    punctuation, whitespace, capitals, :data:`FUNCTION_WORDS` of ``language`` and the words of
    ``names`` (the organisation's name and short name, with ``'s``): what remains of the two
    sides, in order, is the same. Conservative: a changed stretch holding a number or time, a
    sign such as ``@`` or ``|`` (a contact, a table cell), or a word of
    :data:`PROTECTED_WORDS` (a negation, a modal) is never wording only, nor is any other
    word deleted, inserted or moved.
    """
    small = FUNCTION_WORDS.get(language, frozenset()) | {
        word.lower() for name in names for word in tokens(name) if word[0].isalnum()}
    for deleted, inserted in _stretches(segments):
        old, new = _content_words(deleted, small), _content_words(inserted, small)
        if old is None or new is None or old != new:
            return False
    return True


def _stretches(segments: Sequence[Segment]) -> list[tuple[str, str]]:
    """Each run of changed segments as (its deleted text, its inserted text)."""
    found: list[tuple[str, str]] = []
    deleted = inserted = ""
    for op, text in (*segments, (EQUAL, "")):
        if op == DELETE:
            deleted += text
        elif op == INSERT:
            inserted += text
        elif deleted or inserted:
            found.append((deleted, inserted))
            deleted = inserted = ""
    return found


def _content_words(text: str, small: frozenset[str] | set[str]) -> list[str] | None:
    """The words of ``text`` that carry content, lower-cased; None: it holds a protected one."""
    words = []
    for token in tokens(text):
        if token.isspace() or token in _PUNCTUATION:
            continue
        word = token.lower()
        if not _WORD.fullmatch(word) or any(c.isdigit() for c in word) \
                or word in PROTECTED_WORDS:
            return None
        base = re.sub(r"['’]s$", "", word)
        if word not in small and base not in small:
            words.append(word)
    return words
