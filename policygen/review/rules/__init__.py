"""The rule families; importing this package registers every rule in :data:`RULES`.

A new rule is a function with the :func:`~policygen.review.findings.rule` decorator in the
module of its family; a new family is a module here, listed in ``FAMILY_MODULES``.
"""

from __future__ import annotations

from policygen.review.rules import assumptions, consistency, law, readiness

FAMILY_MODULES = (consistency, readiness, law, assumptions)
