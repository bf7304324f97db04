"""The command leaves as soon as its output is flushed, except under a profiler or tracer."""

from __future__ import annotations

import subprocess
import sys

import pytest

import policygen.cli as cli


def test_the_command_flushes_its_output_and_leaves_with_its_code() -> None:
    code = ("import atexit, policygen.cli as cli\n"
            "atexit.register(print, 'Python tidied up')\n"
            "def main():\n"
            "    print('the output', end='')\n"
            "    return 5\n"
            "cli.main = main\n"
            "cli.run()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 5
    assert done.stdout == "the output"  # flushed; Python's own exit did not run


def test_under_a_profiler_the_exit_is_pythons_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "main", lambda: 3)
    sys.setprofile(lambda *_args: None)
    try:
        with pytest.raises(SystemExit) as raised:
            cli.run()
    finally:
        sys.setprofile(None)
    assert raised.value.code == 3
