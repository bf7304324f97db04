"""The DOCX renderer: assembled Markdown → a Word document on a reference document.

The reference document (ours, or the organisation's house style given with
``--reference-doc``) provides styles, page setup, headers and footers. :mod:`reference_doc`
reads it once per process and keeps only what a plain document may carry; per document this
module adds the body from :mod:`docx_body`, a numbering instance per list (so that every
numbered list restarts), the contents list, header and footer, and honest properties. The
package is written with fixed timestamps so the same input gives the same bytes.

The XML is written directly (python-docx's object model cost more than the rest of a build;
the tests reopen every file with python-docx, pandoc, LibreOffice and the OOXML schemas).
"""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from policygen.errors import PolicygenError
from policygen.render import mdtree, reference_doc
from policygen.render.docinfo import DocumentInfo
from policygen.render.docx_body import R_NS, W_NS, BodyRenderer, StyleIds
from policygen.render.docx_package import Package
from policygen.render.docx_runs import xml_attr, xml_text
from policygen.render.reference_doc import ReferenceDoc, check_reference
from policygen.render.reference_parts import StyleNames

__all__ = ["DEFAULT_REFERENCE", "DocumentInfo", "PolicygenError", "check_reference", "render",
           "toc_entries"]

DEFAULT_REFERENCE = Path(__file__).with_name("reference.docx")
LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
CT = "application/vnd.openxmlformats-officedocument."
CONTENT_TYPE = {
    "header": CT + "wordprocessingml.header+xml",
    "footer": CT + "wordprocessingml.footer+xml",
    "custom": CT + "custom-properties+xml",
    "app": CT + "extended-properties+xml",
    "core": "application/vnd.openxmlformats-package.core-properties+xml",
}
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

_MARKDOWN: MarkdownIt | None = None


def markdown_parser() -> MarkdownIt:
    """CommonMark with GFM tables; raw HTML off, so '<' in text is always text."""
    global _MARKDOWN
    if _MARKDOWN is None:
        _MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
    return _MARKDOWN


def render(markdown: str, info: DocumentInfo, reference: Path | None = None) -> bytes:
    """The DOCX bytes of ``markdown`` on ``reference`` (default: the shipped reference).

    Raises a :class:`~policygen.errors.ProblemsError` naming the reference document when it
    cannot be used (see :func:`check_reference`).
    """
    template = reference_doc.load(reference or DEFAULT_REFERENCE)
    package = template.package()
    names = template.style_names
    links: dict[str, str] = {}

    def link_id(url: str) -> str:
        if url not in links:
            links[url] = package.relate(template.main, "hyperlink", url, external=True)
        return links[url]

    tokens = mdtree.parse(markdown_parser(), markdown)
    result = BodyRenderer(_style_ids(names), template.text_width, link_id,
                          template.first_num_id, keep_blocks=info.keep_blocks,
                          page=template.page).render(tokens)
    body = result.xml
    if info.toc_title is not None:
        body = _with_toc(body, names, result.headings, info.toc_title, template.text_width,
                         info.toc_pages)
    references = _add_header_footer(package, template, info)
    before, middle, after = template.document
    package.parts[template.main] = (before + body + middle + references + after).encode()

    nums = "".join(_num_xml(num_id, template.abstract_ids[ordered], level, start)
                   for num_id, ordered, level, start in result.lists)
    head, tail = template.numbering
    package.parts[template.numbering_part] = (head + nums + tail).encode()
    styles = template.styles_xml(LANGUAGE_TAGS.get(info.language, info.language))
    if styles is not None and template.styles_part is not None:
        package.parts[template.styles_part] = styles
    _add_properties(package, template.main, info)
    return package.to_bytes()


def _style_ids(names: StyleNames) -> StyleIds:
    return StyleIds(
        title=names.get(("paragraph", "title")),
        headings=[names.get(("paragraph", f"heading {n}")) for n in (1, 2, 3)],
        list_paragraph=names.get(("paragraph", "list paragraph")),
        quote=names.get(("paragraph", "intense quote")) or names.get(("paragraph", "quote")),
        table=names.get(("table", "policygen table")) or names.get(("table", "table grid")),
        hyperlink=names.get(("character", "hyperlink")),
    )


# -- body and page ------------------------------------------------------------------------


def _pstyle(style_id: str | None) -> str:
    return f'<w:pStyle w:val="{style_id}"/>' if style_id else ""


def _field(instruction: str, shown: str) -> str:
    """A complex field (PAGE, NUMPAGES) with the result Word shows until it updates."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t xml:space="preserve">{xml_text(shown)}</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def toc_entries(markdown: str) -> list[str]:
    """The texts of the table of contents entries a document will get, in order."""
    renderer = BodyRenderer(StyleIds(None, [None, None, None], None, None, None, None),
                            10000, lambda url: "rId0", 1)
    headings = renderer.render(mdtree.parse(markdown_parser(), markdown)).headings
    return [text for depth, text in headings if depth <= 2]


def _with_toc(body: str, names: StyleNames, headings: list[tuple[int, str]], title: str,
              text_width: int, pages: tuple[int, ...] = ()) -> str:
    """Insert a real TOC field before the first Heading 1, pre-filled with the headings.

    The entries carry page numbers where a layout pass found them (``pages``); otherwise they
    have none until someone updates the field. Word is never asked to refresh fields on
    opening (``w:updateFields``), because it then asks the reader first.
    """
    entries = [(depth, text) for depth, text in headings if depth <= 2]
    heading1 = names.get(("paragraph", "heading 1"))
    anchor = body.find(f'<w:p><w:pPr><w:pStyle w:val="{heading1}"/>') if heading1 else -1
    if not entries or anchor < 0:
        return body
    numbered = len(pages) == len(entries)
    tabs = (f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{text_width - 10}"/></w:tabs>'
            if numbered else "")
    xml = [f'<w:p><w:pPr>{_pstyle(names.get(("paragraph", "toc heading")))}</w:pPr>'
           f'<w:r><w:t xml:space="preserve">{xml_text(title)}</w:t></w:r></w:p>']
    for index, (depth, text) in enumerate(entries):
        style = _pstyle(names.get(("paragraph", f"toc {depth}")))
        start = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
                 'xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>') if index == 0 else ""
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if index == len(entries) - 1 else ""
        page = (f'<w:r><w:tab/></w:r><w:r><w:t>{pages[index]}</w:t></w:r>'
                if numbered else "")
        xml.append(f"<w:p><w:pPr>{style}{tabs}</w:pPr>{start}"
                   f'<w:r><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>{page}{end}</w:p>')
    return body[:anchor] + "".join(xml) + body[anchor:]


def _add_header_footer(package: Package, template: ReferenceDoc, info: DocumentInfo) -> str:
    """Add a header (title) and footer (date, library, page X of Y); return their references.

    Not where the reference document brings its own: a house style's header and footer win.
    """
    names, text_width = template.style_names, template.text_width
    references = ""
    if info.header and not template.has_header:
        paragraph = (f'<w:p><w:pPr>{_pstyle(names.get(("paragraph", "header")))}</w:pPr>'
                     f'<w:r><w:t xml:space="preserve">{xml_text(info.header)}</w:t></w:r></w:p>')
        references += _add_furniture_part(package, template.main, "header", paragraph)
    if not template.has_footer:
        page, of = info.page_words
        # the Footer style's own tab stops (often Letter-sized) are cleared; LibreOffice
        # ignores a stop exactly on the margin, so ours sits just inside it
        clears = "".join(f'<w:tab w:val="clear" w:pos="{pos}"/>' for pos in template.footer_tabs)
        tabs = f'<w:tabs>{clears}<w:tab w:val="right" w:pos="{text_width - 10}"/></w:tabs>'
        paragraph = (
            f'<w:p><w:pPr>{_pstyle(names.get(("paragraph", "footer")))}{tabs}</w:pPr>'
            f'<w:r><w:t xml:space="preserve">{xml_text(info.footer)}</w:t></w:r>'
            f'<w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">{xml_text(page)} </w:t></w:r>'
            f'{_field("PAGE", "1")}<w:r><w:t xml:space="preserve"> {xml_text(of)} </w:t></w:r>'
            f'{_field("NUMPAGES", "1")}</w:p>')
        references += _add_furniture_part(package, template.main, "footer", paragraph)
    return references


def _add_furniture_part(package: Package, main: str, kind: str, paragraph: str) -> str:
    """Add a header or footer part holding ``paragraph``; return its section reference."""
    tag = "w:hdr" if kind == "header" else "w:ftr"
    folder = main.rpartition("/")[0]
    name = package.free_name(f"{folder}/{kind}{{}}.xml" if folder else f"{kind}{{}}.xml")
    package.add_part(name, CONTENT_TYPE[kind],
                     f'{XML_DECLARATION}<{tag} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{paragraph}'
                     f"</{tag}>".encode())
    rel = package.relate(main, kind, name.rpartition("/")[2])
    return f'<w:{kind}Reference w:type="default" r:id="{rel}"/>'


def _num_xml(num_id: int, abstract_id: int, level: int, start: int) -> str:
    return (f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            "</w:num>")


# -- document properties ------------------------------------------------------------------


def _add_properties(package: Package, main: str, info: DocumentInfo) -> None:
    """The package's relationships: the document and fresh core, app and custom properties.

    Nothing of the reference's own properties is kept: its dates, statistics ("1 page, 0
    words"), application and template name describe the reference, not this document.
    """
    package.rels[""] = []
    package.relate("", "document", main)
    _add_package_part(package, "core", "docProps/core.xml", _core_xml(info))
    _add_package_part(package, "app", "docProps/app.xml", (
        f'{XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
        '2006/extended-properties"><Application>policygen</Application></Properties>').encode())
    custom = [(name, value) for name, value in info.custom if value]
    if custom:
        _add_package_part(package, "custom", "docProps/custom.xml", _custom_xml(custom))


def _core_xml(info: DocumentInfo) -> bytes:
    moment = f"{info.date.isoformat()}T00:00:00Z"
    language = LANGUAGE_TAGS.get(info.language, info.language)
    values = (("dc:title", info.title), ("dc:subject", info.subject),
              ("dc:creator", info.author), ("cp:keywords", info.keywords),
              ("dc:description", info.comments), ("cp:lastModifiedBy", "policygen"),
              ("cp:revision", "1"), ("cp:version", info.version), ("dc:language", language))
    items = "".join(f"<{tag}>{xml_text(value[:255])}</{tag}>" for tag, value in values)
    return (f"{XML_DECLARATION}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
            'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
            f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{items}'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{moment}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{moment}</dcterms:modified>'
            "</cp:coreProperties>").encode()


def _custom_xml(values: list[tuple[str, str]]) -> bytes:
    """Custom document properties (library version, answers hash), none of them empty.

    Word shows them under File > Properties, and fields can print them.
    """
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{xml_attr(name)}">'
        f"<vt:lpwstr>{xml_text(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values, start=2))
    return (f'{XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/'
            'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/docPropsVTypes">{items}</Properties>').encode()


def _add_package_part(package: Package, kind: str, name: str, data: bytes) -> None:
    if name in package.parts:
        stem = name.removesuffix(".xml")
        name = package.free_name(stem + "{}.xml")
    package.add_part(name, CONTENT_TYPE[kind], data)
    package.relate("", kind, name)
