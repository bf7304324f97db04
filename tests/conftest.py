"""Shared fixtures: the shipped library, example answers, and running the real CLI."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from policygen.clauselib import library as library_module
from policygen.clauselib.library import ClauseLibrary

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PEEZE = EXAMPLES / "koffiebranderij-peeze.yaml"
NORTHWIND = EXAMPLES / "northwind-advisory.yaml"


@pytest.fixture(scope="session")
def library() -> ClauseLibrary:
    return library_module.load()


@pytest.fixture
def run_cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m policygen ...` as a user would, in tmp_path."""

    def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "policygen", *map(str, args)],
            cwd=cwd or tmp_path, capture_output=True, text=True, timeout=300, check=False,
        )

    return run


def need(tool: str, package: str) -> None:
    """Skip the test with a clear reason when an external program is not installed."""
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (Debian/Ubuntu: apt-get install {package})")


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file below folder with its bytes (to prove nothing changed)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture(autouse=True, scope="session")
def _private_template_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Compiled templates go to a temporary cache, not the user's ~/.cache."""
    import os

    os.environ["POLICYGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("jinja-cache"))
    # and not the compiled code an install ships (make demo writes it): every test compiles
    os.environ["POLICYGEN_PRECOMPILED"] = ""


# Hypothesis: the same examples on every run (a flaky test is a bug), no deadline on a shared
# 2-core machine; every input a run once found is pinned with @example in the test itself.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("policygen", derandomize=True, deadline=None,
                                      print_blob=True, database=None)
_hypothesis_settings.load_profile("policygen")


@pytest.fixture(autouse=True)
def _sigint_as_before(request: pytest.FixtureRequest) -> object:
    """Each test leaves Ctrl-C handling as it found it.

    An ignored SIGINT is inherited by every process a later test starts (Python then installs
    no handler of its own), so a test that left it ignored made the Ctrl-C tests of other
    modules hang. Such a test is named in POLICYGEN_SIGINT_LOG when that is set.
    """
    before = signal.getsignal(signal.SIGINT)
    yield None
    after = signal.getsignal(signal.SIGINT)
    if after is not before and before is not None:
        signal.signal(signal.SIGINT, before)
        log = os.environ.get("POLICYGEN_SIGINT_LOG")
        if log:
            with open(log, "a", encoding="utf-8") as out:
                out.write(f"{request.node.nodeid}: SIGINT left as {after!r}\n")
