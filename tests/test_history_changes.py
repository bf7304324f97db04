"""`policygen changes`: what changed for one organisation, why, and must staff sign again."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policygen.answers import schema as answers_module
from policygen.clauselib.library import load
from policygen.cli import main
from policygen.history import changes, changes_note, earlier, hunks, worddiff
from policygen.history.changes import (
    CONDITION,
    NEW_CLAUSE,
    OWN_REMOVED,
    REMOVED_CLAUSE,
    THEN_ABSENT,
    THEN_LIBRARY,
    THEN_OWN,
    THEN_UNKNOWN,
)
from policygen.history.whatchanged import ChangesRequest, what_changed
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


# -- the organisation's own clauses (an overlay) --------------------------------------------

OWN_PRESS = clause_text(
    "escalation.press", section="escalation", order=930, extra="replaces: escalation.press@1.0.0",
    nl="Belt een journalist, zeg dan dat we terugbellen en bel zelf niemand anders.",
    en="If a journalist calls, say we will call back, and call nobody else yourself.")
PRESS_LOG = ("- `escalation.press` 2.0.0 (substantive): journalists go to the press contact "
             "within 30 minutes.")


def _dress_code(version: str = "1.0.0") -> str:
    return clause_text("own.dress_code", section="conduct", order=790, version=version,
                       nl="Overleg eerst voordat je in bedrijfskleding filmt.",
                       en="Check first before you film in company workwear.")


def _with_press(tmp_path: Path) -> tuple[Path, Path]:
    """A library whose escalation.press is at 1.0.0, and Peeze's own clauses: a replacement
    of escalation.press that follows 1.0.0, and a dress code of its own."""
    library = library_repo(tmp_path / "repo", {
        "intro/a.md": clause_text(
            "intro.a", nl="Bij {{ organisation.short_name }} spreek je voor jezelf.",
            en="At {{ organisation.short_name }} you speak for yourself."),
        "escalation/press.md": clause_text(
            "escalation.press", section="escalation", order=930,
            nl="Een journalist verwijs je naar de woordvoerder.",
            en="Refer a journalist to the spokesperson."),
    }, changelog="## 1.0.0\n\n- `intro.a`, `escalation.press` 1.0.0: first.\n")
    own = tmp_path / "own"
    write(own, {"press.md": OWN_PRESS, "dress_code.md": _dress_code()})
    return library, own


def _press_moves_on(library: Path) -> None:
    """The library's escalation.press goes to 2.0.0 (a rule changed); intro.a gets a word."""
    write(library, {
        "clauses/escalation/press.md": clause_text(
            "escalation.press", version="2.0.0", section="escalation", order=930,
            nl="Een journalist verwijs je binnen 30 minuten naar de woordvoerder.",
            en="Refer a journalist to the spokesperson within 30 minutes."),
        "clauses/intro/a.md": clause_text(
            "intro.a", version="1.0.1",
            nl="Bij {{ organisation.short_name }} spreek je altijd voor jezelf.",
            en="At {{ organisation.short_name }} you always speak for yourself."),
    })
    log(library, "", "## 2.0.0", "", PRESS_LOG, "- `intro.a` 1.0.1 (editorial): always.")
    save(library, "2.0.0", tag="v2.0.0")


def _report_own(library: Path, since: str, own: Path,
                answers: Path = PEEZE) -> changes.ChangeReport:
    loaded = answers_module.load(answers)
    current = load(library, overlay=own)
    return changes.compare(loaded, current, earlier.resolve(since, current, loaded))


def test_own_clauses_are_listed_not_compared_and_the_upstream_change_is_named(
        tmp_path: Path) -> None:
    library, own = _with_press(tmp_path)
    _press_moves_on(library)
    # without the organisation's own clauses the library's rule change is one for staff
    plain = _report(library, "v1.0.0")
    assert [(a.clause_id, a.kind) for a in plain.changed] == [
        ("intro.a", "editorial"), ("escalation.press", "substantive")]
    assert plain.verdict.sign_again and plain.own == [] and plain.upstream == ()
    report = _report_own(library, "v1.0.0", own)
    # the own press clause is not "changed" against the old library's text, nor is the own
    # dress code "newly applicable"
    assert [a.clause_id for a in report.changed] == ["intro.a"]
    assert report.added == [] and report.dropped == []
    assert [(o.clause_id, o.number, o.version, o.replaces, o.then) for o in report.own] == [
        ("own.dress_code", "2.1", "1.0.0", None, THEN_UNKNOWN),
        ("escalation.press", "3.1", "1.0.0", "escalation.press@1.0.0", THEN_UNKNOWN)]
    assert report.own[1].source == str(own / "press.md")
    [change] = report.upstream
    assert (change.clause_id, change.follows, change.current) == ("escalation.press", "1.0.0",
                                                                  "2.0.0")
    assert change.changelog == (PRESS_LOG,)
    verdict = report.verdict
    assert not verdict.sign_again and verdict.read == ()
    assert verdict.review_own == ("escalation.press",) and verdict.own_changed == ()


def test_the_report_lists_own_clauses_and_upstream_changes_in_both_languages(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library, own = _with_press(tmp_path)
    _press_moves_on(library)
    args = ["changes", str(PEEZE), "--library", str(library), "--since", "v1.0.0",
            "--clauses", str(own)]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "\n== Eigen clausules\n" in text
    assert "* 2.1 Titel own.dress_code — own.dress_code 1.0.0: eigen clausule\n" in text
    assert ("* 3.1 Titel escalation.press — escalation.press 1.0.0: vervangt "
            "escalation.press 1.0.0 uit de bibliotheek\n") in text
    assert ("\n! De bibliotheek wijzigde escalation.press 1.0.0 → 2.0.0; jullie eigen versie "
            f"volgt nog 1.0.0.\n    {own / 'press.md'}\n    {PRESS_LOG}\n    Neem over wat "
            "ook voor jullie geldt en zet daarna in jullie eigen clausule replaces: "
            "escalation.press@2.0.0.\n") in text
    verdict = text.split("== Moet je opnieuw tekenen?\n")[1]
    assert verdict.startswith("Nee.")
    assert "Wat de eigenaar moet doen:\n  De bibliotheek veranderde escalation.press" in verdict
    assert "Beoordeel wel jullie eigen versie" in verdict
    assert not [line for line in text.splitlines() if line.startswith(("+ ", "− "))]
    assert "* 3.1" not in text.split("== Eigen clausules")[0]  # not among the changed
    assert main([*args, "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert "\n== Your own clauses\n" in english
    assert ("* 3.1 Title escalation.press — escalation.press 1.0.0: replaces the library's "
            "escalation.press 1.0.0\n") in english
    assert ("\n! The library changed escalation.press 1.0.0 → 2.0.0; your own version still "
            f"follows 1.0.0.\n    {own / 'press.md'}\n    {PRESS_LOG}\n") in english
    assert "What the owner must do:\n  The library changed escalation.press, which you " \
           "replace with your own version. Staff need not sign again" in english


def test_the_note_tells_the_policy_owner_not_the_staff(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from docx import Document

    library, own = _with_press(tmp_path)
    _press_moves_on(library)
    note = tmp_path / "wat-is-er-veranderd.md"
    assert main(["changes", str(PEEZE), "--library", str(library), "--since", "v1.0.0",
                 "--clauses", str(own), "--out", str(note)]) == 0
    assert capsys.readouterr().out == (
        f"{note}: staff need not sign again; review your own version of escalation.press: the "
        "library changed it since the version yours follows\n")
    staff, owner = note.read_text().split("## Voor de eigenaar van de gedragscode\n")
    assert "escalation.press" not in staff and "eigen" not in staff
    assert "**Nee.**" in staff
    assert "### Wat de eigenaar moet doen\n\n- De bibliotheek veranderde escalation.press, " \
           "die jullie door een eigen versie vervangen." in owner
    assert "- 2.1 `own.dress_code` 1.0.0: eigen clausule\n" \
           "- 3.1 `escalation.press` 1.0.0: vervangt escalation.press 1.0.0 uit de " \
           "bibliotheek\n" in owner
    assert "### Wijzigingen in de bibliotheek bij clausules die jullie vervangen\n\n" \
           "- De bibliotheek wijzigde escalation.press 1.0.0 → 2.0.0; jullie eigen versie " \
           "volgt nog 1.0.0.\n  - *Toelichting van de bibliotheek (Engels, voor beheerders):*\n" \
           f"    - {PRESS_LOG[2:].replace('`', '')}\n  - Neem over wat ook voor jullie geldt" \
           in owner
    english = tmp_path / "what-changed.docx"
    assert main(["changes", str(PEEZE), "--library", str(library), "--since", "v1.0.0",
                 "--clauses", str(own), "--lang", "en", "--out", str(english)]) == 0
    paragraphs = [p.text for p in Document(str(english)).paragraphs]
    owner_at = paragraphs.index("For the owner of the protocol")
    upstream_at = paragraphs.index("Library changes to clauses you replaced")
    assert owner_at < paragraphs.index("Your own clauses") < upstream_at
    assert paragraphs[upstream_at + 1] == ("The library changed escalation.press 1.0.0 → "
                                           "2.0.0; your own version still follows 1.0.0.")
    assert paragraphs[upstream_at + 2:upstream_at + 4] == [
        "The library's notes (for its maintainers):", PRESS_LOG[2:].replace("`", "")]
    assert not any("escalation.press" in p for p in paragraphs[:owner_at])


def test_from_a_manifest_built_with_the_answers_overlay(tmp_path: Path) -> None:
    library, own = _with_press(tmp_path)
    answers = tmp_path / "org" / PEEZE.name
    write(answers.parent, {PEEZE.name: PEEZE.read_text(encoding="utf-8")
                           + "\nlibrary:\n  overlay: ../own\n"})
    out = tmp_path / "out"
    assert main(["build", str(answers), "--library", str(library), "--out", str(out),
                 "--format", "md"]) == 0
    assert earlier.read_manifest(out).own == {"own.dress_code": None,
                                              "escalation.press": "escalation.press@1.0.0"}
    _press_moves_on(library)
    write(own, {"dress_code.md": _dress_code("1.1.0")})  # Peeze reworded its own clause
    outcome = what_changed(ChangesRequest(answers=answers, since=str(out),
                                          library_root=library))
    report = outcome.report
    assert [a.clause_id for a in report.changed] == ["intro.a"]
    assert report.added == [] and report.dropped == []
    assert [(o.clause_id, o.then, o.then_version, o.version) for o in report.own] == [
        ("own.dress_code", THEN_OWN, "1.0.0", "1.1.0"),
        ("escalation.press", THEN_OWN, "1.0.0", "1.0.0")]
    assert [c.clause_id for c in report.upstream] == ["escalation.press"]
    assert not report.verdict.sign_again
    assert report.verdict.own_changed == ("2.1",)  # the owner decides on its own text
    assert "- 2.1 Titel own.dress_code — own.dress_code 1.1.0: eigen clausule; in die build " \
           "eigen tekst in versie 1.0.0" in (outcome.text or "").replace("* ", "- ")
    assert "Nieuw of anders sinds die build, in jullie eigen tekst: 2.1." in (outcome.text or "")


def test_own_clauses_given_up_since_a_manifest_are_changes_for_staff(tmp_path: Path) -> None:
    library, own = _with_press(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(PEEZE), "--library", str(library), "--out", str(out),
                 "--clauses", str(own), "--format", "md"]) == 0
    _press_moves_on(library)
    # --clauses wins over the answers; this folder no longer holds the own press clause
    only_dress = tmp_path / "only-dress"
    write(only_dress, {"dress_code.md": _dress_code()})
    report = what_changed(ChangesRequest(answers=PEEZE, since=str(out), library_root=library,
                                         overlay=only_dress)).report
    [press] = [a for a in report.changed if a.clause_id == "escalation.press"]
    assert press.was_own and press.segments is None and not press.same_version
    assert (press.old_version, press.new_version) == ("1.0.0", "2.0.0")
    assert report.verdict.sign_again and ("3.1", "Titel escalation.press") in report.verdict.read
    assert report.upstream == ()
    labels = changes_note.labels_for(load(library), "nl")
    assert "Hier stond een eigen tekst van onze organisatie" in \
        changes_note.markdown_note(report, labels)
    # and without the dress code: it is gone, as one of the organisation's own
    only_press = tmp_path / "only-press"
    write(only_press, {"press.md": OWN_PRESS})
    report = what_changed(ChangesRequest(answers=PEEZE, since=str(out), library_root=library,
                                         overlay=only_press)).report
    assert [(m.clause_id, m.reason) for m in report.dropped] == [("own.dress_code",
                                                                  OWN_REMOVED)]


def test_own_clauses_new_since_a_build_without_them(tmp_path: Path) -> None:
    library, own = _with_press(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(PEEZE), "--library", str(library), "--out", str(out),
                 "--format", "md"]) == 0
    report = _report_own(library, str(out), own)
    assert report.changed == [] and report.added == [] and report.dropped == []
    assert [(o.clause_id, o.then, o.then_version) for o in report.own] == [
        ("own.dress_code", THEN_ABSENT, None), ("escalation.press", THEN_LIBRARY, "1.0.0")]
    assert not report.verdict.sign_again and report.verdict.own_changed == ("2.1", "3.1")
    text = changes_note.text_report(report, changes_note.labels_for(load(library), "en"))
    assert "escalation.press 1.0.0: replaces the library's escalation.press 1.0.0; new since " \
           "that build, which had the library's text 1.0.0" in text


# -- what changed for this organisation, as its staff read it ---------------------------------

WORDING_LOG = ("- `intro.a` 1.1.0 (substantive): the organisation speaks as `we` where it means "
               "itself <!-- diagram: none -->; replies go through `join_the`.")


def _wording(tmp_path: Path) -> Path:
    """intro.a changes in substance in general, but for Peeze and Northwind (no approver)
    only its name turns into "ons" / "us" and a comma goes; intro.b's response time changes;
    the training's handout.rules gets a sentence."""
    library = library_repo(tmp_path / "repo", {
        "intro/a.md": clause_text(
            "intro.a", nl="Een bericht van {{ organisation.short_name }}, ook een reactie, "
                          "gaat eerst langs Communicatie.",
            en="A post by {{ organisation.short_name }}, a reply too, goes to Communications "
               "first."),
        "intro/b.md": clause_text("intro.b", order=110, nl="Reageer binnen 4 uur.",
                                  en="Reply within 4 hours."),
        "handout/rules.md": clause_text("handout.rules", documents="[handout]",
                                        section="for_you", nl="Lees de regels.",
                                        en="Read the rules."),
    }, changelog="## 1.0.0\n\n- `intro.a`, `intro.b`, `handout.rules` 1.0.0: first.\n")
    write(library, {
        "clauses/intro/a.md": clause_text(
            "intro.a", version="1.1.0",
            nl="Een bericht van ons, ook een reactie gaat eerst langs Communicatie.",
            en="A post by us, a reply too goes to Communications first."),
        "clauses/intro/b.md": clause_text("intro.b", version="1.1.0", order=110,
                                          nl="Reageer binnen 2 uur.", en="Reply within 2 hours."),
        "clauses/library.yaml": "name: test library\nversion: 1.1.0\n",
    })
    log(library, "", "## 1.1.0", "", WORDING_LOG,
        "- `intro.b` 1.1.0 (substantive): two hours.")
    save(library, "1.1.0", tag="v1.1.0")
    write(library, {"clauses/handout/rules.md": clause_text(
        "handout.rules", version="1.1.0", documents="[handout]", section="for_you",
        nl="Lees de regels en oefen.", en="Read the rules and practise."),
        "clauses/library.yaml": "name: test library\nversion: 1.2.0\n"})
    log(library, "", "## 1.2.0", "", "- `handout.rules` 1.1.0 (editorial): practise.")
    save(library, "1.2.0", tag="v1.2.0")
    return library


def test_a_substantive_change_that_only_rewords_this_organisations_text(
        tmp_path: Path) -> None:
    library = _wording(tmp_path)
    report = _report(library, "v1.0.0")
    a, b = [article for article in report.changed if article.document == "protocol"]
    assert (a.clause_id, a.kind, a.wording_only, a.kind_for_you) == (
        "intro.a", "substantive", True, "editorial")
    assert (b.clause_id, b.kind, b.wording_only, b.kind_for_you) == (
        "intro.b", "substantive", False, "substantive")
    assert report.verdict.read == (("1.2", "Titel intro.b"),)
    assert report.verdict.wording_only == ("1.1",)
    # the same library, for another organisation: its own name is not Peeze's
    northwind = _report(library, "v1.0.0", NORTHWIND)
    assert northwind.verdict.wording_only == ("1.1",)


def test_the_note_says_which_articles_changed_only_in_wording(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from docx import Document

    library = _wording(tmp_path)
    note = tmp_path / "wat-is-er-veranderd.md"
    assert main(["changes", str(PEEZE), "--library", str(library), "--since", "v1.0.0",
                 "--out", str(note)]) == 0
    assert capsys.readouterr().out == (
        f"{note}: staff must sign again; they read articles 1.2; articles 1.1 changed only in "
        "wording for you: not to read again\n")
    staff, owner = note.read_text().split("## Voor de eigenaar van de gedragscode\n")
    assert "**Ja.** Er zijn regels veranderd" in staff and "- 1.2 Titel intro.b\n" in staff
    assert "- 1.1 Titel intro.a" not in staff
    assert "Voor ons alleen veranderd in leestekens of kleine woorden, dus niet opnieuw te " \
           "lezen: 1.1. De regels daarin zijn dezelfde." in staff
    assert "### 1.1 Titel intro.a\n\n*Voor ons alleen anders geformuleerd: er veranderden " \
           "alleen leestekens of kleine woorden; de regel is dezelfde.*" in staff
    # deletions visible, in brackets; a comma that goes is marked with its word
    assert "*Bij ‘Was’ staat tussen \\[weg: …\\] wat verdwijnt of verandert; bij ‘Nu’ staat " \
           "vet wat er nieuw of anders in staat.*" in staff
    assert "- Was: Een bericht van \\[weg: Peeze\\], ook een \\[weg: reactie,\\] gaat eerst " \
           "langs Communicatie.\\\n  Nu: Een bericht van **ons**, ook een **reactie** gaat " \
           "eerst" in staff
    assert "Schuin" not in staff
    # the library's kind stays visible to the owner, with what it means for us
    assert "- 1.1 `intro.a` 1.0.0 → 1.1.0 (inhoudelijk; voor ons alleen anders geformuleerd, " \
           "niet opnieuw te lezen)\n" in owner
    english = tmp_path / "what-changed.docx"
    assert main(["changes", str(NORTHWIND), "--library", str(library), "--since", "v1.0.0",
                 "--out", str(english)]) == 0
    paragraphs = [p.text for p in Document(str(english)).paragraphs]
    assert "Changed for us only in punctuation or small words, so not to read again: 1.1. " \
           "The rules there are the same." in paragraphs
    assert any(p.startswith("Was: A post by [removed: Northwind], a reply [removed: too,] "
                            "goes") for p in paragraphs)


def test_the_changelog_is_the_librarys_english_notes_for_the_owner_only(
        tmp_path: Path) -> None:
    library = _wording(tmp_path)
    labels = changes_note.labels_for(load(library), "nl")
    note = changes_note.markdown_note(_report(library, "v1.0.0"), labels)
    staff, owner = note.split("## Voor de eigenaar van de gedragscode\n")
    assert "- 1.1 `intro.a` 1.0.0 → 1.1.0 (inhoudelijk; voor ons alleen anders geformuleerd, " \
           "niet opnieuw te lezen)\n" \
           "  - *Toelichting van de bibliotheek (Engels, voor beheerders):*\n" \
           "    - the organisation speaks as we where it means itself; replies go through " \
           "join\\_the.\n" in owner
    assert "<!--" not in note and "`join" not in note
    assert "speaks as we" not in staff and "two hours" not in staff
    assert changes_note.library_note("order `1070` <!-- x --> (was `1110`), `<!-- diagram: "
                                     "ladder -->` marked") == "order 1070 (was 1110), marked"


def test_when_only_the_training_changed_the_note_says_the_protocol_did_not(
        tmp_path: Path) -> None:
    library = _wording(tmp_path)
    for answers, language, expected in [
        (PEEZE, "nl", ["De clausulebibliotheek waaruit onze gedragscode sociale media wordt "
                       "gemaakt, is bijgewerkt (1.1.0 → 1.2.0).",
                       "De gedragscode zelf is niet veranderd; alleen het trainingsmateriaal "
                       "is bijgewerkt.",
                       "**Nee.** Er is geen artikel van de gedragscode veranderd. Je hoeft "
                       "niet opnieuw te tekenen."]),
        (NORTHWIND, "en", ["The clause library our social media protocol is made from has "
                           "been updated (1.1.0 → 1.2.0).",
                           "The protocol itself has not changed; only the training material "
                           "was updated.",
                           "**No.** No article of the protocol has changed. You do not need "
                           "to sign again."]),
    ]:
        report = _report(library, "v1.1.0", answers)
        assert report.verdict.handout_changed and not report.verdict.sign_again
        labels = changes_note.labels_for(load(library), language)
        note = changes_note.markdown_note(report, labels)
        text = changes_note.text_report(report, labels).splitlines()
        assert text[1] == expected[0] and expected[1] in text
        assert expected[2].replace("**", "") in text
        staff = note.split("\n## ")[:3]
        paragraphs = [p.strip() for part in staff for p in part.split("\n\n")]
        assert all(line in paragraphs for line in expected), paragraphs
        assert "Hieronder lees je" not in note and "Below you can read" not in note
        assert "## Gewijzigde artikelen" not in note and "## Changed articles" not in note


words = st.lists(st.sampled_from(["de", "collega's", ",", ".", " ", "\n", "Peeze", "(1.2)",
                                  "ons", "–"]), max_size=30).map("".join)


@given(words, words)
def test_marking_a_change_with_its_word_keeps_both_texts(old: str, new: str) -> None:
    for segments in (worddiff.diff(old, new), worddiff.diff_by_line(old, new)):
        wide = hunks.widened(segments)
        assert worddiff.old_text(wide) == old and worddiff.new_text(wide) == new
        assert all(a[0] != b[0] for a, b in itertools.pairwise(wide))
        assert all(text for _, text in wide)
