"""A small declarative field language: one definition gives validation and the JSON Schema.

The answers file is described once with these classes (see :mod:`policygen.answers.schema`).
The same
objects validate a loaded YAML document (collecting every problem with its dotted path), fill
in defaults, export the JSON Schema that editors use, and validate single answers in the
question flow, so the rules live in one place.
"""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

MISSING: Any = object()

_BLANKS = re.compile(r"[ \t]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")


def _close_matches(word: str, possibilities: list[str]) -> list[str]:
    """The one possibility most like ``word``, if any is close (for "did you mean")."""
    import difflib  # only where an answer is wrong

    return difflib.get_close_matches(word, possibilities, 1)


@dataclass(frozen=True)
class FieldProblem:
    """A problem with one value: its dotted path and what is wrong."""

    path: str
    message: str


class Problems:
    """Collects problems while a document is validated."""

    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, path: str, message: str) -> None:
        """Record one problem at ``path``."""
        self.items.append(FieldProblem(path, message))


def _describe(value: Any) -> str:
    """A short, safe rendering of a bad value for an error message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass
class Field(ABC):
    """Base of all fields: a description, an optional default and required flag."""

    description: str = ""
    default: Any = MISSING
    required: bool = False

    @abstractmethod
    def check(self, value: Any, path: str, problems: Problems) -> Any:
        """Validate ``value`` (never None here) and return its normalized form."""

    @abstractmethod
    def schema(self) -> dict[str, Any]:
        """The JSON Schema fragment of this field, without description and default."""

    def json_schema(self) -> dict[str, Any]:
        """The JSON Schema of this field, with description and default."""
        out = self.schema()
        if self.description:
            out["description"] = self.description
        if self.default is not MISSING and not callable(self.default):
            out["default"] = _jsonable(self.default)
        return out

    def default_value(self) -> Any:
        """The default, computed fresh (lists are never shared)."""
        value = self.default
        if callable(value):
            return value()
        if isinstance(value, list):
            return list(value)
        return value

    def validate(self, value: Any, path: str, problems: Problems) -> Any:
        """Validate a value that may be absent (None/MISSING): default or 'required'."""
        if value is None or value is MISSING:
            if self.required:
                problems.add(path, "required")
                return None
            if self.default is MISSING:
                return None
            return self.default_value()
        return self.check(value, path, problems)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass
class Text(Field):
    """One line of text with length limits; no control characters."""

    min_length: int = 1
    max_length: int = 200
    examples: Sequence[str] = ()
    pattern: str = ""
    pattern_hint: str = ""

    def check(self, value: Any, path: str, problems: Problems) -> Any:
        if not isinstance(value, str):
            problems.add(path, f"expected text, got {_describe(value)} (put it in quotes)")
            return None
        text = _BLANKS.sub(" ", value.strip())
        if "\n" in text or "\r" in text:
            problems.add(path, "must be a single line")
            return None
        if _CONTROL.search(text):
            problems.add(path, "contains control characters")
            return None
        if len(text) < self.min_length:
            problems.add(path, "must not be empty")
            return None
        if len(text) > self.max_length:
            problems.add(path, f"at most {self.max_length} characters (got {len(text)})")
            return None
        if self.pattern and not re.fullmatch(self.pattern, text):
            problems.add(path, f"{self.pattern_hint or 'not valid'}: {_describe(text)}")
            return None
        return text

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "string",
            "minLength": self.min_length,
            "maxLength": self.max_length,
        }
        if self.examples:
            out["examples"] = list(self.examples)
        if self.pattern:
            out["pattern"] = f"^(?:{self.pattern})$"
        return out


EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[^@\s]+"


@dataclass
class Integer(Field):
    """A whole number within bounds."""

    minimum: int = 0
    maximum: int = 1_000_000

    def check(self, value: Any, path: str, problems: Problems) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            problems.add(path, f"expected a whole number, got {_describe(value)}")
            return None
        if not self.minimum <= value <= self.maximum:
            problems.add(path, f"must be between {self.minimum} and {self.maximum} (got {value})")
            return None
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


@dataclass
class Boolean(Field):
    """true or false."""

    def check(self, value: Any, path: str, problems: Problems) -> Any:
        if not isinstance(value, bool):
            problems.add(path, f"expected true or false, got {_describe(value)}")
            return None
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass
class Choice(Field):
    """One of a fixed set of values."""

    choices: Sequence[Any] = ()

    def check(self, value: Any, path: str, problems: Problems) -> Any:
        if isinstance(value, bool) or value not in self.choices:
            options = ", ".join(str(c) for c in self.choices)
            hint = ""
            if isinstance(value, str):
                close = _close_matches(value, [str(c) for c in self.choices])
                if close:
                    hint = f"; did you mean {close[0]!r}?"
            problems.add(path, f"must be one of {options} (got {_describe(value)}){hint}")
            return None
        return value

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices)}


@dataclass
class Date(Field):
    """A calendar date, written YYYY-MM-DD."""

    def check(self, value: Any, path: str, problems: Problems) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        problems.add(path, f"expected a date like 2026-12-01, got {_describe(value)}")
        return None

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


@dataclass
class ListOf(Field):
    """A list of items of one field type."""

    item: Field = field(default_factory=Text)
    min_items: int = 0
    max_items: int = 50
    unique: bool = False

    def check(self, value: Any, path: str, problems: Problems) -> Any:
        if not isinstance(value, list):
            problems.add(path, f"expected a list, got {_describe(value)}")
            return None
        if len(value) < self.min_items:
            problems.add(path, f"needs at least {self.min_items} item(s)")
        if len(value) > self.max_items:
            problems.add(path, f"at most {self.max_items} items (got {len(value)})")
            return None
        out = []
        seen: set[Any] = set()
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            if item is None:
                problems.add(item_path, "empty item")
                continue
            checked = self.item.check(item, item_path, problems)
            if checked is None:
                continue
            key = repr(checked)
            if self.unique and key in seen:
                problems.add(item_path, f"{_describe(checked)} is listed twice")
                continue
            seen.add(key)
            out.append(checked)
        return out

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "array",
            "items": self.item.json_schema(),
            "minItems": self.min_items,
            "maxItems": self.max_items,
        }
        if self.unique:
            out["uniqueItems"] = True
        return out


@dataclass(frozen=True)
class Rule:
    """A check across fields of one record, run only on fields that passed their own checks.

    ``reads`` names the fields the check looks at, relative to the record (``levels[*].name``:
    every level's name). The check is skipped when a problem was already found at one of them,
    inside one, or at a field that holds one, so it never sees a value that failed.
    """

    check: Callable[[dict[str, Any], str, Problems], None]
    reads: tuple[str, ...]

    def blocked_by(self, path: str, problems: Problems) -> bool:
        """True when a problem already found touches a field this rule reads."""
        for read in self.reads:
            target = re.escape(_join(path, read)).replace(r"\[\*\]", r"\[\d+\]")
            pieces = re.split(r"(?=\\\.|\\\[)", target)  # the field and each that holds it
            holders = ["".join(pieces[:n]) for n in range(1, len(pieces) + 1)]
            pattern = re.compile(f"(?:{'|'.join(holders)})$|{target}[.\\[]")
            if any(pattern.match(problem.path) for problem in problems.items):
                return True
        return False


@dataclass
class Record(Field):
    """A mapping with known keys.

    Unknown keys are problems (with a did-you-mean hint), except keys starting with ``_``,
    which tools may use for their own metadata.
    """

    fields: Mapping[str, Field] = field(default_factory=dict)
    rules: Sequence[Rule] = ()
    extra_schema: Mapping[str, Any] = field(default_factory=dict)

    def default_value(self) -> Any:
        problems = Problems()
        return self.check({}, "", problems)

    def validate(self, value: Any, path: str, problems: Problems) -> Any:
        if (value is None or value is MISSING) and not self.required:
            value = {}
        return super().validate(value, path, problems)

    def check(self, value: Any, path: str, problems: Problems) -> Any:
        if not isinstance(value, Mapping):
            problems.add(path or "(top level)", f"expected a mapping, got {_describe(value)}")
            return None
        out: dict[str, Any] = {}
        for key in value:
            if not isinstance(key, str):
                problems.add(_join(path, str(key)), "keys must be text")
            elif key not in self.fields and not key.startswith("_"):
                close = _close_matches(key, list(self.fields))
                hint = f"; did you mean {close[0]!r}?" if close else ""
                problems.add(_join(path, key), f"unknown field{hint}")
        for name, spec in self.fields.items():
            out[name] = spec.validate(value.get(name), _join(path, name), problems)
        for rule in self.rules:
            if not rule.blocked_by(path, problems):
                rule.check(out, path, problems)
        return out

    def schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {name: spec.json_schema() for name, spec in self.fields.items()},
            "required": [name for name, spec in self.fields.items() if spec.required],
            "patternProperties": {"^_": {}},
            "additionalProperties": False,
            **self.extra_schema,
        }


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
