"""What a `policygen check` found clean, kept between runs so the same work is not done again.

Two things are kept in the compiled-code cache (:mod:`policygen.language.codecache`; off with
``POLICYGEN_CACHE_DIR=``), both only ever for what came out clean:

- a library whose renders found no problem (:func:`clean_run`): keyed on every field of every
  clause, the templates, labels, sections, layout, release and folder of the library, and the
  code (:func:`code_digest`). The same library checked again skips its renders.
- each clause body that rendered without a problem for one combination of the answer values it
  reads (:class:`CleanRenders`): keyed on the body's source, its language, whether it was read
  as a quiz question, those values, the labels and the code. After an edit to one clause, only
  what the edit changed is rendered again.

The code is the source of every module of policygen (a render's and the answer profiles' among
them), Python's version, and Jinja's, MarkupSafe's, PyYAML's and markdown-it's files.
Any change to any of these is another key, so nothing stale is trusted; a problem is never kept,
so it is found anew on every run. The version lock, ``--since`` and the test for clauses no
profile reaches are not kept: they run every time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import sys
from pathlib import Path
from typing import Any

from policygen.clauselib.library import ClauseLibrary
from policygen.language import codecache

FORMAT = "check-verdict-1"
_LIBRARIES = ("jinja2", "markupsafe", "yaml", "markdown_it")
_DIGEST = 16
MAX_RENDERS = 250_000  # kept per language and labels (4 MB); beyond, only the last run's
_CODE: list[str] = []


def code_files() -> list[Path]:
    """The modules of policygen whose source is part of every key: all of them.

    A render runs answers, language, clauselib, assembly and lint; the rest costs a few
    milliseconds more to read and keeps the key right whatever a render comes to import.
    """
    return sorted(codecache.PACKAGE.rglob("*.py"))


def code_digest() -> str:
    """A digest of the code a check's renders can run.

    Policygen's modules by their source; Python's version; Jinja, MarkupSafe, PyYAML and
    markdown-it by each file's name, size and modification time (as Python tells a stale
    .pyc), without importing any of them.
    """
    if not _CODE:
        digest = hashlib.sha256(codecache.source_digest(
            code_files(), f"{FORMAT}|{sys.version}|").encode())
        for name in _LIBRARIES:
            spec = importlib.util.find_spec(name)
            for folder in (spec.submodule_search_locations or ()) if spec else ():
                for path in sorted(Path(folder).rglob("*")):
                    if "__pycache__" in path.parts:  # written by any run
                        continue
                    stat = path.stat()
                    digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
            if spec is None or not spec.submodule_search_locations:
                digest.update(f"{name}: {spec.origin if spec else None}\0".encode())
        _CODE.append(digest.hexdigest())
    return _CODE[0]


def library_key(library: ClauseLibrary) -> str:
    """The key of this library's clean run: all of the library, and the code."""
    content = repr((str(library.root.resolve()), library.release, library.clauses,
                    library.sections, library.labels, library.template_sources,
                    library.layout))
    digest = hashlib.sha256(f"{code_digest()}|run|".encode())
    digest.update(content.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def clean_run(key: str) -> set[str] | None:
    """The clauses rendered by the clean check kept under ``key``; None if there is none."""
    data = codecache.stored_data(key)
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key \
            or not isinstance(data.get("rendered"), list) \
            or not all(isinstance(item, str) for item in data["rendered"]):
        return None
    return set(data["rendered"])


def store_clean_run(key: str, rendered: set[str]) -> None:
    """Keep a check whose renders found nothing: the clauses it rendered."""
    payload = {"format": FORMAT, "key": key, "rendered": sorted(rendered)}
    codecache.store_data(key, marshal.dumps(payload))


class CleanRenders:
    """The bodies of one language that rendered clean, each for the values it read."""

    def __init__(self, library: ClauseLibrary, language: str) -> None:
        digest = hashlib.sha256(f"{code_digest()}|renders|{language}|".encode())
        digest.update(repr(library.labels).encode("utf-8", "surrogateescape"))
        self.key = digest.hexdigest()
        self.language = language
        self.known = self._read()
        self.used: set[bytes] = set()
        self._bodies: dict[str, bytes] = {}

    def _read(self) -> set[bytes]:
        data = codecache.stored_data(self.key)
        if not isinstance(data, dict) or data.get("format") != FORMAT or \
                data.get("key") != self.key or not isinstance(data.get("renders"), bytes):
            return set()
        blob: bytes = data["renders"]
        return {blob[n:n + _DIGEST] for n in range(0, len(blob) - _DIGEST + 1, _DIGEST)}

    def digest(self, source: str, quiz: bool, values: tuple[Any, ...]) -> bytes | None:
        """The key of one render, on the values it read; None where it cannot be kept.

        The caller keeps none where ``values`` hold this run's own plan numbers (a citation
        with a computed argument); nor is one kept whose values show an object's address
        (a repr that says nothing of the value).
        """
        text = repr((quiz, values))
        if " at 0x" in text:
            return None
        body = self._bodies.get(source)  # a str keeps its hash: a look-up by the text is cheap
        if body is None:
            body = self._bodies[source] = hashlib.blake2b(
                source.encode("utf-8", "surrogateescape"), digest_size=_DIGEST).digest()
        return hashlib.blake2b(body + text.encode("utf-8", "surrogateescape"),
                               digest_size=_DIGEST).digest()

    def seen(self, digest: bytes) -> bool:
        """Whether this render was clean before; it is then kept for the next run too."""
        if digest in self.known:
            self.used.add(digest)
            return True
        return False

    def clean(self, digest: bytes) -> None:
        """Note a render that found nothing."""
        self.used.add(digest)

    def save(self) -> None:
        """Keep this run's clean renders with the earlier ones.

        The earlier ones (another library's, a clause's text before an edit) stay as long as
        all stay under ``MAX_RENDERS``; beyond that, this run's alone are kept.
        """
        if self.used <= self.known:
            return
        kept = self.used | self.known
        if len(kept) > MAX_RENDERS:
            kept = self.used
        codecache.store_data(self.key, marshal.dumps({
            "format": FORMAT, "key": self.key, "renders": b"".join(sorted(kept))}))
