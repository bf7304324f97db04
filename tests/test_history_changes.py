"""`policygen changes`: what changed for one organisation, why, and must staff sign again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policygen.answers import schema as answers_module
from policygen.clauselib.library import load
from policygen.cli import main
from policygen.history import changes, earlier
from policygen.history.changes import CONDITION, NEW_CLAUSE, REMOVED_CLAUSE
from policygen.history.worddiff import DELETE, INSERT

from .conftest import NORTHWIND, PEEZE
from .gitrepo import clause_text, library_repo, log, save, write

NL_B = "Een bericht gaat pas online als {{ permissions.approver | the }} het goedkeurt."
EN_B = "A post goes online once {{ permissions.approver | the }} approves it."


def _v1(tmp_path: Path) -> Path:
    return library_repo(tmp_path / "repo", {
        "intro/a.md": clause_text(
            "intro.a", nl="Bij {{ organisation.short_name }} spreek je voor jezelf.",
            en="At {{ organisation.short_name }} you speak for yourself."),
        "intro/b.md": clause_text("intro.b", order=110, when="permissions.approval_required",
                                  nl=NL_B, en=EN_B),
        "intro/c.md": clause_text("intro.c", order=120, nl="Oude regel.", en="Old rule."),
        "intro/d.md": clause_text("intro.d", order=130, when='organisation.sector == "government"',
                                  nl="Voor de overheid.", en="For government."),
    }, changelog="## 1.0.0\n\n- `intro.a`, `intro.b`, `intro.c`, `intro.d` 1.0.0: first.\n")


def _v2(library: Path) -> str:
    write(library, {
        "clauses/intro/a.md": clause_text(
            "intro.a", version="1.0.1",
            nl="Bij {{ organisation.short_name }} spreek je altijd voor jezelf.",
            en="At {{ organisation.short_name }} you always speak for yourself."),
        "clauses/intro/b.md": clause_text(
            "intro.b", version="1.1.0", order=110, when="permissions.approval_required",
            nl=NL_B.replace("online", "online, ook een reactie,"),
            en=EN_B.replace("online", "online, a reply too,")),
        "clauses/intro/c.md": None,
        "clauses/intro/d.md": clause_text(
            "intro.d", version="1.1.0", order=130,
            when='organisation.sector in ["government", "retail"]',
            nl="Voor de overheid en winkels.", en="For government and shops."),
        "clauses/intro/e.md": clause_text("intro.e", order=140, nl="Nieuw.", en="New."),
    })
    log(library, "", "## 1.1.0", "",
        "- `intro.a` 1.0.1 (editorial): always.",
        "- `intro.b` 1.1.0 (substantive): replies need approval too.",
        "- `intro.d` 1.1.0 (substantive): also for shops; `intro.c` removed.",
        "- `intro.e` 1.0.0 (substantive): new.")
    return save(library, "1.1.0", tag="v1.1.0")


def _report(library: Path, since: str, answers: Path = PEEZE) -> changes.ChangeReport:
    loaded = answers_module.load(answers)
    current = load(library)
    return changes.compare(loaded, current, earlier.resolve(since, current, loaded))


def test_changed_clauses_with_their_rendered_diff_and_the_verdict(tmp_path: Path) -> None:
    library = _v1(tmp_path)
    _v2(library)
    report = _report(library, "v1.0.0")
    assert [(a.clause_id, a.number, a.old_version, a.new_version, a.kind)
            for a in report.changed] == [("intro.a", "1.1", "1.0.0", "1.0.1", "editorial"),
                                         ("intro.b", "1.2", "1.0.0", "1.1.0", "substantive")]
    a, b = report.changed
    # the rendered text in the organisation's language: its names, not Jinja
    assert (INSERT, " altijd") in (a.segments or ())
    assert "Bij Peeze spreek je" in "".join(text for _, text in a.segments or ())
    assert (INSERT, ", ook een reactie,") in (b.segments or ())
    assert "het hoofd Communicatie" in b.text and "{{" not in b.text
    assert [e.description for e in b.entries] == ["replies need approval too."]
    assert [(m.clause_id, m.number, m.reason) for m in report.added] == [
        ("intro.d", "1.3", CONDITION), ("intro.e", "1.4", NEW_CLAUSE)]
    condition = report.added[0].condition
    assert condition is not None and condition.old == 'organisation.sector == "government"'
    assert condition.reads == (("organisation.sector", "retail"),)
    assert [(m.clause_id, m.number, m.reason) for m in report.dropped] == [
        ("intro.c", "1.3", REMOVED_CLAUSE)]
    verdict = report.verdict
    assert verdict.sign_again
    assert verdict.read == (("1.2", "Titel intro.b"), ("1.3", "Titel intro.d"),
                            ("1.4", "Titel intro.e"))


def test_only_editorial_changes_need_no_new_signature(tmp_path: Path) -> None:
    library = _v1(tmp_path)
    write(library, {"clauses/intro/a.md": clause_text(
        "intro.a", version="1.0.1", nl="Bij {{ organisation.short_name }} spreek je voor jou.",
        en="At {{ organisation.short_name }} you speak for you.")})
    log(library, "- `intro.a` 1.0.1: wording.")
    save(library)
    report = _report(library, "v1.0.0", NORTHWIND)
    assert [(a.clause_id, a.kind) for a in report.changed] == [("intro.a", "editorial")]
    assert (DELETE, " yourself") in (report.changed[0].segments or ())
    assert not report.verdict.sign_again and report.verdict.read == ()


def test_from_an_earlier_builds_manifest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = _v1(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(PEEZE), "--library", str(library), "--out", str(out),
                 "--format", "md"]) == 0
    _v2(library)
    by_ref = _report(library, "v1.0.0")
    for since in (out, out / "manifest.json"):
        by_manifest = _report(library, str(since))
        assert by_manifest.changed == by_ref.changed
        assert by_manifest.added == by_ref.added and by_manifest.dropped == by_ref.dropped
    capsys.readouterr()
    assert main(["changes", str(PEEZE), "--library", str(library), "--since", str(out)]) == 0
    text = capsys.readouterr().out
    assert "* 1.2 Titel intro.b — intro.b 1.0.0 → 1.1.0 (inhoudelijk)" in text
    assert "online{+, ook een reactie,+} als" in text
    assert "+ 1.4 Titel intro.e — intro.e 1.0.0: nieuw in de bibliotheek" in text
    assert "− 1.3 Titel intro.c — intro.c 1.0.0: uit de bibliotheek verwijderd" in text


def test_the_manifest_records_each_clauses_kind_of_last_change(tmp_path: Path) -> None:
    library = _v1(tmp_path)
    _v2(library)
    out = tmp_path / "out"
    assert main(["build", str(PEEZE), "--library", str(library), "--out", str(out),
                 "--format", "md"]) == 0
    entries = json.loads((out / "manifest.json").read_text())["documents"]["protocol"]["clauses"]
    assert entries == [
        {"id": "intro.a", "version": "1.0.1", "change": "editorial"},
        {"id": "intro.b", "version": "1.1.0", "change": "substantive"},
        {"id": "intro.d", "version": "1.1.0", "change": "substantive"},
        {"id": "intro.e", "version": "1.0.0", "change": "substantive"}]


def test_a_manifest_whose_library_is_not_in_git_compares_versions_only(tmp_path: Path) -> None:
    library = _v1(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(PEEZE), "--library", str(library), "--out", str(out),
                 "--format", "md"]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["library"]["commit"] = "0" * 40  # built from another clone
    manifest["library"]["release"] = "0.9.0"  # of a release not tagged here
    (out / "manifest.json").write_text(json.dumps(manifest))
    _v2(library)
    report = _report(library, str(out))
    assert "unknown_commit" in report.earlier.notes
    assert [(a.clause_id, a.kind, a.segments) for a in report.changed] == [
        ("intro.a", "editorial", None), ("intro.b", "substantive", None)]
    assert report.verdict.sign_again


def test_another_organisations_manifest_is_refused(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    library = _v1(tmp_path)
    out = tmp_path / "northwind"
    assert main(["build", str(NORTHWIND), "--library", str(library), "--out", str(out),
                 "--format", "md"]) == 0
    capsys.readouterr()
    assert main(["changes", str(PEEZE), "--library", str(library), "--since", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"policygen: {out / 'manifest.json'}: the build of 'Northwind Advisory Ltd', not of "
        f"'Koffiebranderij Peeze' ({PEEZE}); give that organisation's answers file, or this "
        "organisation's own output folder\n")


@pytest.mark.parametrize(("since", "message"), [
    ("v7.0.0", "no git ref 'v7.0.0' in "),
    ("old/manifest.json", "old/manifest.json: no such manifest or output folder, and no git "
                          "ref of that name"),
])
def test_a_ref_or_manifest_that_names_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              since: str, message: str) -> None:
    library = _v1(tmp_path)
    assert main(["changes", str(PEEZE), "--library", str(library), "--since", since]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.splitlines()) == 1


def test_the_note_for_staff_in_the_answers_language(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from docx import Document

    library = _v1(tmp_path)
    _v2(library)
    note = tmp_path / "wat-is-er-veranderd.md"
    assert main(["changes", str(PEEZE), "--library", str(library), "--since", "v1.0.0",
                 "--out", str(note)]) == 0
    assert capsys.readouterr().out == (f"{note}: staff must sign again; they read articles "
                                       "1.2, 1.3, 1.4\n")
    text = note.read_text()
    assert text.startswith("# Wat is er veranderd in onze gedragscode\n")
    assert "## Moet je opnieuw tekenen?\n\n**Ja.**" in text
    assert "- Was: Een bericht gaat pas online als het hoofd Communicatie het goedkeurt.\\\n" \
           "  Nu: Een bericht gaat pas online**, ook een reactie,** als" in text
    assert "{{" not in text
    english = tmp_path / "what-changed.docx"
    assert main(["changes", str(NORTHWIND), "--library", str(library), "--since", "v1.0.0",
                 "--out", str(english)]) == 0
    paragraphs = [p.text for p in Document(str(english)).paragraphs]
    assert paragraphs[0] == "What changed in our social media protocol"
    assert "Do you need to sign again?" in paragraphs
    assert any("Northwind" in p for p in paragraphs)


def test_a_manifest_without_its_commit_falls_back_on_its_release_tag(tmp_path: Path) -> None:
    library = _v1(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(PEEZE), "--library", str(library), "--out", str(out),
                 "--format", "md"]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["library"]["commit"] = None  # an installed copy: release 1.0.0, no commit
    (out / "manifest.json").write_text(json.dumps(manifest))
    _v2(library)
    report = _report(library, str(out))
    assert report.earlier.notes == ["release_tag"]
    assert report.changed == _report(library, "v1.0.0").changed
