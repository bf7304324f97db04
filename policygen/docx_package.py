"""A Word package (OPC zip) read and written as parts of bytes, with relationship bookkeeping.

Only what the DOCX renderer needs: parts by relationship type, adding parts and relationships,
and writing the zip with fixed timestamps (same input, same bytes). XML inside the parts is
edited as text by the renderer, so every namespace prefix a house-style document uses (and its
``mc:Ignorable`` list, which names prefixes) stays exactly as Word wrote it.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from policygen.docx_body import xml_attr
from policygen.errors import PolicygenError

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = "[Content_Types].xml"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
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
    "core": PACKAGE_RT + "metadata/core-properties",
}
_RELATIONSHIP = re.compile(r"<Relationship\s([^>]*?)/?>")
_ATTRIBUTE = re.compile(r'([\w:]+)\s*=\s*"([^"]*)"')

_READ_CACHE: dict[tuple[str, int, int], dict[str, bytes]] = {}


@dataclass(frozen=True)
class Relationship:
    """One relationship of a part: id, type, target (as written) and whether external."""

    id: str
    type: str
    target: str
    external: bool


@dataclass
class Package:
    """The parts of a DOCX by zip member name (``word/document.xml``), in zip order."""

    parts: dict[str, bytes]
    source: str = ""

    @classmethod
    def read(cls, path: Path) -> Package:
        """Read a .docx (kept in memory by path, size and modification time for batches)."""
        try:
            stat = path.stat()
            key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
            parts = _READ_CACHE.get(key)
            if parts is None:
                with zipfile.ZipFile(path) as archive:
                    parts = {info.filename: archive.read(info) for info in archive.infolist()
                             if not info.is_dir()}
                _READ_CACHE[key] = parts
        except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise PolicygenError(f"{path}: not a usable Word document ({exc})") from None
        package = cls(dict(parts), str(path))
        if CONTENT_TYPES not in package.parts or package.main_part() is None:
            raise PolicygenError(f"{path}: not a usable Word document (no main document part)")
        return package

    @classmethod
    def from_zip(cls, data: bytes, source: str = "<memory>") -> Package:
        """A package from zip bytes (used by tools that build a reference document)."""
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return cls({i.filename: archive.read(i) for i in archive.infolist()
                        if not i.is_dir()}, source)

    # -- text ----------------------------------------------------------------------------

    def text(self, name: str) -> str:
        """A part as text."""
        return self.parts[name].decode("utf-8")

    def set_text(self, name: str, text: str) -> None:
        """Replace a part's content."""
        self.parts[name] = text.encode("utf-8")

    # -- relationships -------------------------------------------------------------------

    @staticmethod
    def rels_name(part: str) -> str:
        """The relationships part of ``part`` ('' is the package itself)."""
        folder, name = posixpath.split(part)
        return posixpath.join(folder, "_rels", f"{name}.rels")

    def relationships(self, part: str) -> list[Relationship]:
        """The relationships of a part (of the package for '')."""
        data = self.parts.get(self.rels_name(part))
        if data is None:
            return []
        found = []
        for match in _RELATIONSHIP.finditer(data.decode("utf-8")):
            attrs = dict(_ATTRIBUTE.findall(match.group(1)))
            found.append(Relationship(attrs.get("Id", ""), attrs.get("Type", ""),
                                      attrs.get("Target", ""),
                                      attrs.get("TargetMode") == "External"))
        return found

    def resolve(self, part: str, target: str) -> str:
        """The zip member name a relationship target of ``part`` points to."""
        if target.startswith("/"):
            return target[1:]
        return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))

    def related(self, part: str, kind: str) -> str | None:
        """The member name of the first internal part related to ``part`` by ``kind``."""
        for rel in self.relationships(part):
            if rel.type == RT[kind] and not rel.external:
                name = self.resolve(part, rel.target)
                if name in self.parts:
                    return name
        return None

    def main_part(self) -> str | None:
        """The main document part (usually word/document.xml)."""
        return self.related("", "document")

    def relate(self, part: str, kind: str, target: str, *, external: bool = False) -> str:
        """Add a relationship from ``part``; return its new id."""
        rels_name = self.rels_name(part)
        existing = self.relationships(part)
        numbers = [int(m.group(1)) for r in existing if (m := re.fullmatch(r"rId(\d+)", r.id))]
        rel_id = f"rId{max(numbers, default=0) + 1}"
        mode = ' TargetMode="External"' if external else ""
        element = (f'<Relationship Id="{rel_id}" Type="{RT.get(kind, kind)}" '
                   f'Target="{xml_attr(target)}"{mode}/>')
        text = (self.text(rels_name) if rels_name in self.parts else
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<Relationships xmlns="{RELS_NS}"></Relationships>')
        self.set_text(rels_name, text.replace("</Relationships>", element + "</Relationships>"))
        return rel_id

    # -- parts ---------------------------------------------------------------------------

    def add_part(self, name: str, content_type: str, data: bytes) -> None:
        """Add a part with its content type override."""
        self.parts[name] = data
        types = self.text(CONTENT_TYPES)
        override = f'<Override PartName="/{name}" ContentType="{content_type}"/>'
        if f'PartName="/{name}"' not in types:
            self.set_text(CONTENT_TYPES, types.replace("</Types>", override + "</Types>"))

    def free_name(self, pattern: str) -> str:
        """The first unused member name of a pattern like 'word/header{}.xml'."""
        number = 1
        while pattern.format(number) in self.parts:
            number += 1
        return pattern.format(number)

    def to_bytes(self) -> bytes:
        """The package as a zip, content types first, every entry dated 1980-01-01."""
        buffer = io.BytesIO()
        names = [CONTENT_TYPES, *(n for n in self.parts if n != CONTENT_TYPES)]
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, self.parts[name], compresslevel=6)
        return buffer.getvalue()
