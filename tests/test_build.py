"""`policygen build` end to end through the real command: outputs, manifest, determinism,
overwrite protection, several answers files, and bad input that writes nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from policygen.clauselib import library as library_module

from .conftest import NORTHWIND, PEEZE, ROOT, files_in

Run = Callable[..., CompletedProcess[str]]
BAD = sorted((Path(__file__).parent / "bad_answers").glob("*.yaml"))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_writes_contract_outputs_and_manifest(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_cli("build", PEEZE, "--out", out)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "handout.docx", "handout.md", "manifest.json", "protocol.docx", "protocol.md"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert list(manifest)[:5] == ["generator", "language", "answers_sha256", "library", "documents"]
    assert manifest["organisation"] == "Koffiebranderij Peeze"
    assert manifest["generator"] == "policygen 0.1.0"
    assert manifest["language"] == "nl"
    assert manifest["answers_sha256"] == sha(PEEZE)
    assert set(manifest["library"]) >= {"version", "commit", "dirty"}
    protocol, handout = manifest["documents"]["protocol"], manifest["documents"]["handout"]
    ladder = library_module.load().get("escalation.ladder")
    assert {"id": ladder.id, "version": ladder.version, "change": "substantive"} \
        in protocol["clauses"]  # the kind of its last change, from the CHANGELOG
    assert handout["edition"] == "participant"
    for doc in (protocol, handout):
        for name, digest in doc["files"].items():
            assert sha(out / name) == digest
    assert str(out) in done.stdout


def test_default_output_folder_is_output_slug(run_cli: Run, tmp_path: Path) -> None:
    done = run_cli("build", PEEZE)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "output" / "koffiebranderij-peeze" / "protocol.docx").is_file()


def test_several_answers_files_go_to_slug_folders(run_cli: Run, tmp_path: Path) -> None:
    done = run_cli("build", PEEZE, NORTHWIND, "--out", tmp_path / "all")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "all" / "koffiebranderij-peeze" / "manifest.json").is_file()
    assert (tmp_path / "all" / "northwind-advisory-ltd" / "handout.md").is_file()


def test_same_input_same_bytes(run_cli: Run, tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert run_cli("build", PEEZE, "--out", tmp_path / name).returncode == 0
    first, second = files_in(tmp_path / "a"), files_in(tmp_path / "b")
    assert first == second


def test_rebuild_over_own_output_is_allowed(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", PEEZE, "--out", out).returncode == 0
    assert run_cli("build", PEEZE, "--out", out, "--lang", "en").returncode == 0
    assert (out / "protocol.md").read_text().startswith("# Social media protocol")


def test_hand_edited_output_is_not_overwritten(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", PEEZE, "--out", out).returncode == 0
    edited = out / "protocol.md"
    edited.write_text(edited.read_text() + "\nOur own addition.\n")
    before = files_in(out)
    done = run_cli("build", PEEZE, "--out", out, "--lang", "en")
    assert done.returncode == 1
    assert "refusing to overwrite" in done.stderr and str(edited) in done.stderr
    assert "Traceback" not in done.stderr
    assert files_in(out) == before
    done = run_cli("build", PEEZE, "--out", out, "--lang", "en", "--force")
    assert done.returncode == 0, done.stderr
    assert "Our own addition." not in edited.read_text()


def test_unknown_file_in_the_way_is_protected(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "handout.md").write_text("someone else's handout\n")
    done = run_cli("build", PEEZE, "--out", out)
    assert done.returncode == 1 and "handout.md" in done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["handout.md"]


@pytest.mark.parametrize("bad", BAD, ids=[p.stem for p in BAD])
def test_bad_answers_exit_non_zero_name_the_field_and_write_nothing(
        run_cli: Run, tmp_path: Path, bad: Path) -> None:
    expected = bad.read_text().splitlines()[0].removeprefix("# expect: ")
    out = tmp_path / "out"
    done = run_cli("build", bad, "--out", out)
    assert done.returncode == 1
    assert expected in done.stderr, done.stderr
    assert str(bad) in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
    assert not (tmp_path / "output").exists()


def test_bad_file_among_good_ones(run_cli: Run, tmp_path: Path) -> None:
    bad = BAD[0]
    done = run_cli("build", PEEZE, bad, NORTHWIND, "--out", tmp_path / "all")
    assert done.returncode == 1
    assert (tmp_path / "all" / "koffiebranderij-peeze" / "protocol.md").is_file()
    assert (tmp_path / "all" / "northwind-advisory-ltd" / "protocol.md").is_file()
    assert f"1 of 3 answers files failed: {bad}" in done.stderr


def test_missing_answers_file(run_cli: Run, tmp_path: Path) -> None:
    done = run_cli("build", tmp_path / "nope.yaml")
    assert done.returncode == 1
    assert "nope.yaml: cannot read: No such file or directory" in done.stderr


def test_format_and_lang_options(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_cli("build", PEEZE, "--out", out, "--format", "md", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["handout.md", "manifest.json", "protocol.md"]
    assert json.loads((out / "manifest.json").read_text())["language"] == "en"
    done = run_cli("build", PEEZE, "--format", "odt")
    assert done.returncode == 2 and "unknown format 'odt'" in done.stderr


def test_trainer_edition(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", PEEZE, "--out", out, "--edition", "trainer").returncode == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["documents"]["handout"]["edition"] == "trainer"
    assert "trainer" in (out / "handout.md").read_text()


def test_hostile_values_come_out_literally(run_cli: Run, tmp_path: Path) -> None:
    import docx

    hostile = "{{ 7*7 }} *stars* | pipes | <tags> # hashes"
    answers = tmp_path / "hostile.yaml"
    answers.write_text(
        f"organisation: {{name: {json.dumps(hostile)}, policy_owner: {{role: HR}}}}\n"
        f"escalation: {{levels: [{{name: {json.dumps(hostile)}, contact: {json.dumps(hostile)}}}, "
        "{name: Directie, contact: d@example.org}]}\n")  # two steps: the ladder is a table
    out = tmp_path / "out"
    done = run_cli("build", answers, "--out", out)
    assert done.returncode == 0, done.stderr
    markdown = (out / "protocol.md").read_text()
    assert "49" not in markdown
    assert "{{ 7\\*7 }} \\*stars\\* \\| pipes \\| \\<tags\\> # hashes" in markdown
    document = docx.Document(str(out / "protocol.docx"))
    assert document.paragraphs[0].text.endswith(hostile)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert hostile in cells


def test_reference_doc_must_exist(run_cli: Run, tmp_path: Path) -> None:
    done = run_cli("build", PEEZE, "--reference-doc", tmp_path / "house.docx")
    assert done.returncode == 1 and "house.docx: --reference-doc: no such file" in done.stderr
    assert not (tmp_path / "output").exists()


def test_demo_builds_the_examples(run_cli: Run, tmp_path: Path) -> None:
    done = run_cli("demo")
    assert done.returncode == 0, done.stderr
    for slug in ("koffiebranderij-peeze", "northwind-advisory-ltd", "gemeente-voorbeeld",
                 "zorggroep-oost"):
        assert (tmp_path / "output" / slug / "protocol.docx").is_file()


def test_schema_command_prints_json(run_cli: Run) -> None:
    done = run_cli("schema")
    assert done.returncode == 0
    assert json.loads(done.stdout)["title"] == "policygen answers (schema 1)"


def test_clauses_command_lists_and_shows(run_cli: Run) -> None:
    done = run_cli("clauses", "--lang", "en")
    assert done.returncode == 0 and "escalation.ladder" in done.stdout
    done = run_cli("clauses", "escalation.ladder", "--lang", "en")
    assert done.returncode == 0 and "Escalation ladder" in done.stdout
    done = run_cli("clauses", "no.such")
    assert done.returncode == 1 and "no clause 'no.such'" in done.stderr


def test_check_passes_on_the_shipped_library(run_cli: Run) -> None:
    done = run_cli("check")
    assert done.returncode == 0, done.stderr
    assert "no problems" in done.stdout


def test_check_reports_a_broken_library(run_cli: Run, tmp_path: Path) -> None:
    from .helpers import clause_text, make_library

    root = make_library(tmp_path / "lib", {
        "roles/owner.md": clause_text("roles.owner", nl="{{ permissions.approver }}"),
        "roles/never.md": clause_text("roles.never", when="organisation.sector == 'goverment'"),
        "roles/typo.md": clause_text("roles.typo", when="permisions.approval_required"),
    })
    done = run_cli("check", "--library", root)
    assert done.returncode == 1
    assert "roles/owner.md:10: nl body: prints an empty value" in done.stderr
    assert "roles/never.md:8: when: the condition holds for none of the test profiles" \
        in done.stderr
    assert "roles/typo.md:8: when: 'permisions' is undefined" in done.stderr
    assert "Traceback" not in done.stderr


def test_installed_package_carries_the_library(tmp_path: Path) -> None:
    """A wheel holds clauses/, templates/ and examples/, so `pip install .` works anywhere."""
    import subprocess
    import sys
    import zipfile

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "-q", "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0 and "hatchling" in done.stderr:
        pytest.skip("hatchling is not installed in this environment")
    assert done.returncode == 0, done.stderr
    wheel = next(tmp_path.glob("policygen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "policygen/library/clauses/escalation/ladder.md" in names
    assert "policygen/library/templates/protocol.md.j2" in names
    assert "policygen/library/examples/koffiebranderij-peeze.yaml" in names
    assert "policygen/render/reference.docx" in names
    assert any(name.startswith("policygen/precompiled/") for name in names)  # hatch_build.py


def test_batch_builds_on_all_cores_and_reports_failures(run_cli: Run, tmp_path: Path) -> None:
    import yaml

    base = yaml.safe_load(PEEZE.read_text())
    paths = []
    for n in range(12):
        base["organisation"]["name"] = f"Winkel {n:02d}"
        path = tmp_path / f"org{n:02d}.yaml"
        path.write_text(yaml.safe_dump(base, allow_unicode=True))
        paths.append(path)
    bad = tmp_path / "bad.yaml"
    shutil.copy(BAD[0], bad)
    edited = tmp_path / "all" / "winkel-03" / "protocol.md"  # a build-time failure, in a worker
    edited.parent.mkdir(parents=True)
    edited.write_text("edited by hand\n")
    done = run_cli("build", *paths, bad, "--out", tmp_path / "all")
    assert done.returncode == 1
    assert done.stdout.startswith("built 11 of 13 organisations in ")
    assert f"2 of 13 answers files failed: {paths[3]}, {bad}" in done.stderr
    assert bad.read_text().splitlines()[0].removeprefix("# expect: ") in done.stderr
    assert "refusing to overwrite" in done.stderr and str(edited) in done.stderr
    assert edited.read_text() == "edited by hand\n"
    built = [f"winkel-{n:02d}" for n in range(12) if n != 3]
    manifests = [json.loads((tmp_path / "all" / b / "manifest.json").read_text()) for b in built]
    assert len({m["answers_sha256"] for m in manifests}) == 11


def test_duplicate_organisation_folders_are_refused(run_cli: Run, tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    shutil.copy(PEEZE, copy)
    done = run_cli("build", PEEZE, copy, "--out", tmp_path / "all")
    assert done.returncode == 1
    assert "the same organisation folder" in done.stderr
    assert (tmp_path / "all" / "koffiebranderij-peeze" / "protocol.md").is_file()


def test_check_finds_a_problem_that_only_one_combination_of_answers_shows(
        run_cli: Run, tmp_path: Path) -> None:
    from .helpers import clause_text, make_library

    body = ("{% if organisation.sector == 'education' %}Pers: {{ escalation.press_contact }}"
            "{% endif %} Contact {{ organisation.short_name }}.")
    root = make_library(tmp_path / "lib", {"roles/school.md": clause_text("roles.school",
                                                                            nl=body, en=body)})
    done = run_cli("check", "--library", root)
    assert done.returncode == 1
    assert "roles/school.md:10: nl body: prints an empty value" in done.stderr
    assert "sector=education" in done.stderr


def test_lang_other_than_the_answers_file_warns_once(run_cli: Run, tmp_path: Path) -> None:
    done = run_cli("build", PEEZE, "--out", tmp_path / "out", "--lang", "en", "--format", "md")
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("warning:") == 1
    assert "stay as written" in done.stderr and "--lang en" in done.stderr
    same = run_cli("build", PEEZE, "--out", tmp_path / "nl", "--lang", "nl", "--format", "md")
    assert "warning" not in same.stderr
