"""The attendance and acknowledgement sheet: it prints the versions the manifest records, its
form repeats its header row and fills the page, it is valid OOXML, and answer values print as
written."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from policygen.errors import PolicygenError
from policygen.render.pdf import docx_to_pdf
from policygen.training import attendance

from .conftest import NORTHWIND, PEEZE, need
from .test_house_style import VALIDATOR, assert_valid


def build(answers: Path, out: Path, *extra: str) -> dict[str, Any]:
    """Build the protocol and the sheet; the manifest."""
    done = subprocess.run(
        [sys.executable, "-m", "policygen", "build", str(answers), "--out", str(out),
         "--documents", "protocol,attendance", *extra],
        capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    manifest: dict[str, Any] = json.loads((out / "manifest.json").read_text())
    return manifest


def text_of(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module", params=["nl", "en"])
def sheet(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp(f"sheet-{request.param}")
    return request.param, out, build(PEEZE, out, "--lang", request.param)


def test_the_versions_printed_are_the_manifests(
        sheet: tuple[str, Path, dict[str, Any]]) -> None:
    language, out, manifest = sheet
    document = docx.Document(str(out / "attendance.docx"))
    text = text_of(document)
    entry = manifest["documents"]["attendance"]
    library = manifest["library"]
    assert entry["library_version"] == library["version"]
    assert f"{entry['library_release']} ({library['version']})" in text
    assert entry["protocol_effective_date"] == "2026-12-01"
    assert ("versie van 1 december 2026" if language == "nl"
            else "version of 1 December 2026") in text
    statement = ("Ik heb de gedragscode sociale media van Koffiebranderij Peeze, versie van "
                 "1 december 2026, gelezen en begrepen en houd me eraan." if language == "nl"
                 else "I have read and understood the social media protocol of Koffiebranderij "
                      "Peeze, version of 1 December 2026, and will follow it.")
    assert statement in text
    assert "Anne de Vries" in text  # training.trainer
    assert ("Training: sociale media" if language == "nl" else "Session: social media") in text
    assert "Training: Training" not in text
    # the annex: every protocol clause with its version and article, as in the manifest
    annex = document.tables[-1]
    rows = [[cell.text for cell in row.cells] for row in annex.rows[1:]]
    assert [(clause_id, version) for _, _, clause_id, version in rows] == [
        (c["id"], c["version"]) for c in manifest["documents"]["protocol"]["clauses"]]
    assert entry["clauses"] == manifest["documents"]["protocol"]["clauses"]
    word = "Artikel" if language == "nl" else "Article"
    headings = dict(re.findall(rf"^### {word} (\d+\.\d+) (.+)$",
                               (out / "protocol.md").read_text(), re.MULTILINE))
    assert {number: title for number, title, _, _ in rows} == headings


def test_the_form_repeats_its_header_and_has_rows_to_sign_in(
        sheet: tuple[str, Path, dict[str, Any]]) -> None:
    language, out, _ = sheet
    document = docx.Document(str(out / "attendance.docx"))
    form = next(t for t in document.tables if t.rows[0].cells[-1].text in
                ("Handtekening", "Signature"))
    rows: list[Any] = [row.find(qn("w:trPr")) for row in form._tbl.tr_lst]
    assert len(rows) == attendance.ROWS + 1
    assert rows[0].find(qn("w:tblHeader")) is not None
    for properties in rows[1:]:
        height = properties.find(qn("w:trHeight"))
        assert height is not None and int(height.get(qn("w:val"))) >= 567  # 1 cm
        assert properties.find(qn("w:cantSplit")) is not None
    assert [c.text for c in form.rows[0].cells] == (
        ["Nr.", "Naam", "Afdeling", "Datum", "Handtekening"] if language == "nl"
        else ["No.", "Name", "Department", "Date", "Signature"])
    widths = [int(c._tc.xpath("./w:tcPr/w:tcW/@w:w")[0]) for c in form.rows[0].cells]
    assert widths[1] == max(widths)  # the name has the most room


def test_the_sheet_is_valid_against_the_schemas(sheet: tuple[str, Path, dict[str, Any]],
                                                tmp_path: Path) -> None:
    if not VALIDATOR.is_file():
        pytest.skip(f"{VALIDATOR} is not here")
    assert_valid((sheet[1] / "attendance.docx").read_bytes(), tmp_path)


def test_the_form_fills_the_first_page_and_its_header_repeats_on_the_next(
        tmp_path: Path) -> None:
    need("soffice", "libreoffice-writer-nogui")
    need("pdftotext", "poppler-utils")
    build(PEEZE, tmp_path)
    pdf = docx_to_pdf({"attendance": (tmp_path / "attendance.docx").read_bytes()})["attendance"]
    (tmp_path / "attendance.pdf").write_bytes(pdf)
    pages = subprocess.run(["pdftotext", "-layout", str(tmp_path / "attendance.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout.split("\f")
    numbers = [[int(m) for m in re.findall(r"^\s*(\d+)\s*$", page, re.MULTILINE)]
               for page in pages]
    first, second = numbers[0], numbers[1]
    assert first[0] == 1 and first == list(range(1, len(first) + 1))
    assert second[0] == first[-1] + 1  # the form runs on: page 1 was full
    assert len(first) >= 8
    header = re.compile(r"Nr\.\s+Naam\s+Afdeling\s+Datum\s+Handtekening")
    assert header.search(pages[0]) and header.search(pages[1])  # repeated on page 2
    assert second[-1] == attendance.ROWS and len(pages) >= 3  # the annex follows


def test_hostile_values_print_literally(tmp_path: Path) -> None:
    data = yaml.safe_load(NORTHWIND.read_text())
    name = "{{ 7*7 }} <b>Bold</b> *Ltd* | " + "x" * 90
    data["organisation"]["name"] = name[:120]
    data["organisation"]["short_name"] = "{{ 7*7 }}"
    data["training"]["trainer"] = "<b>" + "T" * 77  # the longest a trainer may be
    answers = tmp_path / "hostile.yaml"
    answers.write_text(yaml.safe_dump(data, allow_unicode=True))
    build(answers, tmp_path / "out")
    text = text_of(docx.Document(str(tmp_path / "out" / "attendance.docx")))
    assert name[:120] in text
    assert "<b>" + "T" * 77 in text
    assert "{{ 7*7 }}" in text and "Bold" in text


def test_a_draft_says_so(tmp_path: Path) -> None:
    data = yaml.safe_load(PEEZE.read_text())
    del data["organisation"]["effective_date"]
    data["training"].pop("trainer", None)
    answers = tmp_path / "draft.yaml"
    answers.write_text(yaml.safe_dump(data, allow_unicode=True))
    manifest = build(answers, tmp_path / "out")
    assert manifest["documents"]["attendance"]["protocol_effective_date"] is None
    document = docx.Document(io.BytesIO((tmp_path / "out" / "attendance.docx").read_bytes()))
    text = text_of(document)
    assert "Gedragscode: de conceptversie, nog niet vastgesteld" in text
    assert "Trainer: " + "_" * 28 in text  # a line to fill in
    # a draft is not in force: staff sign that they attended, not that they will follow it
    assert ("Ik heb deelgenomen aan de training over het concept van de gedragscode sociale "
            "media van Koffiebranderij Peeze.") in text
    assert "houd me eraan" not in text and "gelezen en begrepen" not in text


def test_a_draft_in_english_asks_only_for_attendance(tmp_path: Path) -> None:
    data = yaml.safe_load(NORTHWIND.read_text())
    del data["organisation"]["effective_date"]
    answers = tmp_path / "draft.yaml"
    answers.write_text(yaml.safe_dump(data, allow_unicode=True))
    build(answers, tmp_path / "out")
    text = text_of(docx.Document(str(tmp_path / "out" / "attendance.docx")))
    assert ("I attended the training session on the draft social media protocol of "
            "Northwind Advisory Ltd.") in text
    assert "will follow it" not in text and "read and understood" not in text


def test_a_library_without_the_wording_is_told_which_label_is_missing() -> None:
    with pytest.raises(PolicygenError) as caught:
        attendance._labels({"attendance": {"title": {"nl": "Lijst"}}}, "nl", "/lib")
    assert str(caught.value).startswith(
        "/lib/templates/labels.yaml: attendance.session.nl: required")
