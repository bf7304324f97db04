"""`policygen check [--library DIR] [--clauses DIR]`: lint a clause library (and an overlay)."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "lint a clause library"


def add_arguments(command: argparse.ArgumentParser) -> None:
    """The library folder."""
    command.add_argument("--library", type=Path, metavar="DIR",
                         help="folder with clauses/ and templates/ (default: the shipped one)")
    command.add_argument("--clauses", type=Path, metavar="DIR",
                         help="the organisation's own clause files: checked with the library "
                              "they sit on, and every library change to a clause they replace "
                              "listed with its CHANGELOG lines")


def run(args: argparse.Namespace) -> int:
    """Every problem is raised (and printed by main); otherwise one line."""
    from policygen.lint.check import check_library

    library = check_library(args.library, overlay=args.clauses)
    if library.overlay is None:
        print(f"{library.root}: {len(library.clauses)} clauses, no problems")
        return 0
    print(f"{library.root} with {library.overlay.root}: {len(library.clauses)} clauses "
          f"({len(library.overlay.sources)} of your own), no problems")
    for change in library.overlay.upstream:
        for line in change.lines():
            print(line)
    return 0
