"""One clause of the library: a Markdown file with YAML front matter and a body per language.

The format (documented for authors in ``clauses/README.md``)::

    ---
    id: escalation.ladder
    version: 1.0.0
    title: {nl: Escalatieladder, en: Escalation ladder}
    documents: [protocol]
    section: escalation
    order: 20
    when: escalation.levels | length > 1
    ---
    <!-- lang: nl -->
    Nederlandse tekst met {{ organisation.short_name }} ...
    <!-- lang: en -->
    English text with {{ organisation.short_name }} ...
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Template, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from policygen.answers import yamlio
from policygen.answers.fields import Choice, Integer, ListOf, Problems, Record, Text
from policygen.answers.schema import LANGUAGES
from policygen.errors import PolicygenError, Problem, ProblemsError
from policygen.language import codecache
from policygen.language import environment as templating
from policygen.language.environment import RenderLimitError
from policygen.language.mdescape import MarkdownSafe

DOCUMENTS = ("protocol", "handout")  # every library arranges these (templates, sections)
# clauses may also be written for these; a library without them builds the others as before
OPTIONAL_DOCUMENTS = ("quiz",)
EDITIONS = ("participant", "trainer", "full", "compact")  # handout's, then the protocol's
ID_PATTERN = r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+"
SEMVER_PATTERN = r"(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)"
_LANG_MARKER = re.compile(r"^<!--\s*lang:\s*([a-z]{2})\s*-->[ \t]*$", re.MULTILINE)

FRONT_MATTER = Record(fields={
    "id": Text(required=True, max_length=80, pattern=ID_PATTERN,
               pattern_hint="must be dotted lower-case words like escalation.ladder"),
    "version": Text(required=True, max_length=20, pattern=SEMVER_PATTERN,
                    pattern_hint="must be a version like 1.2.0"),
    "title": Record(required=True, fields={
        lang: Text(required=True, max_length=120) for lang in LANGUAGES
    }),
    "documents": ListOf(item=Choice(choices=DOCUMENTS + OPTIONAL_DOCUMENTS), required=True,
                        min_items=1, unique=True),
    "section": Text(required=True, max_length=60),
    "order": Integer(required=True, minimum=0, maximum=10_000),
    "when": Text(max_length=1000, description="Condition on the answers (Jinja expression)."),
    "editions": ListOf(item=Choice(choices=EDITIONS), min_items=1, unique=True,
                       default=list(EDITIONS)),
    "summary": Text(max_length=300, description="One line for `policygen clauses`."),
    # only in the organisation's own clauses (an overlay): the library clause, and the
    # library version of it, that this one replaces
    "replaces": Text(max_length=120, pattern=rf"{ID_PATTERN}@{SEMVER_PATTERN}",
                     pattern_hint="must be a library clause and the version yours follows, "
                                  "like escalation.press@1.0.0"),
    # the kind of the change that made this version (clauses/README.md, "Versions"); the
    # CHANGELOG entry may say it instead
    "change": Choice(choices=("editorial", "substantive")),
})


class ClauseRenderError(PolicygenError):
    """A clause or template failed to compile, render or evaluate for given answers.

    ``over_limit`` is true when it ran past a limit of :mod:`templating` (time, steps, size):
    ``check`` then stops rendering that clause for other profiles.
    """

    def __init__(self, problem: Problem, over_limit: bool = False) -> None:
        self.problem = problem
        self.over_limit = over_limit
        super().__init__(str(problem))


@dataclass(frozen=True)
class Clause:
    """A parsed clause: metadata, its condition and one Markdown/Jinja body per language."""

    id: str
    version: str
    title: dict[str, str]
    documents: tuple[str, ...]
    section: str
    order: int
    when: str | None
    editions: tuple[str, ...]
    summary: str | None
    bodies: dict[str, str]
    body_lines: dict[str, int]
    when_line: int
    source: str
    sha256: str
    replaces: str | None = None  # "escalation.press@1.0.0": an overlay clause replacing one
    change: str | None = None  # editorial or substantive: the kind of this version's change
    own: bool = False  # the organisation's own clause (an overlay's), not the library's
    _compiled: dict[str, Template] = field(default_factory=dict, compare=False, repr=False)

    def applies(self, env: ImmutableSandboxedEnvironment, context: dict[str, Any]) -> bool:
        """Whether the clause's condition holds for these answers."""
        if not self.when:
            return True
        try:
            return bool(templating.evaluate(_expression(env, self.when), context))
        except Exception as exc:  # noqa: BLE001 - any failure is the clause author's to fix
            raise self._error(f"when: {reason(exc)}", self.when_line, exc) from None

    def template(self, env: ImmutableSandboxedEnvironment, language: str) -> Template:
        """The compiled body for ``language`` (compiled once, kept by content hash)."""
        compiled = self._compiled.get(language)
        if compiled is None:
            try:
                compiled = compile_template(env, self.bodies[language])
            except TemplateSyntaxError as exc:
                line = self.body_lines[language] + (exc.lineno or 1) - 1
                raise self._error(f"{language} body: {exc.message}", line, exc) from None
            except Exception as exc:  # noqa: BLE001 - nested too deeply, too large, ...
                raise self._error(f"{language} body: cannot be compiled: {reason(exc)}",
                                  self.body_lines[language], exc) from None
            self._compiled[language] = compiled
        return compiled

    def render(self, env: ImmutableSandboxedEnvironment, language: str,
               context: dict[str, Any]) -> MarkdownSafe:
        """The body in ``language`` for these answers, as Markdown."""
        template = self.template(env, language)
        try:
            text = templating.render(template, context)
        except Exception as exc:  # noqa: BLE001 - any failure is the clause author's to fix
            line = self.body_lines[language] + template_line(exc) - 1
            raise self._error(f"{language} body: {reason(exc)}", line, exc) from None
        return MarkdownSafe(text.strip() + "\n")

    def _error(self, message: str, line: int | None, exc: BaseException) -> ClauseRenderError:
        return ClauseRenderError(Problem(self.source, message, line=line),
                                 over_limit=isinstance(exc, (RenderLimitError, RecursionError,
                                                             MemoryError)))


def compile_template(env: ImmutableSandboxedEnvironment, source: str) -> Template:
    """Compile Jinja source once (kept in memory and in the disk cache of codecache)."""
    return codecache.template(env, source)


def _expression(env: ImmutableSandboxedEnvironment, source: str) -> Any:
    return codecache.expression(env, source)


def reason(exc: BaseException) -> str:
    """What went wrong, in one line.

    Our own and Jinja's errors give their message; anything else also its kind, as in
    ``division by zero (ZeroDivisionError)``.
    """
    if isinstance(exc, RecursionError):
        return "nested too deeply, or a macro that calls itself without end (RecursionError)"
    if isinstance(exc, MemoryError):
        return "runs out of memory (MemoryError)"
    text = getattr(exc, "message", None) or str(exc)
    first = text.splitlines()[0] if text else ""
    if isinstance(exc, (PolicygenError, TemplateError)):
        return first or type(exc).__name__
    return f"{first} ({type(exc).__name__})" if first else type(exc).__name__


def template_line(exc: BaseException) -> int:
    """The line inside the template where a render error happened (1 if unknown)."""
    tb = exc.__traceback__
    line = 1
    while tb is not None:  # Jinja rewrites template frames to carry template line numbers
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def parse(text: str, source: str, env: ImmutableSandboxedEnvironment) -> Clause:
    """Parse one clause file; every problem in it is raised together as ProblemsError."""
    if not text.startswith("---\n"):
        raise ProblemsError([Problem(source, "must start with a '---' front matter line", line=1)])
    end = text.find("\n---\n", 3)
    if end < 0:
        raise ProblemsError([Problem(source, "front matter is not closed by a '---' line")])
    front_text = text[4:end + 1]
    body_start_line = front_text.count("\n") + 3
    raw = codecache.parsed(front_text, lambda: yamlio.load(front_text, source, line_offset=1))
    problems = Problems()
    meta = FRONT_MATTER.validate(raw, "", problems)
    found = [Problem(source, p.message, field=p.path, line=_key_line(front_text, p.path))
             for p in problems.items]
    bodies, body_lines, body_problems = _split_bodies(text[end + 5:], body_start_line, source)
    found += body_problems
    when_line = _key_line(front_text, "when") or 1
    if meta and meta.get("when"):
        try:
            _expression(env, meta["when"])
        except TemplateSyntaxError as exc:
            found.append(Problem(source, f"not a valid condition: {exc.message}", "when",
                                 when_line))
        except Exception as exc:  # noqa: BLE001 - nested too deeply, too large, ...
            found.append(Problem(source, f"not a valid condition: {reason(exc)}", "when",
                                 when_line))
    if found:
        raise ProblemsError(found)
    return Clause(
        id=meta["id"], version=meta["version"], title=meta["title"],
        documents=tuple(meta["documents"]), section=meta["section"], order=meta["order"],
        when=meta["when"], editions=tuple(meta["editions"]), summary=meta["summary"],
        bodies=bodies, body_lines=body_lines, when_line=when_line, source=source,
        sha256=hashlib.sha256(text.encode()).hexdigest(), replaces=meta["replaces"],
        change=meta["change"],
    )


def _split_bodies(body: str, first_line: int,
                  source: str) -> tuple[dict[str, str], dict[str, int], list[Problem]]:
    bodies: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    markers = list(_LANG_MARKER.finditer(body))
    if not markers or body[:markers[0].start()].strip():
        problems.append(Problem(source, "the body must start with a '<!-- lang: nl -->' line",
                                line=first_line))
    for index, marker in enumerate(markers):
        lang = marker.group(1)
        line = first_line + body.count("\n", 0, marker.start())
        stop = markers[index + 1].start() if index + 1 < len(markers) else len(body)
        if lang not in LANGUAGES:
            problems.append(Problem(source, f"unknown language {lang!r}", line=line))
        elif lang in bodies:
            problems.append(Problem(source, f"the {lang} body is given twice", line=line))
        else:
            bodies[lang] = body[marker.end() + 1:stop]
            lines[lang] = line + 1
            if not bodies[lang].strip():
                problems.append(Problem(source, f"the {lang} body is empty", line=line))
    for lang in LANGUAGES:
        if lang not in bodies and markers:
            problems.append(Problem(source, f"no {lang} body (add '<!-- lang: {lang} -->')"))
    return bodies, lines, problems


def _key_line(front_text: str, path: str) -> int | None:
    """The file line of a front matter key (front matter starts on line 2)."""
    key = path.split(".")[0].split("[")[0]
    if not key:
        return None
    match = re.search(rf"^{re.escape(key)}\s*:", front_text, re.MULTILINE)
    return front_text.count("\n", 0, match.start()) + 2 if match else None
