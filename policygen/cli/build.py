"""`policygen build ANSWERS... [--out DIR]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from policygen.cli.options import add_build_options, build_and_report, build_options

HELP = "render the protocol and handout"


def add_arguments(command: argparse.ArgumentParser) -> None:
    """The answers files, the output folder and the build options."""
    command.add_argument("answers", nargs="+", type=Path, metavar="ANSWERS",
                         help="answers file(s) (YAML, schema 1)")
    command.add_argument("--out", type=Path, metavar="DIR",
                         help="output folder (default: output/<organisation>/, or output/ "
                              "with several answers files)")
    add_build_options(command)


def run(args: argparse.Namespace) -> int:
    """Build every answers file."""
    return build_and_report(args.answers, args.out, build_options(args))
