"""Quiz questions: what the body of a quiz clause renders to, parsed into a question.

A quiz clause (``documents: [quiz]``) is an ordinary clause: front matter with a ``when:``,
a Jinja body per language, rendered in the same sandbox and with the same context as the
protocol (its ``cite()`` and ``article()`` included). Its rendered body reads::

    The question (the stem): Markdown, one or more lines
    = the right answer
    ~ a wrong answer
    ~ another wrong answer
    > Why: the rule, ending with the article it rests on (cite('clause.id'))

A true/false statement has the single answer line ``= true`` or ``= false`` and no ``~``
lines. Blank lines are ignored; a line without a marker continues the part above it.

The markers are safe from answer values: a value never spans lines (escaping turns a line break
into a space), and printed at the start of a line it has its ``=``, ``>`` or ``~`` escaped
(:mod:`policygen.language.mdescape`), so a value can never become a marker. Every part is
Markdown with the values escaped; the quiz documents print it as Markdown (``quiz.md``, Word)
or convert it (GIFT), never the other way round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment
from markdown_it import MarkdownIt

from policygen.clauselib.clause import Clause, ClauseRenderError
from policygen.errors import Problem
from policygen.language.mdescape import MarkdownSafe

CHOICE, TRUE_FALSE = "choice", "truefalse"
MAX_OPTIONS = 5  # A-E: more is a puzzle, not a check of understanding
_TRUTH = {"true": True, "false": False}
_SPACE = re.compile(r"\s+")
_INLINE: MarkdownIt | None = None


@dataclass(frozen=True)
class Option:
    """One answer of a multiple-choice question, as Markdown."""

    text: MarkdownSafe
    right: bool


@dataclass(frozen=True)
class Question:
    """A quiz question for one organisation, in one language.

    ``options`` holds a multiple-choice question's answers in the clause's order (none for a
    true/false statement, whose ``truth`` says whether it is true); ``cited`` the protocol
    clauses whose articles the feedback cites.
    """

    clause: Clause
    kind: str
    stem: MarkdownSafe
    options: tuple[Option, ...]
    truth: bool | None
    feedback: MarkdownSafe
    cited: tuple[str, ...]

    @property
    def right(self) -> Option | None:
        """The right answer of a multiple-choice question (none for a statement)."""
        return next((option for option in self.options if option.right), None)


class QuestionFormatError(ValueError):
    """A rendered quiz body that is not a valid question."""


def plain(markdown: str) -> str:
    """The text a reader sees of inline Markdown: no escapes, no emphasis marks."""
    global _INLINE
    if _INLINE is None:
        _INLINE = MarkdownIt("commonmark", {"html": False})
    parts: list[str] = []
    for token in _INLINE.parseInline(markdown):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
    return _SPACE.sub(" ", "".join(parts)).strip()


@dataclass
class _Parts:
    stem: list[str]
    answers: list[tuple[str, list[str]]]  # marker, lines
    feedback: list[str]


def _split(text: str) -> _Parts:
    parts = _Parts([], [], [])
    current: list[str] = parts.stem
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if current is parts.stem and parts.stem and parts.stem[-1]:
                parts.stem.append("")  # a paragraph break in the stem
            continue
        marker, rest = line[:2], line[2:].strip()
        if marker in ("= ", "~ ") or line in ("=", "~"):
            parts.answers.append((line[0], [rest] if rest else []))
            current = parts.answers[-1][1]
        elif marker == "> " or line == ">":
            if rest:
                parts.feedback.append(rest)
            current = parts.feedback
        else:
            current.append(line)
    return parts


def parse(text: str) -> tuple[str, MarkdownSafe, tuple[Option, ...], bool | None, MarkdownSafe]:
    """(kind, stem, options, truth, feedback) of a rendered quiz body.

    Raises :class:`QuestionFormatError` saying what is missing or wrong.
    """
    parts = _split(text)
    stem = "\n".join(parts.stem).strip()
    stem = re.sub(r"\n{2,}", "\n\n", stem)
    if not stem:
        raise QuestionFormatError("no question before the first answer line")
    answers = [(marker, " ".join(lines)) for marker, lines in parts.answers]
    if any(not body for _, body in answers):
        raise QuestionFormatError("an answer line ('= ' or '~ ') is empty")
    right = [body for marker, body in answers if marker == "="]
    wrong = [body for marker, body in answers if marker == "~"]
    feedback = " ".join(parts.feedback)
    if not feedback:
        raise QuestionFormatError("no feedback (a line starting with '> ': why, with the "
                                  "article the rule is in)")
    if len(right) != 1:
        raise QuestionFormatError("no right answer (a line starting with '= ')" if not right
                                  else f"{len(right)} right answers; a question has one '= ' line")
    if right[0] in _TRUTH and not wrong:
        return (TRUE_FALSE, MarkdownSafe(stem), (), _TRUTH[right[0]], MarkdownSafe(feedback))
    if not wrong:
        raise QuestionFormatError("no wrong answer (a line starting with '~ '); a statement "
                                  "has '= true' or '= false'")
    if right[0] in _TRUTH:
        raise QuestionFormatError(f"'= {right[0]}' makes a true/false statement, which takes "
                                  "no '~' answers")
    if len(answers) > MAX_OPTIONS:
        raise QuestionFormatError(f"{len(answers)} answers; at most {MAX_OPTIONS}")
    seen: dict[str, str] = {}
    for _, body in answers:
        key = plain(body).casefold()
        if key in seen:
            raise QuestionFormatError(f"two answers read the same: {plain(body)!r}")
        seen[key] = body
    options = tuple(Option(MarkdownSafe(body), marker == "=") for marker, body in answers)
    return CHOICE, MarkdownSafe(stem), options, None, MarkdownSafe(feedback)


def render(item: Clause, env: ImmutableSandboxedEnvironment, language: str,
           context: dict[str, Any]) -> Question:
    """Render a quiz clause for these answers and parse it into a :class:`Question`.

    ``context`` is the protocol's (with its ``cite``). The feedback must cite at least one
    protocol article through ``cite()``; a body that is no valid question is the clause's
    problem (:class:`ClauseRenderError` with its file and the line its body starts on).
    """
    calls: list[tuple[tuple[str, ...], str]] = []
    cite = context["cite"]

    def recording_cite(*clause_ids: str) -> MarkdownSafe:
        text: MarkdownSafe = cite(*clause_ids)
        calls.append((clause_ids, str(text)))
        return text

    body = item.render(env, language, {**context, "cite": recording_cite})
    try:
        kind, stem, options, truth, feedback = parse(body)
        cited = tuple(dict.fromkeys(i for ids, text in calls if text and text in feedback
                                    for i in ids if context["article"](i)))
        if not cited:
            raise QuestionFormatError(
                "the feedback cites no protocol article: end it with cite('…') of the clause "
                "the question tests, and let the question's when: hold only where that "
                "clause is in the protocol")
    except QuestionFormatError as exc:
        raise ClauseRenderError(Problem(item.source, f"{language} body: not a valid quiz "
                                        f"question: {exc}", line=item.body_lines[language])
                                ) from None
    return Question(item, kind, stem, options, truth, feedback, cited)
