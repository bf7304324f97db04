"""What `build` and `init` say about the review: one line per answers file, and the strict gate.

A build never stops for a finding unless ``build --strict`` asks it to; an answers file that
does not load is left to the build, which reports its problems as usual.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from policygen.errors import PolicygenError
from policygen.review.findings import Finding
from policygen.review.plan import Plan
from policygen.review.report import as_text, count_phrase
from policygen.review.run import review_file


def _reviewed(path: Path) -> tuple[Plan, list[Finding]] | None:
    try:
        return review_file(path)
    except PolicygenError:
        return None  # the build reports a bad file itself


def summary_lines(paths: Sequence[Path]) -> list[str]:
    """``2 warnings, 3 tips: policygen review answers.yaml`` for each file with findings."""
    lines = []
    for path in paths:
        reviewed = _reviewed(path)
        if reviewed and reviewed[1]:
            lines.append(f"{count_phrase(reviewed[1])}: policygen review {path}")
    return lines


def strict_report(paths: Sequence[Path]) -> list[str]:
    """The review text of every file with an error or a warning (``build --strict``); or none."""
    out = []
    for path in paths:
        reviewed = _reviewed(path)
        if reviewed is None:
            continue
        plan, findings = reviewed
        serious = [f for f in findings if f.severity in ("error", "warning")]
        if serious:
            out.append(as_text(plan, serious, plan.language).rstrip("\n"))
    return out
