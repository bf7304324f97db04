"""House rules that keep the code honest: lint, types, and the build path's import budget."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PEEZE, ROOT


def test_plain_build_imports_neither_the_question_flow_nor_optional_documents(tmp_path: object) -> None:
    code = (
        "import sys\n"
        "from policygen.cli import main\n"
        f"assert main(['build', {str(PEEZE)!r}, '--out', {str(tmp_path)!r}]) == 0\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('questionary', 'prompt_toolkit', 'jsonschema', 'pexpect', 'pptx', 'docx') "
        "or m.split('.')[:2] in (['policygen', 'interview'], ['policygen', 'training'], "
        "['policygen', 'history']))\n"
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


# Which sub-packages each one may import: the flow, read downwards. history, review and training
# sit beside the stages they draw on; output writes what they make; cli is the only one above all.
BASE = {"errors", "safeio", "request", "__version__"}
MAY_IMPORT: dict[str, set[str]] = {
    "errors": set(),
    "safeio": {"errors"},
    "request": set(),  # the shared vocabulary: imports policygen only for type checkers
    "answers": BASE,
    "language": BASE | {"answers"},
    "clauselib": BASE | {"answers", "language"},
    "assembly": BASE | {"answers", "language", "clauselib"},
    "render": BASE | {"language"},
    "review": BASE | {"answers", "language", "clauselib"},
    "history": BASE | {"answers", "language", "clauselib", "assembly", "render"},
    "training": BASE | {"answers", "language", "clauselib", "assembly", "render"},
    "output": BASE | {"answers", "language", "clauselib", "assembly", "render", "review",
                      "history", "training"},
    "lint": BASE | {"answers", "language", "clauselib", "assembly", "review"},
    "interview": BASE | {"answers", "output"},
}


def imported_parts(path: Path) -> set[str]:
    """The policygen sub-packages (or top-level modules) one source file imports."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for block in ast.walk(tree):  # imports for type checkers only make no dependency
        if isinstance(block, ast.If) and ast.unparse(block.test) in (
                "TYPE_CHECKING", "typing.TYPE_CHECKING"):
            block.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = node.module.split(".")
            if names[0] != "policygen":
                continue
            found |= {names[1]} if len(names) > 1 else {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names
                      if a.name.startswith("policygen.")}
    return found


def test_imports_run_down_the_flow() -> None:
    package = ROOT / "policygen"
    wrong = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).parts
        if parts[0] in ("precompiled", "cli", "__main__.py", "__init__.py"):
            continue
        owner = parts[0] if len(parts) > 1 else path.stem
        assert owner in MAY_IMPORT, f"{path}: a new sub-package needs its place in MAY_IMPORT"
        wrong += [f"{path.relative_to(ROOT)} imports policygen.{name}"
                  for name in sorted(imported_parts(path) - MAY_IMPORT[owner] - {owner})]
    assert not wrong, "\n".join(wrong)
