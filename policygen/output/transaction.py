"""An output folder changes all at once: wholly the previous build or wholly the new one.

A build stages every file under a hidden temporary name in the folder, then writes a journal
(the commit point), then renames the staged files into place, the manifest last. Each file it
replaces is first hard-linked to a backup, so a rename that fails half-way is rolled back. A
run that was killed part-way is completed (journal written: roll forward) or undone (no
journal: the staged files are deleted) by the next build, before it looks at the folder.

What is on disk when: the staged files and the journal's own text are flushed together (one
``fsync`` each, all at once, so the disk waits once), then the folder (their names and the
backups), then the journal takes its name and the folder is flushed again; only then does any
file change its name, and the folder is flushed once more before the journal is removed.

One build at a time: the folder is locked (``flock`` on the folder itself, so no lock file is
left behind) for as long as a build reads and changes it; a second build waits briefly, then
refuses with a clear message. SIGINT and SIGTERM wait until the renames are done.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import queue
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from policygen.errors import PolicygenError

try:  # POSIX; elsewhere builds into one folder are not serialised
    import fcntl
except ImportError:  # pragma: no cover - not on the platforms policygen is tested on
    fcntl = None  # type: ignore[assignment]

PREFIX = ".policygen-"  # every temporary name a build uses starts with this
JOURNAL = PREFIX + "journal.json"
LOCK_WAIT_SECONDS = 15.0


class FolderBusyError(PolicygenError):
    """Another build holds the output folder."""


@dataclass
class _Entry:
    staged: str
    final: str
    backup: str | None = None

    def as_json(self) -> dict[str, str | None]:
        return {"staged": self.staged, "final": self.final, "backup": self.backup}


def _fsync_folder(folder: Path) -> None:
    """Flush a folder's names to disk, where the file system lets a folder be flushed."""
    _flush(folder)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT/SIGTERM until the block is done (only the main thread may change masks)."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):  # pragma: no cover - no signal masks here
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class FolderTransaction:
    """Lock ``folder``, finish what a killed build left, stage files, then switch at once."""

    def __init__(self, folder: Path, *, wait: float | None = None) -> None:
        self.folder = folder
        self.wait = LOCK_WAIT_SECONDS if wait is None else wait
        self._fd: int | None = None
        self._created = False
        self._entries: list[_Entry] = []

    # -- lock and recovery ---------------------------------------------------------------

    def __enter__(self) -> FolderTransaction:
        try:
            self._created = not self.folder.exists()
            self.folder.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.folder, os.O_RDONLY)
        except OSError as exc:
            raise PolicygenError(f"{self.folder}: cannot create or open the folder "
                                 f"({exc.strerror or exc})") from None
        try:
            self._lock()
            recover(self.folder)
        except BaseException:
            self._release()
            raise
        return self

    def _lock(self) -> None:
        if fcntl is None or self._fd is None:  # pragma: no cover
            return
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    return  # a file system without locks: go on unserialised
            if time.monotonic() >= deadline:
                raise FolderBusyError(
                    f"{self.folder}: another policygen build is writing to this folder; "
                    "try again when it has finished")
            time.sleep(0.05)

    def _release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        try:
            if kind is not None:
                self._discard()
                if self._created:
                    with contextlib.suppress(OSError):
                        self.folder.rmdir()  # only if still empty
        finally:
            self._release()

    # -- staging ---------------------------------------------------------------------------

    def stage(self, name: str, data: bytes) -> None:
        """Write ``data`` under a temporary name; it becomes ``name`` at :meth:`commit`.

        The data reaches the disk at :meth:`commit`, before anything depends on it.
        """
        try:
            temporary = write_temporary(self.folder, f"{PREFIX}{name}.", data, sync=False)
        except OSError as exc:
            raise PolicygenError(f"{self.folder / name}: cannot write ({exc.strerror or exc}); "
                                 "the folder still holds the previous build") from None
        self._entries.append(_Entry(temporary.name, name))

    def _discard(self) -> None:
        for entry in self._entries:
            for name in (entry.staged, entry.backup):
                if name:
                    with contextlib.suppress(OSError):
                        os.unlink(self.folder / name)
        self._entries = []

    # -- the switch ------------------------------------------------------------------------

    def commit(self) -> None:
        """Put every staged file in place at once (in staging order)."""
        folder = self.folder
        journal: Path | None = None
        try:
            for entry in self._entries:
                if (folder / entry.final).exists():
                    entry.backup = f"{PREFIX}{entry.final}.{os.getpid()}.old"
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(folder / entry.backup)
                    _keep_copy(folder / entry.final, folder / entry.backup)
            journal = write_temporary(folder, f"{PREFIX}journal.",
                                      _journal_bytes("forward", self._entries), sync=False)
            _fsync_files([folder / entry.staged for entry in self._entries] + [journal])
            _fsync_folder(folder)
            os.replace(journal, folder / JOURNAL)
            _fsync_folder(folder)
        except OSError as exc:
            for name in (JOURNAL, journal.name if journal else None):
                if name:
                    with contextlib.suppress(OSError):
                        os.unlink(folder / name)
            raise PolicygenError(f"{folder}: cannot write ({exc.strerror or exc}); the folder "
                                 "still holds the previous build") from None
        with _signals_held():
            try:
                _roll_forward(folder, self._entries)
            except OSError as exc:
                undone = _roll_back(folder, self._entries)
                state = ("the folder still holds the previous build" if undone else
                         "run the build again to complete the folder")
                raise PolicygenError(f"{folder}: cannot write ({exc.strerror or exc}); "
                                     f"{state}") from None
            _fsync_folder(folder)
            _finish(folder, self._entries)
        self._entries = []


def write_temporary(folder: Path, prefix: str, data: bytes, *, sync: bool = True) -> Path:
    """``data`` in a new file ``folder/prefix….tmp``, on disk (fsync) before this returns.

    With ``sync=False`` the caller flushes it (:func:`_fsync_files`). The file is removed
    again if writing fails part-way (a full disk, Ctrl-C).
    """
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if sync:
                os.fsync(stream.fileno())
        os.chmod(name, 0o644)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        raise
    return Path(name)


def _keep_copy(source: Path, backup: Path) -> None:
    """A backup of ``source``: a hard link where the file system has them, else a copy."""
    try:
        os.link(source, backup)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                             errno.EMLINK):
            raise
        shutil.copyfile(source, backup)


FLUSH_THREADS = 4  # besides the committing thread: files flushed at the same time


def _flush(path: Path) -> OSError | None:
    """Flush one file, by its name, to disk; its error instead of raising it."""
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        return exc
    return None


_Task = tuple[Path, "queue.SimpleQueue[OSError | None]"]
_FLUSHERS: tuple[int, queue.SimpleQueue[_Task]] | None = None


def _flushers() -> queue.SimpleQueue[_Task]:
    """The queue of this process's flushing threads, started on first use.

    Started again in a forked child, which keeps no threads.
    """
    global _FLUSHERS
    if _FLUSHERS is None or _FLUSHERS[0] != os.getpid():
        tasks: queue.SimpleQueue[_Task] = queue.SimpleQueue()

        def work() -> None:
            # a Ctrl-C or SIGTERM is the main thread's: a thread that took it would let it
            # through while the main thread holds it (the renames, check's forks)
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
            while True:
                path, done = tasks.get()
                done.put(_flush(path))

        for _ in range(FLUSH_THREADS):
            threading.Thread(target=work, name="policygen-fsync", daemon=True).start()
        _FLUSHERS = (os.getpid(), tasks)
    return _FLUSHERS[1]


def _fsync_files(paths: list[Path]) -> None:
    """Flush every file in ``paths`` to disk at once (the file system joins the waits).

    The committing thread flushes the first itself; threads kept for the purpose the rest.
    """
    done: queue.SimpleQueue[OSError | None] = queue.SimpleQueue()
    if len(paths) > 1:
        tasks = _flushers()
        for path in paths[1:]:
            tasks.put((path, done))
    errors = [_flush(paths[0])] if paths else []
    errors += [done.get() for _ in paths[1:]]
    failed = [error for error in errors if error is not None]
    if failed:
        raise failed[0]


def _journal_bytes(state: str, entries: list[_Entry]) -> bytes:
    return json.dumps({"state": state, "entries": [e.as_json() for e in entries]}).encode()


def _write_journal(folder: Path, state: str, entries: list[_Entry]) -> None:
    temporary = write_temporary(folder, f"{PREFIX}journal.", _journal_bytes(state, entries))
    try:
        os.replace(temporary, folder / JOURNAL)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_folder(folder)


def _roll_forward(folder: Path, entries: list[_Entry]) -> None:
    for entry in entries:
        if (folder / entry.staged).exists():
            os.replace(folder / entry.staged, folder / entry.final)


def _roll_back(folder: Path, entries: list[_Entry]) -> bool:
    """Undo a roll-forward that failed part-way; False if even that failed."""
    try:
        _write_journal(folder, "back", entries)
        _undo(folder, entries)
    except OSError:
        return False
    _finish(folder, entries)
    return True


def _undo(folder: Path, entries: list[_Entry]) -> None:
    for entry in reversed(entries):
        if entry.backup and (folder / entry.backup).exists():
            os.replace(folder / entry.backup, folder / entry.final)
        elif not entry.backup and not (folder / entry.staged).exists():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(folder / entry.final)  # it did not exist before this build


def _finish(folder: Path, entries: list[_Entry]) -> None:
    """Drop the journal, then every staged file and backup that is left."""
    with contextlib.suppress(OSError):
        os.unlink(folder / JOURNAL)
    for entry in entries:
        for name in (entry.staged, entry.backup):
            if name:
                with contextlib.suppress(OSError):
                    os.unlink(folder / name)


def recover(folder: Path) -> None:
    """Complete or undo what a killed build left in ``folder``; remove its temporary files.

    Call with the folder locked. A journal means every new file was staged before the build
    stopped: the switch is completed (or, if it was being rolled back, the rollback is).
    Without a journal the staged files are leftovers and are deleted.
    """
    journal = folder / JOURNAL
    if journal.is_file():
        try:
            data = json.loads(journal.read_text(encoding="utf-8"))
            entries = [_Entry(str(e["staged"]), str(e["final"]),
                              str(e["backup"]) if e.get("backup") else None)
                       for e in data["entries"]]
            state = data.get("state")
        except (OSError, ValueError, KeyError, TypeError):
            entries, state = [], None
        try:
            if state == "forward":
                _roll_forward(folder, entries)
            elif state == "back":
                _undo(folder, entries)
        except OSError as exc:
            raise PolicygenError(f"{folder}: an earlier build stopped part-way and cannot be "
                                 f"completed ({exc.strerror or exc})") from None
        _finish(folder, entries)
    try:
        leftovers = [p for p in folder.iterdir() if p.name.startswith(PREFIX)]
    except OSError:
        return
    for path in leftovers:
        with contextlib.suppress(OSError):
            if path.is_file() or path.is_symlink():
                path.unlink()
