"""`policygen demo`: the shipped example organisations, built into ``output/``."""

from __future__ import annotations

import argparse
from pathlib import Path

from policygen.cli.options import add_build_options, build_options, print_report

HELP = "build the shipped example organisations"


def add_arguments(command: argparse.ArgumentParser) -> None:
    """The output folder and the build options."""
    command.add_argument("--out", type=Path, default=Path("output"), metavar="DIR",
                         help="output folder (default: output/)")
    add_build_options(command)


def run(args: argparse.Namespace) -> int:
    """Build the examples."""
    from policygen.output.build import build_all, example_answers

    return print_report(build_all(example_answers(), args.out, build_options(args)))
