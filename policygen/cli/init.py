"""`policygen init [ANSWERS]`: the question flow, or `--defaults` without one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from policygen.cli.options import build_and_report
from policygen.errors import PolicygenError

HELP = "answer the questions; writes the answers file"


def add_arguments(command: argparse.ArgumentParser) -> None:
    """The answers file, and writing defaults without questions."""
    command.add_argument("answers", nargs="?", type=Path, default=Path("answers.yaml"),
                         metavar="ANSWERS", help="answers file to write (default: answers.yaml)")
    command.add_argument("--defaults", action="store_true",
                         help="ask nothing: write every default plus the --set values")
    command.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                         help="with --defaults: an answer, e.g. organisation.name='Gemeente X' "
                              "or escalation.levels[0].contact=webcare@example.nl")
    command.add_argument("--force", action="store_true",
                         help="with --defaults: replace an existing answers file")


def run(args: argparse.Namespace) -> int:
    """Ask the questions (or write the defaults); offer to build at the end."""
    from policygen.interview import flow as interview

    path: Path = args.answers
    interview.check_target(path)
    if args.defaults:
        if path.exists() and path.stat().st_size and not args.force:
            raise PolicygenError(
                f"{path}: already exists; `policygen init {path}` goes through its answers "
                "with the current values as defaults, --force replaces it with the defaults")
        interview.save(path, interview.defaults_file(path, args.set))
        print(f"wrote {path}; build it with: policygen build {path}")
        _review_summary(path)
        return 0
    if args.set:
        raise PolicygenError("--set goes with --defaults (the questions ask for everything else)")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise interview.NoTerminalError(
            "init asks questions and needs a terminal; without one, write the file with "
            "`policygen init --defaults --set organisation.name=... --set "
            "escalation.levels[0].contact=...`, or write an answers file yourself "
            "(see examples/ and `policygen schema`) and run `policygen build`")
    from policygen.clauselib.library import load

    flow = interview.Interview(path, load().labels)
    try:
        flow.run()
    except KeyboardInterrupt:
        print(f"\nstopped — your answers so far are saved in {path}; run the same command "
              "to go on", file=sys.stderr)
        return 130
    print("\n".join(flow.summary()))
    try:
        if not flow.ask_build():
            print(f"build later with: policygen build {path}")
            _review_summary(path)
            return 0
    except KeyboardInterrupt:
        return 130
    from policygen.request import BuildOptions

    code = build_and_report([path], None, BuildOptions())
    _review_summary(path)
    return code


def _review_summary(path: Path) -> None:
    """One line on what `policygen review` finds in the answers just written."""
    from policygen.review.summary import summary_lines

    for line in summary_lines([path]):
        print(line)
