"""The trainer's quiz: this organisation's own rules as 10-15 questions.

``policygen build --documents quiz`` writes ``quiz.md`` and ``quiz.docx`` (the participant
edition is an answer sheet; ``--edition trainer`` adds the key: the right answer, why, and the
article it rests on) and ``quiz.gift`` for Moodle, which always holds the answers.

The questions are clauses of the library (``clauses/quiz/``, ``documents: [quiz]``), chosen by
their conditions like every clause, so a rule the organisation does not have is never asked.
They render with the context of the protocol this build writes — the same answers, crisis
routes and ``cite()`` — and :mod:`policygen.clauselib.question` parses each into a question.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from policygen.answers.schema import Answers
from policygen.assembly import assemble as assembly
from policygen.clauselib import question as question_module
from policygen.clauselib.library import ClauseLibrary
from policygen.clauselib.question import Option, Question
from policygen.errors import InternalError, PolicygenError, Problem, ProblemsError
from policygen.request import DocumentRequest, MadeDocument

MAX_QUESTIONS = 15  # a quiz people finish in a session; the shipped library asks 10-15
LABELS = ("subtitle", "trainer_edition", "name", "date", "instructions",
          "trainer_instructions", "question", "true_answer", "false_answer", "answer",
          "right", "wrong", "tests", "key", "article", "score")


@dataclass(frozen=True)
class Article:
    """A protocol article a question cites: its number and title (Markdown)."""

    number: str
    title: str


@dataclass(frozen=True)
class Quiz:
    """One organisation's quiz in one language, ready to be laid out."""

    title: str  # plain text: "Quiz sociale media — Koffiebranderij Peeze"
    language: str
    edition: str  # participant or trainer
    questions: tuple[Question, ...]
    articles: dict[str, Article]  # protocol clause id → its article
    labels: dict[str, str]  # the quiz labels in the quiz's language
    furniture: dict[str, str]  # the page furniture labels (in force, draft)
    short_name: str
    effective_date: dt.date | None  # None: a draft
    library_version: str
    left_out: tuple[str, ...] = ()  # questions that applied beyond MAX_QUESTIONS

    def cited(self, item: Question) -> list[Article]:
        """The protocol articles a question's feedback cites, in order."""
        return sorted((self.articles[i] for i in item.cited),
                      key=lambda a: tuple(int(part) for part in a.number.split(".")))


def shown(item: Question) -> tuple[Option, ...]:
    """A multiple-choice question's answers in the order they are printed.

    Mixed by a hash of the clause id and the answer's text, so the right answer is not always
    the first, and the same answers print in the same order in every build.
    """
    return tuple(sorted(item.options, key=lambda option: hashlib.sha256(
        f"{item.clause.id}\0{question_module.plain(option.text)}".encode()).hexdigest()))


def _labels(library: ClauseLibrary, language: str) -> dict[str, str]:
    path = str(library.root / "templates" / "labels.yaml")
    found = library.labels.get("quiz") or {}
    missing = [key for key in LABELS if key not in found]
    if "quiz" not in (library.labels.get("document") or {}):
        missing.insert(0, "document.quiz")
    if missing:
        raise ProblemsError([Problem(path, "required for the quiz (build --documents quiz)",
                                     key if "." in key else f"quiz.{key}") for key in missing])
    return {key: found[key][language] for key in LABELS}


def build_quiz(answers: Answers, library: ClauseLibrary, *, edition: str = "participant",
               protocol_edition: str = "full", library_version: str = "",
               protocol_clauses: list[str] | None = None) -> Quiz:
    """Select, render and parse this organisation's questions.

    ``protocol_clauses`` (ids), where given, is the protocol the build wrote: the quiz cites
    its articles, so it must be the one planned here.
    """
    if not library.sections.get("quiz") or not library.for_document("quiz"):
        raise PolicygenError(f"{library.root}: this clause library has no quiz questions "
                             "(clauses with documents: [quiz], and a quiz section in "
                             "templates/sections.yaml)")
    language = answers.language
    labels = _labels(library, language)
    (blocks, context), _ = assembly.select_editions(answers, library, (),
                                                  protocol_edition=protocol_edition)
    planned = [a.clause.id for b in blocks for a in b.articles]
    if protocol_clauses is not None and planned != protocol_clauses:
        raise InternalError(f"{answers.source}: internal error (the quiz planned another "
                            "protocol than the build wrote); please report it")
    articles = {a.clause.id: Article(a.number, a.title) for b in blocks for a in b.articles}
    context = {**context, "document": "quiz", "edition": edition}
    chosen = [a.clause for b in assembly.select(library, "quiz", context) for a in b.articles]
    questions = tuple(question_module.render(item, library.env, language, context)
                      for item in chosen[:MAX_QUESTIONS])
    if not questions:
        raise PolicygenError(f"{answers.source}: no quiz question of the library applies to "
                             "these answers")
    org = answers.data["organisation"]
    return Quiz(
        title=f"{library.labels['document']['quiz'][language]} — {org['name']}",
        language=language, edition=edition, questions=questions, articles=articles,
        labels=labels,
        furniture={key: value[language] for key, value in library.labels["furniture"].items()},
        short_name=org["short_name"], effective_date=org["effective_date"],
        library_version=library_version,
        left_out=tuple(item.id for item in chosen[MAX_QUESTIONS:]))


def make(request: DocumentRequest) -> MadeDocument:
    """The quiz of this build: quiz.md and quiz.docx (as ``--format`` asks), and quiz.gift."""
    from policygen.training import gift, quiz_layout

    protocol = request.documents["protocol"]
    quiz = build_quiz(request.answers, request.library, edition=request.options.edition,
                      protocol_edition="compact" if request.options.compact else "full",
                      library_version=request.library_version,
                      protocol_clauses=[c.id for c in protocol.clauses])
    markdown = quiz_layout.markdown(quiz)
    files: dict[str, bytes] = {}
    if "md" in request.options.formats:
        files["quiz.md"] = markdown.encode("utf-8")
    if "docx" in request.options.formats or "pdf" in request.options.formats:
        files["quiz.docx"] = request.docx(markdown, "quiz", quiz.title)
    files["quiz.gift"] = gift.render(quiz).encode("utf-8")
    extra: dict[str, object] = {
        "questions": len(quiz.questions),
        "articles": {q.clause.id: [a.number for a in quiz.cited(q)] for q in quiz.questions},
    }
    if quiz.left_out:
        extra["left_out"] = list(quiz.left_out)
    return MadeDocument(kind="quiz", files=files,
                    clauses=[(q.clause.id, q.clause.version) for q in quiz.questions],
                    edition=quiz.edition, extra=extra)
