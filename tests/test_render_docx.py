"""DOCX renderer: reopen the file with python-docx and check styles, numbering, tables,
runs, properties and determinism; a Dutch Word template with localized style ids works."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from policygen.render import docx as render_docx
from policygen.render.docx import DocumentInfo

SAMPLE = """# The title

Intro with **bold**, *italic* and a [link](https://example.org/x).

## Section one

### Article 1.1

First list:

1. one
2. two
   - nested bullet
3. three

Second list:

1. again one
2. again two

- bullet a
- bullet b

#### Sub heading

| Step | Who | Contact |
|---|---|---|
| 1 | Webcare | web@example.org |
| 2 | Head | +31 6 0 |

> A callout.

---

After the page break & <escaped> "text".
"""

INFO = DocumentInfo(title="The title", subject="Protocol", author="Anne", keywords="a, b",
                    version="v1.2.0", language="nl", date=dt.date(2026, 12, 1))


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return render_docx.render(SAMPLE, INFO)


def open_doc(data: bytes) -> Any:  # python-docx's optional styles and elements, unchecked
    return docx.Document(io.BytesIO(data))


def test_headings_use_built_in_styles(rendered: bytes) -> None:
    document = open_doc(rendered)
    styled = [(p.style.name, p.text) for p in document.paragraphs
              if p.style.name.startswith(("Title", "Heading"))]
    assert styled == [("Title", "The title"), ("Heading 1", "Section one"),
                      ("Heading 2", "Article 1.1"), ("Heading 3", "Sub heading")]


def numbered(document: Any) -> list[tuple[str, int, int]]:
    out = []
    for p in document.paragraphs:
        num_pr = p._p.pPr.numPr if p._p.pPr is not None else None
        if num_pr is not None:
            out.append((p.text, num_pr.numId.val, num_pr.ilvl.val))
    return out


def test_every_numbered_list_restarts_at_one(rendered: bytes) -> None:
    document = open_doc(rendered)
    items = numbered(document)
    texts = [t for t, _, _ in items]
    assert texts == ["one", "two", "nested bullet", "three", "again one", "again two",
                     "bullet a", "bullet b"]
    first, second = items[0][1], items[4][1]
    assert first != second
    assert items[2][2] == 1  # nested one level deeper
    numbering = document.part.numbering_part.element
    nums = {int(n.get(qn("w:numId"))): n for n in numbering.findall(qn("w:num"))}
    for num_id in (first, second):
        override = nums[num_id].find(qn("w:lvlOverride"))
        assert override.find(qn("w:startOverride")).get(qn("w:val")) == "1"


def test_bullets_are_real_bullet_characters(rendered: bytes) -> None:
    document = open_doc(rendered)
    numbering = document.part.numbering_part.element
    abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                    if a.find(qn("w:name")) is not None
                    and a.find(qn("w:name")).get(qn("w:val")) == "policygen bullets")
    level0 = abstract.find(qn("w:lvl"))
    assert level0.find(qn("w:lvlText")).get(qn("w:val")) == "•"
    assert level0.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:ascii")) != "Symbol"


def test_list_items_use_list_paragraph(rendered: bytes) -> None:
    document = open_doc(rendered)
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles["one"] == "List Paragraph"
    assert styles["bullet b"] == "List Paragraph"


def test_table_has_repeating_header_and_style(rendered: bytes) -> None:
    document = open_doc(rendered)
    assert len(document.tables) == 1
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Step", "Who", "Contact"]
    assert [c.text for c in table.rows[2].cells] == ["2", "Head", "+31 6 0"]
    assert table.style.name == "policygen Table"
    header_pr = table.rows[0]._tr.trPr
    assert header_pr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert all(run.bold for run in table.rows[0].cells[0].paragraphs[0].runs)


def test_inline_formatting_and_links(rendered: bytes) -> None:
    document = open_doc(rendered)
    intro = document.paragraphs[1]
    runs = {r.text: r for r in intro.runs}
    assert runs["bold"].bold and not runs["bold"].italic
    assert runs["italic"].italic
    assert intro.text == "Intro with bold, italic and a link."
    links = [r for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert [r.target_ref for r in links] == ["https://example.org/x"]
    assert intro._p.find(qn("w:hyperlink")) is not None


def test_quote_page_break_and_escaping(rendered: bytes) -> None:
    document = open_doc(rendered)
    texts = [p.text for p in document.paragraphs]
    assert 'After the page break & <escaped> "text".' in texts
    quote = next(p for p in document.paragraphs if p.text == "A callout.")
    assert "Quote" in quote.style.name
    after = next(p for p in document.paragraphs if p.text.startswith("After the page break"))
    assert after.paragraph_format.page_break_before  # the break is on the next block
    assert not list(document.element.body.iter(qn("w:br")))  # no paragraph of its own


def test_page_is_a4_and_properties_are_set(rendered: bytes) -> None:
    document = open_doc(rendered)
    section = document.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    props = document.core_properties
    assert (props.title, props.subject, props.author, props.keywords, props.version) == (
        "The title", "Protocol", "Anne", "a, b", "v1.2.0")
    assert props.language == "nl-NL"
    assert props.created == props.modified == dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def test_same_input_gives_same_bytes(rendered: bytes) -> None:
    assert render_docx.render(SAMPLE, INFO) == rendered
    with zipfile.ZipFile(io.BytesIO(rendered)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def dutch_reference(path: Path) -> Path:
    """A reference document like a Dutch Word's: same built-in names, localized style ids."""
    source = render_docx.DEFAULT_REFERENCE
    renames = {"Heading1": "Kop1", "Heading2": "Kop2", "Heading3": "Kop3", "Title": "Titel",
               "ListParagraph": "Lijstalinea", "TableGrid": "Tabelraster",
               "policygenTable": "Tabelraster-policygen"}
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/styles.xml":
                text = data.decode()
                for old, new in {**renames, "Normal": "Standaard"}.items():
                    text = re.sub(rf'(w:styleId|<w:basedOn w:val|<w:next w:val)="{old}"',
                                  rf'\1="{new}"', text)
                data = text.encode()
            zout.writestr(item, data)
    return path


def test_dutch_template_maps_styles_by_built_in_name(tmp_path: Path) -> None:
    reference = dutch_reference(tmp_path / "huisstijl.docx")
    document = open_doc(render_docx.render(SAMPLE, INFO, reference))
    ids = [p.style.style_id for p in document.paragraphs if p.text in (
        "The title", "Section one", "Article 1.1", "one")]
    assert ids == ["Titel", "Kop1", "Kop2", "Lijstalinea"]
    assert document.tables[0].style.style_id == "Tabelraster-policygen"


def test_bad_reference_document_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip")
    with pytest.raises(render_docx.PolicygenError, match=r"bad\.docx: not a usable Word document"):
        render_docx.render(SAMPLE, INFO, bad)


FURNISHED = DocumentInfo(title="T", subject="", author="A", keywords="", version="1",
                         language="nl", date=dt.date(2026, 12, 1), header="Kop van T",
                         footer="geldig vanaf 1 december 2026", page_words=("Pagina", "van"),
                         toc_title="Inhoud")


def instructions(element: object) -> list[str]:
    return [t.text.strip() for t in element.iter(qn("w:instrText"))]  # type: ignore[attr-defined]


def test_header_footer_with_page_x_of_y() -> None:
    document = open_doc(render_docx.render(SAMPLE, FURNISHED))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "Kop van T"
    assert section.header.paragraphs[0].style.name == "Header"
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("geldig vanaf 1 december 2026\tPagina ")
    assert instructions(section.footer._element) == ["PAGE", "NUMPAGES"]


def test_table_of_contents_is_a_prefilled_field() -> None:
    document = open_doc(render_docx.render(SAMPLE, FURNISHED))
    body = document.element.body
    assert instructions(body) == ['TOC \\o "1-2" \\h \\z \\u']
    toc = [(p.style.name, p.text) for p in document.paragraphs
           if p.style.name.lower().startswith("toc")]
    assert toc == [("TOC Heading", "Inhoud"), ("toc 1", "Section one"), ("toc 2", "Article 1.1")]
    names = [p.text for p in document.paragraphs]
    assert names.index("Inhoud") < names.index("Section one")
    # Word is not asked to refresh fields on opening (it would ask the reader first)
    assert document.settings.element.find(qn("w:updateFields")) is None
    assert not any(re.search(r"\t\d+$", text) for _, text in toc)  # no pages known


def test_table_of_contents_carries_the_pages_it_is_given() -> None:
    info = dataclasses.replace(FURNISHED, toc_pages=(2, 3))
    document = open_doc(render_docx.render(SAMPLE, info))
    toc = [p.text for p in document.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert toc == ["Section one\t2", "Article 1.1\t3"]
    assert document.settings.element.find(qn("w:updateFields")) is None


def test_house_style_header_and_footer_are_kept(tmp_path: Path) -> None:
    house = docx.Document(str(render_docx.DEFAULT_REFERENCE))
    section = house.sections[0]
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = "Huisstijl BV — logo hier"
    section.footer.is_linked_to_previous = False
    section.footer.paragraphs[0].text = "Vertrouwelijk"
    path = tmp_path / "house.docx"
    house.save(str(path))
    document = open_doc(render_docx.render(SAMPLE, FURNISHED, path))
    assert document.sections[0].header.paragraphs[0].text == "Huisstijl BV — logo hier"
    assert document.sections[0].footer.paragraphs[0].text == "Vertrouwelijk"


def keeps(markdown: str, keep_blocks: bool = False) -> dict[str, tuple[bool, bool, bool]]:
    """Each paragraph's text → (keep with next, keep lines together, page break before)."""
    info = DocumentInfo(title="T", subject="", author="A", keywords="", version="1",
                        language="en", date=dt.date(2026, 12, 1), keep_blocks=keep_blocks)
    document = open_doc(render_docx.render(markdown, info))
    for p in document.paragraphs:  # the flags sit after the style (schema order)
        ppr = p._p.pPr
        if ppr is not None:
            tags = [child.tag for child in ppr]
            flags = [t for t in tags if t in (qn("w:keepNext"), qn("w:keepLines"),
                                               qn("w:pageBreakBefore"))]
            assert tags[tags.index(qn("w:pStyle")) + 1 if qn("w:pStyle") in tags else 0:
                        ][:len(flags)] == flags
    return {p.text: (bool(p.paragraph_format.keep_with_next),
                     bool(p.paragraph_format.keep_together),
                     bool(p.paragraph_format.page_break_before)) for p in document.paragraphs}


def test_a_heading_keeps_with_its_first_paragraph_only() -> None:
    # short chains: LibreOffice leaves a heading at the foot of a page when a chain of
    # keep-with-next paragraphs is long, so only the heading keeps with what follows
    got = keeps("# T\n\n## Scenarios\n\n### One\n\nSituation.\n\n> Quote.\n\nMore.\n\n"
                "### Two\n\n" + "Long. " * 150 + "\n\nAfter.\n")
    assert got["Scenarios"] == got["One"] == got["Two"] == (True, False, False)
    assert got["Situation."] == (False, True, False)  # moves with its heading, whole
    assert got["Quote."] == got["More."] == got["After."] == (False, False, False)
    assert got[("Long. " * 150).strip()] == (False, False, False)  # too long to hold whole


def test_an_introduction_keeps_with_its_list_quote_or_table() -> None:
    got = keeps("# T\n\nIt may be a crisis when:\n\n- one\n- two\n\nPlain text.\n\n- three\n\n"
                "Someone writes:\n\n> Hello.\n\nThe ladder.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n")
    # ... and with two lines of what it introduces: the first item keeps with the next
    assert got["It may be a crisis when:"][0] and got["one"] == (True, True, False)
    assert got["two"] == (False, False, False)
    assert got["Plain text."] == (False, False, False)  # not an introduction
    assert got["Someone writes:"][0] and got["Hello."] == (False, True, False)
    assert got["The ladder."][0]  # a short paragraph before a table


def test_handout_short_lists_and_tables_stay_together() -> None:
    markdown = ("# T\n\n## Questions\n\n1. Question?\n2. Other?\n3. Third?\n\nLast line.\n\n"
                + "".join(f"- item {n}\n" for n in range(9)) + "\nEnd.\n")
    got = keeps(markdown, keep_blocks=True)
    assert got["Question?"] == (True, True, False) and got["Other?"] == (True, False, False)
    assert got["Third?"] == got["Last line."] == (False, False, False)
    assert not any(got[f"item {n}"][0] for n in range(9))  # a long list may break
    assert keeps(markdown)["Other?"] == (False, False, False)  # the protocol: lists may break

    table = "| A | B |\n|---|---|\n" + "".join(f"| {n} | x |\n" for n in range(9))
    for rows, kept in ((3, [True, True, True, False]), (9, [True] + [False] * 9)):
        body = table.split("\n")
        document = open_doc(render_docx.render("\n".join(body[:2 + rows]) + "\n", INFO))
        flags = [bool(row.cells[0].paragraphs[0].paragraph_format.keep_with_next)
                 for row in document.tables[0].rows]
        assert flags == kept[:rows + 1]  # a short table moves whole; a long one keeps its header


def test_a_rule_starts_a_page_without_a_paragraph_of_its_own() -> None:
    got = keeps("---\n\n# T\n\nText.\n\n---\n\n---\n\n## Card\n\nEnd.\n\n---\n")
    assert got["T"][2] is False  # nothing before the first rule: no blank first page
    assert got["Card"] == (True, False, True)  # two rules, one break
    assert got["End."] == (False, True, False)
    assert list(got) == ["T", "Text.", "Card", "End."]  # no empty paragraphs
    document = open_doc(render_docx.render("# T\n\nText.\n\n---\n\n| A |\n|---|\n| 1 |\n", INFO))
    breaker = document.paragraphs[-2]  # a table cannot break a page: a paragraph before it
    assert breaker.text == "" and breaker.paragraph_format.page_break_before
    assert breaker._p.getnext().tag == qn("w:tbl")


CARD = """# T

## Card

Cut it out.

| ✂ Peeze · social media | |
|---|---|
| Doubt | Webcare · webcare@example.nl |
| Crisis | Crisis team · +31 6 00000000 |
| We reply within | 4 hours |

| ✂ Three rules | |
|---|---|
| 1 | You post as *yourself*. |
| 2 | What's confidential stays inside. |
| 3 | In doubt? Report it. |
"""


def card_table(data: bytes) -> Any:
    tables = open_doc(data).tables
    assert len(tables) == 1
    return tables[0]._tbl


def twips(element: Any, path: str, attribute: str = "w:w") -> list[int]:
    return [int(e.get(qn(attribute))) for e in element.iterfind(path, namespaces=NS)]


NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def test_a_card_is_a_bank_card_to_cut_out_and_fold() -> None:
    data = render_docx.render(CARD, INFO)
    section = open_doc(data).sections[0]
    table = card_table(data)
    assert twips(table, "w:tblPr/w:tblW") == [2 * 4853]  # front and back side by side
    assert twips(table, "w:tblGrid/w:gridCol") == [4853, 4853]  # 85.6 mm each
    (row,) = table.iterfind("w:tr", namespaces=NS)
    height = row.find("w:trPr/w:trHeight", namespaces=NS)
    assert (height.get(qn("w:val")), height.get(qn("w:hRule"))) == ("3061", "exact")  # 54 mm
    borders = {etree_name(b): b.get(qn("w:val"))
               for b in table.find("w:tblPr/w:tblBorders", namespaces=NS)}
    assert borders == {"top": "dashed", "left": "dashed", "bottom": "dashed",
                       "right": "dashed", "insideV": "dotted"}  # cut line, fold line
    # centred on the paper, reaching 5.6 mm into each 2.5 cm margin of A4
    assert twips(table, "w:tblPr/w:tblInd") == [
        (section.page_width.twips - 2 * 4853) // 2 - section.left_margin.twips]
    front, back = (tc for tc in row.iterfind("w:tc", namespaces=NS))
    assert text(front).startswith("Peeze · social media") and "✂" not in text(front)
    assert "Webcare · webcare@example.nl" in text(front)
    assert "+31\u00a06\u00a000000000" in text(front)  # a phone number does not wrap
    assert text(back).startswith("Three rules") and "In doubt? Report it." in text(back)
    sizes = {int(s.get(qn("w:val"))) for s in row.iter(qn("w:sz"))}
    assert max(sizes) <= 22 and min(sizes) >= 12  # small type: 6 to 11 pt
    assert any(r.find(qn("w:rPr")) is not None and r.find(qn("w:rPr")).find(qn("w:i"))
               is not None for r in back.iter(qn("w:r")))  # inline formatting kept


def etree_name(element: Any) -> str:
    return str(element.tag).rpartition("}")[2]


def text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def test_a_card_with_more_to_say_gets_smaller_type() -> None:
    long_card = CARD.replace("| 4 hours |", "| 4 hours |\n" + "| More | words words |\n" * 9)
    sizes = []
    for markdown in (CARD, long_card, CARD.replace("| 1 |", "| 1 | " + "x " * 200 + "|\n| 1 |")):
        row = card_table(render_docx.render(markdown, INFO)).find("w:tr", namespaces=NS)
        sizes.append(min(int(s.get(qn("w:val"))) for s in row.iter(qn("w:sz"))))
    assert sizes[0] > max(sizes[1:]) and min(sizes) >= 12


def test_a_card_on_narrow_paper_is_two_cards(tmp_path: Path) -> None:
    house = docx.Document(str(render_docx.DEFAULT_REFERENCE))
    house.sections[0].page_width = docx.shared.Cm(14.8)  # A5
    house.sections[0].left_margin = house.sections[0].right_margin = docx.shared.Cm(1.5)
    path = tmp_path / "a5.docx"
    house.save(str(path))
    tables = open_doc(render_docx.render(CARD, INFO, path)).tables
    assert len(tables) == 2
    for table in tables:
        assert twips(table._tbl, "w:tblGrid/w:gridCol") == [4853]
        assert table._tbl.find("w:tblPr/w:jc", namespaces=NS).get(qn("w:val")) == "center"


def test_a_table_without_the_mark_is_an_ordinary_table() -> None:
    tables = open_doc(render_docx.render(CARD.replace("✂ ", ""), INFO)).tables
    assert len(tables) == 2
    for table in tables:
        assert twips(table._tbl, "w:tblPr/w:tblW") == [9072]  # the text's width
        assert table._tbl.find("w:tr/w:trPr/w:trHeight", namespaces=NS) is None
        assert table.style.name == "policygen Table"


def test_custom_properties_carry_library_and_answers() -> None:
    info = DocumentInfo(title="T", subject="", author="A", keywords="", version="1",
                        language="en", date=dt.date(2026, 12, 1),
                        custom=(("policygen.library", "v1.3.0"),
                                ("policygen.answers_sha256", "ab" * 32)))
    data = render_docx.render(SAMPLE, info)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        custom = archive.read("docProps/custom.xml").decode()
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("_rels/.rels").decode()
    assert 'name="policygen.library"><vt:lpwstr>v1.3.0</vt:lpwstr>' in custom
    assert "ab" * 32 in custom
    assert "custom-properties+xml" in types and "relationships/custom-properties" in rels
    docx.Document(io.BytesIO(data))  # still opens


def png(width: int = 8, height: int = 4) -> bytes:
    """A small valid PNG, as a house style's logo."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = b"".join(b"\x00" + b"\x20\x60\xa0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_house_style_logo_in_the_header_survives(tmp_path: Path) -> None:
    house = docx.Document(str(render_docx.DEFAULT_REFERENCE))
    header = house.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].add_run().add_picture(io.BytesIO(png()), width=docx.shared.Cm(3))
    path = tmp_path / "house-logo.docx"
    house.save(str(path))
    data = render_docx.render(SAMPLE, FURNISHED, path)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        headers = [n for n in names if n.startswith("word/header")]
        assert any(n.startswith("word/media/") for n in names)
        assert any(b"<a:blip" in archive.read(h) or b"graphic" in archive.read(h)
                   for h in headers)
    document = open_doc(data)
    assert document.sections[0].header.part.related_parts  # the logo image is still related
