"""The DOCX renderer: assembled Markdown → a Word document on a reference document.

The reference document (ours, or the organisation's house style given with
``--reference-doc``) provides styles, page setup, headers and footers. Styles are found by
their built-in name (``heading 1``), never by id, so a Dutch Word template whose heading style
id is ``Kop1`` works as well as an English one. The body comes from :mod:`docx_body`; lists
get numbering definitions of their own so that every numbered list restarts; the package is
written with fixed timestamps so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from markdown_it import MarkdownIt

from policygen.docx_body import R_NS, W_NS, BodyRenderer, StyleIds
from policygen.errors import PolicygenError

DEFAULT_REFERENCE = Path(__file__).with_name("reference.docx")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
BULLET_ABSTRACT_NAME = "policygen bullets"
NUMBER_ABSTRACT_NAME = "policygen numbers"
BULLET_GLYPHS = ("•", "◦", "▪")
NUMBER_FORMATS = (("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}."))
LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}

_MARKDOWN: MarkdownIt | None = None


def markdown_parser() -> MarkdownIt:
    """CommonMark with GFM tables; raw HTML off, so '<' in text is always text."""
    global _MARKDOWN
    if _MARKDOWN is None:
        _MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
    return _MARKDOWN


@dataclass(frozen=True)
class DocumentInfo:
    """Document properties written into the DOCX."""

    title: str
    subject: str
    author: str
    keywords: str
    version: str
    language: str
    date: dt.date
    comments: str = ""


def render(markdown: str, info: DocumentInfo, reference: Path | None = None) -> bytes:
    """The DOCX bytes of ``markdown`` on ``reference`` (default: the shipped reference)."""
    path = reference or DEFAULT_REFERENCE
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a bad file
        raise PolicygenError(f"{path}: not a usable Word document ({exc})") from None
    styles = _style_ids(document)
    numbering = document.part.numbering_part.element
    abstract_ids = _ensure_abstract_numbering(numbering)
    first_num = 1 + max([int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))],
                        default=0)
    body_element = document.element.body
    sect_pr = body_element.find(qn("w:sectPr"))
    text_width = _text_width(sect_pr)

    links: dict[str, str] = {}

    def link_id(url: str) -> str:
        if url not in links:
            links[url] = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
        return links[url]

    tokens = markdown_parser().parse(markdown)
    result = BodyRenderer(styles, text_width, link_id, first_num).render(tokens)

    for child in list(body_element):
        if child is not sect_pr:
            body_element.remove(child)
    fragment = parse_xml(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{result.xml}</w:body>')
    for element in list(fragment):
        if sect_pr is not None:
            sect_pr.addprevious(element)
        else:
            body_element.append(element)
    for num_id, ordered, level, start in result.lists:
        _add_num(numbering, num_id, abstract_ids[ordered], level, start)
    _set_language(document, LANGUAGE_TAGS.get(info.language, info.language))
    _set_properties(document, info)
    return _save(document)


def _style_ids(document: Any) -> StyleIds:
    by_name: dict[tuple[str, str], str] = {}
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            key = (style.get(qn("w:type")) or "paragraph", name.get(qn("w:val")).lower())
            by_name.setdefault(key, style.get(qn("w:styleId")))

    def find(kind: str, *names: str) -> str | None:
        for name in names:
            if (kind, name) in by_name:
                return by_name[(kind, name)]
        return None

    return StyleIds(
        title=find("paragraph", "title"),
        headings=[find("paragraph", f"heading {n}") for n in (1, 2, 3)],
        list_paragraph=find("paragraph", "list paragraph"),
        quote=find("paragraph", "intense quote", "quote"),
        table=find("table", "table grid"),
        hyperlink=find("character", "hyperlink"),
    )


def _text_width(sect_pr: Any) -> int:
    width, margins = 11906, 1418 * 2  # A4 with 2.5 cm margins
    if sect_pr is not None:
        size = sect_pr.find(qn("w:pgSz"))
        margin = sect_pr.find(qn("w:pgMar"))
        if size is not None and size.get(qn("w:w")):
            width = int(size.get(qn("w:w")))
        if margin is not None and margin.get(qn("w:left")):
            margins = int(margin.get(qn("w:left"))) + int(margin.get(qn("w:right")) or 0)
    return max(width - margins, 2000)


def _ensure_abstract_numbering(numbering: Any) -> dict[bool, int]:
    """Our bullet and decimal list definitions, added to the numbering part if missing."""
    found: dict[str, int] = {}
    for abstract in numbering.findall(qn("w:abstractNum")):
        name = abstract.find(qn("w:name"))
        if name is not None:
            found[name.get(qn("w:val"))] = int(abstract.get(qn("w:abstractNumId")))
    next_id = 1 + max([int(a.get(qn("w:abstractNumId")))
                       for a in numbering.findall(qn("w:abstractNum"))], default=-1)
    first_num = numbering.find(qn("w:num"))
    for name, ordered in ((BULLET_ABSTRACT_NAME, False), (NUMBER_ABSTRACT_NAME, True)):
        if name in found:
            continue
        element = parse_xml(_abstract_xml(next_id, name, ordered))
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)
        found[name] = next_id
        next_id += 1
    return {False: found[BULLET_ABSTRACT_NAME], True: found[NUMBER_ABSTRACT_NAME]}


def _abstract_xml(abstract_id: int, name: str, ordered: bool) -> str:
    levels = []
    for level in range(9):
        indent = BodyRenderer.LIST_INDENT * (level + 2)
        if ordered:
            fmt, text = NUMBER_FORMATS[level % 3]
            text = text.format(n=level + 1)
            rpr = ""
        else:
            fmt, text = "bullet", BULLET_GLYPHS[level % 3]
            rpr = '<w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/></w:rPr>'
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="{BodyRenderer.LIST_INDENT}"/></w:pPr>'
            f"{rpr}</w:lvl>"
        )
    return (f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/><w:name w:val="{name}"/>'
            f"{''.join(levels)}</w:abstractNum>")


def _add_num(numbering: Any, num_id: int, abstract_id: int, level: int, start: int) -> None:
    numbering.append(parse_xml(
        f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        "</w:num>"
    ))


def _set_language(document: Any, tag: str) -> None:
    """Mark the text's language, so Word's spelling check uses the right dictionary."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f'<w:lang xmlns:w="{W_NS}"/>')
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _set_properties(document: Any, info: DocumentInfo) -> None:
    props = document.core_properties
    moment = dt.datetime(info.date.year, info.date.month, info.date.day, tzinfo=dt.UTC)
    props.title = info.title[:255]
    props.subject = info.subject[:255]
    props.author = info.author[:255]
    props.keywords = info.keywords[:255]
    props.version = info.version[:255]
    props.language = LANGUAGE_TAGS.get(info.language, info.language)
    props.comments = info.comments[:255]
    props.last_modified_by = "policygen"
    props.revision = 1
    props.created = moment
    props.modified = moment
    props.last_printed = moment


def _save(document: Any) -> bytes:
    """Write the package like python-docx does, but with fixed zip timestamps."""
    package = document.part.package
    parts = list(package.iter_parts())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        def write(name: str, blob: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, blob)

        write("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob)
        write(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            write(part.partname.membername, part.blob)
            if len(part.rels):
                write(part.partname.rels_uri.membername, part.rels.xml)
    return buffer.getvalue()
