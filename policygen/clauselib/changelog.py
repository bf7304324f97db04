"""The library's CHANGELOG.md read as data: which entry names which clause version, and its kind.

An entry is a list item that opens with the clauses it is about, each a backticked id, then the
version they went to, optionally the kind of change in brackets, then a colon::

    - `escalation.press` 2.1.0 (substantive): journalists go to the press contact ...
    - `webcare.tone`, `webcare.offline` 1.2.1 (editorial): shorter sentences.
    - `sector.government_neutrality` 2.0.0 (substantive), `sector.government_records` 1.2.0
      (editorial): ...

``editorial``: the wording changed, no rule did. ``substantive``: a rule staff must follow
changed, was added or was dropped. A patch version is editorial by definition, so its kind may
be left out; a clause's front matter may say the kind of its current version (``change:``).
The format is documented for authors in ``clauses/README.md``.

The build records each clause's kind of last change in the manifest, so this module sits with
the library, below the build (which never imports :mod:`policygen.history`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from policygen import safeio
from policygen.clauselib.clause import Clause

CHANGELOG_NAME = "CHANGELOG.md"
EDITORIAL = "editorial"
SUBSTANTIVE = "substantive"
KINDS = (EDITORIAL, SUBSTANTIVE)

_RELEASE = re.compile(r"^##\s+v?(\d+\.\d+\.\d+)\b")
_ITEM = re.compile(r"^[-*] ")
_LEAD = re.compile(r"""\s*(?:
      `(?P<id>[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+)`
    | (?P<version>\d+\.\d+\.\d+)(?![\w.])
    | \((?P<kind>editorial|substantive)\)
    | (?P<sep>,|and\b|en\b|&)
    | (?P<end>:)
)""", re.VERBOSE | re.IGNORECASE)


@dataclass(frozen=True)
class Subject:
    """One clause an entry is about: the version it went to, and the kind of that change."""

    clause_id: str
    version: str
    kind: str | None


@dataclass(frozen=True)
class Entry:
    """One list item of the changelog."""

    line: int  # where it starts, 1-based
    text: str  # the whole item, its lines joined, without the leading "- "
    description: str  # what changed and why: the text after the clauses and versions
    release: str | None  # the release heading it stands under (``## 1.2.0 — ...``)
    subjects: tuple[Subject, ...]

    def kind_of(self, clause_id: str, version: str) -> str | None:
        """The kind this entry gives ``clause_id`` at ``version`` (None: not said)."""
        kinds = {s.kind for s in self.subjects
                 if s.clause_id == clause_id and s.version == version}
        return SUBSTANTIVE if SUBSTANTIVE in kinds else EDITORIAL if EDITORIAL in kinds else None

    def names(self, clause_id: str) -> bool:
        """Whether the entry mentions the clause anywhere (as a subject or in its text)."""
        return f"`{clause_id}`" in self.text


@dataclass(frozen=True)
class Changelog:
    """The entries of one CHANGELOG.md, in the order of the file."""

    source: str
    entries: tuple[Entry, ...] = ()

    @functools.cached_property
    def _by_clause(self) -> dict[str, list[tuple[str, Entry]]]:
        """Each clause id → (version, entry) per subject, in the order of the file."""
        index: dict[str, list[tuple[str, Entry]]] = {}
        for entry in self.entries:
            for subject in entry.subjects:
                found = index.setdefault(subject.clause_id, [])
                if not found or found[-1][1] is not entry or found[-1][0] != subject.version:
                    found.append((subject.version, entry))
        return index

    def entries_for(self, clause_id: str, version: str | None = None) -> list[Entry]:
        """The entries about ``clause_id`` (at ``version``, when given)."""
        found = [entry for at, entry in self._by_clause.get(clause_id, ())
                 if version is None or at == version]
        return list(dict.fromkeys(found))  # an entry naming the clause twice counts once

    def kind(self, clause_id: str, version: str) -> str | None:
        """The kind of the change that took ``clause_id`` to ``version``: what its entries say.

        Substantive when any of its entries says so; None when none says a kind.
        """
        kinds = {e.kind_of(clause_id, version) for e in self.entries_for(clause_id, version)}
        return SUBSTANTIVE if SUBSTANTIVE in kinds else EDITORIAL if EDITORIAL in kinds else None

    def between(self, clause_id: str, old: str | None, new: str) -> list[Entry]:
        """The entries of the versions after ``old`` (None: any) up to and including ``new``."""
        low = semver(old) if old else (-1, -1, -1)
        high = semver(new)
        return [e for e in self.entries
                if any(s.clause_id == clause_id and low < semver(s.version) <= high
                       for s in e.subjects)]

    def kind_between(self, clause_id: str, old: str | None, new: str,
                     front: str | None = None) -> str | None:
        """The kind of the whole step ``old`` → ``new``: substantive if any version's was.

        ``front`` is the kind the clause's front matter gives ``new``; a patch step with
        nothing said is editorial. None: nobody said.
        """
        kinds = {e.kind_of(clause_id, s.version) for e in self.between(clause_id, old, new)
                 for s in e.subjects if s.clause_id == clause_id}
        kinds.add(front)
        if old is not None and bump(old, new) == "patch":
            kinds.add(EDITORIAL)
        return SUBSTANTIVE if SUBSTANTIVE in kinds else EDITORIAL if EDITORIAL in kinds else None


def parse(text: str, source: str) -> Changelog:
    """Every list item of a changelog, with the clauses its opening names."""
    entries: list[Entry] = []
    release: str | None = None
    current: list[str] = []
    start = 0

    def close() -> None:
        if current:
            joined = " ".join(part.strip() for part in current)
            subjects, description = _lead(joined)
            entries.append(Entry(start, joined, description, release, subjects))
            current.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        heading = _RELEASE.match(line)
        if heading or line.startswith("#") or not line.strip():
            close()
            if heading:
                release = heading.group(1)
        elif _ITEM.match(line):
            close()
            start = number
            current.append(line[2:])
        elif current and line[:1] in (" ", "\t"):
            current.append(line)
        else:
            close()
    close()
    return Changelog(source, tuple(entries))


def _lead(text: str) -> tuple[tuple[Subject, ...], str]:
    """The subjects an entry opens with, and the description after them."""
    subjects: list[Subject] = []
    pending: list[str] = []
    group: list[int] = []  # indexes in subjects of the last version's clauses
    position = 0
    while True:
        match = _LEAD.match(text, position)
        if match is None:
            return tuple(subjects), text[position:].strip() if subjects else text
        position = match.end()
        if match.group("id"):
            pending.append(match.group("id"))
        elif match.group("version"):
            if not pending:
                return tuple(subjects), text
            group = list(range(len(subjects), len(subjects) + len(pending)))
            subjects += [Subject(i, match.group("version"), None) for i in pending]
            pending = []
        elif match.group("kind"):
            kind = match.group("kind").lower()
            for index in group:
                subjects[index] = Subject(subjects[index].clause_id, subjects[index].version,
                                          kind)
        elif match.group("end"):
            return tuple(subjects), text[position:].strip()


def path_of(root: Path) -> Path:
    """Where the changelog of the library at ``root`` is."""
    return root / "clauses" / CHANGELOG_NAME


def read(root: Path) -> Changelog:
    """The changelog of the library at ``root`` (empty where it has none)."""
    path = path_of(root)
    try:
        stat = path.stat()
    except OSError:
        return Changelog(str(path))
    return _read_cached(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _read_cached(path: Path, mtime_ns: int, size: int) -> Changelog:
    return parse(safeio.read_text(path, what="changelog"), str(path))


def semver(version: str) -> tuple[int, int, int]:
    """``"1.2.3"`` as ``(1, 2, 3)`` (missing parts are 0)."""
    parts = [int(p) for p in re.findall(r"\d+", version.split("-")[0])[:3]]
    parts += [0] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


def bump(old: str, new: str) -> str:
    """What kind of step ``old`` → ``new`` is: major, minor, patch, none or lower."""
    a, b = semver(old), semver(new)
    if b < a:
        return "lower"
    if b == a:
        return "none"
    return "major" if b[0] > a[0] else "minor" if b[1] > a[1] else "patch"


def last_change(changelog: Changelog, item: Clause) -> str | None:
    """The kind of the change that made ``item``'s current version (None: not recorded).

    What the changelog says, else the front matter's ``change:``, else editorial for a
    patch version (a patch changes wording only).
    """
    kind = changelog.kind(item.id, item.version)
    if kind is None:
        kind = item.change
    if kind is None and semver(item.version)[2] > 0:
        kind = EDITORIAL
    return kind


def kinds(root: Path, clauses: Iterable[Clause]) -> dict[str, str]:
    """Each clause's kind of its last change (:func:`last_change`), where it is known."""
    log = read(root)
    return {item.id: kind for item in clauses if (kind := last_change(log, item))}
