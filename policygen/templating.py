"""The sandboxed Jinja environment that clause bodies, conditions and document templates use.

Answer values are data: every ``{{ value }}`` is escaped for Markdown on output (the
environment's ``finalize``), nothing from an answer is ever compiled as a template, and
printing an empty value or a raw list is an error in the clause, not a blank in the document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import StrictUndefined, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from policygen.errors import PolicygenError
from policygen.mdescape import MarkdownSafe, escape

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
_AND = {"nl": "en", "en": "and"}
_OR = {"nl": "of", "en": "or"}


class EmptyValueError(PolicygenError):
    """A template printed None or a list: the clause must guard that case."""


def _finalize(value: Any) -> str:
    if type(value) is str:  # the common case first: an answer value
        return escape(value)
    if isinstance(value, MarkdownSafe):
        return value
    if value is None:
        raise EmptyValueError("prints an empty value (guard it with {% if %})")
    if isinstance(value, (list, tuple, dict, set)):
        raise EmptyValueError("prints a list or mapping directly (use join_and or a loop)")
    if isinstance(value, bool):
        raise EmptyValueError("prints true/false directly (use {% if %})")
    if isinstance(value, dt.date):
        raise EmptyValueError("prints a date unformatted (use the longdate filter)")
    return escape(value)


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
    items = [escape(v) for v in values]
    if not items:
        raise EmptyValueError("joins an empty list (guard it with {% if %})")
    if len(items) == 1:
        return items[0]
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


# Dutch nouns for roles and teams that take "het"; a role's head noun is its first word
# ("Hoofd Communicatie") or the last part of a single compound ("Webcare-team", "HR-manager").
_HET = ("team", "hoofd", "bestuur", "mt", "management", "secretariaat", "bureau", "college",
        "kantoor", "centrum", "loket", "platform", "kcc", "panel", "comité", "lid")
_ARTICLES = {"nl": ("de ", "het ", "onze ", "ons ", "jouw ", "je ", "een "),
             "en": ("the ", "our ", "your ", "a ", "an ")}


def article_for(value: str, language: str) -> str:
    """The definite article a role or team name takes: 'het' for 'Hoofd Communicatie'."""
    if language != "nl":
        return "the"
    words = value.split()
    if not words:
        return "de"
    head = words[0] if len(words) > 1 else words[0].rsplit("-", 1)[-1]
    return "het" if head.lower().endswith(_HET) else "de"


def _the(context: Context, value: Any, start: bool) -> MarkdownSafe:
    if not isinstance(value, str) or not value.strip():
        raise EmptyValueError("puts an article before an empty value (guard it with {% if %})")
    language = _lang(context)
    if value.lower().startswith(_ARTICLES.get(language, ())):
        word = ""
    else:
        word = article_for(value, language) + " "
    text = word + escape(value)
    return MarkdownSafe(text[:1].upper() + text[1:] if start else text)


@pass_context
def the(context: Context, value: Any) -> MarkdownSafe:
    """A role with its definite article: 'het Hoofd Communicatie', 'de HR-manager', 'the CEO'."""
    return _the(context, value, start=False)


@pass_context
def the_start(context: Context, value: Any) -> MarkdownSafe:
    """The same, capitalised to start a sentence: 'Het Hoofd Communicatie'."""
    return _the(context, value, start=True)


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


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox, with a fast path for the answers: ``organisation.name`` on a plain dict.

    The sandbox first tries ``getattr(dict, "name")``, which raises, and then the item; for a
    key that is not a dict attribute the result is the same, without the exception.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def make_environment() -> ImmutableSandboxedEnvironment:
    """A sandboxed, strict environment with the clause filters."""
    env = _Environment(
        undefined=StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        label=label,
        join_and=join_and,
        join_or=join_or,
        the=the,
        the_start=the_start,
        longdate=longdate,
        add_months=add_months,
        escape_md=escape,
    )
    return env
