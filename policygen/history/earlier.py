"""The earlier library ``changes`` compares with: a git ref, or the build a manifest.json records.

A manifest (a path to one, or an earlier build's output folder) says which organisation it was
built for, with which answers, editions and clause versions, and from which library commit.
That commit (or, where none was recorded, the release tag of its library version) is read from
the library's git repository into a temporary folder and loaded like any library; where
neither is there, the manifest's clause versions are all there is, and ``changes`` says so.

An old library was written for the policygen of its day: labels this version requires are
taken from today's library (they are furniture, not clause text), and a clause that printed a
role bare, as old clauses did, is rendered the way it was then (:func:`render_old`).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from policygen import safeio
from policygen.answers.schema import Answers
from policygen.clauselib import library as library_module
from policygen.clauselib.clause import Clause, ClauseRenderError
from policygen.clauselib.library import ClauseLibrary
from policygen.errors import PolicygenError, ProblemsError
from policygen.history import git
from policygen.language.nounphrase import RoleName

MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class RecordedBuild:
    """What an earlier build's manifest.json says about itself."""

    path: Path
    organisation: str | None
    answers_sha256: str | None
    language: str | None
    commit: str | None
    release: str | None
    version: str | None  # as recorded: git describe, or the release
    dirty: bool
    clauses: dict[str, dict[str, str]]  # document → clause id → version
    editions: dict[str, str | None]  # document → edition (protocol: compact or None)
    # the organisation's own clauses in it ("source": "overlay"): id → "id@version" it
    # replaced, or None for a clause of its own
    own: dict[str, str | None] = field(default_factory=dict)


@dataclass
class Earlier:
    """The old side of a comparison."""

    label: str  # what the user gave, as the report names it: "v1.1.0", "out/manifest.json"
    commit: str | None  # the library commit compared with (None: no old texts)
    library: ClauseLibrary | None
    build: RecordedBuild | None = None  # when --since named a manifest
    notes: list[str] = field(default_factory=list)  # what the reader should know about it

    @property
    def release(self) -> str | None:
        """The old library's release version, where known."""
        if self.library is not None:
            return self.library.release
        return self.build.release if self.build else None


def resolve(since: str, library: ClauseLibrary, answers: Answers) -> Earlier:
    """The earlier library ``since`` names: a manifest (or its folder), else a git ref.

    Raises :class:`PolicygenError` with one line where it names nothing, where the manifest is
    another organisation's, or where a ref is given and the library has no git history.
    """
    path = Path(since)
    if path.exists():
        return _from_manifest(read_manifest(path), library, answers)
    try:
        repo = git.repository(library.root)
        commit = repo.resolve(since)
    except git.GitError as exc:
        if "/" in since or since.endswith(".json"):
            raise PolicygenError(f"{since}: no such manifest or output folder, and no git "
                                 "ref of that name") from None
        raise exc from None
    return Earlier(since, commit, load_at(repo, commit, library))


def read_manifest(path: Path) -> RecordedBuild:
    """An earlier build's manifest: ``path`` itself, or the manifest.json in that folder."""
    if path.is_dir():
        path = path / MANIFEST_NAME
        if not path.exists():
            raise PolicygenError(f"{path.parent}: no {MANIFEST_NAME} here; give an earlier "
                                 "build's output folder, its manifest.json, or a git ref")
    try:
        data = safeio.read_json(path)
    except ProblemsError as exc:
        raise PolicygenError(str(exc.problems[0])) from None
    except safeio.NotJSONError as exc:
        raise PolicygenError(f"{path}: not a manifest.json that policygen wrote "
                             f"({exc.reason})") from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict) \
            or not isinstance(data.get("library"), dict):
        raise PolicygenError(f"{path}: not a manifest.json that policygen wrote (it has no "
                             "documents and library)")
    lib: dict[str, Any] = data["library"]
    clauses: dict[str, dict[str, str]] = {}
    editions: dict[str, str | None] = {}
    own: dict[str, str | None] = {}
    for kind, entry in data["documents"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("clauses", []), list):
            raise PolicygenError(f"{path}: documents.{kind}: not as policygen writes it")
        clauses[str(kind)] = {str(c["id"]): str(c.get("version", "")) for c in entry["clauses"]
                              if isinstance(c, dict) and "id" in c}
        own.update({str(c["id"]): _text(c.get("replaces")) for c in entry["clauses"]
                    if isinstance(c, dict) and "id" in c and c.get("source") == "overlay"})
        edition = entry.get("edition")
        editions[str(kind)] = edition if isinstance(edition, str) else None
    return RecordedBuild(
        path=path, organisation=_text(data.get("organisation")),
        answers_sha256=_text(data.get("answers_sha256")), language=_text(data.get("language")),
        commit=_text(lib.get("commit")), release=_text(lib.get("release")),
        version=_text(lib.get("version")), dirty=lib.get("dirty") is True,
        clauses=clauses, editions=editions, own=own)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _from_manifest(build: RecordedBuild, library: ClauseLibrary, answers: Answers) -> Earlier:
    name = answers.data["organisation"]["name"]
    if build.organisation is not None and build.organisation != name:
        raise PolicygenError(f"{build.path}: the build of {build.organisation!r}, not of "
                             f"{name!r} ({answers.source}); give that organisation's answers "
                             "file, or this organisation's own output folder")
    if build.organisation is None and build.answers_sha256 not in (None, answers.sha256):
        raise PolicygenError(f"{build.path}: built from other answers than {answers.source}, "
                             "and it names no organisation: it may be another organisation's")
    earlier = Earlier(str(build.path), None, None, build)
    if build.answers_sha256 is not None and build.answers_sha256 != answers.sha256:
        earlier.notes.append("answers_changed")
    if build.dirty:
        earlier.notes.append("dirty")
    try:
        repo = git.repository(library.root)
    except PolicygenError:
        earlier.notes.append("no_git")
        return earlier
    commit = build.commit if build.commit and repo.has_commit(build.commit) else None
    if commit is None and build.release and repo.has_commit(f"v{build.release}"):
        commit = repo.resolve(f"v{build.release}")
        earlier.notes.append("release_tag")
    if commit is None:
        earlier.notes.append("unknown_commit")
        return earlier
    earlier.commit = commit
    earlier.library = load_at(repo, commit, library)
    return earlier


def load_at(repo: git.Repository, commit: str, current: ClauseLibrary) -> ClauseLibrary:
    """The library as it was at ``commit``, loaded from a temporary copy."""
    with tempfile.TemporaryDirectory(prefix="policygen-history-") as folder:
        root = repo.extract(commit, Path(folder))
        _fill_labels(root / "templates" / "labels.yaml", current)
        try:
            return library_module.load(root)
        except ProblemsError as exc:
            first = str(exc.problems[0]).replace(folder + "/", "")
            raise PolicygenError(f"the library at {commit[:12]} cannot be read by this "
                                 f"version of policygen ({first})") from None


def _fill_labels(path: Path, current: ClauseLibrary) -> None:
    """Add to an old labels.yaml the labels this policygen requires and it did not have yet."""
    if not path.is_file():
        return
    try:
        old = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return  # the load reports it, located
    if not isinstance(old, dict):
        return
    changed = False
    for kind, entries in current.labels.items():
        have = old.setdefault(kind, {})
        if not isinstance(have, dict):
            continue
        for key, texts in entries.items():
            if key not in have:
                have[key] = texts
                changed = True
    if changed:
        path.write_text(yaml.safe_dump(old, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")


def render_old(item: Clause, library: ClauseLibrary, language: str,
               context: dict[str, Any]) -> str | None:
    """An old clause rendered for these answers, or None where this policygen cannot.

    Clauses before library 1.2.0 printed roles bare (``de {{ role }}``); where a clause does,
    it is rendered with the roles as plain text, as it was then.
    """
    try:
        return str(item.render(library.env, language, context))
    except ClauseRenderError:
        pass
    try:
        return str(item.render(library.env, language, _plain_context(context)))
    except ClauseRenderError:
        return None


_PLAIN: list[tuple[dict[str, Any], dict[str, Any]]] = []  # the last context, and its copy
_CONSTANT = frozenset({"labels", "law", "article", "cite"})  # no roles in these


def _plain_context(context: dict[str, Any]) -> dict[str, Any]:
    """The context with its roles as plain text (the last one is kept: clauses share it)."""
    if _PLAIN and _PLAIN[0][0] is context:
        return _PLAIN[0][1]
    plain = {key: value if key in _CONSTANT else _plain_roles(value)
             for key, value in context.items()}
    _PLAIN[:] = [(context, plain)]
    return plain


def _plain_roles(value: Any) -> Any:
    """``value`` with every :class:`RoleName` in it as plain text."""
    if isinstance(value, RoleName):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain_roles(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_roles(item) for item in value]
    return value
