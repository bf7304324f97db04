"""The deck's fixed wording (``templates/slides.yaml``), filled with one organisation's values.

A library author changes the wording there, without touching Python. A line is a text per
language, with an optional ``when`` on the answers; its ``{placeholders}`` are replaced by the
organisation's values as plain text (an answer is never read as a template), and a line whose
placeholder has no value for this organisation is left out, so no slide says "None".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policygen import safeio
from policygen.answers import yamlio
from policygen.answers.schema import LANGUAGES
from policygen.clauselib import library as library_module
from policygen.errors import Problem, ProblemsError

FILE_NAME = "slides.yaml"
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([a-z_]+)\}")
# the keys the deck reads; each a text or a list of lines
REQUIRED = {
    "title": ("lines", "notes"), "why": ("title", "lines", "notes"),
    "response": ("title", "lines"), "ladder": ("title", "notes"), "flow": ("notes",),
    "scenarios": ("questions", "notes"), "quiz": ("title", "lines", "notes"),
    "card": ("title", "notes"), "units": ("hour", "hours", "minutes"),
}


@dataclass(frozen=True)
class Wording:
    """The wording file, the document language and the organisation's values."""

    data: dict[str, Any]
    source: str
    language: str
    facts: Mapping[str, str | None]  # placeholder → plain text, or None where there is none
    conditions: Mapping[str, Any]  # what a ``when`` may test: dotted answer fields and more

    def text(self, *keys: str) -> str:
        """One text (``text('flow', 'title')``); a text without its values is an error."""
        entry = self._at(keys)
        filled = self.fill(entry, ".".join(keys))
        if filled is None:
            raise ProblemsError([Problem(self.source, "a placeholder here has no value for "
                                         "this organisation; it cannot be left out",
                                         field=".".join(keys))])
        return filled

    def lines(self, *keys: str) -> list[str]:
        """The lines of a list that apply to this organisation, filled in."""
        found = []
        for index, entry in enumerate(self._at(keys)):
            where = f"{'.'.join(keys)}[{index}]"
            if self.holds(entry, where):
                text = self.fill(entry, where)
                if text is not None:
                    found.append(text)
        return found

    def holds(self, entry: Mapping[str, Any], where: str) -> bool:
        """Whether an entry's ``when`` holds for this organisation (no ``when``: always)."""
        for field_name, wanted in (entry.get("when") or {}).items():
            if field_name not in self.conditions:
                raise ProblemsError([Problem(self.source, f"when: unknown answer field "
                                             f"{field_name!r}", field=where)])
            allowed = wanted if isinstance(wanted, list) else [wanted]
            if self.conditions[field_name] not in allowed:
                return False
        return True

    def fill(self, entry: Mapping[str, Any], where: str) -> str | None:
        """The entry's text in the document language with its values, or None if one is missing."""
        missing = False

        def value(match: re.Match[str]) -> str:
            nonlocal missing
            if match.group(0) in ("{{", "}}"):
                return match.group(0)[0]
            name = match.group(1)
            if name not in self.facts:
                raise ProblemsError([Problem(self.source, f"unknown placeholder {{{name}}}",
                                             field=where)])
            text = self.facts[name]
            if text is None:
                missing = True
                return ""
            return text

        filled = _PLACEHOLDER.sub(value, entry[self.language])
        return None if missing else filled

    def _at(self, keys: tuple[str, ...]) -> Any:
        node: Any = self.data
        for key in keys:
            node = node[key]
        return node


def load(library: Any) -> tuple[dict[str, Any], str]:
    """The library's ``templates/slides.yaml`` (or the shipped one where a library has none)."""
    path = Path(library.root) / "templates" / FILE_NAME
    if not path.exists():
        path = library_module.default_root() / "templates" / FILE_NAME
    raw = yamlio.load(safeio.read_regular(path, what="YAML file"), str(path))
    problems = _check(raw, str(path))
    if problems:
        raise ProblemsError(problems)
    return raw, str(path)


def _check(raw: Any, source: str) -> list[Problem]:
    """Every key the deck reads is there, and every text has both languages."""
    if not isinstance(raw, dict):
        return [Problem(source, "expected a mapping of slide wordings")]
    problems: list[Problem] = []
    for group, keys in REQUIRED.items():
        for key in keys:
            entry = raw.get(group, {}).get(key) if isinstance(raw.get(group), dict) else None
            if entry is None:
                problems.append(Problem(source, "required: the deck prints this",
                                        field=f"{group}.{key}"))
            elif isinstance(entry, list):
                for index, item in enumerate(entry):
                    problems += _check_entry(item, source, f"{group}.{key}[{index}]")
            else:
                problems += _check_entry(entry, source, f"{group}.{key}")
    return problems


def _check_entry(entry: Any, source: str, where: str) -> list[Problem]:
    if not isinstance(entry, dict):
        return [Problem(source, "expected a mapping with nl and en", field=where)]
    missing = [lang for lang in LANGUAGES if not isinstance(entry.get(lang), str)]
    return [Problem(source, f"needs text for {', '.join(missing)}", field=where)] \
        if missing else []
