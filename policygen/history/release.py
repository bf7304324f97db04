"""The library's release: the git tag (``v1.2.0``) and ``clauses/library.yaml`` must agree.

A release is tagged in git; outside git (an installed copy) ``library.yaml`` says which release
it is, and the documents print it. :func:`tag_problems` finds where they disagree: the commit a
release tag names must say that version, and the work tree may not say an older one than the
release it follows. A checkout without release tags, or without git, has nothing to disagree.
"""

from __future__ import annotations

import re

from policygen import safeio
from policygen.answers import yamlio
from policygen.clauselib.changelog import semver
from policygen.clauselib.library import ClauseLibrary
from policygen.errors import PolicygenError, Problem
from policygen.history import git

_DESCRIBED = re.compile(r"^(?P<tag>v(?P<version>\d+\.\d+\.\d+))-(?P<distance>\d+)-g[0-9a-f]+$")


def tag_problems(library: ClauseLibrary) -> list[Problem]:
    """Where the release tag that HEAD follows and the library's library.yaml disagree."""
    try:
        repo = git.repository(library.root)
        described = repo.run("describe", "--tags", "--long", "--match", "v[0-9]*.[0-9]*.[0-9]*",
                             "HEAD", what="find the release tag").decode().strip()
    except PolicygenError:  # no git, not in git, no commit, or no release tag: nothing to check
        return []
    match = _DESCRIBED.match(described)
    if match is None:
        return []
    tag, version, distance = match["tag"], match["version"], int(match["distance"])
    yaml_path = library.root / "clauses" / "library.yaml"
    where = str(yaml_path)
    try:
        line = _version_line(safeio.read_text(yaml_path, what="library.yaml"))
    except PolicygenError:
        line = None
    found = []
    if distance == 0 and library.release != version:
        found.append(Problem(where, f"says {library.release}, but this commit is the release "
                                    f"{tag}: make them the same (or tag the release "
                                    f"v{library.release})", "version", line))
    elif semver(library.release) < semver(version):
        found.append(Problem(where, f"says {library.release}, older than the release {tag} "
                                    f"this commit follows: it should say {version} or a later "
                                    "version", "version", line))
    tagged = _tagged_release(repo, tag)
    if tagged is not None and tagged != version:
        found.append(Problem(where, f"the release tag {tag} names a commit whose "
                                    f"clauses/library.yaml says {tagged}: tag the commit that "
                                    f"says {version}", "version", line))
    return found


def _tagged_release(repo: git.Repository, tag: str) -> str | None:
    """The version library.yaml says at the commit ``tag`` names (None: it cannot be read)."""
    try:
        data = repo.run("show", f"{tag}:{repo.prefix}clauses/library.yaml",
                        what=f"read library.yaml at {tag}")
        raw = yamlio.load(data, f"{tag}:clauses/library.yaml")
    except PolicygenError:
        return None
    version = raw.get("version") if isinstance(raw, dict) else None
    return str(version) if version is not None else None


def _version_line(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("version:"):
            return number
    return None
