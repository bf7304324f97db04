"""Crisis routing: which step of the escalation ladder owns each crisis signal.

A journalist's question goes to whoever handles the press, a data breach to whoever handles data
breaches — not always to the top of the ladder. The answers can say it exactly
(``escalation.levels[].triggers``); where they do not, a level's ``handles`` text is read for the
signal's words ("pers", "datalek", "legal threats"), and what no level names goes to the top
step. The protocol, the handout and the trainer's model answers all route through this one
function, so they agree.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

# Words in a level's 'handles' that say it owns a signal (Dutch and English, lower case).
SIGNAL_WORDS: dict[str, tuple[str, ...]] = {
    "media_inquiry": ("pers", "journalist", "media", "press", "nieuws", "news"),
    "data_breach": ("datalek", "data breach", "databreach", "privacy", "persoonsgegevens",
                    "personal data", "gdpr", "avg"),
    "safety": ("veiligheid", "safety", "dreiging", "threat", "geweld", "violence", "calamiteit",
               "emergenc", "noodgeval"),
    "legal_threat": ("juridisch", "legal", "advocaat", "lawyer", "rechtszaak", "lawsuit",
                     "aansprakelijk", "liabilit", "claim"),
    "viral_negative": ("negatieve publiciteit", "negative publicity", "viral", "reputatie",
                       "reputation", "ophef", "storm"),
    "account_compromised": ("hack", "inlog", "login", "beveiliging", "security",
                            "wachtwoord", "password"),
}


@functools.lru_cache(maxsize=64)
def _pattern(trigger: str) -> re.Pattern[str] | None:
    """One pattern per trigger: any of its words at the start of a word (compiled when used)."""
    words = SIGNAL_WORDS.get(trigger)
    if not words:
        return None
    return re.compile("|".join(r"(?<![a-zà-ÿ])" + re.escape(word) for word in words))


@functools.lru_cache(maxsize=4096)
def _mentions(handles: str, trigger: str) -> bool:
    """Whether a level's ``handles`` names ``trigger`` (memoized: check asks it often)."""
    pattern = _pattern(trigger)
    return pattern is not None and pattern.search(handles.casefold()) is not None


def owner_index(trigger: str, levels: Sequence[Mapping[str, Any]]) -> int:
    """The index of the level that owns ``trigger``.

    The level that lists it in ``triggers``; else the lowest level whose ``handles`` names it;
    else the top of the ladder (a crisis nobody named goes to whoever decides most).
    """
    for index, level in enumerate(levels):
        if trigger in (level.get("triggers") or ()):
            return index
    for index, level in enumerate(levels):
        if level.get("handles") and _mentions(str(level["handles"]), trigger):
            return index
    return len(levels) - 1


def routes(escalation: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every crisis trigger of the answers → the level (its mapping, plus ``step``) owning it."""
    levels: Sequence[Mapping[str, Any]] = escalation.get("levels") or []
    out: dict[str, dict[str, Any]] = {}
    for trigger in escalation.get("crisis_triggers") or []:
        index = owner_index(trigger, levels)
        out[trigger] = {**levels[index], "step": index + 1}
    return out
