"""The deck's package: python-pptx's default template, widened to 16:9, with the slides drawn.

The template (theme, master, layouts, notes master) is python-pptx's own, read from where
python-pptx is installed, without importing python-pptx (its import alone takes longer than
drawing the deck). The package is put together as ``Presentation().save()`` does it: the same
parts, relationships, content types, part order and serialisation, so python-pptx, PowerPoint
and Impress open it as one python-pptx wrote. Every zip entry has one fixed timestamp, so the
same deck gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import posixpath
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from policygen.render.docx_package import write_zip
from policygen.training.pptx_draw import NAMESPACES, Canvas, escaped, qn

TITLE_ONLY = 5  # the template's "Title Only" layout, by its place in the master
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PML = "application/vnd.openxmlformats-officedocument.presentationml."
SLIDE, NOTES, NOTES_MASTER = (_PML + "slide+xml", _PML + "notesSlide+xml",
                              _PML + "notesMaster+xml")
THEME = "application/vnd.openxmlformats-officedocument.theme+xml"
# the parts python-pptx parses and writes again (the others it copies byte for byte)
_REWRITTEN = (_PML + "presentation.main+xml", _PML + "slideMaster+xml",
              _PML + "slideLayout+xml")
_BINARY = {"bin", "jpeg"}  # stored under a Default content type, by extension
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_NOTES = (  # a notes slide as python-pptx makes it from its notes master
    '<p:notes xmlns:a="{a}" xmlns:p="{p}" xmlns:r="{r}"><p:cSld><p:spTree><p:nvGrpSpPr>'
    '<p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>'
    '<a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/>'
    '</a:xfrm></p:grpSpPr><p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/>'
    '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg" idx="2"/>'
    '</p:nvPr></p:nvSpPr><p:spPr/></p:sp><p:sp><p:nvSpPr>'
    '<p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
    '</p:cNvSpPr><p:nvPr><p:ph type="body" idx="3" sz="quarter"/></p:nvPr></p:nvSpPr>'
    '<p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/></p:txBody></p:sp><p:sp><p:nvSpPr>'
    '<p:cNvPr id="4" name="Slide Number Placeholder 3"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
    '</p:cNvSpPr><p:nvPr><p:ph type="sldNum" idx="5" sz="quarter"/></p:nvPr></p:nvSpPr>'
    '<p:spPr/></p:sp></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>'
    '</p:notes>').format(**NAMESPACES)


@dataclass
class Part:
    """A part of the package: its content type, bytes and relationships (id, type, target)."""

    content_type: str
    data: bytes
    rels: list[tuple[str, str, str]] = field(default_factory=list)

    def relate(self, kind: str, target: str) -> str:
        """A new relationship to the part ``target``; its id, the first free as python-pptx's."""
        taken = {rel[0] for rel in self.rels}
        number = next(n for n in range(len(self.rels) + 1, 0, -1) if f"rId{n}" not in taken)
        self.rels.append((f"rId{number}", _REL + kind, target))
        return f"rId{number}"


@dataclass(frozen=True)
class Properties:
    """The package's core properties."""

    title: str
    subject: str
    author: str
    keywords: str
    comments: str
    category: str
    language: str
    version: str
    moment: dt.datetime


def package(slides: Sequence[Canvas], width: int, height: int,
            properties: Properties) -> bytes:
    """The .pptx bytes: the template at ``width`` × ``height`` EMU, with ``slides``."""
    parts, roots = _template()
    presentation_name = next(name for name, part in parts.items()
                             if part.content_type == _REWRITTEN[0])
    master_name = next(name for name, part in parts.items()
                       if part.content_type == _REWRITTEN[1])
    presentation = etree.fromstring(parts[presentation_name].data, _PARSER)
    master = etree.fromstring(parts[master_name].data, _PARSER)
    layouts = {name: etree.fromstring(parts[name].data, _PARSER) for name in parts
               if parts[name].content_type == _REWRITTEN[2]}
    _widen(presentation, master, layouts, width, height)
    layout = _layout_at(master, parts[master_name], master_name, TITLE_ONLY)
    deck = parts[presentation_name]
    listed = etree.Element(qn("p:sldIdLst"))
    presentation.find(qn("p:sldMasterIdLst")).addnext(listed)
    notes_master, notes_count = "", 0
    for number, canvas in enumerate(slides, start=1):
        name = f"/ppt/slides/slide{number}.xml"
        slide = parts[name] = Part(SLIDE, canvas.xml())
        slide.relate("slideLayout", layout)
        rid = deck.relate("slide", name)
        etree.SubElement(listed, qn("p:sldId"), id=str(255 + number)).set(qn("r:id"), rid)
        if not canvas.notes:
            continue
        if not notes_master:
            notes_master = _add_notes_master(parts, deck)
        notes_count += 1
        notes_name = f"/ppt/notesSlides/notesSlide{notes_count}.xml"
        notes = parts[notes_name] = Part(NOTES, _notes_xml(canvas.notes))
        notes.relate("notesMaster", notes_master)
        notes.relate("slide", name)
        slide.relate("notesSlide", notes_name)
    deck.data = _xml(presentation)
    parts[master_name].data = _xml(master)
    for name, root in layouts.items():
        parts[name].data = _xml(root)
    core = next(name for name, part in parts.items() if part.content_type.endswith(
        "core-properties+xml"))
    parts[core].data = _core(properties)
    return write_zip(dict(_members(parts, roots)))


def _template_file(name: str) -> Path:
    """A file of python-pptx's templates, found without importing python-pptx."""
    spec = importlib.util.find_spec("pptx")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("python-pptx is not installed (pip install python-pptx)")
    return Path(next(iter(spec.submodule_search_locations))) / "templates" / name


@functools.lru_cache(maxsize=1)
def _template_bytes() -> tuple[tuple[str, bytes], ...]:
    with zipfile.ZipFile(_template_file("default.pptx")) as archive:
        return tuple((name, archive.read(name)) for name in archive.namelist())


def _template() -> tuple[dict[str, Part], list[tuple[str, str, str]]]:
    """The template's parts (by part name) and the package's relationships, in file order."""
    files = {"/" + name: data for name, data in _template_bytes()}
    types = etree.fromstring(files.pop("/[Content_Types].xml"), _PARSER)
    defaults = {e.get("Extension").lower(): e.get("ContentType")
                for e in types.iter(f"{{{_TYPES}}}Default")}
    overrides = {e.get("PartName"): e.get("ContentType")
                 for e in types.iter(f"{{{_TYPES}}}Override")}
    parts: dict[str, Part] = {}
    for name, data in files.items():
        if "/_rels/" not in name:
            kind = overrides.get(name) or defaults[name.rsplit(".", 1)[-1].lower()]
            parts[name] = Part(kind, data)
    for name, part in parts.items():
        folder, base = posixpath.split(name)
        part.rels = _rels(files.get(f"{folder}/_rels/{base}.rels"), folder)
    return parts, _rels(files["/_rels/.rels"], "/")


def _rels(data: bytes | None, folder: str) -> list[tuple[str, str, str]]:
    """Relationships (id, type, target part name) of a .rels file, in its order."""
    if data is None:
        return []
    root = etree.fromstring(data, _PARSER)
    return [(e.get("Id"), e.get("Type"), posixpath.normpath(posixpath.join(folder,
                                                                            e.get("Target"))))
            for e in root]


def _widen(presentation: Any, master: Any, layouts: dict[str, Any], width: int,
           height: int) -> None:
    """The slide size, and the placeholders of master and layouts moved along.

    As python-pptx's ``left`` and ``width`` setters would: a layout's value inherited from
    the master (already moved) is set on the layout, scaled again.
    """
    size = presentation.find(qn("p:sldSz"))
    scale = width / int(size.get("cx"))
    size.set("cx", str(width))
    size.set("cy", str(height))
    size.attrib.pop("type", None)  # "screen4x3" no more
    master_boxes: dict[str, tuple[int, int]] = {}
    for shape, kind in _placeholders(master):
        box = _box(shape)
        if box is not None:
            box = (int(box[0] * scale), int(box[1] * scale))
            _set_box(shape, box)
            master_boxes.setdefault(kind, box)
    for root in layouts.values():
        for shape, kind in _placeholders(root):
            box = _box(shape) or master_boxes.get(_BASE_TYPES.get(kind, "body"))
            if box is not None:
                _set_box(shape, (int(box[0] * scale), int(box[1] * scale)))


_BASE_TYPES = {"title": "title", "ctrTitle": "title", "dt": "dt", "ftr": "ftr",
               "sldNum": "sldNum"}  # any other placeholder inherits from the master's body


def _placeholders(root: Any) -> Iterator[tuple[Any, str]]:
    for shape in root.find(qn("p:cSld")).find(qn("p:spTree")):
        holder = shape.find(f"*/{qn('p:nvPr')}/{qn('p:ph')}")
        if holder is not None:
            yield shape, holder.get("type", "obj")


def _box(shape: Any) -> tuple[int, int] | None:
    """A placeholder's own left and width, EMU; None where it inherits them."""
    off = shape.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:off')}")
    ext = shape.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:ext')}")
    if off is None or ext is None:
        return None
    return int(off.get("x")), int(ext.get("cx"))


def _set_box(shape: Any, box: tuple[int, int]) -> None:
    props = shape.find(qn("p:spPr"))
    xfrm = props.find(qn("a:xfrm"))
    if xfrm is None:
        xfrm = etree.Element(qn("a:xfrm"))
        props.insert(0, xfrm)
        etree.SubElement(xfrm, qn("a:off"), x="0", y="0")
        etree.SubElement(xfrm, qn("a:ext"), cx="0", cy="0")
    xfrm.find(qn("a:off")).set("x", str(box[0]))
    xfrm.find(qn("a:ext")).set("cx", str(box[1]))


def _layout_at(master: Any, part: Part, name: str, index: int) -> str:
    """The part name of the master's ``index``-th layout."""
    ids = master.find(qn("p:sldLayoutIdLst"))
    rid = ids[index].get(qn("r:id"))
    return next(target for rel_id, _, target in part.rels if rel_id == rid)


def _add_notes_master(parts: dict[str, Part], deck: Part) -> str:
    """python-pptx's notes master and its theme, related to the presentation."""
    theme_name = f"/ppt/theme/theme{sum(p.content_type == THEME for p in parts.values()) + 1}.xml"
    parts[theme_name] = Part(THEME, _xml(etree.parse(_template_file("theme.xml"),
                                                     _PARSER).getroot()))
    name = "/ppt/notesMasters/notesMaster1.xml"
    notes_master = Part(NOTES_MASTER, _xml(etree.parse(_template_file("notesMaster.xml"),
                                                       _PARSER).getroot()))
    notes_master.relate("theme", theme_name)
    parts[name] = notes_master
    deck.relate("notesMaster", name)
    return name


def _notes_xml(lines: Sequence[str]) -> bytes:
    """A notes slide: a paragraph per line (and per line break within one)."""
    root = etree.fromstring(_NOTES)
    body = root.find(f".//{qn('p:txBody')}")
    for line in "\n".join(lines).split("\n"):
        paragraph = etree.SubElement(body, qn("a:p"))
        for index, text in enumerate(line.split("\v")):
            if index:
                etree.SubElement(paragraph, qn("a:br"))
            if text:
                run = etree.SubElement(paragraph, qn("a:r"))
                etree.SubElement(run, qn("a:t")).text = escaped(text)
    return _xml(root)


def _core(props: Properties) -> bytes:
    """``docProps/core.xml``, with the fields in the order python-pptx writes them."""
    moment = props.moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    fields = [("dc:title", props.title), ("dc:subject", props.subject),
              ("dc:creator", props.author), ("cp:keywords", props.keywords),
              ("dc:description", props.comments), ("cp:lastModifiedBy", "policygen"),
              ("cp:revision", "1")]
    tail = [("cp:category", props.category), ("dc:language", props.language),
            ("cp:version", props.version), ("cp:lastPrinted", moment)]
    dated = "".join(f'<dcterms:{tag} xsi:type="dcterms:W3CDTF">{moment}</dcterms:{tag}>'
                    for tag in ("created", "modified"))
    body = "".join(f"<{tag}>{_text(value)}</{tag}>" for tag, value in fields) + dated + \
        "".join(f"<{tag}>{_text(value)}</{tag}>" for tag, value in tail)
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/'
            'dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"{body}</cp:coreProperties>").encode()


def _text(value: str) -> str:
    """A property's value as XML text (xml.sax.saxutils would import urllib and ssl)."""
    return escaped(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml(root: Any) -> bytes:
    data: bytes = etree.tostring(root, encoding="UTF-8", standalone=True)
    return data


def _members(parts: dict[str, Part],
             roots: list[tuple[str, str, str]]) -> Iterator[tuple[str, bytes]]:
    """The zip's entries in python-pptx's order.

    The content types, the package's relationships, then every part as a depth-first walk of
    the relationships finds it, each followed by its own relationships.
    """
    order: list[str] = []

    def walk(rels: list[tuple[str, str, str]]) -> None:
        for _, _, target in rels:
            if target not in order:
                order.append(target)
                walk(parts[target].rels)

    walk(roots)
    yield "[Content_Types].xml", _content_types(parts, order)
    yield "_rels/.rels", _rels_xml(roots, "/")
    for name in order:
        yield name[1:], parts[name].data
        if parts[name].rels:
            folder, base = posixpath.split(name)
            yield f"{folder[1:]}/_rels/{base}.rels", _rels_xml(parts[name].rels, folder)


def _content_types(parts: dict[str, Part], names: list[str]) -> bytes:
    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml",
                "xml": "application/xml"}
    overrides = {}
    for name in names:
        extension = name.rsplit(".", 1)[-1].lower()
        if extension in _BINARY:
            defaults[extension] = parts[name].content_type
        else:
            overrides[name] = parts[name].content_type
    root = etree.Element(f"{{{_TYPES}}}Types", nsmap={None: _TYPES})
    for extension, kind in sorted(defaults.items()):
        etree.SubElement(root, f"{{{_TYPES}}}Default", Extension=extension, ContentType=kind)
    for name, kind in sorted(overrides.items()):
        etree.SubElement(root, f"{{{_TYPES}}}Override", PartName=name, ContentType=kind)
    return _xml(root)


def _rels_xml(rels: list[tuple[str, str, str]], folder: str) -> bytes:
    """A .rels file, its relationships in the order of their numbers, targets relative."""
    root = etree.Element(f"{{{_RELS}}}Relationships", nsmap={None: _RELS})
    for rid, kind, target in sorted(rels, key=lambda rel: int(rel[0][3:])):
        etree.SubElement(root, f"{{{_RELS}}}Relationship", Id=rid, Type=kind,
                         Target=posixpath.relpath(target, folder))
    return _xml(root)
