"""policygen benchmarks: `make bench` (or .venv/bin/python bench/run.py [--quick]).

Prints one table: a user's first `policygen build` (a new home and cache folder) and a repeat
build against pandoc converting the same two Markdown files to DOCX (interleaved runs,
medians), `check` of the shipped library first and cached, in-process times per organisation
and per document, the protocols' word counts, a batch of generated organisations, a large
generated clause library, peak memory and the import time of the build path. Targets are from
issues 6, 11 and 12; each row says whether it is met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
PY = sys.executable
EXAMPLE = ROOT / "examples" / "koffiebranderij-peeze.yaml"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import features  # noqa: E402 - bench/ is not a package

# Commands run as on a user's machine: with bytecode caches (an installed package has them;
# PYTHONDONTWRITEBYTECODE in a developer's shell would make every run compile policygen anew).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], **kwargs: object) -> float:
    kwargs.setdefault("env", ENV)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - start


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def _user_env(home: Path) -> dict[str, str]:
    """A user's environment with a home and cache folder of its own (nothing compiled yet)."""
    env = {k: v for k, v in ENV.items() if k not in ("POLICYGEN_CACHE_DIR", "XDG_CACHE_HOME")}
    return {**env, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}


def builds_vs_pandoc(runs: int) -> list[tuple[str, str, str]]:
    """A user's first build (new home, empty cache) and a repeat build, against pandoc.

    As after `pip install` (or `make`): policygen's bytecode and the shipped library's compiled
    code (policygen/precompiled, written at install) are in place; the user's own cache is not.
    Each figure is a new process; ours and pandoc's runs alternate; medians.
    """
    sample = WORK / "sample"
    shutil.rmtree(sample, ignore_errors=True)
    subprocess.run([PY, "-m", "policygen", "build", str(EXAMPLE), "--out", str(sample),
                    "--format", "md"], check=True, capture_output=True, env=ENV)
    first, repeat, changed, pandoc = [], [], [], []
    have_pandoc = shutil.which("pandoc") is not None
    for n in range(runs):
        home = WORK / f"home-{n}"
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        command = [PY, "-m", "policygen", "build", str(EXAMPLE), "--out", str(home / "out")]
        first.append(timed(command, env=_user_env(home)))
        repeat.append(timed([*command, "--force"], env=_user_env(home)))
        # HR changes one answer (the response time) and builds again: both documents change
        edited = home / EXAMPLE.name
        edited.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
            "response_time_hours: 4", "response_time_hours: 6"), encoding="utf-8")
        changed.append(timed([PY, "-m", "policygen", "build", str(edited), "--out",
                              str(home / "out"), "--force"], env=_user_env(home)))
        if have_pandoc:
            pandoc.append(timed(["pandoc", str(sample / "protocol.md"), "-o",
                                 str(WORK / "p.docx")])
                          + timed(["pandoc", str(sample / "handout.md"), "-o",
                                   str(WORK / "h.docx")]))
        shutil.rmtree(home, ignore_errors=True)
    rows = [("first build after install: new home and cache (md+docx, 2 documents)",
             f"{median_ms(first):.0f} ms", ""),
            ("repeat build (the user's cache filled by the first)", f"{median_ms(repeat):.0f} ms",
             ""),
            ("build after one changed answer (the response time: both documents change)",
             f"{median_ms(changed):.0f} ms", "")]
    if have_pandoc:
        base = median_ms(pandoc)
        rows.append(("pandoc md→docx, the same 2 documents", f"{base:.0f} ms", ""))
        rows.append(("first build / pandoc", f"{median_ms(first) / base:.2f}×",
                     "met" if median_ms(first) <= base else "not met (target ≤ 1.00×)"))
        rows.append(("repeat build / pandoc", f"{median_ms(repeat) / base:.2f}×",
                     "met" if median_ms(repeat) <= 0.6 * base else "not met (target ≤ 0.60×)"))
        rows.append(("build after one changed answer / pandoc",
                     f"{median_ms(changed) / base:.2f}×", ""))
    return rows


def check_shipped(runs: int) -> list[tuple[str, str, str]]:
    """`policygen check` of the shipped library: a first run (empty cache), then cached."""
    firsts, cached = [], []
    for n in range(max(3, runs // 3)):
        home = WORK / f"check-home-{n}"
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        env = _user_env(home)
        firsts.append(timed([PY, "-m", "policygen", "check"], env=env))
        cached.append(timed([PY, "-m", "policygen", "check"], env=env))
        shutil.rmtree(home, ignore_errors=True)
    first, again = statistics.median(firsts), statistics.median(cached)
    copy = WORK / "shipped-copy"  # the shipped library as its author edits it
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(ROOT / "templates", copy / "templates")
    shutil.copytree(ROOT / "clauses", copy / "clauses")
    (copy / "clauses" / "versions.lock").unlink()  # an edited clause is not released yet
    home = WORK / "check-home-edit"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    env = _user_env(home)
    command = [PY, "-m", "policygen", "check", "--library", str(copy)]
    timed(command, env=env)
    edited = statistics.median(_check_after_edit(copy, command, env, n) for n in range(3))
    shutil.rmtree(home, ignore_errors=True)
    return [("check of the shipped library, first run", f"{first:.2f} s",
             "met" if first <= 2 else "not met (target ≤ 2 s)"),
            ("check of the shipped library, cached", f"{again:.2f} s",
             "met" if again <= 0.5 else "not met (target ≤ 0.5 s)"),
            ("check of the shipped library after editing one clause", f"{edited:.2f} s", "")]


def word_counts() -> list[tuple[str, str, str]]:
    """Words in the full and the compact protocol of every example (issue 12)."""
    from policygen.answers import schema as answers
    from policygen.assembly import assemble as assembly
    from policygen.clauselib import library

    lib = library.load()
    full, compact = [], []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        loaded = answers.load(path)
        full.append(len(assembly.assemble(loaded, lib)["protocol"].markdown.split()))
        compact.append(len(assembly.assemble(loaded, lib, compact=True)["protocol"]
                           .markdown.split()))
    return [("full protocol, words (the four examples)", ", ".join(map(str, full)), ""),
            ("compact protocol (--compact), words", ", ".join(map(str, compact)),
             "met" if max(compact) <= 3500 else "not met (target ≤ 3,500)")]


def in_process(runs: int) -> list[tuple[str, str, str]]:
    from policygen.answers import schema as answers
    from policygen.assembly import assemble as assembly
    from policygen.clauselib import library
    from policygen.output.build import BuildOptions, render_files
    from policygen.render import docx as render_docx

    lib = library.load()
    loaded = answers.load(EXAMPLE)
    options = BuildOptions()
    render_files(assembly.assemble(loaded, lib), loaded, lib, options)  # warm caches
    per_org, per_doc = [], []
    for _ in range(runs):
        start = time.perf_counter()
        docs = assembly.assemble(loaded, lib)
        render_files(docs, loaded, lib, options)
        per_org.append(time.perf_counter() - start)
        info = render_docx.DocumentInfo(docs["protocol"].title, "", "x", "", "1", "nl",
                                        loaded.data["organisation"]["effective_date"])
        start = time.perf_counter()
        render_docx.render(docs["protocol"].markdown, info)
        per_doc.append(time.perf_counter() - start)
    words = len(docs["protocol"].markdown.split())
    org_ms, doc_ms = median_ms(per_org), median_ms(per_doc)
    return [
        ("in-process, 1 organisation (2 docs × md+docx)", f"{org_ms:.1f} ms",
         "met" if org_ms <= 40 else "not met (target ≤ 40 ms)"),
        (f"in-process, protocol DOCX only ({words} words)", f"{doc_ms:.1f} ms",
         "met" if doc_ms <= 20 else "not met (target ≤ 20 ms)"),
    ]


def make_batch(count: int) -> list[Path]:
    import yaml

    from policygen.answers import schema as answers_module

    folder = WORK / "answers"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    base = yaml.safe_load(EXAMPLE.read_text())
    rng = random.Random(42)
    paths = []
    for n in range(count):
        data = json.loads(json.dumps(base, default=str))
        data["organisation"]["name"] = f"Organisatie {n:04d}"
        data["organisation"]["sector"] = rng.choice(answers_module.SECTORS)
        data["language"] = rng.choice(answers_module.LANGUAGES)
        perms = data["permissions"]
        perms["personal_use_at_work"] = rng.choice(answers_module.PERSONAL_USE)
        perms["mention_employer"] = rng.choice(answers_module.MENTION_EMPLOYER)
        perms["photos_at_work"] = rng.choice(answers_module.PHOTOS_AT_WORK)
        perms["employees_may_reply_to_customers"] = rng.random() < 0.5
        path = folder / f"org-{n:04d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True))
        paths.append(path)
    return paths


def batch(count: int) -> list[tuple[str, str, str]]:
    paths = make_batch(count)
    out = WORK / "batch"
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = timed([PY, "-m", "policygen", "build", *map(str, paths), "--out", str(out)])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = max(after.ru_maxrss, before.ru_maxrss) / 1024
    target = 20 * count / 1000
    return [
        (f"batch of {count} organisations", f"{seconds:.1f} s",
         "met" if seconds <= target else f"not met (target ≤ {target:.0f} s)"),
        ("peak memory of the batch process", f"{peak_mb:.0f} MB",
         "met" if peak_mb <= 250 else "not met (target ≤ 250 MB)"),
    ]


def big_library(count: int) -> list[tuple[str, str, str]]:
    root = WORK / "library"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "clauses", root / "clauses")
    (root / "clauses" / "versions.lock").unlink()  # the copies are not released clauses
    sources = sorted((ROOT / "clauses").rglob("*.md"))
    sources = [p for p in sources if p.name not in ("README.md", "CHANGELOG.md")]
    made = len(sources)
    n = 0
    while made < count:
        source = sources[n % len(sources)]
        topic = source.parent.name
        name = f"{source.stem}_copy{n:04d}"
        text = source.read_text().replace(f"id: {topic}.{source.stem}\n", f"id: {topic}.{name}\n")
        # a distinct text per copy, so that nothing keyed on content is shared between them
        text = text.replace("<!-- lang: nl -->\n", f"<!-- lang: nl -->\nKopie {n}.\n\n")
        text = text.replace("<!-- lang: en -->\n", f"<!-- lang: en -->\nCopy {n}.\n\n")
        (root / "clauses" / topic / f"{name}.md").write_text(text)
        made += 1
        n += 1
    code = ("import pathlib; from policygen.clauselib import library; "
            f"library.load(pathlib.Path({str(root)!r}))")
    command = [PY, "-m", "policygen", "check", "--library", str(root)]
    cache = WORK / "library-cache"  # a cache of its own, so that the first run starts empty
    shutil.rmtree(cache, ignore_errors=True)
    env = {**ENV, "POLICYGEN_CACHE_DIR": str(cache)}
    first = timed(command, env=env)  # compiles every body into the cache (keyed by content)
    load = statistics.median(timed([PY, "-c", code], env=env) for _ in range(3))
    check = statistics.median(timed(command, env=env) for _ in range(3))
    edited = statistics.median(_check_after_edit(root, command, env, n) for n in range(3))
    return [
        (f"load a library of {count} clauses", f"{load:.2f} s", ""),
        (f"check a library of {count} clauses, first run (compiles {2 * count} bodies)",
         f"{first:.2f} s", ""),
        (f"check a library of {count} clauses, compiled code cached", f"{check:.2f} s",
         "met" if check <= 1 else "not met (target ≤ 1 s)"),
        (f"check a library of {count} clauses after editing one clause", f"{edited:.2f} s", ""),
    ]


def _check_after_edit(root: Path, command: list[str], env: dict[str, str], n: int) -> float:
    """`check` after a sentence is added to one clause (a new one each time): what a library
    author waits for while editing."""
    clause = root / "clauses" / "conduct" / "respect.md"
    text = clause.read_text(encoding="utf-8")
    clause.write_text(text.replace("<!-- lang: en -->\n", f"<!-- lang: en -->\nEdit {n}.\n\n", 1),
                      encoding="utf-8")
    try:
        return timed(command, env=env)
    finally:
        clause.write_text(text, encoding="utf-8")


def import_time() -> list[tuple[str, str, str]]:
    done = subprocess.run([PY, "-X", "importtime", "-c", "import policygen.output.build, "
                           "policygen.render.docx, policygen.cli"],
                          capture_output=True, text=True, check=True)
    total = sum(int(line.split("|")[1]) for line in done.stderr.splitlines()
                if line.startswith("import time:") and line.split("|")[1].strip().isdigit()
                and not line.split("|")[2].startswith("  "))
    heavy = [m for m in ("questionary", "prompt_toolkit")
             if f"| {m}" in done.stderr or f"|   {m}" in done.stderr]
    return [("imports of the build path", f"{total / 1000:.0f} ms",
             "no questionary/prompt_toolkit" if not heavy else f"imports {heavy}")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs, batch of 100")
    args = parser.parse_args()
    runs = 5 if args.quick else 11
    count = 100 if args.quick else 1000
    WORK.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str]] = []
    sections: list[Callable[[], list[tuple[str, str, str]]]] = [
        lambda: builds_vs_pandoc(runs), lambda: check_shipped(runs),
        lambda: in_process(runs * 3), import_time, word_counts,
        lambda: batch(count), lambda: big_library(1000),
        lambda: features.documents_and_redline(PY, EXAMPLE, WORK, runs, timed),
        lambda: features.review(PY, EXAMPLE, runs, timed),
        lambda: features.history(PY, ROOT, EXAMPLE, max(3, runs // 2), timed),
    ]
    for section in sections:
        rows += section()
    print(f"policygen benchmarks — {time.strftime('%Y-%m-%d')}, {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}\n")
    print("| measure | result | target |\n|---|---|---|")
    for name, value, verdict in rows:
        print(f"| {name} | {value} | {verdict} |")


if __name__ == "__main__":
    main()
