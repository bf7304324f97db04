"""Golden Markdown for the example organisations: the exact documents users get.

After an intended change to clauses or templates, regenerate and review the diff:
    POLICYGEN_REGEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policygen.answers import schema as answers
from policygen.assembly import assemble as assembly
from policygen.clauselib.library import ClauseLibrary

from .conftest import EXAMPLES

GOLDEN = Path(__file__).parent / "golden"
CASES = [(path, edition) for path in sorted(EXAMPLES.glob("*.yaml"))
         for edition in ("participant", "trainer")]


@pytest.mark.parametrize(("path", "edition"), CASES,
                         ids=[f"{p.stem}-{e}" for p, e in CASES])
def test_example_matches_golden(library: ClauseLibrary, path: Path, edition: str) -> None:
    docs = assembly.assemble(answers.load(path), library, edition=edition)
    outputs = {"handout.md" if edition == "participant" else "handout-trainer.md":
               docs["handout"].markdown}
    if edition == "participant":
        outputs["protocol.md"] = docs["protocol"].markdown
    for name, text in outputs.items():
        golden = GOLDEN / path.stem / name
        if os.environ.get("POLICYGEN_REGEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, encoding="utf-8")
        assert golden.is_file(), f"{golden} missing: run with POLICYGEN_REGEN=1 and review"
        assert text == golden.read_text(encoding="utf-8"), (
            f"{golden} differs; if the change is intended, regenerate with POLICYGEN_REGEN=1")
