"""The clause library's own version: ``git describe`` in a git work tree, else library.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


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


_COMMANDS = (("describe", "--tags", "--always", "--dirty"), ("rev-parse", "HEAD"))
_STARTED: dict[Path, list[Any] | None] = {}  # git already asked, its answers not yet read


def _start(root: Path) -> list[Any] | None:
    """Start the git commands in ``root`` side by side (None: git cannot be run)."""
    import subprocess  # only in a git work tree

    running = []
    for args in _COMMANDS:
        try:
            running.append(subprocess.Popen(
                # a library's own .git/config could name a program for git to run on
                # `describe --dirty` (core.fsmonitor): never run one
                ["git", "-c", "core.fsmonitor=false", "-C", str(root), *args],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            ))
        except OSError:
            for process in running:
                process.kill()
                process.communicate()
            return None
    return running


def _outputs(running: list[Any] | None) -> list[str | None]:
    """Each started command's output, or None where it failed or took too long."""
    import subprocess

    if running is None:
        return [None] * len(_COMMANDS)
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


_DETECTED: dict[tuple[Path, str], LibraryVersion] = {}


def prefetch(root: Path, release: str) -> None:
    """Ask git now, so that :func:`detect` later finds its answer ready (a build's head start)."""
    if (root, release) not in _DETECTED and root not in _STARTED \
            and _git_top(root) is not None:
        _STARTED[root] = _start(root)


def detect(root: Path, release: str) -> LibraryVersion:
    """The version of the library at ``root``, asked once per process.

    ``release`` is library.yaml's version.
    """
    found = _DETECTED.get((root, release))
    if found is None:
        found = _DETECTED[(root, release)] = _detect(root, release)
        if len(_DETECTED) > 16:
            del _DETECTED[next(iter(_DETECTED))]
    return found


def forget() -> None:
    """Forget every version asked (the library's git state has changed under this process)."""
    for started in _STARTED.values():
        _outputs(started)
    _STARTED.clear()
    _DETECTED.clear()


def _detect(root: Path, release: str) -> LibraryVersion:
    if root in _STARTED or _git_top(root) is not None:
        started = _STARTED.pop(root) if root in _STARTED else _start(root)
        described, commit = _outputs(started)
        if described and commit:
            return LibraryVersion(version=described, release=release, commit=commit,
                                  dirty=described.endswith("-dirty"))
    return LibraryVersion(version=release, release=release, commit=None, dirty=False)
