"""Record each clause's version and text hash in clauses/versions.lock.

The lock is how the library keeps its promise that a clause's version goes up whenever its
text changes: tests/test_versionlock.py and `policygen check` fail while any clause differs
from its locked entry.
After editing a clause, raise its `version`, add a line for it to clauses/CHANGELOG.md and
run `python scripts/lock_clauses.py`; the script refuses when either step is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from policygen.clauselib import library
from policygen.clauselib.lock import LOCK_NAME, problems_for_relock, render

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    """Write the lock, or print why not and return 1."""
    lib = library.load(ROOT)
    lock_path = ROOT / "clauses" / LOCK_NAME
    changelog = (ROOT / "clauses" / "CHANGELOG.md").read_text(encoding="utf-8")
    old = lock_path.read_text(encoding="utf-8") if lock_path.exists() else ""
    problems = problems_for_relock(lib.clauses, old, changelog)
    for problem in problems:
        print(f"clauses/{LOCK_NAME}: {problem}", file=sys.stderr)
    if problems:
        return 1
    lock_path.write_text(render(lib.clauses), encoding="utf-8")
    print(f"wrote clauses/{LOCK_NAME} ({len(lib.clauses)} clauses)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
