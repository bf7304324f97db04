"""manifest.json: exactly which clause versions went into which output files.

It is also the memory of the last build: a file whose sha256 differs from what the manifest
recorded was edited by a person since, and is not overwritten without ``--force``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policygen import __version__

MANIFEST_NAME = "manifest.json"


def sha256(data: bytes) -> str:
    """Hex sha256 of bytes."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class DocumentEntry:
    """One document in the manifest: its clauses (id, version) and files (name → sha256)."""

    clauses: list[tuple[str, str]]
    files: dict[str, str] = field(default_factory=dict)
    edition: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The JSON object of this document."""
        out: dict[str, Any] = {"clauses": [{"id": i, "version": v} for i, v in self.clauses]}
        if self.edition:
            out["edition"] = self.edition
        out["files"] = dict(self.files)
        return out


@dataclass
class Manifest:
    """The manifest of one organisation's build."""

    language: str
    answers_sha256: str
    library: dict[str, object]
    documents: dict[str, DocumentEntry]
    answers_file: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The manifest as JSON data, in the contract's key order."""
        out: dict[str, Any] = {
            "generator": f"policygen {__version__}",
            "language": self.language,
            "answers_sha256": self.answers_sha256,
            "library": self.library,
            "documents": {kind: doc.as_json() for kind, doc in self.documents.items()},
        }
        if self.answers_file:
            out["answers_file"] = self.answers_file
        return out

    def to_bytes(self) -> bytes:
        """Stable, readable JSON bytes."""
        return (json.dumps(self.as_json(), indent=2, ensure_ascii=False) + "\n").encode()

    def file_hashes(self) -> dict[str, str]:
        """Every output file name with its sha256."""
        return {name: digest for doc in self.documents.values()
                for name, digest in doc.files.items()}


def recorded_hashes(folder: Path) -> dict[str, str] | None:
    """File name → sha256 from the manifest of the last build in ``folder`` (None: none)."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        return {str(name): str(digest)
                for doc in data["documents"].values()
                for name, digest in doc["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
