"""The clause filters: what a clause writes around an answer to make it read as written.

Enum values get their label in the document language; lists are joined ("a, b en c"); roles
get their article through the noun-phrase model (``| the``, ``| a``, ``| join_the``); a
contact gets its own verb (``| reach``: "bel …", "mail naar …"); a schedule reads as words
(``| schedule``); dates are written out. Every filter escapes answer text for Markdown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from policygen.language import phrasing
from policygen.language.environment import (
    MAX_CHARS,
    EmptyValueError,
    RoleWithoutArticleError,
    _join_size,
    _step,
    _too_large,
)
from policygen.language.mdescape import MarkdownSafe, escape
from policygen.language.nounphrase import NounPhrase, RoleName, a_or_an, noun_phrase

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
_AND = {"nl": "en", "en": "and"}
_OR = {"nl": "of", "en": "or"}


def _lang(context: Context) -> str:
    return str(context.get("language", "nl"))


@pass_context
def label(context: Context, value: Any, kind: str) -> MarkdownSafe:
    """Display text of an enum value in the document language.

    Used as ``'data_breach' | label('crisis_trigger')``; unknown values (free text such as a
    platform called 'Mastodon') print as themselves.
    """
    labels: Mapping[str, Any] = context.get("labels") or {}
    entry = labels.get(kind, {}).get(value)
    if entry is None:
        return escape(value)
    return MarkdownSafe(entry[_lang(context)])


def _join(context: Context, values: Iterable[Any], word: Mapping[str, str]) -> MarkdownSafe:
    items = []
    for value in values:
        if isinstance(value, RoleName):
            raise RoleWithoutArticleError(value)
        items.append(escape(value))
    if not items:
        raise EmptyValueError("joins an empty list (guard it with {% if %})")
    if len(items) == 1:
        return items[0]
    _step()
    size = _join_size("", items) + 2 * len(items)
    if size > MAX_CHARS:
        raise _too_large(size)
    conj = word[_lang(context)]
    return MarkdownSafe(", ".join(items[:-1]) + f" {conj} " + items[-1])


@pass_context
def join_and(context: Context, values: Iterable[Any]) -> MarkdownSafe:
    """'a, b and c' (en) or 'a, b en c' (nl), each item escaped."""
    return _join(context, values, _AND)


@pass_context
def join_or(context: Context, values: Iterable[Any]) -> MarkdownSafe:
    """'a, b or c' (en) or 'a, b of c' (nl), each item escaped."""
    return _join(context, values, _OR)


def format_date(value: dt.date, language: str) -> str:
    """'1 december 2026' (nl) or '1 December 2026' (en)."""
    return f"{value.day} {MONTHS[language][value.month - 1]} {value.year}"


@pass_context
def longdate(context: Context, value: dt.date) -> MarkdownSafe:
    """A date written out in the document language."""
    return MarkdownSafe(format_date(value, _lang(context)))


def add_months(value: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (clamped to the month's last day)."""
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    for day in range(value.day, 27, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, min(value.day, 28))


def _phrase(context: Context, value: Any) -> NounPhrase:
    if not isinstance(value, str) or not value.strip():
        raise EmptyValueError("puts an article before an empty value (guard it with {% if %})")
    article = value.article if isinstance(value, RoleName) else None
    return noun_phrase(str(value), _lang(context), article)


@pass_context
def the(context: Context, value: Any) -> MarkdownSafe:
    """A role with its definite article: 'het hoofd Communicatie', 'de HR-manager', 'the CEO'.

    A department used as a name stays bare ('Communicatie', 'Marketing').
    """
    phrase = _phrase(context, value)
    return escape(phrase.definite())


@pass_context
def the_start(context: Context, value: Any) -> MarkdownSafe:
    """The same, to start a sentence: 'Het hoofd Communicatie'."""
    phrase = _phrase(context, value)
    return escape(phrase.definite(start=True))


@pass_context
def a(context: Context, value: Any) -> MarkdownSafe:
    """A role with its indefinite article: 'een teamleider', 'an HR officer'."""
    phrase = _phrase(context, value)
    return escape(phrase.indefinite(_lang(context)))


@pass_context
def a_start(context: Context, value: Any) -> MarkdownSafe:
    """The same, to start a sentence: 'Een teamleider'."""
    phrase = _phrase(context, value)
    return escape(phrase.indefinite(_lang(context), start=True))


@pass_context
def a_name(context: Context, value: Any) -> MarkdownSafe:
    """A name with the indefinite article it takes: 'an Acme Analytics', 'een Peeze'.

    For 'a {{ sn }} account', which would read 'a Acme Analytics account'.
    """
    text = str(value)
    article = "een" if _lang(context) == "nl" else a_or_an(text)
    return MarkdownSafe(f"{article} {escape(text)}")


def bare(value: Any) -> MarkdownSafe:
    """A role exactly as the answers write it: for a table cell, a heading or after a colon."""
    if not isinstance(value, str) or not value.strip():
        raise EmptyValueError("prints an empty role (guard it with {% if %})")
    return escape(str(value))


def _join_roles(context: Context, values: Iterable[Any], word: Mapping[str, str]) -> MarkdownSafe:
    return _join(context, [the(context, value) for value in values], word)


@pass_context
def join_the(context: Context, values: Iterable[Any]) -> MarkdownSafe:
    """Roles each with its article, joined: 'de directeur en het hoofd Communicatie'."""
    return _join_roles(context, values, _AND)


@pass_context
def join_the_start(context: Context, values: Iterable[Any]) -> MarkdownSafe:
    """The same, to begin a sentence: 'De directeur en het hoofd Communicatie'."""
    text = _join_roles(context, values, _AND)
    return MarkdownSafe(text[:1].upper() + text[1:])


@pass_context
def join_the_or(context: Context, values: Iterable[Any]) -> MarkdownSafe:
    """The same with 'of' / 'or'."""
    return _join_roles(context, values, _OR)


def _contact(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise EmptyValueError("prints an empty contact (guard it with {% if %})")
    return value


@pass_context
def reach(context: Context, value: Any) -> MarkdownSafe:
    """The imperative a contact takes: 'bel +31 6 …', 'mail naar a@b.nl', 'call …'."""
    text = _contact(value)
    return MarkdownSafe(phrasing.reach(text, escape(text), _lang(context)))


@pass_context
def reach_start(context: Context, value: Any) -> MarkdownSafe:
    """The same, to start a sentence: 'Bel +31 6 …'."""
    text = reach(context, value)
    return MarkdownSafe(text[:1].upper() + text[1:])


@pass_context
def via(context: Context, value: Any) -> MarkdownSafe:
    """How a contact is reached, after a verb: 'telefonisch op +31 6 …', 'by email at …'."""
    text = _contact(value)
    return MarkdownSafe(phrasing.via(text, escape(text), _lang(context)))


@pass_context
def schedule(context: Context, value: Any) -> MarkdownSafe:
    """Monitoring hours as words ('van maandag tot en met vrijdag van 8.00 tot 18.00 uur').

    Text that is no schedule ('tijdens kantooruren') prints as written.
    """
    if not isinstance(value, str) or not value.strip():
        raise EmptyValueError("prints an empty schedule (guard it with {% if %})")
    phrase = phrasing.schedule_phrase(value, _lang(context))
    return MarkdownSafe(phrase) if phrase is not None else escape(value)


def pick(value: Any, one: str, many: str) -> MarkdownSafe:
    """``one`` for a list of one thing (or the number 1), ``many`` otherwise.

    ``{{ objectives | pick('dit doel', 'deze doelen') }}``: the words are the clause's own
    Markdown, not answer text.
    """
    count = value if isinstance(value, int) else len(value)
    return MarkdownSafe(phrasing.pick(count, one, many))


FILTERS = {
    "label": label, "join_and": join_and, "join_or": join_or, "the": the,
    "the_start": the_start, "a": a, "a_start": a_start, "bare": bare, "a_name": a_name,
    "join_the": join_the, "join_the_start": join_the_start, "join_the_or": join_the_or,
    "reach": reach, "reach_start": reach_start, "via": via, "schedule": schedule, "pick": pick,
    "longdate": longdate, "add_months": add_months,
}
