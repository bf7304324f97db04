"""Real clients read what we write: pandoc reads the DOCX structure back, LibreOffice prints
it to PDF, and a page is rendered to PNG in test-artifacts/ for a person to look at."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest

from policygen.render import docx as render_docx
from policygen.render.pdf import docx_to_pdf

from .conftest import PEEZE, ROOT, need
from .test_render_docx import INFO, SAMPLE

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import sys

    out = tmp_path_factory.mktemp("built")
    subprocess.run([sys.executable, "-m", "policygen", "build", str(PEEZE), "--out", str(out)],
                   check=True, capture_output=True)
    return out


def pandoc_json(path: Path) -> dict[str, Any]:
    need("pandoc", "pandoc")
    done = subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(path)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def blocks_of(node: Any, kind: str) -> list[Any]:
    found = []
    if isinstance(node, dict):
        if node.get("t") == kind:
            found.append(node)
        for value in node.values():
            found += blocks_of(value, kind)
    elif isinstance(node, list):
        for value in node:
            found += blocks_of(value, kind)
    return found


def text_of(node: Any) -> str:
    if isinstance(node, dict):
        if node.get("t") == "Str":
            return str(node["c"])
        if node.get("t") in ("Space", "SoftBreak"):
            return " "
        return text_of(node.get("c", []))
    if isinstance(node, list):
        return "".join(text_of(n) for n in node)
    return ""


def test_pandoc_reads_headings_lists_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "sample.docx"
    path.write_bytes(render_docx.render(SAMPLE, INFO))
    document = pandoc_json(path)
    headings = [(h["c"][0], text_of(h["c"][2])) for h in blocks_of(document["blocks"], "Header")]
    assert headings == [(1, "Section one"), (2, "Article 1.1"), (3, "Sub heading")]
    assert text_of(document["meta"]["title"]) == "The title"
    ordered = blocks_of(document["blocks"], "OrderedList")
    assert [o["c"][0][0] for o in ordered] == [1, 1]
    assert [len(o["c"][1]) for o in ordered] == [3, 2]
    bullets = blocks_of(document["blocks"], "BulletList")
    assert sorted(len(b["c"]) for b in bullets) == [1, 2]
    tables = blocks_of(document["blocks"], "Table")
    assert len(tables) == 1
    assert "Webcare" in text_of(tables[0])


def test_pandoc_reads_the_example_protocol(built: Path) -> None:
    document = pandoc_json(built / "protocol.docx")
    headings = [text_of(h["c"][2]) for h in blocks_of(document["blocks"], "Header")]
    assert any(h.startswith("Artikel") and "Escalatieladder" in h for h in headings)
    assert text_of(document["meta"]["title"]).endswith("Koffiebranderij Peeze")
    table_text = " ".join(text_of(t) for t in blocks_of(document["blocks"], "Table"))
    assert "webcare@example.nl" in table_text and "+31 570 000 000" in table_text


def pdf_pages(pdf: Path) -> int:
    need("pdfinfo", "poppler-utils")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert match
    return int(match.group(1))


@pytest.mark.parametrize("kind", ["protocol", "handout"])
def test_libreoffice_prints_the_documents(built: Path, kind: str) -> None:
    need("soffice", "libreoffice-writer-nogui")
    need("pdftotext", "poppler-utils")
    pdf = built / f"{kind}.pdf"
    pdf.write_bytes(docx_to_pdf({kind: (built / f"{kind}.docx").read_bytes()})[kind])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    text = " ".join(text.split())
    assert "Koffiebranderij Peeze" in text
    if kind == "protocol":
        for fact in ("webcare@example.nl", "+31 570 000 000", "Crisisteam", "Artikel"):
            assert fact in text
    assert "\uf0b7" not in text  # no Symbol-font bullets
    first_page = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                                capture_output=True, text=True, check=True).stdout
    assert re.search(r"geldig vanaf 1 december 2026 .*\S {4,}Pagina 1 van \d+", first_page), \
        "footer: page number right-aligned on its own tab stop"
    assert 1 <= pdf_pages(pdf) <= 40
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                        str(ARTIFACTS / f"peeze-{kind}")], check=True)


def test_pdf_format_through_the_cli(run_cli: Callable[..., CompletedProcess[str]],
                                    tmp_path: Path) -> None:
    need("soffice", "libreoffice-writer-nogui")
    out = tmp_path / "out"
    done = run_cli("build", PEEZE, "--out", out, "--format", "pdf")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["handout.pdf", "manifest.json",
                                                     "protocol.pdf"]
    assert (out / "protocol.pdf").read_bytes().startswith(b"%PDF")


def test_pdf_without_libreoffice_names_the_package(
        run_cli: Callable[..., CompletedProcess[str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import sys

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "git").symlink_to(shutil.which("git") or "/usr/bin/git")
    env = {**os.environ, "PATH": str(bin_dir)}
    done = subprocess.run([sys.executable, "-m", "policygen", "build", str(PEEZE), "--out",
                           str(tmp_path / "out"), "--format", "md,pdf"],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 1
    assert "PDF output needs LibreOffice" in done.stderr
    assert "libreoffice-writer-nogui" in done.stderr
    assert not (tmp_path / "out").exists()


def test_pdf_contents_list_the_right_pages(run_cli: Callable[..., CompletedProcess[str]],
                                           tmp_path: Path) -> None:
    need("soffice", "libreoffice-writer-nogui")
    need("pdftotext", "poppler-utils")
    out = tmp_path / "out"
    assert run_cli("build", PEEZE, "--out", out, "--format", "docx,pdf").returncode == 0
    text = subprocess.run(["pdftotext", "-layout", str(out / "protocol.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    listed = re.findall(r"(Artikel \d+\.\d+ [^\n]*?)\.{4,}\s*(\d+)\s*$", pages[0] + pages[1],
                        re.MULTILINE)
    assert len(listed) >= 30
    for heading, number in listed[::7]:
        body_pages = [i + 1 for i, page in enumerate(pages)
                      if any(heading in " ".join(line.split()) and "...." not in line
                             for line in page.splitlines())]
        assert int(number) in body_pages, (heading, number, body_pages)
    import docx

    toc = [p.text for p in docx.Document(str(out / "protocol.docx")).paragraphs
           if p.style.name == "toc 2"]
    assert toc and all(re.search(r"\t\d+$", entry) for entry in toc)  # numbers in the DOCX too


def test_page_numbers_in_a_word_only_build(run_cli: Callable[..., CompletedProcess[str]],
                                           tmp_path: Path) -> None:
    """--page-numbers: the contents list carries page numbers, no PDF is written."""
    need("soffice", "libreoffice-writer-nogui")
    need("pdftotext", "poppler-utils")
    out = tmp_path / "out"
    done = run_cli("build", PEEZE, "--out", out, "--format", "docx", "--page-numbers")
    assert done.returncode == 0, done.stderr
    assert not list(out.glob("*.pdf"))
    import docx

    toc = [p.text for p in docx.Document(str(out / "protocol.docx")).paragraphs
           if p.style.name == "toc 2"]
    assert toc and all(re.search(r"\t\d+$", entry) for entry in toc)
    plain = tmp_path / "plain"
    assert run_cli("build", PEEZE, "--out", plain, "--format", "docx").returncode == 0
    toc = [p.text for p in docx.Document(str(plain / "protocol.docx")).paragraphs
           if p.style.name == "toc 2"]
    assert toc and not any(re.search(r"\t\d+$", entry) for entry in toc)  # none, no prompt
