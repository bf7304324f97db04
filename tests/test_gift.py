"""quiz.gift: parsed by a small GIFT reader written after Moodle's (qformat_gift), with hostile
answer values that hold every character GIFT gives a meaning (answers are single lines, so
line breaks are tried on the escaping itself)."""

from __future__ import annotations

import copy
import html as html_module
import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from policygen.answers import schema as answers_schema
from policygen.answers.schema import Answers
from policygen.clauselib.library import ClauseLibrary
from policygen.training import gift
from policygen.training.quiz import build_quiz

from .conftest import PEEZE

# Moodle replaces escaped characters by placeholders before it reads a question, and back after
_ESCAPES = {"\\:": "\x01058", "\\#": "\x01035", "\\=": "\x01061", "\\{": "\x01123",
            "\\}": "\x01125", "\\~": "\x01126", "\\n": "\x01010"}
_BACK = {"\x01058": ":", "\x01035": "#", "\x01061": "=", "\x01123": "{", "\x01125": "}",
         "\x01126": "~", "\x01010": "\n"}


def _pre(text: str) -> str:
    text = text.replace("\\\\", "\x02")
    for escaped, place in _ESCAPES.items():
        text = text.replace(escaped, place)
    return text.replace("\x02", "\\")


def _post(text: str) -> str:
    for place, char in _BACK.items():
        text = text.replace(place, char)
    return text


def _shown(text: str) -> str:
    """What a reader sees of an [html] text: tags dropped, entities read."""
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", "", text))).strip()


@dataclass
class GiftQuestion:
    title: str
    text: str
    kind: str  # multichoice or truefalse
    answers: list[tuple[bool, str, str]] = field(default_factory=list)  # right, text, feedback
    truth: bool | None = None
    feedback: tuple[str, str] = ("", "")  # truefalse: after a wrong, after a right answer


@dataclass
class GiftFile:
    categories: list[str]
    questions: list[GiftQuestion]


def parse_gift(source: str) -> GiftFile:
    """Read a GIFT file as Moodle does; anything it could not import fails the test."""
    parsed = GiftFile([], [])
    for block in re.split(r"\n[ \t]*\n", source):
        lines = [line for line in block.split("\n") if not line.strip().startswith("//")]
        text = _pre("\n".join(lines).strip())
        if not text:
            continue
        if text.startswith("$CATEGORY:"):
            assert "\n" not in text, f"a category line with more in its block: {text!r}"
            parsed.categories.append(text[10:].strip())
            continue
        match = re.match(r"::(.*?)::", text, re.S)
        assert match, f"a question without a title: {text[:80]!r}"
        title, text = _post(match.group(1)), text[match.end():].strip()
        assert text.count("{") == 1 and text.count("}") == 1, f"unbalanced braces: {text!r}"
        start, end = text.index("{"), text.index("}")
        assert end == len(text) - 1 and start < end, f"answers not at the end: {text!r}"
        question_text, answer_text = text[:start].strip(), text[start + 1:end].strip()
        assert question_text.startswith("[html]"), question_text
        assert "####" not in answer_text
        question_text = _post(question_text[len("[html]"):])
        if "~" not in answer_text:
            word, wrong, right = (part.strip() for part in answer_text.split("#"))
            assert word in ("T", "TRUE", "F", "FALSE"), answer_text
            parsed.questions.append(GiftQuestion(
                title, question_text, "truefalse", truth=word in ("T", "TRUE"),
                feedback=(_post(wrong), _post(right))))
            continue
        question = GiftQuestion(title, question_text, "multichoice")
        for answer in answer_text.replace("=", "~=").split("~"):
            answer = answer.strip()
            if not answer:
                continue
            is_right = answer.startswith("=")
            body, _, feedback = answer.lstrip("=").partition("#")
            assert "#" not in feedback, f"a stray '#' in {answer!r}"
            question.answers.append((is_right, _post(body.strip()), _post(feedback.strip())))
        assert len(question.answers) >= 2
        parsed.questions.append(question)
    return parsed


def test_escape_makes_every_special_character_literal() -> None:
    value = "a{b}c=d~e#f:g\\h\\n i\nj"
    escaped = gift.escape(value)
    assert "\n" not in escaped
    assert _post(_pre(escaped)) == "a{b}c=d~e#f:g\\h\\n i j"
    # nothing unescaped is left that Moodle would read as syntax
    assert not re.search(r"(?<!\\)(?:\\\\)*[{}=~#:]", escaped.replace("\\\\", ""))


def test_shipped_example_parses_with_one_category(library: ClauseLibrary) -> None:
    answers = answers_schema.load(PEEZE)
    quiz = build_quiz(answers, library)
    parsed = parse_gift(gift.render(quiz))
    assert parsed.categories == ["$course$/Quiz sociale media — Koffiebranderij Peeze"]
    assert len(parsed.questions) == len(quiz.questions)
    for item, found in zip(quiz.questions, parsed.questions, strict=True):
        assert found.title.endswith(item.clause.title["nl"])
        if item.truth is not None:
            assert found.kind == "truefalse" and found.truth is item.truth
            assert found.feedback[0].startswith("Niet juist.")
            assert found.feedback[1].startswith("Juist.")
        else:
            assert [right for right, _, _ in found.answers].count(True) == 1
            assert len(found.answers) == len(item.options)
            for right, _, feedback in found.answers:
                assert feedback.startswith("Juist." if right else "Niet juist.")
                assert "(artikel " in feedback


HOSTILE = "Club {#1} = ~best~ \\ :: {{ 7*7 }} <b>x</b> &amp; *y*"
HOSTILE_CONTACT = "a{b}=c~d#e:f\\g\\nnext"  # answers are one line; \\n is Moodle's newline


def _hostile(language: str) -> Answers:
    raw = copy.deepcopy(answers_schema.load(PEEZE).data)
    raw["language"] = language
    raw["organisation"]["name"] = HOSTILE
    raw["organisation"]["short_name"] = HOSTILE
    raw["escalation"]["levels"][0]["contact"] = HOSTILE_CONTACT
    raw["escalation"]["press_contact"] = "pers{}#=~:\\@example.nl"
    raw["permissions"]["confidential_topics"] = ["{{ 7*7 }}", "a # b : c"]
    data = answers_schema.validate(raw, "<hostile>")
    return Answers(data=data, source="<hostile>", sha256="")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_hostile_values_come_through_literally(library: ClauseLibrary, language: str) -> None:
    quiz = build_quiz(_hostile(language), library)
    source = gift.render(quiz)
    parsed = parse_gift(source)
    assert len(parsed.questions) == len(quiz.questions)
    assert parsed.categories and all(c not in "{}~=#\\" for c in parsed.categories[0][9:])
    shown: list[Any] = []
    for found in parsed.questions:
        shown.append(_shown(found.text))
        shown += [_shown(text) for _, text, _ in found.answers]
        shown += [_shown(feedback) for _, _, feedback in found.answers]
        shown += [_shown(text) for text in found.feedback]
    everything = "\n".join(shown)
    assert HOSTILE in everything  # the name, every character as written
    assert HOSTILE_CONTACT in everything  # the contact, its "\\n" two characters
    assert "pers{}#=~:\\@example.nl" in everything
    assert "{{ 7*7 }}" in everything and "49" not in everything
    by_title = {q.title.split(". ", 1)[1]: q for q in parsed.questions}
    first_step = by_title[library.get("quiz.first_step").title[language]]
    right = [text for is_right, text, _ in first_step.answers if is_right]
    assert len(right) == 1 and HOSTILE_CONTACT in _shown(right[0])
