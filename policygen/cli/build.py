"""`policygen build ANSWERS... [--out DIR]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policygen.cli.options import (
    LIST_EACH_UP_TO,
    add_build_options,
    build_and_report,
    build_options,
)

HELP = "render the protocol and handout"


def add_arguments(command: argparse.ArgumentParser) -> None:
    """The answers files, the output folder and the build options."""
    command.add_argument("answers", nargs="+", type=Path, metavar="ANSWERS",
                         help="answers file(s) (YAML, schema 1)")
    command.add_argument("--out", type=Path, metavar="DIR",
                         help="output folder (default: output/<organisation>/, or output/ "
                              "with several answers files)")
    add_build_options(command)
    command.add_argument("--strict", action="store_true",
                         help="stop before anything is written when `policygen review` finds "
                              "an error or a warning in an answers file")


def run(args: argparse.Namespace) -> int:
    """Build every answers file; then one line per file on what `policygen review` found."""
    from policygen.review.beside import SummaryBeside

    if args.strict:
        from policygen.review.summary import strict_report

        blocking = strict_report(args.answers)
        if blocking:
            print("\n\n".join(blocking), file=sys.stderr)
            print("policygen: --strict: nothing built; resolve the errors and warnings above "
                  "(or build without --strict)", file=sys.stderr)
            return 1
    # a larger batch prints one summary line, and no review lines
    listed = args.answers if len(args.answers) <= LIST_EACH_UP_TO else []
    with SummaryBeside(listed) as summary:
        code = build_and_report(args.answers, args.out, build_options(args))
        for line in summary.lines():
            print(line)
    return code
