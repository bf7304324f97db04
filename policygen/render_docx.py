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
from docx.opc.packuri import PACKAGE_URI, PackURI
from docx.opc.part import Part
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from markdown_it import MarkdownIt

from policygen.docx_body import R_NS, W_NS, BodyRenderer, StyleIds, xml_attr, xml_text
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
    header: str = ""
    footer: str = ""
    page_words: tuple[str, str] = ("Page", "of")
    toc_title: str | None = None
    keep_blocks: bool = False
    custom: tuple[tuple[str, str], ...] = ()


def render(markdown: str, info: DocumentInfo, reference: Path | None = None) -> bytes:
    """The DOCX bytes of ``markdown`` on ``reference`` (default: the shipped reference)."""
    path = reference or DEFAULT_REFERENCE
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a bad file
        raise PolicygenError(f"{path}: not a usable Word document ({exc})") from None
    names = _style_names(document)
    styles = _style_ids(names)
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
    result = BodyRenderer(styles, text_width, link_id, first_num,
                          keep_blocks=info.keep_blocks).render(tokens)

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
    if info.toc_title is not None:
        _insert_toc(document, names, body_element, result.headings, info.toc_title, text_width)
    _add_header_footer(document, names, info, text_width)
    _set_language(document, LANGUAGE_TAGS.get(info.language, info.language))
    _set_properties(document, info)
    if info.custom:
        _set_custom_properties(document, info.custom)
    return _save(document)


def _style_names(document: Any) -> dict[tuple[str, str], str]:
    """(type, lower-case built-in name) → style id, e.g. ('paragraph', 'heading 1') → 'Kop1'."""
    by_name: dict[tuple[str, str], str] = {}
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            key = (style.get(qn("w:type")) or "paragraph", name.get(qn("w:val")).lower())
            by_name.setdefault(key, style.get(qn("w:styleId")))
    return by_name


def _style_ids(names: dict[tuple[str, str], str]) -> StyleIds:
    return StyleIds(
        title=names.get(("paragraph", "title")),
        headings=[names.get(("paragraph", f"heading {n}")) for n in (1, 2, 3)],
        list_paragraph=names.get(("paragraph", "list paragraph")),
        quote=names.get(("paragraph", "intense quote")) or names.get(("paragraph", "quote")),
        table=names.get(("table", "table grid")),
        hyperlink=names.get(("character", "hyperlink")),
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


def _field(instruction: str, shown: str) -> str:
    """A complex field (PAGE, NUMPAGES, TOC) with the result Word shows until it updates."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t xml:space="preserve">{xml_text(shown)}</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _insert_toc(document: Any, names: dict[tuple[str, str], str], body: Any,
                headings: list[tuple[int, str]], title: str, text_width: int) -> None:
    """Insert a real TOC field before the first Heading 1, pre-filled with the headings.

    The entries are there even where fields are never refreshed; Word refreshes it on opening.
    """
    entries = [(depth, text) for depth, text in headings if depth <= 2]
    anchor = next((p for p in body.iterchildren(qn("w:p"))
                   if _paragraph_style(p) == names.get(("paragraph", "heading 1"))), None)
    if not entries or anchor is None:
        return
    toc_heading = names.get(("paragraph", "toc heading"))
    tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{text_width}"/></w:tabs>'
    xml = [f'<w:p><w:pPr>{_pstyle(toc_heading)}</w:pPr>'
           f'<w:r><w:t xml:space="preserve">{xml_text(title)}</w:t></w:r></w:p>']
    for index, (depth, text) in enumerate(entries):
        style = _pstyle(names.get(("paragraph", f"toc {depth}")))
        start = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
                 'xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>') if index == 0 else ""
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if index == len(entries) - 1 else ""
        xml.append(f"<w:p><w:pPr>{style}{tabs}</w:pPr>{start}"
                   f'<w:r><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>{end}</w:p>')
    fragment = parse_xml(f'<w:body xmlns:w="{W_NS}">{"".join(xml)}</w:body>')
    for element in list(fragment):
        anchor.addprevious(element)
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = parse_xml(f'<w:updateFields xmlns:w="{W_NS}" w:val="true"/>')
        later = next((settings.find(qn(tag)) for tag in _AFTER_UPDATE_FIELDS
                      if settings.find(qn(tag)) is not None), None)
        if later is not None:
            later.addprevious(update)
        else:
            settings.append(update)


# settings.xml children that the schema puts after w:updateFields
_AFTER_UPDATE_FIELDS = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
                        "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                        "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                        "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                        "w:readModeInkLockDown", "w:smartTagType", "w:shapeDefaults",
                        "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")


def _add_header_footer(document: Any, names: dict[tuple[str, str], str], info: DocumentInfo,
                       text_width: int) -> None:
    """Add a header (title) and footer (date, library, page X of Y).

    Not where the reference document brings its own: a house style's header and footer win.
    """
    section = document.sections[0]
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{text_width}"/></w:tabs>'
    if info.header and section.header.is_linked_to_previous:
        section.header.is_linked_to_previous = False
        style = _pstyle(names.get(("paragraph", "header")))
        _replace_paragraphs(section.header, f'<w:p><w:pPr>{style}</w:pPr><w:r>'
                            f'<w:t xml:space="preserve">{xml_text(info.header)}</w:t></w:r></w:p>')
    if section.footer.is_linked_to_previous:
        section.footer.is_linked_to_previous = False
        style = _pstyle(names.get(("paragraph", "footer")))
        page, of = info.page_words
        _replace_paragraphs(section.footer, (
            f'<w:p><w:pPr>{style}{tabs}</w:pPr>'
            f'<w:r><w:t xml:space="preserve">{xml_text(info.footer)}</w:t></w:r>'
            f'<w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">{xml_text(page)} </w:t></w:r>'
            f'{_field("PAGE", "1")}<w:r><w:t xml:space="preserve"> {xml_text(of)} </w:t></w:r>'
            f'{_field("NUMPAGES", "1")}</w:p>'))


def _replace_paragraphs(part: Any, xml: str) -> None:
    container = part._element
    for paragraph in container.findall(qn("w:p")):
        container.remove(paragraph)
    container.append(parse_xml(xml.replace("<w:p>", f'<w:p xmlns:w="{W_NS}">', 1)))


def _pstyle(style_id: str | None) -> str:
    return f'<w:pStyle w:val="{style_id}"/>' if style_id else ""


def _paragraph_style(paragraph: Any) -> str | None:
    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else None


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


CUSTOM_PROPS_URI = "/docProps/custom.xml"
CUSTOM_PROPS_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_PROPS_RT = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                   "custom-properties")
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def _set_custom_properties(document: Any, values: tuple[tuple[str, str], ...]) -> None:
    """Write custom document properties (library version, answers hash).

    Word shows them under File > Properties, and fields can print them. They replace a
    reference document's own custom properties.
    """
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{xml_attr(name)}">'
        f"<vt:lpwstr>{xml_text(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values, start=2))
    blob = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'docPropsVTypes">{items}</Properties>'
    ).encode()
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == CUSTOM_PROPS_RT and not rel.is_external:
            rel.target_part._blob = blob
            return
    part = Part(PackURI(CUSTOM_PROPS_URI), CUSTOM_PROPS_CT, blob, package)
    package.relate_to(part, CUSTOM_PROPS_RT)


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

        content_types = _ContentTypesItem.from_parts(parts)  # type: ignore[no-untyped-call]
        write("[Content_Types].xml", content_types.blob)
        write(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            write(part.partname.membername, part.blob)
            if len(part.rels):
                write(part.partname.rels_uri.membername, part.rels.xml)
    return buffer.getvalue()
