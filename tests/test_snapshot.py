"""The library snapshot: a library read once is kept by its files' content, never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policygen.clauselib import library as library_module
from policygen.clauselib import snapshot
from policygen.errors import ProblemsError

from .conftest import ROOT


@pytest.fixture()
def lib_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped library, with a cache folder of its own."""
    monkeypatch.setenv("POLICYGEN_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "lib"
    shutil.copytree(ROOT / "clauses", root / "clauses")
    shutil.copytree(ROOT / "templates", root / "templates")
    return root


def _snapshot_key(root: Path) -> str:
    files = library_module._input_files(root)
    assert files is not None
    return snapshot.key(files)


def test_a_library_read_again_comes_from_its_snapshot_unchanged(lib_root: Path) -> None:
    first = library_module.load(lib_root)
    assert snapshot.restore(_snapshot_key(lib_root), lib_root) is not None
    again = library_module.load(lib_root)
    assert again == first
    assert [c.source for c in again.clauses] == [c.source for c in first.clauses]
    assert again.labels == first.labels and again.layout == first.layout
    assert again.template_sources == first.template_sources


def test_any_changed_byte_reads_and_checks_the_library_again(lib_root: Path) -> None:
    library_module.load(lib_root)
    clause = lib_root / "clauses" / "escalation" / "ladder.md"
    text = clause.read_text()
    clause.write_text(text.replace("version: ", "version: x", 1))
    with pytest.raises(ProblemsError) as raised:
        library_module.load(lib_root)
    assert "ladder.md" in str(raised.value) and "version" in str(raised.value)
    clause.write_text(text.replace("<!-- lang: en -->\n", "<!-- lang: en -->\nNew.\n\n", 1))
    assert "New." in library_module.load(lib_root).get("escalation.ladder").bodies["en"]


def test_a_library_with_a_problem_is_never_kept(lib_root: Path) -> None:
    (lib_root / "templates" / "labels.yaml").write_text("document: [\n")
    for _ in range(2):
        with pytest.raises(ProblemsError, match=r"labels\.yaml"):
            library_module.load(lib_root)
    assert snapshot.restore(_snapshot_key(lib_root), lib_root) is None


def test_a_new_or_removed_clause_file_is_another_library(lib_root: Path) -> None:
    before = library_module.load(lib_root)
    source = lib_root / "clauses" / "escalation" / "ladder.md"
    copy = lib_root / "clauses" / "escalation" / "ladder_two.md"
    copy.write_text(source.read_text().replace("id: escalation.ladder\n",
                                               "id: escalation.ladder_two\n"))
    assert len(library_module.load(lib_root).clauses) == len(before.clauses) + 1
    copy.unlink()
    assert len(library_module.load(lib_root).clauses) == len(before.clauses)


def test_a_moved_library_finds_its_snapshot_with_its_own_file_names(lib_root: Path) -> None:
    library_module.load(lib_root)
    moved = lib_root.parent / "moved"
    shutil.move(lib_root, moved)
    assert snapshot.restore(_snapshot_key(moved), moved) is not None
    loaded = library_module.load(moved)
    assert all(c.source.startswith(str(moved / "clauses")) for c in loaded.clauses)
    assert all(Path(c.source).is_file() for c in loaded.clauses)


def test_a_damaged_snapshot_is_read_again(lib_root: Path, tmp_path: Path) -> None:
    first = library_module.load(lib_root)
    key = _snapshot_key(lib_root)
    entry = tmp_path / "cache" / key[:2] / key
    assert entry.is_file()
    entry.write_bytes(entry.read_bytes()[:-10])
    assert snapshot.restore(key, lib_root) is None
    assert library_module.load(lib_root) == first


def test_a_snapshot_of_another_shape_is_not_used(lib_root: Path, monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:
    first = library_module.load(lib_root)
    key = _snapshot_key(lib_root)
    monkeypatch.setattr(snapshot.codecache, "stored_data",
                        lambda _key: {"format": snapshot.FORMAT, "clauses": [(1, 2)]})
    assert snapshot.restore(key, lib_root) is None
    assert library_module.load(lib_root) == first


def test_the_changelog_is_read_with_the_library(lib_root: Path) -> None:
    """Each clause's kind of last change comes from CHANGELOG.md, and follows its edits."""
    first = library_module.load(lib_root)
    assert first.change_kinds is not None
    assert first.change_kinds["escalation.ladder"] == "substantive"
    changelog = lib_root / "clauses" / "CHANGELOG.md"
    ladder = first.get("escalation.ladder").version
    text = changelog.read_text(encoding="utf-8")
    entry = f"`escalation.ladder` {ladder} (substantive)"
    assert entry in text
    changelog.write_text(text.replace(entry, f"`escalation.ladder` {ladder} (editorial)"),
                         encoding="utf-8")
    again = library_module.load(lib_root)
    assert again.change_kinds is not None
    assert again.change_kinds["escalation.ladder"] == "editorial"
