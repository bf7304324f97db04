"""The trainer's slide deck, ``slides.pptx``: ``policygen build --documents slides``.

The deck follows the trainer's session plan (see :mod:`slides_deck`) in the document language,
16:9, readable from the back of a room (body text 24 pt, titles larger), no text overflowing
its box by a font-metric estimate (:mod:`pptx_metrics`): what does not fit goes on to a next
slide, marked "(1/2)". The same answers and library give the same bytes: the package's dates
are the build's date and every zip entry has the same timestamp.

The slides are drawn as DrawingML (:mod:`pptx_draw`) into python-pptx's own template
(:mod:`pptx_package`) without importing python-pptx, which the tests use to open and read the
deck: the file is the one ``python-pptx`` would save, in a fraction of the time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from policygen.request import DocumentRequest, MadeDocument
from policygen.training import slides_facts
from policygen.training.slides_deck import Deck, deck
from policygen.training.slides_wording import Wording, load

FILE_NAME = "slides.pptx"
DRAFT_DATE = dt.date(2000, 1, 1)  # a draft's package dates: fixed, as in the DOCX files


def make(request: DocumentRequest) -> MadeDocument:
    """Make ``slides.pptx`` for this build's organisation."""
    answers, library = request.answers, request.library
    wording = wording_for(answers, library)
    title = library.labels["document"]["handout"][answers.language]
    built = deck(answers, library, wording, title)
    data, count = render(built, answers, library, request.library_version, title)
    return MadeDocument("slides", {FILE_NAME: data}, built.clauses, extra={"slides": count})


def wording_for(answers: Any, library: Any) -> Wording:
    """The deck's fixed wording with this organisation's values."""
    data, source = load(library)
    facts = slides_facts.facts(answers, library.labels, data["units"], library.release)
    return Wording(data, source, answers.language, facts, slides_facts.conditions(answers))


def render(built: Deck, answers: Any, library: Any, library_version: str,
           title: str) -> tuple[bytes, int]:
    """The deck's bytes, and how many slides it has."""
    from policygen.training.pptx_deck import draw_deck
    from policygen.training.pptx_draw import emu
    from policygen.training.pptx_layout import SLIDE_HEIGHT, SLIDE_WIDTH
    from policygen.training.pptx_package import Properties, package

    org = answers.data["organisation"]
    pages = draw_deck(built, org["name"])
    date = org["effective_date"] or org.get("adopted_on") or DRAFT_DATE
    owner = org["policy_owner"]
    properties = Properties(
        title=f"{title} — {org['name']}", subject=title,
        author=owner.get("name") or owner["role"],
        keywords=", ".join(("social media", "slides", org["short_name"])),
        comments=f"policygen; clause library {library_version}", category="slides",
        language=answers.language, version=library.release,
        moment=dt.datetime(date.year, date.month, date.day))
    return package(pages, emu(SLIDE_WIDTH), emu(SLIDE_HEIGHT), properties), len(pages)
