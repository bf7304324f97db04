"""A library folder read once: the checked, parsed library kept by the content of its files.

Reading a library parses the YAML front matter of every clause, validates it and compiles every
condition, and that is most of a build's library time. A library that read without a problem is
kept as one snapshot in the compiled-code cache (:mod:`policygen.language.codecache`: the user's
cache folder, and for the shipped library the installation's precompiled folder), keyed by the
sha256 of every file :func:`policygen.clauselib.library.load` reads, their paths inside the
library, policygen's and Python's versions and the source of the modules that parse them. Any
change to any of those files, however small, is another key: the library is then read and
checked again, and nothing stale can come back. A library with a problem is never kept, so its
problems are reported on every run.

A snapshot holds only plain data (marshal); the clauses' file names are kept relative to the
library folder, so a library that moves (an installed copy) still finds its snapshot.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from policygen import __version__
from policygen.language import codecache

if TYPE_CHECKING:
    from policygen.clauselib.library import ClauseLibrary

FORMAT = "library-snapshot-2"
_SALT: list[str] = []


def _salt() -> str:
    """The format, the versions and the source of the code that reads a library.

    The source counts for a source checkout, whose code changes without a new version.
    """
    if not _SALT:
        from policygen.answers import fields, yamlio
        from policygen.clauselib import clause, library

        modules = (fields, yamlio, clause, library)
        _SALT.append(codecache.source_digest(
            [*(Path(module.__file__ or "") for module in modules), Path(__file__)],
            f"{FORMAT}|{__version__}|{sys.version}|{yaml.__version__}|") + "|")
    return _SALT[0]


def key(files: Iterable[tuple[str, bytes | None]]) -> str:
    """The key of a library whose files (path inside the library, bytes or None) are these."""
    digest = hashlib.sha256(_salt().encode())
    for name, data in files:
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        if data is None:
            digest.update(b"-\0")
        else:
            digest.update(b"%d\0" % len(data))
            digest.update(data)
    return digest.hexdigest()


def restore(snapshot_key: str, root: Path) -> ClauseLibrary | None:
    """The library kept under ``snapshot_key``, read from ``root``; None if there is none."""
    data = codecache.stored_data(snapshot_key)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    try:
        return _decode(data, root)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):  # another shape
        return None


def store(snapshot_key: str, library: ClauseLibrary) -> None:
    """Keep ``library`` (read from its folder without a problem) under ``snapshot_key``."""
    try:
        payload = marshal.dumps(_encode(library))
    except ValueError:  # a value marshal cannot hold: the library is simply read next time
        return
    codecache.store_data(snapshot_key, payload)


def _encode(library: ClauseLibrary) -> dict[str, Any]:
    clauses_dir = library.root / "clauses"
    return {
        "format": FORMAT,
        "release": library.release,
        "sections": {doc: [(s.id, s.title) for s in items]
                     for doc, items in library.sections.items()},
        "labels": library.labels,
        "templates": library.template_sources,
        "layout": {doc: (layout.contents, layout.keep_blocks)
                   for doc, layout in library.layout.items()},
        "changes": library.change_kinds,
        "clauses": [(c.id, c.version, c.title, c.documents, c.section, c.order, c.when,
                     c.editions, c.summary, c.bodies, c.body_lines, c.when_line,
                     Path(c.source).relative_to(clauses_dir).as_posix(), c.sha256, c.change)
                    for c in library.clauses],
    }


def _decode(data: dict[str, Any], root: Path) -> ClauseLibrary:
    from policygen.clauselib.clause import Clause
    from policygen.clauselib.library import ClauseLibrary, DocumentLayout, Section

    clauses_dir = root / "clauses"
    clauses = [Clause(id=c[0], version=c[1], title=c[2], documents=tuple(c[3]), section=c[4],
                      order=c[5], when=c[6], editions=tuple(c[7]), summary=c[8], bodies=c[9],
                      body_lines=c[10], when_line=c[11], source=str(clauses_dir / c[12]),
                      sha256=c[13], change=c[14])
               for c in data["clauses"]]
    return ClauseLibrary(
        root=root, release=data["release"], clauses=clauses,
        sections={doc: [Section(section_id, title) for section_id, title in items]
                  for doc, items in data["sections"].items()},
        labels=data["labels"], template_sources=data["templates"], change_kinds=data["changes"],
        layout={doc: DocumentLayout(contents=bool(contents), keep_blocks=bool(keep))
                for doc, (contents, keep) in data["layout"].items()})
