"""WordprocessingML text: escaping, one run of formatted text, the plain text of inline tokens."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text escaped for XML, with characters XML cannot hold removed."""
    text = _INVALID_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    """An attribute value escaped for XML (double quotes)."""
    return xml_text(text).replace('"', "&quot;")


def run(text: str, bold: bool = False, italic: bool = False, link: bool = False,
         link_style: str | None = None, code: bool = False, size: int | None = None,
         color: str | None = None) -> str:
    """One ``<w:r>`` of text with its formatting (bold, italic, link, code, size, colour)."""
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


def plain_children(children: Sequence[Token]) -> str:
    """The text inline tokens show, without their formatting."""
    return "".join(c.content if c.type in ("text", "code_inline") else
                   " " if c.type in ("softbreak", "hardbreak") else "" for c in children)


def plain(inline: Token) -> str:
    """The text an inline token shows."""
    return plain_children(inline.children or [])
