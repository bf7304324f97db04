"""Markdown → WordprocessingML body XML, walking markdown-it-py's syntax tree.

A renderer class walks a :class:`~markdown_it.tree.SyntaxTreeNode` tree and dispatches on
``node.type`` to one small method each, appending XML text; inline nodes go the same way
through :class:`~policygen.render.docx_runs.RunRenderer`. A node type without a method is refused
(:class:`~policygen.render.docx_runs.UnknownNodeError`), never dropped. Building the body as text
and parsing it once is many times faster than python-docx's per-paragraph API, and the XML is
the same.

Print rules, as chains of a few paragraphs only, because LibreOffice gives up on long chains of
keep-with-next and leaves a heading at the foot of a page: a heading keeps with its first
block, whose lines stay together; a paragraph ending in ':' keeps with the list, quote or
table it introduces, and a short paragraph with its table; a short table is not split, nor
(in the handout) a short list. A thematic break (``---``) starts a new page by a page break
*before* the next block, never by a paragraph of its own (which could be a blank page).
A table whose first header cell starts with ``✂`` is a cut-out card (:mod:`docx_card`); a
table after a ``<!-- diagram: ladder -->`` (or ``decision``) paragraph is drawn as shapes
(:mod:`docx_diagram`), one after ``<!-- form: 30 70 -->`` is a form to fill in (:mod:`docx_form`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from policygen.render.docx_card import CARD_MARK, CardSide, card_side, card_xml
from policygen.render.docx_diagram import FIRST_ID, DiagramError, diagram_kind, diagram_xml
from policygen.render.docx_form import form_columns, form_xml
from policygen.render.docx_runs import RunRenderer, UnknownNodeError, plain_text, run
from policygen.render.docx_tables import Cell, Row, table_xml
from policygen.render.mdtree import syntax_tree

__all__ = ["R_NS", "W_NS", "BodyRenderer", "BodyResult", "StyleIds", "UnknownNodeError"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
KEEP_LINES_CHARS = 700  # a first paragraph up to ~7 lines moves with its heading as a whole
KEEP_LIST_ITEMS, KEEP_LIST_CHARS = 6, 600  # a list this short stays on one page (handout)
KEEP_INTRO_CHARS = 400  # a paragraph this short before a table keeps with the table
# an ordinary table's XML by its opening token (shared by the documents with that block, see
# mdtree.parse) and what shapes it (table style, text width, link style); not with a link
_TABLES: dict[tuple[int, str | None, int, str | None], tuple[Token, str]] = {}
TABLES_REMEMBERED = 500


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
    """Render one Markdown document to body XML (``<w:p>``, ``<w:tbl>`` elements).

    ``link_id`` gives the relationship id of an external hyperlink; ``next_num_id`` allocates
    a numbering instance for each list, so that every numbered list restarts at its own start.
    """

    LIST_INDENT = 360  # twips per nesting level, and the hanging indent of the marker
    NODE_TYPES = ("heading", "paragraph", "bullet_list", "ordered_list", "list_item",
                  "blockquote", "hr", "code_block", "fence",
                  "table", "thead", "tbody", "tr", "th", "td")

    def __init__(self, styles: StyleIds, text_width: int, link_id: Callable[[str], str],
                 first_num_id: int, keep_blocks: bool = False,
                 page: tuple[int, int] | None = None) -> None:
        self.styles = styles
        self.text_width = text_width
        self.next_num_id = first_num_id
        self.inline = RunRenderer(link_id, styles.hyperlink)
        self.rules: dict[str, Callable[[SyntaxTreeNode], None]] = {
            name: getattr(self, "_" + name) for name in self.NODE_TYPES}
        self.out: list[str] = []
        self.lists: list[ListState] = []
        self.result = BodyResult("")
        self.quote_depth = 0
        self.seen_title = False
        self.rows: list[Row] | None = None  # the rows of the table being read
        self.last_block = ""
        # keep_blocks (the handout): a short list stays on one page
        self.keep_blocks = keep_blocks
        # page: (page width, left margin) in twips, to centre a folding card on the paper
        self.page = page
        self.keep_lines_next = False  # the next block (a heading's first) is not split
        self.page_break = False  # a thematic break: the next block starts a new page
        self.kept_list: list[bool] = []  # per open list: whether its items keep together
        self.card_sides: list[CardSide] = []
        self.diagram: str | None = None  # a diagram marker was read: the next table is drawn
        self.form: list[int] | None = None  # a form marker: the next table is a form
        self.drawings = 0

    # -- entry point -------------------------------------------------------------------

    def render(self, tokens: Sequence[Token]) -> BodyResult:
        """Render markdown-it tokens (as a syntax tree); the body XML and the lists it needs.

        Raises :class:`UnknownNodeError` for a node type it has no method for.
        """
        with syntax_tree(tokens) as root:
            self._render_children(root)
            self._flush_card()
        self._no_pending_diagram("the end of the document")
        self.result.xml = "".join(self.out)
        return self.result

    def _render_children(self, node: SyntaxTreeNode) -> None:
        rules = self.rules
        for child in node.children:
            try:
                rule = rules[child.type]
            except KeyError:
                raise UnknownNodeError(child) from None
            rule(child)

    # -- blocks --------------------------------------------------------------------------

    def _heading(self, node: SyntaxTreeNode) -> None:
        inline = node.children[0]
        level = int(node.tag[1])
        if level == 1 and not self.seen_title:
            self.seen_title = True
            style = self.styles.title
        else:
            depth = min(max(level - 1, 1), 3)
            style = self.styles.headings[depth - 1]
            self.result.headings.append((depth, plain_text(inline.children)))
        self._add_paragraph(self.inline.runs(inline.children), style, "heading", keep_next=True)
        self.keep_lines_next = True

    def _paragraph(self, node: SyntaxTreeNode) -> None:
        inline = node.children[0]
        if inline.content.startswith("<!--") and not self.lists and not self.quote_depth:
            kind, form = diagram_kind(inline.content), form_columns(inline.content)
            if kind is not None or form is not None:  # <!-- diagram: ladder -->, <!-- form: -->
                self._no_pending_diagram("another marker")
                self.diagram, self.form = kind, form
                return
        runs = self.inline.runs(inline.children)
        keep_lines = self.keep_lines_next and len(inline.content) <= KEEP_LINES_CHARS
        if self.lists:
            state = self.lists[-1]
            numbered = state.first_paragraph_pending
            state.first_paragraph_pending = False
            # a heading's first list item keeps with the next one: never a heading with one
            # line below it at the foot of a page
            self._add_list_paragraph(runs, state, numbered, keep_lines,
                                     keep_next=self.keep_lines_next and numbered)
        elif self.quote_depth:
            self._add_paragraph(runs, self.styles.quote, "quote", keep_lines=keep_lines)
        else:
            self._add_paragraph(runs, None, "paragraph", keep_lines=keep_lines)

    def _bullet_list(self, node: SyntaxTreeNode) -> None:
        self._list(node, ordered=False, start=1)

    def _ordered_list(self, node: SyntaxTreeNode) -> None:
        start = node.attrGet("start")
        self._list(node, ordered=True, start=int(start) if start else 1)

    def _list(self, node: SyntaxTreeNode, ordered: bool, start: int) -> None:
        num_id = self.next_num_id
        self.next_num_id += 1
        level = min(len(self.lists), 8)
        self.lists.append(ListState(ordered, num_id, level))
        self.result.lists.append((num_id, ordered, level, start))
        self.kept_list.append(self.keep_blocks and not self.kept_list and _short_list(node))
        self._keep_with_introduction(self.kept_list[-1])
        self._render_children(node)
        self.lists.pop()
        if self.kept_list.pop() and self.last_block == "list":
            self.out[-1] = self.out[-1].replace("<w:keepNext/>", "", 1)  # the last item

    def _list_item(self, node: SyntaxTreeNode) -> None:
        self.lists[-1].first_paragraph_pending = True
        self._render_children(node)

    def _blockquote(self, node: SyntaxTreeNode) -> None:
        self.quote_depth += 1
        self._keep_with_introduction(False)
        self._render_children(node)
        self.quote_depth -= 1

    def _keep_with_introduction(self, always: bool) -> None:
        """A paragraph that introduces what follows ("... as follows:") keeps with it.

        What follows then starts as a heading's first block does: not split.
        """
        if self.last_block == "paragraph":
            text = _text_of(self.out[-1]).rstrip()
            if always or text.endswith(":"):
                self.out[-1] = _with_ppr(self.out[-1], keep_next=True)
                self.keep_lines_next = True

    def _hr(self, node: SyntaxTreeNode) -> None:
        # a break before the next block: nothing when nothing follows, one for several rules,
        # none before the first page
        self.page_break = bool(self.out)

    def _code_block(self, node: SyntaxTreeNode) -> None:
        for line in node.content.rstrip("\n").split("\n"):
            self._add_paragraph([run(line, code=True)], None, "paragraph")

    _fence = _code_block

    # -- tables: cells collected row by row, then laid out (docx_tables) or cut out ------

    def _table(self, node: SyntaxTreeNode) -> None:
        opening = node.nester_tokens.opening if node.nester_tokens else None
        key = (id(opening), self.styles.table, self.text_width, self.inline.link_style)
        known = _TABLES.get(key) if self.diagram is None and self.form is None else None
        if known is not None and known[0] is opening:  # the same tokens, laid out before
            if self.last_block == "paragraph":
                self._keep_with_introduction(len(_text_of(self.out[-1])) <= KEEP_INTRO_CHARS)
            self._add_block(known[1], "table")
            self._spacer()
            return
        links = self.inline.links
        self.rows = []
        self._render_children(node)
        rows, self.rows = self.rows, None
        if not rows:
            return
        if self.diagram is not None and self._drawing(self.diagram, rows):
            return
        if self.form is not None:
            columns, self.form = self.form, None
            self._add_block(form_xml(rows, columns, self.styles.table, self.text_width,
                                     self.inline.runs), "table")
            self._spacer()
            return
        first = rows[0][0] if rows[0] else None
        title = plain_text(first.children) if first is not None and first.header else ""
        if title.startswith(CARD_MARK):
            self.card_sides.append(card_side(rows))
            if not _is_card_table(node.next_sibling):
                self._flush_card()
            return
        if self.last_block == "paragraph":  # a short paragraph before a table introduces it
            self._keep_with_introduction(len(_text_of(self.out[-1])) <= KEEP_INTRO_CHARS)
        xml = table_xml(rows, self.styles.table, self.text_width, self.inline.runs)
        if opening is not None and self.inline.links == links:  # no relationship id in it
            if len(_TABLES) >= TABLES_REMEMBERED:
                del _TABLES[next(iter(_TABLES))]
            _TABLES[key] = (opening, xml)
        self._add_block(xml, "table")
        self._spacer()

    def _drawing(self, kind: str, rows: list[Row]) -> bool:
        """Draw a marked table (:mod:`docx_diagram`); False where it is left a table."""
        self.diagram = None
        xml = diagram_xml(kind, rows, self.inline.runs, self.text_width,
                          FIRST_ID + self.drawings)
        if xml is None:
            return False
        self.drawings += 1
        if self.last_block == "paragraph":
            self._keep_with_introduction(len(_text_of(self.out[-1])) <= KEEP_INTRO_CHARS)
        self._add_block(xml, "diagram")
        return True

    def _no_pending_diagram(self, what: str) -> None:
        if self.diagram is not None or self.form is not None:
            kind = f"diagram: {self.diagram}" if self.diagram else "form: ..."
            self.diagram = self.form = None
            raise DiagramError(f"the '<!-- {kind} -->' marker is followed by {what}, not by "
                               "a table")

    def _thead(self, node: SyntaxTreeNode) -> None:
        self._render_children(node)

    _tbody = _thead

    def _tr(self, node: SyntaxTreeNode) -> None:
        if self.rows is not None:
            self.rows.append([])
        self._render_children(node)

    def _th(self, node: SyntaxTreeNode) -> None:
        self._cell(node, header=True)

    def _td(self, node: SyntaxTreeNode) -> None:
        self._cell(node, header=False)

    def _cell(self, node: SyntaxTreeNode, header: bool) -> None:
        align = str(node.attrGet("style") or "").replace("text-align:", "")
        if self.rows:
            self.rows[-1].append(Cell(header, node.children[0].children, align))

    def _spacer(self) -> None:
        """A 6 pt paragraph: text does not stick to a table, and adjacent tables stay apart."""
        self._add_block('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="120" '
                        'w:lineRule="exact"/></w:pPr></w:p>', "spacer")

    def _flush_card(self) -> None:
        """Print the card sides read so far (one card, or a folding pair, per two sides)."""
        if self.card_sides:
            sides, self.card_sides = self.card_sides, []
            self._add_block(card_xml(sides, self.inline.runs, self.text_width, self.page),
                            "card")
            self._spacer()

    # -- paragraphs ----------------------------------------------------------------------

    def _add_block(self, xml: str, kind: str) -> None:
        if (self.diagram is not None or self.form is not None) and kind != "table":
            self._no_pending_diagram(f"a {kind}")
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

    def _add_paragraph(self, runs: list[str], style: str | None, kind: str,
                       keep_next: bool = False, keep_lines: bool = False) -> None:
        ppr = _ppr_flags(style, keep_next, keep_lines)
        self._add_block(
            f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>", kind)

    def _add_list_paragraph(self, runs: list[str], state: ListState, numbered: bool,
                            keep_lines: bool, keep_next: bool = False) -> None:
        ppr = _ppr_flags(self.styles.list_paragraph, keep_next or any(self.kept_list),
                         keep_lines)
        if numbered:
            ppr += (f'<w:numPr><w:ilvl w:val="{state.level}"/>'
                    f'<w:numId w:val="{state.num_id}"/></w:numPr>')
        else:
            ppr += f'<w:ind w:left="{self.LIST_INDENT * (state.level + 2)}"/>'
        self._add_block(f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(runs)}</w:p>", "list")


# the start of a paragraph with the properties we set, in the schema's order
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


def _text_of(xml: str) -> str:
    return "".join(_TEXT.findall(xml))


def _short_list(node: SyntaxTreeNode) -> bool:
    """Whether a list has few and short items (it can stay together on one page)."""
    chars = sum(len(n.content) for n in node.walk() if n.type == "inline")
    return len(node.children) <= KEEP_LIST_ITEMS and chars <= KEEP_LIST_CHARS


def _is_card_table(node: SyntaxTreeNode | None) -> bool:
    """Whether ``node`` is a table whose first header cell starts with the card mark."""
    if node is None or node.type != "table":
        return False
    for _ in range(4):  # thead, tr, th, the cell's inline node
        if not node.children:
            return False
        node = node.children[0]
    return node.type == "inline" and node.content.startswith(CARD_MARK)
