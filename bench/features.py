"""Benchmarks of the commands and documents beyond a plain build (issues 13, 14 and 15).

Every figure is a new process, medians of interleaved runs, against a plain build measured
in the same loop, so that the ratios hold on a busy machine too.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
from collections.abc import Callable
from pathlib import Path

Row = tuple[str, str, str]


def _verdict(value: float, target: float, unit: str) -> str:
    return "met" if value <= target else f"not met (target ≤ {target:g}{unit})"


def _median_of(commands: dict[str, list[str]], runs: int,
               timed: Callable[..., float], before: Callable[[], None] | None = None,
               **kwargs: object) -> dict[str, float]:
    """Median seconds of each command, the commands interleaved run by run."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            if before:
                before()
            times[name].append(timed(command, **kwargs))
    return {name: statistics.median(values) for name, values in times.items()}


def documents_and_redline(py: str, example: Path, work: Path, runs: int,
                          timed: Callable[..., float]) -> list[Row]:
    """`--documents all` and `--redline-against` against a plain build of the same answers."""
    old = work / "redline-old"
    shutil.rmtree(old, ignore_errors=True)
    subprocess.run([py, "-m", "policygen", "build", str(example), "--out", str(old)],
                   check=True, capture_output=True)
    build = [py, "-m", "policygen", "build", str(example), "--force"]
    commands = {
        "plain": [*build, "--out", str(work / "plain")],
        "all": [*build, "--out", str(work / "all"), "--documents", "all"],
        "redline": [*build, "--out", str(work / "redline"), "--redline-against", str(old)],
    }
    got = _median_of(commands, runs, timed)
    plain = got["plain"]
    return [
        ("plain build (the same runs)", f"{plain * 1000:.0f} ms", ""),
        ("`--documents all` / plain build", f"{got['all'] / plain:.2f}×",
         _verdict(got["all"] / plain, 2.5, "×")),
        ("`--redline-against` / plain build", f"{got['redline'] / plain:.2f}×",
         _verdict(got["redline"] / plain, 2.0, "×")),
    ]


def review(py: str, example: Path, runs: int, timed: Callable[..., float]) -> list[Row]:
    """`policygen review` of one answers file, as a new process."""
    got = _median_of({"review": [py, "-m", "policygen", "review", str(example)]}, runs, timed)
    ms = got["review"] * 1000
    return [("`review` of one answers file", f"{ms:.0f} ms", _verdict(ms, 150, " ms"))]


def _release_before(root: Path) -> str | None:
    """The newest commit whose library.yaml holds an older release than now, or None."""
    done = subprocess.run(["git", "-C", str(root), "log", "--format=%H", "--",
                           "clauses/library.yaml"], capture_output=True, text=True, check=False)
    commits = done.stdout.split()
    return f"{commits[1]}" if done.returncode == 0 and len(commits) > 1 else None


def history(py: str, root: Path, example: Path, runs: int,
            timed: Callable[..., float]) -> list[Row]:
    """`check --since` and `changes` against the previous library release in this checkout."""
    ref = _release_before(root)
    if ref is None:
        return [("`check --since` / `changes`", "skipped", "no git history of the library")]
    got = _median_of({
        "since": [py, "-m", "policygen", "check", "--since", ref],
        "changes": [py, "-m", "policygen", "changes", str(example), "--since", ref],
    }, runs, timed, cwd=root)
    return [
        ("`check --since` the previous release, shipped library", f"{got['since']:.2f} s",
         _verdict(got["since"], 1.5, " s")),
        ("`changes` for one organisation since the previous release",
         f"{got['changes']:.2f} s", _verdict(got["changes"], 1.0, " s")),
    ]
