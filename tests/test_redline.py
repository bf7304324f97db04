"""`build --redline-against DIR`: Word tracked changes for every word changed since that build.

An organisation is built from a tiny library, its answers change (another response time, a
platform replaced and one added, a ladder step renamed and one dropped, approval no longer
required), and it is built again against the first folder. The redline is read back by
python-docx, the ECMA-376 schemas, pandoc (--track-changes all / accept / reject) and
LibreOffice; the earlier folder's faults are refused with one line naming the file.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from policygen.history import worddiff
from policygen.render import docx as render_docx
from policygen.render.docx_redline import track_changes

from .conftest import PEEZE, files_in, need
from .helpers import clause_text, make_library
from .test_house_style import VALIDATE, VALIDATOR
from .test_render_docx import INFO

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BODY = """
{% set rt = escalation.response_time_hours %}
{{ organisation.short_name }} answers every question within {{ rt }} hours, on working days.

{% if permissions.approval_required %}
Every post on an official account is approved before it goes out.

{% endif %}
We are active on these platforms:

{% for p in platforms %}
- {{ p }}: posts are checked by the team before they go out.
{% endfor %}

| Step | Who | Contact |
|---|---|---|
{% for level in escalation.levels %}
| {{ loop.index }} | {{ level.name | bare }} | {{ level.contact }} |
{% endfor %}
"""
BEFORE = """schema: 1
language: en
organisation: {name: Tiny Ltd, policy_owner: {role: HR manager}}
platforms: [linkedin, instagram]
permissions: {approval_required: true, approver: Head of Communications}
escalation:
  response_time_hours: 4
  levels:
    - {name: Webcare team, contact: webcare@example.org}
    - {name: Head of Communications, contact: "+44 20 0000 0000"}
    - {name: Crisis team, contact: "+44 7000 000000"}
"""
AFTER = (BEFORE.replace("response_time_hours: 4", "response_time_hours: 2")
         .replace("[linkedin, instagram]", "[linkedin, youtube, tiktok]")
         .replace("approval_required: true, approver: Head of Communications",
                  "approval_required: false")
         .replace("name: Webcare team", "name: Customer care team")
         .replace('    - {name: Crisis team, contact: "+44 7000 000000"}\n', ""))

Run = Callable[..., subprocess.CompletedProcess[str]]


def cli(*args: object) -> subprocess.CompletedProcess[str]:
    """`python -m policygen ...` in a new process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "policygen", *map(str, args)],
                          capture_output=True, text=True, timeout=300, check=False)


@dataclasses.dataclass(frozen=True)
class Builds:
    root: Path
    library: Path
    before: Path  # the answers, then the folder they were built into
    old: Path
    after: Path
    new: Path


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    root = tmp_path_factory.mktemp("redline")
    library = make_library(root / "lib", {
        "introduction/rules.md": clause_text("introduction.rules", nl=BODY, en=BODY),
        "handout/rules.md": clause_text("handout.rules", documents="[handout]",
                                        section="for_you", nl=BODY, en=BODY)})
    (root / "before.yaml").write_text(BEFORE)
    (root / "after.yaml").write_text(AFTER)
    done = cli("build", root / "before.yaml", "--library", library, "--out", root / "old")
    assert done.returncode == 0, done.stderr
    done = cli("build", root / "after.yaml", "--library", library, "--out", root / "new",
               "--redline-against", root / "old")
    assert done.returncode == 0, done.stderr
    return Builds(root, library, root / "before.yaml", root / "old", root / "after.yaml",
                  root / "new")


def body_of(path: Path) -> Any:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find(W + "body")


def texts(element: Any, tag: str) -> list[str]:
    """The texts of the inserted (``ins``) or deleted (``del``) runs, not of marked marks."""
    return ["".join(t.text or "" for t in change.iter(W + "t", W + "delText"))
            for change in element.iter(W + tag)
            if change.getparent().tag not in (W + "rPr", W + "trPr")]


def paragraph_with(body: Any, words: str) -> Any:
    for paragraph in body.iter(W + "p"):
        if words in "".join(t.text or "" for t in paragraph.iter(W + "t", W + "delText")):
            return paragraph
    raise AssertionError(f"no paragraph with {words!r}")


def pandoc(path: Path, changes: str, to: str = "plain") -> str:
    need("pandoc", "pandoc")
    return subprocess.run(["pandoc", f"--track-changes={changes}", "-t", to, "--wrap=none",
                           str(path)], capture_output=True, text=True, check=True).stdout


def words(text: str) -> list[str]:
    """The words of pandoc's plain text; table rules (and the empty rows of a deleted table
    row, which pandoc does not drop on accept) carry none."""
    return [word for word in text.split() if not re.fullmatch(r"[-=+|:]+", word)]


# -- the build ---------------------------------------------------------------------------


def test_the_build_writes_both_redlines_and_records_what_they_compare(builds: Builds) -> None:
    manifest = json.loads((builds.new / "manifest.json").read_text())
    old = json.loads((builds.old / "manifest.json").read_text())
    for kind in ("protocol", "handout"):
        entry = manifest["documents"][f"{kind}-redline"]
        assert list(entry["files"]) == [f"{kind}-redline.docx"]
        assert entry["against"]["library"] == old["library"]
        assert entry["against"]["answers_sha256"] == old["answers_sha256"]
        assert entry["against"]["file"] == {f"{kind}.md": old["documents"][kind]["files"][
            f"{kind}.md"]}
        assert entry["changes"]["inserted_words"] > 0 and entry["changes"]["deleted_words"] > 0
        assert entry["clauses"] == manifest["documents"][kind]["clauses"]
    document = docx.Document(str(builds.new / "protocol-redline.docx"))  # python-docx opens it
    assert any("answers every question within" in p.text for p in document.paragraphs)


def test_the_same_inputs_give_the_same_bytes(builds: Builds) -> None:
    again = builds.root / "again"
    done = cli("build", builds.after, "--library", builds.library, "--out", again,
               "--redline-against", builds.old)
    assert done.returncode == 0, done.stderr
    for name in ("protocol-redline.docx", "handout-redline.docx"):
        assert (again / name).read_bytes() == (builds.new / name).read_bytes()


def test_every_change_has_the_author_the_date_and_an_id_of_its_own(builds: Builds) -> None:
    with zipfile.ZipFile(builds.new / "protocol-redline.docx") as archive:
        core = archive.read("docProps/core.xml").decode()
        settings = archive.read("word/settings.xml").decode()
    created = re.search(r"<dcterms:created[^>]*>([^<]+)<", core)
    assert created and created.group(1) == "2000-01-01T00:00:00Z"  # a draft's fixed date
    body = body_of(builds.new / "protocol-redline.docx")
    changes = [c for tag in ("ins", "del") for c in body.iter(W + tag)]
    assert changes
    assert {(c.get(W + "author"), c.get(W + "date")) for c in changes} == {
        ("policygen", "2000-01-01T00:00:00Z")}
    ids = [c.get(W + "id") for c in changes]
    assert len(ids) == len(set(ids))
    assert "<w:trackRevisions/>" in settings  # further edits are tracked too


def test_a_changed_word_is_marked_alone(builds: Builds) -> None:
    paragraph = paragraph_with(body_of(builds.new / "protocol-redline.docx"), "answers every")
    assert texts(paragraph, "del") == ["4"] and texts(paragraph, "ins") == ["2"]
    kept = "".join(t.text or "" for r in paragraph.findall(W + "r") for t in r.iter(W + "t"))
    assert kept == "Tiny answers every question within  hours, on working days."


def test_a_table_cell_change_is_word_level_and_a_dropped_row_a_deleted_row(
        builds: Builds) -> None:
    table = body_of(builds.new / "protocol-redline.docx").find(W + "tbl")
    rows = table.findall(W + "tr")
    renamed = rows[1].findall(W + "tc")[1].find(W + "p")
    assert texts(renamed, "del") == ["Webcare"] and texts(renamed, "ins") == ["Customer care"]
    assert "team" in "".join(t.text or "" for r in renamed.findall(W + "r")
                             for t in r.iter(W + "t"))
    assert rows[1].find(f"{W}trPr/{W}del") is None
    dropped = rows[3]
    assert dropped.find(f"{W}trPr/{W}del") is not None
    assert "".join(t.text or "" for t in dropped.iter(W + "delText")).startswith("3Crisis team")
    assert not list(dropped.iter(W + "t"))


def test_a_list_item_change_is_word_level_and_a_new_item_a_whole_insertion(
        builds: Builds) -> None:
    body = body_of(builds.new / "protocol-redline.docx")
    replaced = paragraph_with(body, "youtube")
    assert texts(replaced, "del") == ["instagram"] and texts(replaced, "ins") == ["youtube"]
    assert replaced.find(f"{W}pPr/{W}rPr/{W}ins") is None
    added = paragraph_with(body, "tiktok")
    assert added.find(f"{W}pPr/{W}rPr/{W}ins") is not None  # its paragraph mark too
    assert added.find(f"{W}pPr/{W}numPr") is not None
    assert texts(added, "ins") == ["tiktok: posts are checked by the team before they go out."]
    assert not [r for r in added.findall(W + "r")]  # no run outside the insertion
    numbers = {p.find(f"{W}pPr/{W}numPr/{W}numId").get(W + "val")
               for p in (replaced, added, paragraph_with(body, "linkedin"))}
    assert len(numbers) == 1  # one list


def test_a_removed_paragraph_is_a_whole_deletion(builds: Builds) -> None:
    gone = paragraph_with(body_of(builds.new / "protocol-redline.docx"), "approved before")
    assert gone.find(f"{W}pPr/{W}rPr/{W}del") is not None
    assert [t.text for t in gone.iter(W + "delText")] == [
        "Every post on an official account is approved before it goes out."]
    assert not list(gone.iter(W + "t"))


def test_the_redline_is_valid_against_the_ooxml_schemas(builds: Builds) -> None:
    if VALIDATE is None:
        pytest.skip(f"{VALIDATOR} is not here (the OOXML schemas live in /work/shared)")
    for name in ("protocol-redline.docx", "handout-redline.docx"):
        results = VALIDATE.check(str(builds.new / name))
        assert not {part: r["mc"] for part, r in results.items() if r["mc"]}, name


def test_pandoc_shows_the_inserted_and_deleted_words(builds: Builds) -> None:
    marked = pandoc(builds.new / "protocol-redline.docx", "all", "markdown")
    inserted = re.findall(r"\[([^\]]*)\]\{\.insertion author=\"policygen\"", marked)
    deleted = re.findall(r"\[([^\]]*)\]\{\.deletion author=\"policygen\"", marked)
    assert {"2", "youtube", "Customer care"} <= set(inserted)
    assert {"4", "instagram", "Webcare"} <= set(deleted)


@pytest.mark.parametrize("kind", ["protocol", "handout"])
def test_accept_all_gives_the_new_text_and_reject_all_the_old(builds: Builds,
                                                              kind: str) -> None:
    redline = builds.new / f"{kind}-redline.docx"
    assert words(pandoc(redline, "accept")) == words(pandoc(builds.new / f"{kind}.docx",
                                                            "accept"))
    assert words(pandoc(redline, "reject")) == words(pandoc(builds.old / f"{kind}.docx",
                                                            "accept"))


def test_libreoffice_converts_the_redline(builds: Builds, tmp_path: Path) -> None:
    need("soffice", "libreoffice-writer-nogui")
    need("pdftotext", "poppler-utils")
    from policygen.render.pdf import docx_to_pdf

    pdf = docx_to_pdf({"protocol-redline": (builds.new / "protocol-redline.docx").read_bytes()})
    (tmp_path / "redline.pdf").write_bytes(pdf["protocol-redline"])
    text = subprocess.run(["pdftotext", str(tmp_path / "redline.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Customer care" in text and "Webcare" in text  # both shown, as Word shows them


def test_the_shipped_example_redlined_after_a_level_is_renamed(tmp_path: Path) -> None:
    """A real protocol (contents list, lists, tables, the card): accept and reject hold."""
    changed = tmp_path / "peeze.yaml"
    changed.write_text(PEEZE.read_text(encoding="utf-8").replace(
        "response_time_hours: 4", "response_time_hours: 2").replace(
        "name: Webcare-team", "name: Klantenservice"), encoding="utf-8")
    assert cli("build", PEEZE, "--out", tmp_path / "old").returncode == 0
    done = cli("build", changed, "--out", tmp_path / "new", "--redline-against", tmp_path / "old")
    assert done.returncode == 0, done.stderr
    for kind in ("protocol", "handout"):
        redline = tmp_path / "new" / f"{kind}-redline.docx"
        if VALIDATE is not None:
            results = VALIDATE.check(str(redline))
            assert not {part: r["mc"] for part, r in results.items() if r["mc"]}
        if shutil.which("pandoc"):
            assert words(pandoc(redline, "accept")) == words(
                pandoc(tmp_path / "new" / f"{kind}.docx", "accept"))
            assert words(pandoc(redline, "reject")) == words(
                pandoc(tmp_path / "old" / f"{kind}.docx", "accept"))
    body = body_of(tmp_path / "new" / "protocol-redline.docx")
    assert "Klantenservice" in texts(body, "ins") and "Webcare-team" in texts(body, "del")
    # the contents list is the new document's, without marks
    toc = [p for p in body.iter(W + "p") if p.find(f"{W}pPr/{W}pStyle") is not None
           and p.find(f"{W}pPr/{W}pStyle").get(W + "val", "").lower().startswith("toc")]
    assert toc and not [c for p in toc for tag in ("ins", "del") for c in p.iter(W + tag)]


# -- the renderer's parts, directly --------------------------------------------------------


def redline(old: str, new: str) -> bytes:
    return track_changes(render_docx.render(old, INFO), render_docx.render(new, INFO),
                         author="policygen", tokens=worddiff.tokens,
                         diff=worddiff.diff_items).data


def test_a_deleted_item_stays_in_its_list_and_a_deleted_list_gets_its_numbering() -> None:
    data = redline("Intro.\n\n1. first\n2. second\n3. third\n\nGone:\n\n1. alone\n2. too\n",
                   "Intro.\n\n1. first\n2. third\n")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(W + "body")
        numbering = etree.fromstring(archive.read("word/numbering.xml"))
    listed = {p: p.find(f"{W}pPr/{W}numPr/{W}numId").get(W + "val")
              for p in body.iter(W + "p") if p.find(f"{W}pPr/{W}numPr") is not None}
    by_text = {"".join(t.text or "" for t in p.iter(W + "t", W + "delText")): n
               for p, n in listed.items()}
    assert by_text["second"] == by_text["first"] == by_text["third"]
    assert by_text["alone"] == by_text["too"] != by_text["first"]
    defined = {n.get(W + "numId") for n in numbering.iter(W + "num")}
    assert set(by_text.values()) <= defined  # every list number refers to a numbering


def test_a_deleted_link_keeps_its_target() -> None:
    data = redline("See [the old site](https://old.example/rules) now.\n",
                   "See the rules now.\n")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(W + "body")
        rels = archive.read("word/_rels/document.xml.rels").decode()
    link = next(body.iter(W + "hyperlink"))
    rid = link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    assert re.search(rf'Id="{rid}"[^>]*Target="https://old.example/rules"', rels)
    assert "".join(t.text for t in link.iter(W + "delText")) == "the old site"


def test_nothing_changed_gives_no_marks() -> None:
    text = "# Title\n\nA paragraph.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(redline(text, text))).read(
        "word/document.xml"))
    assert not list(body.iter(W + "ins")) and not list(body.iter(W + "del"))


def test_words_that_differ_only_in_formatting_are_a_change() -> None:
    segments = worddiff.diff_items([("b", "x"), ("", " "), ("", "y")],
                                   [("", "x"), ("", " "), ("", "y")], lambda t: t[1])
    assert segments == [("delete", [("b", "x")]), ("insert", [("", "x")]),
                        ("equal", [("", " "), ("", "y")])]
    assert worddiff.diff_tokens(["a", " ", "b"], ["c", " ", "d"]) == [
        ("delete", "a b"), ("insert", "c d")]


# -- an earlier folder that cannot be used ----------------------------------------------


def copy_of(builds: Builds, tmp_path: Path) -> Path:
    folder = tmp_path / "old"
    shutil.copytree(builds.old, folder)
    return folder


def refused(builds: Builds, against: Path, tmp_path: Path, *extra: str) -> str:
    """The one line of a refused redline build; nothing was written."""
    out = tmp_path / "out"
    done = cli("build", builds.after, "--library", builds.library, "--out", out,
               "--redline-against", against, *extra)
    assert done.returncode == 1, done.stdout
    lines = [line for line in done.stderr.splitlines() if line and "warning:" not in line]
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert files_in(out) == {}
    return lines[0]


def test_a_hand_edited_earlier_text_is_refused(builds: Builds, tmp_path: Path) -> None:
    old = copy_of(builds, tmp_path)
    (old / "protocol.md").write_text((old / "protocol.md").read_text() + "\nAdded by hand.\n")
    line = refused(builds, old, tmp_path)
    assert f"{old / 'protocol.md'}: edited since that build" in line


def test_a_missing_earlier_text_is_refused(builds: Builds, tmp_path: Path) -> None:
    old = copy_of(builds, tmp_path)
    (old / "handout.md").unlink()
    assert f"{old / 'handout.md'}: missing" in refused(builds, old, tmp_path)


@pytest.mark.parametrize(("content", "reason"), [
    (None, "no manifest.json, so not the output folder of a policygen build"),
    ("{not json", "damaged (not JSON"),
    ('{"documents": {"protocol": {"files": {"protocol.md": 5}}}}', "damaged (unexpected"),
])
def test_a_missing_or_damaged_manifest_is_refused(builds: Builds, tmp_path: Path,
                                                 content: str | None, reason: str) -> None:
    old = copy_of(builds, tmp_path)
    if content is None:
        (old / "manifest.json").unlink()
    else:
        (old / "manifest.json").write_text(content)
    assert reason in refused(builds, old, tmp_path)


def test_another_organisations_build_is_refused_unless_forced(builds: Builds,
                                                             tmp_path: Path) -> None:
    old = copy_of(builds, tmp_path)
    manifest = json.loads((old / "manifest.json").read_text())
    manifest["organisation"] = "Other Org"
    (old / "manifest.json").write_text(json.dumps(manifest))
    line = refused(builds, old, tmp_path)
    assert f"{old / 'manifest.json'}: the build of 'Other Org', not of 'Tiny Ltd'" in line
    done = cli("build", builds.after, "--library", builds.library, "--out", tmp_path / "f",
               "--redline-against", old, "--force")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "f" / "protocol-redline.docx").exists()


def test_an_earlier_build_without_markdown_is_refused(builds: Builds, tmp_path: Path) -> None:
    old = tmp_path / "docx-only"
    assert cli("build", builds.before, "--library", builds.library, "--out", old,
               "--format", "docx").returncode == 0
    line = refused(builds, old, tmp_path)
    assert f"{old / 'protocol.md'}: that build wrote no Markdown (protocol.docx)" in line


def test_no_such_folder_and_another_language_are_refused(builds: Builds,
                                                        tmp_path: Path) -> None:
    assert "no such folder" in refused(builds, tmp_path / "nowhere", tmp_path)
    dutch = tmp_path / "dutch"
    assert cli("build", builds.before, "--library", builds.library, "--out", dutch,
               "--lang", "nl").returncode == 0
    line = refused(builds, dutch, tmp_path)
    assert "built in Dutch, this build is in English" in line


def test_a_document_the_earlier_build_did_not_make_is_skipped_with_a_warning(
        builds: Builds, tmp_path: Path) -> None:
    old = tmp_path / "protocol-only"
    assert cli("build", builds.before, "--library", builds.library, "--out", old,
               "--documents", "protocol").returncode == 0
    done = cli("build", builds.after, "--library", builds.library, "--out", tmp_path / "new",
               "--redline-against", old)
    assert done.returncode == 0, done.stderr
    assert "warning: " in done.stderr and "made no handout" in done.stderr
    assert (tmp_path / "new" / "protocol-redline.docx").exists()
    assert not (tmp_path / "new" / "handout-redline.docx").exists()


@pytest.mark.parametrize("moved", [False, True])
def test_a_changed_protocol_under_its_old_effective_date_is_warned_of(
        builds: Builds, tmp_path: Path, moved: bool) -> None:
    """Two versions with one effective date cannot be told apart on a signed sheet."""
    dated = BEFORE.replace("organisation: {name: Tiny Ltd,",
                           "organisation: {name: Tiny Ltd, effective_date: 2026-12-01,")
    (tmp_path / "before.yaml").write_text(dated)
    later = dated.replace("2026-12-01", "2027-03-01") if moved else dated
    (tmp_path / "after.yaml").write_text(later.replace("response_time_hours: 4",
                                                       "response_time_hours: 2"))
    done = cli("build", tmp_path / "before.yaml", "--library", builds.library,
               "--out", tmp_path / "old")
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "old" / "manifest.json").read_text())[
        "effective_date"] == "2026-12-01"
    done = cli("build", tmp_path / "after.yaml", "--library", builds.library,
               "--out", tmp_path / "new", "--redline-against", tmp_path / "old")
    assert done.returncode == 0, done.stderr
    warned = "but its effective date did not (2026-12-01)" in done.stderr
    assert warned is not moved, done.stderr
