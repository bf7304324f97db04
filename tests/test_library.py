"""Loading a library: every problem across files at once; the version from git or library.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygen.clauselib import library as library_module
from policygen.clauselib import version as libversion
from policygen.errors import ProblemsError

from .helpers import clause_text, git, make_library


def test_shipped_library_loads(library: library_module.ClauseLibrary) -> None:
    ids = [c.id for c in library.clauses]
    assert len(ids) == len(set(ids))
    for required in ("escalation.ladder",):
        assert required in ids
    assert library.release.count(".") == 2


def test_every_problem_in_every_file_is_reported(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {
        "roles/owner.md": clause_text("roles.owner_typo"),
        "roles/spokes.md": clause_text("roles.spokes", section="nowhere"),
        "roles/twice.md": clause_text("roles.spokes").replace("version: 1.0.0", "version: x"),
        "roles/good.md": clause_text("roles.good"),
    })
    with pytest.raises(ProblemsError) as caught:
        library_module.load(root)
    lines = "\n".join(caught.value.lines())
    assert "roles/owner.md: id: id 'roles.owner_typo' does not match the file's place " \
           "(expected 'roles.owner')" in lines
    assert "roles/spokes.md: section: no section 'nowhere' in the protocol" in lines
    assert "roles/twice.md:3: version: must be a version like 1.2.0: 'x'" in lines
    assert "good.md" not in lines


def test_duplicate_ids_are_a_problem(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {
        "a/b.md": clause_text("a.b"),
        "a/b/c.md": clause_text("a.b.c"),
    })
    assert {c.id for c in library_module.load(root).clauses} == {"a.b", "a.b.c"}


def test_not_a_library(tmp_path: Path) -> None:
    with pytest.raises(ProblemsError, match="not a clause library"):
        library_module.load(tmp_path)


def test_broken_template_is_located(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {"a/b.md": clause_text("a.b")})
    (root / "templates" / "handout.md.j2").write_text("line\n{% for x in %}\n")
    with pytest.raises(ProblemsError, match=r"handout\.md\.j2:2: "):
        library_module.load(root)


def test_version_outside_git_is_library_yaml(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {"a/b.md": clause_text("a.b")})
    version = library_module.load(root).version()
    assert (version.version, version.commit, version.dirty) == ("1.0.0", None, False)


def test_version_in_git_is_describe(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {"a/b.md": clause_text("a.b")})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "library")
    git(root, "tag", "v1.3.0")
    commit = git(root, "rev-parse", "HEAD")
    libversion.forget()
    version = library_module.load(root).version()
    assert version.as_manifest() == {"version": "v1.3.0", "release": "1.0.0",
                                     "commit": commit, "dirty": False}
    (root / "clauses" / "a" / "b.md").write_text(clause_text("a.b", nl="Anders."))
    libversion.forget()
    version = library_module.load(root).version()
    assert version.version == "v1.3.0-dirty" and version.dirty


def test_a_version_asked_ahead_is_the_same_version(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {"a/b.md": clause_text("a.b")})
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "library")
    libversion.forget()
    library = library_module.load(root)
    asked = library.version()
    libversion.forget()
    library.prefetch_version()
    assert root.resolve() in libversion._STARTED  # git is running already
    assert library.version() == asked and asked.commit == git(root, "rev-parse", "HEAD")
    assert root.resolve() not in libversion._STARTED
    library.prefetch_version()  # known now: git is not asked again
    assert root.resolve() not in libversion._STARTED
    libversion.forget()


def test_document_layout_is_the_librarys(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {"introduction/a.md": clause_text("introduction.a")})
    assert library_module.load(root).layout["protocol"].contents  # the shipped documents.yaml
    (root / "templates" / "documents.yaml").write_text(
        "protocol: {contents: false}\nhandout: {contents: true, keep_blocks: false}\n")
    layout = library_module.load(root).layout
    assert not layout["protocol"].contents and layout["protocol"].keep_blocks is False
    assert layout["handout"].contents and not layout["handout"].keep_blocks
    (root / "templates" / "documents.yaml").unlink()
    assert library_module.load(root).layout == library_module.DEFAULT_LAYOUT
    (root / "templates" / "documents.yaml").write_text("handout: {contents: sometimes}\n")
    with pytest.raises(ProblemsError, match=r"documents\.yaml: handout\.contents"):
        library_module.load(root)


def test_a_label_with_an_unquoted_comma_is_a_problem(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {"introduction/a.md": clause_text("introduction.a")})
    labels = root / "templates" / "labels.yaml"
    labels.write_text(labels.read_text(encoding="utf-8")
                      + "extra:\n  code: {nl: de code, en: the code, enforced by X}\n",
                      encoding="utf-8")
    with pytest.raises(ProblemsError, match=r"labels\.yaml: extra\.code: unexpected "
                                            r"'enforced by X'"):
        library_module.load(root)
