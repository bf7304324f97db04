"""`policygen check`: lint a clause library, reporting every problem with its file and line.

Loading the library finds format problems (front matter, ids, sections, condition syntax);
then every clause's condition and body is evaluated in both languages and both handout
editions for every answer profile of :mod:`policygen.lint.profiles`, which finds misspelt names,
unguarded empty values and lists, and clauses whose condition no profile meets.
A quiz clause must also read as a question (:mod:`policygen.clauselib.question`) for every
profile it applies to.

A clause is evaluated once per distinct combination of the answer values it reads (its
undeclared template names), not once per profile, which makes a large library cheap to check.
What came out clean is kept for the next run (:mod:`policygen.lint.verdicts`): the same
library checked again renders nothing, and after an edit only what the edit changed.
"""

from __future__ import annotations

import dataclasses
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from policygen import safeio
from policygen.answers import schema as answers_module
from policygen.assembly import assemble as assembly
from policygen.clauselib import library as library_module
from policygen.clauselib import lock as versionlock
from policygen.clauselib import overlay as overlay_module
from policygen.clauselib.clause import Clause, ClauseRenderError, reason
from policygen.clauselib.library import ClauseLibrary
from policygen.errors import Problem, ProblemsError
from policygen.language import codecache
from policygen.lint import verdicts
from policygen.lint.profiles import profiles

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

CONSTANT = frozenset({"labels"})  # the same for every profile
UNDEFINED = "<undefined>"
EDITIONS = ("participant", "trainer")

_VALUE, _CITATION, _CALL = "value", "citation", "call"
# what a key reads at one path: (kind, path, top-level name, attribute or citation argument)
_Step = tuple[str, str, str, str]


def _plan(paths: frozenset[str]) -> tuple[_Step, ...]:
    """The steps :meth:`_Checker.key` takes for ``paths``, in a fixed order.

    A key with a ``_CALL`` step holds the number of this run's plan: it is not kept between
    runs (:mod:`policygen.lint.verdicts`).
    """
    steps: list[_Step] = []
    for path in sorted(p for p in paths if p.partition(".")[0] not in CONSTANT):
        if path.endswith(")") and "(" in path:
            name, _, argument = path[:-1].partition("(")
            steps.append((_CITATION, path, "article" if name == "cite" else name, argument))
        elif path in codecache.CALLS:
            steps.append((_CALL, path, path, ""))
        else:
            name, _, attr = path.partition(".")
            steps.append((_VALUE, path, name, attr))
    return tuple(steps)


class _Checker:
    """Evaluates conditions and bodies with memoization on the values they read."""

    def __init__(self, library: ClauseLibrary,
                 renders: verdicts.CleanRenders | None = None) -> None:
        self.library = library
        self.renders = renders  # the clean renders of earlier runs
        self.env = library.env
        self.found: dict[tuple[str, str], Problem] = {}
        self.rendered: set[str] = set()
        self.broken: set[str] = set()
        self.over_limit: set[str] = set()  # clauses that ran past a limit of a render
        self.conditions: dict[tuple[str, tuple[Any, ...]], bool] = {}
        self.bodies: dict[tuple[str, str, tuple[Any, ...]], bool] = {}
        self.profile = ""
        self.plans = 0  # counts plans: a citation with a computed argument is keyed on its plan
        self._context: dict[str, Any] | None = None
        self._plans: dict[frozenset[str], tuple[_Step, ...]] = {}
        self._kept: dict[frozenset[str], bool] = {}  # whether a key's renders can be kept
        # per path: the object last read there and its repr (held: its id is not reused)
        self._reprs: dict[str, tuple[object, str]] = {}
        self._keys: dict[frozenset[str], tuple[Any, ...]] = {}
        self._when: dict[str, frozenset[str]] = {}
        self._body_paths: dict[str, frozenset[str]] = {}

    def note(self, problem: Problem) -> None:
        key = (problem.file, problem.message)
        if key not in self.found:
            self.found[key] = Problem(problem.file, f"{problem.message} [profile: "
                                      f"{self.profile}]", problem.field, problem.line)

    def key(self, paths: frozenset[str], context: dict[str, Any]) -> tuple[Any, ...]:
        """The values at ``paths`` (``organisation.short_name``) in this context.

        A citation ``cite(roles.spokespeople)`` counts only as whether that clause is in the
        protocol: its number changes nothing a check can find.
        """
        if context is not self._context:  # the check holds a reference: ids are not reused
            self._context, self._keys = context, {}
        found = self._keys.get(paths)  # clauses that read the same values share their key
        if found is not None:
            return found
        plan = self._plans.get(paths)
        if plan is None:
            plan = self._plans[paths] = _plan(paths)
            self._kept[paths] = all(step[0] != _CALL for step in plan)
        reprs = self._reprs
        key: list[object] = []
        for kind, path, name, argument in plan:
            if kind == _VALUE:
                top = context.get(name, UNDEFINED)
                known = reprs.get(path)
                # the same object as in another context of this check: the same value
                if known is not None and known[0] is top:
                    key.append(known[1])
                    continue
                value = repr(top.get(argument, UNDEFINED)
                             if argument and isinstance(top, dict) else top)
                reprs[path] = (top, value)
                key.append(value)
            elif kind == _CITATION:
                # article() and cite() differ only in whether the clause is in the protocol
                function = context.get(name)
                key.append(UNDEFINED if function is None else function(argument) is not None)
            else:
                key.append((self.plans, path in context))
        found = self._keys[paths] = tuple(key)
        return found

    def values_read(self, source: str) -> frozenset[str]:
        """The answer values ``source`` reads; none where it does not parse."""
        try:
            return codecache.values_read(self.env, source)
        except Exception:  # noqa: BLE001 - a syntax error, nested too deeply, ...
            return frozenset()

    def failed(self, item: Clause, exc: ClauseRenderError) -> None:
        """Note a clause's problem; one that ran past a limit is not rendered again."""
        self.note(exc.problem)
        if exc.over_limit:
            self.over_limit.add(item.id)

    def applies(self, item: Clause, context: dict[str, Any]) -> bool:
        if not item.when:
            return True
        if item.id in self.over_limit:
            return False
        names = self._when.get(item.when)
        if names is None:
            names = self._when[item.when] = self.values_read(codecache.expression_source(item.when))
        values = (self._keys.get(names) if context is self._context else None) or \
            self.key(names, context)
        key = (item.id, values)
        if key not in self.conditions:
            try:
                self.conditions[key] = item.applies(self.env, context)
            except ClauseRenderError as exc:
                self.failed(item, exc)
                self.broken.add(item.id)
                self.conditions[key] = False
        return self.conditions[key]

    def render(self, item: Clause, language: str, context: dict[str, Any],
               quiz: bool = False) -> bool:
        if item.id in self.over_limit:
            return False
        source = item.bodies[language]
        paths = self._body_paths.get(source)  # a str keeps its hash: the look-up is cheap
        if paths is None:
            paths = self._body_paths[source] = self.values_read(source)
        values = (self._keys.get(paths) if context is self._context else None) or \
            self.key(paths, context)
        key = (item.id, language, values)
        if key not in self.bodies:
            renders = self.renders if self._kept[paths] else None
            digest = renders.digest(item.bodies[language], quiz, values) if renders else None
            if digest is not None and renders is not None and renders.seen(digest):
                self.bodies[key] = True  # clean in an earlier run, with these very values
                self.rendered.add(item.id)
                return True
            try:
                if quiz:  # a quiz clause must also read as a question
                    from policygen.clauselib import question  # markdown-it: only here
                    question.render(item, self.env, language, context)
                else:
                    item.render(self.env, language, context)
                self.bodies[key] = True
                self.rendered.add(item.id)
                if digest is not None and renders is not None:
                    renders.clean(digest)
            except ClauseRenderError as exc:
                self.failed(item, exc)
                self.bodies[key] = False
        return self.bodies[key]


# More checks of a loaded library (the release tag, ``check --since``): its problems
LibraryCheck = Callable[[ClauseLibrary], list[Problem]]


def check_library(root: Path | None = None, jobs: int | None = None,
                  overlay: Path | None = None, also: LibraryCheck | None = None) -> ClauseLibrary:
    """Load and exercise a library; raise ProblemsError with every problem found.

    The languages are checked side by side in ``jobs`` processes (default: one per core, where
    the platform can fork): their renders do not overlap. A clause that runs past a limit of
    a render (:mod:`templating`) is reported once and not rendered again. ``overlay``, the
    organisation's own clauses, is checked together with the library it sits on (the version
    lock holds the library's clauses only); its upstream changes are in ``library.overlay``.
    ``also`` checks the library (without the overlay) further, before the renders, so that
    an error it raises (a git ref that names nothing) comes at once.
    """
    base = library_module.load(root)
    library = overlay_module.apply(base, overlay) if overlay is not None else base
    found: dict[tuple[str, str], Problem] = {}
    for problem in also(base) if also else ():
        found[(problem.file, problem.message)] = problem
    lock = library.root / "clauses" / versionlock.LOCK_NAME
    if lock.exists() or lock.is_symlink():
        try:
            text = safeio.read_text(lock, what="version lock")
        except ProblemsError as exc:
            found.update(((p.file, p.message), p) for p in exc.problems)
        else:
            for problem in versionlock.problems(base.clauses, text, str(lock)):
                found[(problem.file, problem.message)] = problem
    rendered: set[str] = set()
    broken: set[str] = set()
    verdict = verdicts.library_key(library)
    clean = verdicts.clean_run(verdict)
    if clean is not None:
        rendered = clean
    else:
        results = _run(library, jobs)
        for language_found, language_rendered, language_broken in results:
            for key, problem in language_found.items():
                found.setdefault(key, problem)
            rendered |= language_rendered
            broken |= language_broken
        if not any(result[0] or result[2] for result in results):
            verdicts.store_clean_run(verdict, rendered)
    for item in library.clauses:
        if item.id not in broken and item.id not in rendered and \
                not any(p.file == item.source for p in found.values()):
            found[(item.source, "never")] = Problem(
                item.source, "the condition holds for none of the test profiles, so its text "
                "is never checked (see policygen/profiles.py)", "when", item.when_line)
    if found:
        raise ProblemsError(sorted(found.values(), key=lambda p: (p.file, p.line or 0)))
    return library


_Result = tuple[dict[tuple[str, str], Problem], set[str], set[str]]


def _run(library: ClauseLibrary, jobs: int | None) -> list[_Result]:
    """Each language's result; with ``jobs`` > 1, the other languages in forked processes."""
    import multiprocessing

    languages = answers_module.LANGUAGES
    jobs = min(jobs or _cores(), len(languages))
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_check_safely(library, language) for language in languages]
    context = multiprocessing.get_context("fork")
    workers: list[tuple[str, BaseProcess, Connection]] = []
    # Ctrl-C is the parent's to report: while it forks, SIGINT is blocked (not ignored, which
    # would lose a Ctrl-C that comes meanwhile: it is delivered when the mask is restored),
    # and each child ignores it before it unblocks it (_check_forked).
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        try:
            for language in languages[1:]:
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_check_forked,
                                          args=(library, language, sender), daemon=True)
                process.start()
                sender.close()
                workers.append((language, process, receiver))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        results = [_check_safely(library, languages[0])]
        for language, worker, receiver in workers:
            results.append(_receive(library, language, worker, receiver))
        return results
    finally:  # Ctrl-C or an error here: no child goes on checking
        for _, worker, receiver in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()
            receiver.close()


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _check_forked(library: ClauseLibrary, language: str, sender: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C pending since the fork is dropped
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        sender.send(_check_safely(library, language))
        sender.close()
    except BaseException:  # noqa: BLE001 - a worker prints nothing; the parent reports it
        os._exit(1)


def _receive(library: ClauseLibrary, language: str, worker: BaseProcess,
             receiver: Connection) -> _Result:
    try:
        return cast(_Result, receiver.recv())
    except (EOFError, OSError):  # the process ended without a result (killed, out of memory)
        worker.join()
        problem = Problem(str(library.root), f"the check of the {language} texts stopped "
                                             f"without a result (exit code {worker.exitcode})")
        return {(problem.file, problem.message): problem}, set(), set()


def _check_safely(library: ClauseLibrary, language: str) -> _Result:
    """:func:`_check_language`, with an unexpected error as a problem of the library."""
    try:
        return _check_language(library, language)
    except Exception as exc:  # noqa: BLE001 - reported, never a traceback from a worker
        problem = Problem(str(library.root), f"the check of the {language} texts failed: "
                                             f"{reason(exc)}")
        return {(problem.file, problem.message): problem}, set(), set()


def _check_language(library: ClauseLibrary, language: str) -> _Result:
    """Every clause and document template, for every profile in one language."""
    renders = verdicts.CleanRenders(library, language)
    checker = _Checker(library, renders)
    arranged: set[tuple[Any, ...]] = set()
    earlier: set[str] = set()
    for name, answers in profiles(language):
        same = repr(answers.data)  # a repr tells True from 1, as the keys do
        if same in earlier:  # the very answers of an earlier profile: nothing new to find
            continue
        earlier.add(same)
        checker.profile = name
        checker.plans += 1
        planned: list[tuple[str, assembly.Selection]] = []
        try:
            for protocol_edition in assembly.PROTOCOL_EDITIONS:
                protocol, handouts = assembly.select_editions(
                    answers, library, EDITIONS, applies=checker.applies,
                    protocol_edition=protocol_edition)
                planned += [("protocol", protocol), *(("handout", h) for h in handouts.values())]
        except ClauseRenderError as exc:
            checker.note(exc.problem)
            continue
        for kind, (blocks, context) in planned:
            ok = all([checker.render(a.clause, language, context)
                      for b in blocks for a in b.articles])
            # the document template is checked once per shape: which sections, not which
            # clauses (their bodies were checked above)
            template_names = codecache.values_read(library.env, library.template_sources[kind])
            structure = (kind, context.get("edition"), tuple(b.id for b in blocks),
                         checker.key(template_names, context))
            if ok and structure not in arranged and kind not in checker.over_limit:
                arranged.add(structure)
                _fill_template(library, kind, blocks, context, checker)
            if kind == "protocol" and library.sections.get("quiz"):
                _check_quiz(library, language, context, checker)
    renders.save()
    return checker.found, checker.rendered, checker.broken


def _check_quiz(library: ClauseLibrary, language: str, context: dict[str, Any],
                checker: _Checker) -> None:
    """The quiz questions that apply with this protocol, each rendered and parsed."""
    for edition in EDITIONS:
        quiz = {**context, "document": "quiz", "edition": edition}
        for block in assembly.select(library, "quiz", quiz, applies=checker.applies):
            for article in block.articles:
                checker.render(article.clause, language, quiz, quiz=True)


def _fill_template(library: ClauseLibrary, kind: str, blocks: list[assembly.SectionBlock],
             context: dict[str, Any], checker: _Checker) -> None:
    # Bodies were checked on their own; this checks the template, whose output depends on the
    # sections and not on how many articles each holds: one stand-in article per section.
    shape = [dataclasses.replace(block, articles=[dataclasses.replace(block.articles[0],
                                                                      body="x\n")])
             for block in blocks]
    try:
        assembly.fill_template(library, kind, shape, context)
    except ClauseRenderError as exc:
        checker.note(exc.problem)
        if exc.over_limit:  # the template is not rendered again
            checker.over_limit.add(kind)
