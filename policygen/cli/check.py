"""`policygen check [--library DIR] [--clauses DIR] [--since REF]`: lint a clause library."""

from __future__ import annotations

import argparse

from policygen.cli.options import add_library_options

HELP = "lint a clause library"


def add_arguments(command: argparse.ArgumentParser) -> None:
    """The library folder, the organisation's own clauses, and the git ref to compare with."""
    add_library_options(command, "the organisation's own clause files: checked with the "
                        "library they sit on, and every library change to a clause they "
                        "replace listed with its CHANGELOG lines")
    command.add_argument("--since", metavar="REF",
                         help="a git ref (v1.2.0, a commit): every clause changed since then "
                              "needs a higher version and a CHANGELOG entry with its kind")


def run(args: argparse.Namespace) -> int:
    """Every problem is raised (and printed by main); otherwise a summary."""
    from policygen.history.since import HistoryCheck
    from policygen.lint.check import check_library

    history = HistoryCheck(args.since)
    library = check_library(args.library, overlay=args.clauses, also=history)
    if library.overlay is None:
        print(f"{library.root}: {len(library.clauses)} clauses, no problems")
    else:
        print(f"{library.root} with {library.overlay.root}: {len(library.clauses)} clauses "
              f"({len(library.overlay.sources)} of your own), no problems")
        for change in library.overlay.upstream:
            for line in change.lines():
                print(line)
    if history.report is not None:
        print(history.report.summary())
        for changed in history.report.changes:
            print(f"  {changed.line()}")
    return 0
