"""Write a tiny clause library from a dict, for tests of loading, checking and versioning."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

from .conftest import ROOT


def clause_text(clause_id: str, *, when: str | None = None, nl: str = "Tekst.",
                en: str = "Text.", version: str = "1.0.0", section: str = "introduction",
                documents: str = "[protocol]", order: int = 100, extra: str = "") -> str:
    """The text of a valid clause file, with the parts a test wants to vary."""
    lines = [
        "---", f"id: {clause_id}", f"version: {version}",
        f"title: {{nl: Titel {clause_id}, en: Title {clause_id}}}",
        f"documents: {documents}", f"section: {section}", f"order: {order}",
    ]
    if when is not None:
        lines.append(f"when: {when!r}")
    if extra:
        lines.append(extra)
    lines += ["---", "<!-- lang: nl -->", textwrap.dedent(nl).strip(),
              "<!-- lang: en -->", textwrap.dedent(en).strip(), ""]
    return "\n".join(lines)


def make_library(root: Path, clauses: dict[str, str]) -> Path:
    """A library at root: the shipped templates and library.yaml, and the given clause files
    (relative path → text)."""
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "clauses").mkdir(parents=True)
    (root / "clauses" / "library.yaml").write_text("name: test library\nversion: 1.0.0\n")
    for name, text in clauses.items():
        path = root / "clauses" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def git(folder: Path, *args: str) -> str:
    """Run git in folder (with a fixed identity); return its output."""
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-C", str(folder), *args],
        capture_output=True, text=True, check=True,
    )
    return done.stdout.strip()
