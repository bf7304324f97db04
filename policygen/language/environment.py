"""The sandboxed Jinja environment that clause bodies, conditions and document templates use.

Answer values are data: every ``{{ value }}`` is escaped for Markdown on output (the
environment's ``finalize``), nothing from an answer is ever compiled as a template, and
printing an empty value or a raw list is an error in the clause, not a blank in the document.

Library code is trusted less than its author thinks: a render may take at most
``RENDER_SECONDS`` and ``MAX_STEPS`` steps (loop iterations, calls, filters, operators), and
no text or list it builds may pass ``MAX_CHARS`` (``MAX_SPENT`` for everything it builds
together). Repetition, powers, widths and replacements are checked *before* they run, so
``'x' * 10**9`` fails at once instead of filling the memory; :func:`render` and
:func:`evaluate` start the clock. See :class:`RenderLimitError`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import BuiltinMethodType, FunctionType
from typing import Any

from jinja2 import StrictUndefined, Template, nodes
from jinja2.environment import TemplateExpression
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from policygen.errors import PolicygenError
from policygen.language.mdescape import MarkdownSafe, escape
from policygen.language.nounphrase import RoleName


class EmptyValueError(PolicygenError):
    """A template printed None or a list: the clause must guard that case."""


class RoleWithoutArticleError(EmptyValueError):
    """A role printed bare: it needs ``| the``, ``| a`` or ``| bare`` to fit its sentence."""

    def __init__(self, role: str) -> None:
        super().__init__(f"prints the role {str(role)!r} without its article (use | the, "
                         "| the_start, | a, | a_start, | join_the, or | bare in a table cell)")


class RenderLimitError(PolicygenError):
    """A render ran past the time, steps or size a render may take (see the module's doc)."""


RENDER_SECONDS = 2.0  # wall clock for one render; a clause takes well under a millisecond
MAX_STEPS = 1_000_000  # loop iterations, calls, filters and operators in one render
MAX_CHARS = 5_000_000  # one text or list, and the output of one render (a protocol: ~60,000)
MAX_SPENT = 50_000_000  # everything one render builds and prints, together
MAX_COUNT = 100_000  # a width, repeat count or batch size (the sandbox's own range() cap)
MAX_BITS = 100_000  # a whole number (about 30,000 digits)


class _Budget:
    """What the current render has used; outside a render only the size limits apply."""

    __slots__ = ("deadline", "limit", "spent", "steps")

    def __init__(self) -> None:
        self.deadline = math.inf
        self.limit = math.inf  # on ``spent``
        self.spent = 0
        self.steps = 0  # counts down from MAX_STEPS inside a render


_BUDGET = _Budget()


def _start() -> tuple[float, float, int, int]:
    budget = _BUDGET
    saved = (budget.deadline, budget.limit, budget.spent, budget.steps)
    budget.deadline = time.monotonic() + RENDER_SECONDS
    budget.limit, budget.spent, budget.steps = MAX_SPENT, 0, MAX_STEPS
    return saved


def _stop(saved: tuple[float, float, int, int]) -> None:
    _BUDGET.deadline, _BUDGET.limit, _BUDGET.spent, _BUDGET.steps = saved


def render(template: Template, context: Mapping[str, Any]) -> str:
    """``template.render(context)`` within the time, steps and size a render may take."""
    saved = _start()
    try:
        return template.render(context)
    finally:
        _stop(saved)


def evaluate(expression: TemplateExpression, context: Mapping[str, Any]) -> Any:
    """The value of a compiled condition for ``context``, within the same limits."""
    saved = _start()
    try:
        return expression(context)
    finally:
        _stop(saved)


def _step() -> None:
    """Count one step; every 64 steps, look at the clock."""
    budget = _BUDGET
    budget.steps -= 1
    if not budget.steps & 63:
        _check_clock(budget)


def _check_clock(budget: _Budget) -> None:
    if budget.steps < 0 and budget.limit != math.inf:
        raise RenderLimitError(f"takes more than {MAX_STEPS:,} steps (loop iterations, "
                               "calls, filters) to render: a loop or recursion without end?")
    if time.monotonic() > budget.deadline:
        raise RenderLimitError(f"takes more than {RENDER_SECONDS:g} s to render: a loop or "
                               "recursion without end?")


def _too_large(size: int, what: str = "a text or list") -> RenderLimitError:
    return RenderLimitError(f"builds {what} of {size:,} characters or items "
                            f"(at most {MAX_CHARS:,})")


_SIZED = (str, list, tuple, dict, set, frozenset, bytes)


def _sized(value: Any) -> Any:
    """``value`` itself, once its size is counted and within the limits."""
    if isinstance(value, _SIZED):
        size = len(value)
        if size > MAX_CHARS:
            raise _too_large(size)
        budget = _BUDGET
        budget.spent += size
        if budget.spent > budget.limit:
            raise RenderLimitError(f"builds more than {MAX_SPENT:,} characters in all")
    elif type(value) is int and value.bit_length() > MAX_BITS:
        raise RenderLimitError(f"computes a number of more than {MAX_BITS:,} bits")
    return value


def _count(value: Any, what: str = "a width or count") -> None:
    if type(value) is int and abs(value) > MAX_COUNT:
        raise RenderLimitError(f"asks for {what} of {value:,} (at most {MAX_COUNT:,})")


def _repeat_size(sequence: Any, times: Any) -> int:
    if type(times) is not int or not isinstance(sequence, (str, list, tuple)):
        return 0
    size = len(sequence)
    if not isinstance(sequence, str):  # a list of texts: its texts are repeated too
        size += sum(len(item) for item in sequence if isinstance(item, str))
    return size * max(times, 0)


def _binop_check(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be too large, before it runs."""
    if operator == "*":
        size = max(_repeat_size(left, right), _repeat_size(right, left))
        if size > MAX_CHARS:
            raise _too_large(size, "a repeated text or list")
        if type(left) is int and type(right) is int \
                and left.bit_length() + right.bit_length() > MAX_BITS:
            raise RenderLimitError(f"computes a number of more than {MAX_BITS:,} bits")
    elif operator == "**":
        if type(left) is int and type(right) is int and right > 0 and abs(left) > 1 \
                and right * (left.bit_length() - 1) > MAX_BITS:
            raise RenderLimitError(f"computes a number of more than {MAX_BITS:,} bits "
                                   f"({left} ** {right})")
    elif operator == "+":
        if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            size = len(left) + len(right)
            if size > MAX_CHARS:
                raise _too_large(size)
    elif operator == "%" and isinstance(left, str):
        _format_check(left, right if isinstance(right, tuple) else (right,))


_PERCENT_WIDTH = re.compile(r"%[^a-zA-Z%]*?(\d{6,}|\*)")
_BRACE_WIDTH = re.compile(r"\{[^{}]*?(\d{6,}|\{)")


def _format_check(text: str, args: Iterable[Any], braces: bool = False) -> None:
    """Refuse a format string with a width past MAX_COUNT (``'%999999999s'``, ``'{:{}}'``)."""
    for match in (_BRACE_WIDTH if braces else _PERCENT_WIDTH).finditer(text):
        width = match.group(1)
        if width.isdigit():
            _count(int(width), "a width")
        else:  # the width is one of the arguments
            for arg in args:
                _count(arg, "a width")


def _replace_size(text: Any, old: Any, new: Any, count: Any = None) -> int:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return 0
    times = count if type(count) is int and count >= 0 else \
        (text.count(old) if old else len(text) + 1)
    return len(text) + times * max(len(new) - len(old), 0)


def _join_size(separator: Any, items: list[Any]) -> int:
    sep = len(separator) if isinstance(separator, str) else 0
    return sum(len(item) for item in items if isinstance(item, str)) + sep * len(items)


def _text_method(obj: Any) -> Any:
    """The method of a text that ``obj`` is (the sandbox wraps ``str.format``), or None."""
    if type(obj) is FunctionType:
        obj = obj.__dict__.get("__wrapped__")
    if type(obj) is BuiltinMethodType and isinstance(obj.__self__, str):
        return obj
    return None


def _call_check(target: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Refuse a text method call that would build too large a text; its (possibly listed) args.

    ``str.join`` gets its items as a list, so that they are counted before they are joined.
    """
    owner: str = target.__self__
    name = target.__name__
    size = 0
    if name == "join" and len(args) == 1:
        args = (list(args[0]),)
        size = _join_size(owner, args[0])
    elif name == "replace":
        size = _replace_size(owner, *args[:3])
    elif name in ("format", "format_map"):
        _format_check(owner, args, braces=True)
    else:  # center, ljust, rjust, zfill, expandtabs
        for arg in args:
            _count(arg)
        if name == "expandtabs" and args and type(args[0]) is int:
            size = len(owner) + owner.count("\t") * args[0]
    if size > MAX_CHARS:
        raise _too_large(size)
    return args


def _loop(iterable: Iterable[Any]) -> Iterator[Any]:
    """What every ``{% for %}`` iterates over: the items, one step each."""
    budget = _BUDGET
    for item in iterable:
        budget.steps -= 1
        if not budget.steps & 63:
            _check_clock(budget)
        yield item


# Builtin filters that can build much more than they are given, and how large their result is.
def _filter_size(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    value = args[0] if args else None
    rest = args[1:]
    if name == "replace":
        return _replace_size(*args[:4])
    if name == "join":
        return _join_size(rest[0] if rest else kwargs.get("d", ""), value or [])
    if name == "format" and isinstance(value, str):
        _format_check(value, (*rest, *kwargs.values()))
    elif name in ("center", "indent", "wordwrap", "batch", "slice", "tojson"):
        for arg in (*rest[:1], *kwargs.values()):
            _count(arg)
        width = rest[0] if rest else kwargs.get("width")
        if name == "indent" and isinstance(value, str) and isinstance(width, (int, str)):
            prefix = width if type(width) is int else len(str(width))
            return len(value) + (value.count("\n") + 1) * prefix
        if name == "wordwrap" and isinstance(value, str):
            wrap = (rest[2:3] or [kwargs.get("wrapstring")])[0]
            return len(value) * (1 + len(wrap if isinstance(wrap, str) else "\n"))
    return 0


GUARDED_FILTERS = ("replace", "join", "format", "center", "indent", "wordwrap", "batch", "slice",
                   "tojson")


def _guard_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A builtin filter that counts as a step, checks sizes before and counts its result."""
    skip = 0 if getattr(function, "jinja_pass_arg", None) is None else 1  # context/env first

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _step()
        if name == "join" and len(args) > skip:  # count the items before they are joined
            args = (*args[:skip], list(args[skip]), *args[skip + 1:])
        size = _filter_size(name, args[skip:], kwargs)
        if size > MAX_CHARS:
            raise _too_large(size)
        return _sized(function(*args, **kwargs))

    return guarded


def _concat(pieces: Iterable[str]) -> str:
    """A render's output, a macro's or a ``{% set %}`` block's, measured before it is joined.

    Jinja joins every output buffer with ``env.concat``; literal text repeated by a loop is
    refused here before the joined text is allocated.
    """
    parts = list(pieces)
    size = sum(map(len, parts))
    if size > MAX_CHARS:
        raise _too_large(size, "a text")
    budget = _BUDGET
    budget.spent += size
    if budget.spent > budget.limit:
        raise RenderLimitError(f"builds more than {MAX_SPENT:,} characters in all")
    return "".join(parts)


def _finalize(value: Any) -> str:
    if type(value) is str:  # the common case first: an answer value
        budget = _BUDGET
        budget.spent += len(value)
        if budget.spent > budget.limit:
            raise RenderLimitError(f"builds more than {MAX_SPENT:,} characters in all")
        return escape(value)
    if isinstance(value, RoleName):
        raise RoleWithoutArticleError(value)
    if isinstance(value, MarkdownSafe):
        _sized(value)
        return value
    if value is None:
        raise EmptyValueError("prints an empty value (guard it with {% if %})")
    if isinstance(value, (list, tuple, dict, set)):
        raise EmptyValueError("prints a list or mapping directly (use join_and or a loop)")
    if isinstance(value, bool):
        raise EmptyValueError("prints true/false directly (use {% if %})")
    if isinstance(value, dt.date):
        raise EmptyValueError("prints a date unformatted (use the longdate filter)")
    return escape(value)


_DICT_ATTRIBUTES = frozenset(dir(dict))
_RECORD_FIELDS: dict[type, frozenset[str]] = {}


def allow_fields(record: type) -> None:
    """Let templates read the fields of a trusted dataclass without the sandbox's checks.

    For the records the assembly hands its document templates (sections, articles, clauses):
    a public field of a plain instance is what the sandbox returns anyway; the checks only
    cost time. Names starting with '_' and the names the sandbox treats specially are left
    to it.
    """
    _RECORD_FIELDS[record] = frozenset(
        item.name for item in dataclasses.fields(record)
        if not item.name.startswith("_") and item.name not in ("format", "format_map"))
_LOOP_FILTER, _SIZE_FILTER = "_budget_loop", "_budget_size"


class _Budgeted(NodeTransformer):
    """Rewrites a template's tree so that its loops count steps and its ``~`` counts size."""

    def __init__(self, environment: ImmutableSandboxedEnvironment) -> None:
        self.environment = environment

    def _filter(self, node: nodes.Node, name: str, lineno: int) -> nodes.Filter:
        return nodes.Filter(node, name, [], [], None, None, lineno=lineno,
                            environment=self.environment)

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = self._filter(node.iter, _LOOP_FILTER, node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return self._filter(node, _SIZE_FILTER, node.lineno)


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox, with a fast path for the answers and the limits of a render.

    ``organisation.name`` on a plain dict: the sandbox first tries ``getattr(dict, "name")``,
    which raises, and then the item; for a key that is not a dict attribute the result is the
    same, without the exception. A field of a record registered with :func:`allow_fields`
    is read directly. Calls and the operators that can build large values
    (``*``, ``**``, ``+``, ``%``) are checked and counted; see the module's doc.
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    concat = staticmethod(_concat)

    def getattr(self, obj: Any, attribute: str) -> Any:
        kind = type(obj)
        if kind is dict:
            if attribute not in _DICT_ATTRIBUTES and attribute in obj:
                return obj[attribute]
        elif attribute in _RECORD_FIELDS.get(kind, ()):
            try:
                return getattr(obj, attribute)
            except AttributeError:  # a field not set: as the sandbox says it
                pass
        return super().getattr(obj, attribute)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        budget = _BUDGET
        budget.steps -= 1
        if not budget.steps & 63:
            _check_clock(budget)
        kind = type(obj)
        if kind is BuiltinMethodType or kind is FunctionType:  # str.join, the sandbox's format
            method = _text_method(obj)
            if method is not None:
                args = _call_check(method, args)
        result = super().call(context, obj, *args, **kwargs)
        return _sized(result) if isinstance(result, _SIZED) or type(result) is int else result

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _step()
        _binop_check(operator, left, right)
        return _sized(self.binop_table[operator](left, right))

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        _Budgeted(self).visit(source)
        return super()._generate(source, name, filename, defer_init)


def make_environment() -> ImmutableSandboxedEnvironment:
    """A sandboxed, strict environment with the clause filters."""
    env = _Environment(
        undefined=StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    from policygen.language import filters as clause_filters

    env.filters.update(clause_filters.FILTERS, escape_md=escape)
    for name in GUARDED_FILTERS:
        env.filters[name] = _guard_filter(name, env.filters[name])
    env.filters[_LOOP_FILTER] = _loop
    env.filters[_SIZE_FILTER] = _sized
    del env.globals["lipsum"]  # a loop in Python that no step counts; no clause needs it
    return env
