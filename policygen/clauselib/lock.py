"""The clause library's version lock: a clause's version goes up whenever its text changes.

``clauses/versions.lock`` records, per clause, the version and the SHA-256 of its file as
released. :func:`problems` compares a library with its lock (``policygen check`` reports
them); :func:`problems_for_relock` says whether a new lock may be written: every changed
clause has a higher version than its locked one and a line in the library's CHANGELOG.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from policygen.clauselib.clause import Clause
from policygen.errors import Problem

LOCK_NAME = "versions.lock"
HEADER = ("# Clause versions as released: id, version, SHA-256 of the file. Written by\n"
          "# scripts/lock_clauses.py; `policygen check` compares the library with it.\n")


def parse(text: str) -> dict[str, tuple[str, str]]:
    """``{clause id: (version, sha256)}`` from the lock's text; other lines are ignored."""
    locked = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and not line.startswith("#"):
            locked[parts[0]] = (parts[1], parts[2])
    return locked


def render(clauses: Iterable[Clause]) -> str:
    """The lock's text for these clauses, sorted by id."""
    rows = sorted((c.id, c.version, c.sha256) for c in clauses)
    return HEADER + "".join(f"{i} {v} {h}\n" for i, v, h in rows)


def _semver(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version.split("-")[0])[:3])


def problems(clauses: Iterable[Clause], lock_text: str, lock_source: str) -> list[Problem]:
    """Clauses whose text or version differs from the lock, each with what to do."""
    locked = parse(lock_text)
    found = []
    for item in clauses:
        entry = locked.get(item.id)
        if entry is None:
            found.append(Problem(item.source, f"not in {lock_source}: add a line to the "
                                 "CHANGELOG and run scripts/lock_clauses.py", "version"))
        elif entry[1] != item.sha256:
            if entry[0] == item.version:
                found.append(Problem(item.source, f"the text changed but the version is still "
                                     f"{item.version}: raise it and say why in the CHANGELOG",
                                     "version"))
            else:
                found.append(Problem(item.source, f"version {item.version} is not in "
                                     f"{lock_source} (locked: {entry[0]}): run "
                                     "scripts/lock_clauses.py", "version"))
    return found


def mentions(changelog: str, clause_id: str, version: str) -> bool:
    """Whether one entry of the changelog (a list item) names the clause and its version."""
    entries = re.split(r"\n(?=- |#)", changelog)
    pattern = re.compile(rf"(?<![\w.]){re.escape(version)}(?![\w.])")
    return any(f"`{clause_id}`" in entry and pattern.search(entry) for entry in entries)


def problems_for_relock(clauses: Iterable[Clause], lock_text: str, changelog: str) -> list[str]:
    """Why a new lock may not be written yet: versions not raised, changes not in the log."""
    locked = parse(lock_text)
    if not locked:
        return []  # the first lock records the library as it is
    found = []
    for item in sorted(clauses, key=lambda c: c.id):
        entry = locked.get(item.id)
        if entry is not None and entry[1] == item.sha256:
            continue
        if entry is None:
            if f"`{item.id}`" not in changelog:
                found.append(f"{item.id}: a new clause; CHANGELOG.md does not mention `{item.id}`")
        elif _semver(item.version) <= _semver(entry[0]):
            found.append(f"{item.id}: the text changed; raise its version above {entry[0]}")
        elif not mentions(changelog, item.id, item.version):
            found.append(f"{item.id}: CHANGELOG.md has no line for `{item.id}` {item.version}")
    return found
