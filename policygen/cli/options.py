"""What the sub-commands share: the library options, and the build options and report.

Every command that reads a library takes ``--library`` and ``--clauses`` alike; ``build``,
``demo`` and ``init`` take the build options as one request and print the same report.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policygen.output.build import BuildReport
    from policygen.request import BuildOptions

FORMATS = ("md", "docx", "pdf")
LIST_EACH_UP_TO = 10  # organisations; a larger batch gets a progress bar and a summary


def formats(value: str) -> tuple[str, ...]:
    """``--format md,docx``: the formats, in order, without repeats."""
    chosen = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or value!r}; choose from {', '.join(FORMATS)}")
    return chosen


def _documents(value: str) -> tuple[str, ...]:
    from policygen.output.documents import parse

    return parse(value)


def add_library_options(command: argparse.ArgumentParser, clauses_help: str) -> None:
    """``--library DIR`` and ``--clauses DIR`` (the organisation's own clauses on top of it).

    ``clauses_help`` says what this command does with the organisation's clauses.
    """
    command.add_argument("--library", type=Path, metavar="DIR",
                         help="folder with clauses/ and templates/ (default: the shipped one)")
    command.add_argument("--clauses", type=Path, metavar="DIR", help=clauses_help)


def add_build_options(command: argparse.ArgumentParser) -> None:
    """The options every build takes."""
    command.add_argument("--lang", choices=("nl", "en"),
                         help="document language (overrides the answers file)")
    command.add_argument("--format", type=formats, default=("md", "docx"), metavar="LIST",
                         help="comma-separated: md, docx, pdf (default: md,docx)")
    command.add_argument("--edition", choices=("participant", "trainer"), default="participant",
                         help="handout edition; trainer adds model answers and a session plan")
    command.add_argument("--reference-doc", type=Path, metavar="FILE",
                         help="house-style .docx whose styles, page setup, header and footer "
                              "are used")
    add_library_options(command, "a folder of the organisation's own clause files on top of "
                        "the library: new clauses, or ones that replace a library clause "
                        "(replaces: id@version); overrides library.overlay in the answers")
    command.add_argument("--force", action="store_true",
                         help="overwrite outputs even where they were edited by hand")
    command.add_argument("--page-numbers", action="store_true",
                         help="page numbers in the Word contents list (a layout pass through "
                              "LibreOffice; always done with --format pdf)")
    command.add_argument("--compact", action="store_true",
                         help="the compact protocol: every rule the organisation decided, "
                              "without the explanations")
    command.add_argument("--documents", type=_documents, default=None, metavar="LIST",
                         help="comma-separated: protocol, handout, quiz, slides, attendance, "
                              "or all (default: protocol,handout)")
    command.add_argument("--redline-against", type=Path, metavar="DIR",
                         help="an earlier build's output folder: also write "
                              "protocol-redline.docx and handout-redline.docx, the changes "
                              "since then as Word tracked changes")
    command.add_argument("--with-advice", action="store_true",
                         help="also write advice.md/.docx for the policy owner: the review "
                              "of the answers (never in the staff handout)")


def build_options(args: argparse.Namespace) -> BuildOptions:
    """The request a build takes, from the parsed options."""
    from policygen.request import BuildOptions

    return BuildOptions(
        language=args.lang, formats=args.format, edition=args.edition,
        reference_doc=args.reference_doc, library_root=args.library, force=args.force,
        compact=args.compact, page_numbers=args.page_numbers,
        redline_against=args.redline_against, with_advice=args.with_advice,
        overlay=args.clauses,
        **({"documents": args.documents} if args.documents else {}),
    )


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    end = "\n" if done == total else ""
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end=end,
          file=sys.stderr, flush=True)


def build_and_report(paths: list[Path], out: Path | None, options: BuildOptions) -> int:
    """Build, print what was written (a summary for a batch), failures on stderr; the exit."""
    from policygen.output.build import build_all

    start = time.perf_counter()
    batch = len(paths) > LIST_EACH_UP_TO
    progress = _progress_bar if batch and sys.stderr.isatty() else None
    report = build_all(paths, out, options, progress=progress)
    summary = None
    if batch:
        total = len(report.results) + len(report.failures)
        summary = (f"built {len(report.results)} of {total} organisations in "
                   f"{time.perf_counter() - start:.1f} s"
                   + (f"; {len(report.failures)} failed (listed on stderr)"
                      if report.failures else ""))
    return print_report(report, summary)


def print_report(report: BuildReport, summary: str | None = None) -> int:
    """Print what a build wrote (or the one-line summary), its failures on stderr; the exit."""
    for line in report.warnings:
        print(f"policygen: warning: {line}", file=sys.stderr)
    for line in [summary] if summary is not None else report.lines():
        print(line)
    for line in report.failure_lines():
        print(line, file=sys.stderr)
    return 0 if report.ok else 1
