"""Which documents a build writes, and how the optional ones plug into it.

The protocol and the handout are assembled for every build (the other documents draw on them:
the quiz cites the protocol's articles, the slides follow the handout). An optional document is
made by a *maker*: a function in its own sub-package that takes a :class:`DocumentRequest` and
returns a :class:`MadeDocument`. Makers are imported only when their document is asked for, so
a plain build never loads python-pptx or the training code.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policygen.answers.schema import Answers
    from policygen.assembly.assemble import AssembledDocument
    from policygen.clauselib.library import ClauseLibrary
    from policygen.output.build import BuildOptions

CORE = ("protocol", "handout")
# document → "module:function" of its maker
MAKERS: dict[str, str] = {
    "quiz": "policygen.training.quiz:make",
    "slides": "policygen.training.slides:make",
    "attendance": "policygen.training.attendance:make",
}
ALL = CORE + tuple(MAKERS)
DEFAULT = CORE


def parse(value: str) -> tuple[str, ...]:
    """``--documents protocol,quiz`` or ``all``: the documents in their canonical order."""
    asked = [part.strip() for part in value.split(",") if part.strip()]
    if "all" in asked:
        return ALL
    unknown = [name for name in asked if name not in ALL]
    if unknown or not asked:
        raise argparse.ArgumentTypeError(
            f"unknown document {', '.join(unknown) or value!r}; choose from "
            f"{', '.join(ALL)} or all")
    return tuple(name for name in ALL if name in asked)


@dataclass(frozen=True)
class DocumentRequest:
    """What a maker gets: this organisation's build so far."""

    answers: Answers
    library: ClauseLibrary
    documents: dict[str, AssembledDocument]  # the protocol and handout of this build
    options: BuildOptions
    library_version: str  # as the manifest records it (git describe, or library.yaml)
    # (markdown, kind, title) → DOCX bytes in the build's house style, with the document
    # properties and furniture (header, footer, draft marking) the protocol has
    docx: Callable[[str, str, str], bytes]


@dataclass
class MadeDocument:
    """An optional document's files, and the clauses (id, version) that went into it."""

    kind: str
    files: dict[str, bytes]
    clauses: list[tuple[str, str]] = field(default_factory=list)
    edition: str | None = None
    extra: dict[str, object] = field(default_factory=dict)  # recorded in the manifest entry


def maker(document: str) -> Callable[[DocumentRequest], MadeDocument]:
    """The function that makes ``document``, imported now."""
    module_name, _, function = MAKERS[document].partition(":")
    made: Callable[[DocumentRequest], MadeDocument] = getattr(
        importlib.import_module(module_name), function)
    return made

