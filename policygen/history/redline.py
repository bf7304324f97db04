"""``build --redline-against DIR``: the protocol and handout as Word tracked changes since then.

DIR is an earlier build's output folder. Its ``manifest.json`` says which organisation,
language and library it was built from and the sha256 of every file; the earlier text is its
``protocol.md`` / ``handout.md``, refused when it is not exactly what that build wrote (edited
by hand, missing, older than the manifest). Both texts are rendered with today's renderer and
house style, so only what the text says can differ, and
:func:`policygen.render.docx_redline.track_changes` marks every changed word:
``protocol-redline.docx`` and ``handout-redline.docx``. A document the earlier build did not
make (no handout then) is skipped with a warning: with nothing to compare, its own DOCX is
the document to read. A batch's output folder (``DIR/<organisation>/``) is found by the
organisation's folder name.

Every problem is one line naming the file, and the build writes nothing.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policygen import safeio
from policygen.answers.schema import Answers
from policygen.errors import PolicygenError, ProblemsError
from policygen.history import worddiff
from policygen.render.docx_redline import track_changes
from policygen.request import DocumentRequest, MadeDocument

AUTHOR = "policygen"
DOCUMENTS = ("protocol", "handout")
MANIFEST_NAME = "manifest.json"
MAX_MARKDOWN_BYTES = 20_000_000
LANGUAGES = {"nl": "Dutch", "en": "English"}


@dataclass(frozen=True)
class EarlierBuild:
    """An earlier build's folder and what its manifest recorded."""

    folder: Path
    manifest: Path
    data: dict[str, Any]

    def entry(self, kind: str) -> dict[str, Any] | None:
        """The manifest entry of one document (None: that build did not make it)."""
        entry = self.data["documents"].get(kind)
        return entry if isinstance(entry, dict) else None


def make_redlines(request: DocumentRequest, against: Path) -> list[MadeDocument]:
    """The redlines of this build's protocol and handout against the build in ``against``.

    Raises :class:`PolicygenError` (one line, naming the file) for an unusable folder,
    manifest or earlier text; nothing is rendered until every earlier text has been read.
    """
    earlier = read_earlier(against, request.answers, force=request.options.force)
    texts: dict[str, str] = {}
    for kind in DOCUMENTS:
        if kind in request.options.documents and kind in request.documents:
            text = earlier_text(earlier, kind)
            if text is None:
                warnings.warn(f"{earlier.manifest}: that build made no {kind}, so there is "
                              f"nothing to compare {kind}.docx with: {kind}-redline.docx is "
                              "not written", stacklevel=2)
            else:
                texts[kind] = text
    return [_redline(request, earlier, kind, text) for kind, text in texts.items()]


def _redline(request: DocumentRequest, earlier: EarlierBuild, kind: str,
             text: str) -> MadeDocument:
    document = request.documents[kind]
    old = request.docx(text, kind, document.title)
    new = request.docx(document.markdown, kind, document.title)
    marked = track_changes(old, new, author=AUTHOR, tokens=worddiff.tokens,
                           diff=worddiff.diff_items)
    if kind == "protocol" and (marked.inserted_words or marked.deleted_words):
        _warn_same_date(earlier, request.answers)
    entry = earlier.entry(kind) or {}
    against = {"library": earlier.data.get("library"),
               "answers_sha256": earlier.data.get("answers_sha256"),
               "file": {f"{kind}.md": entry["files"][f"{kind}.md"]}}
    if entry.get("edition"):
        against["edition"] = entry["edition"]
    return MadeDocument(
        kind=f"{kind}-redline", files={f"{kind}-redline.docx": marked.data},
        clauses=[(clause.id, clause.version) for clause in document.clauses],
        edition=document.edition,
        extra={"against": against, "changes": {"inserted_words": marked.inserted_words,
                                               "deleted_words": marked.deleted_words}})


def read_earlier(against: Path, answers: Answers, *, force: bool = False) -> EarlierBuild:
    """The earlier build in ``against`` (its folder, a batch's folder, or its manifest).

    Refused: no folder or manifest there, a damaged manifest, another organisation's build
    (unless ``force``: the organisation was renamed), a build in another language.
    """
    folder = against.parent if against.name == MANIFEST_NAME and against.is_file() else against
    if not folder.is_dir():
        raise PolicygenError(f"{against}: no such folder; --redline-against takes the output "
                             "folder of an earlier build")
    if not (folder / MANIFEST_NAME).exists() and (folder / answers.slug / MANIFEST_NAME).exists():
        folder = folder / answers.slug  # the output folder of a batch build
    path = folder / MANIFEST_NAME
    if not path.exists():
        raise PolicygenError(f"{folder}: no {MANIFEST_NAME}, so not the output folder of a "
                             "policygen build; --redline-against takes the folder an earlier "
                             "build wrote")
    data = _manifest(path)
    name, built_for = answers.name, data.get("organisation")
    if isinstance(built_for, str) and _plain(built_for) != _plain(name) and not force:
        raise PolicygenError(f"{path}: the build of {built_for!r}, not of {name!r}; give this "
                             "organisation's earlier output folder (or --force, where the "
                             "organisation was renamed)")
    language = data.get("language")
    if isinstance(language, str) and language != answers.language:
        raise PolicygenError(
            f"{path}: built in {LANGUAGES.get(language, language)}, this build is in "
            f"{LANGUAGES.get(answers.language, answers.language)}; a redline across languages "
            f"would mark every word (build with --lang {language} to compare)")
    return EarlierBuild(folder, path, data)


def _warn_same_date(earlier: EarlierBuild, answers: Answers) -> None:
    """A changed protocol under its old effective date: two versions nobody can tell apart."""
    if "effective_date" not in earlier.data:
        return  # a manifest from before policygen recorded it
    date = answers.data["organisation"]["effective_date"]
    now = date.isoformat() if date else None
    if now is not None and earlier.data["effective_date"] == now:
        warnings.warn(f"{answers.source}: the protocol changed since the build in "
                      f"{earlier.folder}, but its effective date did not ({now}); set "
                      "organisation.effective_date to the day the new version takes effect, "
                      "so that its documents and a signed attendance sheet tell the two "
                      "versions apart", stacklevel=2)


def earlier_text(earlier: EarlierBuild, kind: str) -> str | None:
    """The Markdown that build wrote for ``kind``, as it wrote it (None: it made no ``kind``)."""
    entry = earlier.entry(kind)
    if entry is None:
        return None
    name = f"{kind}.md"
    path = earlier.folder / name
    files, kept = entry.get("files"), entry.get("kept_files")
    files = files if isinstance(files, dict) else {}
    if name not in files:
        if isinstance(kept, dict) and name in kept:
            raise PolicygenError(
                f"{path}: older than the build {earlier.manifest} records (that build wrote "
                f"no {name}); the redline would compare with the wrong version")
        made = ", ".join(sorted(str(file) for file in files)) or "no files"
        raise PolicygenError(
            f"{path}: that build wrote no Markdown ({made}); the redline compares the "
            f"earlier {name}, so it needs a build made with --format md (the default)")
    if not path.exists():
        raise PolicygenError(f"{path}: missing; {earlier.manifest} records it, and the redline "
                             "compares with it")
    try:
        data = safeio.read_regular(path, limit=MAX_MARKDOWN_BYTES, what="Markdown file")
    except ProblemsError as exc:
        raise PolicygenError(str(exc.problems[0])) from None
    if hashlib.sha256(data).hexdigest() != files[name]:
        raise PolicygenError(
            f"{path}: edited since that build (its sha256 is not the one {earlier.manifest} "
            "records); the redline compares with what policygen wrote: restore the file, or "
            "redline against another build")
    return data.decode("utf-8")  # what policygen wrote: UTF-8


def _manifest(path: Path) -> dict[str, Any]:
    """The manifest's data, refused where it is not one that policygen wrote."""
    try:
        data = safeio.read_json(path)
    except ProblemsError as exc:
        raise PolicygenError(str(exc.problems[0])) from None
    except safeio.NotJSONError as exc:
        raise _damaged(path, exc.reason) from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
        raise _damaged(path, "it has no documents")
    for kind, entry in data["documents"].items():
        if not isinstance(entry, dict) or not all(
                isinstance(files, dict) and all(isinstance(v, str) for v in files.values())
                for files in (entry.get("files", {}), entry.get("kept_files", {}))):
            raise _damaged(path, f"unexpected content at documents.{kind}")
    return data


def _damaged(path: Path, reason: str) -> PolicygenError:
    return PolicygenError(f"{path}: damaged ({reason}); the redline needs the earlier build's "
                          "manifest to know which texts it wrote")


def _plain(name: str) -> str:
    """A name compared without case and spacing (as the output folder's check does)."""
    return " ".join(name.casefold().split())
