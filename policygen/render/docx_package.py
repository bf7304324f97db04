"""A Word package (OPC zip): read with limits from an untrusted file, written from data.

Reading: a house style can be any file, so its zip is opened from bytes already read with a
size limit, a member's declared size is checked *before* it is decompressed and its actual size
while it is, and only the members asked for are decompressed at all (a 4 GiB member that the
output does not use costs nothing). XML is parsed without DTDs, entities or network access.

Writing: relationships and ``[Content_Types].xml`` are generated from the parts and
relationships actually in the package, so they always match; every zip entry has a fixed
date, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from lxml import etree  # type: ignore[import-untyped]

from policygen.errors import Problem, ProblemsError
from policygen.render.docx_runs import xml_attr

MAX_PART_BYTES = 30_000_000  # one part, decompressed (a large logo is a few MB)
MAX_TOTAL_BYTES = 100_000_000  # everything decompressed from one house style
MAX_MEMBERS = 10_000  # zip entries; a real document has tens
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = "[Content_Types].xml"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
XML_TYPE = "application/xml"
OFFICE_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PACKAGE_RT = "http://schemas.openxmlformats.org/package/2006/relationships/"
RT = {
    "document": OFFICE_RT + "officeDocument",
    "styles": OFFICE_RT + "styles",
    "numbering": OFFICE_RT + "numbering",
    "settings": OFFICE_RT + "settings",
    "header": OFFICE_RT + "header",
    "footer": OFFICE_RT + "footer",
    "hyperlink": OFFICE_RT + "hyperlink",
    "custom": OFFICE_RT + "custom-properties",
    "app": OFFICE_RT + "extended-properties",
    "core": PACKAGE_RT + "metadata/core-properties",
}
# an encrypted (password-protected) Word file, or a Word 97-2003 .doc: an OLE compound file
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_DIRECTORY = b"PK\x05\x06"
_RID = re.compile(r"rId(\d+)")
Element = Any  # lxml.etree._Element (lxml ships no type information)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False)


def unusable(source: str, reason: str) -> ProblemsError:
    """The error for a reference document policygen cannot use, naming the file."""
    return ProblemsError([Problem(source, f"not a usable Word document ({reason})")])


def parse_xml(data: bytes, source: str, name: str) -> Element:
    """The root element of a part, in any encoding its declaration names (UTF-8, UTF-16)."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise unusable(source, f"{name} is not well-formed XML: {exc}") from None
    if root.getroottree().docinfo.doctype:
        raise unusable(source, f"{name} declares a DTD, which Word documents never do")
    return root


def xml_bytes(root: Element) -> bytes:
    """An element as a UTF-8 part with the declaration Word writes."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


@dataclass(frozen=True)
class Relationship:
    """One relationship of a part: id, type, target (as written) and whether external."""

    id: str
    type: str
    target: str
    external: bool = False


def rels_name(part: str) -> str:
    """The relationships part of ``part`` ('' is the package itself)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(part: str, target: str) -> str:
    """The part name (zip member name) a relationship target of ``part`` points to."""
    target = target.split("#", 1)[0]
    if target.startswith("/"):
        return posixpath.normpath(target[1:])
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def parse_relationships(data: bytes, source: str, name: str) -> list[Relationship]:
    """The relationships in a .rels part; entries without id, type or target are skipped."""
    root = parse_xml(data, source, name)
    if root.tag != f"{{{RELS_NS}}}Relationships":
        raise unusable(source, f"{name} is not a relationships part")
    found: dict[str, Relationship] = {}
    for element in root.iter(f"{{{RELS_NS}}}Relationship"):
        rel_id, kind, target = (element.get(key) for key in ("Id", "Type", "Target"))
        if rel_id and kind and target is not None and rel_id not in found:
            found[rel_id] = Relationship(rel_id, kind, target,
                                         element.get("TargetMode") == "External")
    return list(found.values())


def relationships_xml(relationships: Iterable[Relationship]) -> bytes:
    """A .rels part holding ``relationships``."""
    external = ' TargetMode="External"'
    items = "".join(
        f'<Relationship Id="{xml_attr(r.id)}" Type="{xml_attr(r.type)}" '
        f'Target="{xml_attr(r.target)}"{external if r.external else ""}/>'
        for r in relationships)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{RELS_NS}">{items}</Relationships>').encode()


@dataclass(frozen=True)
class ContentTypes:
    """A package's ``[Content_Types].xml``: types by extension, and per part."""

    defaults: Mapping[str, str]
    overrides: Mapping[str, str]

    @classmethod
    def parse(cls, data: bytes, source: str) -> ContentTypes:
        """Read ``[Content_Types].xml`` (extensions in lower case, part names without '/')."""
        root = parse_xml(data, source, CONTENT_TYPES)
        if root.tag != f"{{{CT_NS}}}Types":
            raise unusable(source, f"{CONTENT_TYPES} is not a content types part")
        defaults = {e.get("Extension", "").lower(): e.get("ContentType", "")
                    for e in root.iter(f"{{{CT_NS}}}Default")}
        overrides = {unquote(e.get("PartName", "")).lstrip("/"): e.get("ContentType", "")
                     for e in root.iter(f"{{{CT_NS}}}Override")}
        return cls(defaults, overrides)

    def of(self, part: str) -> str | None:
        """The content type of a part, or None where the package does not give one."""
        found = self.overrides.get(part)
        if found is None:
            found = next((t for n, t in self.overrides.items() if n.lower() == part.lower()),
                         None)
        if found is None:
            found = self.defaults.get(posixpath.splitext(part)[1][1:].lower())
        return found or None


class ZipReader:
    """The members of a zip held in memory, decompressed on request and within limits."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        if data.startswith(_COMPOUND_FILE):
            raise unusable(source, "a password-protected or Word 97-2003 file; save it in Word "
                                   "as a Word Document (.docx) without a password")
        if _declared_members(data) > MAX_MEMBERS:
            raise unusable(source, f"a zip of more than {MAX_MEMBERS:,} entries")
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            members = [i for i in self._zip.infolist() if not i.is_dir()]
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
            raise unusable(source, f"not a zip file: {exc}") from None
        if len(members) > MAX_MEMBERS:
            raise unusable(source, f"a zip of more than {MAX_MEMBERS:,} entries")
        self._members = {info.filename: info for info in members}
        self._lower = {name.lower(): name for name in reversed(self._members)}
        self._total = 0

    def find(self, name: str) -> str | None:
        """The member holding part ``name`` (part names are case-insensitive in OPC)."""
        for candidate in (name, unquote(name)):
            if candidate in self._members:
                return candidate
            if candidate.lower() in self._lower:
                return self._lower[candidate.lower()]
        return None

    def read(self, name: str) -> bytes:
        """A member's bytes; refused before decompression when it or the total is too big."""
        info = self._members[name]
        if info.flag_bits & 0x1:
            raise unusable(self.source, f"{name} is encrypted; save the document without a "
                                        "password")
        if info.file_size > MAX_PART_BYTES:
            raise unusable(self.source, f"{name} unpacks to {info.file_size:,} bytes, more "
                                        f"than the {MAX_PART_BYTES:,} a part may have")
        if self._total + info.file_size > MAX_TOTAL_BYTES:
            raise unusable(self.source, f"its parts unpack to more than {MAX_TOTAL_BYTES:,} "
                                        "bytes")
        try:
            with self._zip.open(info) as member:
                data = member.read(MAX_PART_BYTES + 1)  # the size in the header can lie
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError,
                NotImplementedError) as exc:
            raise unusable(self.source, f"{name} cannot be unpacked: {exc}") from None
        if len(data) > MAX_PART_BYTES:
            raise unusable(self.source, f"{name} unpacks to more than {MAX_PART_BYTES:,} bytes")
        self._total += len(data)
        if self._total > MAX_TOTAL_BYTES:
            raise unusable(self.source, f"its parts unpack to more than {MAX_TOTAL_BYTES:,} "
                                        "bytes")
        return data


def _declared_members(data: bytes) -> int:
    """The entry count the zip's end record declares (0 where there is none).

    Checked before :mod:`zipfile` builds an object for every entry of a hostile directory.
    """
    at = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return 0
    count: int = struct.unpack_from("<H", data, at + 10)[0]
    return MAX_MEMBERS + 1 if count == 0xFFFF else count  # 0xFFFF: a ZIP64 directory


@dataclass
class Package:
    """An output package being assembled: parts with their types, and relationships.

    ``rels`` maps a part name ('' for the package) to its relationships; the .rels parts and
    ``[Content_Types].xml`` are generated from these when the zip is written.
    """

    parts: dict[str, bytes]
    types: dict[str, str]
    rels: dict[str, list[Relationship]] = field(default_factory=dict)

    def add_part(self, name: str, content_type: str, data: bytes) -> None:
        """Add (or replace) a part."""
        self.parts[name] = data
        self.types[name] = content_type

    def relate(self, part: str, kind: str, target: str, *, external: bool = False) -> str:
        """Add a relationship from ``part`` (a key of :data:`RT` or a type); return its id."""
        existing = self.rels.setdefault(part, [])
        numbers = [int(m.group(1)) for r in existing if (m := _RID.fullmatch(r.id))]
        rel_id = f"rId{max(numbers, default=0) + 1}"
        existing.append(Relationship(rel_id, RT.get(kind, kind), target, external))
        return rel_id

    def free_name(self, pattern: str) -> str:
        """The first unused part name of a pattern like 'word/header{}.xml'."""
        taken = {name.lower() for name in self.parts}
        number = 1
        while pattern.format(number).lower() in taken:
            number += 1
        return pattern.format(number)

    def to_bytes(self) -> bytes:
        """The package as a zip: content types, package relationships, then each part."""
        members: dict[str, bytes] = {CONTENT_TYPES: content_types_xml(self.types)}
        if self.rels.get(""):
            members[rels_name("")] = relationships_xml(self.rels[""])
        for name, data in self.parts.items():
            members[name] = data
            if self.rels.get(name):
                members[rels_name(name)] = relationships_xml(self.rels[name])
        return write_zip(members)


def content_types_xml(types: Mapping[str, str]) -> bytes:
    """``[Content_Types].xml`` for parts of these types (a Default per shared extension)."""
    by_extension: dict[str, set[str]] = {"rels": {RELS_TYPE}, "xml": {XML_TYPE}}
    for name, content_type in types.items():
        extension = posixpath.splitext(name)[1][1:].lower()
        if extension and extension not in ("rels", "xml"):
            by_extension.setdefault(extension, set()).add(content_type)
    defaults = {ext: next(iter(found)) for ext, found in by_extension.items()
                if len(found) == 1}
    items = [f'<Default Extension="{xml_attr(ext)}" ContentType="{xml_attr(t)}"/>'
             for ext, t in sorted(defaults.items())]
    items += [f'<Override PartName="/{xml_attr(name)}" ContentType="{xml_attr(t)}"/>'
              for name, t in sorted(types.items())
              if defaults.get(posixpath.splitext(name)[1][1:].lower()) != t]
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Types xmlns="{CT_NS}">{"".join(items)}</Types>').encode()


ZIP_LEVEL = 2  # deflate level: 6 made files 15% smaller (30 KB, not 35) for 2.5 ms more a pair
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_DOS_DATE = (ZIP_DATE[0] - 1980) << 9 | ZIP_DATE[1] << 5 | ZIP_DATE[2]
_DOS_TIME = ZIP_DATE[3] << 11 | ZIP_DATE[4] << 5 | ZIP_DATE[5] // 2
_ZIP64_LIMIT = (1 << 31) - 1
_DEFLATED: dict[bytes, tuple[int, bytes]] = {}  # a member's data → its CRC and deflated data
DEFLATED_MEMBERS = 48  # the parts every document shares (styles, theme, fonts) and a few more
DEFLATED_MEMBER_BYTES = 200_000  # larger parts (a document's body) are deflated every time


def write_zip(members: Mapping[str, bytes]) -> bytes:
    """A zip of ``members`` in the given order, every entry dated 1980-01-01.

    The bytes are those :mod:`zipfile` writes (deflate at :data:`ZIP_LEVEL`, mode 0644, made
    on Unix); a member's data seen recently (the reference document's styles, theme and
    fonts in every document) is not deflated again.
    """
    if sum(map(len, members.values())) > _ZIP64_LIMIT // 2 or len(members) >= 0xFFFF:
        return _write_zipfile(members)  # a size only zipfile's ZIP64 records can describe
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data in members.items():
        crc, deflated = _deflate(data)
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), 0x800
        header = _LOCAL_HEADER.pack(b"PK\x03\x04", 20, 0, flags, zipfile.ZIP_DEFLATED,
                                    _DOS_TIME, _DOS_DATE, crc, len(deflated), len(data),
                                    len(encoded), 0)
        central.append(_CENTRAL_HEADER.pack(
            b"PK\x01\x02", 20, 3, 20, 0, flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE,
            crc, len(deflated), len(data), len(encoded), 0, 0, 0, 0, 0o644 << 16, offset)
            + encoded)
        out += (header, encoded, deflated)
        offset += len(header) + len(encoded) + len(deflated)
    directory = b"".join(central)
    out += (directory, _END_RECORD.pack(_END_OF_DIRECTORY, 0, 0, len(central), len(central),
                                        len(directory), offset, 0))
    return b"".join(out)


def _deflate(data: bytes) -> tuple[int, bytes]:
    """The CRC-32 and raw deflate stream of ``data``; a recent small member's from memory."""
    known = _DEFLATED.pop(data, None)
    if known is None:
        compressor = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)
        known = zlib.crc32(data), compressor.compress(data) + compressor.flush()
        if len(data) > DEFLATED_MEMBER_BYTES:
            return known
        if len(_DEFLATED) >= DEFLATED_MEMBERS:
            del _DEFLATED[next(iter(_DEFLATED))]  # the least recently used
    _DEFLATED[data] = known
    return known


def _write_zipfile(members: Mapping[str, bytes]) -> bytes:
    """:func:`write_zip` through :mod:`zipfile`, which also writes the ZIP64 records."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data, compresslevel=ZIP_LEVEL)
    return buffer.getvalue()
