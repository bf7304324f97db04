"""`policygen clauses [--library DIR] [--clauses DIR] [--lang nl|en] [--since REF] [ID]`.

Lists the library, or shows one clause. With ``--clauses DIR`` the organisation's own clauses
are on top, as a build with them has it, each marked ``[own]`` (``[own, replaces
escalation.press@1.0.0]``, and the library's version where it moved on since). With ``--since
REF``: what changed in the library since that git ref (id, old → new version, kind), or for
one clause its changelog entries since then.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from policygen.cli.options import add_library_options
from policygen.errors import PolicygenError

if TYPE_CHECKING:
    from policygen.clauselib.clause import Clause
    from policygen.clauselib.library import ClauseLibrary

HELP = "list the clause library or show one clause"


def add_arguments(command: argparse.ArgumentParser) -> None:
    """The clause id, library and language."""
    command.add_argument("id", nargs="?", help="a clause id to show")
    add_library_options(command, "the organisation's own clauses on top of the library, as "
                        "in build; they are marked [own]")
    command.add_argument("--lang", choices=("nl", "en"), default="nl")
    command.add_argument("--since", metavar="REF",
                         help="list what changed since this git ref (v1.2.0, a commit)")


def run(args: argparse.Namespace) -> int:
    """One line per clause, or one clause whole."""
    from policygen.clauselib.library import load

    library = load(args.library, overlay=args.clauses)
    if args.since:
        return _since(library, args.since, args.id)
    if args.id:
        try:
            item = library.get(args.id)
        except KeyError:
            raise PolicygenError(f"no clause {args.id!r} in {library.root}") from None
        print(f"{item.id} {item.version} — {item.title[args.lang]}")
        print(f"documents: {', '.join(item.documents)}; section: {item.section}; "
              f"when: {item.when or 'always'}")
        if item.own:
            print(f"source: {_own_mark(library, item).strip()[1:-1]}")
        print(f"file: {item.source}\n")
        print(item.bodies[args.lang].strip())
        return 0
    for item in library.clauses:
        print(f"{item.id:<34} {item.version:<8} {','.join(item.documents):<17} "
              f"{item.title[args.lang]}  [{item.when or 'always'}]{_own_mark(library, item)}")
    return 0


def _own_mark(library: ClauseLibrary, item: Clause) -> str:
    """`` [own]``, `` [own, replaces a.b@1.0.0]`` (and the library's version where it moved on)."""
    if not item.own:
        return ""
    parts = ["own"]
    if item.replaces:
        parts.append(f"replaces {item.replaces}")
    if library.overlay is not None:
        parts += [f"the library is at {change.current}" for change in library.overlay.upstream
                  if change.clause_id == item.id]
    return f"  [{', '.join(parts)}]"


def _since(library: ClauseLibrary, ref: str, clause_id: str | None) -> int:
    """The clauses changed since ``ref`` (or one of them, with its changelog entries)."""
    from policygen.history.since import compare

    report = compare(library, ref)
    changes = [c for c in report.changes if clause_id in (None, c.clause_id, c.renamed_to)]
    if clause_id and not changes:
        print(f"{clause_id}: unchanged since {ref}")
        return 0
    if not clause_id:
        print(report.summary())
    for change in changes:
        print(change.line())
        if clause_id:
            for entry in change.entries:
                print(f"  CHANGELOG.md:{entry.line}: {entry.description}")
    return 0
