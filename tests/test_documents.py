"""The documents read as written (issue 12), for organisations the library was not written for.

Each organisation in tests/organisations/ (a one-person shop with a one-level ladder, a UK firm,
a hospital, a school, a bank with English answers and Dutch law) and each example is built in
both languages, full and compact, participant and trainer edition. The tests read the result as
an HR officer would: no role without its article, no skipped heading level, the country's own
law, no fact the answers do not hold, a compact protocol staff read in ten minutes.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from policygen.answers import schema as answers
from policygen.assembly import assemble as assembly
from policygen.assembly.assemble import AssembledDocument
from policygen.clauselib import library as library_module
from policygen.clauselib.library import ClauseLibrary
from policygen.language.nounphrase import RoleName

from .conftest import EXAMPLES

ORGANISATIONS = sorted((Path(__file__).parent / "organisations").glob("*.yaml"))
EVERYONE = ORGANISATIONS + sorted(EXAMPLES.glob("*.yaml"))
COMPACT_WORDS = 3500
# Words after which a role needs its article ("bij het webcareteam", "to the Head of People").
_BEFORE_ROLE = {
    "nl": r"bij|aan|door|met|naar|voor|van|als|tot|via|vraag|bel|mail",
    "en": r"to|by|with|from|for|ask|call|tell|contact|email|via",
}


@functools.cache
def shipped() -> ClauseLibrary:
    return library_module.load()


@functools.cache
def built(path: Path, language: str, compact: bool = False,
          edition: str = "participant") -> dict[str, AssembledDocument]:
    loaded = answers.load(path).with_language(language)
    return assembly.assemble(loaded, shipped(), edition=edition, compact=compact)


def roles_of(path: Path) -> set[RoleName]:
    data = assembly.with_roles(answers.load(path).data)
    found: set[RoleName] = set()

    def walk(value: object) -> None:
        if isinstance(value, RoleName):
            found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return found


def prose(markdown: str) -> str:
    """The running text: no tables, headings or code, where a bare name may stand."""
    lines = [line for line in markdown.splitlines()
             if not line.lstrip().startswith(("|", "#", "```"))]
    return "\n".join(lines)


CASES = [(path, lang) for path in EVERYONE for lang in ("nl", "en")]


def _id(case: tuple[Path, str]) -> str:
    return f"{case[0].stem}-{case[1]}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_no_role_is_printed_without_its_article(case: tuple[Path, str]) -> None:
    path, lang = case
    for compact, edition in ((False, "trainer"), (True, "participant")):
        for document in built(path, lang, compact, edition).values():
            text = prose(document.markdown)
            for role in roles_of(path):
                phrase = role.phrase(lang)
                if phrase.article is None:
                    continue  # a department used as a name ("Communicatie", "HR")
                name = re.escape(str(role))
                after_word = re.search(rf"\b(?:{_BEFORE_ROLE[lang]})\s+\**{name}\b(?!:)",
                                       text)
                at_start = re.search(rf"(?:^|[.!?]\s+|^[-*]\s+)\**{name}\b(?!:)", text,
                                     re.MULTILINE)  # "- **Eigenaar:**" is a label
                for found in (after_word, at_start):
                    assert found is None, (
                        f"{document.kind} ({lang}): {role!r} without its article: "
                        f"...{text[max(0, found.start() - 60):found.end() + 20]}...")


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_no_heading_level_is_skipped(case: tuple[Path, str]) -> None:
    path, lang = case
    for compact in (False, True):
        for document in built(path, lang, compact, "trainer").values():
            level = 0
            for line in document.markdown.splitlines():
                match = re.match(r"(#{1,6}) ", line)
                if match:
                    depth = len(match.group(1))
                    assert depth <= level + 1, f"{document.kind}: {line!r} after level {level}"
                    level = depth


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_the_compact_protocol_is_short_and_keeps_the_answers(case: tuple[Path, str]) -> None:
    path, lang = case
    compact = built(path, lang, True)["protocol"]
    full = built(path, lang)["protocol"]
    words = len(compact.markdown.split())
    assert words <= COMPACT_WORDS, f"compact protocol: {words} words"
    assert words < len(full.markdown.split()) / 2
    data = answers.load(path).data
    for level in data["escalation"]["levels"]:
        assert level["contact"] in compact.markdown
    assert str(data["escalation"]["response_time_hours"]) in compact.markdown
    for topic in data["permissions"]["confidential_topics"]:
        assert topic in compact.markdown
    for tool in data["tools"]:
        assert tool["name"] in compact.markdown
    assert compact.edition == "compact" and full.edition is None


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_the_full_protocol_opens_with_the_rules_at_a_glance(case: tuple[Path, str]) -> None:
    path, lang = case
    protocol = built(path, lang)["protocol"]
    heading = "In het kort" if lang == "nl" else "At a glance"
    assert heading in protocol.markdown.split("### ", 2)[1]
    assert "introduction.at_a_glance" in [c.id for c in protocol.clauses]


LAW = {  # what the documents of an organisation in this country cite, and must not cite
    "NL": ({"nl": "Autoriteit Persoonsgegevens", "en": "Dutch Data Protection Authority"},
           ("ICO", "UK GDPR", "PIDA")),
    "GB": ({"nl": "Information Commissioner", "en": "Information Commissioner"},
           ("Autoriteit Persoonsgegevens", "AVG", "ondernemingsraad", "works council",
            "Huis voor Klokkenluiders")),
}


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_the_law_is_the_organisations_own(case: tuple[Path, str]) -> None:
    path, lang = case
    country = answers.load(path).data["organisation"]["country"]
    cited, foreign = LAW[country]
    text = built(path, lang)["protocol"].markdown
    assert cited[lang] in text
    for name in foreign:
        assert not re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE), name


def test_a_draft_says_it_is_one() -> None:
    path = next(p for p in ORGANISATIONS if p.stem == "one-level")
    assert "Concept" in built(path, "nl")["protocol"].markdown.split("\n\n")[1]
    assert "Draft" in built(path, "en")["protocol"].markdown.split("\n\n")[1]


INVENTED = {"nl": ("elk kwartaal", "ieder kwartaal", "binnen het uur", "zestien", "algemene "
                   "telefoonnummer", "90 minuten"),
            "en": ("every quarter", "each quarter", "within the hour", "sixteen",
                   "general phone number", "90 minutes")}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_facts_come_from_the_answers(lang: str) -> None:
    path = next(p for p in ORGANISATIONS if p.stem == "bank")  # all intervals non-default
    docs = built(path, lang, False, "trainer")
    text = docs["protocol"].markdown + docs["handout"].markdown
    for phrase in INVENTED[lang]:
        assert phrase not in text.lower(), phrase
    assert "120" in docs["handout"].markdown  # session_minutes
    assert "20" in docs["handout"].markdown  # max_participants


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_crisis_signal_goes_to_the_step_that_owns_it(lang: str) -> None:
    path = next(p for p in ORGANISATIONS if p.stem == "hospital")
    docs = built(path, lang, False, "trainer")
    crisis_team, spokesperson = "+31 88 000 2222", "+31 88 000 1111"
    protocol = docs["protocol"].markdown
    escalation = protocol[protocol.index("## "):]
    paragraphs = [p for p in escalation.split("\n\n") if "pers@zr.example" in p]
    assert paragraphs, "journalists' questions go to the press contact"
    assert crisis_team in protocol and spokesperson in protocol


@pytest.mark.parametrize("case", [c for c in CASES if c[0].stem in ("hospital",
                                                                  "gemeente-voorbeeld")],
                         ids=_id)
def test_public_sector_words_come_from_the_sector(case: tuple[Path, str]) -> None:
    path, lang = case
    docs = built(path, lang, False, "trainer")
    words = {"nl": r"\b(concurrent\w*|webshops?)\b", "en": r"\b(competitors?|webshops?)\b"}
    for document in docs.values():
        found = re.search(words[lang], document.markdown, re.IGNORECASE)
        assert found is None, f"{document.kind}: {found.group(0)!r}"
