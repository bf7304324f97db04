"""What a review is made of: rules (registered by id), their hits, and the findings they give.

A rule has an id (``family.name``), a severity, the answer fields it reads, and its texts in
Dutch and English: a title, why it matters and what to change, with ``{placeholders}``. Its
check computes, from the answers, zero or more :class:`Hit`; each hit names the exact fields
involved and fills the placeholders in a given language (see :mod:`policygen.review.say`), so
a finding states only what the answers really say.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policygen.review.plan import Plan
    from policygen.review.say import Say

SEVERITIES = ("error", "warning", "tip")  # most serious first
LANGUAGES = ("nl", "en")
FAMILIES = ("consistency", "readiness", "law", "assumptions")  # the order findings are listed in

Texts = Mapping[str, str]  # language → text with {placeholders}
Values = Callable[["Say"], Mapping[str, str]]


@dataclass(frozen=True)
class Hit:
    """One occurrence of a rule: the exact fields involved and the values its texts name."""

    fields: tuple[str, ...]
    values: Values = field(default=lambda say: {})


Check = Callable[["Plan"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """One rule: its id, severity, the fields it reads, its texts and its check."""

    id: str
    severity: str
    fields: tuple[str, ...]
    title: Texts
    why: Texts
    change: Texts
    check: Check

    @property
    def family(self) -> str:
        """The family the rule belongs to: the id's first part."""
        return self.id.split(".", 1)[0]


@dataclass(frozen=True)
class Finding:
    """A rule's hit, phrased in one language."""

    id: str
    severity: str
    fields: tuple[str, ...]
    title: str
    why: str
    change: str

    @property
    def family(self) -> str:
        """The family of the rule that gave it."""
        return self.id.split(".", 1)[0]


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: str, fields: Iterable[str], *, title: Texts, why: Texts,
         change: Texts) -> Callable[[Check], Check]:
    """Register the decorated check as rule ``rule_id`` (ids are unique, texts bilingual)."""
    family = rule_id.split(".", 1)[0]
    if family not in FAMILIES or "." not in rule_id:
        raise ValueError(f"{rule_id}: a rule id is family.name, family one of {FAMILIES}")
    if severity not in SEVERITIES:
        raise ValueError(f"{rule_id}: severity {severity!r} is not one of {SEVERITIES}")
    if rule_id in RULES:
        raise ValueError(f"{rule_id}: registered twice")
    for part, texts in (("title", title), ("why", why), ("change", change)):
        if set(texts) != set(LANGUAGES) or not all(texts.values()):
            raise ValueError(f"{rule_id}: {part} needs a text in each of {LANGUAGES}")

    def register(check: Check) -> Check:
        RULES[rule_id] = Rule(rule_id, severity, tuple(fields), title, why, change, check)
        return check

    return register
