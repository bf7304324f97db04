"""Dutch (and English) house style in the documents of the example organisations.

Dutch running text writes a time of day with a full stop and "uur" ("22.00 uur", "van 8.00
tot 18.00 uur", as Onze Taal and the Taalunie advise); an answer value quoted as written
(``monitoring_hours`` on the cut-out card) stays as the organisation wrote it. The wording an
HR reviewer flagged stays fixed, and "think before you post" asks each question once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policygen.answers import schema as answers
from policygen.assembly import assemble as assembly
from policygen.clauselib.library import ClauseLibrary

from .conftest import EXAMPLES, ROOT

ORGANISATIONS = sorted(EXAMPLES.glob("*.yaml")) + sorted(
    (ROOT / "tests" / "organisations").glob("*.yaml"))
CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
# The session plan's timeline: minutes into the session ("0:10–0:25"), not a time of day.
ELAPSED = re.compile(r"\| \d:\d{2}–\d:\d{2} \|")
FLAGGED = {
    "nl": ["privé sociale media", "En mag je leidinggevende het lezen", "Kies een tot drie",
           "Loop voordat je post ook deze vragen langs"],
    "en": ["who still has access is checked", "who has access is checked",
           "Before you post, also run through these questions"],
}


def _documents(library: ClauseLibrary, path: Path, language: str) -> Iterator[tuple[str, str]]:
    """(name, Markdown) of the protocol (full and compact) and the handout (both editions)."""
    loaded = answers.load(path).with_language(language)
    for edition, compact in (("participant", False), ("trainer", True)):
        docs = assembly.assemble(loaded, library, edition=edition, compact=compact)
        yield f"protocol{'-compact' if compact else ''}", docs["protocol"].markdown
        yield f"handout-{edition}", docs["handout"].markdown


def _strings(value: Any) -> Iterator[str]:
    """Every text among the answers, however deep."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("path", ORGANISATIONS, ids=[p.stem for p in ORGANISATIONS])
def test_dutch_prose_writes_times_with_a_full_stop(library: ClauseLibrary, path: Path) -> None:
    quoted = sorted((s for s in _strings(answers.load(path).data) if CLOCK.search(s)),
                    key=len, reverse=True)
    for name, markdown in _documents(library, path, "nl"):
        prose = ELAPSED.sub("|", markdown)
        for value in quoted:  # an answer value as written is the organisation's own text
            prose = prose.replace(value, "")
        found = [line for line in prose.splitlines() if CLOCK.search(line)]
        assert not found, f"{path.stem} {name}: a time with a colon in Dutch prose: {found}"


def test_the_schedule_reads_as_dutch_prose(library: ClauseLibrary) -> None:
    """Peeze watches 'ma-vr 08:00-18:00': the sentence says it the Dutch way."""
    protocol = dict(_documents(library, EXAMPLES / "koffiebranderij-peeze.yaml", "nl"))["protocol"]
    assert "van maandag tot en met vrijdag van 8.00 tot 18.00 uur" in protocol
    handout = dict(_documents(library, EXAMPLES / "koffiebranderij-peeze.yaml", "nl"))[
        "handout-participant"]
    assert "Zaterdagavond, 22.00 uur." in handout
    assert "| Crisis buiten ma-vr 08:00-18:00 |" in handout  # the answer, quoted as written


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("path", ORGANISATIONS, ids=[p.stem for p in ORGANISATIONS])
def test_flagged_wording_is_gone(library: ClauseLibrary, path: Path, language: str) -> None:
    for name, markdown in _documents(library, path, language):
        for phrase in FLAGGED[language]:
            assert phrase not in markdown, f"{path.stem} {name} ({language}): {phrase!r}"


# What the decision path asks, in words its questions use and the checklist must not repeat.
PATH_TOPICS = {
    "nl": ("Stel jezelf daarna nog deze vragen:",
           ["vertrouwelijk", "herkenbaar", "op je werk gemaakt", "Reageer je op",
            "boos, moe"]),
    "en": ("Then also ask yourself:",
           ["confidential", "recognised", "taken at work", "replying to", "angry, tired"]),
}


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("path", ORGANISATIONS, ids=[p.stem for p in ORGANISATIONS])
def test_the_checklist_asks_only_what_the_path_does_not(library: ClauseLibrary, path: Path,
                                                        language: str) -> None:
    intro, topics = PATH_TOPICS[language]
    handout = dict(_documents(library, path, language))["handout-participant"]
    section = handout.split("<!-- diagram: decision -->")[1].split("\n## ")[0]
    table, _, after = section.partition(intro)
    assert after, f"{path.stem} ({language}): the checklist is not introduced by {intro!r}"
    assert topics[0] in table.lower() and topics[-1] in table  # the path asks these always
    checks = [line for line in after.splitlines() if line.startswith("- ")]
    assert len(checks) >= 5
    repeated = [c for c in checks for topic in topics if topic.lower() in c.lower()]
    assert not repeated, f"{path.stem} ({language}): the path already asks {repeated}"
