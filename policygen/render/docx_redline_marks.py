"""Writing the redline's body: aligned blocks in, Word revision marks out.

:class:`Marker` walks the aligned blocks of the earlier and the new body
(:mod:`docx_redline_blocks`). A block the same in both is the new one, copied. A paragraph in
both is cut into pieces (each word, space and punctuation mark with its formatting and link)
and the word diff decides which pieces are kept, deleted (``w:del`` holding ``w:delText``)
or inserted (``w:ins``). A block in one text only is marked whole: its runs wrapped, its
paragraph mark marked (``w:pPr/w:rPr/w:ins|w:del``), a table's rows marked on the row
(``w:trPr/w:ins|w:del``). Every mark has its own id, the author and the date.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree  # type: ignore[import-untyped]

from policygen.render.docx_package import Element
from policygen.render.docx_redline_blocks import Block, Row, align

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
EQUAL, DELETE, INSERT = "equal", "delete", "insert"
_SIZE = re.compile(rb'<w:szCs? w:val="\d+"/>')  # the card's type size follows its text

Key = tuple[object, ...]
Tokenizer = Callable[[str], list[str]]  # text → words, spaces, punctuation (joined: text)
# (old tokens, new tokens, what a token shows) → (op, tokens) segments, op equal/delete/insert
WordDiff = Callable[[Sequence[Key], Sequence[Key], Callable[[Key], str]],
                    list[tuple[str, list[Key]]]]
Link = tuple[str, str] | None  # ("link", target) or ("anchor", name): the hyperlink a piece is in


class Piece(NamedTuple):
    """One token of a paragraph as written: a word, a space, a tab, a field character."""

    key: Key  # what is compared: link, formatting (without size), kind, text
    link: Link
    rpr: Element | None  # its run properties
    written: bytes  # the run properties as written: neighbours that agree share a run
    kind: str  # "t" text, "x" other run content, "raw" not in a run (a bookmark)
    value: str  # the text, or the element as XML
    element: Element | None = None  # what is copied, for "x" and "raw"


@dataclass
class Marker:
    """Writes marked blocks, keeping the ids unique and counting the changed words."""

    author: str
    date: str
    next_id: int
    tokens: Tokenizer
    diff: WordDiff
    old_links: Mapping[str, str]  # relationship id → hyperlink target, in each document
    new_links: Mapping[str, str]
    relate: Callable[[str], str]  # a hyperlink target → its relationship id in the redline
    next_drawing: int  # a drawing id above the new document's (a deleted drawing gets one)
    words: dict[str, int] = field(default_factory=lambda: {INSERT: 0, DELETE: 0})
    lists: dict[str, str] = field(default_factory=dict)  # old numId → the new list's numId
    deleted_numbers: list[Element] = field(default_factory=list)  # numIds copied from old

    def change(self, op: str) -> Element:
        """A ``w:ins`` or ``w:del`` with the next id, the author and the date."""
        element = etree.Element(W + ("ins" if op == INSERT else "del"))
        element.set(W + "id", str(self.next_id))
        element.set(W + "author", self.author)
        element.set(W + "date", self.date)
        self.next_id += 1
        return element

    def blocks(self, old: Sequence[Block],
               new: Sequence[Block]) -> Iterator[tuple[Element, Element]]:
        """The marked blocks of one body or cell, each with the block it came from."""
        for before, after in align(old, new):
            if before is not None and after is not None:
                self._map_lists(before.element, after.element)
                if before.key == after.key:
                    yield copy.deepcopy(after.element), after.element
                elif before.rows is not None and after.rows is not None:
                    yield self.table(before.rows, after), after.element
                else:
                    yield self.paragraph(before.element, after.element), after.element
            elif after is not None:
                yield self.whole(after, INSERT), after.element
            elif before is not None and before.shape[0] != "other":
                yield self.whole(before, DELETE), before.element

    def paragraph(self, old: Element, new: Element) -> Element:
        """A paragraph in both texts, with its changed words marked."""
        paragraph = etree.Element(W + "p")
        ppr = new.find(W + "pPr")
        if ppr is not None:
            paragraph.append(copy.deepcopy(ppr))
        before, after = self._pieces(old, self.old_links), self._pieces(new, self.new_links)
        writer = _RunWriter(self, paragraph)
        at_old = at_new = 0
        for op, keys in self.diff([p.key for p in before], [p.key for p in after], _shown):
            count = len(keys)
            if op == DELETE:
                for piece in before[at_old:at_old + count]:
                    writer.add(piece, DELETE)
                at_old += count
                continue
            for piece in after[at_new:at_new + count]:
                writer.add(piece, op)
            at_new += count
            if op == EQUAL:
                at_old += count
        return paragraph

    def table(self, old_rows: list[Row], new: Block) -> Element:
        """A table in both texts: rows aligned, the cells of paired rows compared."""
        table = etree.Element(W + "tbl")
        for child in new.element:
            if child.tag != W + "tr":
                table.append(copy.deepcopy(child))
        for before, after in align(old_rows, new.rows or []):
            if before is not None and after is not None:
                table.append(self.row(before, after))
            elif after is not None:
                table.append(self.whole_element(after.element, INSERT))
            elif before is not None:
                table.append(self.whole_element(before.element, DELETE))
        return table

    def row(self, old: Row, new: Row) -> Element:
        """A row in both texts: each cell's blocks compared."""
        if old.key == new.key:
            return copy.deepcopy(new.element)
        row = etree.Element(W + "tr")
        cells = iter(zip(old.cells, new.cells, strict=True))
        for child in new.element:
            if child.tag != W + "tc":
                row.append(copy.deepcopy(child))
                continue
            before, after = next(cells)
            cell = etree.SubElement(row, W + "tc")
            properties = child.find(W + "tcPr")
            if properties is not None:
                cell.append(copy.deepcopy(properties))
            for element, _ in self.blocks(before, after):
                cell.append(element)
        return row

    def whole(self, block: Block, op: str) -> Element:
        """A block in one text only: all of it inserted or deleted."""
        if block.shape[0] == "other":
            return copy.deepcopy(block.element)
        return self.whole_element(block.element, op)

    def whole_element(self, element: Element, op: str) -> Element:
        """A paragraph, table or row in one text only, marked throughout."""
        element = copy.deepcopy(element)
        if op == DELETE:
            self.renumber_drawings(element)
        for tr in _outside_drawings(element, "tr"):
            self._mark_row(tr, op)
        for paragraph in _outside_drawings(element, "p"):
            ppr = paragraph.find(W + "pPr")
            if ppr is None:
                ppr = etree.Element(W + "pPr")
                paragraph.insert(0, ppr)
            if op == DELETE:
                self.deleted_numbers += ppr.findall(f"{W}numPr/{W}numId")
            _mark_paragraph(ppr, self.change(op))
            self._wrap_runs(paragraph, op)
        return element

    def _wrap_runs(self, parent: Element, op: str) -> None:
        """Wrap each stretch of runs in ``w:ins``/``w:del`` (deleted text as ``w:delText``)."""
        wrapper = None
        for child in list(parent):
            if child.tag == W + "r":
                if wrapper is None:
                    wrapper = self.change(op)
                    child.addprevious(wrapper)
                wrapper.append(child)
                for text in child.findall(W + "t") + child.findall(W + "instrText"):
                    if text.tag == W + "t":
                        self.words[op] += sum(map(_is_word, self.tokens(text.text or "")))
                    if op == DELETE:
                        text.tag = W + ("delText" if text.tag == W + "t" else "delInstrText")
            else:
                wrapper = None
                if child.tag == W + "hyperlink":
                    rid = child.get(R_ID)
                    if op == DELETE and rid is not None:
                        child.set(R_ID, self.relate(self.old_links.get(rid, "")))
                    self._wrap_runs(child, op)

    def renumber_drawings(self, element: Element) -> None:
        """Give the drawings of deleted text ids of their own (Word wants them unique)."""
        for properties in element.iter(DOC_PR):
            properties.set("id", str(self.next_drawing))
            self.next_drawing += 1

    def _mark_row(self, tr: Element, op: str) -> None:
        properties = tr.find(W + "trPr")
        if properties is None:
            properties = etree.Element(W + "trPr")
            tr.insert(1 if len(tr) and tr[0].tag == W + "tblPrEx" else 0, properties)
        properties.append(self.change(op))

    def _map_lists(self, old: Element, new: Element) -> None:
        """Remember which new list an old one became (a deleted item stays in its list)."""
        for before, after in zip(old.iter(W + "numId"), new.iter(W + "numId"), strict=False):
            self.lists.setdefault(before.get(W + "val"), after.get(W + "val"))

    def link(self, link: tuple[str, str]) -> Element:
        """A ``w:hyperlink`` to a target or an anchor in the document."""
        element = etree.Element(W + "hyperlink")
        kind, target = link
        if kind == "anchor":
            element.set(W + "anchor", target)
        else:
            element.set(R_ID, self.relate(target))
        return element

    def _pieces(self, paragraph: Element, links: Mapping[str, str]) -> list[Piece]:
        """A paragraph's content as words (and tabs, breaks, fields) with formatting and link."""
        out: list[Piece] = []
        for child in paragraph:
            if child.tag == W + "r":
                self._run_pieces(child, None, out)
            elif child.tag == W + "hyperlink":
                rid = child.get(R_ID)
                link = (("link", links.get(rid, "")) if rid
                        else ("anchor", child.get(W + "anchor") or ""))
                for item in child:
                    if item.tag == W + "r":
                        self._run_pieces(item, link, out)
                    else:
                        out.append(_raw(item, link))
            elif child.tag != W + "pPr":
                out.append(_raw(child, None))
        return out

    def _run_pieces(self, run: Element, link: Link, out: list[Piece]) -> None:
        rpr = run.find(W + "rPr")
        written = etree.tostring(rpr) if rpr is not None else b""
        compared = _SIZE.sub(b"", written)
        for item in run:
            if item is rpr:
                continue
            if item.tag == W + "t":
                for token in self.tokens(item.text or ""):
                    out.append(Piece((link, compared, "t", token), link, rpr, written, "t",
                                     token))
            else:
                serial = etree.tostring(item).decode()
                out.append(Piece((link, compared, "x", serial), link, rpr, written, "x",
                                 serial, item))


def _raw(element: Element, link: Link) -> Piece:
    """Something in a paragraph that is not a run (a bookmark): kept as it is."""
    serial = etree.tostring(element).decode()
    return Piece((link, b"", "raw", serial), link, None, b"", "raw", serial, element)


def _is_word(token: str) -> bool:
    """Whether a token is a word (not a space or punctuation), for counting the changes."""
    return any(character.isalnum() for character in token)


def _shown(key: Key) -> str:
    """What a piece shows as text (to tell glue between two changes)."""
    return str(key[3]) if key[2] == "t" else ""


class _RunWriter:
    """Appends pieces to a paragraph as runs, inside hyperlinks and ``w:ins``/``w:del``.

    Neighbouring pieces with the same link, change and formatting share one run, and
    neighbouring words one ``w:t``.
    """

    def __init__(self, marker: Marker, paragraph: Element) -> None:
        self.marker = marker
        self.paragraph = paragraph
        self.link: Link = None
        self.parent = paragraph  # the paragraph, or the open hyperlink
        self.wrapper: Element | None = None  # the open w:ins / w:del
        self.wrapper_op = EQUAL
        self.run: Element | None = None
        self.run_key: tuple[str, bytes] = ("", b"")
        self.text: Element | None = None

    def add(self, piece: Piece, op: str) -> None:
        """One piece, unchanged, inserted or deleted."""
        if piece.link != self.link:
            self.link, self.wrapper, self.run = piece.link, None, None
            self.parent = self.paragraph
            if piece.link is not None:
                self.parent = self.marker.link(piece.link)
                self.paragraph.append(self.parent)
        if piece.kind == "raw":
            if op != DELETE and piece.element is not None:  # an old bookmark goes with it
                self.parent.append(copy.deepcopy(piece.element))
                self.wrapper = self.run = None
            return
        if op != EQUAL and piece.kind == "t" and _is_word(piece.value):
            self.marker.words[op] += 1
        target = self._wrapper(op)
        if self.run is None or self.run_key != (op, piece.written) \
                or self.run.getparent() is not target:
            self.run = etree.SubElement(target, W + "r")
            self.run_key, self.text = (op, piece.written), None
            if piece.rpr is not None:
                self.run.append(copy.deepcopy(piece.rpr))
        if piece.kind == "t":
            if self.text is None:
                self.text = etree.SubElement(self.run, W + ("delText" if op == DELETE else "t"))
                self.text.set(XML_SPACE, "preserve")
                self.text.text = ""
            self.text.text += piece.value
            return
        element = copy.deepcopy(piece.element)
        if op == DELETE and element is not None:
            self.marker.renumber_drawings(element)
            if element.tag == W + "instrText":
                element.tag = W + "delInstrText"
        self.run.append(element)
        self.text = None

    def _wrapper(self, op: str) -> Element:
        """Where runs of ``op`` go: the paragraph (or link), or its open ``w:ins``/``w:del``."""
        if op == EQUAL:
            self.wrapper = None
            return self.parent
        if self.wrapper is None or self.wrapper_op != op or self.parent[-1] is not self.wrapper:
            self.wrapper, self.wrapper_op = self.marker.change(op), op
            self.parent.append(self.wrapper)
        return self.wrapper


def _outside_drawings(element: Element, tag: str) -> list[Element]:
    """The paragraphs or rows of ``element`` that are not inside a drawing's text box."""
    return [found for found in element.iter(W + tag)
            if next(found.iterancestors(W + "txbxContent"), None) is None]


def _mark_paragraph(ppr: Element, change: Element) -> None:
    """Mark a paragraph's mark inserted or deleted (``w:pPr/w:rPr/w:ins|w:del``)."""
    rpr = ppr.find(W + "rPr")
    if rpr is None:
        rpr = etree.Element(W + "rPr")
        later = [c for c in ppr if c.tag in (W + "sectPr", W + "pPrChange")]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, change)


def unmark_last_paragraphs(body: Element) -> None:
    """The last paragraph of the body and of each cell keeps its mark: Word cannot lose it."""
    for container in (body, *body.iter(W + "tc")):
        blocks = [c for c in container if c.tag not in (W + "sectPr", W + "tcPr")]
        if not blocks or blocks[-1].tag != W + "p":
            continue
        rpr = blocks[-1].find(f"{W}pPr/{W}rPr")
        if rpr is None:
            continue
        for change in [c for c in rpr if c.tag in (W + "ins", W + "del")]:
            rpr.remove(change)
        if not len(rpr):
            rpr.getparent().remove(rpr)
