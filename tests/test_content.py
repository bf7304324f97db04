"""The shipped clause library as product: complete, specific, and never printing junk."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from policygen.answers import schema as answers
from policygen.assembly import assemble as assembly
from policygen.clauselib.library import ClauseLibrary
from policygen.lint.check import check_library
from policygen.lint.profiles import profiles

from .conftest import NORTHWIND, PEEZE, need

JUNK = re.compile(r"\bNone\b|\[\]|\{\{|\{%|\}\}|%\}|\bnan\b|\bTrue\b|\bFalse\b|  \S")


def test_check_passes_for_every_profile() -> None:
    check_library()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_profile_prints_junk(library: ClauseLibrary, language: str) -> None:
    for name, loaded in profiles(language):
        for edition in ("participant", "trainer"):
            for doc in assembly.assemble(loaded, library, edition=edition).values():
                for number, line in enumerate(doc.markdown.splitlines(), 1):
                    if line.startswith("|"):  # table cells are padded with spaces on purpose
                        line = re.sub(r" *\| *", " | ", line)
                    match = JUNK.search(line.lstrip())
                    assert match is None, f"{name} {doc.kind}:{number}: {line}"


def words(markdown: str) -> int:
    return len(re.findall(r"\w+", markdown))


@pytest.mark.parametrize("path", [PEEZE, NORTHWIND], ids=["nl", "en"])
def test_typical_protocol_is_substantial(library: ClauseLibrary, path: Path) -> None:
    protocol = assembly.assemble(answers.load(path), library)["protocol"]
    assert words(protocol.markdown) >= 2500


def test_both_languages_have_every_clause(library: ClauseLibrary) -> None:
    for item in library.clauses:
        nl, en = words(item.bodies["nl"]), words(item.bodies["en"])
        assert nl > 20 and en > 20, item.id
        assert 0.6 < nl / en < 1.6, f"{item.id}: nl {nl} words, en {en} words"


def test_protocol_uses_the_organisations_facts(library: ClauseLibrary) -> None:
    loaded = answers.load(PEEZE)
    text = assembly.assemble(loaded, library)["protocol"].markdown
    for fact in ("Peeze", "Hoofd Communicatie", "webcare@example.nl", "pers@example.nl",
                 "Hootsuite", "Coosto", "klantgegevens", "HR-manager", "4 uur"):
        assert fact in text, fact


def test_handout_cites_protocol_articles(library: ClauseLibrary) -> None:
    docs = assembly.assemble(answers.load(PEEZE), library, edition="trainer")
    assert len(re.findall(r"\(artikel \d+\.\d+\)", docs["handout"].markdown)) >= 10
    docs = assembly.assemble(answers.load(NORTHWIND), library, edition="trainer")
    assert len(re.findall(r"\(article \d+\.\d+\)", docs["handout"].markdown)) >= 10


def test_trainer_edition_has_model_answers(library: ClauseLibrary) -> None:
    loaded = answers.load(PEEZE)
    participant = assembly.assemble(loaded, library)["handout"].markdown
    trainer = assembly.assemble(loaded, library, edition="trainer")["handout"].markdown
    assert "Modelantwoord" in trainer and "Modelantwoord" not in participant
    assert len(trainer) > len(participant) * 1.2


@pytest.mark.parametrize("path", [PEEZE, NORTHWIND], ids=["nl", "en"])
def test_handout_prints_on_three_to_eight_pages(path: Path, tmp_path: Path) -> None:
    need("soffice", "libreoffice-writer-nogui")
    need("pdfinfo", "poppler-utils")
    import sys

    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "policygen", "build", str(path), "--out", str(out),
                    "--format", "pdf"], check=True, capture_output=True)
    info = subprocess.run(["pdfinfo", str(out / "handout.pdf")], capture_output=True,
                          text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert 3 <= pages <= 8, pages
