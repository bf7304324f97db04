"""The shipped library's compiled code: a first build compiles nothing it takes from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import PEEZE, ROOT

BUILD_WITH_SHIPPED = """
import sys
from pathlib import Path
from policygen import cli, codecache
codecache.SHIPPED = Path(sys.argv[1])
sys.exit(cli.main(sys.argv[2:]))
"""


def test_a_first_build_takes_the_compiled_code_from_the_installation(tmp_path: Path) -> None:
    shipped, user = tmp_path / "shipped", tmp_path / "user-cache"
    done = subprocess.run([sys.executable, "-m", "policygen.precompile", "--out", str(shipped),
                           "--library", str(ROOT)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "compiled" in done.stdout and any(shipped.rglob("*"))
    env = {"POLICYGEN_CACHE_DIR": str(user), "PATH": "/usr/bin:/bin"}
    built = subprocess.run([sys.executable, "-c", BUILD_WITH_SHIPPED, str(shipped), "build",
                            str(PEEZE), "--out", str(tmp_path / "out"), "--format", "md"],
                           capture_output=True, text=True, check=False, env=env)
    assert built.returncode == 0, built.stderr
    assert not [p for p in user.rglob("*") if p.is_file()]  # nothing had to be compiled
    again = subprocess.run([sys.executable, "-c", BUILD_WITH_SHIPPED, str(tmp_path / "none"),
                            "build", str(PEEZE), "--out", str(tmp_path / "out2"), "--format",
                            "md"], capture_output=True, text=True, check=False, env=env)
    assert again.returncode == 0, again.stderr
    assert [p for p in user.rglob("*") if p.is_file()]  # without it, the user's cache fills


def test_a_library_that_cannot_be_read_is_a_message(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "policygen.precompile", "--out",
                           str(tmp_path / "out"), "--library", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "not a clause library" in done.stderr
