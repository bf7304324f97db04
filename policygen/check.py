"""`policygen check`: lint a clause library, reporting every problem with its file and line.

Loading the library finds format problems (front matter, ids, sections, condition syntax);
then every clause's condition and body is evaluated in both languages and both handout
editions for every answer profile of :mod:`policygen.profiles`, which finds misspelt names,
unguarded empty values and lists, and clauses whose condition no profile meets.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from policygen import assembly
from policygen import library as library_module
from policygen.clause import ClauseRenderError
from policygen.errors import Problem, ProblemsError
from policygen.library import ClauseLibrary
from policygen.profiles import profiles


def check_library(root: Path | None = None) -> ClauseLibrary:
    """Load and exercise a library; raise ProblemsError with every problem found."""
    library = library_module.load(root)
    found: dict[tuple[str, str], Problem] = {}
    rendered: set[str] = set()

    def note(problem: Problem, profile: str) -> None:
        key = (problem.file, problem.message)
        if key not in found:
            found[key] = Problem(problem.file, f"{problem.message} [profile: {profile}]",
                                 problem.field, problem.line)

    all_profiles = list(profiles())
    broken: set[str] = set()
    for name, answers in all_profiles:
        context = assembly.base_context(answers, library)
        for item in library.clauses:
            try:
                item.applies(library.env, context)
            except ClauseRenderError as exc:
                note(exc.problem, name)
                broken.add(item.id)
    sound = dataclasses.replace(library, clauses=[c for c in library.clauses
                                                  if c.id not in broken])
    for name, answers in all_profiles:
        for edition in ("participant", "trainer"):
            try:
                planned = assembly.plan(answers, sound, edition)
            except ClauseRenderError as exc:
                note(exc.problem, name)
                continue
            for kind, (blocks, context) in planned.items():
                ok = True
                for block in blocks:
                    for art in block.articles:
                        try:
                            art.body = art.clause.render(sound.env, answers.language, context)
                            rendered.add(art.clause.id)
                        except ClauseRenderError as exc:
                            note(exc.problem, name)
                            ok = False
                if ok:
                    try:
                        assembly.arrange(sound, kind, blocks, context)
                    except ClauseRenderError as exc:
                        note(exc.problem, name)
    for item in sound.clauses:
        if item.id not in rendered and not any(p.file == item.source for p in found.values()):
            found[(item.source, "never")] = Problem(
                item.source, "the condition holds for none of the test profiles, so its text "
                "is never checked (see policygen/profiles.py)", "when", item.when_line)
    if found:
        raise ProblemsError(sorted(found.values(), key=lambda p: (p.file, p.line or 0)))
    return library
