"""The summary line's review beside the build: always what summary_lines says, whatever the child does."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from policygen.review import beside
from policygen.review.summary import summary_lines

from .conftest import NORTHWIND, PEEZE

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _started(paths: list[Path]) -> beside.SummaryBeside:
    job = beside.SummaryBeside(paths)
    job._start()  # the test process may have threads: fork regardless
    assert job.pid is not None
    return job


def test_the_child_gives_the_summary_lines() -> None:
    with _started([PEEZE, NORTHWIND]) as job:
        assert job.lines() == summary_lines([PEEZE, NORTHWIND])
        assert job.pid is None  # reaped


def test_a_bad_answers_file_gives_no_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisation: [\n")
    with _started([bad, PEEZE]) as job:
        assert job.lines() == summary_lines([PEEZE])


@pytest.mark.parametrize("child", ["garbage", "fails", "not a list"])
def test_whatever_the_child_hands_over_the_lines_are_right(
        monkeypatch: pytest.MonkeyPatch, child: str) -> None:
    def bad_child(_paths: list[Path], writer: int) -> None:
        if child == "garbage":
            os.write(writer, b"\xff{not json")
        elif child == "not a list":
            os.write(writer, b'{"a": 1}')
        os._exit(0 if child != "fails" else 1)

    monkeypatch.setattr(beside, "_review_and_exit", bad_child)
    with _started([PEEZE]) as job:
        assert job.lines() == summary_lines([PEEZE])


def test_a_child_that_hangs_is_stopped_and_the_review_done_here(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def hanging_child(_paths: list[Path], _writer: int) -> None:
        time.sleep(60)
        os._exit(0)

    monkeypatch.setattr(beside, "_review_and_exit", hanging_child)
    monkeypatch.setattr(beside, "WAIT_SECONDS", 0.5)
    with _started([PEEZE]) as job:
        pid = job.pid
        assert job.lines() == summary_lines([PEEZE])
    assert pid is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # killed and reaped


def test_an_error_in_the_build_stops_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow_child(_paths: list[Path], _writer: int) -> None:
        time.sleep(60)
        os._exit(0)

    monkeypatch.setattr(beside, "_review_and_exit", slow_child)
    with pytest.raises(RuntimeError), _started([PEEZE]) as job:
        pid = job.pid
        raise RuntimeError("the build failed")
    assert pid is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_no_files_no_child_and_no_lines() -> None:
    with beside.SummaryBeside([]) as job:
        assert job.pid is None
        assert job.lines() == []
