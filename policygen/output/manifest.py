"""manifest.json: exactly which clause versions went into which output files.

It is also the memory of the last build: a file whose sha256 differs from what the manifest
recorded was edited by a person since, and is not overwritten without ``--force``; and it
names the organisation the folder belongs to, so a build for another organisation does not
silently replace its documents.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policygen import __version__, safeio
from policygen.clauselib.library import ClauseLibrary
from policygen.errors import PolicygenError, ProblemsError

MANIFEST_NAME = "manifest.json"


def sha256(data: bytes) -> str:
    """Hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class DocumentEntry:
    """One document in the manifest: its clauses (id, version) and files (name → sha256).

    ``kept_files`` are files of this document from an earlier build that this build did not
    write (another ``--format``); they may be older than this build's clauses.
    """

    clauses: list[tuple[str, str]]
    files: dict[str, str] = field(default_factory=dict)
    edition: str | None = None
    kept_files: dict[str, str] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)  # what a document adds of its own
    # keys a clause's entry adds, by clause id: {"source": "overlay", "replaces": "a.b@1.0.0"}
    clause_keys: dict[str, dict[str, object]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The JSON object of this document."""
        out: dict[str, Any] = {"clauses": [{"id": i, "version": v, **self.clause_keys.get(i, {})}
                                           for i, v in self.clauses]}
        if self.edition:
            out["edition"] = self.edition
        out.update(self.extra)
        out["files"] = dict(self.files)
        if self.kept_files:
            out["kept_files"] = dict(self.kept_files)
        return out


@dataclass
class Manifest:
    """The manifest of one organisation's build."""

    language: str
    answers_sha256: str
    library: dict[str, object]
    documents: dict[str, DocumentEntry]
    answers_file: str | None = None
    organisation: str | None = None
    effective_date: str | None = None  # ISO date the protocol takes effect; None: a draft

    def as_json(self) -> dict[str, Any]:
        """The manifest as JSON data, in the contract's key order."""
        out: dict[str, Any] = {
            "generator": f"policygen {__version__}",
            "language": self.language,
            "answers_sha256": self.answers_sha256,
            "library": self.library,
            "documents": {kind: doc.as_json() for kind, doc in self.documents.items()},
        }
        if self.organisation:
            out["organisation"] = self.organisation
            out["effective_date"] = self.effective_date
        if self.answers_file:
            out["answers_file"] = self.answers_file
        return out

    def to_bytes(self) -> bytes:
        """Stable, readable JSON bytes."""
        return (json.dumps(self.as_json(), indent=2, ensure_ascii=False) + "\n").encode()

    def file_hashes(self) -> dict[str, str]:
        """Every output file name with its sha256 (kept files included)."""
        return {name: digest for doc in self.documents.values()
                for name, digest in (doc.files | doc.kept_files).items()}


def record_changes(entries: Mapping[str, DocumentEntry], library: ClauseLibrary) -> None:
    """Add each clause's kind of last change (``"change": "substantive"``) where it is known.

    From the library's CHANGELOG.md, else the clause's front matter (``change:``), else
    editorial for a patch version (:func:`policygen.clauselib.changelog.last_change`); the
    organisation's own clauses say theirs in their front matter. A later ``policygen
    changes`` reads it where the library's history is not at hand.
    """
    kinds = library.change_kinds  # worked out when the library was read (and kept with it)
    if kinds is None:
        from policygen.clauselib import changelog

        kinds = changelog.kinds(library.root, library.clauses)
    own = library.overlay.sources if library.overlay else {}
    by_id = {item.id: item for item in library.clauses}
    for entry in entries.values():
        for clause_id, version in entry.clauses:
            item = by_id.get(clause_id)
            if item is None or item.version != version:
                continue
            kind = item.change if clause_id in own else kinds.get(clause_id)
            if kind:
                entry.clause_keys.setdefault(clause_id, {})["change"] = kind


class DamagedManifestError(PolicygenError):
    """The last build's manifest cannot be read, so hand edits cannot be told apart."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"{path}: the manifest of the last build is damaged ({reason}). policygen keeps "
            "in it which files it wrote, so it cannot tell your edits from its own output. "
            "Restore it, or move the folder's documents away (or build with --force to "
            "replace them) and build again")


@dataclass(frozen=True)
class RecordedBuild:
    """What the manifest of the last build in a folder says."""

    hashes: dict[str, str]  # file name → the sha256 it was written with
    documents: dict[str, dict[str, Any]]  # kind → its manifest entry, as recorded
    organisation: str | None
    inputs: tuple[object, ...]  # what made the files: answers, library, language


def _shape_error(path: Path, where: str) -> DamagedManifestError:
    return DamagedManifestError(path, f"unexpected content at {where}")


def _file_map(value: object, path: Path, where: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise _shape_error(path, where)
    return dict(value)


def read_recorded(folder: Path) -> RecordedBuild | None:
    """The last build's record in ``folder`` (None: no manifest there).

    Raises :class:`DamagedManifestError` when the manifest exists but is unreadable, not JSON,
    too large or not of the manifest's shape; a manifest that is a folder or a device is
    reported as such (it could not be replaced).
    """
    path = folder / MANIFEST_NAME
    if not path.exists() and not path.is_symlink():
        return None
    try:
        data = safeio.read_json(path)
    except ProblemsError as exc:
        raise DamagedManifestError(path, exc.problems[0].message) from None
    except safeio.NotJSONError as exc:
        raise DamagedManifestError(path, exc.reason) from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
        raise _shape_error(path, "documents")
    hashes: dict[str, str] = {}
    documents: dict[str, dict[str, Any]] = {}
    for kind, entry in data["documents"].items():
        if not isinstance(entry, dict):
            raise _shape_error(path, f"documents.{kind}")
        files = _file_map(entry.get("files", {}), path, f"documents.{kind}.files")
        kept = _file_map(entry.get("kept_files", {}), path, f"documents.{kind}.kept_files")
        hashes.update(kept)
        hashes.update(files)
        documents[str(kind)] = entry
    organisation = data.get("organisation")
    return RecordedBuild(hashes, documents,
                         organisation if isinstance(organisation, str) else None, _inputs(data))


def _inputs(data: dict[str, Any]) -> tuple[object, ...]:
    """What made a manifest's files: answers, library, language and generator."""
    return (data.get("answers_sha256"), json.dumps(data.get("library"), sort_keys=True),
            data.get("language"), data.get("generator"))


def manifest_inputs(manifest: Manifest) -> tuple[object, ...]:
    """What made a manifest's files, comparable with :attr:`RecordedBuild.inputs`."""
    return _inputs(manifest.as_json())


def keep_earlier_files(manifest: Manifest, recorded: RecordedBuild,
                       present: set[str]) -> list[str]:
    """Record in ``manifest`` the earlier build's files this build does not replace.

    A file of a document this build also wrote, in a format it did not write (``--format md``
    after a full build), stays in the manifest with the hash it was written with, so the next
    full build does not take it for a hand edit. Where the earlier build had the same inputs
    and clauses the file belongs to this build (``files``); otherwise it is ``kept_files``.
    Returns the names kept.
    """
    kept: list[str] = []
    same_inputs = recorded.inputs == manifest_inputs(manifest)
    for kind, entry in manifest.documents.items():
        old = recorded.documents.get(kind)
        if old is None:
            continue
        old_clauses = [(c.get("id"), c.get("version")) for c in old.get("clauses", [])
                       if isinstance(c, dict)]
        same = (same_inputs and old_clauses == entry.clauses
                and old.get("edition") == entry.edition and not old.get("kept_files"))
        old_files = {**old.get("kept_files", {}), **old.get("files", {})}
        for name, digest in sorted(old_files.items()):
            if name in entry.files or name not in present:
                continue
            (entry.files if same else entry.kept_files)[name] = digest
            kept.append(name)
    return kept
