"""The library's git repository: where it is, what a ref names, the library as it was then.

A library may be a sub-folder of its repository (the shipped one is the repository's root,
``clauses/`` and ``templates/`` at the top). Every old file comes from one ``git archive`` per
ref, never one git call per file. Every failure is a :class:`~policygen.errors.PolicygenError`
in one line: git not installed, a folder outside git, a ref that names nothing.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from policygen.errors import MissingToolError, PolicygenError

MAX_ARCHIVE_BYTES = 100_000_000  # a library's clauses and templates: well under 1 MB
TIMEOUT = 30  # seconds for one git command


class GitError(PolicygenError):
    """git refused (a ref that names nothing, a folder outside a repository, ...)."""


@dataclass(frozen=True)
class Repository:
    """A library's repository: its top folder, and the library's place inside it."""

    top: Path
    prefix: str  # the library folder relative to top, POSIX, "" or ending in "/"
    library: Path  # the library folder itself, as given

    def run(self, *args: str, what: str) -> bytes:
        """Run git in the repository; its output, or :class:`GitError` saying ``what`` failed."""
        return _run(self.top, args, what)

    def resolve(self, ref: str) -> str:
        """The commit ``ref`` names (a tag, branch, commit or ``HEAD~2``)."""
        if not ref or ref.startswith("-"):
            raise GitError(f"{ref!r} is not a git ref")
        try:
            out = self.run("rev-parse", "--verify", "--quiet", "--end-of-options",
                           f"{ref}^{{commit}}", what=f"resolve {ref!r}")
        except GitError:
            out = b""
        commit = out.decode("ascii", "replace").strip()
        if not commit:
            raise GitError(f"no git ref {ref!r} in {self.top} (a tag like v1.2.0, a branch or "
                           "a commit; `git tag` lists the releases)")
        return commit

    def has_commit(self, commit: str) -> bool:
        """Whether the repository holds this commit (a manifest may come from another clone)."""
        try:
            self.resolve(commit)
        except GitError:
            return False
        return True

    def files(self, commit: str, *folders: str) -> dict[str, bytes]:
        """The regular files under the library's ``folders`` at ``commit``, by library path.

        One ``git archive``; a folder the library did not have then is simply absent.
        """
        present = self._present(commit, folders)
        if not present:
            return {}
        data = self.run("archive", "--format=tar", commit, "--",
                        *(self.prefix + f for f in present),
                        what=f"read the library at {commit[:12]}")
        if len(data) > MAX_ARCHIVE_BYTES:
            raise GitError(f"the library at {commit[:12]} is larger than "
                           f"{MAX_ARCHIVE_BYTES // 1_000_000} MB; not a clause library?")
        found: dict[str, bytes] = {}
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
            for member in archive:
                name = PurePosixPath(member.name)
                if not member.isfile() or ".." in name.parts or name.is_absolute() \
                        or not name.as_posix().startswith(self.prefix):
                    continue
                handle = archive.extractfile(member)
                if handle is not None:
                    found[name.as_posix()[len(self.prefix):]] = handle.read()
        return found

    def _present(self, commit: str, folders: tuple[str, ...]) -> list[str]:
        """Which of the library's ``folders`` exist at ``commit``."""
        out = self.run("ls-tree", "-z", "--name-only", commit, "--",
                       *(self.prefix + f for f in folders), what=f"list {commit[:12]}")
        listed = set(out.decode("utf-8", "replace").split("\0"))
        return [f for f in folders if self.prefix + f in listed]

    def extract(self, commit: str, destination: Path) -> Path:
        """Write the library's clauses/ and templates/ at ``commit`` into ``destination``."""
        for name, data in self.files(commit, "clauses", "templates").items():
            path = destination / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return destination


def _environment() -> dict[str, str]:
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_PAGER": "cat"}


def _run(folder: Path, args: tuple[str, ...], what: str) -> bytes:
    if shutil.which("git") is None:
        raise MissingToolError("git is not installed; comparing the library with an earlier "
                               "version needs it (apt-get install git)")
    try:
        done = subprocess.run(
            # a repository's own config could name a program for git to run (core.fsmonitor)
            ["git", "-c", "core.fsmonitor=false", "-C", str(folder), *args],
            capture_output=True, env=_environment(), timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise GitError(f"git did not answer within {TIMEOUT} s while trying to {what}") from None
    except OSError as exc:
        raise GitError(f"cannot run git to {what}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1].removeprefix("fatal: ") if message else f"exit {done.returncode}"
        raise GitError(f"git cannot {what}: {detail}")
    return done.stdout


def repository(library: Path) -> Repository:
    """The git repository holding the library folder ``library``.

    Raises :class:`GitError` when the folder is not in a git work tree.
    """
    if not library.is_dir():
        raise GitError(f"{library}: no such folder")
    try:
        out = _run(library, ("rev-parse", "--show-toplevel", "--show-prefix"),
                   what="find the repository")
    except GitError as exc:
        if "not a git repository" in str(exc):
            raise GitError(f"{library}: not in a git repository, so the library has no "
                           "history to compare with (put it in git, or compare with an "
                           "earlier build's manifest.json)") from None
        raise
    lines = out.decode("utf-8", "replace").splitlines()
    top = Path(lines[0]) if lines else library
    prefix = lines[1] if len(lines) > 1 else ""
    return Repository(top=top, prefix=prefix, library=library)


def in_git(library: Path) -> bool:
    """Whether the library folder is inside a git work tree (False too without git)."""
    try:
        repository(library)
    except PolicygenError:
        return False
    return True
