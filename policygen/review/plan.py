"""The answers as the review reads them: validated values, and what the file itself left out.

The documents fill in a default wherever the answers are silent; the review needs both the
values the documents use (``data``) and the file as written (``raw``) to tell a decision from
an assumption. Derived facts several rules share (the schedule, who owns a crisis signal, each
step's effective response time, the roles named anywhere) are computed here once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policygen import safeio
from policygen.answers import hours, ladder, routing, yamlio
from policygen.answers import schema as answers_schema
from policygen.answers.hours import Schedule
from policygen.answers.ladder import StepTime

EU = frozenset({"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU",
                "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES",
                "SE", "IS", "LI", "NO"})  # the EU and the rest of the EEA: GDPR applies
# Words in a step's 'handles' that name crises in general, not one signal (lower case).
CRISIS_WORDS = ("crisis", "crises", "crisissen", "incident")
_PATH_PART = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


def same_role(a: str, b: str) -> bool:
    """Whether two role names are the same role, ignoring case, spaces and hyphens."""
    return role_key(a) == role_key(b)


def role_key(role: str) -> str:
    """A role name to compare by: case, spaces and hyphens ignored."""
    return re.sub(r"[\s\-_]+", "", role.casefold())


@dataclass(frozen=True)
class Plan:
    """One organisation's answers: validated ``data``, the file as written (``raw``)."""

    data: Mapping[str, Any]
    raw: Mapping[str, Any] | None  # None: not known (answers made in memory)
    source: str

    @classmethod
    def from_answers(cls, answers: answers_schema.Answers,
                     raw: Mapping[str, Any] | None = None) -> Plan:
        """A plan from validated answers, with the file as written where it is known."""
        return cls(answers.data, raw, answers.source)

    @property
    def language(self) -> str:
        """The answers' document language."""
        return str(self.data["language"])

    @property
    def org(self) -> Mapping[str, Any]:
        """``organisation``."""
        return self.data["organisation"]  # type: ignore[no-any-return]

    @property
    def permissions(self) -> Mapping[str, Any]:
        """``permissions``."""
        return self.data["permissions"]  # type: ignore[no-any-return]

    @property
    def escalation(self) -> Mapping[str, Any]:
        """``escalation``."""
        return self.data["escalation"]  # type: ignore[no-any-return]

    @property
    def levels(self) -> list[Mapping[str, Any]]:
        """The escalation ladder, in order."""
        return list(self.escalation["levels"])

    @property
    def country(self) -> str:
        """``organisation.country`` (filled in from the language where the file is silent)."""
        return str(self.org["country"])

    @property
    def in_eea(self) -> bool:
        """Whether the GDPR applies in the organisation's country (the EU and the EEA)."""
        return self.country in EU

    @functools.cached_property
    def schedule(self) -> Schedule | None:
        """The monitoring hours as a weekly schedule, or None where they do not read as one."""
        return hours.parse(self.escalation.get("monitoring_hours"))

    @functools.cached_property
    def step_times(self) -> list[StepTime]:
        """Each step's effective response times, exactly as the documents print them."""
        return ladder.step_times(self.escalation)

    def owned_signals(self, index: int) -> list[str]:
        """The crisis signals the documents route to the step at ``index`` (not the press's)."""
        return ladder.owned_signals(self.escalation, index)

    def silent(self, path: str) -> bool:
        """Whether the answers file leaves ``path`` (``escalation.levels[0].within_hours``) out.

        False when the file as written is not known: then nothing counts as an assumption.
        """
        if self.raw is None:
            return False
        node: Any = self.raw
        for name, index in _PATH_PART.findall(path):
            if not isinstance(node, Mapping) or node.get(name) is None:
                return True
            node = node[name]
            if index:
                if not isinstance(node, list) or int(index) >= len(node):
                    return True
                node = node[int(index)]
        return node is None

    def explicit_owner(self, trigger: str) -> int | None:
        """The level that names ``trigger`` (in ``triggers`` or ``handles``), or None.

        Asked of the documents' own routing (:func:`routing.owner_index`) with an empty step
        put above the ladder: a signal that lands on that step is one no real step names, and
        the documents then send it to the top of the ladder by default.
        """
        levels = self.levels
        index = routing.owner_index(trigger, [*levels, {}])
        return None if index == len(levels) else index

    def routed_owner(self, trigger: str) -> int:
        """The level the documents send ``trigger`` to, exactly as the protocol routes it."""
        return routing.owner_index(trigger, self.levels)

    @property
    def crisis_step(self) -> int | None:
        """The lowest level whose ``handles`` names crises in general ("incidenten en crises").

        Such a step owns, in the reader's eyes, every crisis signal no step names.
        """
        for index, level in enumerate(self.levels):
            if _mentions_any(str(level.get("handles") or ""), CRISIS_WORDS):
                return index
        return None

    @property
    def small(self) -> bool:
        """Whether the organisation is a sole trader or a very small firm.

        Either one role holds every role the plan names (three places or more), or the ladder
        has a single step and nobody but that step is named to speak for the organisation:
        there is no management above the person who runs it, and no works council.
        """
        slots = role_slots(self)
        if len(slots) >= 3 and len({role_key(role) for _, role in slots}) == 1:
            return True
        levels = self.levels
        spokes = self.permissions["official_spokespeople"]
        return len(levels) == 1 and all(same_role(role, levels[0]["name"]) for role in spokes)

    def monitoring_tools(self) -> list[Mapping[str, Any]]:
        """The tools whose purpose is monitoring or webcare."""
        return [tool for tool in self.data["tools"]
                if tool.get("purpose") in ("monitoring", "webcare")]


def _mentions_any(handles: str, words: tuple[str, ...]) -> bool:
    text = handles.casefold()
    return any(re.search(r"(?<![a-zà-ÿ])" + re.escape(word), text) for word in words)


def role_slots(plan: Plan) -> list[tuple[str, str]]:
    """Every (field path, role) where the plan names a role."""
    data, permissions, escalation = plan.data, plan.permissions, plan.escalation
    slots = [("organisation.policy_owner.role", plan.org["policy_owner"]["role"])]
    if permissions["approval_required"] and permissions.get("approver"):
        slots.append(("permissions.approver", permissions["approver"]))
    slots += [(f"permissions.official_spokespeople[{i}]", role)
              for i, role in enumerate(permissions["official_spokespeople"])]
    slots += [(f"escalation.levels[{i}].name", level["name"])
              for i, level in enumerate(escalation["levels"])]
    slots += [(f"official_accounts[{i}].managed_by", account["managed_by"])
              for i, account in enumerate(data["official_accounts"]) if account.get("managed_by")]
    slots += [(f"tools[{i}].users", tool["users"])
              for i, tool in enumerate(data["tools"]) if tool.get("users")]
    if data["reporting"].get("to"):
        slots.append(("reporting.to", data["reporting"]["to"]))
    if escalation.get("crisis_log_keeper"):
        slots.append(("escalation.crisis_log_keeper", escalation["crisis_log_keeper"]))
    return slots


def load(path: Path) -> tuple[answers_schema.Answers, Plan]:
    """Read, validate and keep the file as written: the answers and the plan to review."""
    text = safeio.read_regular(path, limit=yamlio.MAX_BYTES, what="answers file")
    answers = answers_schema.parse(text, str(path))
    raw = yamlio.load(text, str(path))
    return answers, Plan.from_answers(answers, raw if isinstance(raw, Mapping) else None)
