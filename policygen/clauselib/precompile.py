"""Compile the shipped clause library once, when policygen is installed (like Python's .pyc).

``python -m policygen.clauselib.precompile`` writes the compiled code of every clause body,
condition and
document template of the shipped library, and its parsed YAML, into ``policygen/precompiled/``
(:data:`policygen.language.codecache.SHIPPED`), keyed like the user's cache: on the source,
policygen's
and Jinja's versions, the Python bytecode version and the environment's options. A user's
first build then compiles nothing it takes from that library; a library of one's own
(``--library``) is compiled on first use and kept in the user's cache as before. The wheel
build runs it (``hatch_build.py``), and so does ``make`` for a source checkout.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from policygen.language import codecache


def precompile(target: Path = codecache.SHIPPED, root: Path | None = None) -> int:
    """Compile the library at ``root`` (default: the shipped one) into ``target``; the count."""
    saved = {name: os.environ.get(name) for name in ("POLICYGEN_CACHE_DIR",
                                                     "POLICYGEN_PRECOMPILED")}
    _clear(target)
    os.environ["POLICYGEN_CACHE_DIR"] = str(target)
    os.environ["POLICYGEN_PRECOMPILED"] = ""  # nothing from another installation: all here
    try:
        from policygen.clauselib import clause as clause_module
        from policygen.clauselib import library as library_module

        # reading the library parses every YAML file and compiles every condition
        library = library_module.load(root)
        count = 0
        env = library.env
        for item in library.clauses:
            for language, body in item.bodies.items():
                item.template(env, language)
                codecache.values_read(env, body)  # what `check` reads of each body
                count += 1
            if item.when:
                codecache.values_read(env, codecache.expression_source(item.when))
        for source in library.template_sources.values():
            clause_module.compile_template(env, source)
            codecache.values_read(env, source)
            count += 1
        return count
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _clear(target: Path) -> None:
    """Remove what an earlier run wrote into ``target`` (entries of older sources pile up).

    Only a folder that holds nothing but cache entries (two-letter hex folders, ``.stamp``)
    is emptied; anything else in it is left alone.
    """
    if not target.is_dir():
        return
    children = list(target.iterdir())
    if all((child.is_dir() and not child.is_symlink() and len(child.name) == 2
            and all(c in "0123456789abcdef" for c in child.name)) or child.name == ".stamp"
           for child in children):
        for child in children:
            if child.is_dir():
                shutil.rmtree(child)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m policygen.clauselib.precompile [--out DIR] [--library DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m policygen.clauselib.precompile",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=codecache.SHIPPED, metavar="DIR")
    parser.add_argument("--library", type=Path, metavar="DIR")
    args = parser.parse_args(argv)
    from policygen.errors import PolicygenError

    try:
        count = precompile(args.out, args.library)
    except PolicygenError as exc:
        for line in exc.lines():
            print(f"policygen.clauselib.precompile: {line}", file=sys.stderr)
        return 1
    print(f"compiled {count} templates into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
