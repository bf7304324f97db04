"""`policygen check`: lint a clause library, reporting every problem with its file and line.

Loading the library finds format problems (front matter, ids, sections, condition syntax);
then every clause's condition and body is evaluated in both languages and both handout
editions for every answer profile of :mod:`policygen.profiles`, which finds misspelt names,
unguarded empty values and lists, and clauses whose condition no profile meets.

A clause is evaluated once per distinct combination of the answer values it reads (its
undeclared template names), not once per profile, which makes a large library cheap to check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policygen import assembly, codecache, versionlock
from policygen import library as library_module
from policygen.clause import Clause, ClauseRenderError
from policygen.errors import Problem, ProblemsError
from policygen.library import ClauseLibrary
from policygen.profiles import profiles

CONSTANT = frozenset({"labels"})  # the same for every profile
CITATIONS = frozenset({"article", "cite"})


class _Checker:
    """Evaluates conditions and bodies with memoization on the values they read."""

    def __init__(self, library: ClauseLibrary) -> None:
        self.library = library
        self.env = library.env
        self.found: dict[tuple[str, str], Problem] = {}
        self.rendered: set[str] = set()
        self.broken: set[str] = set()
        self.conditions: dict[tuple[str, tuple[Any, ...]], bool] = {}
        self.bodies: dict[tuple[str, str, tuple[Any, ...]], bool] = {}
        self.profile = ""
        self.numbering = ""

    def note(self, problem: Problem) -> None:
        key = (problem.file, problem.message)
        if key not in self.found:
            self.found[key] = Problem(problem.file, f"{problem.message} [profile: "
                                      f"{self.profile}]", problem.field, problem.line)

    def key(self, paths: frozenset[str], context: dict[str, Any]) -> tuple[Any, ...]:
        """The values at ``paths`` (``organisation.short_name``) in this context."""
        values = []
        for path in sorted(paths):
            name, _, attr = path.partition(".")
            if name in CONSTANT:
                continue
            if name in CITATIONS:
                values.append(self.numbering)
                continue
            value = context.get(name, "<undefined>")
            if attr and isinstance(value, dict):
                value = value.get(attr, "<undefined>")
            values.append(repr(value))
        return tuple(values)

    def applies(self, item: Clause, context: dict[str, Any]) -> bool:
        if not item.when:
            return True
        names = codecache.names(self.env, codecache.expression_source(item.when))
        key = (item.id, self.key(names, context))
        if key not in self.conditions:
            try:
                self.conditions[key] = item.applies(self.env, context)
            except ClauseRenderError as exc:
                self.note(exc.problem)
                self.broken.add(item.id)
                self.conditions[key] = False
        return self.conditions[key]

    def render(self, item: Clause, language: str, context: dict[str, Any]) -> bool:
        names = codecache.names(self.env, item.bodies[language])
        key = (item.id, language, self.key(names, context))
        if key not in self.bodies:
            try:
                item.render(self.env, language, context)
                self.bodies[key] = True
                self.rendered.add(item.id)
            except ClauseRenderError as exc:
                self.note(exc.problem)
                self.bodies[key] = False
        return self.bodies[key]


def check_library(root: Path | None = None) -> ClauseLibrary:
    """Load and exercise a library; raise ProblemsError with every problem found."""
    library = library_module.load(root)
    checker = _Checker(library)
    lock = library.root / "clauses" / versionlock.LOCK_NAME
    if lock.is_file():
        for problem in versionlock.problems(library.clauses, lock.read_text(encoding="utf-8"),
                                            str(lock)):
            checker.found[(problem.file, problem.message)] = problem
    arranged: set[tuple[Any, ...]] = set()
    for name, answers in profiles():
        checker.profile = name
        for edition in ("participant", "trainer"):
            try:
                planned = assembly.plan(answers, library, edition, applies=checker.applies)
            except ClauseRenderError as exc:
                checker.note(exc.problem)
                continue
            protocol_blocks = planned["protocol"][0]
            checker.numbering = repr([(a.clause.id, a.number)
                                      for b in protocol_blocks for a in b.articles])
            for kind, (blocks, context) in planned.items():
                ok = all([checker.render(a.clause, answers.language, context)
                          for b in blocks for a in b.articles])
                template_names = codecache.names(library.env, library.template_sources[kind])
                structure = (kind, answers.language, context.get("edition"),
                             tuple(a.clause.id for b in blocks for a in b.articles),
                             checker.key(template_names, context))
                if ok and structure not in arranged:
                    arranged.add(structure)
                    _arrange(library, kind, blocks, context, checker)
    sound = [c for c in library.clauses if c.id not in checker.broken]
    for item in sound:
        if item.id not in checker.rendered and \
                not any(p.file == item.source for p in checker.found.values()):
            checker.found[(item.source, "never")] = Problem(
                item.source, "the condition holds for none of the test profiles, so its text "
                "is never checked (see policygen/profiles.py)", "when", item.when_line)
    if checker.found:
        raise ProblemsError(sorted(checker.found.values(), key=lambda p: (p.file, p.line or 0)))
    return library


def _arrange(library: ClauseLibrary, kind: str, blocks: list[assembly.SectionBlock],
             context: dict[str, Any], checker: _Checker) -> None:
    for block in blocks:
        for art in block.articles:
            art.body = "x\n"  # bodies were checked on their own; the template is checked here
    try:
        assembly.arrange(library, kind, blocks, context)
    except ClauseRenderError as exc:
        checker.note(exc.problem)
