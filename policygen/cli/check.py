"""`policygen check [--library DIR]`: lint a clause library."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "lint a clause library"


def add_arguments(command: argparse.ArgumentParser) -> None:
    """The library folder."""
    command.add_argument("--library", type=Path, metavar="DIR",
                         help="folder with clauses/ and templates/ (default: the shipped one)")


def run(args: argparse.Namespace) -> int:
    """Every problem is raised (and printed by main); otherwise one line."""
    from policygen.lint.check import check_library

    library = check_library(args.library)
    print(f"{library.root}: {len(library.clauses)} clauses, no problems")
    return 0
