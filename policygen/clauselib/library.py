"""The clause library: clauses, document templates, sections and labels, read from one folder.

A library folder holds ``clauses/`` (one Markdown file per clause, ``library.yaml`` with the
release version, ``CHANGELOG.md``) and ``templates/`` (``protocol.md.j2``, ``handout.md.j2``,
``sections.yaml``, ``labels.yaml``). The library shipped with policygen is found by
:func:`default_root`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Template, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from policygen import safeio
from policygen.answers import yamlio
from policygen.answers.fields import Boolean, ListOf, Problems, Record, Text
from policygen.answers.schema import LANGUAGES
from policygen.clauselib import clause as clause_module
from policygen.clauselib import snapshot
from policygen.clauselib import version as libversion
from policygen.clauselib.clause import DOCUMENTS, OPTIONAL_DOCUMENTS, SEMVER_PATTERN, Clause
from policygen.errors import Problem, ProblemsError
from policygen.language import codecache
from policygen.language.environment import make_environment

if TYPE_CHECKING:
    from policygen.clauselib.overlay import Overlay

TEMPLATE_NAMES = {doc: f"{doc}.md.j2" for doc in DOCUMENTS}
# Labels the code itself prints (assembly: document titles; build: page furniture).
REQUIRED_LABELS = {
    "document": DOCUMENTS,
    "furniture": ("contents", "page", "of", "in_force", "library", "draft"),
    # the law of every country without its own law_XX kind; clauses read it as law.<key>
    "law_EU": ("privacy_law", "privacy_short", "privacy_regulator", "whistleblowing_law",
               "whistleblowing_body", "works_council", "works_council_consent", "ad_code",
               "ad_body", "records_law", "health_regulator", "finance_regulator",
               "market_abuse"),
}

_TITLES = Record(required=True, fields={lang: Text(required=True) for lang in LANGUAGES})
SECTIONS_SCHEMA = Record(fields={
    doc: ListOf(required=doc in DOCUMENTS, min_items=1, item=Record(fields={
        "id": Text(required=True, max_length=60),
        "title": _TITLES,
    })) for doc in DOCUMENTS + OPTIONAL_DOCUMENTS
})
LIBRARY_SCHEMA = Record(fields={
    "version": Text(required=True, pattern=SEMVER_PATTERN, pattern_hint="must be like 1.2.0"),
    "name": Text(),
})

_ENV: ImmutableSandboxedEnvironment | None = None


def environment() -> ImmutableSandboxedEnvironment:
    """The process-wide sandboxed environment (compiled templates are cached against it)."""
    global _ENV
    if _ENV is None:
        _ENV = make_environment()
    return _ENV


@dataclass(frozen=True)
class Section:
    """A section of a document: its id (what clauses name) and its title per language."""

    id: str
    title: dict[str, str]


@dataclass(frozen=True)
class DocumentLayout:
    """How a document is laid out in Word (templates/documents.yaml)."""

    contents: bool  # opens with a contents list
    keep_blocks: bool  # short lists and tables stay on one page


DEFAULT_LAYOUT = {"protocol": DocumentLayout(contents=True, keep_blocks=False),
                  "handout": DocumentLayout(contents=False, keep_blocks=True),
                  "quiz": DocumentLayout(contents=False, keep_blocks=True)}
LAYOUT_SCHEMA = Record(fields={
    doc: Record(fields={"contents": Boolean(default=DEFAULT_LAYOUT[doc].contents),
                        "keep_blocks": Boolean(default=DEFAULT_LAYOUT[doc].keep_blocks)})
    for doc in DEFAULT_LAYOUT})


@dataclass
class ClauseLibrary:
    """Everything a build needs from the library folder."""

    root: Path
    release: str
    clauses: list[Clause]
    sections: dict[str, list[Section]]
    labels: dict[str, dict[str, dict[str, str]]]
    template_sources: dict[str, str]
    layout: dict[str, DocumentLayout] = field(default_factory=lambda: dict(DEFAULT_LAYOUT))
    overlay: Overlay | None = None  # the organisation's own clauses, where there are any
    # each clause's kind of last change, from CHANGELOG.md (None: not worked out; a build
    # reads the changelog itself)
    change_kinds: dict[str, str] | None = None
    _by_document: dict[str, list[Clause]] = field(default_factory=dict, repr=False,
                                                  compare=False)

    @property
    def env(self) -> ImmutableSandboxedEnvironment:
        """The sandboxed environment clauses and templates render in."""
        return environment()

    def version(self) -> libversion.LibraryVersion:
        """Git describe of the library's work tree, or its release version."""
        return libversion.detect(self.root.resolve(), self.release)

    def prefetch_version(self) -> None:
        """Start asking git for :meth:`version` now, so it is ready when the manifest needs it."""
        libversion.prefetch(self.root.resolve(), self.release)

    def for_document(self, document: str) -> list[Clause]:
        """The clauses of ``document`` (protocol or handout), in library order."""
        found = self._by_document.get(document)
        if found is None:
            found = self._by_document[document] = [c for c in self.clauses
                                                   if document in c.documents]
        return found

    def get(self, clause_id: str) -> Clause:
        """The clause with this id (KeyError if there is none)."""
        for item in self.clauses:
            if item.id == clause_id:
                return item
        raise KeyError(clause_id)

    def document_template(self, document: str) -> Template:
        """The compiled Jinja template that arranges ``document``."""
        return clause_module.compile_template(self.env, self.template_sources[document])


def default_root() -> Path:
    """The library shipped with policygen: inside the package, or the source checkout."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "library"
    if (installed / "clauses").is_dir():
        return installed
    return here.parent


def load(root: Path | None = None, overlay: Path | None = None) -> ClauseLibrary:
    """Read and check a library folder; every problem in it is raised at once.

    ``overlay`` is a folder of the organisation's own clauses, added on top
    (:mod:`policygen.clauselib.overlay`).
    """
    root = root or default_root()
    clauses_dir, templates_dir = root / "clauses", root / "templates"
    problems: list[Problem] = []
    if not clauses_dir.is_dir() or not templates_dir.is_dir():
        raise ProblemsError([Problem(str(root), "not a clause library (needs clauses/ and "
                                                "templates/ folders)")])
    files = _input_files(root)
    snapshot_key = snapshot.key(files) if files is not None else None
    library = snapshot.restore(snapshot_key, root) if snapshot_key else None
    if library is None:
        library = _read_library(root, problems)
        if snapshot_key:
            snapshot.store(snapshot_key, library)
    if overlay is None:
        return library
    from policygen.clauselib import overlay as overlay_module  # it builds on this module

    return overlay_module.apply(library, overlay)


def _read_library(root: Path, problems: list[Problem]) -> ClauseLibrary:
    """Read, parse and check every file of the library at ``root``."""
    clauses_dir, templates_dir = root / "clauses", root / "templates"
    release = _read_release(clauses_dir / "library.yaml", problems)
    sections = _read_sections(templates_dir / "sections.yaml", problems)
    labels = _read_labels(templates_dir / "labels.yaml", problems)
    sources = _read_templates(templates_dir, problems)
    layout = _read_layout(templates_dir / "documents.yaml", problems)
    clauses = _read_clauses(clauses_dir, sections, problems)
    if problems:
        raise ProblemsError(problems)
    clauses.sort(key=lambda c: (c.order, c.id))
    return ClauseLibrary(root=root, release=release, clauses=clauses, sections=sections,
                         labels=labels, template_sources=sources, layout=layout,
                         change_kinds=_change_kinds(root, clauses))


def _change_kinds(root: Path, clauses: list[Clause]) -> dict[str, str] | None:
    """Each clause's kind of last change; None where the changelog cannot be read."""
    from policygen.clauselib import changelog  # it builds on this module's clauses

    try:
        return changelog.kinds(root, clauses)
    except ProblemsError:
        return None


def _input_files(root: Path) -> list[tuple[str, bytes | None]] | None:
    """Every file :func:`_read_library` reads (path inside ``root``, bytes or None: absent).

    None where one cannot be read as a regular file: reading the library then says why.
    """
    optional = ("templates/documents.yaml", "clauses/CHANGELOG.md")
    names = ["clauses/library.yaml", "templates/sections.yaml", "templates/labels.yaml",
             *optional, *(f"templates/{name}" for name in TEMPLATE_NAMES.values())]
    clauses_dir = root / "clauses"
    names += sorted(path.relative_to(root).as_posix() for path in clauses_dir.rglob("*.md")
                    if is_clause_file(path))
    files: list[tuple[str, bytes | None]] = []
    for name in names:
        path = root / name
        try:
            files.append((name, safeio.read_regular(path)))
        except ProblemsError:
            if name not in optional or path.exists() or path.is_symlink():
                return None
            files.append((name, None))
    return files


def _read_layout(path: Path, problems: list[Problem]) -> dict[str, DocumentLayout]:
    """templates/documents.yaml, or the default layout where a library has none."""
    if not path.exists():
        return dict(DEFAULT_LAYOUT)
    data = _validate(_read_yaml(path, problems) or {}, LAYOUT_SCHEMA, path, problems)
    if not data:
        return dict(DEFAULT_LAYOUT)
    return {doc: DocumentLayout(**data[doc]) for doc in DEFAULT_LAYOUT}


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    try:
        data = safeio.read_regular(path, what="YAML file")
        return codecache.parsed(data.decode("utf-8", "replace"),
                                lambda: yamlio.load(data, str(path)))
    except ProblemsError as exc:
        problems.extend(exc.problems)
    return None


def _read_text(path: Path, what: str) -> str:
    """A library text file, with its line ends as Python's text mode reads them."""
    text = safeio.read_text(path, what=what)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _validate(raw: Any, schema: Record, path: Path, problems: list[Problem]) -> Any:
    found = Problems()
    value = schema.validate(raw, "", found)
    problems.extend(Problem(str(path), p.message, field=p.path) for p in found.items)
    return value if not found.items else None


def _read_release(path: Path, problems: list[Problem]) -> str:
    data = _validate(_read_yaml(path, problems), LIBRARY_SCHEMA, path, problems)
    return str(data["version"]) if data else "0.0.0"


def _read_sections(path: Path, problems: list[Problem]) -> dict[str, list[Section]]:
    data = _validate(_read_yaml(path, problems), SECTIONS_SCHEMA, path, problems) or {}
    sections: dict[str, list[Section]] = {}
    for doc, items in data.items():
        sections[doc] = [Section(item["id"], item["title"]) for item in items or []]
        ids = [s.id for s in sections[doc]]
        for index, section_id in enumerate(ids):
            if section_id in ids[:index]:
                problems.append(Problem(str(path), "listed twice", f"{doc}[{index}].id"))
    return sections


def _read_labels(path: Path, problems: list[Problem]) -> dict[str, dict[str, dict[str, str]]]:
    count = len(problems)
    data = _read_yaml(path, problems)
    if len(problems) > count:
        return {}
    if not isinstance(data, dict):
        problems.append(Problem(str(path), "expected a mapping of label kinds"))
        return {}
    for kind, entries in data.items():
        if not isinstance(entries, dict):
            problems.append(Problem(str(path), "expected a mapping of values", str(kind)))
            continue
        for value, texts in entries.items():
            missing = [lang for lang in LANGUAGES
                       if not isinstance(texts, dict) or not isinstance(texts.get(lang), str)]
            if missing:
                problems.append(Problem(str(path), f"needs text for {', '.join(missing)}",
                                        f"{kind}.{value}"))
            extra = [str(key) for key in texts if key not in LANGUAGES] \
                if isinstance(texts, dict) else []
            if extra:  # "{nl: a, b, en: c}": an unquoted comma made a key of its own
                problems.append(Problem(str(path), f"unexpected {', '.join(map(repr, extra))} "
                                        "(quote a text that holds a comma)", f"{kind}.{value}"))
    for kind, keys in REQUIRED_LABELS.items():
        entries = data.get(kind)
        for key in keys:
            if not isinstance(entries, dict) or key not in entries:
                problems.append(Problem(str(path), "required: policygen prints this label "
                                                   "in every document", f"{kind}.{key}"))
    return data


def _read_templates(templates_dir: Path, problems: list[Problem]) -> dict[str, str]:
    sources: dict[str, str] = {}
    for doc, name in TEMPLATE_NAMES.items():
        path = templates_dir / name
        try:
            sources[doc] = _read_text(path, "document template")
            clause_module.compile_template(environment(), sources[doc])
        except ProblemsError as exc:
            problems.extend(exc.problems)
        except TemplateSyntaxError as exc:
            problems.append(Problem(str(path), exc.message or "syntax error", line=exc.lineno))
        except Exception as exc:  # noqa: BLE001 - nested too deeply, too large, ...
            problems.append(Problem(str(path), "cannot be compiled: "
                                               f"{clause_module.reason(exc)}"))
    return sources


def is_clause_file(path: Path) -> bool:
    """Whether a ``.md`` file in a clause folder is a clause (not README, CHANGELOG, NOTES…)."""
    return path.suffix == ".md" and not path.name.isupper() \
        and path.name not in ("README.md", "CHANGELOG.md")


def read_clause(path: Path, sections: dict[str, list[Section]], problems: list[Problem],
                expected_id: str | None = None) -> Clause | None:
    """One clause file, read safely and parsed; its problems go to ``problems``.

    ``expected_id`` is the id the file's place in the folder gives it (None: any id).
    """
    source = str(path)
    try:
        item = clause_module.parse(_read_text(path, "clause file"), source, environment())
    except ProblemsError as exc:
        problems.extend(exc.problems)
        return None
    if expected_id is not None and item.id != expected_id:
        problems.append(Problem(source, f"id {item.id!r} does not match the file's place "
                                        f"(expected {expected_id!r})", "id"))
    for doc in item.documents:
        if item.section not in {s.id for s in sections.get(doc, [])}:
            problems.append(Problem(source, f"no section {item.section!r} in the {doc} "
                                            "(templates/sections.yaml)", "section"))
    return item


def _read_clauses(clauses_dir: Path, sections: dict[str, list[Section]],
                  problems: list[Problem]) -> list[Clause]:
    clauses: list[Clause] = []
    seen: dict[str, str] = {}
    for path in sorted(clauses_dir.rglob("*.md")):
        if not is_clause_file(path):
            continue
        expected = ".".join(path.relative_to(clauses_dir).with_suffix("").parts)
        item = read_clause(path, sections, problems, expected)
        if item is None:
            continue
        if item.id in seen:
            problems.append(Problem(item.source, f"the same id as {seen[item.id]}", "id"))
        if item.replaces:
            problems.append(Problem(item.source, "only the organisation's own clauses "
                                    "(build --clauses DIR) replace a library clause", "replaces"))
        seen[item.id] = item.source
        clauses.append(item)
    return clauses
