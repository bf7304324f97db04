"""Safe YAML reading with located errors (file and line) and no silent duplicate keys."""

from __future__ import annotations

import sys
from typing import Any

import yaml

from policygen.errors import Problem, ProblemsError

MAX_BYTES = 1_000_000

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    """Safe loader that reports a key given twice instead of keeping the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key, reported by PyYAML itself below
                break
            if duplicate:
                raise yaml.MarkedYAMLError(
                    problem=f"the key {key!r} is given twice", problem_mark=key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)


class _ValueError(yaml.MarkedYAMLError):
    """A scalar that parses but is no value: ``2026-02-30``, a number of 5,000 digits."""


_KINDS = {"int": "whole number", "float": "number", "bool": "true/false value",
          "timestamp": "date"}


def _checked(kind: str, construct: Any) -> Any:
    def constructor(loader: Any, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            text = str(node.value)
            shown = repr(text if len(text) <= 40 else text[:37] + "...")
            if "digits" in str(exc):  # Python's limit on converting long numbers
                why = f"more than {sys.get_int_max_str_digits():,} digits"
            else:
                why = str(exc) if isinstance(exc, ValueError) else ""
            raise _ValueError(problem=f"not a valid {_KINDS[kind]}: {shown}"
                                      + (f" ({why})" if why else ""),
                              problem_mark=node.start_mark) from None
    return constructor


for _kind in _KINDS:
    _Loader.add_constructor(f"tag:yaml.org,2002:{_kind}",
                            _checked(_kind, getattr(_Base, f"construct_yaml_{_kind}")))


def load(text: bytes | str, source: str, *, line_offset: int = 0) -> Any:
    """Parse YAML text; a syntax problem becomes a :class:`ProblemsError` with its line."""
    if len(text) > MAX_BYTES:
        raise ProblemsError([Problem(source, f"larger than {MAX_BYTES:,} bytes")])
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ProblemsError([Problem(source, f"not UTF-8 text (byte {exc.start})")]) from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark is not None else None
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        if not isinstance(exc, _ValueError):
            message = f"YAML syntax: {message}"
        raise ProblemsError([Problem(source, message, line=line)]) from None
    except yaml.YAMLError as exc:
        raise ProblemsError([Problem(source, f"YAML syntax: {exc}")]) from None
    except RecursionError:
        raise ProblemsError([Problem(source, "YAML nested too deeply")]) from None
    except ValueError as exc:  # a value PyYAML's constructors let through (no line known)
        raise ProblemsError([Problem(source, f"not a valid value: {exc}")]) from None
