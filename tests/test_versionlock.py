"""The version lock: a changed clause must carry a higher version and a CHANGELOG line."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygen.clauselib import library
from policygen.clauselib import lock as versionlock
from policygen.errors import ProblemsError
from policygen.lint.check import check_library

from .conftest import ROOT
from .helpers import clause_text, make_library


def _library(tmp_path: Path, **bodies: str) -> library.ClauseLibrary:
    root = tmp_path / "lib"
    if root.exists():
        for name, text in bodies.items():
            (root / "clauses" / "introduction" / f"{name}.md").write_text(text, encoding="utf-8")
        return library.load(root)
    make_library(root, {f"introduction/{name}.md": text for name, text in bodies.items()})
    return library.load(root)


def test_shipped_library_matches_its_lock() -> None:
    lib = library.load(ROOT)
    lock = (ROOT / "clauses" / versionlock.LOCK_NAME).read_text(encoding="utf-8")
    assert versionlock.problems(lib.clauses, lock, "versions.lock") == [], \
        "a clause changed: raise its version, add a CHANGELOG line, run scripts/lock_clauses.py"


def test_every_locked_version_above_1_0_0_is_in_the_changelog() -> None:
    changelog = (ROOT / "clauses" / "CHANGELOG.md").read_text(encoding="utf-8")
    lock = (ROOT / "clauses" / versionlock.LOCK_NAME).read_text(encoding="utf-8")
    for clause_id, (version, _) in versionlock.parse(lock).items():
        if version != "1.0.0":
            assert versionlock.mentions(changelog, clause_id, version), clause_id


def test_changed_text_with_the_same_version_is_reported(tmp_path: Path) -> None:
    lib = _library(tmp_path, purpose=clause_text("introduction.purpose"))
    lock = versionlock.render(lib.clauses)
    lib = _library(tmp_path, purpose=clause_text("introduction.purpose", en="New text."))
    [problem] = versionlock.problems(lib.clauses, lock, "versions.lock")
    assert problem.file.endswith("purpose.md") and problem.field == "version"
    assert "the text changed but the version is still 1.0.0" in problem.message
    assert versionlock.problems_for_relock(lib.clauses, lock, "") == [
        "introduction.purpose: the text changed; raise its version above 1.0.0"]


def test_a_raised_version_needs_a_changelog_line_before_it_is_locked(tmp_path: Path) -> None:
    lib = _library(tmp_path, purpose=clause_text("introduction.purpose"))
    lock = versionlock.render(lib.clauses)
    lib = _library(tmp_path, purpose=clause_text("introduction.purpose", en="New.",
                                                   version="1.0.1"))
    [problem] = versionlock.problems(lib.clauses, lock, "versions.lock")
    assert "version 1.0.1 is not in versions.lock (locked: 1.0.0)" in problem.message
    assert versionlock.problems_for_relock(lib.clauses, lock, "- nothing") == [
        "introduction.purpose: CHANGELOG.md has no line for `introduction.purpose` 1.0.1"]
    changelog = "- `introduction.purpose` 1.0.1: clearer wording."
    assert versionlock.problems_for_relock(lib.clauses, lock, changelog) == []
    together = "- `introduction.scope`, `introduction.purpose` 1.0.1: clearer wording."
    assert versionlock.problems_for_relock(lib.clauses, lock, together) == []
    elsewhere = "- `introduction.purpose`: clearer.\n- `introduction.scope` 1.0.1: too."
    assert versionlock.problems_for_relock(lib.clauses, lock, elsewhere) != []
    assert versionlock.problems(lib.clauses, versionlock.render(lib.clauses), "x") == []


def test_a_new_clause_needs_a_changelog_mention(tmp_path: Path) -> None:
    lib = _library(tmp_path, purpose=clause_text("introduction.purpose"))
    lock = versionlock.render(lib.clauses)
    lib = _library(tmp_path, scope=clause_text("introduction.scope", order=200))
    [problem] = versionlock.problems(lib.clauses, lock, "versions.lock")
    assert problem.file.endswith("scope.md") and "not in versions.lock" in problem.message
    assert versionlock.problems_for_relock(lib.clauses, lock, "") == [
        "introduction.scope: a new clause; CHANGELOG.md does not mention `introduction.scope`"]


def test_check_reports_an_unversioned_change(tmp_path: Path) -> None:
    lib = _library(tmp_path, purpose=clause_text("introduction.purpose"))
    (lib.root / "clauses" / versionlock.LOCK_NAME).write_text(versionlock.render(lib.clauses))
    check_library(lib.root)
    _library(tmp_path, purpose=clause_text("introduction.purpose", nl="Andere tekst."))
    with pytest.raises(ProblemsError) as caught:
        check_library(lib.root)
    assert any("the text changed but the version is still 1.0.0" in p.message
               for p in caught.value.problems)
