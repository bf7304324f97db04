"""The printed page, measured in LibreOffice's PDF: no heading alone at the foot of a page, no
blank page, and a cut-out card of bank-card size on a page of its own that holds all its text.

One LibreOffice run prints the four examples' protocol and participant handout (Dutch) and
trainer handout (English); poppler's pdftotext and pdftoppm read the pages back.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from policygen.render.docx import markdown_parser
from policygen.render.docx_card import CARD_MARK
from policygen.render.pdf import docx_to_pdf, soffice

from .conftest import EXAMPLES, need

MM = 254 / 25.4  # pixels per millimetre at 254 dpi
FOOTER = re.compile(r"(Pagina|Page) \d+ (van|of) \d+$")


@dataclass(frozen=True)
class Printed:
    """One printed document: its Markdown, its PDF and the text of each page."""

    name: str
    markdown: str
    pdf: Path
    pages: list[list[str]]  # per page the lines of text, without header and footer


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> list[Printed]:
    if soffice() is None:
        pytest.skip("soffice is not installed (Debian/Ubuntu: apt-get install "
                    "libreoffice-writer-nogui)")
    need("pdftotext", "poppler-utils")
    out = tmp_path_factory.mktemp("printed")
    examples = [str(p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    wanted = {}
    for label, options, kinds in (("nl", ["--lang", "nl"], ("protocol", "handout")),
                                  ("en-trainer", ["--lang", "en", "--edition", "trainer"],
                                   ("handout",))):
        done = subprocess.run([sys.executable, "-m", "policygen", "build", *examples, "--out",
                               str(out / label), *options, "--format", "md,docx"],
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        for folder in sorted((out / label).iterdir()):
            for kind in kinds:
                wanted[f"{label}-{folder.name}-{kind}"] = folder / kind
    assert len(wanted) == 3 * len(examples)
    pdfs = docx_to_pdf({name: stem.with_suffix(".docx").read_bytes()
                        for name, stem in wanted.items()}, timeout=600)
    documents = []
    for name, stem in wanted.items():
        pdf = out / f"{name}.pdf"
        pdf.write_bytes(pdfs[name])
        markdown = stem.with_suffix(".md").read_text(encoding="utf-8")
        documents.append(Printed(name, markdown, pdf, page_lines(pdf, headings(markdown)[0])))
    return documents


def headings(markdown: str, level: int | None = None) -> list[str]:
    """Every heading's text (of one Markdown level), the title first."""
    tokens = markdown_parser().parse(markdown)
    return [" ".join(tokens[i + 1].content.split()).replace("\\", "")
            for i, token in enumerate(tokens) if token.type == "heading_open"
            and (level is None or token.tag == f"h{level}")]


def body_lines(document: Printed) -> list[tuple[int, int, str]]:
    """(page, line number, text) of every line after the contents list, if there is one.

    The contents list holds the first section's heading too: the body starts where that
    heading is printed a second time.
    """
    lines = [(page, at, text) for page, texts in enumerate(document.pages, start=1)
             for at, text in enumerate(texts)]
    first = headings(document.markdown, 2)[0]
    places = [i for i, (_, _, text) in enumerate(lines) if text == first]
    return lines[places[1]:] if len(places) > 1 else lines


def page_lines(pdf: Path, title: str) -> list[list[str]]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    result = []
    for page in pages:
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        if lines and lines[0] == title:  # the header repeats the title
            lines = lines[1:]
        if lines and FOOTER.search(lines[-1]):
            lines = lines[:-1]
        result.append(lines)
    return result


def test_no_heading_is_left_at_the_foot_of_a_page(printed: list[Printed]) -> None:
    alone = []
    for document in printed:
        wanted = set(headings(document.markdown)[1:])
        for page, at, line in body_lines(document):
            below = len(document.pages[page - 1]) - at - 1
            if line in wanted and below < 2 and page < len(document.pages):
                alone.append((document.name, page, line))  # fewer than 2 lines below it
    assert not alone, alone


def test_no_page_is_blank(printed: list[Printed]) -> None:
    blank = [(d.name, n) for d in printed for n, lines in enumerate(d.pages, 1) if not lines]
    assert not blank, blank


def card_words(markdown: str) -> list[str]:
    """The words of the card tables (the lines from the first ✂ table on)."""
    start = markdown.index(f"| {CARD_MARK}")
    words = []
    for line in markdown[start:].splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            text = line.replace(CARD_MARK, "").replace("\\", "").replace("*", "")
            words += [w for cell in text.split("|") for w in cell.split()]
    return words


def handouts(printed: list[Printed]) -> list[Printed]:
    found = [d for d in printed if d.name.endswith("-handout")]
    assert len(found) == 8
    return found


def test_the_card_has_a_page_of_its_own_and_holds_all_its_text(printed: list[Printed]) -> None:
    for document in handouts(printed):
        title = headings(document.markdown)[-1]  # the card's section comes last
        last = document.pages[-1]
        assert last[0] == title, (document.name, last[:2])  # it starts its own page
        assert all(title not in lines for lines in document.pages[:-1]), document.name
        page = " ".join(last)
        missing = [w for w in card_words(document.markdown) if w not in page]
        assert not missing, (document.name, missing)


def grey_rectangle(pdf: Path, page: int) -> tuple[float, float, float, float, float]:
    """The card's dashed outline on a page: left, top, right, bottom and fold, in mm.

    The page is rasterized at 254 dpi (10 pixels a millimetre); the outline is the rows and
    columns where the card's grey (#7F7F7F) runs longest, the fold the grey column between.
    """
    need("pdftoppm", "poppler-utils")
    done = subprocess.run(["pdftoppm", "-gray", "-r", "254", "-f", str(page), "-l", str(page),
                           str(pdf)], capture_output=True, check=True)
    header, pixels = done.stdout.split(b"\n255\n", 1)
    width, height = map(int, header.split()[1:3])
    grey = bytes(1 if 100 <= value <= 150 else 0 for value in range(256))
    marks = pixels.translate(grey)
    rows = [marks.count(1, y * width, (y + 1) * width) for y in range(height)]
    columns = [sum(marks[x::width]) for x in range(width)]
    lines_y = [y for y, n in enumerate(rows) if n > 0.3 * width]
    lines_x = [x for x, n in enumerate(columns) if n > 0.1 * height]
    assert lines_y and lines_x, "no card outline found"
    left, right = lines_x[0], lines_x[-1]
    middle = [x for x, n in enumerate(columns) if left + 50 < x < right - 50 and n > 150]
    fold = sum(middle) / len(middle) if middle else -1
    return (left / MM, lines_y[0] / MM, right / MM, lines_y[-1] / MM, fold / MM)


def words_in(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """The words on a page with their boxes, in mm."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                       r'yMax="([\d.]+)">([^<]*)</word>', html)
    point = 25.4 / 72
    return [(float(a) * point, float(b) * point, float(c) * point, float(d) * point, w)
            for a, b, c, d, w in found]


@pytest.mark.parametrize("which", ["nl-koffiebranderij-peeze", "en-trainer-gemeente-voorbeeld"])
def test_the_card_prints_at_bank_card_size_with_its_text_inside(
        printed: list[Printed], which: str) -> None:
    document = next(d for d in printed if d.name == f"{which}-handout")
    page = len(document.pages)
    left, top, right, bottom, fold = grey_rectangle(document.pdf, page)
    assert right - left == pytest.approx(2 * 85.6, abs=0.6)  # front and back side by side
    assert bottom - top == pytest.approx(54.0, abs=0.6)
    assert fold - left == pytest.approx(85.6, abs=0.6)  # the fold line halves it
    assert left >= 10 and 210 - right >= 10  # 1 cm from the A4 paper's edge at least
    words = [w for w in words_in(document.pdf, page) if top - 1 < w[1] < bottom + 30]
    assert words, "no text on the card"
    outside = [w[4] for w in words if not (left < w[0] and w[2] < right and w[3] < bottom)]
    assert not outside, outside  # nothing spills out of the card or below it
    for x_min, _, x_max, _, word in words:  # nothing straddles the fold
        assert not x_min < fold < x_max, word
