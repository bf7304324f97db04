"""The review behind a build's summary line, run beside the build on another core.

A build ends with one line per answers file on what ``policygen review`` found
(:func:`policygen.review.summary.summary_lines`). Reviewing is independent of building, so
where the platform can fork, a child process reviews while the build runs, and the build only
collects its lines at the end: the review's imports and rules then cost the build no time on a
machine with a second core. The child prints nothing and leaves with ``os._exit``; whatever goes
wrong in it (an error, a Ctrl-C, a kill), the lines are worked out here instead, so the result
is always what :func:`summary_lines` says. This module imports nothing of the review itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import sys
import threading
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

_MAX_BYTES = 1_000_000  # a few lines per answers file; anything longer is not the child's
WAIT_SECONDS = 20.0  # after the build; a review takes a fraction of a second


class SummaryBeside:
    """The summary lines of ``paths``, reviewed in a child process while the caller builds.

    Use as a context manager; :meth:`lines` waits for the child (or reviews here).
    """

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = list(paths)
        self.pid: int | None = None
        self.reader: int | None = None

    def __enter__(self) -> SummaryBeside:
        # forking a process with other threads could leave the child a lock nobody releases
        if hasattr(os, "fork") and self.paths and threading.active_count() == 1:
            self._start()
        return self

    def _start(self) -> None:
        for stream in (sys.stdout, sys.stderr):  # nothing buffered may be written twice
            with contextlib.suppress(Exception):
                stream.flush()
        reader, writer = os.pipe()
        try:
            with warnings.catch_warnings():  # Python 3.12+ warns of threads: there are none
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            return
        if pid == 0:  # the child: review, hand the lines over, leave without cleaning up
            os.close(reader)
            _review_and_exit(self.paths, writer)
        os.close(writer)
        self.pid, self.reader = pid, reader

    def lines(self) -> list[str]:
        """The summary lines: the child's, or reviewed here where it gave none."""
        if not self.paths:
            return []
        found = self._collect()
        if found is None:
            from policygen.review.summary import summary_lines

            found = summary_lines(self.paths)
        return found

    def _collect(self) -> list[str] | None:
        if self.reader is None or self.pid is None:
            return None
        chunks, total, done = [], 0, False
        deadline = time.monotonic() + WAIT_SECONDS
        try:
            while total <= _MAX_BYTES and time.monotonic() < deadline:
                ready, _, _ = select.select([self.reader], [], [],
                                            max(0.0, deadline - time.monotonic()))
                if not ready:
                    break
                chunk = os.read(self.reader, 65536)
                if not chunk:
                    done = True
                    break
                chunks.append(chunk)
                total += len(chunk)
        except OSError:
            return None
        finally:
            self._stop(kill=not done)
        if not done:
            return None
        try:
            found = json.loads(b"".join(chunks))
        except ValueError:
            return None
        if not isinstance(found, list) or not all(isinstance(line, str) for line in found):
            return None
        return found

    def _stop(self, kill: bool) -> None:
        """Close the pipe and reap the child (killed first where it must not go on)."""
        if self.reader is not None:
            with contextlib.suppress(OSError):
                os.close(self.reader)
            self.reader = None
        if self.pid is not None:
            if kill:
                with contextlib.suppress(OSError):
                    os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = None

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._stop(kill=True)  # after lines() there is nothing left; on an error, stop it


def _review_and_exit(paths: list[Path], writer: int) -> None:
    """In the child: write the summary lines as JSON, then exit at once (status 0, else 1)."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent answers Ctrl-C, then kills
        warnings.simplefilter("ignore")  # the build says its own warnings, once
        from policygen.review.summary import summary_lines

        data = json.dumps(summary_lines(paths)).encode("utf-8")
        view = memoryview(data)
        while view:
            view = view[os.write(writer, view):]
        status = 0
    except BaseException:  # noqa: BLE001, S110 - the parent reviews itself when the child fails
        pass
    finally:
        os._exit(status)
