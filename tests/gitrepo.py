"""Tiny clause libraries in temporary git repositories: written from a dict, committed, tagged.

After copier's ``build_file_tree`` / ``git_save``: a test states the library's files, saves a
release, changes a few files and saves again, then asks what changed.
"""

from __future__ import annotations

from pathlib import Path

from .helpers import clause_text, git, make_library

CHANGELOG_HEAD = "# Changelog\n\n"


def library_repo(repo: Path, clauses: dict[str, str], *, folder: str = "",
                 changelog: str = "", tag: str | None = "v1.0.0") -> Path:
    """A git repository at ``repo`` holding a library at ``repo/folder``, committed (and tagged).

    ``clauses`` maps a path inside clauses/ to the file's text; returns the library folder.
    """
    library = repo / folder if folder else repo
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    make_library(library, clauses)
    (library / "clauses" / "CHANGELOG.md").write_text(CHANGELOG_HEAD + changelog,
                                                     encoding="utf-8")
    save(repo, "first release", tag=tag)
    return library


def write(library: Path, files: dict[str, str | None]) -> None:
    """Write (or, for None, delete) files of a library, by their path inside the library."""
    for name, text in files.items():
        path = library / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def log(library: Path, *entries: str) -> None:
    """Add entries (``- `a.b` 1.0.1 (editorial): ...``) to the library's CHANGELOG."""
    path = library / "clauses" / "CHANGELOG.md"
    path.write_text(path.read_text(encoding="utf-8") + "".join(f"{e}\n" for e in entries),
                    encoding="utf-8")


def save(repo: Path, message: str = "change", tag: str | None = None) -> str:
    """Commit everything in ``repo`` (and tag it); the commit's hash."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    if tag:
        git(repo, "tag", tag)
    return git(repo, "rev-parse", "HEAD")


__all__ = ["clause_text", "git", "library_repo", "log", "save", "write"]
