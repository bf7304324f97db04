"""Word tracked changes between two renderings of a document: the redline.

:func:`track_changes` takes the DOCX of an earlier text and of the new one, both rendered by
:mod:`docx` on the same house style, and returns the new document with every difference as
a Word tracked change: inserted words in ``w:ins``, deleted ones in ``w:del``, a paragraph
that is new or gone with its paragraph mark marked too, a table row that is new or gone
marked on the row (:mod:`docx_redline_marks`). Accept All in Word gives the new document,
Reject All the earlier one; the contents list (a TOC field) is the new document's, unchanged.

It compares the rendered bodies, not the Markdown: every construct the renderer makes
(headings, lists, tables, the cut-out card) is covered by one walk over paragraphs and tables
(:mod:`docx_redline_blocks`), and the renderer itself, so a normal build's bytes, is
untouched. The word diff comes from the caller (``policygen.history.worddiff``, a stage this
one does not import).
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass

from lxml import etree  # type: ignore[import-untyped]

from policygen.render.docx_package import (
    CONTENT_TYPES,
    RT,
    ContentTypes,
    Element,
    Package,
    parse_relationships,
    parse_xml,
    resolve,
    xml_bytes,
)
from policygen.render.docx_redline_blocks import contents_list, read_blocks
from policygen.render.docx_redline_marks import (
    DELETE,
    DOC_PR,
    INSERT,
    Marker,
    Tokenizer,
    WordDiff,
    unmark_last_paragraphs,
)

__all__ = ["DELETE", "INSERT", "Redline", "Tokenizer", "WordDiff", "track_changes"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CREATED = "{http://purl.org/dc/terms/}created"
SOURCE = "the redline"  # names the package in a parse error (our own output: not expected)
_RELS = re.compile(r"(?:(.*)/)?_rels/([^/]*)\.rels")
_IDS = re.compile(rb'w:id="(\d+)"')
# CT_Settings: the elements before trackRevisions, in the schema's order
_BEFORE_TRACK_REVISIONS = frozenset(W + name for name in (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts",
    "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
    "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter",
    "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
    "proofState", "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
    "stylePaneSortMethod", "documentType", "mailMerge", "revisionView"))


@dataclass(frozen=True)
class Redline:
    """The redlined document, and how many words it marks inserted and deleted."""

    data: bytes
    inserted_words: int
    deleted_words: int


def track_changes(old: bytes, new: bytes, *, author: str, tokens: Tokenizer,
                  diff: WordDiff) -> Redline:
    """The new document (DOCX bytes) with its differences from ``old`` as tracked changes.

    Every change carries ``author`` and the new document's own date (its core properties),
    so the same two documents always give the same bytes. The settings turn tracking on
    (``w:trackRevisions``): what a reviewer changes in the redline is tracked as well.
    """
    old_package, package = _open(old), _open(new)
    old_main, main = _main_part(old_package), _main_part(package)
    old_links, new_links = _links(old_package, old_main), _links(package, main)
    related = {target: rid for rid, target in sorted(new_links.items())}

    def relate(target: str) -> str:
        if target not in related:
            related[target] = package.relate(main, "hyperlink", target, external=True)
        return related[target]

    document = parse_xml(package.parts[main], SOURCE, main)
    drawings = [int(d.get("id", "0")) for d in document.iter(DOC_PR) if d.get("id", "").isdigit()]
    marker = Marker(author, _date(package), _first_id(package.parts[main]), tokens, diff,
                    old_links, new_links, relate, max(drawings, default=0) + 1)
    _mark_body(marker, parse_xml(old_package.parts[old_main], SOURCE, old_main).find(
        W + "body"), document.find(W + "body"), old_links, new_links)
    _number_deletions(marker, _part(old_package, old_main, "numbering"),
                      _part(package, main, "numbering"), package)
    package.parts[main] = xml_bytes(document)
    _track_revisions(package, main)
    return Redline(package.to_bytes(), marker.words[INSERT], marker.words[DELETE])


def _mark_body(marker: Marker, old_body: Element, body: Element,
               old_links: dict[str, str], new_links: dict[str, str]) -> None:
    """Replace the new body's blocks by the marked ones; its contents list stays as it is."""
    old = read_blocks(old_body, old_links)
    old_toc = contents_list(old)
    old = [block for i, block in enumerate(old) if i not in old_toc]
    new = read_blocks(body, new_links)
    toc_at = contents_list(new)
    toc = [block.element for block in new[toc_at.start:toc_at.stop]]
    new = [block for i, block in enumerate(new) if i not in toc_at]
    # the contents list goes back before the block that followed it
    toc_before = new[toc_at.start].element if toc and toc_at.start < len(new) else None
    marked = list(marker.blocks(old, new))
    section = body.find(W + "sectPr")
    for child in list(body):
        if child is not section:
            body.remove(child)
    at = 0

    def add(element: Element) -> None:
        nonlocal at
        body.insert(at, element)
        at += 1

    for element, origin in marked:
        if toc and origin is toc_before:
            for part in toc:
                add(part)
            toc = []
        add(element)
    for part in toc:  # the contents list was the last thing in the document
        add(part)
    unmark_last_paragraphs(body)


# -- the package --------------------------------------------------------------------------


def _open(data: bytes) -> Package:
    """A package written by :mod:`docx` (trusted, and in memory), to change and write again."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    types = ContentTypes.parse(members.pop(CONTENT_TYPES), SOURCE)
    package = Package({}, {})
    for name, content in members.items():
        match = _RELS.fullmatch(name)
        if match:
            folder, part = match.groups()
            source = f"{folder}/{part}" if folder else part
            package.rels[source] = parse_relationships(content, SOURCE, name)
        else:
            package.add_part(name, types.of(name) or "application/octet-stream", content)
    return package


def _main_part(package: Package) -> str:
    return next(resolve("", r.target) for r in package.rels[""] if r.type == RT["document"])


def _part(package: Package, main: str, kind: str) -> tuple[str, Element] | None:
    """The part the main document relates as ``kind``, parsed (None: there is none)."""
    for rel in package.rels.get(main, []):
        if rel.type == RT[kind] and not rel.external:
            name = resolve(main, rel.target)
            if name in package.parts:
                return name, parse_xml(package.parts[name], SOURCE, name)
    return None


def _links(package: Package, main: str) -> dict[str, str]:
    """The main document's hyperlink targets by relationship id."""
    return {r.id: r.target for r in package.rels.get(main, []) if r.type == RT["hyperlink"]}


def _date(package: Package) -> str:
    """The document's date (its core properties' ``created``): the date of every change."""
    core = next(resolve("", r.target) for r in package.rels[""] if r.type == RT["core"])
    created = parse_xml(package.parts[core], SOURCE, core).find(CREATED)
    return str(created.text)


def _first_id(document: bytes) -> int:
    """An annotation id above every one the document has (bookmarks share them)."""
    return max((int(found) for found in _IDS.findall(document)), default=0) + 1


def _number_deletions(marker: Marker, old_numbering: tuple[str, Element] | None,
                      new_numbering: tuple[str, Element] | None, package: Package) -> None:
    """Give each deleted list item a numbering instance of the redline.

    An item deleted from a list that is still there joins that list (Reject All numbers it
    as before); a list deleted as a whole gets a copy of its old instance under a free id.
    """
    if not marker.deleted_numbers or old_numbering is None or new_numbering is None:
        return
    name, numbering = new_numbering
    old_nums = {n.get(W + "numId"): n for n in old_numbering[1].iter(W + "num")}
    nums = list(numbering.iter(W + "num"))
    free = max((int(n.get(W + "numId", "0")) for n in nums), default=0) + 1
    last = nums[-1] if nums else None
    for number in marker.deleted_numbers:
        old_id = number.get(W + "val")
        if old_id not in marker.lists and old_id in old_nums:
            copied = copy.deepcopy(old_nums[old_id])
            copied.set(W + "numId", str(free))
            if last is None:
                abstracts = numbering.findall(W + "abstractNum")
                if abstracts:
                    abstracts[-1].addnext(copied)
                else:
                    numbering.insert(0, copied)
            else:
                last.addnext(copied)
            last, marker.lists[old_id], free = copied, str(free), free + 1
        number.set(W + "val", marker.lists.get(old_id, old_id))
    package.parts[name] = xml_bytes(numbering)


def _track_revisions(package: Package, main: str) -> None:
    """Turn change tracking on in the document settings, where the schema puts it."""
    found = _part(package, main, "settings")
    if found is None:
        return
    name, settings = found
    if settings.find(W + "trackRevisions") is not None:
        return
    at = max((i + 1 for i, child in enumerate(settings) if child.tag in _BEFORE_TRACK_REVISIONS),
             default=0)
    settings.insert(at, etree.Element(W + "trackRevisions"))
    package.parts[name] = xml_bytes(settings)

