"""A reference document (house style) read once, made safe, and kept ready to render on.

A house style is an untrusted file. :func:`load` turns it into a :class:`ReferenceDoc` that
holds only what a plain ``.docx`` uses, reachable by relationships from the package root: a
template's or macro document's VBA project, key bindings, toolbars, attached template, mail
merge source and ActiveX controls are left out, and so are the reference's own body and the
parts only that body used. Every relationship id a kept part names resolves (an element naming
a dropped relationship goes with it). The main part becomes a document (not a template).

The parts policygen fills per document (body, section references, list instances) are cut
into text around those places, so rendering a document joins strings. The result is kept per
process, keyed on the file's path, identity, size and modification time.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from policygen.render import reference_parts as parts_xml
from policygen.render.docx_body import R_NS, W_NS
from policygen.render.docx_package import (
    CONTENT_TYPES,
    OFFICE_RT,
    RT,
    ContentTypes,
    Element,
    Package,
    Relationship,
    ZipReader,
    parse_relationships,
    parse_xml,
    rels_name,
    resolve,
    unusable,
    xml_bytes,
)
from policygen.render.reference_parts import StyleNames, W
from policygen.safeio import MAX_DOCX_BYTES, read_regular

CT = "application/vnd.openxmlformats-officedocument."
DOCUMENT_TYPE = CT + "wordprocessingml.document.main+xml"
SETTINGS_TYPE = CT + "wordprocessingml.settings+xml"
NUMBERING_TYPE = CT + "wordprocessingml.numbering+xml"
_WORD_MAIN_TYPES = frozenset((
    DOCUMENT_TYPE, CT + "wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"))
_STRICT_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
_MS_RT = "http://schemas.microsoft.com/office/2006/relationships/"
# relationships that carry code, or make Word reach out or ask on opening
_DROPPED_RELATIONSHIPS = frozenset((
    _MS_RT + "vbaProject", _MS_RT + "wordVbaData", _MS_RT + "keyMapCustomizations",
    _MS_RT + "attachedToolbars", _MS_RT + "ui/extensibility",
    "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility",
    OFFICE_RT + "attachedTemplate", OFFICE_RT + "control", OFFICE_RT + "mailMergeSource",
    OFFICE_RT + "mailMergeHeaderSource", OFFICE_RT + "recipientData"))
_MACRO_TYPES = ("application/vnd.ms-office.vbaProject", "application/vnd.ms-word.vbaData",
                "application/vnd.ms-word.keyMapCustomizations",
                "application/vnd.ms-word.attachedToolbars", "application/vnd.ms-office.activeX")
# what the main part relates to without naming it in its XML; the rest goes with the old body
_MAIN_IMPLICIT = frozenset(OFFICE_RT + kind for kind in (
    "styles", "numbering", "settings", "webSettings", "fontTable", "theme", "footnotes",
    "endnotes", "glossaryDocument", "customXml")) | {
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
_O_NS = "urn:schemas-microsoft-com:office:office"
# the attributes that hold relationship ids: r:id, r:embed, r:link..., and VML's o:relid
_REFERENCES = etree.XPath("//@r:* | //@o:relid", namespaces={"r": R_NS, "o": _O_NS})
_BODY_MARK, _SECTION_MARK, _NUMS_MARK = "policygen:body", "policygen:section", "policygen:nums"
_CACHE: dict[tuple[str, int, int, int, int], ReferenceDoc] = {}


@dataclass(frozen=True)
class ReferenceDoc:
    """A sanitized reference document: its parts, and the text around what a document fills.

    ``document`` is the main part before the body, between the body and the final section's
    header/footer references, and after them; ``numbering`` the numbering part before and
    after the place for a document's list instances.
    """

    source: str
    main: str
    parts: Mapping[str, bytes]
    types: Mapping[str, str]
    rels: Mapping[str, tuple[Relationship, ...]]
    document: tuple[str, str, str]
    has_header: bool
    has_footer: bool
    text_width: int
    page: tuple[int, int]  # the page's width and left margin, in twips
    style_names: StyleNames
    footer_tabs: tuple[int, ...]
    numbering_part: str
    numbering: tuple[str, str]
    abstract_ids: tuple[int, int]  # bullets, numbers
    first_num_id: int
    styles_part: str | None
    warnings: tuple[str, ...]
    _styles: Element = field(repr=False, compare=False)
    _by_language: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)

    def package(self) -> Package:
        """A new output package holding the reference's parts (the caller adds to it)."""
        return Package(dict(self.parts), dict(self.types),
                       {name: list(rels) for name, rels in self.rels.items()})

    def styles_xml(self, language_tag: str) -> bytes | None:
        """The styles part with the text's language set (memoized per language)."""
        if self.styles_part is None:
            return None
        if language_tag not in self._by_language:
            self._by_language[language_tag] = xml_bytes(
                parts_xml.with_language(self._styles, language_tag))
        return self._by_language[language_tag]


def load(path: Path) -> ReferenceDoc:
    """The reference document at ``path``, read and prepared once per process and version.

    Raises a :class:`~policygen.errors.ProblemsError` naming the file when it is unusable.
    """
    try:
        info = os.stat(path)
        key = (str(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    data = read_regular(path, limit=MAX_DOCX_BYTES, what="Word document (.docx)")
    reference = prepare(data, str(path))
    if key is not None:
        if len(_CACHE) >= 8:
            _CACHE.clear()
        _CACHE[key] = reference
    return reference


def check_reference(path: Path) -> list[str]:
    """Warnings about a usable reference document, one line each naming the file.

    Raises a :class:`~policygen.errors.ProblemsError` naming the file when it is unusable
    (not a Word document, damaged, too large unpacked, encrypted).
    """
    from policygen.render.reference_check import style_warnings

    reference = load(path)
    return list(reference.warnings) + style_warnings(reference, path)


def prepare(data: bytes, source: str) -> ReferenceDoc:
    """Sanitize a reference document's zip bytes into a :class:`ReferenceDoc`."""
    archive = ZipReader(data, source)
    types_member = archive.find(CONTENT_TYPES)
    if types_member is None:
        raise unusable(source, f"no {CONTENT_TYPES}; not an Office document")
    types = ContentTypes.parse(archive.read(types_member), source)
    main = _main_part(archive, types, source)
    document = parse_xml(archive.read(main), source, main)
    body, section = _empty_body(document, source, main)
    walk = _Walk(archive, types, source, main, _referenced(document))
    walk.run()

    package = Package(walk.parts, walk.types, walk.rels)
    package.types[main] = DOCUMENT_TYPE
    trees = {}
    for name in [n for n in walk.parts if walk.may_name_relationships(n)]:
        trees[name] = root = parse_xml(walk.parts[name], source, name)
        if _drop_dangling(root, {r.id for r in walk.rels.get(name, [])}):
            package.parts[name] = xml_bytes(root)
    _drop_dangling(document, {r.id for r in walk.rels.get(main, [])})

    styles_part = _related(package, main, "styles")
    styles = _tree(package, trees, styles_part, "styles", source) if styles_part else None
    names = parts_xml.style_names(styles) if styles is not None else {}
    if styles_part:
        package.parts[styles_part] = xml_bytes(styles)

    settings_part = _related(package, main, "settings") or _new_part(
        package, main, "settings", SETTINGS_TYPE, f'<w:settings xmlns:w="{W_NS}"/>')
    settings = _tree(package, trees, settings_part, "settings", source)
    parts_xml.clean_settings(settings)
    package.parts[settings_part] = xml_bytes(settings)

    numbering_part = _related(package, main, "numbering") or _new_part(
        package, main, "numbering", NUMBERING_TYPE, f'<w:numbering xmlns:w="{W_NS}"/>')
    numbering = _with_prefixes(_tree(package, trees, numbering_part, "numbering", source),
                               {"w": W_NS}, source, numbering_part)
    abstract_ids = parts_xml.add_abstract_numbering(numbering)
    first_num_id = parts_xml.first_free_num_id(numbering)
    parts_xml.mark_num_place(numbering, etree.Comment(_NUMS_MARK))
    numbering_text = _split(numbering, _NUMS_MARK)
    package.parts[numbering_part] = "".join(numbering_text).encode()

    references = [(ref.tag, ref.get(W + "type", "default")) for ref in section]
    document = _with_prefixes(document, {"w": W_NS, "r": R_NS}, source, main)
    body.insert(body.index(section), etree.Comment(_BODY_MARK))
    section.insert(0, etree.Comment(_SECTION_MARK))
    before, rest = _split(document, _BODY_MARK)
    middle, after = rest.split(_comment(_SECTION_MARK), 1)
    package.parts[main] = (before + middle + after).encode()

    footer_style = names.get(("paragraph", "footer"))
    return ReferenceDoc(
        source=source, main=main, parts=package.parts, types=package.types,
        rels={name: tuple(rels) for name, rels in package.rels.items()},
        document=(before, middle, after),
        has_header=(W + "headerReference", "default") in references,
        has_footer=(W + "footerReference", "default") in references,
        text_width=_text_width(section), page=_page(section), style_names=names,
        footer_tabs=parts_xml.style_tabs(styles, footer_style) if styles is not None else (),
        numbering_part=numbering_part, numbering=(numbering_text[0], numbering_text[1]),
        abstract_ids=abstract_ids, first_num_id=first_num_id, styles_part=styles_part,
        warnings=tuple(_warnings(source, names if styles is not None else None, walk.macros)),
        _styles=styles)


# -- the package --------------------------------------------------------------------------


def _main_part(archive: ZipReader, types: ContentTypes, source: str) -> str:
    """The main document part, which must be a Word document or template."""
    member = archive.find(rels_name(""))
    if member is None:
        raise unusable(source, "no _rels/.rels; not an Office document")
    relationships = parse_relationships(archive.read(member), source, member)
    if any(r.type == _STRICT_DOCUMENT for r in relationships):
        raise unusable(source, "saved as Strict Open XML; save it as a Word Document (.docx)")
    for rel in relationships:
        if rel.type == RT["document"] and not rel.external:
            main = archive.find(resolve("", rel.target))
            if main is None:
                break
            content_type = types.of(main) or "no content type"
            if content_type not in _WORD_MAIN_TYPES:
                raise unusable(source, f"its main part is {content_type}, not a Word document")
            return main
    raise unusable(source, "no main document part")


class _Walk:
    """The parts reachable from the main part by the relationships a document may keep."""

    def __init__(self, archive: ZipReader, types: ContentTypes, source: str, main: str,
                 main_references: set[str]) -> None:
        self.archive, self.content_types, self.source = archive, types, source
        self.main, self.main_references = main, main_references
        self.parts: dict[str, bytes] = {}
        self.types: dict[str, str] = {}
        self.rels: dict[str, list[Relationship]] = {}
        self.macros = False

    def run(self) -> None:
        """Visit every kept part once, breadth first from the main part."""
        queue, seen = [self.main], {self.main}
        while queue:
            part = queue.pop(0)
            self.parts[part] = b"" if part == self.main else self.archive.read(part)
            self.types[part] = self.content_types.of(part) or ""
            kept = []
            for rel in self._relationships(part):
                target = self._target(part, rel)
                if target is None:
                    continue
                if target and resolve(part, rel.target) != target:
                    rel = Relationship(rel.id, rel.type, _relative(part, target))
                kept.append(rel)
                if target and target not in seen:
                    seen.add(target)
                    queue.append(target)
            if kept:
                self.rels[part] = kept

    def _relationships(self, part: str) -> list[Relationship]:
        member = self.archive.find(rels_name(part))
        if member is None:
            return []
        return parse_relationships(self.archive.read(member), self.source, member)

    def _target(self, part: str, rel: Relationship) -> str | None:
        """The member a kept relationship points to ('' if external), None to drop it."""
        if rel.type in _DROPPED_RELATIONSHIPS:
            self.macros = self.macros or "vba" in rel.type.lower()
            return None
        if (part == self.main and rel.type not in _MAIN_IMPLICIT
                and rel.id not in self.main_references):
            return None  # only the reference's own body used it
        if rel.external:
            return ""
        target = self.archive.find(resolve(part, rel.target))
        if target is None or target.endswith(".rels") or target == CONTENT_TYPES:
            return None
        content_type = self.content_types.of(target)
        if content_type is None or content_type.startswith(_MACRO_TYPES):
            self.macros = self.macros or bool(content_type and "vba" in content_type.lower())
            return None
        if content_type in _WORD_MAIN_TYPES and target != self.main:
            return None
        return target

    def may_name_relationships(self, name: str) -> bool:
        """True for an Office XML part but the main one that can hold relationship ids.

        A UTF-8 part that never mentions the relationships namespace holds none (most of the
        theme, font table and web settings), so it need not be parsed.
        """
        content_type, data = self.types[name], self.parts[name]
        return (name != self.main and content_type.startswith("application/vnd.")
                and content_type.endswith("xml")
                and (R_NS.encode() in data or b"relid" in data or b"\x00" in data[:100]))


def _relative(part: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(part) or ".")


def _tree(package: Package, trees: dict[str, Element], name: str, kind: str,
          source: str) -> Element:
    """A part parsed, which must be a ``w:{kind}`` part; without comments (they are marks)."""
    root = trees.get(name)
    if root is None:
        root = parse_xml(package.parts[name], source, name)
    if root.tag != W + kind:
        raise unusable(source, f"{name} is not a {kind} part")
    for comment in list(root.iter(etree.Comment)):
        comment.getparent().remove(comment)
    return root


def _related(package: Package, part: str, kind: str) -> str | None:
    for rel in package.rels.get(part, []):
        if rel.type == RT[kind] and not rel.external:
            return resolve(part, rel.target)
    return None


def _new_part(package: Package, main: str, kind: str, content_type: str, xml: str) -> str:
    """Add an empty part the main part needs (numbering, settings); return its name."""
    name = package.free_name(posixpath.join(posixpath.dirname(main), f"{kind}{{}}.xml"))
    package.add_part(name, content_type, xml.encode())
    package.relate(main, kind, posixpath.basename(name))
    return name


def _referenced(root: Element) -> set[str]:
    """Every relationship id the attributes of an XML tree name."""
    return {str(value) for value in _REFERENCES(root)}


def _drop_dangling(root: Element, ids: set[str]) -> bool:
    """Remove what names a relationship the part does not have; True if anything went.

    A hyperlink keeps its text and loses only the link; any other element (an image, a
    header reference, a control) goes.
    """
    changed = False
    for value in _REFERENCES(root):
        if str(value) in ids:
            continue
        changed = True
        element = value.getparent()
        parent = element.getparent()
        if element.tag == W + "hyperlink" or parent is None:
            element.attrib.pop(value.attrname, None)
        else:
            parent.remove(element)
    return changed


# -- the main part ------------------------------------------------------------------------


def _empty_body(document: Element, source: str, main: str) -> tuple[Element, Element]:
    """Drop the reference's body content, keeping (or adding) its final section properties."""
    if document.tag != W + "document":
        raise unusable(source, f"{main} is not a Word document body")
    body = document.find(W + "body")
    if body is None:
        raise unusable(source, "no document body")
    children = list(body)
    section = children[-1] if children and children[-1].tag == W + "sectPr" else None
    for child in children:
        if child is not section:
            body.remove(child)
    body.text = None
    if section is None:
        section = etree.SubElement(body, W + "sectPr")
    for comment in list(document.iter(etree.Comment)):
        comment.getparent().remove(comment)
    return body, section


def _with_prefixes(root: Element, wanted: dict[str, str], source: str, name: str) -> Element:
    """``root`` declaring the prefixes our XML text uses (``w:``, ``r:``)."""
    if all(root.nsmap.get(prefix) == uri for prefix, uri in wanted.items()):
        return root
    for prefix, uri in wanted.items():
        if root.nsmap.get(prefix, uri) != uri:
            raise unusable(source, f"{name} uses the prefix '{prefix}:' for another namespace")
    new = etree.Element(root.tag, nsmap={**root.nsmap, **wanted})
    for key, value in root.attrib.items():
        new.set(key, value)
    new.text = root.text
    new.extend(list(root))
    return new


def _comment(mark: str) -> str:
    return f"<!--{mark}-->"


def _split(root: Element, mark: str) -> tuple[str, str]:
    """The serialized tree before and after the comment ``mark``."""
    before, after = xml_bytes(root).decode().split(_comment(mark), 1)
    return before, after


def _text_width(section: Element) -> int:
    """The width between the page margins, in twips (A4 with 2.5 cm margins by default)."""
    width, left = _page(section)
    margins = section.find(W + "pgMar")
    right = parts_xml.number(margins.get(W + "right") if margins is not None else None, 1418)
    return max(width - left - right, 2000)


def _page(section: Element) -> tuple[int, int]:
    """The page's width and its left margin, in twips (A4 and 2.5 cm by default)."""
    size, margins = section.find(W + "pgSz"), section.find(W + "pgMar")
    width = parts_xml.number(size.get(W + "w") if size is not None else None, 11906)
    left = parts_xml.number(margins.get(W + "left") if margins is not None else None, 1418)
    return width, left


def _warnings(source: str, names: StyleNames | None, macros: bool) -> list[str]:
    """What a usable reference document lacks; ``names`` is None when it has no styles."""
    if names is None:
        lines = [f"{source}: no styles; headings, lists and tables come out as plain text "
                 "and the contents list is left out"]
    else:
        lines = []  # the styles it has are checked through python-docx: reference_check
    if macros:
        lines.append(f"{source}: its macros are left out; the outputs are plain Word documents")
    return lines
