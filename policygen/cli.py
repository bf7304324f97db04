"""The `policygen` command: parse arguments, call one core function, turn errors into messages.

Nothing here knows about clauses or documents; each sub-command hands its arguments to the
core and prints what comes back. Every :class:`PolicygenError` becomes one line per problem on
stderr and exit code 1; Ctrl-C becomes "stopped by user" and exit code 130.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from policygen import __version__
from policygen.errors import InternalError, PolicygenError

if TYPE_CHECKING:
    from policygen.output.build import BuildOptions, BuildReport

FORMATS = ("md", "docx", "pdf")


def _formats(value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or value!r}; choose from {', '.join(FORMATS)}")
    return chosen


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policygen",
        description="Social media protocols and training handouts from a versioned clause "
                    "library.",
    )
    parser.add_argument("--version", action="version", version=f"policygen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    init = commands.add_parser("init", help="answer the questions; writes the answers file")
    init.add_argument("answers", nargs="?", type=Path, default=Path("answers.yaml"),
                      metavar="ANSWERS", help="answers file to write (default: answers.yaml)")
    init.add_argument("--defaults", action="store_true",
                      help="ask nothing: write every default plus the --set values")
    init.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                      help="with --defaults: an answer, e.g. organisation.name='Gemeente X' "
                           "or escalation.levels[0].contact=webcare@example.nl")
    init.add_argument("--force", action="store_true",
                      help="with --defaults: replace an existing answers file")

    build = commands.add_parser("build", help="render the protocol and handout")
    build.add_argument("answers", nargs="+", type=Path, metavar="ANSWERS",
                       help="answers file(s) (YAML, schema 1)")
    build.add_argument("--out", type=Path, metavar="DIR",
                       help="output folder (default: output/<organisation>/, or output/ "
                            "with several answers files)")
    _add_build_options(build)

    demo = commands.add_parser("demo", help="build the shipped example organisations")
    demo.add_argument("--out", type=Path, default=Path("output"), metavar="DIR",
                      help="output folder (default: output/)")
    _add_build_options(demo)

    check = commands.add_parser("check", help="lint a clause library")
    check.add_argument("--library", type=Path, metavar="DIR",
                       help="folder with clauses/ and templates/ (default: the shipped one)")

    clauses = commands.add_parser("clauses", help="list the clause library or show one clause")
    clauses.add_argument("id", nargs="?", help="a clause id to show")
    clauses.add_argument("--library", type=Path, metavar="DIR")
    clauses.add_argument("--lang", choices=("nl", "en"), default="nl")

    commands.add_parser("schema", help="print the JSON Schema of the answers file")
    return parser


def _add_build_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--lang", choices=("nl", "en"),
                         help="document language (overrides the answers file)")
    command.add_argument("--format", type=_formats, default=("md", "docx"), metavar="LIST",
                         help="comma-separated: md, docx, pdf (default: md,docx)")
    command.add_argument("--edition", choices=("participant", "trainer"), default="participant",
                         help="handout edition; trainer adds model answers and a session plan")
    command.add_argument("--reference-doc", type=Path, metavar="FILE",
                         help="house-style .docx whose styles, page setup, header and footer "
                              "are used")
    command.add_argument("--library", type=Path, metavar="DIR",
                         help="folder with clauses/ and templates/ (default: the shipped one)")
    command.add_argument("--force", action="store_true",
                         help="overwrite outputs even where they were edited by hand")
    command.add_argument("--page-numbers", action="store_true",
                         help="page numbers in the Word contents list (a layout pass through "
                              "LibreOffice; always done with --format pdf)")
    command.add_argument("--compact", action="store_true",
                         help="the compact protocol: every rule the organisation decided, "
                              "without the explanations")


def _build_options(args: argparse.Namespace) -> BuildOptions:
    from policygen.output.build import BuildOptions

    return BuildOptions(
        language=args.lang, formats=args.format, edition=args.edition,
        reference_doc=args.reference_doc, library_root=args.library, force=args.force,
        compact=args.compact, page_numbers=args.page_numbers,
    )


def _cmd_init(args: argparse.Namespace) -> int:
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
            return 0
    except KeyboardInterrupt:
        return 130
    from policygen.output.build import BuildOptions

    return _build([path], None, BuildOptions())


LIST_EACH_UP_TO = 10  # organisations; a larger batch gets a progress bar and a summary


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    end = "\n" if done == total else ""
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end=end,
          file=sys.stderr, flush=True)


def _cmd_build(args: argparse.Namespace) -> int:
    return _build(args.answers, args.out, _build_options(args))


def _build(paths: list[Path], out: Path | None, options: BuildOptions) -> int:
    import time

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
    return _report(report, summary)


def _cmd_demo(args: argparse.Namespace) -> int:
    from policygen.output.build import build_all, example_answers

    report = build_all(example_answers(), args.out, _build_options(args))
    return _report(report)


def _report(report: BuildReport, summary: str | None = None) -> int:
    """Print what a build wrote (or the one-line summary), its failures on stderr; the exit."""
    for line in report.warnings:
        print(f"policygen: warning: {line}", file=sys.stderr)
    for line in [summary] if summary is not None else report.lines():
        print(line)
    for line in report.failure_lines():
        print(line, file=sys.stderr)
    return 0 if report.ok else 1


def _cmd_check(args: argparse.Namespace) -> int:
    from policygen.lint.check import check_library

    library = check_library(args.library)
    print(f"{library.root}: {len(library.clauses)} clauses, no problems")
    return 0


def _cmd_clauses(args: argparse.Namespace) -> int:
    from policygen.clauselib.library import load

    library = load(args.library)
    if args.id:
        try:
            item = library.get(args.id)
        except KeyError:
            raise PolicygenError(f"no clause {args.id!r} in {library.root}") from None
        print(f"{item.id} {item.version} — {item.title[args.lang]}")
        print(f"documents: {', '.join(item.documents)}; section: {item.section}; "
              f"when: {item.when or 'always'}")
        print(f"file: {item.source}\n")
        print(item.bodies[args.lang].strip())
        return 0
    for item in library.clauses:
        print(f"{item.id:<34} {item.version:<8} {','.join(item.documents):<17} "
              f"{item.title[args.lang]}  [{item.when or 'always'}]")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from policygen.answers.schema import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": _cmd_init,
    "build": _cmd_build,
    "demo": _cmd_demo,
    "check": _cmd_check,
    "clauses": _cmd_clauses,
    "schema": _cmd_schema,
}


def _format_warning(message: Warning | str, category: type[Warning], filename: str,
                    lineno: int, line: str | None = None) -> str:
    """A warning policygen gives (a cache it cannot write) as one line, like its errors."""
    return f"policygen: warning: {message}\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    formatted, warnings.formatwarning = warnings.formatwarning, _format_warning
    try:
        return COMMANDS[args.command](args)
    except PolicygenError as exc:
        for line in exc.lines():
            print(f"policygen: {line}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("policygen: stopped by user", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `policygen clauses | head`: the reader has gone
        return 1
    except Exception as exc:  # a bug: say so in one line, keep the traceback for developers
        if os.environ.get("POLICYGEN_DEBUG"):
            raise
        for line in InternalError.of(None, exc).lines():
            print(f"policygen: {line} (POLICYGEN_DEBUG=1 shows the traceback)", file=sys.stderr)
        return 70
    finally:
        warnings.formatwarning = formatted
