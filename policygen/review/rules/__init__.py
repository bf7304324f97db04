"""The rule families; importing this package registers every rule in :data:`RULES`.

A new rule is a function with the :func:`~policygen.review.findings.rule` decorator in the
module of its family (a large family may span modules, as consistency does with
``response_times``); a new family is a module here, listed in ``FAMILY_MODULES``.
"""

from __future__ import annotations

from policygen.review.rules import assumptions, consistency, law, readiness, response_times

# consistency's rules on the ladder's response times have a module of their own
FAMILY_MODULES = (consistency, response_times, readiness, law, assumptions)
