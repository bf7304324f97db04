"""Phrasing the values a finding names, in Dutch or English, with answer text marked.

An answer's own text (a role, a contact, a schedule) goes through ``mark``: unchanged in plain
text and JSON, escaped in Markdown, so a role called ``*Team*`` prints as itself. Everything
else here is policygen's own wording.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from policygen.language.nounphrase import noun_phrase
from policygen.language.phrasing import clock
from policygen.review.roles import is_plural

DAY_NAMES = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
# Enum values as the review names them (the documents' own labels, in running text).
LABELS: dict[str, dict[str, dict[str, str]]] = {
    "crisis_trigger": {
        "safety": {"nl": "gevaar voor de veiligheid", "en": "a threat to safety"},
        "data_breach": {"nl": "een datalek", "en": "a data breach"},
        "media_inquiry": {"nl": "een vraag van de media", "en": "a media enquiry"},
        "viral_negative": {"nl": "negatieve berichten die snel rondgaan",
                           "en": "negative posts spreading fast"},
        "legal_threat": {"nl": "een juridische dreiging", "en": "a legal threat"},
        "account_compromised": {"nl": "een gehackt account", "en": "a hacked account"},
    },
    "platform": {
        "linkedin": {"nl": "LinkedIn", "en": "LinkedIn"}, "x": {"nl": "X", "en": "X"},
        "facebook": {"nl": "Facebook", "en": "Facebook"},
        "instagram": {"nl": "Instagram", "en": "Instagram"},
        "tiktok": {"nl": "TikTok", "en": "TikTok"}, "youtube": {"nl": "YouTube", "en": "YouTube"},
    },
    "sector": {
        "government": {"nl": "overheid", "en": "government"},
        "healthcare": {"nl": "zorg", "en": "healthcare"},
        "education": {"nl": "onderwijs", "en": "education"},
        "nonprofit": {"nl": "goede doelen en verenigingen", "en": "non-profit"},
        "finance": {"nl": "financiële dienstverlening", "en": "financial services"},
        "retail": {"nl": "detailhandel", "en": "retail"},
        "b2b": {"nl": "zakelijke dienstverlening", "en": "business services"},
        "other": {"nl": "overig", "en": "other"},
    },
}


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True)
class Say:
    """Phrases in one language; ``mark`` is applied to every piece of answer text."""

    language: str
    mark: Callable[[str], str] = _identity

    def nl(self) -> bool:
        """Whether the phrases are Dutch."""
        return self.language == "nl"

    def answer(self, text: object) -> str:
        """An answer's own text, as written."""
        return self.mark(str(text))

    def the(self, role: str, article: str | None = None) -> str:
        """A role from the answers with its definite article: ``het webcareteam``, ``Marketing``."""
        return self.mark(noun_phrase(role, self.language, article).definite())

    def verb(self, role: str, nl: tuple[str, str], en: tuple[str, str],
             article: str | None = None) -> str:
        """The verb form that agrees with ``role``: (singular, plural) per language.

        ``say.verb("wethouders", ("spreekt", "spreken"), ("speaks", "speak"))`` → ``spreken``.
        """
        singular, plural = nl if self.nl() else en
        return plural if is_plural(role, self.language, article) else singular

    def step(self, level: Mapping[str, Any]) -> str:
        """A step of the escalation ladder by its name, with its (given) article."""
        return self.the(level["name"], level.get("article"))

    def quoted(self, text: object) -> str:
        """An answer's own text in quotation marks (free text such as a schedule)."""
        return f"“{self.answer(text)}”"

    def pick(self, nl: str, en: str) -> str:
        """The Dutch or the English of a phrase."""
        return nl if self.nl() else en

    def hours(self, n: int) -> str:
        """``4 uur`` / ``4 hours`` (``1 hour``)."""
        return f"{n} uur" if self.nl() else f"{n} hour" + ("" if n == 1 else "s")

    def minutes(self, n: int) -> str:
        """``60 minuten`` / ``60 minutes``."""
        return f"{n} " + (("minuut" if n == 1 else "minuten") if self.nl()
                          else ("minute" if n == 1 else "minutes"))

    def within(self, minutes: int) -> str:
        """A time in minutes as the documents say it: ``een uur``, ``2 uur``, ``30 minuten``."""
        if minutes == 60:
            return self.pick("een uur", "an hour")
        return self.hours(minutes // 60) if minutes % 60 == 0 else self.minutes(minutes)

    def months(self, n: int) -> str:
        """``12 maanden`` / ``12 months``."""
        return f"{n} " + (("maand" if n == 1 else "maanden") if self.nl()
                          else ("month" if n == 1 else "months"))

    def span(self, minutes: int) -> str:
        """A length of time in the largest sensible unit: ``62 uur``, ``2 dagen en 14 uur``."""
        hours, rest = divmod(minutes, 60)
        if rest and hours < 10:
            if not hours:
                return self.minutes(rest)
            return self.hours(hours) + self.pick(" en ", " and ") + self.minutes(rest)
        return self.hours(hours + (1 if rest >= 30 else 0))

    def moment(self, week_minute: int) -> str:
        """A moment of the week: ``vrijdag 18.00 uur`` / ``Friday 18:00`` (as the documents)."""
        day, minute = divmod(week_minute % (7 * 24 * 60), 24 * 60)
        at = clock(minute, self.language) + (" uur" if self.nl() else "")
        return f"{DAY_NAMES[self.language][day]} {at}"

    def label(self, kind: str, value: str) -> str:
        """An enum value in words; a free-text value (a platform of one's own) as written."""
        entry = LABELS.get(kind, {}).get(value)
        return entry[self.language] if entry else self.answer(value)

    def join(self, items: Iterable[str], word: str = "") -> str:
        """``a, b en c`` / ``a, b and c`` (items already phrased); ``word`` replaces and."""
        parts = list(items)
        last = word or self.pick("en", "and")
        if len(parts) <= 1:
            return "".join(parts)
        return ", ".join(parts[:-1]) + f" {last} " + parts[-1]

    def roles(self, roles: Iterable[str], word: str = "") -> str:
        """Answer roles with their articles, joined: ``Marketing en het webcareteam``."""
        return self.join((self.the(role) for role in roles), word)
