"""The order in which a folder's switch reaches the disk, now that the files flush together.

A build's staged files are flushed together at the commit (one wait for the disk, not one per
file); these tests record every fsync, rename and unlink of an in-process commit and check
that nothing is named before what it depends on is on disk: every staged file and the
journal's text before the folder, the folder before the journal takes its name, the journal
before the first file is renamed, and the renamed files before the journal is removed.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from policygen.errors import PolicygenError
from policygen.output import transaction

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(),
                                reason="names an fsync'd descriptor through /proc/self/fd")

Events = list[tuple[str, str]]


def record(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Events:
    """Every fsync (of a file's or the folder's name), replace and unlink, in order."""
    events: Events = []
    fsync, replace, unlink = os.fsync, os.replace, os.unlink

    def name(path: str | os.PathLike[str]) -> str:
        return Path(path).name if Path(path) != folder else "<folder>"

    def recorded_fsync(fd: int) -> None:
        target = os.readlink(f"/proc/self/fd/{fd}")
        is_folder = stat.S_ISDIR(os.fstat(fd).st_mode)
        fsync(fd)
        events.append(("fsync", "<folder>" if is_folder else Path(target).name))

    def recorded_replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        replace(source, target)
        events.append(("replace", f"{name(source)}>{name(target)}"))

    def recorded_unlink(path: str | os.PathLike[str]) -> None:
        unlink(path)
        events.append(("unlink", name(path)))

    monkeypatch.setattr(os, "fsync", recorded_fsync)
    monkeypatch.setattr(os, "replace", recorded_replace)
    monkeypatch.setattr(os, "unlink", recorded_unlink)
    return events


def first(events: Events, kind: str, test: str) -> int:
    return next(n for n, (k, what) in enumerate(events) if k == kind and test in what)


def test_every_file_is_on_disk_before_the_journal_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a.md").write_text("old a")  # replaced: gets a backup
    events = record(monkeypatch, folder)
    with transaction.FolderTransaction(folder) as switch:
        for name in ("a.md", "b.docx", "manifest.json"):
            switch.stage(name, f"new {name}".encode())
        assert not any(kind == "fsync" for kind, _ in events)  # staging does not wait
        switch.commit()
    named = first(events, "replace", f">{transaction.JOURNAL}")
    synced = {what for kind, what in events[:named] if kind == "fsync"}
    staged = {what.split(">")[0] for kind, what in events if kind == "replace"
              and not what.endswith(transaction.JOURNAL)}
    journal_text = events[named][1].split(">")[0]
    assert staged == {n for n in synced if n.startswith(transaction.PREFIX)} - {journal_text}
    assert len(staged) == 3 and journal_text in synced
    files_synced = max(n for n, (kind, what) in enumerate(events[:named])
                       if kind == "fsync" and what != "<folder>")
    assert ("fsync", "<folder>") in events[files_synced:named]  # their names, and the backup
    assert events[named + 1] == ("fsync", "<folder>")  # the journal's name, before any rename
    renames = [n for n, (kind, what) in enumerate(events)
               if kind == "replace" and not what.endswith(transaction.JOURNAL)]
    assert min(renames) > named + 1
    removed = first(events, "unlink", transaction.JOURNAL)
    assert ("fsync", "<folder>") in events[max(renames):removed]
    assert (folder / "a.md").read_text() == "new a.md"
    assert sorted(p.name for p in folder.iterdir()) == ["a.md", "b.docx", "manifest.json"]


def test_a_file_that_cannot_be_flushed_leaves_the_old_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a.md").write_text("old a")
    fsync = os.fsync

    def failing(fd: int) -> None:
        if "b.docx" in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(5, "Input/output error")
        fsync(fd)

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(PolicygenError, match=r"Input/output error.*still holds the previous"), \
            transaction.FolderTransaction(folder) as switch:
        switch.stage("a.md", b"new a")
        switch.stage("b.docx", b"new b")
        switch.commit()
    assert sorted(p.name for p in folder.iterdir()) == ["a.md"]  # no journal, nothing staged
    assert (folder / "a.md").read_text() == "old a"


def test_files_flush_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [tmp_path / f"f{n}" for n in range(1 + transaction.FLUSH_THREADS)]
    for path in paths:
        path.write_bytes(b"x")
    together = threading.Barrier(len(paths), timeout=10)  # broken unless all wait at once
    fsync = os.fsync

    def waiting(fd: int) -> None:
        together.wait()
        fsync(fd)

    monkeypatch.setattr(os, "fsync", waiting)
    transaction._fsync_files(paths)
    assert not together.broken
    threads = threading.active_count()
    monkeypatch.setattr(os, "fsync", fsync)
    transaction._fsync_files(paths)  # the same threads again, none started
    assert threading.active_count() == threads
