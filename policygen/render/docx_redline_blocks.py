"""The blocks of a rendered document, and which earlier block became which new one.

For the redline (:mod:`docx_redline`) a body or table cell is a list of :class:`Block`
(paragraph, table, anything else) and a table a list of :class:`Row`. Each has a *shape*
(what two must share to be compared at all: a paragraph's style and list level, a table's
columns) and a *key* (equal keys: the same content, whatever the layout flags a neighbour's
change may have moved, such as keep-with-next or a column width).

:func:`align` pairs them in two steps: :mod:`difflib` matches the runs of blocks that are the
same; in each stretch between them that differs, a block is paired with one of the same
shape whose words overlap enough, in order, so that an edited paragraph is compared word by
word while one rewritten beyond recognition reads as deleted and inserted.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol, TypeVar

from lxml import etree  # type: ignore[import-untyped]

from policygen.render.docx_package import Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SIMILAR = 0.5  # share of words two blocks have in common (Dice) to be compared word by word
MAX_CELLS = 40_000  # a differing stretch of n × m blocks larger than this is not paired
# what a key leaves out: layout that follows the neighbours (keep with next, widths, the
# card's type size), the numbering instance (numbered per list), the relationship ids
_LAYOUT = re.compile(rb"<w:(pPr|tcPr|trPr)>.*?</w:\1>|<w:(pPr|tcPr|trPr)/>"
                     rb'|<w:szCs? w:val="\d+"/>', re.S)
_LINK = re.compile(rb'r:id="([^"]*)"')


@dataclass
class Block:
    """A paragraph, a table (with its rows) or another body element."""

    element: Element
    shape: tuple[object, ...]
    key: Hashable
    rows: list[Row] | None = None  # None: not a table

    @cached_property
    def words(self) -> list[str]:
        """Its words, to measure how alike two blocks are."""
        return _words(self.element)

    @property
    def is_paragraph(self) -> bool:
        """Whether it is a paragraph (``w:p``)."""
        return bool(self.shape[0] == "p")


@dataclass
class Row:
    """A table row: its cells, each a list of blocks."""

    element: Element
    shape: tuple[object, ...]
    key: Hashable
    cells: list[list[Block]] = field(default_factory=list)

    @cached_property
    def words(self) -> list[str]:
        """Its words, to measure how alike two rows are."""
        return _words(self.element)


def _words(element: Element) -> list[str]:
    return [word for text in element.iter(W + "t") for word in (text.text or "").split()]


def read_blocks(container: Element, links: Mapping[str, str]) -> list[Block]:
    """The blocks of a body or cell (``links``: the document's hyperlink targets by id)."""
    return [_block(child, links) for child in container
            if child.tag not in (W + "sectPr", W + "tcPr")]


def _block(element: Element, links: Mapping[str, str]) -> Block:
    if element.tag == W + "p":
        shape = ("p", *_paragraph_shape(element))
        return Block(element, shape, (shape, _key(element, links)))
    if element.tag == W + "tbl":
        rows = [_row(tr, links) for tr in element if tr.tag == W + "tr"]
        columns = ("tbl", len(element.findall(f"{W}tblGrid/{W}gridCol")))
        return Block(element, columns, (columns, tuple(row.key for row in rows)), rows)
    serial = etree.tostring(element)
    return Block(element, ("other", serial), serial)


def _row(tr: Element, links: Mapping[str, str]) -> Row:
    cells = [read_blocks(tc, links) for tc in tr if tc.tag == W + "tc"]
    return Row(tr, ("tr", len(cells)), _key(tr, links), cells)


def _key(element: Element, links: Mapping[str, str]) -> bytes:
    """The element's XML without layout properties and with link targets for their ids."""
    serial = _LAYOUT.sub(b"", etree.tostring(element))
    if b"r:id=" in serial:
        serial = _LINK.sub(lambda m: links.get(m.group(1).decode(), "").encode(), serial)
    return bytes(serial)


def _paragraph_shape(paragraph: Element) -> tuple[str, ...]:
    """A paragraph's style, whether it carries a list number, its list level and indent."""
    ppr = paragraph.find(W + "pPr")
    if ppr is None:
        return ("", "", "", "")
    style = ppr.find(W + "pStyle")
    level = ppr.find(f"{W}numPr/{W}ilvl")
    indent = ppr.find(W + "ind")
    return (style.get(W + "val", "") if style is not None else "",
            "num" if ppr.find(W + "numPr") is not None else "",
            level.get(W + "val", "") if level is not None else "",
            indent.get(W + "left", "") if indent is not None else "")


def contents_list(blocks: Sequence[Block]) -> range:
    """Where the contents list is: its title and the paragraphs of the TOC field."""
    def has_toc(block: Block) -> bool:
        return block.is_paragraph and any(" TOC " in (instruction.text or "")
                                          for instruction in block.element.iter(W + "instrText"))

    def ends_field(block: Block) -> bool:
        return block.is_paragraph and any(char.get(W + "fldCharType") == "end"
                                          for char in block.element.iter(W + "fldChar"))

    start = next((i for i, block in enumerate(blocks) if has_toc(block)), None)
    if start is None:
        return range(0)
    end = next((i for i in range(start, len(blocks)) if ends_field(blocks[i])), start)
    return range(max(start - 1, 0), end + 1)


# -- alignment ----------------------------------------------------------------------------


class Alignable(Protocol):
    """What :func:`align` compares: a key, a shape and words."""

    @property
    def key(self) -> Hashable:
        """Equal keys: the same content."""

    @property
    def shape(self) -> tuple[object, ...]:
        """Different shapes are never paired."""

    @property
    def words(self) -> list[str]:
        """The words, for how alike two are."""


Item = TypeVar("Item", bound=Alignable)


def align(old: Sequence[Item], new: Sequence[Item]) -> list[tuple[Item | None, Item | None]]:
    """Pairs (old, new) in document order; ``(x, None)`` deleted, ``(None, y)`` inserted."""
    matcher = difflib.SequenceMatcher(None, [b.key for b in old], [b.key for b in new],
                                      autojunk=False)
    out: list[tuple[Item | None, Item | None]] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out += zip(old[a1:a2], new[b1:b2], strict=True)
        else:
            out += _pair(old[a1:a2], new[b1:b2])
    return out


def _similarity(a: Alignable, b: Alignable, counts: dict[int, Counter[str]]) -> float:
    """How many words two blocks share (Dice coefficient on word counts); 0 across shapes."""
    if a.shape != b.shape:
        return 0.0
    if not a.words and not b.words:
        return 1.0
    for item in (a, b):
        if id(item) not in counts:
            counts[id(item)] = Counter(item.words)
    common = sum((counts[id(a)] & counts[id(b)]).values())
    return 2 * common / (len(a.words) + len(b.words))


def _pair(old: Sequence[Item], new: Sequence[Item]) -> list[tuple[Item | None, Item | None]]:
    """A stretch that differs: alike blocks paired in order, the others deleted or inserted.

    Where the stretch is as long in both texts and each block has the shape of its
    counterpart and is alike (or is the only one: a cell's text replaced), they are paired
    in place, the usual edit.
    """
    counts: dict[int, Counter[str]] = {}
    if len(old) == len(new) and all(
            a.shape == b.shape and (len(old) == 1 or _similarity(a, b, counts) >= SIMILAR)
            for a, b in zip(old, new, strict=True)):
        return list(zip(old, new, strict=True))
    pairs = _best_pairs(old, new, counts) if len(old) * len(new) <= MAX_CELLS else []
    out: list[tuple[Item | None, Item | None]] = []
    at_old = at_new = 0
    for i, j in [*pairs, (len(old), len(new))]:
        out += [(block, None) for block in old[at_old:i]]
        out += [(None, block) for block in new[at_new:j]]
        if i < len(old) and j < len(new):
            out.append((old[i], new[j]))
        at_old, at_new = i + 1, j + 1
    return out


def _best_pairs(old: Sequence[Item], new: Sequence[Item],
                counts: dict[int, Counter[str]]) -> list[tuple[int, int]]:
    """The order-keeping pairing of alike blocks with the most similarity in all."""
    rows, cols = len(old), len(new)
    alike = [[_similarity(a, b, counts) for b in new] for a in old]
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if alike[i][j] >= SIMILAR:
                best = max(best, score[i + 1][j + 1] + alike[i][j])
            score[i][j] = best
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < rows and j < cols:
        if alike[i][j] >= SIMILAR and score[i][j] == score[i + 1][j + 1] + alike[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs
