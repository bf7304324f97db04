"""WordprocessingML text: escaping, one run of formatted text, inline Markdown nodes → runs.

:class:`RunRenderer` walks the inline nodes of a :class:`~markdown_it.tree.SyntaxTreeNode`
(the children of an ``inline`` node) and dispatches on ``node.type`` to one small method each,
as :class:`~policygen.render.docx_body.BodyRenderer` does for blocks; a type it does not know is
refused with an :class:`UnknownNodeError`, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import cast

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from policygen.errors import PolicygenError
from policygen.render.mdtree import source_line

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_PLAIN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff&<>]")  # to escape or drop
LINK_SCHEMES = ("http://", "https://", "mailto:")  # links to anything else print as text
# the runs of a whole inline node, by its token (shared by the documents with that block,
# see mdtree.parse), bold and size, and the renderer's link style; the token is kept with
# its runs, so that its id stays its own
_RUNS: dict[tuple[int, bool, int | None, str | None], tuple[Token, tuple[str, ...]]] = {}
RUNS_REMEMBERED = 10_000  # inline nodes; the least recently used go first


class UnknownNodeError(PolicygenError):
    """A Markdown node the DOCX renderer has no rule for: refused, so that nothing is lost."""

    def __init__(self, node: SyntaxTreeNode) -> None:
        self.node_type = node.type
        line = source_line(node)
        where = f" (line {line} of the Markdown)" if line is not None else ""
        super().__init__(f"the DOCX renderer does not know {node.type!r}{where}")


def xml_text(text: str) -> str:
    """Text escaped for XML, with characters XML cannot hold removed."""
    if _NOT_PLAIN.search(text) is None:  # most text: one scan
        return text
    text = _INVALID_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    """An attribute value escaped for XML (double quotes)."""
    return xml_text(text).replace('"', "&quot;")


def run(text: str, bold: bool = False, italic: bool = False, link: bool = False,
         link_style: str | None = None, code: bool = False, size: int | None = None,
         color: str | None = None) -> str:
    """One ``<w:r>`` of text with its formatting (bold, italic, link, code, size, colour)."""
    if not (bold or italic or link or code or size or color):
        return f'<w:r><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'
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
        color = "0563C1"
    if color:
        rpr += f'<w:color w:val="{color}"/>'
    if size:
        rpr += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    if link and not link_style:
        rpr += '<w:u w:val="single"/>'
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'


def plain_text(nodes: Iterable[SyntaxTreeNode]) -> str:
    """The text inline nodes show, without their formatting (an image shows nothing)."""
    parts = []
    for node in nodes:
        kind = node.type
        if kind == "text" or kind == "code_inline":
            parts.append(node.content)
        elif kind == "softbreak" or kind == "hardbreak":
            parts.append(" ")
        elif kind != "image" and node.children:
            parts.append(plain_text(node.children))
    return "".join(parts)


def _inline_token(nodes: Sequence[SyntaxTreeNode]) -> Token | None:
    """The token of the inline node whose children ``nodes`` are, all of them; else None."""
    parent = nodes[0].parent if nodes else None
    if parent is None or parent.type != "inline" or parent.children is not nodes:
        return None
    return parent.token


class RunRenderer:
    """Inline nodes → ``<w:r>`` runs (and ``<w:hyperlink>`` around a link's runs).

    Formatting nests as the nodes do: bold inside ``strong``, italic inside ``em``; a link to
    a web or mail address is a hyperlink whose relationship id ``link_id`` gives.
    """

    def __init__(self, link_id: Callable[[str], str], link_style: str | None) -> None:
        self.link_id = link_id
        self.link_style = link_style
        self.rules: dict[str, Callable[[SyntaxTreeNode], None]] = {
            "text": self._text, "softbreak": self._softbreak, "hardbreak": self._hardbreak,
            "code_inline": self._code_inline, "strong": self._strong, "em": self._em,
            "link": self._link, "image": self._image,
        }
        self.out: list[str] = []
        self.bold = self.italic = 0  # how many strong / em nodes are open
        self.link = False
        self.size: int | None = None
        self.links = 0  # hyperlinks made: runs with one hold this package's relationship id

    def runs(self, nodes: Sequence[SyntaxTreeNode], bold: bool = False,
             size: int | None = None) -> list[str]:
        """The runs of inline nodes; ``size`` in half-points where it is not the style's.

        The runs of all of an inline node's children (a paragraph's, a heading's, a table
        cell's) are remembered by the node's token, unless they hold a hyperlink.
        """
        token = _inline_token(nodes)
        key = (id(token), bold, size, self.link_style)
        if token is not None:
            known = _RUNS.pop(key, None)
            if known is not None and known[0] is token:
                _RUNS[key] = known  # now the most recently used
                return list(known[1])
        self.out, self.bold, self.italic, self.link, self.size = [], int(bold), 0, False, size
        links = self.links
        self._render(nodes)
        if token is not None and self.links == links:
            if len(_RUNS) >= RUNS_REMEMBERED:
                del _RUNS[next(iter(_RUNS))]
            _RUNS[key] = (token, tuple(self.out))
        return self.out

    def _render(self, nodes: Sequence[SyntaxTreeNode]) -> None:
        rules = self.rules
        for node in nodes:
            try:
                rule = rules[node.type]
            except KeyError:
                raise UnknownNodeError(node) from None
            rule(node)

    def _text(self, node: SyntaxTreeNode) -> None:
        text = cast(Token, node.token).content  # node.content, without its two calls
        self.out.append(run(text, self.bold > 0, self.italic > 0, self.link,
                            self.link_style, size=self.size))

    def _softbreak(self, node: SyntaxTreeNode) -> None:
        self.out.append(run(" ", self.bold > 0, self.italic > 0, self.link, self.link_style,
                            size=self.size))

    def _hardbreak(self, node: SyntaxTreeNode) -> None:
        self.out.append("<w:r><w:br/></w:r>")

    def _code_inline(self, node: SyntaxTreeNode) -> None:
        self.out.append(run(node.content, self.bold > 0, self.italic > 0, code=True,
                            size=self.size))

    def _strong(self, node: SyntaxTreeNode) -> None:
        self.bold += 1
        self._render(node.children)
        self.bold -= 1

    def _em(self, node: SyntaxTreeNode) -> None:
        self.italic += 1
        self._render(node.children)
        self.italic -= 1

    def _link(self, node: SyntaxTreeNode) -> None:
        href = str(node.attrGet("href") or "")
        if not href.startswith(LINK_SCHEMES):
            self._render(node.children)
            return
        self.out.append(f'<w:hyperlink r:id="{self.link_id(href)}">')
        self.links += 1
        self.link = True
        self._render(node.children)
        self.link = False
        self.out.append("</w:hyperlink>")

    def _image(self, node: SyntaxTreeNode) -> None:
        # its description, as text: the document carries no images of its own
        self.out.append(run(plain_text(node.children), self.bold > 0, self.italic > 0,
                            size=self.size))
