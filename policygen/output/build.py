"""`policygen build`: answers → selection → assembly → renderers → output folder + manifest.

Everything for one organisation is produced in memory first; only when every document has
rendered are the files written (atomically, the manifest last). A bad answers file therefore
leaves its output folder untouched. With several answers files each is built on its own and
failures are reported together at the end.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policygen.answers import schema as answers_module
from policygen.assembly import assemble as assembly
from policygen.assembly.assemble import AssembledDocument
from policygen.clauselib import library as library_module
from policygen.clauselib import overlay as overlay_module
from policygen.clauselib.library import ClauseLibrary
from policygen.errors import InternalError, PolicygenError, Problem, ProblemsError
from policygen.output import documents as documents_module
from policygen.output.manifest import DocumentEntry, Manifest, record_changes, sha256
from policygen.output.write import write_outputs
from policygen.render.docinfo import DocumentInfo
from policygen.request import BuildOptions, DocumentRequest, MadeDocument

DEFAULT_OUT = Path("output")
DRAFT_DATE = dt.date(2000, 1, 1)  # a draft's DOCX dates: fixed, so its bytes do not vary


@dataclass
class BuildResult:
    """One organisation built: where, which files, and its manifest."""

    answers_path: Path
    folder: Path
    written: list[Path]
    manifest: Manifest
    kept: list[str] = field(default_factory=list)  # earlier files not rebuilt (--format)
    unchanged: list[str] = field(default_factory=list)  # already held exactly this; untouched


@dataclass
class BuildReport:
    """The outcome of a build of one or more answers files."""

    results: list[BuildResult] = field(default_factory=list)
    failures: list[tuple[Path, PolicygenError]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # the build went on; worth knowing

    @property
    def ok(self) -> bool:
        """True when every answers file built."""
        return not self.failures

    def lines(self) -> list[str]:
        """What was written, one line per organisation."""
        return [f"{r.answers_path} → {r.folder}/ ({', '.join(p.name for p in r.written)})"
                + (f"; kept from an earlier build: {', '.join(r.kept)}" if r.kept else "")
                + _unchanged_note(r)
                for r in self.results]

    def failure_lines(self) -> list[str]:
        """Every problem, and a summary when some files of several failed."""
        lines = [line for _, error in self.failures for line in error.lines()]
        if self.failures and (self.results or len(self.failures) > 1):
            total = len(self.results) + len(self.failures)
            lines.append(f"{len(self.failures)} of {total} answers files failed: "
                         + ", ".join(str(p) for p, _ in self.failures))
        return lines


def _unchanged_note(result: BuildResult) -> str:
    """What a rebuild left alone because it already held exactly the new build's bytes."""
    if not result.unchanged:
        return ""
    if len(result.unchanged) == len(result.written):
        return "; unchanged since the last build"
    return f"; unchanged: {', '.join(result.unchanged)}"


def render_files(documents: dict[str, AssembledDocument], answers: answers_module.Answers,
                 library: ClauseLibrary,
                 options: BuildOptions) -> tuple[dict[str, bytes], Manifest]:
    """Every document file's bytes for one organisation, and the manifest describing them."""
    version = library.version()
    files: dict[str, bytes] = {}
    entries: dict[str, DocumentEntry] = {}
    docx_cache: dict[str, bytes] = {}
    wanted = {kind: document for kind, document in documents.items()
              if kind in options.documents}
    wants_docx = "docx" in options.formats or "pdf" in options.formats
    infos = {kind: _docx_info(document, answers, library, version.version)
             for kind, document in wanted.items()} if wants_docx else {}
    for kind, document in wanted.items():
        entry = DocumentEntry([(c.id, c.version) for c in document.clauses],
                              edition=document.edition)
        if "md" in options.formats:
            files[f"{kind}.md"] = document.markdown.encode("utf-8")
        if wants_docx:
            data = _render_docx(document.markdown, infos[kind], options)
            docx_cache[kind] = data
            if "docx" in options.formats:
                files[f"{kind}.docx"] = data
        entries[kind] = entry
    if "pdf" in options.formats or (options.page_numbers and "docx" in options.formats):
        pdfs, paginated = _pdfs(wanted, docx_cache, answers, library, version.version,
                                options)
        for kind, data in pdfs.items() if "pdf" in options.formats else ():
            files[f"{kind}.pdf"] = data
        for kind, data in paginated.items():  # the DOCX with page numbers in its contents
            if f"{kind}.docx" in files:
                files[f"{kind}.docx"] = data
    for name, data in files.items():
        entries[name.split(".")[0]].files[name] = sha256(data)
    for made in _optional_documents(documents, answers, library, version.version, options):
        entries[made.kind] = DocumentEntry(list(made.clauses), edition=made.edition,
                                           extra=dict(made.extra))
        for name, data in made.files.items():
            files[name] = data
            entries[made.kind].files[name] = sha256(data)
    library_entry = version.as_manifest()
    if library.overlay:  # which clauses are the organisation's own
        library_entry["overlay"] = library.overlay.as_manifest()
        for entry in entries.values():
            entry.clause_keys.update({clause_id: dict(keys) for clause_id, _ in entry.clauses
                                      if (keys := library.overlay.manifest_keys(clause_id))})
    record_changes(entries, library)  # each clause's kind of last change
    manifest = Manifest(language=answers.language, answers_sha256=answers.sha256,
                        library=library_entry, documents=entries,
                        organisation=answers.data["organisation"]["name"],
                        effective_date=_iso(answers.data["organisation"]["effective_date"]))
    return files, manifest


def _iso(value: object) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else None


def _optional_documents(documents: dict[str, AssembledDocument],
                        answers: answers_module.Answers, library: ClauseLibrary,
                        library_version: str,
                        options: BuildOptions) -> list[MadeDocument]:
    """The documents beyond the protocol and handout that this build asks for."""
    optional = [kind for kind in options.documents if kind not in documents_module.CORE]
    if not (optional or options.redline_against or options.with_advice):
        return []

    def docx(markdown: str, kind: str, title: str) -> bytes:
        info = _info(kind, title, answers.language, None, answers, library, library_version)
        return _render_docx(markdown, info, options)

    request = DocumentRequest(answers, library, documents, options,
                                               library_version, docx)
    made = [documents_module.maker(kind)(request) for kind in optional]
    if options.redline_against:
        from policygen.history.redline import make_redlines

        made += make_redlines(request, options.redline_against)
    if options.with_advice:
        from policygen.review.advice import make_advice

        made.append(make_advice(request))
    return made


def _pdfs(documents: dict[str, AssembledDocument], docx_files: dict[str, bytes],
          answers: answers_module.Answers, library: ClauseLibrary, library_version: str,
          options: BuildOptions) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Print PDFs through LibreOffice, in two passes where a document has a contents list.

    The first pass finds the page of every heading, the second prints them in the contents
    (LibreOffice does not refresh a TOC field itself). Returns the PDFs, and the DOCX files
    that were built again with those page numbers.
    """
    from policygen.render import docx as render_docx
    from policygen.render.pdf import docx_to_pdf, heading_pages

    pdfs = docx_to_pdf(docx_files)
    again: dict[str, bytes] = {}
    for kind, document in documents.items():
        if not library.layout[kind].contents:
            continue
        pages = heading_pages(pdfs[kind], render_docx.toc_entries(document.markdown))
        if pages:
            info = _docx_info(document, answers, library, library_version, pages)
            again[kind] = _render_docx(document.markdown, info, options)
    if again:
        pdfs.update(docx_to_pdf(again))
    return pdfs, again


def _render_docx(markdown: str, info: DocumentInfo, options: BuildOptions) -> bytes:
    if options.reuse_docx:
        from policygen.render import docx_cache

        return docx_cache.render(markdown, info, options.reference_doc)
    from policygen.render import docx as render_docx

    return render_docx.render(markdown, info, options.reference_doc)


def _docx_info(document: AssembledDocument, answers: answers_module.Answers,
               library: ClauseLibrary, library_version: str,
               toc_pages: tuple[int, ...] = ()) -> DocumentInfo:
    return _info(document.kind, document.title, document.language, document.edition,
                 answers, library, library_version, toc_pages)


def _info(kind: str, title: str, lang: str, edition: str | None,
          answers: answers_module.Answers, library: ClauseLibrary, library_version: str,
          toc_pages: tuple[int, ...] = ()) -> DocumentInfo:
    """A document's properties and furniture: the policy owner, the library, draft or in force."""
    from policygen.language.filters import format_date

    org = answers.data["organisation"]
    owner = org["policy_owner"]
    words = {key: value[lang] for key, value in library.labels["furniture"].items()}
    layout = library.layout.get(kind)
    return DocumentInfo(
        title=title,
        subject=title,
        author=owner.get("name") or owner["role"],
        keywords=", ".join(("social media", kind, org["short_name"])),
        version=library_version,
        language=lang,
        date=org["effective_date"] or org["adopted_on"] or DRAFT_DATE,
        comments=f"policygen; clause library {library_version}",
        header=title,
        footer=(f"{words['in_force']} {format_date(org['effective_date'], lang)}"
                if org["effective_date"] else words["draft"].capitalize())
               + f" · {words['library']} {library.release}",
        page_words=(words["page"], words["of"]),
        toc_title=words["contents"] if layout and layout.contents else None,
        keep_blocks=bool(layout and layout.keep_blocks),
        custom=(("policygen.library", library_version),
                ("policygen.library_release", library.release),
                ("policygen.answers_sha256", answers.sha256),
                ("policygen.document", kind),
                *((("policygen.edition", edition),) if edition else ())),
        toc_pages=toc_pages,
    )


def load_answers(path: Path, options: BuildOptions) -> answers_module.Answers:
    """Read an answers file, in the language ``--lang`` asks for."""
    answers = answers_module.load(path)
    return answers.with_language(options.language) if options.language else answers


LANGUAGE_NAMES = {"nl": "Dutch", "en": "English"}


def _language_warning(paths: list[Path], language: str) -> str:
    """One warning for the answers files written in another language than ``--lang``."""
    which = str(paths[0]) if len(paths) == 1 else f"{len(paths)} answers files"
    return (f"{which}: the documents are in {LANGUAGE_NAMES[language]} (--lang {language}), "
            "but the answers' own texts (roles, topics, what a level handles, schedules) "
            "stay as written")


def build_one(answers: answers_module.Answers, folder: Path, library: ClauseLibrary,
              options: BuildOptions) -> BuildResult:
    """Build one organisation into ``folder``: everything in memory, then written at once."""
    documents = assembly.assemble(answers, library, edition=options.edition,
                                  compact=options.compact)
    files, manifest = render_files(documents, answers, library, options)
    result = write_outputs(folder, files, manifest, force=options.force)
    return BuildResult(Path(answers.source), folder, result.written, manifest, result.kept,
                       result.unchanged)


Progress = Callable[[int, int], None]
PARALLEL_FROM = 8  # answers files; below this a process pool costs more than it saves


def build_all(paths: Sequence[Path], out: Path | None, options: BuildOptions,
              progress: Progress | None = None, workers: int | None = None) -> BuildReport:
    """Build answers files: one into ``out``, several into ``out/<slug>/``.

    Every file is validated first (so clashing organisation folders are found before anything
    is written); larger batches are built on all cores. A bad file is reported and the rest
    still build. ``progress(done, total)`` is called after each organisation.
    """
    libraries = overlay_module.OrganisationLibraries(
        library_module.load(options.library_root, overlay=options.overlay),
        fixed=options.overlay is not None)
    libraries.library.prefetch_version()  # git answers while the answers are read and assembled
    report = BuildReport(warnings=_check_reference(options.reference_doc))
    jobs: list[tuple[int, Path, Path, answers_module.Answers]] = []
    failures: list[tuple[int, Path, PolicygenError]] = []
    folders: dict[Path, Path] = {}
    switched: list[Path] = []  # answers written in another language than --lang
    for index, path in enumerate(paths):
        try:
            answers = load_answers(path, options)
            if answers.written_language != answers.language:
                switched.append(path)
            if len(paths) == 1:
                folder = out or DEFAULT_OUT / answers.slug
            else:
                folder = (out or DEFAULT_OUT) / answers.slug
            if folder in folders:
                raise PolicygenError(f"{path}: the same organisation folder {folder}/ as "
                                     f"{folders[folder]}; give the organisations distinct names")
            folders[folder] = path
            libraries.for_answers(answers)  # its own clauses (library.overlay) read and checked
            jobs.append((index, path, folder, answers))
        except PolicygenError as exc:
            failures.append((index, path, exc))
    if switched and options.language:
        report.warnings.append(_language_warning(switched, options.language))
    report.warnings += libraries.warnings()
    if len(jobs) == 1 and not options.reuse_docx:  # one organisation: reuse its documents
        options = dataclasses.replace(options, reuse_docx=True)
    total, done = len(paths), len(failures)
    results: list[tuple[int, BuildResult]] = []
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if len(jobs) >= PARALLEL_FROM and workers > 1:
        for index, path, outcome in _build_in_pool(jobs, options, workers):
            if isinstance(outcome, BuildResult):
                results.append((index, outcome))
            else:
                failures.append((index, path, outcome))
            done += 1
            if progress:
                progress(done, total)
    else:
        for index, path, folder, answers in jobs:
            try:
                results.append((index, build_one(answers, folder,
                                                 libraries.for_answers(answers), options)))
            except PolicygenError as exc:
                failures.append((index, path, exc))
            except Exception as exc:  # noqa: BLE001 - one organisation's bug spares the rest
                failures.append((index, path, InternalError.of(path, exc)))
            done += 1
            if progress:
                progress(done, total)
    report.results = [result for _, result in sorted(results, key=lambda item: item[0])]
    report.failures = [(path, exc) for _, path, exc in sorted(failures, key=lambda f: f[0])]
    return report


_WORKER: tuple[overlay_module.OrganisationLibraries, BuildOptions] | None = None


def _start_worker(options: BuildOptions) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _WORKER = (overlay_module.OrganisationLibraries(
        library_module.load(options.library_root, overlay=options.overlay),
        fixed=options.overlay is not None), options)


def _build_in_worker(path: Path, folder: Path) -> BuildResult | list[str]:
    """Build one organisation in a pool process; errors come back as their lines."""
    assert _WORKER is not None  # noqa: S101 - set by the pool initializer
    libraries, options = _WORKER
    try:
        answers = load_answers(path, options)
        return build_one(answers, folder, libraries.for_answers(answers), options)
    except PolicygenError as exc:
        return exc.lines()
    except Exception as exc:  # noqa: BLE001 - reported with the batch, not a lost worker
        return InternalError.of(path, exc).lines()


def _build_in_pool(jobs: list[tuple[int, Path, Path, answers_module.Answers]],
                   options: BuildOptions,
                   workers: int) -> Iterator[tuple[int, Path, BuildResult | PolicygenError]]:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                               initargs=(options,))
    try:
        futures = {pool.submit(_build_in_worker, path, folder): (index, path)
                   for index, path, folder, _ in jobs}
        for future in as_completed(futures):
            index, path = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker died (killed, out of memory)
                yield index, path, InternalError.of(path, exc)
                continue
            if isinstance(outcome, BuildResult):
                yield index, path, outcome
            else:
                yield index, path, PolicygenError("\n".join(outcome))
    finally:  # on Ctrl-C: drop the queued organisations, let the running ones finish
        pool.shutdown(wait=True, cancel_futures=True)


def _check_reference(reference: Path | None) -> list[str]:
    """Refuse an unusable house style before anything is built; its warnings otherwise."""
    if reference is None:
        return []
    if not reference.exists():
        raise ProblemsError([Problem(str(reference), "--reference-doc: no such file")])
    from policygen.render.reference_doc import check_reference

    return check_reference(reference)


def example_answers() -> list[Path]:
    """The example organisations shipped with policygen (for `policygen demo`)."""
    root = library_module.default_root()
    return sorted((root / "examples").glob("*.yaml"))
