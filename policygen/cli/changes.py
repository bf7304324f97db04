"""`policygen changes [ANSWERS] --since REF|MANIFEST [--clauses DIR]`: what changed for us."""

from __future__ import annotations

import argparse
from pathlib import Path

from policygen.cli.options import add_library_options

HELP = "what changed in the organisation's protocol since an earlier library or build"


def add_arguments(command: argparse.ArgumentParser) -> None:
    """The answers, the earlier library, and where the note goes."""
    command.add_argument("answers", nargs="?", type=Path, default=Path("answers.yaml"),
                         metavar="ANSWERS", help="answers file (default: answers.yaml)")
    command.add_argument("--since", required=True, metavar="REF|MANIFEST",
                         help="a git ref of the library (v1.1.0, a commit), or an earlier "
                              "build's manifest.json or output folder")
    add_library_options(command, "the organisation's own clauses on top of the library, as "
                        "in build (overrides library.overlay in the answers)")
    command.add_argument("--out", type=Path, metavar="FILE",
                         help="write the note for staff (Markdown, or Word with --format docx "
                              "or a .docx name) instead of printing the report")
    command.add_argument("--format", choices=("md", "docx"),
                         help="the note's format (default: from --out's name, else md)")
    command.add_argument("--lang", choices=("nl", "en"),
                         help="language of the report (default: the answers' language)")


def run(args: argparse.Namespace) -> int:
    """Print the report, or write the note and say what staff must do."""
    from policygen.history.whatchanged import ChangesRequest, what_changed

    outcome = what_changed(ChangesRequest(
        answers=args.answers, since=args.since, library_root=args.library, out=args.out,
        format=args.format, language=args.lang, overlay=args.clauses))
    if outcome.text is not None:
        print(outcome.text, end="")
    else:
        print(f"{outcome.written}: {outcome.summary()}")
    return 0
