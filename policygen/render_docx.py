"""The DOCX renderer: assembled Markdown → a Word document on a reference document.

The reference document (ours, or the organisation's house style given with
``--reference-doc``) provides styles, page setup, headers and footers. Styles are found by
their built-in name (``heading 1``), never by id, so a Dutch Word template whose heading style
id is ``Kop1`` works as well as an English one. The body comes from :mod:`docx_body`; lists
get numbering definitions of their own so that every numbered list restarts; the package is
written with fixed timestamps so the same input gives the same bytes.

The XML is written directly (python-docx's object model cost more than the rest of a build;
the tests reopen every file with python-docx, pandoc and LibreOffice to prove the result).
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from policygen.docinfo import DocumentInfo
from policygen.docx_body import R_NS, W_NS, BodyRenderer, StyleIds, xml_attr, xml_text
from policygen.docx_package import Package
from policygen.errors import PolicygenError

DEFAULT_REFERENCE = Path(__file__).with_name("reference.docx")
BULLET_ABSTRACT_NAME = "policygen bullets"
NUMBER_ABSTRACT_NAME = "policygen numbers"
BULLET_GLYPHS = ("•", "◦", "▪")
NUMBER_FORMATS = (("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}."))
LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
CT = "application/vnd.openxmlformats-officedocument."
CONTENT_TYPE = {
    "header": CT + "wordprocessingml.header+xml",
    "footer": CT + "wordprocessingml.footer+xml",
    "numbering": CT + "wordprocessingml.numbering+xml",
    "custom": CT + "custom-properties+xml",
    "core": "application/vnd.openxmlformats-package.core-properties+xml",
}
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# settings.xml children that the schema puts after w:updateFields
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
                        "rsids", "m:mathPr", "attachedSchema", "themeFontLang",
                        "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions",
                        "readModeInkLockDown", "smartTagType", "sl:schemaLibrary",
                        "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

_STYLE = re.compile(r"<w:style\b([^>]*)>(.*?)</w:style>", re.DOTALL)
_STYLE_NAME = re.compile(r'<w:name w:val="([^"]*)"')
_ATTR = re.compile(r'w:(type|styleId)="([^"]*)"')
_ABSTRACT = re.compile(r'<w:abstractNum\b[^>]*w:abstractNumId="(\d+)"[^>]*>(.*?)</w:abstractNum>',
                       re.DOTALL)
_NUM_ID = re.compile(r'<w:num\b[^>]*w:numId="(\d+)"')
_SECT_PR = re.compile(r"<w:sectPr\b[^>]*>.*?</w:sectPr>\s*$|<w:sectPr\b[^>]*/>\s*$", re.DOTALL)
_PG_SIZE = re.compile(r'<w:pgSz\b[^>]*w:w="(\d+)"')
_PG_MARGIN = re.compile(r"<w:pgMar\b([^>]*)/>")

_MARKDOWN: MarkdownIt | None = None


def markdown_parser() -> MarkdownIt:
    """CommonMark with GFM tables; raw HTML off, so '<' in text is always text."""
    global _MARKDOWN
    if _MARKDOWN is None:
        _MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")
    return _MARKDOWN


StyleNames = dict[tuple[str, str], str]


def render(markdown: str, info: DocumentInfo, reference: Path | None = None) -> bytes:
    """The DOCX bytes of ``markdown`` on ``reference`` (default: the shipped reference)."""
    package = Package.read(reference or DEFAULT_REFERENCE)
    main = package.main_part()
    if main is None:  # Package.read checks this; kept for the type checker
        raise PolicygenError(f"{package.source}: not a usable Word document")
    document = package.text(main)
    styles_part = package.related(main, "styles")
    names = _style_names(package.text(styles_part)) if styles_part else {}
    styles = _style_ids(names)
    numbering_part = package.related(main, "numbering") or _add_numbering(package, main)
    numbering = package.text(numbering_part)
    numbering, abstract_ids = _ensure_abstract_numbering(numbering)
    first_num = 1 + max((int(n) for n in _NUM_ID.findall(numbering)), default=0)

    body_start, body_end, sect_pr = _body(document, package.source)
    text_width = _text_width(sect_pr)
    links: dict[str, str] = {}

    def link_id(url: str) -> str:
        if url not in links:
            links[url] = package.relate(main, "hyperlink", url, external=True)
        return links[url]

    tokens = markdown_parser().parse(markdown)
    result = BodyRenderer(styles, text_width, link_id, first_num,
                          keep_blocks=info.keep_blocks).render(tokens)
    body = result.xml
    if info.toc_title is not None:
        body = _with_toc(body, names, result.headings, info.toc_title, text_width,
                         info.toc_pages)
    footer_tabs = _style_tabs(package.text(styles_part), names.get(("paragraph", "footer"))) \
        if styles_part else []
    sect_pr = _add_header_footer(package, main, sect_pr, names, info, text_width, footer_tabs)
    if "xmlns:r=" not in document[:body_start]:
        document = document.replace("<w:document ", f'<w:document xmlns:r="{R_NS}" ', 1)
        shift = len(f'xmlns:r="{R_NS}" ')
        body_start, body_end = body_start + shift, body_end + shift
    package.set_text(main, document[:body_start] + body + sect_pr + document[body_end:])

    nums = "".join(_num_xml(num_id, abstract_ids[ordered], level, start)
                   for num_id, ordered, level, start in result.lists)
    package.set_text(numbering_part, _insert_nums(numbering, nums))
    if styles_part:
        package.set_text(styles_part, _with_language(package.text(styles_part),
                                                     LANGUAGE_TAGS.get(info.language,
                                                                       info.language)))
    if info.toc_title is not None and result.headings:
        settings = package.related(main, "settings")
        if settings:
            package.set_text(settings, _with_update_fields(package.text(settings)))
    _set_core_properties(package, info)
    if info.custom:
        _set_custom_properties(package, info.custom)
    return package.to_bytes()


# -- styles -------------------------------------------------------------------------------


def _style_names(styles_xml: str) -> StyleNames:
    """(type, lower-case built-in name) → style id, e.g. ('paragraph', 'heading 1') → 'Kop1'."""
    by_name: StyleNames = {}
    for match in _STYLE.finditer(styles_xml):
        attrs = dict(_ATTR.findall(match.group(1)))
        name = _STYLE_NAME.search(match.group(2))
        if name and "styleId" in attrs:
            key = (attrs.get("type", "paragraph"), name.group(1).lower())
            by_name.setdefault(key, attrs["styleId"])
    return by_name


def _style_tabs(styles_xml: str, style_id: str | None) -> list[str]:
    """The positions of the tab stops a paragraph style defines itself."""
    if not style_id:
        return []
    for match in _STYLE.finditer(styles_xml):
        if f'w:styleId="{style_id}"' in match.group(1):
            return re.findall(r'<w:tab w:val="(?!clear)[^"]*" w:pos="(-?\d+)"', match.group(2))
    return []


def _style_ids(names: StyleNames) -> StyleIds:
    return StyleIds(
        title=names.get(("paragraph", "title")),
        headings=[names.get(("paragraph", f"heading {n}")) for n in (1, 2, 3)],
        list_paragraph=names.get(("paragraph", "list paragraph")),
        quote=names.get(("paragraph", "intense quote")) or names.get(("paragraph", "quote")),
        table=names.get(("table", "policygen table")) or names.get(("table", "table grid")),
        hyperlink=names.get(("character", "hyperlink")),
    )


def _with_language(styles_xml: str, tag: str) -> str:
    """Mark the text's language, so Word's spelling check uses the right dictionary."""
    start = styles_xml.find("<w:rPrDefault>")
    end = styles_xml.find("</w:rPrDefault>", start)
    if start < 0 or end < 0:
        return styles_xml
    block = styles_xml[start:end]
    if "<w:lang " in block:
        block = re.sub(r'(<w:lang\b[^>]*?w:val=")[^"]*"', rf'\g<1>{tag}"', block, count=1)
        if f'w:val="{tag}"' not in block:
            block = block.replace("<w:lang ", f'<w:lang w:val="{tag}" ', 1)
    elif "</w:rPr>" in block:
        block = block.replace("</w:rPr>", f'<w:lang w:val="{tag}"/></w:rPr>', 1)
    elif "<w:rPr/>" in block:
        block = block.replace("<w:rPr/>", f'<w:rPr><w:lang w:val="{tag}"/></w:rPr>', 1)
    return styles_xml[:start] + block + styles_xml[end:]


# -- body and page ------------------------------------------------------------------------


def _body(document: str, source: str) -> tuple[int, int, str]:
    """Where the body's content starts and ends, and its final section properties."""
    open_tag = re.search(r"<w:body\s*>", document)
    end = document.rfind("</w:body>")
    if open_tag is None or end < 0:
        raise PolicygenError(f"{source}: not a usable Word document (no document body)")
    inner = document[open_tag.end():end]
    sect = _SECT_PR.search(inner)
    sect_pr = sect.group(0).strip() if sect else ""
    return open_tag.end(), end, sect_pr


def _text_width(sect_pr: str) -> int:
    width, margins = 11906, 1418 * 2  # A4 with 2.5 cm margins
    size = _PG_SIZE.search(sect_pr)
    if size:
        width = int(size.group(1))
    margin = _PG_MARGIN.search(sect_pr)
    if margin:
        attrs = dict(re.findall(r'w:(\w+)="(-?\d+)"', margin.group(1)))
        margins = int(attrs.get("left", 1418)) + int(attrs.get("right", 1418))
    return max(width - margins, 2000)


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
    headings = renderer.render(markdown_parser().parse(markdown)).headings
    return [text for depth, text in headings if depth <= 2]


def _with_toc(body: str, names: StyleNames, headings: list[tuple[int, str]], title: str,
              text_width: int, pages: tuple[int, ...] = ()) -> str:
    """Insert a real TOC field before the first Heading 1, pre-filled with the headings.

    The entries are there even where fields are never refreshed; Word refreshes it on opening.
    """
    entries = [(depth, text) for depth, text in headings if depth <= 2]
    heading1 = names.get(("paragraph", "heading 1"))
    anchor = body.find(f'<w:p><w:pPr><w:pStyle w:val="{heading1}"/>') if heading1 else -1
    if not entries or anchor < 0:
        return body
    tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{text_width - 10}"/></w:tabs>'
    xml = [f'<w:p><w:pPr>{_pstyle(names.get(("paragraph", "toc heading")))}</w:pPr>'
           f'<w:r><w:t xml:space="preserve">{xml_text(title)}</w:t></w:r></w:p>']
    for index, (depth, text) in enumerate(entries):
        style = _pstyle(names.get(("paragraph", f"toc {depth}")))
        start = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
                 'xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>') if index == 0 else ""
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if index == len(entries) - 1 else ""
        page = (f'<w:r><w:tab/></w:r><w:r><w:t>{pages[index]}</w:t></w:r>'
                if len(pages) == len(entries) else "")
        xml.append(f"<w:p><w:pPr>{style}{tabs}</w:pPr>{start}"
                   f'<w:r><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>{page}{end}</w:p>')
    return body[:anchor] + "".join(xml) + body[anchor:]


def _with_update_fields(settings: str) -> str:
    """Ask Word to refresh fields (the table of contents) when the document opens."""
    if "<w:updateFields" in settings:
        return settings
    element = '<w:updateFields w:val="true"/>'
    positions = [settings.find(f"<{tag if ':' in tag else 'w:' + tag}")
                 for tag in _AFTER_UPDATE_FIELDS]
    found = [p for p in positions if p >= 0]
    at = min(found) if found else settings.rfind("</w:settings>")
    return settings[:at] + element + settings[at:]


def _add_header_footer(package: Package, main: str, sect_pr: str, names: StyleNames,
                       info: DocumentInfo, text_width: int, footer_tabs: list[str]) -> str:
    """Add a header (title) and footer (date, library, page X of Y) to the section.

    Not where the reference document brings its own: a house style's header and footer win.
    """
    references = ""
    if info.header and 'w:headerReference w:type="default"' not in sect_pr:
        paragraph = (f'<w:p><w:pPr>{_pstyle(names.get(("paragraph", "header")))}</w:pPr>'
                     f'<w:r><w:t xml:space="preserve">{xml_text(info.header)}</w:t></w:r></w:p>')
        references += _add_furniture_part(package, main, "header", paragraph)
    if 'w:footerReference w:type="default"' not in sect_pr:
        page, of = info.page_words
        # the Footer style's own tab stops (often Letter-sized) are cleared; LibreOffice
        # ignores a stop exactly on the margin, so ours sits just inside it
        clears = "".join(f'<w:tab w:val="clear" w:pos="{pos}"/>' for pos in footer_tabs)
        tabs = f'<w:tabs>{clears}<w:tab w:val="right" w:pos="{text_width - 10}"/></w:tabs>'
        paragraph = (
            f'<w:p><w:pPr>{_pstyle(names.get(("paragraph", "footer")))}{tabs}</w:pPr>'
            f'<w:r><w:t xml:space="preserve">{xml_text(info.footer)}</w:t></w:r>'
            f'<w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">{xml_text(page)} </w:t></w:r>'
            f'{_field("PAGE", "1")}<w:r><w:t xml:space="preserve"> {xml_text(of)} </w:t></w:r>'
            f'{_field("NUMPAGES", "1")}</w:p>')
        references += _add_furniture_part(package, main, "footer", paragraph)
    if not references:
        return sect_pr
    if not sect_pr:
        return f"<w:sectPr>{references}</w:sectPr>"
    if sect_pr.endswith("/>"):
        return sect_pr[:-2] + f">{references}</w:sectPr>"
    close = sect_pr.index(">") + 1  # header and footer references come first in w:sectPr
    return sect_pr[:close] + references + sect_pr[close:]


def _add_furniture_part(package: Package, main: str, kind: str, paragraph: str) -> str:
    """Add a header or footer part holding ``paragraph``; return its section reference."""
    tag = "w:hdr" if kind == "header" else "w:ftr"
    name = package.free_name(f"word/{kind}{{}}.xml")
    package.add_part(name, CONTENT_TYPE[kind],
                     f'{XML_DECLARATION}<{tag} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{paragraph}'
                     f"</{tag}>".encode())
    rel = package.relate(main, kind, name.removeprefix("word/"))
    return f'<w:{kind}Reference w:type="default" r:id="{rel}"/>'


# -- numbering ----------------------------------------------------------------------------


def _add_numbering(package: Package, main: str) -> str:
    name = "word/numbering.xml" if "word/numbering.xml" not in package.parts else \
        package.free_name("word/numbering{}.xml")
    package.add_part(name, CONTENT_TYPE["numbering"],
                     f'{XML_DECLARATION}<w:numbering xmlns:w="{W_NS}"></w:numbering>'.encode())
    package.relate(main, "numbering", name.removeprefix("word/"))
    return name


def _ensure_abstract_numbering(numbering: str) -> tuple[str, dict[bool, int]]:
    """Our bullet and decimal list definitions, added to the numbering part if missing."""
    found: dict[str, int] = {}
    ids = []
    for match in _ABSTRACT.finditer(numbering):
        ids.append(int(match.group(1)))
        label = _STYLE_NAME.search(match.group(2))
        if label:
            found.setdefault(label.group(1), int(match.group(1)))
    next_id = max(ids, default=-1) + 1
    added = ""
    for name, ordered in ((BULLET_ABSTRACT_NAME, False), (NUMBER_ABSTRACT_NAME, True)):
        if name not in found:
            added += _abstract_xml(next_id, name, ordered)
            found[name] = next_id
            next_id += 1
    if added:
        first_num = re.search(r"<w:num\b", numbering)
        at = first_num.start() if first_num else _numbering_end(numbering)
        numbering = numbering[:at] + added + numbering[at:]
    return numbering, {False: found[BULLET_ABSTRACT_NAME], True: found[NUMBER_ABSTRACT_NAME]}


def _numbering_end(numbering: str) -> int:
    cleanup = numbering.find("<w:numIdMacAtCleanup")
    return cleanup if cleanup >= 0 else numbering.rfind("</w:numbering>")


def _insert_nums(numbering: str, nums: str) -> str:
    if not nums:
        return numbering
    at = _numbering_end(numbering)
    return numbering[:at] + nums + numbering[at:]


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
    return (f'<w:abstractNum w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/><w:name w:val="{name}"/>'
            f"{''.join(levels)}</w:abstractNum>")


def _num_xml(num_id: int, abstract_id: int, level: int, start: int) -> str:
    return (f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            "</w:num>")


# -- document properties ------------------------------------------------------------------


def _set_core_properties(package: Package, info: DocumentInfo) -> None:
    moment = f"{info.date.isoformat()}T00:00:00Z"
    language = LANGUAGE_TAGS.get(info.language, info.language)
    values = (("dc:title", info.title), ("dc:subject", info.subject),
              ("dc:creator", info.author), ("cp:keywords", info.keywords),
              ("dc:description", info.comments), ("cp:lastModifiedBy", "policygen"),
              ("cp:revision", "1"), ("cp:version", info.version), ("dc:language", language))
    items = "".join(f"<{tag}>{xml_text(value[:255])}</{tag}>" for tag, value in values)
    xml = (f"{XML_DECLARATION}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
           'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:dcterms="http://purl.org/dc/terms/" '
           'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
           f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{items}'
           f"<cp:lastPrinted>{moment}</cp:lastPrinted>"
           f'<dcterms:created xsi:type="dcterms:W3CDTF">{moment}</dcterms:created>'
           f'<dcterms:modified xsi:type="dcterms:W3CDTF">{moment}</dcterms:modified>'
           "</cp:coreProperties>")
    _put_package_part(package, "core", "docProps/core.xml", xml.encode())


def _set_custom_properties(package: Package, values: tuple[tuple[str, str], ...]) -> None:
    """Write custom document properties (library version, answers hash).

    Word shows them under File > Properties, and fields can print them. They replace a
    reference document's own custom properties.
    """
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{xml_attr(name)}">'
        f"<vt:lpwstr>{xml_text(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values, start=2))
    xml = (f'{XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/'
           'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
           f'officeDocument/2006/docPropsVTypes">{items}</Properties>')
    _put_package_part(package, "custom", "docProps/custom.xml", xml.encode())


def _put_package_part(package: Package, kind: str, default_name: str, data: bytes) -> None:
    existing = package.related("", kind)
    if existing:
        package.parts[existing] = data
    else:
        package.add_part(default_name, CONTENT_TYPE[kind], data)
        package.relate("", kind, default_name)
