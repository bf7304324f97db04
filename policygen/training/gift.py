"""The quiz for Moodle: GIFT, the plain-text format of Moodle's question bank import.

One ``$CATEGORY:`` line, then per question a comment with the clause and article it tests,
``::title::``, the question in ``[html]`` and its answers: ``=right#feedback`` and
``~wrong#feedback``, or ``{TRUE#…#…}`` / ``{FALSE#…#…}`` for a statement (Moodle shows the
first feedback after a wrong answer, the second after a right one). Always with the answers:
that is what Moodle needs.

Texts are Markdown with the answers' values escaped; here they become HTML (markdown-it, raw
HTML off, so ``<`` in a value stays a character) and are then escaped for GIFT: a backslash
before each of ``~ = # { } :`` and before a backslash itself, so a value holding any of them
can never end a question, start an answer or open feedback. Line breaks become spaces (a
blank line would end the question). The file is UTF-8.
"""

from __future__ import annotations

import re

from policygen import __version__
from policygen.clauselib.question import Question
from policygen.render.docx import markdown_parser
from policygen.training.quiz import Quiz, shown

_SPECIAL = re.compile(r"([\\~=#{}:])")
_BREAKS = re.compile(r"\s*\n\s*")
_CATEGORY_UNSAFE = re.compile(r"[\\/~=#{}:\s]+")  # Moodle reads the category line unescaped


def escape(text: str) -> str:
    """Text as GIFT prints it literally: special characters escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", _BREAKS.sub(" ", text).strip())


def html(markdown: str, *, block: bool = False) -> str:
    """Markdown as HTML on one line (a block for a question, inline for an answer)."""
    parser = markdown_parser()
    rendered = parser.render(markdown) if block else parser.renderInline(markdown)
    return _BREAKS.sub(" ", rendered).strip()


def comment(text: str) -> str:
    """A ``//`` comment line (Moodle drops it before it reads the question)."""
    return "// " + _BREAKS.sub(" ", text).strip()


def category(title: str) -> str:
    """The ``$CATEGORY:`` line: the quiz's own category in the course's question bank."""
    return "$CATEGORY: $course$/" + _CATEGORY_UNSAFE.sub(" ", title).strip()


def _answers(quiz: Quiz, item: Question) -> list[str]:
    words = quiz.labels
    why = html(item.feedback)
    right = escape(f"{words['right']} {why}")
    wrong = escape(f"{words['wrong']} {why}")
    if item.truth is not None:  # {TRUE#shown after a wrong answer#shown after a right one}
        return [f"{'TRUE' if item.truth else 'FALSE'}#{wrong}#{right}"]
    return [f"{'=' if option.right else '~'}{escape(html(option.text))}"
            f"#{right if option.right else wrong}" for option in shown(item)]


def question(quiz: Quiz, number: int, item: Question) -> str:
    """One question block (no blank line inside)."""
    cited = ", ".join(a.number for a in quiz.cited(item))
    title = escape(f"{number}. {item.clause.title[quiz.language]}")
    lines = [comment(f"{item.clause.id} {item.clause.version} · {quiz.labels['article']} "
                     f"{cited}"),
             f"::{title}::[html]{escape(html(item.stem, block=True))} {{"]
    lines += ["\t" + answer for answer in _answers(quiz, item)]
    lines.append("}")
    return "\n".join(lines)


def render(quiz: Quiz) -> str:
    """The whole quiz as a GIFT file."""
    head = [comment(quiz.title),
            comment(f"policygen {__version__} · clause library {quiz.library_version}"),
            comment("Moodle: Question bank → Import → GIFT format"),
            "",
            category(quiz.title)]
    blocks = [question(quiz, number, item)
              for number, item in enumerate(quiz.questions, start=1)]
    return "\n".join(head) + "\n\n" + "\n\n".join(blocks) + "\n"
