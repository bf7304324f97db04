"""The DOCX helper process: the same bytes as rendering in-process, and a safe fallback."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from policygen import assembly, build, docx_helper, library
from policygen.build import BuildOptions
from policygen.docinfo import DocumentInfo
from policygen.errors import PolicygenError

from .conftest import NORTHWIND, files_in

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or
                                len(os.sched_getaffinity(0)) < 2,
                                reason="the helper runs on Linux with two cores or more")


def _render(helper: docx_helper.DocxHelper | None) -> dict[str, bytes]:
    lib = library.load()
    answers = build.load_answers(NORTHWIND, BuildOptions())
    documents = assembly.assemble(answers, lib)
    files, _ = build.render_files(documents, answers, lib, BuildOptions(), helper)
    return files


def test_the_helper_renders_the_same_bytes() -> None:
    helper = docx_helper.start()
    assert helper is not None
    try:
        assert _render(helper) == _render(None)
    finally:
        helper.close()


def test_a_dead_helper_falls_back_to_rendering_here() -> None:
    helper = docx_helper.start()
    assert helper is not None
    os.kill(helper.pid, signal.SIGKILL)
    os.waitpid(helper.pid, 0)
    helper.pid = os.getpid()  # already reaped; close() must not wait for it again
    try:
        assert _render(helper) == _render(None)
    finally:
        helper.close()


def test_a_renderer_error_reaches_the_caller(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    info = DocumentInfo(title="T", subject="", author="A", keywords="", version="1",
                        language="en", date=dt.date(2026, 12, 1))
    helper = docx_helper.start()
    assert helper is not None
    try:
        ticket = helper.submit("# T\n", info, bad)
        with pytest.raises(PolicygenError, match=r"bad\.docx: not a usable Word document"):
            helper.result(ticket)
        assert helper.result(helper.submit("# T\n", info, None)).startswith(b"PK")
    finally:
        helper.close()


def test_build_with_and_without_the_helper_writes_the_same_files(tmp_path: Path) -> None:
    outputs = []
    for name, extra in (("with", {}), ("without", {"POLICYGEN_NO_HELPER": "1"})):
        out = tmp_path / name
        done = subprocess.run([sys.executable, "-m", "policygen", "build", str(NORTHWIND),
                               "--out", str(out)], env={**os.environ, **extra},
                              capture_output=True, text=True, check=False, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append(files_in(out))
    assert outputs[0] == outputs[1]
