"""The `policygen` command: parse arguments, call one core function, turn errors into messages.

One module per sub-command (``policygen/cli/<command>.py``): it declares its arguments, builds
the request the core takes, calls one core function and prints what comes back. Nothing here
knows about clauses or documents. Every :class:`PolicygenError` becomes one line per problem on
stderr and its exit code; Ctrl-C becomes "stopped by user" and exit code 130.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from policygen import __version__
from policygen.errors import InternalError, PolicygenError

# The sub-commands, in the order `policygen --help` lists them; each is policygen.cli.<module>.
COMMANDS: dict[str, str] = {
    "init": "init",
    "build": "build",
    "demo": "demo",
    "check": "check",
    "clauses": "clauses",
    "changes": "changes",
    "schema": "schema",
    "review": "review",
}


def _command(name: str) -> ModuleType:
    return importlib.import_module(f"policygen.cli.{COMMANDS[name]}")


def _parser(argv: Sequence[str]) -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    """The parser for ``argv``, with the modules of the commands it may run.

    Every command's module where the list of commands may be shown; else only the chosen
    command's (a build does not import the others).
    """
    parser = argparse.ArgumentParser(
        prog="policygen",
        description="Social media protocols and training handouts from a versioned clause "
                    "library.",
    )
    parser.add_argument("--version", action="version", version=f"policygen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = next((word for word in argv if not word.startswith("-")), None)
    modules = {}
    for name in COMMANDS:
        if chosen in COMMANDS and name != chosen:
            commands.add_parser(name)  # its arguments and help are not asked for
            continue
        module = modules[name] = _command(name)
        module.add_arguments(commands.add_parser(name, help=module.HELP))
    return parser, modules


def _format_warning(message: Warning | str, category: type[Warning], filename: str,
                    lineno: int, line: str | None = None) -> str:
    """A warning policygen gives (a cache it cannot write) as one line, like its errors."""
    return f"policygen: warning: {message}\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser, modules = _parser(words)
    args = parser.parse_args(words)
    formatted, warnings.formatwarning = warnings.formatwarning, _format_warning
    try:
        code: int = modules[args.command].run(args)
        return code
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


def run() -> NoReturn:
    """The ``policygen`` command and ``python -m policygen``: :func:`main`, then exit at once.

    Python's own exit frees every object a run made, which took a build about 15 ms; like
    mypy's ``--fast-exit``, the process leaves once its output is flushed. Nothing policygen
    runs needs more at exit (its worker processes and threads have finished by then). Under a
    profiler, a coverage tracer or a debugger the exit is Python's own, so they can finish.
    """
    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        raise SystemExit(code)
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # `policygen clauses | head`: the reader has gone
        code = code or 1
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    os._exit(code)
