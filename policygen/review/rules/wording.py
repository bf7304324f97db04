"""How the rules word a step of the escalation ladder: the verb that agrees with it.

Shared by the rule families (not a family itself: it registers no rule).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from policygen.review.say import Say


def step_verb(say: Say, level: Mapping[str, Any], nl: tuple[str, str],
              en: tuple[str, str]) -> str:
    """The verb form that agrees with a step's name and its given article.

    ``step_verb(say, {"name": "webcareteam"}, ("reageert", "reageren"), ("responds",
    "respond"))`` → ``reageert``.
    """
    return say.verb(level["name"], nl, en, level.get("article"))
