"""The shipped library's compiled code: a first build compiles nothing it takes from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PEEZE, ROOT


def test_a_first_build_takes_the_compiled_code_from_the_installation(tmp_path: Path) -> None:
    shipped, user = tmp_path / "shipped", tmp_path / "user-cache"
    done = subprocess.run([sys.executable, "-m", "policygen.clauselib.precompile", "--out", str(shipped),
                           "--library", str(ROOT)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "compiled" in done.stdout and any(shipped.rglob("*"))
    def build(shipped_dir: Path, out: str) -> subprocess.CompletedProcess[str]:
        env = {"POLICYGEN_CACHE_DIR": str(user), "POLICYGEN_PRECOMPILED": str(shipped_dir),
               "PATH": "/usr/bin:/bin"}
        return subprocess.run([sys.executable, "-m", "policygen", "build", str(PEEZE), "--out",
                               str(tmp_path / out), "--format", "md"], capture_output=True,
                              text=True, check=False, env=env)

    built = build(shipped, "out")
    assert built.returncode == 0, built.stderr
    assert not [p for p in user.rglob("*") if p.is_file()]  # nothing had to be compiled
    again = build(tmp_path / "none", "out2")
    assert again.returncode == 0, again.stderr
    assert [p for p in user.rglob("*") if p.is_file()]  # without it, the user's cache fills


def test_a_library_that_cannot_be_read_is_a_message(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "policygen.clauselib.precompile", "--out",
                           str(tmp_path / "out"), "--library", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "not a clause library" in done.stderr


def test_what_a_body_reads_comes_from_the_installation_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first `check` does not parse the shipped bodies again to find the values they read."""
    from policygen.clauselib import library as library_module
    from policygen.clauselib import precompile
    from policygen.language import codecache

    shipped = tmp_path / "shipped"
    monkeypatch.setattr(codecache, "_NAMES", {})  # as in a new process: nothing in memory
    precompile.precompile(shipped, ROOT)
    monkeypatch.setenv("POLICYGEN_CACHE_DIR", str(tmp_path / "user-cache"))
    monkeypatch.setenv("POLICYGEN_PRECOMPILED", str(shipped))
    monkeypatch.setattr(codecache, "_NAMES", {})

    def parse_again(*_args: object) -> set[str]:
        raise AssertionError("parsed again, although the installation has it")

    monkeypatch.setattr(codecache, "_read_paths", parse_again)
    item = library_module.load(ROOT).get("escalation.ladder")
    assert "escalation.levels" in codecache.values_read(library_module.environment(),
                                                 item.bodies["nl"])


def test_a_precompile_holds_everything_whatever_is_installed_and_nothing_stale(
        tmp_path: Path) -> None:
    """The wheel's folder is complete even where a checkout's own precompiled code exists."""
    def precompile(out: Path, installed: Path | None) -> set[str]:
        env = {"PATH": "/usr/bin:/bin", "POLICYGEN_PRECOMPILED": str(installed or "")}
        done = subprocess.run([sys.executable, "-m", "policygen.clauselib.precompile", "--out",
                               str(out), "--library", str(ROOT)], capture_output=True,
                              text=True, check=False, env=env)
        assert done.returncode == 0, done.stderr
        return {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}

    first = precompile(tmp_path / "first", None)
    assert precompile(tmp_path / "second", tmp_path / "first") == first
    stale = tmp_path / "second" / "ab" / ("ab" + "0" * 62)
    stale.parent.mkdir(exist_ok=True)
    stale.write_bytes(b"an entry of an older clause")
    assert precompile(tmp_path / "second", None) == first  # the old entry is gone
