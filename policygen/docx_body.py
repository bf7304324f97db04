"""Markdown tokens → WordprocessingML body XML.

A renderer class walks the markdown-it-py token stream and dispatches on ``token.type`` to one
small method each, appending XML text. Building the body as text and parsing it once is many
times faster than python-docx's per-paragraph API, and the XML is the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xml_text(text: str) -> str:
    """Text escaped for XML, with characters XML cannot hold removed."""
    text = _INVALID_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    """An attribute value escaped for XML (double quotes)."""
    return xml_text(text).replace('"', "&quot;")


@dataclass(frozen=True)
class StyleIds:
    """The style ids of the reference document for each role (None: style missing)."""

    title: str | None
    headings: Sequence[str | None]  # Heading 1, 2, 3
    list_paragraph: str | None
    quote: str | None
    table: str | None
    hyperlink: str | None


@dataclass
class ListState:
    """An open list: bullet or ordered, its numbering instance, nesting level."""

    ordered: bool
    num_id: int
    level: int
    first_paragraph_pending: bool = False


@dataclass
class BodyResult:
    """The rendered body and what the package must add for it."""

    xml: str
    lists: list[tuple[int, bool, int, int]] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)


class BodyRenderer:
    """Render one Markdown token stream to body XML (``<w:p>``, ``<w:tbl>`` elements).

    ``link_id`` gives the relationship id of an external hyperlink; ``next_num_id`` allocates
    a numbering instance for each list, so that every numbered list restarts at its own start.
    """

    LIST_INDENT = 360  # twips per nesting level, and the hanging indent of the marker

    def __init__(self, styles: StyleIds, text_width: int, link_id: Callable[[str], str],
                 first_num_id: int, keep_blocks: bool = False) -> None:
        self.styles = styles
        self.text_width = text_width
        self.link_id = link_id
        self.next_num_id = first_num_id
        self.out: list[str] = []
        self.lists: list[ListState] = []
        self.result = BodyResult("")
        self.quote_depth = 0
        self.seen_title = False
        self.table: list[list[tuple[str, list[Token], str]]] | None = None
        self.last_block = ""
        # keep_blocks: everything under a level-2 heading (### in Markdown) stays on one page
        self.keep_blocks = keep_blocks
        self.in_block = False
        self.block_last: int | None = None

    # -- entry point -------------------------------------------------------------------

    def render(self, tokens: Sequence[Token]) -> BodyResult:
        """Render all tokens; return the body XML and the list instances it needs."""
        index = 0
        while index < len(tokens):
            index = self._dispatch(tokens, index)
        self._end_block()
        self.result.xml = "".join(self.out)
        return self.result

    def _dispatch(self, tokens: Sequence[Token], index: int) -> int:
        token = tokens[index]
        handler = getattr(self, "_" + token.type, None)
        if handler is None:
            return index + 1
        consumed: int | None = handler(tokens, index)
        return consumed if consumed is not None else index + 1

    # -- blocks --------------------------------------------------------------------------

    def _heading_open(self, tokens: Sequence[Token], index: int) -> int:
        level = int(tokens[index].tag[1])
        inline = tokens[index + 1]
        if level == 1 and not self.seen_title:
            self.seen_title = True
            style = self.styles.title
        else:
            depth = min(max(level - 1, 1), 3)
            style = self.styles.headings[depth - 1]
            self.result.headings.append((depth, _plain(inline)))
            if self.keep_blocks and depth <= 2:
                self._end_block()
                self.in_block = depth == 2
        self._paragraph(self._runs(inline.children or []), style, keep_next=True)
        self.block_last = None  # a heading itself always keeps with what follows
        return index + 3

    def _paragraph_open(self, tokens: Sequence[Token], index: int) -> int:
        inline = tokens[index + 1]
        runs = self._runs(inline.children or [])
        if self.lists:
            state = self.lists[-1]
            numbered = state.first_paragraph_pending
            state.first_paragraph_pending = False
            self._list_paragraph(runs, state, numbered)
        elif self.quote_depth:
            self._paragraph(runs, self.styles.quote)
        else:
            self._paragraph(runs, None)
        return index + 3

    def _bullet_list_open(self, tokens: Sequence[Token], index: int) -> None:
        self._open_list(ordered=False, start=1)

    def _ordered_list_open(self, tokens: Sequence[Token], index: int) -> None:
        start = tokens[index].attrGet("start")
        self._open_list(ordered=True, start=int(start) if start else 1)

    def _open_list(self, ordered: bool, start: int) -> None:
        num_id = self.next_num_id
        self.next_num_id += 1
        level = min(len(self.lists), 8)
        self.lists.append(ListState(ordered, num_id, level))
        self.result.lists.append((num_id, ordered, level, start))

    def _bullet_list_close(self, tokens: Sequence[Token], index: int) -> None:
        self.lists.pop()

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, tokens: Sequence[Token], index: int) -> None:
        self.lists[-1].first_paragraph_pending = True

    def _blockquote_open(self, tokens: Sequence[Token], index: int) -> None:
        self.quote_depth += 1

    def _blockquote_close(self, tokens: Sequence[Token], index: int) -> None:
        self.quote_depth -= 1

    def _hr(self, tokens: Sequence[Token], index: int) -> None:
        self._end_block()
        self.in_block = False
        self._block('<w:p><w:r><w:br w:type="page"/></w:r></w:p>', "break")

    def _code_block(self, tokens: Sequence[Token], index: int) -> None:
        for line in tokens[index].content.rstrip("\n").split("\n"):
            run = _run(line, code=True)
            self._paragraph([run], None)

    _fence = _code_block

    # -- tables --------------------------------------------------------------------------

    def _table_open(self, tokens: Sequence[Token], index: int) -> None:
        self.table = []

    def _tr_open(self, tokens: Sequence[Token], index: int) -> None:
        if self.table is not None:
            self.table.append([])

    def _th_open(self, tokens: Sequence[Token], index: int) -> int:
        return self._cell(tokens, index, "th")

    def _td_open(self, tokens: Sequence[Token], index: int) -> int:
        return self._cell(tokens, index, "td")

    def _cell(self, tokens: Sequence[Token], index: int, kind: str) -> int:
        inline = tokens[index + 1]
        align = str(tokens[index].attrGet("style") or "").replace("text-align:", "")
        if self.table:
            self.table[-1].append((kind, inline.children or [], align))
        return index + 3

    def _table_close(self, tokens: Sequence[Token], index: int) -> None:
        rows, self.table = self.table or [], None
        if not rows:
            return
        columns = max(len(row) for row in rows)
        widths = self._column_widths(rows, columns)
        style = f'<w:tblStyle w:val="{self.styles.table}"/>' if self.styles.table else ""
        parts = [
            f"<w:tbl><w:tblPr>{style}<w:tblW w:w=\"{sum(widths)}\" w:type=\"dxa\"/>"
            '<w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{w}"/>' for w in widths),
            "</w:tblGrid>",
        ]
        for row in rows:
            header = bool(row) and row[0][0] == "th"
            parts.append("<w:tr><w:trPr><w:cantSplit/>"
                         + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
            for col in range(columns):
                _, children, align = row[col] if col < len(row) else ("td", [], "")
                shade = '<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>' if header else ""
                jc = {"center": "center", "right": "right"}.get(align.strip(), "")
                jc_xml = f'<w:jc w:val="{jc}"/>' if jc else ""
                runs = self._runs(children, bold=header)
                parts.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{widths[col]}" w:type="dxa"/>{shade}</w:tcPr>'
                    f'<w:p><w:pPr><w:spacing w:before="40" w:after="40"/>{jc_xml}</w:pPr>'
                    f"{''.join(runs)}</w:p></w:tc>"
                )
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self._block("".join(parts), "table")
        # a 6 pt spacer: text does not stick to the table, and adjacent tables stay apart
        self._block('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="120" '
                    'w:lineRule="exact"/></w:pPr></w:p>', "spacer")

    def _column_widths(self, rows: list[list[tuple[str, list[Token], str]]],
                       columns: int) -> list[int]:
        """Widths in twips: each column fits its longest word, the rest goes by text length."""
        char = 135  # a wide character at 11 pt (bold headers), in twips
        words = [3] * columns
        lengths = [3] * columns
        for row in rows:
            for col, (_, children, _) in enumerate(row):
                text = _plain_children(children)
                lengths[col] = max(lengths[col], min(len(text), 60))
                words[col] = max([words[col], *(min(len(w), 24) for w in text.split())])
        floors = [w * char + 200 for w in words]
        spare = max(self.text_width - sum(floors), 0)
        extra = [max(n - w, 0) for n, w in zip(lengths, words, strict=True)]
        total_extra = sum(extra) or 1
        widths = [f + spare * e // total_extra for f, e in zip(floors, extra, strict=True)]
        scale = self.text_width / sum(widths)
        widths = [int(w * scale) for w in widths]
        widths[-1] += self.text_width - sum(widths)
        return widths

    # -- paragraphs and runs -------------------------------------------------------------

    def _block(self, xml: str, kind: str) -> None:
        if self.in_block and kind != "break":
            xml = _KEEP_NEXT_AT.sub(_add_keep_next, xml)
            self.block_last = len(self.out)
        self.out.append(xml)
        self.last_block = kind

    def _end_block(self) -> None:
        """The last element of a kept block need not keep with what follows it."""
        if self.block_last is not None:
            self.out[self.block_last] = self.out[self.block_last].replace("<w:keepNext/>", "")
        self.block_last = None

    def _paragraph(self, runs: list[str], style: str | None, keep_next: bool = False) -> None:
        ppr = ""
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if keep_next:
            ppr += "<w:keepNext/>"
        self._block(f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>",
                    "paragraph")

    def _list_paragraph(self, runs: list[str], state: ListState, numbered: bool) -> None:
        style = self.styles.list_paragraph
        ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
        if numbered:
            ppr += (f'<w:numPr><w:ilvl w:val="{state.level}"/>'
                    f'<w:numId w:val="{state.num_id}"/></w:numPr>')
        else:
            ppr += f'<w:ind w:left="{self.LIST_INDENT * (state.level + 2)}"/>'
        self._block(f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(runs)}</w:p>", "paragraph")

    def _runs(self, children: Sequence[Token], bold: bool = False) -> list[str]:
        runs: list[str] = []
        strong = 1 if bold else 0
        em = 0
        link: str | None = None
        for child in children:
            kind = child.type
            if kind == "text":
                runs.append(_run(child.content, strong > 0, em > 0, link is not None,
                                 self.styles.hyperlink))
            elif kind == "softbreak":
                runs.append(_run(" ", strong > 0, em > 0, link is not None,
                                 self.styles.hyperlink))
            elif kind == "hardbreak":
                runs.append("<w:r><w:br/></w:r>")
            elif kind == "code_inline":
                runs.append(_run(child.content, strong > 0, em > 0, code=True))
            elif kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                em += 1
            elif kind == "em_close":
                em -= 1
            elif kind == "link_open":
                href = str(child.attrGet("href") or "")
                if href.startswith(("http://", "https://", "mailto:")):
                    link = href
                    runs.append(f'<w:hyperlink r:id="{self.link_id(href)}">')
            elif kind == "link_close":
                if link is not None:
                    runs.append("</w:hyperlink>")
                link = None
            elif kind == "image":
                runs.append(_run(_plain_children(child.children or []) or "", strong > 0, em > 0))
        return runs


# where keepNext goes in a paragraph: after its style, before everything else (schema order)
_KEEP_NEXT_AT = re.compile(r"<w:p>(<w:pPr>)?(<w:pStyle [^>]*/>)?(<w:keepNext/>)?")


def _add_keep_next(match: re.Match[str]) -> str:
    if match.group(3):
        return match.group(0)
    if match.group(1):
        return f"<w:p><w:pPr>{match.group(2) or ''}<w:keepNext/>"
    return "<w:p><w:pPr><w:keepNext/></w:pPr>"


def _run(text: str, bold: bool = False, italic: bool = False, link: bool = False,
         link_style: str | None = None, code: bool = False) -> str:
    rpr = ""
    if link and link_style:
        rpr += f'<w:rStyle w:val="{link_style}"/>'
    if code:
        rpr += '<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/>'
    if bold:
        rpr += "<w:b/><w:bCs/>"
    if italic:
        rpr += "<w:i/><w:iCs/>"
    if link and not link_style:
        rpr += '<w:color w:val="0563C1"/><w:u w:val="single"/>'
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'


def _plain_children(children: Sequence[Token]) -> str:
    return "".join(c.content if c.type in ("text", "code_inline") else
                   " " if c.type in ("softbreak", "hardbreak") else "" for c in children)


def _plain(inline: Token) -> str:
    return _plain_children(inline.children or [])
