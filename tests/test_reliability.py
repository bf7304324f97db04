"""Reliability: bad input, faults and interruptions give a clear message and lose nothing.

Every case runs the real command (a new process, as a user runs it) and asserts the same
promise: no traceback, a message naming the file (and the field), a non-zero exit, and the
output folder either untouched or wholly the new build (every file its manifest lists has
that hash, and nothing of another build beside it).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from policygen.output import transaction
from policygen.output.manifest import MANIFEST_NAME, sha256

from .conftest import NORTHWIND, PEEZE, files_in

Run = Callable[..., subprocess.CompletedProcess[str]]
MINIMAL = "organisation: {name: %s, policy_owner: {role: HR}}\n" \
          "escalation: {levels: [{name: Webcare, contact: webcare@example.nl}]}\n"


def minimal(tmp_path: Path, name: str = "Acme", file: str = "answers.yaml") -> Path:
    path = tmp_path / file
    path.write_text(MINIMAL % name, encoding="utf-8")
    return path


def assert_clean_failure(done: subprocess.CompletedProcess[str], *names: str) -> None:
    assert done.returncode not in (0, None), done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    for name in names:
        assert name in done.stderr, done.stderr


def assert_whole_build(folder: Path) -> dict[str, str]:
    """Every file the manifest lists has its hash; no temporary file is left."""
    manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    listed = {name: digest for doc in manifest["documents"].values()
              for name, digest in {**doc["files"], **doc.get("kept_files", {})}.items()}
    for name, digest in listed.items():
        assert sha256((folder / name).read_bytes()) == digest, name
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(transaction.PREFIX)]
    assert not leftovers
    return listed


# -- bad answers files ----------------------------------------------------------------------

LEVEL_NAMES = ["{contact: c}", "{name: null, contact: c}", "{name: 7, contact: c}",
               "{name: '', contact: c}", "{name: [a], contact: c}"]


@pytest.mark.parametrize("level", LEVEL_NAMES)
def test_a_level_without_a_usable_name_is_one_located_problem(
        run_cli: Run, tmp_path: Path, level: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisation: {name: X, policy_owner: {role: R}}\n"
                   f"escalation: {{levels: [{level}, {{name: B, contact: d}}]}}\n")
    done = run_cli("build", bad, "--out", tmp_path / "out")
    assert_clean_failure(done, "bad.yaml", "escalation.levels[0].name")
    assert not (tmp_path / "out").exists()


def test_a_bad_level_does_not_stop_the_good_files_of_a_batch(run_cli: Run,
                                                           tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisation: {name: X, policy_owner: {role: R}}\n"
                   "escalation: {levels: [{contact: c}]}\n")
    good = [minimal(tmp_path, f"Org {n}", f"org{n}.yaml") for n in range(3)]
    done = run_cli("build", bad, *good, "--out", tmp_path / "out")
    assert_clean_failure(done, "bad.yaml", "escalation.levels[0].name: required")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["org-0", "org-1", "org-2"]


@pytest.mark.parametrize(("value", "field"), [
    ("organisation: {name: X, policy_owner: {role: R}, effective_date: 2026-02-30}",
     "2026-02-30"),
    ("organisation: {name: X, policy_owner: {role: R}}\nescalation: {response_time_hours: "
     + "9" * 5000 + "}", "bad.yaml"),
])
def test_values_yaml_cannot_construct_are_located(run_cli: Run, tmp_path: Path, value: str,
                                                  field: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(value + "\n")
    done = run_cli("build", bad, "--out", tmp_path / "out")
    assert_clean_failure(done, "bad.yaml", field)
    assert not (tmp_path / "out").exists()
    init = run_cli("init", bad, "--defaults", "--force")
    assert_clean_failure(init)


def test_a_fifo_or_device_as_answers_file_is_refused_at_once(run_cli: Run,
                                                             tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    for path in (fifo, zero, tmp_path):
        start = time.monotonic()
        done = run_cli("build", path, "--out", tmp_path / "out")
        assert time.monotonic() - start < 30
        assert_clean_failure(done, str(path))
    assert not (tmp_path / "out").exists()


def test_an_answers_file_too_large_is_refused_before_reading(run_cli: Run,
                                                             tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as stream:
        stream.truncate(3_000_000_000)  # sparse: 3 GB on paper, nothing on disk
    done = run_cli("build", big, "--out", tmp_path / "out")
    assert_clean_failure(done, "big.yaml", "larger than")


# -- init -----------------------------------------------------------------------------------

def test_init_refuses_targets_it_cannot_write(run_cli: Run, tmp_path: Path) -> None:
    sets = ["--set", "organisation.name=X", "--set", "escalation.levels[0].contact=a@b.nl",
            "--set", "escalation.levels[1].contact=c@d.nl"]
    folder = tmp_path / "folder"
    folder.mkdir()
    readonly = tmp_path / "ro"
    readonly.mkdir()
    readonly.chmod(0o555)
    try:
        cases = [(folder, "is a folder"), (tmp_path / "missing" / "a.yaml", "does not exist"),
                 (Path("/dev/null"), "not a regular file")]
        if os.geteuid() != 0:  # root writes anywhere
            cases.append((readonly / "a.yaml", "not writable"))
        for target, reason in cases:
            done = run_cli("init", target, "--defaults", *sets)
            assert_clean_failure(done, str(target), reason)
    finally:
        readonly.chmod(0o755)
    assert list(folder.iterdir()) == []


def test_init_defaults_never_replaces_an_answers_file_silently(run_cli: Run,
                                                               tmp_path: Path) -> None:
    sets = ["--set", "organisation.name=Y", "--set", "escalation.levels[0].contact=a@b.nl",
            "--set", "escalation.levels[1].contact=c@d.nl"]
    existing = minimal(tmp_path)
    before = existing.read_bytes()
    done = run_cli("init", existing, "--defaults", *sets)
    assert_clean_failure(done, "already exists", "--force")
    assert existing.read_bytes() == before
    existing.chmod(0o444)
    try:
        done = run_cli("init", existing, "--defaults", "--force", *sets)
        assert_clean_failure(done, "read-only")
        assert existing.read_bytes() == before
    finally:
        existing.chmod(0o644)
    assert run_cli("init", existing, "--defaults", "--force", *sets).returncode == 0
    assert b"name: Y" in existing.read_bytes()


# -- the output folder and its manifest ----------------------------------------------------

def test_format_md_after_a_full_build_keeps_the_word_files(run_cli: Run,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", PEEZE, "--out", out).returncode == 0
    docx_before = (out / "protocol.docx").read_bytes()
    done = run_cli("build", PEEZE, "--out", out, "--format", "md")
    assert done.returncode == 0, done.stderr
    listed = assert_whole_build(out)
    assert {"protocol.docx", "handout.docx", "protocol.md"} <= set(listed)
    assert (out / "protocol.docx").read_bytes() == docx_before
    assert run_cli("build", PEEZE, "--out", out).returncode == 0  # not taken for a hand edit


def test_kept_files_of_an_older_build_are_marked_as_kept(run_cli: Run,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "out"
    answers = tmp_path / "peeze.yaml"
    shutil.copy(PEEZE, answers)
    assert run_cli("build", answers, "--out", out).returncode == 0
    answers.write_text(answers.read_text(encoding="utf-8").replace(
        "response_time_hours: 4", "response_time_hours: 6"), encoding="utf-8")
    assert run_cli("build", answers, "--out", out, "--format", "md").returncode == 0
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert "protocol.docx" in manifest["documents"]["protocol"]["kept_files"]
    assert "protocol.docx" not in manifest["documents"]["protocol"]["files"]
    assert_whole_build(out)


@pytest.mark.parametrize(("content", "reason"), [
    (b"{not json", "not JSON"),
    (b'{"documents": []}', "unexpected content"),
    (b'{"documents": {"protocol": {"files": {"protocol.md": 7}}}}', "unexpected content"),
    (b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
    (b"\xff\xfe", "not UTF-8"),
])
def test_a_damaged_manifest_is_named_as_the_cause(run_cli: Run, tmp_path: Path,
                                                  content: bytes, reason: str) -> None:
    out = tmp_path / "out"
    assert run_cli("build", PEEZE, "--out", out).returncode == 0
    (out / MANIFEST_NAME).write_bytes(content)
    before = files_in(out)
    done = run_cli("build", PEEZE, "--out", out)
    assert_clean_failure(done, str(out / MANIFEST_NAME), "damaged", reason)
    assert files_in(out) == before
    assert run_cli("build", PEEZE, "--out", out, "--force").returncode == 0
    assert_whole_build(out)


@pytest.mark.parametrize("name", [MANIFEST_NAME, "protocol.docx"])
def test_a_folder_or_fifo_in_an_output_place_is_found_before_anything_is_replaced(
        run_cli: Run, tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    assert run_cli("build", PEEZE, "--out", out).returncode == 0
    (out / name).unlink()
    (out / name).mkdir()
    before = files_in(out)
    done = run_cli("build", PEEZE, "--out", out, "--force")
    assert_clean_failure(done, str(out / name), "is a folder")
    assert files_in(out) == before
    (out / name).rmdir()
    os.mkfifo(out / name)
    done = run_cli("build", PEEZE, "--out", out, "--force")
    assert_clean_failure(done, str(out / name), "not a regular file")
    assert (out / name).exists() and files_in(out) == before


def test_another_organisation_does_not_replace_a_folder_silently(run_cli: Run,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", minimal(tmp_path, "Acme"), "--out", out).returncode == 0
    before = files_in(out)
    other = minimal(tmp_path, "Other Org", "other.yaml")
    done = run_cli("build", other, "--out", out)
    assert_clean_failure(done, str(out), "'Acme'", "'Other Org'", "--force")
    assert files_in(out) == before
    assert run_cli("build", other, "--out", out, "--force").returncode == 0
    assert json.loads((out / MANIFEST_NAME).read_text())["organisation"] == "Other Org"


# -- faults part-way ------------------------------------------------------------------------

FAULTY_BUILD = textwrap.dedent("""
    import os, signal, sys
    from policygen import cli
    mode, at = sys.argv[1], int(sys.argv[2])
    calls = {"n": 0}
    real = {"replace": os.replace, "fsync": os.fsync, "link": os.link}
    def fault(name):
        def wrapped(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == at:
                if mode == "kill":
                    os.kill(os.getpid(), signal.SIGKILL)
                raise OSError(28, "No space left on device")
            return real[name](*args, **kwargs)
        return wrapped
    for name in real:
        setattr(os, name, fault(name))
    code = cli.main(sys.argv[3:])
    if mode == "count":
        print(f"calls={calls['n']}", file=sys.stderr)
    sys.exit(code)
""")


def _faulty_build(tmp_path: Path, mode: str, at: int, *args: str | Path) -> \
        subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", FAULTY_BUILD, mode, str(at), "build",
                           *map(str, args)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, check=False)


def _state(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in files_in(folder).items()
            if not name.startswith(transaction.PREFIX)}


@pytest.mark.parametrize("mode", ["disk-full", "kill"])
def test_a_fault_at_any_moment_leaves_the_old_build_or_the_new_one(
        tmp_path: Path, run_cli: Run, mode: str) -> None:
    out = tmp_path / "out"
    assert run_cli("build", PEEZE, "--out", out, "--lang", "en").returncode == 0
    old = _state(out)
    assert run_cli("build", PEEZE, "--out", tmp_path / "fresh").returncode == 0
    new = _state(tmp_path / "fresh")
    counted = _faulty_build(tmp_path, "count", 0, PEEZE, "--out", tmp_path / "counted")
    total = int(counted.stderr.rsplit("calls=", 1)[1])
    assert total >= 5
    outcomes = set()
    for at in range(1, total + 1):  # every os.replace / fsync / link of the build, in turn
        done = _faulty_build(tmp_path, mode, at, PEEZE, "--out", out)
        if mode == "kill":
            assert done.returncode in (-signal.SIGKILL, 0), done.stderr
        else:
            assert "Traceback" not in done.stderr, done.stderr
        # What a killed or failed build leaves is the old build or the new one; one killed
        # inside the switch leaves a journal that the next build (here: the lock) completes.
        with transaction.FolderTransaction(out):
            pass
        state = _state(out)
        assert state in (old, new), f"fault at call {at}: a mix of two builds"
        assert_whole_build(out)
        outcomes.add("new" if state == new else "old")
        if state == new:  # back to the old build for the next moment
            assert run_cli("build", PEEZE, "--out", out, "--lang", "en").returncode == 0
            assert _state(out) == old
    assert "old" in outcomes


def test_a_failed_switch_rolls_back_in_the_same_run(tmp_path: Path, run_cli: Run) -> None:
    out = tmp_path / "out"
    assert run_cli("build", PEEZE, "--out", out, "--lang", "en").returncode == 0
    old = _state(out)
    for at in range(1, 30):
        done = _faulty_build(tmp_path, "disk-full", at, PEEZE, "--out", out)
        if done.returncode == 0:
            break
        assert_clean_failure(done, "No space left on device")
        assert _state(out) == old, f"fault at call {at}"  # no next run needed
        assert_whole_build(out)


def test_two_builds_into_one_folder_never_interleave(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runs = [subprocess.Popen([sys.executable, "-m", "policygen", "build", str(path), "--out",
                              str(out)], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
            for path in (PEEZE, NORTHWIND, PEEZE, NORTHWIND)]
    results = [(run.returncode, run.communicate(timeout=120)[1]) for run in runs]
    results = [(run.returncode, stderr) for run, (_, stderr) in zip(runs, results, strict=True)]
    assert any(code == 0 for code, _ in results)
    for code, stderr in results:
        assert "Traceback" not in stderr
        if code:
            assert "holds the documents of" in stderr or "another policygen build" in stderr
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert_whole_build(out)
    assert manifest["organisation"] in ("Koffiebranderij Peeze", "Northwind Advisory Ltd")


def test_a_locked_folder_is_refused_with_a_message(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from policygen import cli

    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(transaction, "LOCK_WAIT_SECONDS", 0.2)
    with transaction.FolderTransaction(out):
        code = cli.main(["build", str(PEEZE), "--out", str(out)])
    assert code == 1
    assert list(out.iterdir()) == []


def test_leftovers_of_a_killed_build_are_cleaned_up(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", PEEZE, "--out", out).returncode == 0
    (out / f"{transaction.PREFIX}protocol.md.abc.tmp").write_text("half")
    (out / f"{transaction.PREFIX}protocol.md.1.old").write_text("old")
    assert run_cli("build", PEEZE, "--out", out).returncode == 0
    assert_whole_build(out)


# -- batches --------------------------------------------------------------------------------

def test_an_unexpected_worker_failure_keeps_the_batch_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policygen.output import build
    from policygen.output.build import BuildOptions

    paths = [minimal(tmp_path, f"Org {n}", f"org{n}.yaml") for n in range(10)]
    real = build.build_one

    def flaky(answers, folder, library, options):  # type: ignore[no-untyped-def]
        name = answers.data["organisation"]["name"]
        if name == "Org 3":
            raise RuntimeError("a bug")
        if name == "Org 6":
            os.kill(os.getpid(), signal.SIGKILL)  # a worker dies (out of memory, killed)
        return real(answers, folder, library, options)

    monkeypatch.setattr(build, "build_one", flaky)  # forked workers inherit it
    report = build.build_all(paths, tmp_path / "out", BuildOptions(formats=("md",)),
                             workers=2)
    failed = {str(path) for path, _ in report.failures}
    assert str(paths[3]) in failed
    assert all("internal error" in " ".join(e.lines()) or "Traceback" not in str(e)
               for _, e in report.failures)
    built = {r.answers_path.name for r in report.results}
    assert len(built) + len(failed) == 10 and "org0.yaml" in built | failed


def test_ctrl_c_in_a_batch_stops_without_a_traceback(tmp_path: Path) -> None:
    paths = [minimal(tmp_path, f"Org {n}", f"org{n}.yaml") for n in range(60)]
    run = subprocess.Popen([sys.executable, "-m", "policygen", "build", *map(str, paths),
                            "--out", str(tmp_path / "out")], cwd=tmp_path,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60  # Ctrl-C once the batch is under way
    while not (tmp_path / "out").exists() and time.monotonic() < deadline \
            and run.poll() is None:
        time.sleep(0.05)
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=120)
    assert "Traceback" not in stderr, stderr
    if run.returncode != 0:
        assert run.returncode == 130 and "stopped by user" in stderr
    for folder in (tmp_path / "out").iterdir() if (tmp_path / "out").exists() else []:
        if (folder / MANIFEST_NAME).exists():
            assert_whole_build(folder)
