"""A rebuild leaves a file that already holds exactly the new bytes as it was (its time too)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from policygen.output.build import BuildOptions, build_all

from .conftest import PEEZE


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_a_rebuild_of_the_same_answers_touches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_all([PEEZE], out, BuildOptions())
    before = _stamps(out)
    report = build_all([PEEZE], out, BuildOptions(force=True))
    assert _stamps(out) == before
    (result,) = report.results
    assert sorted(result.unchanged) == sorted(before)
    assert report.lines()[0].endswith("; unchanged since the last build")


def test_only_what_changed_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_all([PEEZE], out, BuildOptions())
    before = _stamps(out)
    edited = tmp_path / PEEZE.name
    text = PEEZE.read_text(encoding="utf-8")
    assert "trainer: Anne de Vries" in text
    edited.write_text(text.replace("trainer: Anne de Vries", "trainer: Sem de Boer"),
                      encoding="utf-8")
    report = build_all([edited], out, BuildOptions())
    after = _stamps(out)
    changed = sorted(name for name in after if after[name] != before[name])
    (result,) = report.results
    assert changed == sorted(set(after) - set(result.unchanged))
    assert result.unchanged, "the trainer is named in the handout only"
    assert "manifest.json" in changed  # it records the answers' hash and every file's
    manifest = json.loads((out / "manifest.json").read_text())
    for document in manifest["documents"].values():
        for name, digest in document["files"].items():
            assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest


def test_a_hand_edited_file_is_still_refused_and_replaced_with_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_all([PEEZE], out, BuildOptions())
    protocol = out / "protocol.md"
    original = protocol.read_bytes()
    protocol.write_bytes(original + b"\nEigen toevoeging.\n")
    refused = build_all([PEEZE], out, BuildOptions())
    assert refused.failures and protocol.read_bytes() != original
    replaced = build_all([PEEZE], out, BuildOptions(force=True))
    (result,) = replaced.results
    assert protocol.read_bytes() == original
    assert "protocol.md" not in result.unchanged
    assert "protocol.docx" in result.unchanged


def test_a_file_of_the_same_size_but_other_bytes_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_all([PEEZE], out, BuildOptions())
    handout = out / "handout.md"
    original = handout.read_bytes()
    damaged = original[:-2] + b"??"
    handout.write_bytes(damaged)
    os.utime(handout, ns=(0, 0))
    build_all([PEEZE], out, BuildOptions(force=True))
    assert handout.read_bytes() == original
