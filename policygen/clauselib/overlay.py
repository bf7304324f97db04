"""The organisation's own clauses on top of a library (``--clauses DIR``, ``library.overlay``).

An overlay is a folder of clause files, at any depth, in the library's clause format. A clause
with an id of its own (``own.dress_code``) is added; one with a library clause's id replaces
that clause and says which library version it follows (``replaces: escalation.press@1.0.0``).
Whenever the library's clause is newer than that, the overlay is told what changed upstream
(:class:`UpstreamChange`, with the library's CHANGELOG lines in between), so a customised
protocol still learns of new law. A whole library (``clauses/`` and ``templates/``) is refused:
that is what ``--library`` is for.

Every overlay file is read and parsed by the library's own code
(:func:`policygen.clauselib.library.read_clause`: regular files only, a size limit, UTF-8, the
front matter schema, the sandboxed Jinja), and the listing itself is bounded in files, folders
and depth, so a folder of 5,000 files or a symlink to ``/dev/zero`` is refused, not read.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from policygen.answers.schema import Answers
from policygen.clauselib import library as library_module
from policygen.clauselib.clause import Clause, ClauseRenderError
from policygen.clauselib.library import ClauseLibrary
from policygen.errors import Problem, ProblemsError

MAX_CLAUSE_FILES = 200  # an organisation's own clauses are a handful, not a library
MAX_ENTRIES = 2_000  # files and folders looked at while listing an overlay
MAX_DEPTH = 8  # folders below the overlay folder


@dataclass(frozen=True)
class UpstreamChange:
    """A library clause the overlay replaces changed since the version the overlay follows."""

    clause_id: str
    follows: str  # the library version the overlay's own clause follows (``replaces:``)
    current: str  # the library's version of that clause now
    source: str  # the overlay file
    changelog: tuple[str, ...]  # the library's CHANGELOG entries for the versions in between

    def message(self) -> str:
        """What changed, in one sentence."""
        return (f"the library changed {self.clause_id} {self.follows} → {self.current}; "
                f"your own version still follows {self.follows}")

    def warning(self) -> str:
        """One line for a build: the file, the change and what to do."""
        return (f"{self.source}: {self.message()} (policygen check --clauses shows what "
                f"changed; then set replaces: {self.clause_id}@{self.current})")

    def lines(self) -> list[str]:
        """The message with the CHANGELOG entries below it, for ``policygen check``."""
        entries = [f"    {entry}" for entry in self.changelog] or [
            f"    (the library's CHANGELOG.md has no lines for {self.clause_id} after "
            f"{self.follows})"]
        return [f"{self.source}: {self.message()}", *entries]


@dataclass(frozen=True)
class Overlay:
    """Which clauses of a library came from the organisation's own folder."""

    root: Path
    sources: dict[str, str]  # clause id → the overlay file it came from
    replaces: dict[str, str]  # clause id → "id@version" of the library clause it replaces
    upstream: tuple[UpstreamChange, ...]
    sha256: str  # of every overlay clause file: a changed overlay is a changed input

    def manifest_keys(self, clause_id: str) -> dict[str, str]:
        """What a manifest's clause entry adds for this clause (nothing for a library one)."""
        if clause_id not in self.sources:
            return {}
        keys = {"source": "overlay"}
        if clause_id in self.replaces:
            keys["replaces"] = self.replaces[clause_id]
        return keys

    def as_manifest(self) -> dict[str, object]:
        """The ``library.overlay`` object of manifest.json."""
        return {"path": str(self.root), "sha256": self.sha256,
                "clauses": sorted(self.sources)}


def apply(library: ClauseLibrary, folder: Path) -> ClauseLibrary:
    """``library`` with the overlay's clauses added and replacing; every problem at once."""
    problems: list[Problem] = []
    read: list[Clause] = []
    for path in clause_files(folder):
        item = library_module.read_clause(path, library.sections, problems)
        if item is not None:
            _compile(item, library, problems)
            read.append(item)
    own = {clause_id: dataclasses.replace(item, own=True)  # templates mark them ("own text")
           for clause_id, item in _unique(read, problems).items()}
    base = {item.id: item for item in library.clauses}
    replaces: dict[str, str] = {}
    upstream: list[UpstreamChange] = []
    for item in own.values():
        if item.id in base:
            change = _check_replacement(item, base[item.id], library, problems)
            replaces[item.id] = item.replaces or ""
            if change is not None:
                upstream.append(change)
        elif item.replaces:
            problems.append(_replaces_unknown(item, base))
    if problems:
        raise ProblemsError(problems)
    clauses = [own.get(item.id, item) for item in library.clauses]
    clauses += [item for item in own.values() if item.id not in base]
    clauses.sort(key=lambda c: (c.order, c.id))
    digest = hashlib.sha256("".join(f"{item.id}\0{item.sha256}\n" for item in
                                    sorted(own.values(), key=lambda c: c.id)).encode())
    overlay = Overlay(root=folder, sources={i: c.source for i, c in own.items()},
                      replaces=replaces, upstream=tuple(upstream), sha256=digest.hexdigest())
    return dataclasses.replace(library, clauses=clauses, overlay=overlay, _by_document={})


def clause_files(folder: Path) -> list[Path]:
    """The clause files of an overlay folder, sorted; refused before reading when too many.

    Listed entry by entry, so a folder of a million files stops at the limit. Hidden files and
    folders are skipped; symlinked folders are not followed (a loop or a link to ``/`` lists
    nothing); a symlinked file is listed and read through :mod:`policygen.safeio` like any
    other.
    """
    _check_folder(folder)
    found: list[Path] = []
    entries = 0
    pending = [(folder, 0)]
    while pending:
        here, depth = pending.pop()
        try:
            with os.scandir(here) as listing:
                for entry in listing:
                    entries += 1
                    if entries > MAX_ENTRIES:
                        raise _too_many(folder, f"more than {MAX_ENTRIES:,} files and folders")
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        if depth >= MAX_DEPTH:
                            raise ProblemsError([Problem(entry.path, f"more than {MAX_DEPTH} "
                                                 f"folders deep inside the overlay {folder}")])
                        pending.append((Path(entry.path), depth + 1))
                    elif library_module.is_clause_file(Path(entry.name)):
                        found.append(Path(entry.path))
                        if len(found) > MAX_CLAUSE_FILES:
                            raise _too_many(folder, f"more than {MAX_CLAUSE_FILES} clause files")
        except OSError as exc:
            raise ProblemsError([Problem(str(here), "cannot read the folder: "
                                         f"{exc.strerror or exc}")]) from None
    return sorted(found)


def _too_many(folder: Path, what: str) -> ProblemsError:
    return ProblemsError([Problem(str(folder), f"holds {what}; an overlay is the "
                                  "organisation's own few clause files on top of the library "
                                  f"(at most {MAX_CLAUSE_FILES})")])


def _check_folder(folder: Path) -> None:
    """An existing folder of clause files, not a whole library and not a file."""
    if not folder.exists():
        raise ProblemsError([Problem(str(folder), "no such folder (the organisation's own "
                                                  "clauses)")])
    if not folder.is_dir():
        raise ProblemsError([Problem(str(folder), "is not a folder; the organisation's own "
                                                  "clauses are a folder of clause .md files")])
    marks = [name for name in ("templates", "library.yaml", "clauses/library.yaml")
             if (folder / name).exists()]
    if marks:
        raise ProblemsError([Problem(str(folder), f"is a whole clause library (it has "
                                     f"{' and '.join(marks)}): give it with --library; "
                                     "--clauses takes a folder of your own clause files only")])


def _compile(item: Clause, library: ClauseLibrary, problems: list[Problem]) -> None:
    """Compile both bodies now, so a Jinja syntax error fails every build.

    Not only the builds whose answers include the clause: an overlay is a handful of files
    (the library's own are compiled when used, and checked by ``policygen check``).
    """
    for language in item.bodies:
        try:
            item.template(library.env, language)
        except ClauseRenderError as exc:
            problems.append(exc.problem)


def _unique(read: list[Clause], problems: list[Problem]) -> dict[str, Clause]:
    """The overlay's clauses by id; two files with one id are a problem of the second."""
    own: dict[str, Clause] = {}
    for item in read:
        if item.id in own:
            problems.append(Problem(item.source, f"the same id as {own[item.id].source} "
                                                 "(both in your own clauses)", "id"))
        else:
            own[item.id] = item
    return own


def _check_replacement(item: Clause, original: Clause, library: ClauseLibrary,
                       problems: list[Problem]) -> UpstreamChange | None:
    """An overlay clause with a library clause's id: it must say which version it follows."""
    if not item.replaces:
        problems.append(Problem(item.source, f"{item.id} is a clause of the library: to "
                                f"replace it, add 'replaces: {item.id}@{original.version}' "
                                "(the library version yours follows); to add a clause of "
                                "your own, give it an id of its own, such as own."
                                f"{item.id.rpartition('.')[2]}", "id"))
        return None
    named, _, follows = item.replaces.partition("@")
    if named != item.id:
        problems.append(Problem(item.source, f"names {named}, but this clause's id is "
                                f"{item.id}: a clause replaces the library clause with its "
                                "own id", "replaces"))
        return None
    if _semver(follows) > _semver(original.version):
        problems.append(Problem(item.source, f"{item.id} {follows} is newer than the "
                                f"library's {item.id} {original.version} ({library.root}); "
                                f"give the version yours follows", "replaces"))
        return None
    if _semver(follows) == _semver(original.version):
        return None
    return UpstreamChange(item.id, follows, original.version, item.source,
                          changelog_entries(library.root, item.id, follows, original.version))


def _replaces_unknown(item: Clause, base: dict[str, Clause]) -> Problem:
    named = (item.replaces or "").partition("@")[0]
    if named in base:
        return Problem(item.source, f"names {named}, but this clause's id is {item.id}: a "
                       f"clause replaces the library clause with its own id (id: {named})",
                       "replaces")
    close = difflib.get_close_matches(named, list(base), 1)
    hint = f"; did you mean {close[0]}?" if close else ""
    return Problem(item.source, f"the library has no clause {named}{hint}", "replaces")


def _semver(version: str) -> tuple[int, int, int]:
    from policygen.clauselib import changelog  # only where an own clause replaces one

    return changelog.semver(version)


def changelog_entries(root: Path, clause_id: str, after: str, upto: str) -> tuple[str, ...]:
    """The library CHANGELOG's entries for ``clause_id`` with a version in (after, upto].

    Read by :mod:`policygen.clauselib.changelog`, oldest version first. An unreadable or
    missing changelog gives no entries: the versions in the clause files are what the upstream
    check stands on.
    """
    from policygen.clauselib import changelog

    try:
        log = changelog.read(root)
    except ProblemsError:
        return ()
    low, high = _semver(after), _semver(upto)
    found: list[tuple[tuple[int, int, int], str]] = []
    for entry in log.entries:
        versions = [_semver(s.version) for s in entry.subjects
                    if s.clause_id == clause_id and low < _semver(s.version) <= high]
        if versions:
            found.append((max(versions), f"- {entry.text}"))
    return tuple(text for _, text in sorted(found, key=lambda item: item[0]))


def answers_overlay(answers: Answers) -> Path | None:
    """The folder ``library.overlay`` names, relative to the answers file (None: none)."""
    value = (answers.data.get("library") or {}).get("overlay")
    return Path(answers.source).parent / value if value else None


class OrganisationLibraries:
    """The library each organisation builds with: the one given, or it with the answers' overlay.

    ``fixed`` (``--clauses`` was given) means every organisation uses the given library, whatever
    its answers say. Each overlay folder is read once, however many organisations name it.
    """

    def __init__(self, library: ClauseLibrary, fixed: bool) -> None:
        self.library = library
        self.fixed = fixed
        self._applied: dict[Path, ClauseLibrary | ProblemsError] = {}

    def for_answers(self, answers: Answers) -> ClauseLibrary:
        """The library for these answers; ProblemsError naming the file where it is unusable."""
        folder = None if self.fixed else answers_overlay(answers)
        if folder is None:
            return self.library
        key = folder.resolve()
        if key not in self._applied:
            if not folder.is_dir():
                self._applied[key] = ProblemsError([Problem(
                    answers.source, f"no such folder {folder} (relative to the answers "
                    "file: a folder of your own clause files)", "library.overlay")])
            else:
                try:
                    self._applied[key] = apply(self.library, folder)
                except ProblemsError as exc:
                    self._applied[key] = exc
        found = self._applied[key]
        if isinstance(found, ProblemsError):
            raise ProblemsError(found.problems)
        return found

    def used(self) -> list[ClauseLibrary]:
        """Every library handed out so far, the given one first."""
        return [self.library, *(found for found in self._applied.values()
                                if isinstance(found, ClauseLibrary))]

    def warnings(self) -> list[str]:
        """One line per upstream change to a clause an overlay in use replaces."""
        lines = [change.warning() for library in self.used() if library.overlay
                 for change in library.overlay.upstream]
        return list(dict.fromkeys(lines))
