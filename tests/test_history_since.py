"""`check --since REF`, `clauses --since`, the CHANGELOG's kinds, and the release tag."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from policygen.clauselib import changelog
from policygen.clauselib.library import load
from policygen.cli import main
from policygen.history import release, since

from .conftest import ROOT
from .gitrepo import clause_text, git, library_repo, log, save, write

A = "clauses/intro/a.md"
B = "clauses/intro/b.md"


def _repo(tmp_path: Path, folder: str = "") -> Path:
    return library_repo(tmp_path / "repo", {
        "intro/a.md": clause_text("intro.a", nl="Bij {{ organisation.short_name }} geldt dit.",
                                  en="At {{ organisation.short_name }} this applies."),
        "intro/b.md": clause_text("intro.b", order=110),
    }, folder=folder, changelog="## 1.0.0\n\n- `intro.a`, `intro.b` 1.0.0: first.\n")


def _problems(library: Path, ref: str = "v1.0.0") -> list[str]:
    return [str(p) for p in since.compare(load(library), ref).problems]


@pytest.mark.parametrize(("old", "new"), [
    ("Bij {{ organisation.short_name }} geldt dit.", "Bij {{ organisation.short_name }} geldt dat."),
    ("At {{ organisation.short_name }} this applies.", "At {{ organisation.short_name }} it applies."),
    ("order: 100", "order: 105"),
], ids=["nl body", "en body", "front matter"])
def test_a_text_change_without_a_higher_version_is_a_problem(tmp_path: Path, old: str,
                                                            new: str) -> None:
    library = _repo(tmp_path)
    path = library / A
    path.write_text(path.read_text().replace(old, new))
    problems = _problems(library)
    assert problems == [f"{path}:3: version: the text changed since v1.0.0 but the version is "
                        "still 1.0.0 (was 1.0.0): raise it (patch: wording; minor: new content "
                        "or a new condition; major: a rule changes meaning)"]


def test_a_higher_version_needs_its_changelog_entry(tmp_path: Path) -> None:
    library = _repo(tmp_path)
    write(library, {A: clause_text("intro.a", version="1.0.1", nl="Anders.")})
    assert _problems(library) == [
        f"{library / A}:3: version: clauses/CHANGELOG.md has no entry for `intro.a` 1.0.1: add "
        "one that says what changed, why, and whether it is editorial or substantive"]
    log(library, "- `intro.a` 1.0.1 (editorial): shorter.")
    report = since.compare(load(library), "v1.0.0")
    assert report.problems == []
    assert [c.line() for c in report.changes] == ["intro.a 1.0.0 → 1.0.1 (editorial)"]


def test_a_substantive_change_with_a_patch_step_is_refused(tmp_path: Path) -> None:
    library = _repo(tmp_path)
    write(library, {A: clause_text("intro.a", version="1.0.1", nl="Nieuwe regel.")})
    log(library, "- `intro.a` 1.0.1 (substantive): a new rule.")
    changelog_path = library / "clauses" / "CHANGELOG.md"
    assert _problems(library) == [
        f"{changelog_path}:6: `intro.a` 1.0.0 → 1.0.1 is marked substantive, but that is a "
        "patch step: a rule change needs at least a minor version (1.1.0)"]


def test_the_kind_in_the_front_matter_counts_too(tmp_path: Path) -> None:
    library = _repo(tmp_path)
    write(library, {A: clause_text("intro.a", version="1.0.1", nl="Nieuw.",
                                   extra="change: substantive")})
    log(library, "- `intro.a` 1.0.1: a new rule.")
    (problem,) = _problems(library)
    assert problem.startswith(f"{library / A}:8: version: `intro.a` 1.0.0 → 1.0.1 is marked "
                              "substantive")


def test_a_minor_step_says_its_kind(tmp_path: Path) -> None:
    library = _repo(tmp_path)
    write(library, {A: clause_text("intro.a", version="1.1.0", nl="Meer.")})
    log(library, "- `intro.a` 1.1.0: more.")
    assert _problems(library) == [
        f"{library / 'clauses' / 'CHANGELOG.md'}:6: `intro.a` 1.1.0: say whether the change is "
        "(editorial) or (substantive), after the version"]


def test_removed_and_renamed_clauses_are_listed(tmp_path: Path) -> None:
    library = _repo(tmp_path)
    renamed = (library / B).read_text().replace("intro.b", "intro.c")
    write(library, {A: None, B: None, "clauses/intro/c.md": renamed})
    report = since.compare(load(library), "v1.0.0")
    assert [c.line() for c in report.changes] == [
        "intro.a 1.0.0 removed", "intro.b 1.0.0 renamed to intro.c",
        "intro.c 1.0.0 new (kind not said)"]
    assert [str(p) for p in report.problems] == [
        f"{library / 'clauses/intro/c.md'}:3: version: clauses/CHANGELOG.md has no entry for "
        "`intro.c` 1.0.0: add one that says what changed, why, and whether it is editorial or "
        "substantive",
        f"{library / A}: `intro.a` 1.0.0 was removed since v1.0.0: say so (and why) in a new "
        "entry of clauses/CHANGELOG.md that names `intro.a`",
        f"{library / B}: `intro.b` 1.0.0 was renamed to intro.c since v1.0.0: say so (and why) "
        "in a new entry of clauses/CHANGELOG.md that names `intro.b`"]
    log(library, "- `intro.c` 1.0.0 (editorial): renamed from `intro.b`; `intro.a` removed.")
    assert _problems(library) == []


def test_a_library_in_a_sub_folder_of_its_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = _repo(tmp_path, folder="policies/library")
    write(library, {A: clause_text("intro.a", version="1.0.1", nl="Anders.")})
    log(library, "- `intro.a` 1.0.1 (editorial): shorter.")
    save(library.parent.parent, "wording")
    assert main(["clauses", "--library", str(library), "--since", "v1.0.0"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["intro.a 1.0.0 → 1.0.1 (editorial)"]


def test_check_since_reports_with_file_and_line_and_fails(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = _repo(tmp_path)
    path = library / A
    path.write_text(path.read_text().replace("geldt dit", "geldt dat"))
    assert main(["check", "--library", str(library), "--since", "v1.0.0"]) == 1
    assert f"policygen: {path}:3: version: the text changed since v1.0.0" in capsys.readouterr().err


@pytest.mark.parametrize(("since_ref", "message"), [
    ("v9.9.9", "no git ref 'v9.9.9' in"),
    ("--upload-pack=x", "'--upload-pack=x' is not a git ref"),
])
def test_bad_refs_are_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     since_ref: str, message: str) -> None:
    library = _repo(tmp_path)
    assert main(["check", "--library", str(library), f"--since={since_ref}"]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_a_library_outside_git_or_without_git(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    library = _repo(tmp_path)
    outside = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(library), str(outside)], check=True)
    subprocess.run(["rm", "-rf", str(outside / ".git")], check=True)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert main(["clauses", "--library", str(outside), "--since", "v1.0.0"]) == 1
    assert capsys.readouterr().err == (f"policygen: {outside}: not in a git repository, so the "
                                       "library has no history to compare with (put it in git, "
                                       "or compare with an earlier build's manifest.json)\n")
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    assert main(["clauses", "--library", str(library), "--since", "v1.0.0"]) == 1
    assert "git is not installed" in capsys.readouterr().err


def test_release_tag_and_library_yaml_must_agree(tmp_path: Path) -> None:
    library = _repo(tmp_path)
    yaml_path = library / "clauses" / "library.yaml"
    assert release.tag_problems(load(library)) == []  # v1.0.0 says 1.0.0
    yaml_path.write_text("name: test library\nversion: 1.1.0\n")
    (problem,) = release.tag_problems(load(library))  # HEAD is the release v1.0.0
    assert str(problem) == (f"{yaml_path}:2: version: says 1.1.0, but this commit is the "
                            "release v1.0.0: make them the same (or tag the release v1.1.0)")
    save(library, "next release in the making")
    assert release.tag_problems(load(library)) == []  # after the tag, a later version is fine
    git(library, "tag", "v1.2.0")  # a tag on a commit whose library.yaml says 1.1.0
    found = [str(p) for p in release.tag_problems(load(library))]
    assert found == [
        f"{yaml_path}:2: version: says 1.1.0, but this commit is the release v1.2.0: make them "
        "the same (or tag the release v1.1.0)",
        f"{yaml_path}:2: version: the release tag v1.2.0 names a commit whose "
        "clauses/library.yaml says 1.1.0: tag the commit that says 1.2.0"]


def test_no_release_tag_is_nothing_to_disagree_with(tmp_path: Path) -> None:
    library = library_repo(tmp_path / "repo", {"intro/a.md": clause_text("intro.a")}, tag=None)
    (library / "clauses" / "library.yaml").write_text("name: t\nversion: 3.0.0\n")
    assert release.tag_problems(load(library)) == []


def test_changelog_entries_name_clauses_versions_and_kinds() -> None:
    log_ = changelog.parse(
        "## 2.0.0 — today\n\n"
        "- `a.x` 2.0.0 (substantive), `a.y`, `a.z` 1.3.0 (editorial): why,\n"
        "  on two lines: `a.w` is only mentioned.\n"
        "- All clauses: no subject.\n", "CHANGELOG.md")
    first, second = log_.entries
    assert (first.line, first.release) == (3, "2.0.0")
    assert [(s.clause_id, s.version, s.kind) for s in first.subjects] == [
        ("a.x", "2.0.0", "substantive"), ("a.y", "1.3.0", "editorial"),
        ("a.z", "1.3.0", "editorial")]
    assert first.description == "why, on two lines: `a.w` is only mentioned."
    assert first.names("a.w") and not log_.entries_for("a.w")
    assert second.subjects == ()
    assert log_.kind_between("a.x", "1.0.0", "2.0.0") == "substantive"
    assert log_.kind_between("a.q", "1.0.0", "1.0.3") == "editorial"  # a patch
    assert log_.kind_between("a.q", "1.0.0", "1.1.0") is None


def test_every_entry_of_the_shipped_changelog_since_1_1_0_says_its_kind() -> None:
    shipped = changelog.read(ROOT)
    unsaid = [f"{s.clause_id} {s.version}" for e in shipped.entries for s in e.subjects
              if changelog.semver(s.version) > (1, 0, 0) and e.release in ("1.1.0", "1.2.0")
              and shipped.kind(s.clause_id, s.version) is None]
    assert unsaid == []


def test_the_shipped_library_passes_check_since_head(tmp_path: Path) -> None:
    """What --since adds to check, on the committed library (a clone: others' unsaved work
    does not count; the lint itself is test_build's test_check_passes_on_the_shipped_library)."""
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=False)
    if head.returncode != 0:
        pytest.skip("this checkout has no git history")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    check = since.HistoryCheck("HEAD")
    assert check(load(clone)) == []
    assert check.report is not None and check.report.changes == []
