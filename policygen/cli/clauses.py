"""`policygen clauses [--library DIR] [--lang nl|en] [ID]`: list the library, or show a clause."""

from __future__ import annotations

import argparse
from pathlib import Path

from policygen.errors import PolicygenError

HELP = "list the clause library or show one clause"


def add_arguments(command: argparse.ArgumentParser) -> None:
    """The clause id, library and language."""
    command.add_argument("id", nargs="?", help="a clause id to show")
    command.add_argument("--library", type=Path, metavar="DIR")
    command.add_argument("--lang", choices=("nl", "en"), default="nl")


def run(args: argparse.Namespace) -> int:
    """One line per clause, or one clause whole."""
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
