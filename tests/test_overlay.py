"""The organisation's own clauses on top of the library: `build --clauses DIR`, `library.overlay`
in the answers, `check --clauses DIR`; adding, replacing, upstream changes, and bad overlays."""

from __future__ import annotations

import json
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from policygen.answers import schema as answers_module
from policygen.clauselib import library as library_module
from policygen.clauselib import lock as versionlock
from policygen.clauselib import overlay as overlay_module
from policygen.errors import ProblemsError
from policygen.lint.check import check_library
from policygen.output import build
from policygen.request import BuildOptions

from .conftest import NORTHWIND, PEEZE, files_in
from .helpers import clause_text, make_library

Run = Callable[..., CompletedProcess[str]]

DRESS_CODE = clause_text(
    "own.dress_code", section="conduct", order=790,
    nl="Draag je in een video de bedrijfskleding van {{ organisation.short_name }}, dan spreek "
       "je zichtbaar namens ons: overleg eerst met {{ organisation.policy_owner.role | the }}.",
    en="If you wear {{ organisation.short_name }} workwear in a video, you visibly speak for "
       "us: check with {{ organisation.policy_owner.role | the }} first.")
OWN_PRESS_NL = "Belt een journalist, zeg dan dat we terugbellen en bel zelf niemand anders."
OWN_PRESS_EN = "If a journalist calls, say we will call back, and call nobody else yourself."


def own_press(version: str) -> str:
    """Peeze's own press clause, following the library's escalation.press at ``version``."""
    return clause_text("escalation.press", section="escalation", order=930,
                       extra=f"replaces: escalation.press@{version}",
                       nl=OWN_PRESS_NL, en=OWN_PRESS_EN)


def write_files(folder: Path, files: dict[str, str | bytes]) -> Path:
    """A folder with the given files (relative path → text or bytes)."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def shipped_version(clause_id: str) -> str:
    return library_module.load().get(clause_id).version


def manifest_of(folder: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((folder / "manifest.json").read_text())
    return data


def clause_entry(manifest: dict[str, object], clause_id: str) -> dict[str, str]:
    documents = manifest["documents"]
    assert isinstance(documents, dict)
    found = [c for c in documents["protocol"]["clauses"] if c["id"] == clause_id]
    assert len(found) == 1, clause_id
    return dict(found[0])


# -- adding and replacing -------------------------------------------------------------------

def test_an_own_clause_is_added_in_its_section_numbered_and_marked_in_the_manifest(
        run_cli: Run, tmp_path: Path) -> None:
    own = write_files(tmp_path / "own", {"dress_code.md": DRESS_CODE})
    done = run_cli("build", PEEZE, "--out", tmp_path / "out", "--clauses", own,
                   "--format", "md,docx")
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr
    protocol = (tmp_path / "out" / "protocol.md").read_text()
    # numbered in the conduct section (7), after the library's conduct articles (order 790)
    heading = re.search(r"^### Artikel (\d+)\.(\d+) Titel own\.dress_code$", protocol, re.M)
    assert heading, protocol[:2000]
    conduct = next(s.title["nl"] for s in library_module.load().sections["protocol"]
                   if s.id == "conduct")
    sections = [line for line in protocol[:heading.start()].splitlines()
                if line.startswith("## ")]
    assert sections[-1] == f"## {heading.group(1)}. {conduct}"
    # the last article of its section: order 790 comes after the library's conduct clauses
    articles = re.findall(rf"^### Artikel {heading.group(1)}\.(\d+) ", protocol, re.M)
    assert articles[-1] == heading.group(2) and int(heading.group(2)) > 1
    assert "bedrijfskleding van Peeze, dan spreek je zichtbaar namens ons" in protocol
    with zipfile.ZipFile(tmp_path / "out" / "protocol.docx") as docx:
        assert "Titel own.dress_code" in docx.read("word/document.xml").decode()
    manifest = manifest_of(tmp_path / "out")
    assert clause_entry(manifest, "own.dress_code") == {
        "id": "own.dress_code", "version": "1.0.0", "source": "overlay"}
    assert "source" not in clause_entry(manifest, "escalation.ladder")
    library = manifest["library"]
    assert isinstance(library, dict)
    assert library["overlay"]["path"] == str(own)
    assert library["overlay"]["clauses"] == ["own.dress_code"]
    assert set(library) >= {"version", "commit", "dirty"}  # the contract's keys stay


def test_a_replacing_clause_takes_the_library_clauses_place(tmp_path: Path) -> None:
    current = shipped_version("escalation.press")
    own = write_files(tmp_path / "own", {"escalation/press.md": own_press(current)})
    library = library_module.load(overlay=own)
    assert library.overlay is not None and library.overlay.upstream == ()
    report = build.build_all([PEEZE], tmp_path / "out",
                             BuildOptions(formats=("md",), overlay=own))
    assert report.ok, report.failure_lines()
    assert report.warnings == []
    plain = build.build_all([PEEZE], tmp_path / "plain", BuildOptions(formats=("md",)))
    assert plain.ok
    shipped_text = (tmp_path / "plain" / "protocol.md").read_text()
    protocol = (tmp_path / "out" / "protocol.md").read_text()
    assert OWN_PRESS_NL in protocol and OWN_PRESS_NL not in shipped_text
    shipped_title = library_module.load().get("escalation.press").title["nl"]
    assert re.search(rf"^### Artikel \d+\.\d+ {re.escape(shipped_title)}$", shipped_text, re.M)
    assert not re.search(rf"^### Artikel \d+\.\d+ {re.escape(shipped_title)}$", protocol, re.M)
    # the same article number: citations of escalation.press still point at it
    number = re.compile(r"^### Artikel (\d+\.\d+) (?:Titel escalation\.press|"
                        rf"{re.escape(shipped_title)})$", re.M)
    assert number.findall(protocol) == number.findall(shipped_text)
    entry = clause_entry(manifest_of(tmp_path / "out"), "escalation.press")
    assert entry == {"id": "escalation.press", "version": "1.0.0", "source": "overlay",
                     "replaces": f"escalation.press@{current}"}


# -- upstream changes -----------------------------------------------------------------------

CHANGELOG = """# Changelog

## 2.0.0 — 2026-12-01

- `escalation.press` 2.0.0 (substantive): journalists go to the press contact within the
  hand-on time.
- `introduction.purpose` 1.0.1: a comma.

## 1.1.0 — 2026-11-01

- `escalation.crisis`, `escalation.press` 1.1.0: the crisis team is named.

## 1.0.0 — 2026-10-01

- `escalation.press` 1.0.0: new.
"""


def tiny_library(root: Path, press_version: str = "2.0.0") -> Path:
    """A library whose escalation.press went 1.0.0 → 1.1.0 → 2.0.0, with its CHANGELOG."""
    make_library(root, {
        "introduction/purpose.md": clause_text("introduction.purpose", version="1.0.1"),
        "escalation/press.md": clause_text("escalation.press", section="escalation",
                                           order=930, version=press_version,
                                           nl="Bibliotheektekst pers.", en="Library press."),
    })
    (root / "clauses" / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    return root


def test_an_upstream_change_is_one_warning_in_build(run_cli: Run, tmp_path: Path) -> None:
    lib = tiny_library(tmp_path / "lib")
    own = write_files(tmp_path / "own", {"press.md": own_press("1.0.0")})
    done = run_cli("build", PEEZE, "--out", tmp_path / "out", "--library", lib,
                   "--clauses", own, "--format", "md")
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    assert warnings == [
        f"policygen: warning: {own / 'press.md'}: the library changed escalation.press "
        "1.0.0 → 2.0.0; your own version still follows 1.0.0 (policygen check --clauses "
        "shows what changed; then set replaces: escalation.press@2.0.0)"]
    assert OWN_PRESS_NL in (tmp_path / "out" / "protocol.md").read_text()


def test_check_lists_the_upstream_change_with_the_changelog_lines_in_between(
        run_cli: Run, tmp_path: Path) -> None:
    lib = tiny_library(tmp_path / "lib")
    own = write_files(tmp_path / "own", {"press.md": own_press("1.0.0")})
    done = run_cli("check", "--library", lib, "--clauses", own)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"{lib} with {own}: 2 clauses (1 of your own), no problems"
    assert lines[1] == (f"{own / 'press.md'}: the library changed escalation.press 1.0.0 → "
                        "2.0.0; your own version still follows 1.0.0")
    assert lines[2:] == [
        "    - `escalation.crisis`, `escalation.press` 1.1.0: the crisis team is named.",
        "    - `escalation.press` 2.0.0 (substantive): journalists go to the press contact "
        "within the hand-on time.",
    ]


def test_following_the_current_version_gives_no_upstream_change(tmp_path: Path) -> None:
    lib = tiny_library(tmp_path / "lib")
    own = write_files(tmp_path / "own", {"press.md": own_press("2.0.0")})
    library = check_library(lib, jobs=1, overlay=own)
    assert library.overlay is not None and library.overlay.upstream == ()


def test_the_version_lock_holds_the_librarys_clauses_not_the_overlays(tmp_path: Path) -> None:
    lib = tiny_library(tmp_path / "lib")
    locked = library_module.load(lib)
    (lib / "clauses" / versionlock.LOCK_NAME).write_text(versionlock.render(locked.clauses))
    own = write_files(tmp_path / "own", {"press.md": own_press("2.0.0"),
                                         "dress_code.md": DRESS_CODE})
    library = check_library(lib, jobs=1, overlay=own)  # no "text differs from the lock"
    assert {c.id for c in library.clauses} == {"introduction.purpose", "escalation.press",
                                               "own.dress_code"}


def test_upstream_changes_need_no_git(tmp_path: Path) -> None:
    lib = tiny_library(tmp_path / "lib")
    assert not (lib / ".git").exists()
    own = write_files(tmp_path / "own", {"press.md": own_press("1.1.0")})
    library = library_module.load(lib, overlay=own)
    assert library.overlay is not None
    [change] = library.overlay.upstream
    assert (change.follows, change.current) == ("1.1.0", "2.0.0")
    assert [line[:26] for line in change.changelog] == ["- `escalation.press` 2.0.0"]


# -- bad overlays ---------------------------------------------------------------------------

def _bad_cases() -> dict[str, tuple[dict[str, str | bytes], str, str]]:
    current = shipped_version("escalation.press")
    ladder = shipped_version("escalation.ladder")
    return {
        "existing id without replaces": (
            {"press.md": clause_text("escalation.press", section="escalation", order=930)},
            "press.md: id: escalation.press is a clause of the library: to replace it, add "
            f"'replaces: escalation.press@{current}'", ""),
        "replaces a clause that does not exist": (
            {"press.md": clause_text("escalation.presss", section="escalation", order=930,
                                     extra="replaces: escalation.presss@1.0.0")},
            "press.md: replaces: the library has no clause escalation.presss; did you mean "
            "escalation.press?", ""),
        "replaces without a version": (
            {"press.md": clause_text("escalation.press", section="escalation", order=930,
                                     extra="replaces: escalation.press")},
            "press.md:", "replaces: must be a library clause and the version yours follows"),
        "replaces a v-version": (
            {"press.md": clause_text("escalation.press", section="escalation", order=930,
                                     extra="replaces: escalation.press@v1")},
            "press.md:", "replaces: must be a library clause and the version yours follows"),
        "replaces a newer version than the library's": (
            {"press.md": own_press("99.0.0")},
            f"press.md: replaces: escalation.press 99.0.0 is newer than the library's "
            f"escalation.press {current}", ""),
        "replaces another clause than its own id": (
            {"press.md": clause_text("escalation.ladder", section="escalation", order=910,
                                     extra=f"replaces: escalation.press@{current}")},
            "press.md: replaces: names escalation.press, but this clause's id is "
            "escalation.ladder", ""),
        "a new id replacing an existing clause": (
            {"press.md": clause_text("own.press", section="escalation", order=930,
                                     extra=f"replaces: escalation.ladder@{ladder}")},
            "press.md: replaces: names escalation.ladder, but this clause's id is own.press",
            ""),
        "two own files with one id": (
            {"a/dress.md": DRESS_CODE, "b/dress.md": DRESS_CODE},
            "b/dress.md: id: the same id as", "a/dress.md (both in your own clauses)"),
        "an unknown section": (
            {"x.md": clause_text("own.x", section="kleding")},
            "x.md: section: no section 'kleding' in the protocol", ""),
        "no order": (
            {"x.md": clause_text("own.x").replace("order: 100\n", "")},
            "x.md:", "order: required"),
        "no English body": (
            {"x.md": clause_text("own.x").split("<!-- lang: en -->")[0]},
            "x.md:", "no en body"),
        "not UTF-8": (
            {"x.md": clause_text("own.x", nl="Caf\u00e9.").encode("latin-1")},
            "x.md:", "not UTF-8 text"),
        "a broken Jinja tag": (
            {"x.md": clause_text("own.x", nl="{% if organisation.name %}Tekst.")},
            "x.md:", "nl body"),
        "a condition that breaks out of its expression": (
            {"x.md": clause_text("own.x", when="1) %}{{ 7*7 }}{% set y = (1")},
            "x.md:", "when: not a valid condition"),
        "a whole library": (
            {"templates/protocol.md.j2": "x", "clauses/own/x.md": clause_text("own.x")},
            "own: is a whole clause library (it has templates): give it with --library", ""),
    }


@pytest.mark.parametrize("case", list(_bad_cases()))
def test_a_bad_overlay_is_named_with_its_file_and_field_and_nothing_is_written(
        case: str, tmp_path: Path) -> None:
    files, start, contains = _bad_cases()[case]
    own = write_files(tmp_path / "own", files)
    with pytest.raises(ProblemsError) as caught:
        build.build_all([PEEZE], tmp_path / "out", BuildOptions(formats=("md",), overlay=own))
    lines = [line.replace(f"{own}/", "").replace(str(own), "own")
             for line in caught.value.lines()]
    assert any(line.startswith(start) and contains in line for line in lines), lines
    assert not (tmp_path / "out").exists()


def test_a_bad_overlay_through_the_command_exits_non_zero_without_a_traceback(
        run_cli: Run, tmp_path: Path) -> None:
    own = write_files(tmp_path / "own", {
        "press.md": clause_text("escalation.press", section="escalation", order=930)})
    done = run_cli("build", PEEZE, "--out", tmp_path / "out", "--clauses", own)
    assert done.returncode == 1
    assert done.stderr.startswith(f"policygen: {own / 'press.md'}: id: escalation.press is a "
                                  "clause of the library")
    assert "Traceback" not in done.stderr
    assert files_in(tmp_path / "out") == {}
    missing = run_cli("build", PEEZE, "--out", tmp_path / "out", "--clauses", tmp_path / "nope")
    assert missing.returncode == 1
    assert f"{tmp_path / 'nope'}: no such folder" in missing.stderr


def test_a_symlink_to_dev_zero_is_refused_before_reading(tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "zero.md").symlink_to("/dev/zero")
    with pytest.raises(ProblemsError) as caught:
        library_module.load(overlay=own)
    assert [p.file for p in caught.value.problems] == [str(own / "zero.md")]
    assert "not a regular file" in caught.value.problems[0].message


def test_symlinked_and_hidden_folders_and_readmes_are_not_read(tmp_path: Path) -> None:
    own = write_files(tmp_path / "own", {"dress_code.md": DRESS_CODE, "README.md": "# Ons",
                                         ".git/stale.md": "not a clause", "NOTES.MD": "x"})
    (own / "loop").symlink_to(own, target_is_directory=True)
    (own / "root").symlink_to("/", target_is_directory=True)
    library = library_module.load(overlay=own)
    assert library.overlay is not None and list(library.overlay.sources) == ["own.dress_code"]


def test_five_thousand_files_are_refused_before_any_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = tmp_path / "own"
    own.mkdir()
    for n in range(5000):
        (own / f"c{n}.md").write_bytes(b"")
    base = library_module.load()
    read: list[Path] = []
    monkeypatch.setattr(library_module, "read_clause",
                        lambda path, *a, **k: read.append(path))  # never called
    with pytest.raises(ProblemsError) as caught:
        overlay_module.apply(base, own)
    [problem] = caught.value.problems
    assert problem.file == str(own) and "holds more than" in problem.message
    assert read == []


def test_a_folder_nested_too_deep_is_refused(tmp_path: Path) -> None:
    deep = tmp_path / "own" / "/".join("d" for _ in range(overlay_module.MAX_DEPTH + 1))
    write_files(deep, {"x.md": clause_text("own.x")})
    with pytest.raises(ProblemsError) as caught:
        library_module.load(overlay=tmp_path / "own")
    assert "folders deep inside the overlay" in str(caught.value)


def test_jinja_that_escapes_the_sandbox_is_a_located_error(tmp_path: Path) -> None:
    escape = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    own = write_files(tmp_path / "own", {"x.md": clause_text("own.x", nl=escape, en=escape)})
    report = build.build_all([PEEZE], tmp_path / "out",
                             BuildOptions(formats=("md",), overlay=own))
    [(_, error)] = report.failures
    assert any(line.startswith(f"{own / 'x.md'}:") and "nl body" in line
               for line in error.lines()), error.lines()
    assert not (tmp_path / "out").exists()


def test_check_lints_the_overlay_naming_its_file(tmp_path: Path) -> None:
    lib = tiny_library(tmp_path / "lib")
    own = write_files(tmp_path / "own", {
        "ladder.md": clause_text("own.ladder", section="escalation", order=905,
                                 nl="Bel {{ escalation.levels[0].name }}.",
                                 en="Call {{ organisaton.name }}.")})
    with pytest.raises(ProblemsError) as caught:
        check_library(lib, jobs=1, overlay=own)
    files = {p.file for p in caught.value.problems}
    assert files == {str(own / "ladder.md")}
    text = str(caught.value)
    assert "nl body" in text and "en body" in text and "organisaton" in text


def test_a_library_clause_may_not_say_replaces(tmp_path: Path) -> None:
    lib = make_library(tmp_path / "lib", {
        "introduction/purpose.md": clause_text("introduction.purpose",
                                               extra="replaces: introduction.purpose@1.0.0")})
    with pytest.raises(ProblemsError) as caught:
        library_module.load(lib)
    [problem] = caught.value.problems
    assert problem.field == "replaces" and problem.file.endswith("purpose.md")


# -- library.overlay in the answers, and batches --------------------------------------------

def answers_with_overlay(folder: Path, overlay: str | None, source: Path = PEEZE) -> Path:
    text = source.read_text(encoding="utf-8")
    if overlay is not None:
        text += f"\nlibrary:\n  overlay: {overlay}\n"
    path = folder / source.name
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_library_overlay_in_the_answers_is_relative_to_the_answers_file(
        run_cli: Run, tmp_path: Path) -> None:
    org = tmp_path / "org"
    write_files(org / "eigen", {"dress_code.md": DRESS_CODE})
    answers = answers_with_overlay(org, "eigen")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = run_cli("build", answers, "--out", tmp_path / "out", "--format", "md",
                   cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert "bedrijfskleding van Peeze" in (tmp_path / "out" / "protocol.md").read_text()
    assert clause_entry(manifest_of(tmp_path / "out"), "own.dress_code")["source"] == "overlay"


def test_clauses_on_the_command_line_win_over_the_answers(tmp_path: Path) -> None:
    org = tmp_path / "org"
    write_files(org / "eigen", {"dress_code.md": DRESS_CODE})
    given = write_files(tmp_path / "given", {"press.md": own_press(
        shipped_version("escalation.press"))})
    answers = answers_with_overlay(org, "eigen")
    report = build.build_all([answers], tmp_path / "out",
                             BuildOptions(formats=("md",), overlay=given))
    assert report.ok, report.failure_lines()
    protocol = (tmp_path / "out" / "protocol.md").read_text()
    assert OWN_PRESS_NL in protocol and "bedrijfskleding" not in protocol


def test_a_missing_overlay_folder_names_the_answers_file_and_field(tmp_path: Path) -> None:
    answers = answers_with_overlay(tmp_path / "org", "eigen")
    report = build.build_all([answers], tmp_path / "out", BuildOptions(formats=("md",)))
    [(_, error)] = report.failures
    assert error.lines() == [
        f"{answers}: library.overlay: no such folder {tmp_path / 'org' / 'eigen'} (relative "
        "to the answers file: a folder of your own clause files)"]
    assert not (tmp_path / "out").exists()


def test_the_json_schema_documents_library_overlay() -> None:
    overlay = answers_module.json_schema()["properties"]["library"]["properties"]["overlay"]
    assert overlay["type"] == "string" and "relative to this answers file" in \
        overlay["description"]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_batch_builds_each_organisation_with_its_own_overlay(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    monkeypatch.setattr(build, "PARALLEL_FROM", 2)  # the pool path, with two organisations
    peeze = answers_with_overlay(tmp_path / "peeze", "eigen")
    write_files(tmp_path / "peeze" / "eigen", {"dress_code.md": DRESS_CODE,
                                               "press.md": own_press("1.0.0")})
    northwind = answers_with_overlay(tmp_path / "northwind", None, NORTHWIND)
    report = build.build_all([peeze, northwind], tmp_path / "out",
                             BuildOptions(formats=("md",)), workers=workers)
    assert report.ok, report.failure_lines()
    assert len(report.warnings) == 1 and "escalation.press 1.0.0 →" in report.warnings[0]
    peeze_out = tmp_path / "out" / "koffiebranderij-peeze"
    northwind_out = tmp_path / "out" / "northwind-advisory-ltd"
    assert "bedrijfskleding van Peeze" in (peeze_out / "protocol.md").read_text()
    assert OWN_PRESS_NL in (peeze_out / "protocol.md").read_text()
    northwind_text = (northwind_out / "protocol.md").read_text()
    assert "workwear" not in northwind_text and OWN_PRESS_EN not in northwind_text
    assert "overlay" in manifest_of(peeze_out)["library"]  # type: ignore[operator]
    northwind_manifest = manifest_of(northwind_out)
    assert "overlay" not in northwind_manifest["library"]  # type: ignore[operator]
    assert "source" not in clause_entry(northwind_manifest, "escalation.press")


def test_one_overlay_folder_is_read_once_for_many_organisations(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path / "eigen", {"dress_code.md": DRESS_CODE})
    first = answers_with_overlay(tmp_path / "a", "../eigen")
    second = answers_with_overlay(tmp_path / "b", "../eigen", NORTHWIND)
    calls: list[Path] = []
    real = overlay_module.apply

    def counting(library: library_module.ClauseLibrary,
                 folder: Path) -> library_module.ClauseLibrary:
        calls.append(folder)
        return real(library, folder)

    monkeypatch.setattr(overlay_module, "apply", counting)
    report = build.build_all([first, second], tmp_path / "out", BuildOptions(formats=("md",)),
                             workers=1)
    assert report.ok, report.failure_lines()
    assert len(calls) == 1
    assert os.path.samefile(calls[0], tmp_path / "eigen")


def test_a_bad_overlay_in_a_batch_fails_only_its_organisation(tmp_path: Path) -> None:
    peeze = answers_with_overlay(tmp_path / "peeze", "eigen")
    write_files(tmp_path / "peeze" / "eigen", {
        "press.md": clause_text("escalation.press", section="escalation", order=930)})
    northwind = answers_with_overlay(tmp_path / "northwind", None, NORTHWIND)
    report = build.build_all([peeze, northwind], tmp_path / "out",
                             BuildOptions(formats=("md",)), workers=1)
    [(failed, error)] = report.failures
    assert failed == peeze
    assert error.lines()[0].startswith(
        f"{tmp_path / 'peeze' / 'eigen' / 'press.md'}: id: escalation.press is a clause of "
        "the library")
    assert [r.answers_path for r in report.results] == [northwind]
    assert not (tmp_path / "out" / "koffiebranderij-peeze").exists()


# -- policygen clauses, and the protocol's appendix -------------------------------------------

def test_clauses_lists_the_library_with_own_clauses_marked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from policygen.cli import main

    lib = tiny_library(tmp_path / "lib")
    own = write_files(tmp_path / "own", {"press.md": own_press("1.0.0"),
                                         "dress_code.md": DRESS_CODE})
    assert main(["clauses", "--library", str(lib), "--clauses", str(own)]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert set(lines) == {"introduction.purpose", "escalation.press", "own.dress_code"}
    assert lines["own.dress_code"].endswith("[always]  [own]")
    assert lines["escalation.press"].split()[1] == "1.0.0"  # the organisation's version
    assert lines["escalation.press"].endswith(
        "[always]  [own, replaces escalation.press@1.0.0, the library is at 2.0.0]")
    assert "[own" not in lines["introduction.purpose"]
    assert main(["clauses", "--library", str(lib), "--clauses", str(own), "escalation.press",
                 "--lang", "en"]) == 0
    shown = capsys.readouterr().out
    assert "source: own, replaces escalation.press@1.0.0, the library is at 2.0.0\n" in shown
    assert shown.rstrip().endswith(OWN_PRESS_EN)
    assert main(["clauses", "--library", str(lib)]) == 0  # without them: nothing marked
    assert "[own" not in capsys.readouterr().out


def _table_rows(markdown: str) -> dict[str, str]:
    """The appendix's clause table: clause id → its row."""
    return {clause_id.replace("\\_", "_"): row for row, clause_id in
            re.findall(r"^(\| [\d.]+ \| (\S+) .*\|)$", markdown, re.M)}


@pytest.mark.parametrize(("answers", "own_text", "replaces", "sentence"), [
    (PEEZE, "eigen tekst", "vervangt", r"De artikelen (\d+\.\d+) en (\d+\.\d+) zijn de eigen "
     r"tekst van Peeze, niet uit de clausulebibliotheek\. Waar een eigen tekst een artikel "
     r"uit de bibliotheek vervangt, staat in de tabel welke bibliotheekversie hij volgt"),
    (NORTHWIND, "own text", "replaces", r"Articles (\d+\.\d+) and (\d+\.\d+) are Northwind's "
     r"own text, not taken from the clause library\. Where an own text replaces an article "
     r"of the library, the table says which library version it follows"),
])
def test_the_appendix_marks_the_organisations_own_articles(
        tmp_path: Path, answers: Path, own_text: str, replaces: str, sentence: str) -> None:
    from docx import Document

    current = shipped_version("escalation.press")
    own = write_files(tmp_path / "own", {"press.md": own_press(current),
                                         "dress_code.md": DRESS_CODE})
    assert build.build_all([answers], tmp_path / "out",
                           BuildOptions(formats=("md", "docx"), overlay=own)).ok
    assert build.build_all([answers], tmp_path / "plain", BuildOptions(formats=("md",))).ok
    markdown = (tmp_path / "out" / "protocol.md").read_text()
    rows = _table_rows(markdown)
    assert rows["escalation.press"].split(" | ")[1:] == [
        f"escalation.press ({own_text}, {replaces} escalation.press {current})", "1.0.0 |"]
    assert rows["own.dress_code"].split(" | ")[1:] == [f"own.dress\\_code ({own_text})",
                                                       "1.0.0 |"]
    # the library's articles keep their rows, word for word
    plain_rows = _table_rows((tmp_path / "plain" / "protocol.md").read_text())
    assert {k: v for k, v in rows.items() if k not in ("escalation.press", "own.dress_code")} \
        == {k: v for k, v in plain_rows.items() if k != "escalation.press"}
    found = re.search(sentence, markdown)
    assert found, markdown[-1500:]
    numbers = {row.split(" | ")[0].lstrip("| ") for clause_id, row in rows.items()
               if clause_id in ("escalation.press", "own.dress_code")}
    assert set(found.groups()) == numbers
    assert own_text not in (tmp_path / "plain" / "protocol.md").read_text()
    cells = [cell.text for table in Document(str(tmp_path / "out" / "protocol.docx")).tables
             for row in table.rows for cell in row.cells]
    assert f"escalation.press ({own_text}, {replaces} escalation.press {current})" in cells
    assert f"own.dress_code ({own_text})" in cells
    paragraphs = [p.text for p in Document(str(tmp_path / "out" / "protocol.docx")).paragraphs]
    assert any(re.match(sentence, p) for p in paragraphs)


def test_the_compact_protocol_names_the_own_articles_in_one_sentence(tmp_path: Path) -> None:
    own = write_files(tmp_path / "own", {"dress_code.md": DRESS_CODE})
    assert build.build_all([PEEZE], tmp_path / "out", BuildOptions(
        formats=("md",), overlay=own, compact=True)).ok
    markdown = (tmp_path / "out" / "protocol.md").read_text()
    number = re.search(r"^### Artikel (\d+\.\d+) Titel own\.dress_code$", markdown, re.M)
    assert number
    assert markdown.rstrip().endswith(f"Artikel {number.group(1)} is de eigen tekst van Peeze, "
                                      "niet uit de clausulebibliotheek.")
