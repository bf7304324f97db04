"""The clause library's own version: ``git describe`` in a git work tree, else library.yaml."""

from __future__ import annotations

import functools
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


def _git(root: Path, *commands: tuple[str, ...]) -> list[str | None]:
    """Run git commands in ``root`` side by side; each one's output, or None if it failed."""
    import subprocess  # only in a git work tree

    running = []
    for args in commands:
        try:
            running.append(subprocess.Popen(
                # a library's own .git/config could name a program for git to run on
                # `describe --dirty` (core.fsmonitor): never run one
                ["git", "-c", "core.fsmonitor=false", "-C", str(root), *args],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            ))
        except OSError:
            return [None] * len(commands)
    outputs: list[str | None] = []
    for process in running:
        try:
            out, _ = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            outputs.append(None)
            continue
        outputs.append(out.strip() if process.returncode == 0 else None)
    return outputs


@functools.lru_cache(maxsize=16)
def detect(root: Path, release: str) -> LibraryVersion:
    """The version of the library at ``root``; ``release`` is library.yaml's version."""
    if _git_top(root) is not None:
        described, commit = _git(root, ("describe", "--tags", "--always", "--dirty"),
                                 ("rev-parse", "HEAD"))
        if described and commit:
            return LibraryVersion(version=described, release=release, commit=commit,
                                  dirty=described.endswith("-dirty"))
    return LibraryVersion(version=release, release=release, commit=None, dirty=False)
