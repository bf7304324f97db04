"""What changed in a library's clauses since a git ref, and what ``check --since`` demands of it.

Every clause file whose text (front matter or either language's body) differs from the file
at the ref needs a higher semver version and an entry in the library's CHANGELOG.md naming it
with that version (:mod:`policygen.clauselib.changelog`). A change marked substantive needs at
least a minor step; a minor or major step needs its kind said. A clause that is gone since the
ref (removed, or renamed: its text is in a new clause) needs a new changelog entry naming it.
The old files come from one ``git archive``; the library on disk is compared as it is, with
what is not yet committed.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from policygen.answers import yamlio
from policygen.clauselib import changelog as changelog_module
from policygen.clauselib.changelog import SUBSTANTIVE, Changelog, Entry, bump, semver
from policygen.clauselib.library import ClauseLibrary
from policygen.errors import PolicygenError, Problem
from policygen.history import git, release

CHANGED, ADDED, REMOVED, RENAMED = "changed", "added", "removed", "renamed"
RENAME_SIMILARITY = 0.6  # how much of a gone clause's text a new one must share to be it


@dataclass(frozen=True)
class OldClause:
    """A clause file as it was at the ref: read leniently, the format may have changed since."""

    path: str  # inside the library: clauses/escalation/press.md
    clause_id: str
    version: str | None
    text: str

    @property
    def sha256(self) -> str:
        """The hash a clause with this text has (:attr:`Clause.sha256`)."""
        return hashlib.sha256(self.text.encode()).hexdigest()


@dataclass(frozen=True)
class ClauseChange:
    """One clause that differs between the ref and now."""

    clause_id: str
    status: str  # changed, added, removed or renamed
    old_version: str | None
    new_version: str | None
    kind: str | None  # editorial, substantive, or None where nobody said
    entries: tuple[Entry, ...]  # the changelog entries of the versions after the old one
    path: str  # the file now, or the file that was (removed, renamed)
    renamed_to: str | None = None

    def line(self) -> str:
        """``escalation.press 2.0.0 → 2.1.0 (substantive)`` and the like."""
        if self.status == REMOVED:
            return f"{self.clause_id} {self.old_version or '?'} removed"
        if self.status == RENAMED:
            return f"{self.clause_id} {self.old_version or '?'} renamed to {self.renamed_to}"
        kind = f" ({self.kind})" if self.kind else " (kind not said)"
        if self.status == ADDED:
            return f"{self.clause_id} {self.new_version} new{kind}"
        return f"{self.clause_id} {self.old_version or '?'} → {self.new_version}{kind}"


@dataclass
class SinceReport:
    """What changed since a ref, and the problems ``check --since`` reports."""

    ref: str
    commit: str
    changes: list[ClauseChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        """One line: how many clauses changed, were added or are gone since the ref."""
        counts = {status: sum(c.status == status for c in self.changes)
                  for status in (CHANGED, ADDED, REMOVED, RENAMED)}
        parts = [f"{n} {status}" for status, n in counts.items() if n]
        return f"since {self.ref} ({self.commit[:12]}): " + (", ".join(parts) or "no clause "
                                                             "changed")


def old_clauses(repo: git.Repository, commit: str) -> tuple[dict[str, OldClause], str]:
    """The clause files at ``commit`` by id, and the changelog's text then."""
    files = repo.files(commit, "clauses")
    if not files:
        raise PolicygenError(f"the library {repo.library} had no clauses/ folder at "
                             f"{commit[:12]}: was it in another folder then?")
    found: dict[str, OldClause] = {}
    for path, data in sorted(files.items()):
        if not _is_clause_path(path):
            continue
        text = _normal(data.decode("utf-8", "replace"))
        meta = _front_matter(text, path)
        place = ".".join(Path(path).with_suffix("").parts[1:])
        clause_id = str(meta.get("id") or place)
        version = meta.get("version")
        found[clause_id] = OldClause(path, clause_id, str(version) if version else None, text)
    log = files.get(f"clauses/{changelog_module.CHANGELOG_NAME}", b"")
    return found, _normal(log.decode("utf-8", "replace"))


def _is_clause_path(path: str) -> bool:
    name = Path(path).name
    return path.startswith("clauses/") and name.endswith(".md") and not name.isupper() \
        and name not in ("README.md", changelog_module.CHANGELOG_NAME)


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _front_matter(text: str, source: str) -> dict[str, object]:
    """The front matter of an old clause file, or nothing where it cannot be read."""
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---\n", 3)
    if end < 0:
        return {}
    try:
        data = yamlio.load(text[4:end + 1], source)
    except PolicygenError:
        return {}
    return data if isinstance(data, dict) else {}


def compare(library: ClauseLibrary, ref: str) -> SinceReport:
    """Every clause that differs between ``ref`` and the library folder, with its problems."""
    repo = git.repository(library.root)
    commit = repo.resolve(ref)
    old, old_log_text = old_clauses(repo, commit)
    log = changelog_module.read(library.root)
    old_entries = {e.text for e in changelog_module.parse(old_log_text, "").entries}
    new_entries = [e for e in log.entries if e.text not in old_entries]
    report = SinceReport(ref, commit)
    clauses_dir = library.root / "clauses"
    current = {item.id: item for item in library.clauses  # the library's, not an overlay's
               if Path(item.source).is_relative_to(clauses_dir)}
    texts: dict[str, str] = {}
    for clause_id, item in current.items():
        before = old.get(clause_id)
        if before is not None and before.sha256 == item.sha256:
            continue
        texts[clause_id] = _file_text(item.source)
        status = CHANGED if before is not None else ADDED
        old_version = before.version if before else None
        entries = log.between(clause_id, old_version, item.version)
        kind = log.kind_between(clause_id, old_version, item.version, item.change)
        change = ClauseChange(clause_id, status, old_version, item.version, kind,
                              tuple(entries), _relative(library, item.source))
        report.changes.append(change)
        report.problems += _version_problems(library, log, change, item.source,
                                             texts[clause_id], item.change, ref)
    added = {c.clause_id: texts[c.clause_id] for c in report.changes if c.status == ADDED}
    for clause_id, before in sorted(old.items()):
        if clause_id in current:
            continue
        target = _renamed_to(before.text, added)
        change = ClauseChange(clause_id, RENAMED if target else REMOVED, before.version, None,
                              None, (), before.path, target)
        report.changes.append(change)
        if not any(e.names(clause_id) for e in new_entries):
            what = f"renamed to {target}" if target else "removed"
            report.problems.append(Problem(
                str(library.root / before.path), f"`{clause_id}` {before.version or ''} was "
                f"{what} since {ref}: say so (and why) in a new entry of "
                f"{_relative(library, log.source)} that names `{clause_id}`"))
    report.changes.sort(key=lambda c: c.clause_id)
    return report


def _file_text(source: str) -> str:
    return _normal(Path(source).read_text(encoding="utf-8", errors="replace"))


def _relative(library: ClauseLibrary, path: str) -> str:
    try:
        return Path(path).relative_to(library.root).as_posix()
    except ValueError:
        return path


def _version_problems(library: ClauseLibrary, log: Changelog, change: ClauseChange,
                      source: str, text: str, front: str | None, ref: str) -> list[Problem]:
    """What ``check --since`` finds wrong with one changed or added clause."""
    found: list[Problem] = []
    version_line = _key_line(text, "version")
    new = change.new_version or ""
    step = bump(change.old_version, new) if change.old_version else "new"
    if step in ("none", "lower"):
        said = "is still" if step == "none" else "went down to"
        found.append(Problem(source, f"the text changed since {ref} but the version {said} "
                             f"{new} (was {change.old_version}): raise it (patch: wording; "
                             "minor: new content or a new condition; major: a rule changes "
                             "meaning)", "version", version_line))
        return found
    changelog = _relative(library, log.source)
    own = log.entries_for(change.clause_id, new)
    if not own:
        found.append(Problem(source, f"{changelog} has no entry for `{change.clause_id}` "
                             f"{new}: add one that says what changed, why, and whether it is "
                             "editorial or substantive", "version", version_line))
    kinds = {kind for e in own if (kind := e.kind_of(change.clause_id, new))}
    if front and kinds and front not in kinds:
        found.append(Problem(source, f"change: {front}, but {changelog} calls "
                             f"`{change.clause_id}` {new} {' and '.join(sorted(kinds))}",
                             "change", _key_line(text, "change")))
    if step == "patch" and change.kind == SUBSTANTIVE:
        suggestion = _minor(change.old_version or new)
        marked = [e for e in log.between(change.clause_id, change.old_version, new)
                  if SUBSTANTIVE in {e.kind_of(change.clause_id, s.version)
                                     for s in e.subjects}]
        where, line, field_name = (log.source, marked[0].line, "") if marked else \
            (source, _key_line(text, "change") or version_line, "version")
        found.append(Problem(where, f"`{change.clause_id}` {change.old_version} → {new} is "
                             "marked substantive, but that is a patch step: a rule change "
                             f"needs at least a minor version ({suggestion})", field_name,
                             line))
    elif step in ("minor", "major") and change.kind is None and own:
        found.append(Problem(log.source, f"`{change.clause_id}` {new}: say whether the change "
                             "is (editorial) or (substantive), after the version",
                             line=own[0].line))
    return found


def _minor(version: str) -> str:
    major, minor, _ = semver(version)
    return f"{major}.{minor + 1}.0"


_KEY = {key: re.compile(rf"^{key}\s*:", re.MULTILINE) for key in ("version", "change")}


def _key_line(text: str, key: str) -> int | None:
    match = _KEY[key].search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _renamed_to(text: str, added: dict[str, str]) -> str | None:
    """The new clause that carries most of a gone clause's text, if one carries enough."""
    body = _body(text)
    best, score = None, RENAME_SIMILARITY
    for clause_id, candidate in sorted(added.items()):
        matcher = difflib.SequenceMatcher(None, body, _body(candidate), autojunk=False)
        if matcher.real_quick_ratio() >= score and matcher.quick_ratio() >= score:
            ratio = matcher.ratio()
            if ratio >= score:
                best, score = clause_id, ratio
    return best


def _body(text: str) -> str:
    end = text.find("\n---\n", 3)
    return text[end + 5:] if text.startswith("---\n") and end >= 0 else text


class HistoryCheck:
    """What ``policygen check`` asks of git: the release tag, and with a ref, ``--since``.

    Called with the loaded library (the hook of :func:`policygen.lint.check.check_library`);
    keeps the :class:`SinceReport` for the command to print.
    """

    def __init__(self, ref: str | None) -> None:
        """``ref``: the git ref of ``--since``, or None for the tag check alone."""
        self.ref = ref
        self.report: SinceReport | None = None

    def __call__(self, library: ClauseLibrary) -> list[Problem]:
        """The problems found; a ref that names nothing raises at once."""
        problems = release.tag_problems(library)
        if self.ref is not None:
            self.report = compare(library, self.ref)
            problems += self.report.problems
        return problems
