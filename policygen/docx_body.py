"""Markdown tokens → WordprocessingML body XML.

A renderer class walks the markdown-it-py token stream and dispatches on ``token.type`` to one
small method each, appending XML text. Building the body as text and parsing it once is many
times faster than python-docx's per-paragraph API, and the XML is the same.

Print rules, as chains of a few paragraphs only, because LibreOffice gives up on long chains of
keep-with-next and leaves a heading at the foot of a page: a heading keeps with its first
block, whose lines stay together; a paragraph ending in ':' keeps with the list, quote or
table it introduces, and a short paragraph with its table; a short table is not split, nor
(in the handout) a short list. A thematic break (``---``) starts a new page by a page break
*before* the next block, never by a paragraph of its own (which could be a blank page).
A table whose first header cell starts with ``✂`` is a cut-out card: see :func:`card_xml`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token

from policygen.docx_card import CARD_MARK, CardSide, card_xml
from policygen.docx_runs import plain, plain_children, run

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
KEEP_LINES_CHARS = 700  # a first paragraph up to ~7 lines moves with its heading as a whole
KEEP_LIST_ITEMS, KEEP_LIST_CHARS = 6, 600  # a list this short stays on one page (handout)
KEEP_TABLE_ROWS = 6  # a table of up to this many rows (header included) is not split
KEEP_INTRO_CHARS = 400  # a paragraph this short before a table keeps with the table


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
                 first_num_id: int, keep_blocks: bool = False,
                 page: tuple[int, int] | None = None) -> None:
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
        # keep_blocks (the handout): a short list stays on one page
        self.keep_blocks = keep_blocks
        # page: (page width, left margin) in twips, to centre a folding card on the paper
        self.page = page
        self.keep_lines_next = False  # the next block (a heading's first) is not split
        self.page_break = False  # a thematic break: the next block starts a new page
        self.kept_list: list[bool] = []  # per open list: whether its items keep together
        self.card_sides: list[CardSide] = []

    # -- entry point -------------------------------------------------------------------

    def render(self, tokens: Sequence[Token]) -> BodyResult:
        """Render all tokens; return the body XML and the list instances it needs."""
        index = 0
        while index < len(tokens):
            index = self._dispatch(tokens, index)
        self._flush_card()
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
            self.result.headings.append((depth, plain(inline)))
        self._paragraph(self._runs(inline.children or []), style, "heading", keep_next=True)
        self.keep_lines_next = True
        return index + 3

    def _paragraph_open(self, tokens: Sequence[Token], index: int) -> int:
        inline = tokens[index + 1]
        runs = self._runs(inline.children or [])
        keep_lines = self.keep_lines_next and len(inline.content) <= KEEP_LINES_CHARS
        if self.lists:
            state = self.lists[-1]
            numbered = state.first_paragraph_pending
            state.first_paragraph_pending = False
            self._list_paragraph(runs, state, numbered, keep_lines)
        elif self.quote_depth:
            self._paragraph(runs, self.styles.quote, "quote", keep_lines=keep_lines)
        else:
            self._paragraph(runs, None, "paragraph", keep_lines=keep_lines)
        return index + 3

    def _bullet_list_open(self, tokens: Sequence[Token], index: int) -> None:
        self._open_list(tokens, index, ordered=False, start=1)

    def _ordered_list_open(self, tokens: Sequence[Token], index: int) -> None:
        start = tokens[index].attrGet("start")
        self._open_list(tokens, index, ordered=True, start=int(start) if start else 1)

    def _open_list(self, tokens: Sequence[Token], index: int, ordered: bool, start: int) -> None:
        num_id = self.next_num_id
        self.next_num_id += 1
        level = min(len(self.lists), 8)
        self.lists.append(ListState(ordered, num_id, level))
        self.result.lists.append((num_id, ordered, level, start))
        self.kept_list.append(self.keep_blocks and not self.kept_list
                              and _short_list(tokens, index))
        self._keep_with_introduction(self.kept_list[-1])

    def _bullet_list_close(self, tokens: Sequence[Token], index: int) -> None:
        self.lists.pop()
        if self.kept_list.pop() and self.last_block == "list":
            self.out[-1] = self.out[-1].replace("<w:keepNext/>", "", 1)  # the last item

    _ordered_list_close = _bullet_list_close

    def _list_item_open(self, tokens: Sequence[Token], index: int) -> None:
        self.lists[-1].first_paragraph_pending = True

    def _blockquote_open(self, tokens: Sequence[Token], index: int) -> None:
        self.quote_depth += 1
        self._keep_with_introduction(False)

    def _keep_with_introduction(self, always: bool) -> None:
        """A paragraph that introduces what follows ("... as follows:") keeps with it.

        What follows then starts as a heading's first block does: not split.
        """
        if self.last_block == "paragraph":
            text = _text_of(self.out[-1]).rstrip()
            if always or text.endswith(":"):
                self.out[-1] = _with_ppr(self.out[-1], keep_next=True)
                self.keep_lines_next = True

    def _blockquote_close(self, tokens: Sequence[Token], index: int) -> None:
        self.quote_depth -= 1

    def _hr(self, tokens: Sequence[Token], index: int) -> None:
        # a break before the next block: nothing when nothing follows, one for several rules,
        # none before the first page
        self.page_break = bool(self.out)

    def _code_block(self, tokens: Sequence[Token], index: int) -> None:
        for line in tokens[index].content.rstrip("\n").split("\n"):
            self._paragraph([run(line, code=True)], None, "paragraph")

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
        title = plain_children(rows[0][0][1]) if rows[0] and rows[0][0][0] == "th" else ""
        if title.startswith(CARD_MARK):
            self.card_sides.append(self._card_side(rows))
            if not _card_table_at(tokens, index + 1):
                self._flush_card()
            return
        if self.last_block == "paragraph":  # a short paragraph before a table introduces it
            self._keep_with_introduction(len(_text_of(self.out[-1])) <= KEEP_INTRO_CHARS)
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
        # a row keeps with the next through its paragraphs' keepNext: the header row always,
        # and every row of a short table, which then moves to the next page as a whole
        kept = len(rows) <= KEEP_TABLE_ROWS
        for number, row in enumerate(rows, start=1):
            header = bool(row) and row[0][0] == "th"
            parts.append("<w:tr><w:trPr><w:cantSplit/>"
                         + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
            keep = "<w:keepNext/>" if header or (kept and number < len(rows)) else ""
            for col in range(columns):
                _, children, align = row[col] if col < len(row) else ("td", [], "")
                shade = '<w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/>' if header else ""
                jc = {"center": "center", "right": "right"}.get(align.strip(), "")
                jc_xml = f'<w:jc w:val="{jc}"/>' if jc else ""
                runs = self._runs(children, bold=header)
                parts.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{widths[col]}" w:type="dxa"/>{shade}</w:tcPr>'
                    f'<w:p><w:pPr>{keep}<w:spacing w:before="40" w:after="40"/>{jc_xml}'
                    f"</w:pPr>{''.join(runs)}</w:p></w:tc>"
                )
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        self._block("".join(parts), "table")
        self._spacer()

    def _spacer(self) -> None:
        """A 6 pt paragraph: text does not stick to a table, and adjacent tables stay apart."""
        self._block('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="120" '
                    'w:lineRule="exact"/></w:pPr></w:p>', "spacer")

    def _column_widths(self, rows: list[list[tuple[str, list[Token], str]]],
                       columns: int) -> list[int]:
        """Widths in twips: each column fits its longest word, the rest goes by text length.

        As in a browser's automatic table layout, what is left over goes to each column in
        proportion to how much longer its longest cell is than its longest word.
        """
        char = 135  # a wide character at 11 pt (bold headers), in twips
        words = [3] * columns
        lengths = [3] * columns
        for row in rows:
            for col, (_, children, _) in enumerate(row):
                text = plain_children(children)
                lengths[col] = max(lengths[col], min(len(text), 400))
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

    # -- the cut-out card ----------------------------------------------------------------

    def _card_side(self, rows: list[list[tuple[str, list[Token], str]]]) -> CardSide:
        """One side of a card: its title (the header cells) and its label/value rows."""
        titles = [plain_children(children).removeprefix(CARD_MARK).strip()
                  for _, children, _ in rows[0]]
        lines = []
        for row in rows[1:]:
            if row:
                value: list[Token] = []
                for _, children, _ in row[1:]:
                    if value and children:
                        value.append(Token("text", "", 0, content=" · "))
                    value.extend(children)
                lines.append((row[0][1], value))
        return CardSide(" · ".join(t for t in titles if t), lines)

    def _flush_card(self) -> None:
        if self.card_sides:
            sides, self.card_sides = self.card_sides, []

            def runs(children: Sequence[Token], bold: bool, size: int) -> list[str]:
                return [_TEXT_RUN.sub(_keep_numbers, piece)
                        for piece in self._runs(children, bold=bold, size=size)]

            self._block(card_xml(sides, runs, self.text_width, self.page), "card")
            self._spacer()

    # -- paragraphs and runs -------------------------------------------------------------

    def _block(self, xml: str, kind: str) -> None:
        if self.page_break:
            self.page_break = False
            if xml.startswith("<w:p>"):
                xml = _with_ppr(xml, page_break=True)
            else:  # a table cannot break the page itself: an empty paragraph does, atop it
                self.out.append('<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:before="0" '
                                'w:after="0" w:line="20" w:lineRule="exact"/></w:pPr></w:p>')
        if kind != "heading":
            self.keep_lines_next = False
        self.out.append(xml)
        self.last_block = kind

    def _paragraph(self, runs: list[str], style: str | None, kind: str,
                   keep_next: bool = False, keep_lines: bool = False) -> None:
        ppr = _ppr_flags(style, keep_next, keep_lines)
        self._block(f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>",
                    kind)

    def _list_paragraph(self, runs: list[str], state: ListState, numbered: bool,
                        keep_lines: bool) -> None:
        ppr = _ppr_flags(self.styles.list_paragraph, any(self.kept_list), keep_lines)
        if numbered:
            ppr += (f'<w:numPr><w:ilvl w:val="{state.level}"/>'
                    f'<w:numId w:val="{state.num_id}"/></w:numPr>')
        else:
            ppr += f'<w:ind w:left="{self.LIST_INDENT * (state.level + 2)}"/>'
        self._block(f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(runs)}</w:p>", "list")

    def _runs(self, children: Sequence[Token], bold: bool = False,
              size: int | None = None) -> list[str]:
        """The runs of inline tokens; ``size`` in half-points where it is not the style's."""
        runs: list[str] = []
        strong = 1 if bold else 0
        em = 0
        link: str | None = None
        for child in children:
            kind = child.type
            if kind == "text":
                runs.append(run(child.content, strong > 0, em > 0, link is not None,
                                 self.styles.hyperlink, size=size))
            elif kind == "softbreak":
                runs.append(run(" ", strong > 0, em > 0, link is not None,
                                 self.styles.hyperlink, size=size))
            elif kind == "hardbreak":
                runs.append("<w:r><w:br/></w:r>")
            elif kind == "code_inline":
                runs.append(run(child.content, strong > 0, em > 0, code=True, size=size))
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
                runs.append(run(plain_children(child.children or []) or "", strong > 0, em > 0,
                                 size=size))
        return runs


# -- the cut-out card ---------------------------------------------------------------------


_PPR_START = re.compile(r"<w:p>(?:<w:pPr>(<w:pStyle [^>]*/>)?(<w:keepNext/>)?(<w:keepLines/>)?"
                        r"(<w:pageBreakBefore/>)?)?")
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def _ppr_flags(style: str | None, keep_next: bool = False, keep_lines: bool = False,
               page_break: bool = False) -> str:
    """The first paragraph properties, in the schema's order."""
    return ((f'<w:pStyle w:val="{style}"/>' if style else "")
            + ("<w:keepNext/>" if keep_next else "") + ("<w:keepLines/>" if keep_lines else "")
            + ("<w:pageBreakBefore/>" if page_break else ""))


def _with_ppr(xml: str, keep_next: bool = False, page_break: bool = False) -> str:
    """A paragraph's XML with keepNext or pageBreakBefore added to what it has."""
    match = _PPR_START.match(xml)
    if match is None:
        return xml
    style = match.group(1) or ""
    flags = _ppr_flags(None, keep_next or bool(match.group(2)), bool(match.group(3)),
                       page_break or bool(match.group(4)))
    rest = xml[match.end():]
    if match.group(0) == "<w:p>":  # no properties yet
        return f"<w:p><w:pPr>{flags}</w:pPr>{rest}" if flags else xml
    return f"<w:p><w:pPr>{style}{flags}{rest}"


_TEXT_RUN = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")
_PHONE = re.compile(r"\+?\d[\d ]*\d")


def _keep_numbers(match: re.Match[str]) -> str:
    """A run's text with the spaces inside phone numbers made non-breaking (narrow card)."""
    text = _PHONE.sub(lambda number: number.group(0).replace(" ", "\u00a0"), match.group(2))
    return match.group(1) + text + match.group(3)


def _text_of(xml: str) -> str:
    return "".join(_TEXT.findall(xml))


def _short_list(tokens: Sequence[Token], index: int) -> bool:
    """Whether the list opening at ``index`` has few and short items (it can stay together)."""
    depth, items, chars = 0, 0, 0
    for token in tokens[index:]:
        depth += token.nesting
        if token.type == "list_item_open" and depth == 2:
            items += 1
        elif token.type == "inline":
            chars += len(token.content)
        if depth == 0:
            break
    return items <= KEEP_LIST_ITEMS and chars <= KEEP_LIST_CHARS


def _card_table_at(tokens: Sequence[Token], index: int) -> bool:
    """Whether a card table opens at ``index`` (one side follows another)."""
    if index + 4 >= len(tokens) or tokens[index].type != "table_open":
        return False
    inline = tokens[index + 4]  # table_open thead_open tr_open th_open inline
    return inline.type == "inline" and inline.content.startswith(CARD_MARK)


