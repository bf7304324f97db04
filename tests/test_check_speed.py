"""`policygen check` made cheaper finds what it found before.

The render keys are planned once per set of paths and reuse a value's repr while the same
object is read; a clean check's verdict is kept, keyed on everything that can change it. These
tests pin that a problem seen in one rare profile, one edition or one document is still found,
on every run, and that no edit to a library or to the code can bring back a kept verdict.
"""

from __future__ import annotations

import dataclasses
import marshal
from pathlib import Path
from typing import Any

import pytest

from policygen.clauselib import library as library_module
from policygen.clauselib.clause import Clause
from policygen.errors import ProblemsError
from policygen.language import codecache
from policygen.lint import check as check_module
from policygen.lint import verdicts
from policygen.lint.check import check_library

from .helpers import clause_text, make_library

# fails only where the organisation is a Belgian healthcare one: one profile of 86
RARE = ("{% if organisation.sector == 'healthcare' and organisation.country == 'BE' %}"
        "{{ nothing_here }}{% endif %}Tekst.")


def _problems(root: Path, jobs: int = 1) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        check_library(root, jobs=jobs)
    return [f"{Path(p.file).name}:{p.line}: {p.message}" for p in caught.value.problems]


def _no_renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the runs of the renders (a kept verdict runs none)."""
    runs: list[int] = []
    real = check_module._run

    def counted(library: Any, jobs: int | None) -> Any:
        runs.append(1)
        return real(library, jobs)

    monkeypatch.setattr(check_module, "_run", counted)
    return runs


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_clause_that_fails_in_one_rare_profile_is_found_on_every_run(
        tmp_path: Path, jobs: int) -> None:
    root = make_library(tmp_path / "lib", {
        "roles/rare.md": clause_text("roles.rare", nl=RARE)})
    first = _problems(root, jobs)
    assert first == ["rare.md:10: nl body: 'nothing_here' is undefined "
                     "[profile: sector=healthcare, country=BE (nl)]"]
    assert _problems(root, jobs) == first  # a problem is never kept: found anew


def test_a_problem_in_one_edition_of_one_document_is_found(tmp_path: Path) -> None:
    # the handout's trainer edition reads the same answer objects as the protocol before it
    body = "{% if edition == 'trainer' %}{{ escalation.press_contact }}{% endif %}Tekst."
    compact = "{% if edition == 'compact' %}{{ escalation.out_of_hours_contact }}{% endif %}x"
    root = make_library(tmp_path / "lib", {
        "handout/trainer.md": clause_text("handout.trainer", en=body, section="for_you",
                                          documents="[handout]"),
        "roles/compact.md": clause_text("roles.compact", nl=compact, order=200,
                                        extra="editions: [full, compact]"),
    })
    assert _problems(root) == [
        "trainer.md:12: en body: prints an empty value (guard it with {% if %}) "
        "[profile: minimal (en)]",
        "compact.md:11: nl body: prints an empty value (guard it with {% if %}) "
        "[profile: minimal (nl)]",
    ]


def test_a_key_reuses_a_value_only_for_the_same_object(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {"roles/a.md": clause_text("roles.a")})
    checker = check_module._Checker(library_module.load(root))
    paths = frozenset({"organisation.sector", "edition", "labels.x"})
    organisation = {"sector": "retail"}
    first = checker.key(paths, {"organisation": organisation, "edition": "full"})
    assert first == ("'full'", "'retail'")  # labels are the same in every profile
    # the same object in another context, another edition: the value is read again
    assert checker.key(paths, {"organisation": organisation, "edition": "trainer"}) == \
        ("'trainer'", "'retail'")
    # another object with another value at the path: another key
    assert checker.key(paths, {"organisation": {"sector": "healthcare"},
                               "edition": "full"}) == ("'full'", "'healthcare'")
    # an equal value in a new object: the same key; and a value gone: undefined
    assert checker.key(paths, {"organisation": {"sector": "retail"}, "edition": "full"}) == first
    assert checker.key(paths, {"edition": "full"}) == ("'full'", repr(check_module.UNDEFINED))


def test_a_clean_verdict_is_kept_and_any_edit_runs_the_renders_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_library(tmp_path / "lib", {"roles/a.md": clause_text("roles.a", nl="Tekst.")})
    runs = _no_renders(monkeypatch)
    check_library(root, jobs=1)
    check_library(root, jobs=1)
    assert len(runs) == 1
    # one character in one body: rendered again, and its problem found
    (root / "clauses" / "roles" / "a.md").write_text(
        clause_text("roles.a", nl="Tekst {{ nothing }}."), encoding="utf-8")
    assert _problems(root) == ["a.md:10: nl body: 'nothing' is undefined [profile: full (nl)]"]
    assert len(runs) == 2
    assert _problems(root) == ["a.md:10: nl body: 'nothing' is undefined [profile: full (nl)]"]
    assert len(runs) == 3  # a verdict with a problem is never kept


@pytest.mark.parametrize("edit", ["labels", "template", "sections", "when", "release"])
def test_every_input_of_a_render_is_part_of_the_verdicts_key(tmp_path: Path, edit: str) -> None:
    root = make_library(tmp_path / "lib", {"roles/a.md": clause_text("roles.a")})
    before = verdicts.library_key(library_module.load(root))
    templates = root / "templates"
    if edit == "labels":
        path = templates / "labels.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("{nl: AVG,", "{nl: AVG-wet,"),
                        encoding="utf-8")
    elif edit == "template":
        path = templates / "protocol.md.j2"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif edit == "sections":
        path = templates / "sections.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("Wie spreekt", "Wie praat", 1),
                        encoding="utf-8")
    elif edit == "when":
        (root / "clauses" / "roles" / "a.md").write_text(
            clause_text("roles.a", when="organisation.sector != 'retail'"), encoding="utf-8")
    else:
        (root / "clauses" / "library.yaml").write_text("name: test library\nversion: 1.0.1\n")
    assert verdicts.library_key(library_module.load(root)) != before


def test_the_key_covers_the_code_a_render_runs() -> None:
    names = {path.relative_to(path.parent.parent).as_posix()
             for path in verdicts.code_files()}
    assert {"lint/profiles.py", "lint/check.py", "language/filters.py",
            "language/environment.py", "assembly/assemble.py", "clauselib/question.py",
            "answers/schema.py"} <= names


def test_a_never_checked_clause_is_reported_from_a_kept_verdict(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_library(tmp_path / "lib", {
        "roles/a.md": clause_text("roles.a"),
        "roles/typo.md": clause_text("roles.typo", when="organisation.sector == 'goverment'",
                                     order=200),
    })
    runs = _no_renders(monkeypatch)
    first = _problems(root)
    assert first == ["typo.md:8: the condition holds for none of the test profiles, so its "
                     "text is never checked (see policygen/profiles.py)"]
    assert _problems(root) == first
    assert len(runs) == 1  # the renders were clean: kept; the problem is not theirs


def test_a_damaged_kept_verdict_is_not_trusted(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_library(tmp_path / "lib", {"roles/a.md": clause_text("roles.a")})
    runs = _no_renders(monkeypatch)
    check_library(root, jobs=1)
    key = verdicts.library_key(library_module.load(root))
    for payload in ({"format": "check-verdict-0", "key": key, "rendered": ["roles.a"]},
                    {"format": verdicts.FORMAT, "key": "other", "rendered": []},
                    {"format": verdicts.FORMAT, "key": key, "rendered": [1]},
                    ["not", "a", "verdict"]):
        codecache.store_data(key, marshal.dumps(payload))
        check_library(root, jobs=1)
    assert len(runs) == 5


def test_no_verdict_is_kept_with_the_cache_off(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_library(tmp_path / "lib", {"roles/a.md": clause_text("roles.a")})
    monkeypatch.setenv("POLICYGEN_CACHE_DIR", "")
    runs = _no_renders(monkeypatch)
    check_library(root, jobs=1)
    check_library(root, jobs=1)
    assert len(runs) == 2


def _rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The clause ids each real render of a body is for (a kept clean render is none)."""
    seen: list[str] = []
    real = Clause.render

    def counted(self: Clause, env: Any, language: str,
                context: dict[str, Any]) -> Any:
        seen.append(self.id)
        return real(self, env, language, context)

    monkeypatch.setattr(Clause, "render", counted)
    return seen


def test_after_an_edit_only_the_changed_clause_renders_and_its_rare_problem_is_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_library(tmp_path / "lib", {
        "roles/a.md": clause_text("roles.a", nl="{{ organisation.short_name }} Tekst."),
        "roles/b.md": clause_text("roles.b", order=200),
    })
    check_library(root, jobs=1)
    seen = _rendered(monkeypatch)
    (root / "clauses" / "roles" / "b.md").write_text(clause_text("roles.b", nl=RARE, order=200),
                                                     encoding="utf-8")
    assert _problems(root) == ["b.md:10: nl body: 'nothing_here' is undefined "
                               "[profile: sector=healthcare, country=BE (nl)]"]
    assert "roles.a" not in seen and "roles.b" in seen
    seen.clear()
    assert _problems(root)[0].startswith("b.md:10: nl body: 'nothing_here' is undefined")
    assert "roles.b" in seen  # its problem is never kept


def test_an_unchanged_clause_that_fails_after_another_clauses_edit_is_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # b prints a value that is empty in the minimal profile, only where a is in the protocol
    body = "{% if article('roles.a') %}{{ escalation.press_contact }}{% endif %} Tekst."
    root = make_library(tmp_path / "lib", {
        "roles/a.md": clause_text("roles.a", when="organisation.short_name == 'Nobody'"),
        "roles/b.md": clause_text("roles.b", nl=body, en=body, order=200),
    })
    # a applies to no profile (its problem), so b renders clean everywhere: kept
    assert [p.split(": ", 1)[0] for p in _problems(root)] == ["a.md:8"]
    seen = _rendered(monkeypatch)
    (root / "clauses" / "roles" / "a.md").write_text(clause_text("roles.a"), encoding="utf-8")
    assert _problems(root) == [
        "b.md:10: nl body: prints an empty value (guard it with {% if %}) "
        "[profile: minimal (nl)]",
        "b.md:12: en body: prints an empty value (guard it with {% if %}) "
        "[profile: minimal (en)]",
    ]
    assert "roles.b" in seen


def test_a_render_keyed_on_this_runs_plan_is_never_kept(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    computed = "{% for c in ['roles.a'] %}{{ cite(c) }}{% endfor %} Tekst."
    root = make_library(tmp_path / "lib", {
        "roles/a.md": clause_text("roles.a"),
        "roles/b.md": clause_text("roles.b", nl=computed, order=200),
    })
    check_library(root, jobs=1)
    seen = _rendered(monkeypatch)
    (root / "clauses" / "roles" / "a.md").write_text(clause_text("roles.a", en="Text 2."),
                                                     encoding="utf-8")
    check_library(root, jobs=1)
    assert seen.count("roles.b") > 1  # rendered for every profile's plan again, nl
    assert "roles.a" in seen  # the edited clause, en


def test_kept_renders_belong_to_one_language_labels_and_code(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {"roles/a.md": clause_text("roles.a")})
    loaded = library_module.load(root)
    keys = {verdicts.CleanRenders(loaded, language).key for language in ("nl", "en")}
    relabelled = dataclasses.replace(loaded, labels={**loaded.labels, "extra": {}})
    keys.add(verdicts.CleanRenders(relabelled, "nl").key)
    assert len(keys) == 3
    renders = verdicts.CleanRenders(loaded, "nl")
    digest = renders.digest("{{ tools }}", False, ("[]",))
    assert digest is not None and digest != renders.digest("{{ tools }}", True, ("[]",))
    assert digest != renders.digest("{{ tools }} ", False, ("[]",))
    assert digest != renders.digest("{{ tools }}", False, ("['x']",))
    assert renders.digest("{{ f }}", False, ("<function f at 0x7f00>",)) is None


def test_a_profile_with_the_answers_of_an_earlier_one_is_skipped_and_nothing_is_lost(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 'sector=other' and 'minimal,sector=other' are the answers of 'full' and 'minimal'
    body = ("{% if organisation.sector == 'other' and not escalation.press_contact %}"
            "{{ nothing }}{% endif %}Tekst.")
    root = make_library(tmp_path / "lib", {"roles/a.md": clause_text("roles.a", nl=body)})
    checked: list[str] = []
    real = check_module._Checker.render

    def noted(self: check_module._Checker, *args: Any, **kwargs: Any) -> bool:
        checked.append(self.profile)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(check_module._Checker, "render", noted)
    assert _problems(root) == ["a.md:10: nl body: 'nothing' is undefined "
                               "[profile: minimal (nl)]"]
    assert "full (nl)" in checked and "sector=other (nl)" not in checked
    assert "minimal,sector=other (nl)" not in checked and "minimal draft (nl)" not in checked


@pytest.mark.parametrize("cap", [verdicts.MAX_RENDERS, 1])
def test_an_edit_undone_finds_its_earlier_renders_kept_unless_over_the_cap(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cap: int) -> None:
    monkeypatch.setattr(verdicts, "MAX_RENDERS", cap)
    clause = tmp_path / "lib" / "clauses" / "roles" / "a.md"
    root = make_library(tmp_path / "lib", {  # bad's problem: no run is ever kept whole
        "roles/a.md": clause_text("roles.a", nl="Eerste tekst."),
        "roles/bad.md": clause_text("roles.bad", en="{{ nothing }}", order=200),
    })
    seen = _rendered(monkeypatch)
    # texts of this test alone: the session's cache holds other tests' renders
    for text in (f"Eerste tekst {cap}.", f"Tweede tekst {cap}.", f"Eerste tekst {cap}."):
        seen.clear()
        clause.write_text(clause_text("roles.a", nl=text), encoding="utf-8")
        assert _problems(root) == ["bad.md:12: en body: 'nothing' is undefined "
                                   "[profile: full (en)]"]
    assert ("roles.a" in seen) is (cap == 1)
