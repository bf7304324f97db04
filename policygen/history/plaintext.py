"""Rendered Markdown as the text a reader sees: what ``changes`` diffs word by word.

Markup, escapes and table pipes are gone, so a diff shows changed words, not changed syntax:
one line per paragraph, list item, heading or table row (cells joined with `` | ``), list
items led by ``– `` (or their number), soft breaks as spaces; HTML comments (markers the
renderers read) are left out.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER: MarkdownIt | None = None
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)  # a marker for the renderers, not text


def _parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:
        _PARSER = MarkdownIt("commonmark", {"html": False}).enable("table")
    return _PARSER


def plain_text(markdown: str) -> str:
    """The readable text of ``markdown``, one line per block (see the module doc)."""
    lines: list[str] = []
    line: list[str] = []
    lists: list[list[int]] = []  # per open list: [next number] or [] for bullets

    def end_line() -> None:
        text = "".join(line).strip()
        if text:
            lines.append(text)
        line.clear()

    for token in _parser().parse(_COMMENT.sub("", markdown)):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([int(token.attrGet("start") or 1)] if kind == "ordered_list_open"
                         else [])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            end_line()
            marker = lists[-1] if lists else []
            line.append("  " * (len(lists) - 1) + (f"{marker[0]}. " if marker else "– "))
            if marker:
                marker[0] += 1
        elif kind == "inline":
            line.append(_inline(token.children or []))
        elif kind in ("td_open", "th_open") and line and not line[-1].endswith(" "):
            line.append(" | ")
        elif kind in ("paragraph_close", "heading_close", "tr_close", "list_item_close"):
            end_line()
        elif kind in ("code_block", "fence"):
            end_line()
            lines.extend(token.content.rstrip("\n").splitlines())
    end_line()
    return "\n".join(lines)


def _inline(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)
