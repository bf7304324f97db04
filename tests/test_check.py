"""`policygen check`: what it keys its renders on, and that its two processes agree with one."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from policygen.clauselib import library
from policygen.errors import ProblemsError
from policygen.language import codecache
from policygen.lint.check import check_library

from .helpers import clause_text, make_library


def test_read_paths_of_a_citation_name_the_cited_clause() -> None:
    source = "{{ cite('roles.spokespeople') }} {% if article('escalation.ladder') %}x{% endif %}"
    assert codecache.values_read(library.environment(), source) == frozenset(
        {"cite(roles.spokespeople)", "article(escalation.ladder)"})
    computed = "{% for c in ['a.b'] %}{{ cite(c) }}{% endfor %}"
    assert codecache.values_read(library.environment(), computed) == frozenset({"cite"})


def _broken_when_cited(tmp_path: Path) -> Path:
    # the body only fails when the cited clause is in the protocol (government profiles)
    body = "{% if article('roles.gov') %}{{ escalation.press_contact }}{% endif %} Tekst."
    return make_library(tmp_path / "lib", {
        "roles/gov.md": clause_text("roles.gov", when="organisation.sector == 'government'"),
        "roles/cites.md": clause_text("roles.cites", nl=body, en=body, order=200),
    })


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_problem_that_depends_on_a_cited_clause_is_found(tmp_path: Path, jobs: int) -> None:
    root = _broken_when_cited(tmp_path)
    with pytest.raises(ProblemsError) as caught:
        check_library(root, jobs=jobs)
    messages = [f"{Path(p.file).name}: {p.message}" for p in caught.value.problems]
    assert any(m.startswith("cites.md: nl body: prints an empty value") and "government" in m
               for m in messages), messages
    assert any(m.startswith("cites.md: en body: prints an empty value") for m in messages)


def test_one_process_and_two_report_the_same(tmp_path: Path) -> None:
    root = make_library(tmp_path / "lib", {
        "roles/a.md": clause_text("roles.a", nl="{{ escalation.press_contact }}"),
        "roles/b.md": clause_text("roles.b", en="{{ nothing }}", order=200),
        "roles/c.md": clause_text("roles.c", when="organisation.sector == 'goverment'",
                                  order=300),
    })
    reports = []
    for jobs in (1, 2):
        with pytest.raises(ProblemsError) as caught:
            check_library(root, jobs=jobs)
        reports.append([str(p) for p in caught.value.problems])
    assert reports[0] == reports[1] and len(reports[0]) == 3


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="needs POSIX signal masks")
@pytest.mark.parametrize("threads", ["alone", "with the build's flushing threads"])
def test_a_ctrl_c_while_the_language_workers_fork_is_not_lost(
        monkeypatch: pytest.MonkeyPatch, threads: str) -> None:
    """Ctrl-C in the instant check forks its worker: delivered once the fork is done.

    Also where the process has other threads (a build before it started the threads that
    flush files to disk): were one of them to take the signal, it would come mid-fork.
    """
    import multiprocessing.context

    from policygen.lint import check as lint_check
    from policygen.output import transaction

    if threads != "alone":
        transaction._flushers()  # started as a build's commit starts them

    real = multiprocessing.context.ForkProcess.start

    def start_then_ctrl_c(self: multiprocessing.context.ForkProcess) -> None:
        real(self)
        os.kill(os.getpid(), signal.SIGINT)  # as a terminal would, between fork and return

    monkeypatch.setattr(multiprocessing.context.ForkProcess, "start", start_then_ctrl_c)
    # as in `policygen check` run from a terminal, whatever an earlier test did to SIGINT
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            lint_check._run(library.load(), jobs=2)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert not multiprocessing.active_children(), "a worker went on checking"
