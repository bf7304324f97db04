"""The quiz on paper: ``quiz.md`` (and through it ``quiz.docx``).

The participant edition is an answer sheet: name and date lines, every question with a box per
answer, a score line. The trainer edition ticks the right box and adds, under each question,
the answer with why and the article it tests, and ends with a key to mark the sheets quickly.
Question texts are Markdown already (values escaped by the clause renderer); what this module
adds from the answers (the short name) is escaped here.
"""

from __future__ import annotations

from policygen.clauselib.question import Question
from policygen.language.filters import format_date
from policygen.language.mdescape import escape
from policygen.training.quiz import Quiz, shown

BOX, TICKED = "☐", "☒"
LETTERS = "ABCDE"
LINE = "……………………………………"


def letter(quiz_question: Question) -> str:
    """The right answer's letter (A-E), or the true/false word's key."""
    if quiz_question.truth is not None:
        return "true_answer" if quiz_question.truth else "false_answer"
    options = shown(quiz_question)
    return next(LETTERS[i] for i, option in enumerate(options) if option.right)


def markdown(quiz: Quiz) -> str:
    """The whole quiz as Markdown, in its language and edition."""
    words = quiz.labels
    trainer = quiz.edition == "trainer"
    validity = (f"{quiz.furniture['in_force']} {format_date(quiz.effective_date, quiz.language)}"
                if quiz.effective_date else f"**{quiz.furniture['draft']}**")
    subtitle = words["subtitle"].replace("{short_name}", escape(quiz.short_name))
    parts = [f"# {escape(quiz.title)}",
             f"{subtitle} · {validity}" + (f" · **{words['trainer_edition']}**" if trainer
                                           else "")]
    if not trainer:
        parts.append(f"**{words['name']}:** {LINE} **{words['date']}:** {LINE}")
    parts.append(words["trainer_instructions" if trainer else "instructions"])
    for number, item in enumerate(quiz.questions, start=1):
        parts += _question(quiz, number, item, trainer)
    if trainer:
        parts += _key(quiz)
    else:
        parts.append("**" + words["score"].replace("{count}", str(len(quiz.questions))) + "**")
    return "\n\n".join(parts) + "\n"


def _question(quiz: Quiz, number: int, item: Question, trainer: bool) -> list[str]:
    words = quiz.labels
    blocks = [f"## {words['question']} {number}", item.stem]
    if item.truth is not None:
        choices = [(words["true_answer"], item.truth), (words["false_answer"], not item.truth)]
        lines = [f"{TICKED if trainer and right else BOX} {text}" for text, right in choices]
    else:
        lines = [f"{TICKED if trainer and option.right else BOX} {LETTERS[i]}. {option.text}"
                 for i, option in enumerate(shown(item))]
    blocks.append("\\\n".join(lines))  # one paragraph, a line per answer (hard breaks)
    if trainer:
        key = letter(item)
        answer = words[key] if item.truth is not None else key
        blocks.append(f"**{words['answer']}: {answer}.** {item.feedback}")
        cited = ", ".join(f"{a.number} {a.title}" for a in quiz.cited(item))
        blocks.append(f"*{words['tests']}: {words['article'].lower()} {cited} · "
                      f"{escape(item.clause.id)} {item.clause.version}*")
    return blocks


def _key(quiz: Quiz) -> list[str]:
    words = quiz.labels
    rows = [f"| {words['question']} | {words['answer']} | {words['article']} |",
            "|---|---|---|"]
    for number, item in enumerate(quiz.questions, start=1):
        key = letter(item)
        answer = words[key] if item.truth is not None else key
        articles = ", ".join(a.number for a in quiz.cited(item))
        rows.append(f"| {number} | {answer} | {articles} |")
    return [f"## {words['key']}", "\n".join(rows)]
