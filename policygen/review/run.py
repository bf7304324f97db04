"""Run the rules on one plan and phrase what they find, in one language.

The rules are registered when :mod:`policygen.review.rules` is imported; :func:`review`
runs each on the plan and phrases every hit, most serious first, by family, in the order the
rules were registered. The organisation's short name (``{org}``) and the policy owner's role
(``{owner}``) are there for every text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from policygen.review import rules as _rules  # noqa: F401 - registers the rules
from policygen.review.findings import FAMILIES, RULES, SEVERITIES, Finding, Hit, Rule
from policygen.review.plan import Plan, load
from policygen.review.say import Say


def hits(plan: Plan) -> list[tuple[Rule, Hit]]:
    """Every rule's hits on ``plan``, most serious first, then by family and rule order."""
    order = {rule_id: index for index, rule_id in enumerate(RULES)}
    found = [(rule, hit) for rule in RULES.values() for hit in rule.check(plan)]
    return sorted(found, key=lambda item: (SEVERITIES.index(item[0].severity),
                                           FAMILIES.index(item[0].family), order[item[0].id]))


def phrase(plan: Plan, rule: Rule, hit: Hit, say: Say) -> Finding:
    """One hit in ``say``'s language, its answer texts marked by ``say``."""
    values = {"org": say.answer(plan.org["short_name"]),
              "owner": say.the(plan.org["policy_owner"]["role"],
                               plan.org["policy_owner"].get("article")), **hit.values(say)}
    language = say.language
    title = rule.title[language].format_map(values)
    return Finding(rule.id, rule.severity, hit.fields, title[:1].upper() + title[1:],
                   rule.why[language].format_map(values),
                   rule.change[language].format_map(values))


def review(plan: Plan, language: str | None = None,
           mark: Callable[[str], str] | None = None) -> list[Finding]:
    """The findings on ``plan`` in ``language`` (default: the answers'), answer text marked."""
    say = Say(language or plan.language, *((mark,) if mark else ()))
    return [phrase(plan, rule, hit, say) for rule, hit in hits(plan)]


def review_file(path: Path, language: str | None = None) -> tuple[Plan, list[Finding]]:
    """Load an answers file (its problems raised as usual) and review it."""
    _, plan = load(path)
    return plan, review(plan, language)


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity."""
    return {severity: sum(1 for f in findings if f.severity == severity)
            for severity in SEVERITIES}
