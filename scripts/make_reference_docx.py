"""Regenerate policygen/render/reference.docx, the clean default reference document.

It starts from python-docx's default template and makes it fit for print in Europe: A4 with
2.5 cm margins, calm heading sizes, body spacing with widow and orphan control (said
explicitly, so that every reader applies it), a Hyperlink character style, and without the
parts a generated document does not need (thumbnail, custom XML, the duplicate
stylesWithEffects, unused table styles) or the template's leftovers (a zoom without its
percentage, compatibility mode 14, "Microsoft Macintosh Word" statistics in docProps/app.xml,
its 2013 dates). Run: .venv/bin/python scripts/make_reference_docx.py
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policygen.render.docx_package import write_zip  # noqa: E402
from policygen.render.reference_parts import clean_settings  # noqa: E402

KEEP_TABLE_STYLES = {"TableNormal", "TableGrid"}
DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
APP_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           b'extended-properties"><Application>policygen</Application></Properties>')
# Our own table style: thin grey rules, a shaded header row, compact cell spacing.
TABLE_STYLE = (
    '<w:style xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'w:type="table" w:customStyle="1" w:styleId="policygenTable">'
    '<w:name w:val="policygen Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
    '<w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:tblPr><w:tblBorders>'
    + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
              for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    + '</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/>'
    '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
    '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr></w:tblStylePr>'
    "</w:style>"
)


def main() -> None:
    """Build the reference document and write it into the package."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.25)

    styles_element = document.styles.element
    for style in styles_element.findall(qn("w:style")):
        if (style.get(qn("w:type")) == "table"
                and style.get(qn("w:styleId")) not in KEEP_TABLE_STYLES):
            styles_element.remove(style)

    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.widow_control = True  # no line alone at a page's top or foot
    for name, size, before in (("Heading 1", 16, 18), ("Heading 2", 13, 12),
                               ("Heading 3", 11.5, 10)):
        style = styles[name]
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
    styles["Title"].font.size = Pt(24)
    if "Hyperlink" not in [s.name for s in styles]:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        link.font.underline = True

    for level in (1, 2):
        name = f"toc {level}"
        if name not in [s.name.lower() for s in styles]:
            toc = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            toc.base_style = normal
            toc.paragraph_format.space_after = Pt(2)
            toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            toc.hidden = False
            toc.quick_style = False
            toc.element.attrib.pop(qn("w:customStyle"), None)  # a built-in style, not custom
            toc.element.set(qn("w:styleId"), f"TOC{level}")

    if "policygen Table" not in [s.name for s in styles]:
        styles_element.append(parse_xml(TABLE_STYLE))

    document.core_properties.title = "policygen reference document"
    document.core_properties.author = "policygen"
    document.core_properties.comments = ""
    document.core_properties.keywords = ""
    document.core_properties.created = document.core_properties.modified = DATE
    clean_settings(document.settings.element)

    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith(("/customXml", "/stylesWithEffects")):
            del document.part.rels[rel_id]

    target = ROOT / "policygen" / "render" / "reference.docx"
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["docProps/app.xml"] = APP_XML  # the template's was Word's, with its statistics
    target.write_bytes(write_zip(members))  # fixed timestamps
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
