"""Every command that reads a clause library takes ``--library`` and ``--clauses`` alike."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from policygen.cli import COMMANDS, _command

LIBRARY_HELP = "folder with clauses/ and templates/ (default: the shipped one)"
# each says what that command does with the organisation's own clauses
CLAUSES_HELP = {
    "build": "replace a library clause",
    "demo": "replace a library clause",
    "check": "checked with the library they sit on",
    "clauses": "they are marked [own]",
    "changes": "as in build (overrides library.overlay",
}


def _option(command: str, flag: str) -> argparse.Action:
    parser = argparse.ArgumentParser()
    _command(command).add_arguments(parser)
    return next(a for a in parser._actions if flag in a.option_strings)


def test_the_commands_that_read_a_library_are_all_here() -> None:
    readers = set()
    for command in COMMANDS:
        parser = argparse.ArgumentParser()
        _command(command).add_arguments(parser)
        if any("--library" in a.option_strings for a in parser._actions):
            readers.add(command)
    assert readers == set(CLAUSES_HELP)


@pytest.mark.parametrize("command", sorted(CLAUSES_HELP))
def test_library_and_clauses_are_the_same_options(command: str) -> None:
    library, clauses = _option(command, "--library"), _option(command, "--clauses")
    assert (library.type, library.metavar, library.help) == (Path, "DIR", LIBRARY_HELP)
    assert (clauses.type, clauses.metavar) == (Path, "DIR")
    assert CLAUSES_HELP[command] in str(clauses.help)
    assert library.default is clauses.default is None  # the shipped library, no own clauses


def test_a_command_imports_only_its_own_module() -> None:
    """`policygen build` does not import the other commands (their help is not shown)."""
    import subprocess
    import sys

    code = ("import sys; from policygen.cli import _parser; _parser(['build', 'x.yaml']); "
            "print(sorted(m for m in sys.modules if m.startswith('policygen.cli.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "['policygen.cli.build', 'policygen.cli.options']"
    listed = subprocess.run([sys.executable, "-m", "policygen", "--help"], capture_output=True,
                            text=True, check=True).stdout
    assert all(name in listed for name in COMMANDS)
