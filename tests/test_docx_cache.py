"""Converted Word documents are reused only where every input is the same, in a bounded cache."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from policygen.output.build import BuildOptions, build_all
from policygen.render import docx as render_docx
from policygen.render import docx_cache
from policygen.render.docinfo import DocumentInfo

from .conftest import NORTHWIND, PEEZE

INFO = DocumentInfo(title="Protocol", subject="Protocol", author="HR", keywords="k",
                    version="1", language="nl", date=dt.date(2026, 1, 1))
MARKDOWN = "# Protocol\n\nEen alinea met **nadruk**.\n\n- een\n- twee\n"


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POLICYGEN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "docx"


@pytest.fixture()
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The Markdown of every document the real renderer converts."""
    made: list[str] = []
    real = render_docx.render

    def counting(markdown: str, info: DocumentInfo, reference: Path | None = None) -> bytes:
        made.append(markdown)
        return real(markdown, info, reference)

    monkeypatch.setattr(render_docx, "render", counting)
    return made


def test_the_same_document_is_converted_once(cache: Path, renders: list[str]) -> None:
    first = docx_cache.render(MARKDOWN, INFO)
    again = docx_cache.render(MARKDOWN, INFO)
    assert again == first == render_docx.render(MARKDOWN, INFO)
    assert len(renders) == 2  # the first conversion and the direct one above
    assert len(list(cache.iterdir())) == 1


@pytest.mark.parametrize("change", ["markdown", "title", "date", "toc_pages", "language"])
def test_any_other_input_is_converted_again(cache: Path, renders: list[str],
                                            change: str) -> None:
    docx_cache.render(MARKDOWN, INFO)
    markdown, info = MARKDOWN, INFO
    if change == "markdown":
        markdown = MARKDOWN.replace("twee", "drie")
    elif change == "title":
        info = DocumentInfo(**{**INFO.__dict__, "title": "Gedragscode"})
    elif change == "date":
        info = DocumentInfo(**{**INFO.__dict__, "date": dt.date(2026, 1, 2)})
    elif change == "toc_pages":
        info = DocumentInfo(**{**INFO.__dict__, "toc_pages": (3,)})
    else:
        info = DocumentInfo(**{**INFO.__dict__, "language": "en"})
    assert docx_cache.render(markdown, info) == render_docx.render(markdown, info)
    assert len(renders) == 3


def test_a_changed_house_style_is_converted_again(cache: Path, renders: list[str],
                                                  tmp_path: Path) -> None:
    style = tmp_path / "style.docx"
    shutil.copyfile(render_docx.DEFAULT_REFERENCE, style)
    docx_cache.render(MARKDOWN, INFO, style)
    docx_cache.render(MARKDOWN, INFO, style)
    assert len(renders) == 1
    shutil.copyfile(render_docx.DEFAULT_REFERENCE, tmp_path / "other.docx")
    docx_cache.render(MARKDOWN, INFO, tmp_path / "other.docx")  # same bytes, another file
    assert len(renders) == 1
    data = bytearray(style.read_bytes())
    data[-30:-20] = b"\0" * 10  # the same size, other bytes: a damaged house style
    style.write_bytes(bytes(data))
    with pytest.raises(Exception):  # noqa: B017 - whatever the renderer says of it
        docx_cache.render(MARKDOWN, INFO, style)
    assert len(renders) == 2  # it was converted (and refused), not taken from the cache


def test_a_damaged_entry_is_converted_again(cache: Path, renders: list[str]) -> None:
    first = docx_cache.render(MARKDOWN, INFO)
    (entry,) = cache.iterdir()
    entry.write_bytes(entry.read_bytes()[:-1] + b"x")
    assert docx_cache.render(MARKDOWN, INFO) == first
    assert len(renders) == 2


def test_the_cache_keeps_the_most_recently_used_documents(
        cache: Path, renders: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_cache, "MAX_ENTRIES", 3)
    texts = [f"# Protocol {n}\n\nTekst {n}.\n" for n in range(5)]
    for text in texts[:3]:
        docx_cache.render(text, INFO)
    docx_cache.render(texts[0], INFO)  # used again: now the most recent
    for text in texts[3:]:
        docx_cache.render(text, INFO)
    assert len(list(cache.iterdir())) == 3
    del renders[:]
    docx_cache.render(texts[0], INFO)
    assert renders == []  # kept
    docx_cache.render(texts[1], INFO)
    assert renders == [texts[1]]  # the least recently used went first


def test_no_cache_folder_no_cache(monkeypatch: pytest.MonkeyPatch, renders: list[str]) -> None:
    monkeypatch.setenv("POLICYGEN_CACHE_DIR", "")
    assert docx_cache.folder() is None
    docx_cache.render(MARKDOWN, INFO)
    docx_cache.render(MARKDOWN, INFO)
    assert len(renders) == 2


def test_the_renderers_source_is_part_of_the_key(cache: Path, renders: list[str],
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    docx_cache.render(MARKDOWN, INFO)
    copy = tmp_path / "render"
    shutil.copytree(Path(docx_cache.__file__).parent, copy,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "docx_body.py").write_text((copy / "docx_body.py").read_text() + "\n# changed\n")
    monkeypatch.setattr(docx_cache, "_RENDERER", copy)
    monkeypatch.setattr(docx_cache, "_SALT", [])
    docx_cache.render(MARKDOWN, INFO)
    assert len(renders) == 2


def test_one_organisation_reuses_its_documents_a_batch_does_not(
        cache: Path, renders: list[str], tmp_path: Path) -> None:
    options = BuildOptions(force=True)
    build_all([PEEZE], tmp_path / "one", options)
    assert len(renders) == 2
    first = {p.name: p.read_bytes() for p in (tmp_path / "one").iterdir()}
    build_all([PEEZE], tmp_path / "one", options)
    assert len(renders) == 2
    assert {p.name: p.read_bytes() for p in (tmp_path / "one").iterdir()} == first
    build_all([PEEZE, NORTHWIND], tmp_path / "two", options)
    assert len(renders) == 6  # a batch converts every document itself
    assert len(list(cache.iterdir())) == 2
