"""What a build is asked for, and what an optional document's maker gets and gives back.

The vocabulary every stage shares, below all of them: :class:`BuildOptions` (the user's
choices), :class:`DocumentRequest` (this organisation's build so far, handed to the maker of
an optional document: the quiz, the slides, the attendance sheet, the redlines, the advice)
and :class:`MadeDocument` (the files a maker made, recorded in the manifest like the protocol).
The types of answers, library and assembled documents are named for type checkers only, so
this module imports nothing of policygen at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policygen.answers.schema import Answers
    from policygen.assembly.assemble import AssembledDocument
    from policygen.clauselib.library import ClauseLibrary

CORE_DOCUMENTS = ("protocol", "handout")  # assembled for every build; written by default


@dataclass(frozen=True)
class BuildOptions:
    """What the user chose on the command line."""

    language: str | None = None
    formats: tuple[str, ...] = ("md", "docx")
    edition: str = "participant"
    reference_doc: Path | None = None
    library_root: Path | None = None
    force: bool = False
    compact: bool = False  # the compact protocol: every rule, no explanations
    page_numbers: bool = False  # a LibreOffice layout pass fills the contents' page numbers
    documents: tuple[str, ...] = CORE_DOCUMENTS  # what is written (--documents)
    redline_against: Path | None = None  # an earlier build's folder: also write redlines
    with_advice: bool = False  # advice.md/.docx for the policy owner (policygen review)
    overlay: Path | None = None  # the organisation's own clauses (--clauses; wins over answers)
    # keep converted DOCX files in the user's cache and reuse them (render/docx_cache): set by
    # the build for one organisation, not for a batch
    reuse_docx: bool = False


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
