"""Roles as noun phrases: the right article, capitals and form wherever a role lands in a sentence.

A role from the answers ("Webcare-team", "Hoofd Communicatie", "Raad van Toezicht", "Head of
People", "Marketing") is a noun, and a sentence needs it with its article: "meld het bij het
webcareteam", "vraag het hoofd Communicatie", "de Raad van Toezicht", "ask the Head of People".
A department used as a name ("Communicatie", "HR", "Marketing") stays bare.

The article comes from the phrase's head noun: in Dutch the first noun of the phrase
("Team Communicatie", "Hoofd Communicatie", "Crisisteam X"), or the last part of a compound
("Servicecentrum" → centrum → het; "HR-manager" → manager → de); in English the last noun before
"of" ("Head of People" → head). An answer can override it (``article: het``, or ``none`` for a
name that takes no article). Mid-sentence, a Dutch function is written in lower case ("de
teamleider Communicatie"), a compound without the hyphen it does not need ("het
webcareteam"); an official body with "van" keeps its capitals ("de Raad van Toezicht").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

ARTICLES = {"nl": ("de", "het"), "en": ("the",)}
NO_ARTICLE = "none"

# Dutch head nouns, by article. A head matches when it is one of these or ends with one
# ("servicecentrum", "crisisteam", "communicatieadviseur"); a plural always takes "de".
_NL_HET = ("team", "hoofd", "bestuur", "mt", "managementteam", "management", "secretariaat",
           "bureau", "college", "kantoor", "centrum", "loket", "platform", "kcc", "panel",
           "comité", "lid", "meldpunt", "servicepunt", "punt", "orgaan", "departement",
           "directoraat", "cluster", "overleg", "front office", "backoffice", "kabinet")
_NL_DE = ("directeur", "directie", "manager", "raad", "afdeling", "teamleider", "leider",
          "leidinggevende", "coördinator", "coordinator", "woordvoerder", "woordvoering",
          "medewerker", "adviseur", "secretaris", "voorzitter", "commissie", "dienst", "desk",
          "helpdesk", "servicedesk", "redactie", "redacteur", "staf", "unit", "groep",
          "eigenaar", "officer", "functionaris", "burgemeester", "wethouder", "bestuurder",
          "partner", "lead", "specialist", "beheerder", "marketeer", "klantenservice",
          "service", "organisatie", "werkgroep", "ceo", "cfo", "coo", "cto", "fg", "dpo",
          "receptie", "balie", "webcare", "chef", "regisseur", "consulent", "planner",
          "officier", "ombudsman", "vertrouwenspersoon", "zorgcoördinator", "praktijkhouder",
          "rector", "conrector", "schoolleider", "decaan", "mentor", "huisarts", "arts",
          "griffier", "notulist", "ambtenaar", "jurist", "bode", "conciërge", "concierge",
          "receptionist", "receptioniste", "telefonist", "administrateur", "controller",
          "penningmeester", "kwartiermaker", "webmaster", "moderator", "huismeester",
          "verpleegkundige", "psycholoog", "docent", "leraar", "lerares", "onderwijzer",
          "teamleider", "projectleider", "ondernemingsraad", "commissaris", "toezichthouder",
          "directeur-bestuurder", "secretaresse", "assistent", "assistente", "stagiair",
          "vrijwilliger", "coach", "trainer", "opleider", "agent", "wijkagent", "boa",
          "inspecteur", "ombudsfunctionaris", "klachtenfunctionaris", "privacyfunctionaris",
          "security officer", "beveiliger", "portier", "chauffeur", "monteur", "eigenaresse")
_EN_NOUNS = ("team", "manager", "head", "director", "board", "lead", "leader", "partner",
             "desk", "officer", "committee", "department", "unit", "group", "centre", "center",
             "council", "coordinator", "co-ordinator", "adviser", "advisor",
             "spokesperson", "editor", "owner", "secretary", "chair", "chairman", "chairwoman",
             "president", "executive", "ceo", "cfo", "coo", "cto", "cio", "dpo", "specialist",
             "administrator", "supervisor", "office", "staff", "panel", "cell", "room",
             "helpdesk", "servicedesk", "principal", "headteacher", "registrar", "controller",
             "consultant", "receptionist", "representative", "steward", "trustee", "trustees",
             "governors", "governor", "crew", "squad", "hub", "line", "function", "clerk",
             "caretaker", "concierge", "janitor", "moderator", "webmaster", "nurse",
             "teacher", "treasurer", "chairperson", "founder", "assistant", "coach",
             "trainer", "adviser", "counsel", "solicitor", "inspector", "steward", "porter",
             "guard", "engineer", "analyst", "producer", "planner", "scheduler")
_NL_ADJECTIVES = ("algemeen", "algemene", "financieel", "financiële", "juridisch", "juridische",
                  "medisch", "medische", "centraal", "centrale", "intern", "interne", "extern",
                  "externe", "regionaal", "regionale", "landelijk", "landelijke", "senior",
                  "junior", "plaatsvervangend", "plaatsvervangende", "waarnemend",
                  "waarnemende", "adjunct", "eerste", "tweede", "operationeel", "operationele",
                  "digitaal", "digitale", "zakelijk", "zakelijke")
# "Raad van Toezicht", "College van B&W": a named body (a capital after van/voor/der);
# "Woordvoerder van dienst" is a function with a phrase after it
_NL_BODY = re.compile(r"\s(?:van|voor)(?:\s+(?:de|het|der))?\s+[A-Z\u00C0-\u00DE&]")
_EN_TAIL = re.compile(r"\s(of|for)\s.*$", re.IGNORECASE)
_VOWELS = "aeiouyáéíóúäëïöüàèìòù"
_LEADING = {"nl": ("de ", "het ", "een ", "onze ", "ons ", "jouw ", "je ", "uw "),
            "en": ("the ", "a ", "an ", "our ", "your ")}
_AN_LETTERS = "AEFHILMNORSX"  # acronyms read as letters: "an HR officer", "an MT member"


@dataclass(frozen=True)
class NounPhrase:
    """A role as it appears in a sentence: its article (or none) and its words mid-sentence."""

    article: str | None  # 'de', 'het', 'the', or None: a name without an article
    words: str  # the role as written mid-sentence ("hoofd Communicatie")
    as_written: str  # the role exactly as the answers give it
    plural: bool = False  # "de communicatieadviseurs": no indefinite article

    def definite(self, *, start: bool = False) -> str:
        """'het hoofd Communicatie', 'the Head of People', 'Marketing' (no article)."""
        text = f"{self.article} {self.words}" if self.article else self.as_written
        return _capitalise(text) if start else text

    def indefinite(self, language: str, *, start: bool = False) -> str:
        """'een teamleider', 'a manager', 'an HR officer'; a bare name stays bare."""
        if not self.article:
            text = self.as_written
        elif self.plural:
            text = self.words
        elif language == "nl":
            text = f"een {self.words}"
        else:
            text = f"{_a_or_an(self.words)} {self.words}"
        return _capitalise(text) if start else text


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def a_or_an(words: str) -> str:
    """'a' or 'an' before ``words`` as it is said: 'an Acme', 'a Northwind', 'an HR team'."""
    return _a_or_an(words)


def _a_or_an(words: str) -> str:
    first = words.split()[0] if words.split() else words
    letters = first.rstrip(".-")
    if letters.isupper() and len(letters) > 1:
        return "an" if letters[0] in _AN_LETTERS else "a"
    lower = first.lower()
    if lower.startswith(("uni", "use", "eu", "one", "once")):
        return "a"
    if lower.startswith(("hour", "honest", "heir")):
        return "an"
    return "an" if lower[:1] in "aeiou" else "a"


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return (len(letters) >= 2 and all(c.isupper() for c in letters)) or any(c.isdigit()
                                                                            for c in word)


def _noun(word: str, language: str) -> tuple[str, bool] | None:
    """(article, plural) of one (possibly compound) noun, or None when it is not known."""
    lower = word.lower().strip(".,:;()")
    if not lower:
        return None
    last = lower.rsplit("-", 1)[-1]
    if language != "nl":
        if last.endswith(_EN_NOUNS):
            return "the", False
        return ("the", True) if last.endswith("s") and last[:-1].endswith(_EN_NOUNS) else None
    for form, article, plural in _NL_FORMS:  # longest first: the first match is the head
        if last.endswith(form):
            return article, plural
    return None


def _dutch_forms() -> tuple[tuple[str, str, bool], ...]:
    """Every Dutch head noun with its plurals, longest first, with article and plural."""
    forms = []
    for nouns, article in ((_NL_HET, "het"), (_NL_DE, "de")):
        for noun in nouns:
            forms += [(noun, article, False), (noun + "s", "de", True), (noun + "en", "de", True),
                      (noun[:-3] + "leden", "de", True)]
    return tuple(sorted(forms, key=lambda form: -len(form[0])))


_NL_FORMS = _dutch_forms()


def _dutch_compound(word: str) -> str:
    """'Webcare-team' → 'webcareteam': a hyphen only where Dutch needs one.

    Dutch writes a compound as one word, with a hyphen where vowels would clash
    ('zee-egel'), beside an acronym or a number ('HR-manager', 'KCC-webcare') or a name.
    """
    parts = word.split("-")
    if len(parts) < 2 or any(not p or _is_acronym(p) or not p.isalpha() for p in parts):
        return word
    if any(p[1:] != p[1:].lower() for p in parts):  # inner capitals: a name
        return word
    joined = parts[0]
    for part in parts[1:]:
        if joined[-1].lower() in _VOWELS and part[0].lower() in _VOWELS:
            return word  # a vowel clash keeps the hyphen
        joined += part
    return joined.lower()


def _lower_function(word: str) -> str:
    """A Dutch function or team word in lower case mid-sentence ('Hoofd' → 'hoofd')."""
    if _is_acronym(word.split("-")[0]):
        return word  # 'HR-manager', 'MT'
    compound = _dutch_compound(word)
    return compound[:1].lower() + compound[1:]


@functools.lru_cache(maxsize=1024)  # a build asks for the same few roles hundreds of times
def noun_phrase(role: str, language: str, article: str | None = None) -> NounPhrase:
    """The noun phrase of a role in the document language (``article`` overrides)."""
    text = " ".join(role.split())
    if text.lower().startswith(_LEADING.get(language, ())):
        return NounPhrase(None, text, text)  # it brings its own article or possessive
    if article is not None:
        chosen = None if article == NO_ARTICLE else article
        if language == "nl" and chosen and not _NL_BODY.search(f" {text} "):
            words = text.split()
            words[0] = _lower_function(words[0])  # the answers say it is a noun
            return NounPhrase(chosen, " ".join(words), text)
        return NounPhrase(chosen, text, text)
    if language == "nl":
        return _dutch(text)
    return _english(text)


def _dutch_only(text: str) -> NounPhrase:
    """The Dutch reading of a role, without trying it as English."""
    return _dutch(text, english=False)


def _dutch(text: str, english: bool = True) -> NounPhrase:
    words = text.split()
    head = 0
    while head < len(words) - 1 and words[head].lower() in _NL_ADJECTIVES:
        head += 1
    noun = _noun(words[head], "nl")
    if noun is None and len(words) > 1:  # "Dienstdoend manager", "Marketing team"
        noun = _noun(words[-1], "nl")
        if noun is not None:
            return NounPhrase(noun[0], _sentence_case_lowered(text), text, noun[1])
    if noun is None and english:  # an English role in a Dutch document: "de Head of Sales"
        found = _english(text)
        if found.article is not None:
            last = _EN_TAIL.sub("", text).split()[-1].lower()
            return NounPhrase("het" if last.endswith("team") else "de", text, text,
                              found.plural)
    if noun is None:
        return NounPhrase(None, text, text)  # a department used as a name: "Communicatie"
    article, plural = noun
    if _NL_BODY.search(f" {text} "):
        return NounPhrase(article, text, text, plural)  # a named body: "de Raad van Toezicht"
    mid = [_lower_function(w) if i <= head and not _is_acronym(w) else w
           for i, w in enumerate(words)]
    return NounPhrase(article, " ".join(mid), text, plural)


def _sentence_case_lowered(text: str) -> str:
    """'Support desk' → 'support desk' mid-sentence; 'Marketing Lead' and 'HR desk' stay."""
    words = text.split()
    if len(words) > 1 and not _is_acronym(words[0]) and all(w == w.lower() for w in words[1:]):
        return " ".join([words[0].lower(), *words[1:]])
    return text


def _english(text: str) -> NounPhrase:
    core = _EN_TAIL.sub("", text)
    words = core.split()
    noun = _noun(words[-1], "en") if words else None
    if noun is None and words:  # a Dutch role in an English document (--lang en)
        dutch = _dutch_only(text)
        if dutch.article is not None:
            return NounPhrase("the", text, text, dutch.plural)
    if noun is None:
        return NounPhrase(None, text, text)  # "Marketing", "HR", "Communications"
    return NounPhrase("the", _sentence_case_lowered(text), text, noun[1])


class RoleName(str):
    """A role or team from the answers, with its article override if the answers give one.

    Templates print it only through a noun-phrase filter (``| the``, ``| a``, ``| bare``): the
    environment refuses a bare ``{{ level.name }}``, so no role lands in a sentence without
    its article. It compares equal to its text; two roles differ by their override too.
    """

    article: str | None

    def __new__(cls, value: str, article: str | None = None) -> RoleName:
        """A role named ``value``; ``article`` as the answers override it (de/het/the/none)."""
        role = super().__new__(cls, value)
        role.article = article
        return role

    def __eq__(self, other: object) -> bool:
        """Equal to the same text; to another role only with the same article too."""
        if isinstance(other, RoleName) and other.article != self.article:
            return False
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        """The opposite of :meth:`__eq__`."""
        return not self == other

    __hash__ = str.__hash__

    def phrase(self, language: str) -> NounPhrase:
        """The noun phrase of this role in ``language``."""
        return noun_phrase(self, language, self.article)
