"""Reading input files safely: only regular files, never more than a size limit.

An answers file, a clause or a house style can be anything a path names: a FIFO that never
ends, ``/dev/zero``, a folder, a 4 GiB file. Every input is opened without blocking, checked to
be a regular file and measured *before* it is read, so a bad path gives a clear message
instead of a hang or an exhausted memory.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from policygen.errors import Problem, ProblemsError

MAX_TEXT_BYTES = 1_000_000  # an answers file, a clause, a template, labels: text written by hand
MAX_DOCX_BYTES = 50_000_000  # a house style (.docx) on disk; its parts are capped separately
MAX_MANIFEST_BYTES = 10_000_000  # a build's manifest.json, written by policygen


class NotJSONError(ValueError):
    """A file that was read but holds no JSON; ``reason`` (the message) says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _size_words(limit: int) -> str:
    if limit >= 1_000_000:
        return f"{limit / 1_000_000:g} MB"
    return f"{limit / 1_000:g} kB"


def read_regular(path: Path, *, limit: int = MAX_TEXT_BYTES, what: str = "file") -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Raises :class:`ProblemsError` naming the path otherwise (a folder, a FIFO, a device, a
    missing or unreadable file, a file that is too large).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise ProblemsError([Problem(str(path), f"is a folder, not a {what}")]) from None
    except OSError as exc:
        raise ProblemsError([Problem(str(path), f"cannot read: {exc.strerror or exc}")]) \
            from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ProblemsError([Problem(str(path), f"is a folder, not a {what}")])
        if not stat.S_ISREG(info.st_mode):
            raise ProblemsError([Problem(str(path), f"is not a regular file (a pipe, socket or "
                                                    f"device); give a {what}")])
        if info.st_size > limit:
            raise ProblemsError([Problem(str(path), f"larger than {_size_words(limit)} "
                                                    f"({info.st_size:,} bytes); not a {what}")])
        chunks, total = [], 0
        while True:  # the file may grow while it is read: stop at the limit all the same
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise ProblemsError([Problem(str(path), f"larger than {_size_words(limit)}; "
                                                        f"not a {what}")])
        return b"".join(chunks)
    except OSError as exc:
        raise ProblemsError([Problem(str(path), f"cannot read: {exc.strerror or exc}")]) \
            from None
    finally:
        os.close(fd)


def read_text(path: Path, *, limit: int = MAX_TEXT_BYTES, what: str = "file") -> str:
    """A regular UTF-8 text file (a BOM is dropped); a clear message where it is not text."""
    data = read_regular(path, limit=limit, what=what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProblemsError([Problem(str(path), f"not UTF-8 text (byte {exc.start})",
                                     line=line)]) from None


def read_json(path: Path, *, limit: int = MAX_MANIFEST_BYTES, what: str = "manifest") -> object:
    """The JSON value in the regular UTF-8 file ``path`` (of at most ``limit`` bytes).

    Raises :class:`ProblemsError` where the file cannot be read (as :func:`read_regular`), and
    :class:`NotJSONError` where it is not UTF-8 text, not JSON or nested too deeply to parse;
    the caller says what that means for its file.
    """
    raw = read_regular(path, limit=limit, what=what)
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise NotJSONError("not UTF-8 text") from None
    except RecursionError:
        raise NotJSONError("nested too deeply") from None
    except ValueError as exc:
        raise NotJSONError(f"not JSON: {exc}") from None


def is_special(path: Path) -> bool:
    """True when ``path`` exists and is neither a regular file nor a folder (FIFO, device…)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode))
