"""The advice annex (``build --with-advice``): the review as a note for the policy owner.

Written as ``advice.md`` and ``advice.docx`` beside the protocol, in the build's language and
house style; it is a document of its own and never part of the staff handout.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from policygen import safeio
from policygen.answers import yamlio
from policygen.errors import PolicygenError
from policygen.request import DocumentRequest, MadeDocument
from policygen.review.plan import Plan
from policygen.review.report import WORDS, as_markdown
from policygen.review.run import counts, review


def _raw(source: str) -> Mapping[str, object] | None:
    """The answers file as written, to tell its decisions from the defaults; None if unknown."""
    path = Path(source)
    try:
        raw = yamlio.load(safeio.read_regular(path, limit=yamlio.MAX_BYTES), source)
    except (OSError, PolicygenError):
        return None
    return raw if isinstance(raw, Mapping) else None


def make_advice(request: DocumentRequest) -> MadeDocument:
    """``advice.md`` and ``advice.docx``: every finding on this build's answers."""
    answers = request.answers
    plan = Plan.from_answers(answers, _raw(answers.source))
    language = answers.language
    markdown = as_markdown(plan, language)
    title = f"{WORDS[language]['note']} {answers.data['organisation']['short_name']}"
    found = counts(review(plan, language))
    return MadeDocument(kind="advice",
                        files={"advice.md": markdown.encode("utf-8"),
                               "advice.docx": request.docx(markdown, "advice", title)},
                        extra={"findings": found})
