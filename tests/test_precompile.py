"""The shipped library's compiled code: a first build compiles nothing it takes from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
