"""``policygen changes``: one request in, the report (or the note written) out.

Reads the answers and today's library as the organisation builds with it (its own clauses on
top: ``--clauses DIR``, else the answers' ``library.overlay``, exactly as ``build`` does), finds
the earlier library (:mod:`earlier`), compares (:mod:`changes`), and either returns the text
report or writes the note for staff as Markdown or Word, atomically (a temporary file renamed
into place), in the answers' language.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from policygen.answers import schema as answers_module
from policygen.clauselib import library as library_module
from policygen.clauselib import overlay as overlay_module
from policygen.errors import PolicygenError
from policygen.history import changes_note, earlier
from policygen.history.changes import ChangeReport, compare

FORMATS = ("md", "docx")


@dataclass(frozen=True)
class ChangesRequest:
    """What the user asked ``policygen changes`` for."""

    answers: Path
    since: str  # a git ref, a manifest.json, or an output folder holding one
    library_root: Path | None = None
    out: Path | None = None
    format: str | None = None  # md or docx; default: from --out's suffix, else md
    language: str | None = None  # overrides the answers' language
    overlay: Path | None = None  # the organisation's own clauses (wins over library.overlay)


@dataclass(frozen=True)
class ChangesOutcome:
    """The comparison, and what to show: the text report, or where the note went."""

    report: ChangeReport
    text: str | None  # the text report (no --out)
    written: Path | None  # the note (with --out)

    def summary(self) -> str:
        """One line on what staff must do, for after a written note."""
        verdict = self.report.verdict
        line = "staff must sign again; they read articles " + ", ".join(
            number for number, _ in verdict.read) if verdict.sign_again else \
            "staff need not sign again"
        if verdict.wording_only:
            line += ("; articles " + ", ".join(verdict.wording_only) + " changed only in "
                     "wording for you: not to read again")
        if verdict.review_own:
            line += ("; review your own version of " + ", ".join(verdict.review_own)
                     + ": the library changed it since the version yours follows")
        if verdict.own_changed:
            line += ("; your own text is new or different in articles "
                     + ", ".join(verdict.own_changed) + ": decide whether staff read it")
        return line


def what_changed(request: ChangesRequest) -> ChangesOutcome:
    """Compare, then render or write (see the module doc)."""
    kind = request.format or ("docx" if request.out and request.out.suffix == ".docx" else "md")
    if kind == "docx" and request.out is None:
        raise PolicygenError("--format docx writes a file: give --out FILE")
    if request.out is not None and request.out.is_dir():
        raise PolicygenError(f"{request.out}: a folder; --out takes the note's file name "
                             f"(like changes.{kind})")
    answers = answers_module.load(request.answers)
    if request.language:
        answers = answers.with_language(request.language)
    library = overlay_module.OrganisationLibraries(
        library_module.load(request.library_root, overlay=request.overlay),
        fixed=request.overlay is not None).for_answers(answers)
    report = compare(answers, library, earlier.resolve(request.since, library, answers))
    labels = changes_note.labels_for(library, answers.language)
    if request.out is None:
        return ChangesOutcome(report, changes_note.text_report(report, labels), None)
    markdown = changes_note.markdown_note(report, labels)
    data = markdown.encode("utf-8") if kind == "md" else \
        changes_note.docx_note(markdown, library, answers, labels)
    _write(request.out, data)
    return ChangesOutcome(report, None, request.out)


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` at once: a temporary file beside it, then renamed."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise PolicygenError(f"{path}: the folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise PolicygenError(f"{path}: cannot write the note ({exc.strerror or exc})") from None
