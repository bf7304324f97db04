"""Escape answer values so that they print literally wherever a template puts them in Markdown.

A value may land at the start of a line, inside a table cell, or in running text, so the
escaping is safe for all three: every character with inline meaning is backslash-escaped,
and characters that only mean something at the start of a line are escaped there.
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# What starts a block at the beginning of a line: a heading, list item, quote, rule or
# setext underline. Only these positions are escaped, so "+31 6 ..." stays readable.
_LINE_START = re.compile(
    r"^(?:#{1,6}(?=[ \t]|$)|[-+=](?=[ \t]|$)|[-=]+[ \t]*$|>|[0-9]{1,9}(?=[.)](?:[ \t]|$)))"
)
_SPACES = re.compile(r"[\r\n\t\v\f]+")
# A run of '#' at the end, after a space: in a heading it would be the closing sequence, which
# Markdown drops ("Club #" would lose its '#'). Escaping its first '#' keeps them all.
_CLOSING_HASHES = re.compile(r"(?:(?<=[ \t])|^)#+$")


class MarkdownSafe(str):
    """Text that is already Markdown (library content, or a value escaped once)."""

    __slots__ = ()


_MEMO: dict[str, MarkdownSafe] = {}  # answer values repeat across clauses and documents
_MEMO_SIZE = 4096


def escape(value: object) -> MarkdownSafe:
    """Return ``value`` as Markdown text that renders to exactly its characters."""
    if type(value) is str:
        found = _MEMO.get(value)
        if found is None:
            found = _escape(value)
            if len(_MEMO) < _MEMO_SIZE:
                _MEMO[value] = found
        return found
    if isinstance(value, MarkdownSafe):
        return value
    return _escape(str(value))


def _escape(value: str) -> MarkdownSafe:
    text = _SPACES.sub(" ", value).strip()
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _CLOSING_HASHES.sub(lambda m: "\\" + m.group(0), text)
    match = _LINE_START.match(text)
    if match:
        if match.group(0)[0].isdigit():
            end = match.end()
            text = text[:end] + "\\" + text[end:]
        else:
            text = "\\" + text
    return MarkdownSafe(text)
