"""House rules that keep the code honest: lint, types, and the build path's import budget."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import PEEZE, ROOT


def test_build_path_does_not_import_the_question_flow(tmp_path: object) -> None:
    code = (
        "import sys\n"
        "from policygen.cli import main\n"
        f"assert main(['build', {str(PEEZE)!r}, '--out', {str(tmp_path)!r}]) == 0\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('questionary', 'prompt_toolkit', 'jsonschema', 'pexpect'))\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("tool", ["ruff", "mypy"])
def test_lint_and_types(tool: str) -> None:
    exe = shutil.which(tool, path=str(ROOT / ".venv" / "bin")) or shutil.which(tool)
    if exe is None:
        pytest.skip(f"{tool} is not installed (pip install -e '.[dev]')")
    args = [exe, "check", "policygen", "tests", "scripts", "bench"] if tool == "ruff" else [exe]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
