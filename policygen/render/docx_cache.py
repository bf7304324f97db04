"""Word documents already converted: the DOCX of the same Markdown is not made twice.

Converting Markdown to DOCX (parsing, the body, the package) is the largest part of a build.
A build of one organisation keeps each DOCX it writes in the user's cache folder, keyed by the
sha256 of everything that decides its bytes: the Markdown, the document's properties and
furniture (:class:`DocumentInfo`), the house style's bytes (or the shipped reference document),
and the source of every module of the renderer, so that no DOCX comes back from older code. A
rebuild in which a document did not change (another format asked for, ``--force`` after a
hand edit, the other language's document changed) takes it from there.

The cache is small and bounded: at most :data:`MAX_ENTRIES` documents, the least recently
used removed first; every entry carries a checksum (a damaged one is made again). A batch does
not use it: it would only fill the cache with documents of organisations built once.
``POLICYGEN_CACHE_DIR=`` (empty) turns it off with the compiled-code cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from pathlib import Path

from policygen import __version__, safeio
from policygen.errors import ProblemsError
from policygen.language import codecache
from policygen.render.docinfo import DocumentInfo

FORMAT = "docx-1"
MAX_ENTRIES = 40  # a few organisations' documents in both languages; about 2 MB
_RENDERER = Path(__file__).resolve().parent
_SALT: list[str] = []


def _salt() -> str:
    """The format, the versions and the renderer: its modules' source and shipped styles."""
    if not _SALT:
        _SALT.append(codecache.source_digest(
            sorted([*_RENDERER.glob("*.py"), *_RENDERER.glob("*.docx")]),
            f"{FORMAT}|{__version__}|{sys.version}|"))
    return _SALT[0]


def _reference_digest(reference: Path | None) -> str | None:
    """The sha256 of the house style's bytes (None: it cannot be read; no caching)."""
    if reference is None:
        return "shipped"
    try:
        data = safeio.read_regular(reference, limit=safeio.MAX_DOCX_BYTES, what="house style")
    except ProblemsError:  # the renderer says what is wrong with it
        return None
    return hashlib.sha256(data).hexdigest()


def folder() -> Path | None:
    """Where converted documents are kept (None: the cache is off)."""
    base = codecache.cache_dir()
    return base / "docx" if base is not None else None


def _entry(markdown: str, info: DocumentInfo, reference: Path | None) -> Path | None:
    where, style = folder(), _reference_digest(reference)
    if where is None or style is None:
        return None
    digest = hashlib.sha256(f"{_salt()}|{style}|{info!r}|".encode())
    digest.update(markdown.encode("utf-8", "surrogatepass"))
    return where / digest.hexdigest()


def render(markdown: str, info: DocumentInfo, reference: Path | None = None) -> bytes:
    """The DOCX of ``markdown``: from the cache where it was made before, else made and kept."""
    entry = _entry(markdown, info, reference)
    if entry is not None:
        found = codecache.read_entry(entry)
        if found is not None:
            _used(entry)
            return found
    from policygen.render import docx as render_docx

    data = render_docx.render(markdown, info, reference)
    if entry is not None:
        codecache.write_entry(entry, data)
        _used(entry)
        _trim(entry.parent)
    return data


def _used(entry: Path) -> None:
    """Mark an entry used now (to the nanosecond: file times may be coarser)."""
    now = time.time_ns()
    with contextlib.suppress(OSError):
        os.utime(entry, ns=(now, now))


def _trim(where: Path) -> None:
    """Remove the least recently used documents beyond :data:`MAX_ENTRIES`."""
    try:
        entries = [(item.stat().st_mtime_ns, item.name, item.path) for item in os.scandir(where)
                   if item.is_file(follow_symlinks=False) and not item.name.startswith(".")]
    except OSError:
        return
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort()
    for _, _, path in entries[:len(entries) - MAX_ENTRIES]:
        with contextlib.suppress(OSError):
            os.unlink(path)
