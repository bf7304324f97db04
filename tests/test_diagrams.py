"""Diagrams in the handout: the escalation ladder and the "think before you post" flow are
drawn in Word as native shapes holding the organisation's own text, in black and white, inside
the margins, for 1 to 6 ladder steps; the Markdown keeps a plain table."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree  # type: ignore[import-untyped]
from markdown_it import MarkdownIt

from policygen.answers import schema as answers_module
from policygen.assembly.assemble import assemble
from policygen.clauselib.library import ClauseLibrary
from policygen.render import docx as render_docx
from policygen.render.docx_diagram import EMU_PER_TWIP, DiagramError
from policygen.render.pdf import docx_to_pdf

from .conftest import EXAMPLES, PEEZE, need
from .test_house_style import VALIDATOR, assert_valid
from .test_render_docx import INFO

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
      "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
      "v": "urn:schemas-microsoft-com:vml"}
A4_TEXT_WIDTH = 11906 - 2 * 1417  # twips: the shipped reference document


def handout(library: ClauseLibrary, data: dict[str, Any], language: str) -> tuple[str, bytes]:
    answers = answers_module.parse(yaml.safe_dump(data, allow_unicode=True).encode(),
                                   "answers.yaml").with_language(language)
    document = assemble(answers, library)["handout"]
    return document.markdown, render_docx.render(document.markdown, INFO)


def groups(data: bytes) -> list[Any]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return root.findall(".//wpg:wgp", NS)  # type: ignore[no-any-return]


def box_texts(group: Any) -> list[str]:
    return ["".join(shape.itertext()) for shape in group.findall("wps:wsp", NS)
            if shape.find("wps:txbx", NS) is not None]


def letters(text: str) -> str:
    """Letters only, lower case: "Webcare-team" and "het webcareteam" compare."""
    return re.sub(r"[\W_]", "", text.lower())


def peeze(levels: int) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(PEEZE.read_text())
    data["escalation"]["levels"] = [
        {"name": f"Trede-{n} team", "contact": f"trede{n}@example.nl",
         "handles": f"meldingen van soort {n}"} for n in range(1, levels + 1)]
    return data


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_level_is_a_box_with_its_name_and_contact(library: ClauseLibrary, example: Path,
                                                        language: str) -> None:
    data = yaml.safe_load(example.read_text())
    markdown, docx_bytes = handout(library, data, language)
    ladder, flow = groups(docx_bytes)
    texts = box_texts(ladder)
    levels = data["escalation"]["levels"]
    assert len(texts) == len(levels)
    for text, level in zip(texts, levels, strict=True):
        assert level["name"] in text and level["contact"] in text
    assert len(ladder.findall("wps:wsp/wps:cNvCnPr/..", NS)) == len(levels) - 1  # arrows
    flow_text = letters(" ".join(box_texts(flow)))  # roles print with their article
    # doubt about a post goes to the policy owner (question 5); approval is for official posts
    assert letters(data["organisation"]["policy_owner"]["role"]) in flow_text
    for spokesperson in data["permissions"].get("official_spokespeople") or []:
        assert letters(spokesperson) in flow_text
    # in Markdown: the same table a reader can read, and no more than a hidden comment
    assert "```" not in markdown
    assert markdown.count("<!-- diagram: ") == 2
    for level in levels:
        assert re.search(rf"^\| \d \| {re.escape(level['name'])} \|", markdown, re.MULTILINE) \
            or len(levels) == 1
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "diagram:" not in re.sub(r"<!--.*?-->", "", html)  # a viewer shows no machinery


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 6])
def test_one_to_six_levels_fit_the_margins_in_black_and_white(library: ClauseLibrary,
                                                              count: int) -> None:
    _, docx_bytes = handout(library, peeze(count), "nl")
    ladder = groups(docx_bytes)[0]
    assert [f"Trede-{n} team" in text for n, text in enumerate(box_texts(ladder), 1)] == \
        [True] * count
    for group in groups(docx_bytes):
        extent = group.find("wpg:grpSpPr/a:xfrm/a:ext", NS)
        width, height = int(extent.get("cx")), int(extent.get("cy"))
        assert width <= A4_TEXT_WIDTH * EMU_PER_TWIP  # inside the page margins
        for shape in group.findall("wps:wsp", NS):
            offset = shape.find("wps:spPr/a:xfrm/a:off", NS)
            size = shape.find("wps:spPr/a:xfrm/a:ext", NS)
            x, y = int(offset.get("x")), int(offset.get("y"))
            assert 0 <= x <= x + int(size.get("cx")) <= width
            assert 0 <= y <= y + int(size.get("cy")) <= height
        colours = {c.get("val") for c in group.iter(f"{{{NS['a']}}}srgbClr")}
        assert colours <= {"000000", "FFFFFF", "EDEDED"}
        sizes = {int(s.get(f"{{{NS['w']}}}val")) for s in group.iter(f"{{{NS['w']}}}sz")}
        assert sizes and sizes <= {18, 20, 22}  # 9-11 pt


def box_heights(markdown: str) -> list[int]:
    data = render_docx.render(markdown, INFO)
    return [int(ext.get("cy")) for ext in
            groups(data)[0].findall("wps:wsp/wps:spPr/a:xfrm/a:ext", NS)]


LADDER = """<!-- diagram: ladder -->

| Trede | Wie | Contact |
|---|---|---|
| 1 | {name} | a@example.nl |
| 2 | Tweede | b@example.nl |
"""


def test_a_long_name_wraps_inside_its_box_and_the_box_grows() -> None:
    short = box_heights(LADDER.format(name="Webcare"))
    long = box_heights(LADDER.format(name="Webcare " * 30))
    unbroken = box_heights(LADDER.format(name="W" * 120))
    assert long[0] > short[0] * 2 and unbroken[0] > short[0]
    assert long[1] == short[1]  # the other box keeps its size


def test_hostile_values_print_literally_in_the_shapes(library: ClauseLibrary) -> None:
    data = peeze(2)
    data["escalation"]["levels"][0]["name"] = "{{ 7*7 }} <b>*team*</b> | x"
    data["escalation"]["levels"][1]["contact"] = "`tick` & \\back"
    _, docx_bytes = handout(library, data, "en")
    texts = box_texts(groups(docx_bytes)[0])
    assert "{{ 7*7 }} <b>*team*</b> | x" in texts[0]
    assert "`tick` & \\back" in texts[1]


def test_a_drawing_taller_than_a_page_stays_a_table() -> None:
    rows = "".join(f"| {n} | {'Naam ' * 60} | c@example.nl |\n" for n in range(1, 7))
    markdown = "<!-- diagram: ladder -->\n\n| Trede | Wie | Contact |\n|---|---|---|\n" + rows
    data = render_docx.render(markdown, INFO)
    assert groups(data) == []
    assert b"<w:tbl>" in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


@pytest.mark.parametrize("markdown, message", [
    ("<!-- diagram: pie -->\n\n| a |\n|---|\n| b |\n", "unknown diagram 'pie'"),
    ("<!-- diagram: ladder -->\n\nA paragraph.\n", "followed by a paragraph"),
    ("<!-- diagram: ladder -->\n", "followed by the end of the document"),
    ("<!-- diagram: decision -->\n\n| Q | Yes | No |\n|---|---|---|\n| Sure? | Post | Wait |\n"
     "| Really? | Post | Wait |\n", "question 1 ('Sure?')"),
    ("<!-- diagram: decision -->\n\n| Q | Yes |\n|---|---|\n| Sure? | Post |\n",
     "the columns question, yes and no"),
])
def test_a_wrong_marker_is_refused_with_what_is_wrong(markdown: str, message: str) -> None:
    with pytest.raises(DiagramError, match=re.escape(message)):
        render_docx.render(markdown, INFO)


def test_documents_without_a_marker_have_no_drawing() -> None:
    data = render_docx.render("# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<!-- just a note -->\n",
                              INFO)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert b"<w:drawing>" not in xml and b"just a note" in xml


def test_the_handout_with_its_diagrams_is_valid_and_libreoffice_prints_them(
        library: ClauseLibrary, tmp_path: Path) -> None:
    data = yaml.safe_load(PEEZE.read_text())
    _, docx_bytes = handout(library, data, "nl")
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        xml = archive.read("word/document.xml")
    assert xml.count(b"<mc:Fallback><w:pict>") == 2  # a VML copy for older readers
    if VALIDATOR.is_file():
        assert_valid(docx_bytes, tmp_path)
    need("soffice", "libreoffice-writer-nogui")
    need("pdftotext", "poppler-utils")
    pdf = docx_to_pdf({"handout": docx_bytes})["handout"]
    (tmp_path / "handout.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "handout.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for level in data["escalation"]["levels"]:
        assert level["contact"] in flat  # printed from inside the shapes
    assert "Post het, op persoonlijke titel." in flat
