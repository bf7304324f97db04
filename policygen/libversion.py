"""The clause library's own version: ``git describe`` in a git work tree, else library.yaml."""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LibraryVersion:
    """Where the clauses came from: a describable git state, or a released version."""

    version: str
    release: str
    commit: str | None
    dirty: bool

    def as_manifest(self) -> dict[str, object]:
        """The ``library`` object of manifest.json."""
        return {"version": self.version, "release": self.release, "commit": self.commit,
                "dirty": self.dirty}


def _git_top(root: Path) -> Path | None:
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
        if folder.name == "site-packages":  # an installed copy is a release, not a checkout
            return None
    return None


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


@functools.lru_cache(maxsize=16)
def detect(root: Path, release: str) -> LibraryVersion:
    """The version of the library at ``root``; ``release`` is library.yaml's version."""
    if _git_top(root) is not None:
        described = _git(root, "describe", "--tags", "--always", "--dirty")
        commit = _git(root, "rev-parse", "HEAD")
        if described and commit:
            return LibraryVersion(version=described, release=release, commit=commit,
                                  dirty=described.endswith("-dirty"))
    return LibraryVersion(version=release, release=release, commit=None, dirty=False)
