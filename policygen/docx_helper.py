"""A helper process that renders DOCX files while the main process assembles them.

Most of a cold one-organisation build is importing: Jinja and PyYAML for assembly, then
markdown-it-py and the WordprocessingML writer for the DOCX. On a machine with two cores the
second half need not wait for the first: :func:`start` forks a helper right after argument
parsing, the helper imports :mod:`render_docx` while the main process loads the library and
assembles the documents, then renders each document it is sent.

The helper is an optimisation only. It is used where ``fork`` is safe (Linux) and there are
at least two cores; if it cannot start, dies, or fails unexpectedly, the main process renders
the document itself, so the bytes are the same either way. A :class:`PolicygenError` the
renderer raises on purpose (an unusable reference document) reaches the caller as such.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from pathlib import Path
from typing import IO, Any

from policygen.docinfo import DocumentInfo
from policygen.errors import PolicygenError


class DocxHelper:
    """The main process's end of the helper: send render requests, collect the results."""

    def __init__(self, pid: int, requests: IO[bytes], replies: IO[bytes]) -> None:
        self.pid = pid
        self._requests: IO[bytes] | None = requests
        self._replies = replies
        self._sent = 0

    def submit(self, markdown: str, info: DocumentInfo, reference: Path | None) -> int:
        """Queue a document; returns a ticket for :meth:`result` (-1: the helper is gone)."""
        if self._requests is None:
            return -1
        try:
            pickle.dump((markdown, info, reference), self._requests)
            self._requests.flush()
        except OSError:
            self.close()
            return -1
        self._sent += 1
        return self._sent - 1

    def result(self, ticket: int) -> bytes | None:
        """The DOCX of a ticket, collected in the order submitted.

        None where the main process must render it itself.
        """
        if ticket < 0 or self._requests is None:
            return None
        try:
            status, value = pickle.load(self._replies)  # noqa: S301 - our own forked process
        except (EOFError, OSError, pickle.UnpicklingError):
            self.close()
            return None
        if status == "ok":
            return bytes(value)
        if status == "error":
            raise PolicygenError(str(value))
        self.close()  # an unexpected failure: render in the main process, which reports it
        return None

    def close(self) -> None:
        """End the helper and wait for it."""
        if self._requests is None:
            return
        for stream in (self._requests, self._replies):
            with contextlib.suppress(OSError):
                stream.close()
        self._requests = None
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def start() -> DocxHelper | None:
    """Fork the helper, or None where that is not worth it or not safe."""
    if not sys.platform.startswith("linux") or os.environ.get("POLICYGEN_NO_HELPER"):
        return None
    if len(os.sched_getaffinity(0)) < 2:
        return None
    request_read, request_write = os.pipe()
    reply_read, reply_write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the helper
        code = 1
        try:
            os.close(request_write)
            os.close(reply_read)
            # hold none of the caller's terminal or pipes: whoever reads our output must see
            # its end when the main process ends, and failures travel back as replies
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)
            _serve(os.fdopen(request_read, "rb"), os.fdopen(reply_write, "wb"))
            code = 0
        finally:
            os._exit(code)  # never return into the main program's code or its atexit handlers
    os.close(request_read)
    os.close(reply_write)
    return DocxHelper(pid, os.fdopen(request_write, "wb"), os.fdopen(reply_read, "rb"))


def _serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    from policygen import render_docx  # the import the main process is spared

    while True:
        try:
            markdown, info, reference = pickle.load(requests)  # noqa: S301 - from our parent
        except (EOFError, OSError):
            return
        reply: tuple[str, Any]
        try:
            reply = ("ok", render_docx.render(markdown, info, reference))
        except PolicygenError as exc:
            reply = ("error", str(exc))
        except Exception as exc:  # noqa: BLE001 - reported by the main process's own render
            reply = ("failed", repr(exc))
        try:
            pickle.dump(reply, replies)
            replies.flush()
        except OSError:
            return
