"""`policygen review [ANSWERS] [--lang nl|en] [--strict] [--format text|json|md]`."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "advice on the answers themselves: contradictions, readiness, law, assumptions"


def add_arguments(command: argparse.ArgumentParser) -> None:
    """The answers file, the language, the output format and --strict."""
    command.add_argument("answers", nargs="?", type=Path, default=Path("answers.yaml"),
                         metavar="ANSWERS", help="answers file (default: answers.yaml)")
    command.add_argument("--lang", choices=("nl", "en"),
                         help="language of the findings (default: the answers file's)")
    command.add_argument("--format", choices=("text", "json", "md"), default="text",
                         help="text (default), json for tools, md for a note")
    command.add_argument("--strict", action="store_true",
                         help="exit 1 on a warning too, not only on an error")


def run(args: argparse.Namespace) -> int:
    """Review one answers file; exit 1 on an error-level finding (or a warning with --strict)."""
    from policygen.review import report
    from policygen.review.run import review_file

    plan, findings = review_file(args.answers, args.lang)
    language = args.lang or plan.language
    if args.format == "json":
        print(report.as_json(plan, findings, language), end="")
    elif args.format == "md":
        print(report.as_markdown(plan, language), end="")
    else:
        print(report.as_text(plan, findings, language), end="")
    blocking = ("error", "warning") if args.strict else ("error",)
    return 1 if any(f.severity in blocking for f in findings) else 0
