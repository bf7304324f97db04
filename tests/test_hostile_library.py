"""A hostile clause library (issue 10): whatever library code does, `build` and `check` end in
one located message per problem, a non-zero exit, no traceback and nothing written.

Each test copies the shipped library into tmp_path, breaks one thing, and runs the real
command line (in this process, or as a subprocess where a regression would hang).
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from policygen.clauselib.library import environment
from policygen.cli import main
from policygen.language import codecache
from policygen.language import environment as templating
from policygen.lint import check as check_module

from .conftest import NORTHWIND, PEEZE, ROOT
from .helpers import clause_text


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    """A copy of the shipped library."""
    root = tmp_path / "lib"
    shutil.copytree(ROOT / "clauses", root / "clauses")
    shutil.copytree(ROOT / "templates", root / "templates")
    return root


def add_clause(lib: Path, *, nl: str = "Tekst.", en: str = "Text.", when: str | None = None,
               extra: str = "", name: str = "hostile") -> Path:
    path = lib / "clauses" / "introduction" / f"{name}.md"
    path.write_text(clause_text(f"introduction.{name}", nl=nl, en=en, when=when, extra=extra,
                                order=999), encoding="utf-8")
    return path


def build(lib: Path, capsys: pytest.CaptureFixture[str], answers: Path = PEEZE) -> str:
    """Build with the library; assert it failed without a traceback or output; its stderr."""
    out = lib.parent / "out"
    code = main(["build", str(answers), "--library", str(lib), "--out", str(out),
                 "--format", "md"])
    err = capsys.readouterr().err
    assert code != 0, err
    assert "Traceback" not in err
    assert not out.exists()
    return err


def check(lib: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Check the library; assert it failed without a traceback; its stderr."""
    code = main(["check", "--library", str(lib)])
    err = capsys.readouterr().err
    assert code != 0, err
    assert "Traceback" not in err
    return err


def lines_about(err: str, path: Path) -> list[str]:
    return [line for line in err.splitlines() if str(path) in line]


# 1. Errors in library code become located problems


@pytest.mark.parametrize(("body", "message"), [
    ("{{ ''.__class__ }}", "access to attribute '__class__' of 'str' object is unsafe"),
    ("{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}", "(RecursionError)"),
    ("{{ range(10**9) | length }}", "(OverflowError)"),
    ("{{ 1 / 0 }}", "division by zero (ZeroDivisionError)"),
    ("{{ 1 + organisation.name }}", "(TypeError)"),
    ("{{ organisation.name(1) }}", "(TypeError)"),
    ("{{ 10 ** (10 ** 10) }}", "computes a number of more than"),
])
def test_a_clause_that_raises_is_located(lib: Path, capsys: pytest.CaptureFixture[str],
                                         body: str, message: str) -> None:
    path = add_clause(lib, nl=f"Regel een.\n{body}", en=f"Line one.\n{body}")
    err = build(lib, capsys)
    assert f"{path}:11: nl body: " in err and message in err, err
    err = build(lib, capsys, NORTHWIND)
    assert f"{path}:14: en body: " in err and message in err, err
    err = check(lib, capsys)
    found = lines_about(err, path)
    assert any(f"{path}:11: nl body: " in line and message in line for line in found), err
    assert any(f"{path}:14: en body: " in line and message in line for line in found), err


def test_a_body_nested_too_deeply_to_compile(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deep = "{% if true %}" * 2000 + "x" + "{% endif %}" * 2000
    path = add_clause(lib, en=deep)
    err = build(lib, capsys, NORTHWIND)
    assert f"{path}:12: en body: cannot be compiled: nested too deeply" in err, err
    assert f"{path}:12: en body: cannot be compiled" in check(lib, capsys)


def test_a_condition_that_raises_is_located(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = add_clause(lib, when="organisation.name.__class__.__mro__ or 1 // 0")
    assert f"{path}:8: when: " in build(lib, capsys)
    assert f"{path}:8: when: " in check(lib, capsys)


@pytest.mark.parametrize(("document", "text", "message"), [
    ("protocol", "{{ ''.__class__ }}", "access to attribute '__class__'"),
    ("handout", "{{ 1 / 0 }}", "division by zero (ZeroDivisionError)"),
    ("handout", "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "(RecursionError)"),
])
def test_a_document_template_that_raises_is_located(
        lib: Path, capsys: pytest.CaptureFixture[str], document: str, text: str,
        message: str) -> None:
    path = lib / "templates" / f"{document}.md.j2"
    source = path.read_text(encoding="utf-8")
    line = source.count("\n") + 1
    path.write_text(source + text + "\n", encoding="utf-8")
    err = build(lib, capsys)
    assert f"{path}:{line}: " in err and message in err, err
    assert f"{path}:{line}: " in check(lib, capsys)


def test_a_document_template_nested_too_deeply(lib: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = lib / "templates" / "handout.md.j2"
    path.write_text("{% if true %}" * 2000 + "x" + "{% endif %}" * 2000, encoding="utf-8")
    assert f"{path}: cannot be compiled: nested too deeply" in build(lib, capsys)


def test_an_unexpected_error_in_a_check_worker_is_a_problem(
        lib: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    checked = check_module._check_language

    def broken(library: object, language: str) -> object:
        if language == "en":
            raise RuntimeError("the worker broke")
        return checked(library, language)  # type: ignore[arg-type]

    monkeypatch.setattr(check_module, "_check_language", broken)
    err = check(lib, capsys)
    assert f"{lib}: the check of the en texts failed: the worker broke (RuntimeError)" in err


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_check_worker_that_dies_is_a_problem(lib: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    checked = check_module._check_language

    def dies(library: object, language: str) -> object:
        if language == "en":  # only ever in the forked worker
            os._exit(3)
        return checked(library, language)  # type: ignore[arg-type]

    monkeypatch.setattr(check_module, "_check_language", dies)
    with pytest.raises(check_module.ProblemsError) as caught:
        check_module.check_library(lib, jobs=2)
    assert f"{lib}: the check of the en texts stopped without a result (exit code 3)" in \
        caught.value.lines()


# `python -c _HELD_CHECK READY HOLD LIBRARY`: the real `policygen check`, except that the test
# clause's render first says where it is (its language and process id, on the READY pipe) and
# then waits on the HOLD pipe, which the test never writes. The check is then provably mid-work
# in both its processes (the parent renders nl, its forked worker en) until the test acts.
_HELD_CHECK = """
import os, runpy, signal, sys
from policygen.clauselib.clause import Clause
from policygen.lint import check

ready, hold, library = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rendered = Clause.render

def render(self, env, language, context):
    if self.id == "introduction.hostile":
        try:  # from the moment the test can know it, a Ctrl-C comes in here
            os.write(ready, f"rendering {language} {os.getpid()}\\n".encode())
            os.read(hold, 1)
        except KeyboardInterrupt:
            os.write(ready, f"interrupted {language} {os.getpid()}\\n".encode())
            raise
    return rendered(self, env, language, context)

Clause.render = render
check._cores = lambda: 2  # the check forks its worker on any machine
signal.signal(signal.SIGINT, signal.default_int_handler)  # as a terminal's Python has it
sys.argv = ["policygen", "check", "--library", library]
runpy.run_module("policygen", run_name="__main__")
"""


def _read(fd: int, seconds: float, until: str | None = None) -> tuple[str, bool]:
    """What the pipe ``fd`` says until it says ``until`` twice (or closes, or time is up);
    whether it closed."""
    text, deadline = "", time.monotonic() + seconds
    while until is None or text.count(until) < 2:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            return text, False
        chunk = os.read(fd, 4096).decode()
        if not chunk:
            return text, True
        text += chunk
    return text, False


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (check forks its worker)")
def test_ctrl_c_during_check_prints_no_worker_traceback(lib: Path, tmp_path: Path) -> None:
    add_clause(lib)
    # the test clause is in no version lock: without the lock, only the renders decide when
    # the check ends; and a cache of its own, so no earlier check's verdict stands in for them
    (lib / "clauses" / "versions.lock").unlink()
    env = {**os.environ, "POLICYGEN_CACHE_DIR": str(tmp_path / "cache")}
    ready_out, ready_in = os.pipe()
    hold_out, hold_in = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-c", _HELD_CHECK, str(ready_in), str(hold_out), str(lib)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        pass_fds=(ready_in, hold_out), start_new_session=True)
    os.close(ready_in)  # from now on the pipe closes when no process of the check is left
    os.close(hold_out)
    try:
        started, _ = _read(ready_out, 120, until="rendering")
        where = dict(line.split()[1:] for line in started.splitlines())
        assert where.keys() == {"nl", "en"}, (started, process.poll())
        assert where["nl"] == str(process.pid) != where["en"]  # en: in the forked worker
        os.killpg(process.pid, signal.SIGINT)  # what a terminal does on Ctrl-C
        _, err = process.communicate(timeout=60)
        after, closed = _read(ready_out, 30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
        os.close(hold_in)
        os.close(ready_out)
    assert "Traceback" not in err, err
    assert process.returncode == 130, err
    assert "policygen: stopped by user" in err
    # Ctrl-C is the parent's: it stopped the parent's render; the worker ignored it and was
    # ended by the parent (the pipe closed: no process of the check holds it any more)
    assert after == f"interrupted nl {process.pid}\n", after
    assert closed, "a process of the check is still running"
    with pytest.raises(ProcessLookupError):
        os.kill(int(where["en"]), 0)


# 2. What a render may cost


@pytest.mark.parametrize(("when", "body", "message"), [
    ("(organisation.name ~ 'x') * 10**9", None, "when: builds a repeated text or list"),
    (None, "{{ 'x' * 10**7 }}", "nl body: builds a repeated text or list of 10,000,000"),
    (None, "{% set ns = namespace(s='x') %}{% for i in range(64) %}"
           "{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "nl body: builds a text or list of"),
    (None, "{% for i in range(100000) %}" + "x" * 60 + "{% endfor %}",
     "nl body: builds a text of 6,000,000"),
    (None, "{{ 'x' | center(10**9) }}", "nl body: asks for a width or count of 1,000,000,000"),
    (None, "{{ ('x' * 1000) | replace('x', 'y' * 10000) }}", "nl body: builds a text or list"),
    (None, "{{ range(100000) | join('x' * 1000) }}", "nl body: builds a text or list"),
    (None, "{{ '%999999999s' % 'a' }}", "nl body: asks for a width of 999,999,999"),
    (None, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "nl body: takes more than 1,000,000 steps"),
])
def test_a_render_that_would_cost_too_much_is_refused(
        lib: Path, capsys: pytest.CaptureFixture[str], when: str | None, body: str | None,
        message: str) -> None:
    path = add_clause(lib, when=when, nl=body or "Tekst.")
    started = time.monotonic()
    err = build(lib, capsys)
    assert str(path) in err and message in err, err
    assert time.monotonic() - started < 30
    assert message in check(lib, capsys)


def test_a_render_past_its_time_is_refused(lib: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(templating, "MAX_STEPS", 10**12)
    monkeypatch.setattr(templating, "RENDER_SECONDS", 0.2)
    endless = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    path = add_clause(lib, en=endless)
    assert f"{path}:12: en body: takes more than 0.2 s to render" in build(lib, capsys, NORTHWIND)


def test_the_limits_cost_little() -> None:
    """What the shipped library does stays far inside the limits (and renders the same)."""
    env = environment()
    template = env.from_string("{% for i in range(3) %}{{ i }}{% endfor %} {{ 'ab' * 2 }} "
                               "{{ ([1] + [2]) | join('') }} {{ 'a-b' | replace('-', '+') }} "
                               "{{ ['a', 'b'] | join(', ') }} {{ '%s!' % 'x' }} {{ 2 ** 8 }}")
    assert templating.render(template, {}) == "012 abab 12 a+b a, b x! 256"


# 3. A condition is one expression


@pytest.mark.parametrize("when", ["1) %}{{ 7*7 }}{% set y = (1", "true }}{{ 7*7",
                                  "true {# comment"])
def test_a_condition_cannot_break_out_of_its_expression(
        lib: Path, capsys: pytest.CaptureFixture[str], when: str) -> None:
    path = add_clause(lib, when=when)
    assert f"{path}:8: when: not a valid condition" in build(lib, capsys)
    assert f"{path}:8: when: not a valid condition" in check(lib, capsys)


# 4. Values PyYAML parses but cannot construct


@pytest.mark.parametrize(("change", "message"), [
    (("order: 999", "order: 999\nreviewed: 2026-02-30"),
     ":8: not a valid date: '2026-02-30' (day is out of range for month)"),
    (("order: 999", "order: " + "1" * 5000), ":7: not a valid whole number"),
    (("order: 999", "order: !!bool maybe"), ":7: not a valid true/false value"),
])
def test_an_impossible_value_in_front_matter_is_located(
        lib: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str],
        message: str) -> None:
    path = add_clause(lib)
    path.write_text(path.read_text(encoding="utf-8").replace(*change), encoding="utf-8")
    assert f"{path}{message}" in build(lib, capsys)
    assert f"{path}{message}" in check(lib, capsys)


def test_an_impossible_date_in_the_answers_is_located(
        lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(PEEZE.read_text(encoding="utf-8").replace(
        "effective_date: 2026-12-01", "effective_date: 2026-02-30"), encoding="utf-8")
    assert f"{answers}:" in build(lib, capsys, answers)


# 5. Library furniture and files that are not text


@pytest.mark.parametrize("missing", ["furniture", "document"])
def test_labels_the_code_needs_are_required(lib: Path, capsys: pytest.CaptureFixture[str],
                                            missing: str) -> None:
    path = lib / "templates" / "labels.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n{missing}:")
    end = text.find("\n", text.find("\n", start + 1) + 1)
    kept = text[:start] + "\n" + "\n".join(
        line for line in text[start + 1:].splitlines() if not line.startswith("  "))
    path.write_text(kept.replace(f"\n{missing}:\n", "\n"), encoding="utf-8")
    assert end > start
    err = build(lib, capsys)
    expected = "page" if missing == "furniture" else "handout"
    assert f"{path}: {missing}.{expected}: required" in err, err
    assert f"{path}: {missing}.{expected}: required" in check(lib, capsys)


def test_a_template_that_is_not_utf8(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = lib / "templates" / "handout.md.j2"
    path.write_bytes(b"# Hand-out\nCaf\xe9\n")
    assert f"{path}:2: not UTF-8 text" in build(lib, capsys)


def test_a_clause_that_is_not_utf8(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = add_clause(lib)
    path.write_bytes(path.read_bytes().replace(b"Tekst.", b"Caf\xe9."))
    assert f"{path}:10: not UTF-8 text" in build(lib, capsys)
    assert f"{path}:10: not UTF-8 text" in check(lib, capsys)


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
                    reason="needs FIFOs and /dev/zero")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_clause_file_that_never_ends_does_not_hang(lib: Path, tmp_path: Path, kind: str,
                                                      command: str) -> None:
    path = lib / "clauses" / "introduction" / "endless.md"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    out = tmp_path / "out"
    args = ["build", str(PEEZE), "--out", str(out)] if command == "build" else ["check"]
    done = subprocess.run([sys.executable, "-m", "policygen", *args, "--library", str(lib)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0
    assert f"{path}: is not a regular file" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


# 6. The compiled-code cache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLICYGEN_CACHE_DIR", str(folder))
    codecache._MEMORY.clear()
    return folder


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the compiles of the environment from here on."""
    env = environment()
    counted: list[str] = []
    compile_ = env.compile

    def counting(source: object, *args: object, **kwargs: object) -> object:
        counted.append(str(source))
        return compile_(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(env, "compile", counting)
    return counted


def test_the_cache_is_keyed_on_policygen_and_the_environment(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = environment()
    source = "Hallo {{ name }}, cache key test"
    codecache.template(env, source)
    codecache._MEMORY.clear()
    compiles = _compiles(monkeypatch)
    codecache.template(env, source)
    assert compiles == []  # from disk
    codecache._MEMORY.clear()
    monkeypatch.setattr(codecache, "__version__", "99.0.0")
    monkeypatch.setattr(codecache, "_SALTS", {})
    codecache.template(env, source)
    assert len(compiles) == 1  # another policygen: compiled again
    other = templating.make_environment()
    other.trim_blocks = False
    assert codecache._salt(other) != codecache._salt(env)


@pytest.mark.parametrize("damage", ["flip", "truncate", "huge", "fifo"])
def test_a_corrupt_or_oversized_entry_is_compiled_again(
        cache: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    env = environment()
    source = f"{{{{ 6 * 7 }}}} damaged entry test {damage}"
    codecache.template(env, source)
    [entry] = [p for p in cache.rglob("*") if p.is_file()]
    data = entry.read_bytes()
    if damage == "flip":
        entry.write_bytes(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
    elif damage == "truncate":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "huge":
        monkeypatch.setattr(codecache, "MAX_ENTRY_BYTES", len(data) - 1)
    else:
        entry.unlink()
        os.mkfifo(entry)
    codecache._MEMORY.clear()
    compiles = _compiles(monkeypatch)
    assert templating.render(codecache.template(env, source), {}) == \
        f"42 damaged entry test {damage}"
    assert len(compiles) == 1


def test_an_unwritable_cache_is_said_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("POLICYGEN_CACHE_DIR", str(blocked))
    monkeypatch.setattr(codecache, "_UNWRITABLE", set())
    codecache._MEMORY.clear()
    out = tmp_path / "out"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = main(["build", str(PEEZE), "--out", str(out), "--format", "md"])
    assert code == 0, capsys.readouterr().err
    said = [w for w in caught if issubclass(w.category, codecache.CacheWarning)]
    assert len(said) == 1
    assert f"cannot write the compiled-code cache in {blocked}" in str(said[0].message)
    assert (out / "protocol.md").is_file()
