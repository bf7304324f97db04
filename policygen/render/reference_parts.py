"""The house style's styles, numbering and settings, read and edited as XML trees.

Styles are found by their built-in name (``heading 1``), never by id, so a Dutch Word template
whose heading style id is ``Kop1`` works as well as an English one. Our list definitions are
added to the numbering; settings that make Word ask a question on opening, or that belong to
the template rather than to a document, are removed. Every edit keeps the schema's element
order, so the result validates.
"""

from __future__ import annotations

import copy

from lxml import etree  # type: ignore[import-untyped]

from policygen.render.docx_body import W_NS, BodyRenderer
from policygen.render.docx_package import Element
from policygen.render.docx_runs import xml_attr

W = f"{{{W_NS}}}"
BULLET_ABSTRACT_NAME = "policygen bullets"
NUMBER_ABSTRACT_NAME = "policygen numbers"
BULLET_GLYPHS = ("•", "◦", "▪")
NUMBER_FORMATS = (("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}."))
COMPATIBILITY_MODE = "15"  # Word 2013 and later: no "[Compatibility Mode]" in the title bar
WORD_URI = "http://schemas.microsoft.com/office/word"
# settings removed from every house style, with why:
_DROPPED_SETTINGS = (
    "updateFields",  # Word asks "update the fields in this document?" on opening
    "writeProtection",  # Word asks for a password or to open read-only
    "mailMerge",  # Word asks to run the data source's SQL query on opening
    "attachedTemplate", "linkStyles",  # the template's styles replace ours on opening
    "documentProtection",  # a template's editing restrictions are not the organisation's
    "proofState",  # "spelling clean" was true of the template, not of this text
)
# children of w:settings that the schema puts after w:compat
_AFTER_COMPAT = frozenset((
    "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"))
_SETTINGS_NAMESPACES = frozenset((W_NS, "http://schemas.openxmlformats.org/officeDocument/2006/"
                                  "math", "http://schemas.openxmlformats.org/schemaLibrary/2006/"
                                  "main"))
_AFTER_LANG = (W + "eastAsianLayout", W + "specVanish", W + "oMath", W + "rPrChange")

StyleNames = dict[tuple[str, str], str]


def fragment(xml: str) -> Element:
    """An element from our own XML text using the ``w:`` prefix."""
    return etree.fromstring(f'<w:wrap xmlns:w="{W_NS}">{xml}</w:wrap>')[0]


def number(text: str | None, default: int) -> int:
    """An integer attribute value; ``default`` where it is missing or not a plain number."""
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


# -- styles -------------------------------------------------------------------------------


def style_names(styles: Element) -> StyleNames:
    """(type, lower-case built-in name) → style id, e.g. ('paragraph', 'heading 1') → 'Kop1'.

    The ids are escaped for an attribute value, ready to go into body XML.
    """
    by_name: StyleNames = {}
    for style in styles.iter(W + "style"):
        name = style.find(W + "name")
        style_id = style.get(W + "styleId")
        if name is not None and name.get(W + "val") and style_id:
            key = (style.get(W + "type", "paragraph"), name.get(W + "val").lower())
            by_name.setdefault(key, xml_attr(style_id))
    return by_name


def style_tabs(styles: Element, style_id: str | None) -> tuple[int, ...]:
    """The positions of the tab stops a paragraph style defines itself."""
    for style in styles.iter(W + "style"):
        if style_id and xml_attr(style.get(W + "styleId", "")) == style_id:
            return tuple(number(tab.get(W + "pos"), 0)
                         for tab in style.iterfind(f"{W}pPr/{W}tabs/{W}tab")
                         if tab.get(W + "val") != "clear" and tab.get(W + "pos") is not None)
    return ()


def with_language(styles: Element, tag: str) -> Element:
    """A copy of the styles marking the text's language, for Word's spelling check."""
    styles = copy.deepcopy(styles)
    defaults = _child(styles, "docDefaults", 0)
    run = _child(_child(defaults, "rPrDefault", 0), "rPr", 0)
    lang = run.find(W + "lang")
    if lang is None:
        later = [i for i, child in enumerate(run) if child.tag in _AFTER_LANG]
        lang = etree.Element(W + "lang")
        run.insert(later[0] if later else len(run), lang)
    lang.set(W + "val", tag)
    return styles


def _child(parent: Element, name: str, index: int) -> Element:
    """``parent``'s child ``w:name``, inserted at ``index`` where it is missing."""
    found = parent.find(W + name)
    if found is None:
        found = etree.Element(W + name)
        parent.insert(index, found)
    return found


# -- numbering ----------------------------------------------------------------------------


def add_abstract_numbering(numbering: Element) -> tuple[int, int]:
    """Add our bullet and number list definitions where missing; return (bullets, numbers)."""
    found: dict[str, int] = {}
    ids = []
    for abstract in numbering.iterfind(W + "abstractNum"):
        abstract_id = number(abstract.get(W + "abstractNumId"), -1)
        ids.append(abstract_id)
        name = abstract.find(W + "name")
        if name is not None and name.get(W + "val"):
            found.setdefault(name.get(W + "val"), abstract_id)
    next_id = max(ids, default=-1) + 1
    for name, ordered in ((BULLET_ABSTRACT_NAME, False), (NUMBER_ABSTRACT_NAME, True)):
        if name not in found:
            _insert_before(numbering, fragment(abstract_xml(next_id, name, ordered)),
                           ("num", "numIdMacAtCleanup"))
            found[name] = next_id
            next_id += 1
    return found[BULLET_ABSTRACT_NAME], found[NUMBER_ABSTRACT_NAME]


def first_free_num_id(numbering: Element) -> int:
    """The first numbering instance id above every id the house style uses."""
    return 1 + max((number(n.get(W + "numId"), 0) for n in numbering.iterfind(W + "num")),
                   default=0)


def mark_num_place(numbering: Element, marker: Element) -> None:
    """Put ``marker`` where the numbering instances of a document go (after the others)."""
    _insert_before(numbering, marker, ("numIdMacAtCleanup",))


def _insert_before(parent: Element, element: Element, names: tuple[str, ...]) -> None:
    at = next((i for i, child in enumerate(parent)
               if isinstance(child.tag, str) and etree.QName(child).localname in names
               and etree.QName(child).namespace == W_NS), len(parent))
    parent.insert(at, element)


def abstract_xml(abstract_id: int, name: str, ordered: bool) -> str:
    """A nine-level list definition: decimal/letter/roman numbers, or real bullet glyphs."""
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


# -- settings -----------------------------------------------------------------------------


def clean_settings(settings: Element) -> None:
    """Settings for a document that opens without questions, in Word's current mode.

    No field update prompt, protection, mail merge or attached template; ``w:zoom`` with the
    percentage the schema requires; compatibility mode 15.
    """
    for name in _DROPPED_SETTINGS:
        for element in settings.findall(W + name):
            settings.remove(element)
    for zoom in settings.iterfind(W + "zoom"):
        if zoom.get(W + "percent") is None:
            zoom.set(W + "percent", "100")
    compat = settings.find(W + "compat")
    if compat is None:
        compat = etree.Element(W + "compat")
        at = next((i for i, child in enumerate(settings)
                   if isinstance(child.tag, str)
                   and (etree.QName(child).localname in _AFTER_COMPAT
                        or etree.QName(child).namespace not in _SETTINGS_NAMESPACES)),
                  len(settings))
        settings.insert(at, compat)
    modes = [s for s in compat.iterfind(W + "compatSetting")
             if s.get(W + "name") == "compatibilityMode" and s.get(W + "uri") == WORD_URI]
    for extra in modes[1:]:
        compat.remove(extra)
    if not modes:
        mode = etree.SubElement(compat, W + "compatSetting")
        mode.set(W + "name", "compatibilityMode")
        mode.set(W + "uri", WORD_URI)
    else:
        mode = modes[0]
    mode.set(W + "val", COMPATIBILITY_MODE)
