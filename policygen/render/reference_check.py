"""A house style checked through Word's object model (python-docx), after it was adapted.

:mod:`reference_doc` opens a reference document with an XML parser and keeps only what a
plain document may carry (no macros, no external links, no old body). This module then opens
the *adapted* document with python-docx, the design's library for Word, as a second reader:
if Word's object model cannot open what policygen would build on, that is said before any
document is built, and the styles the documents use are looked up as Word names them
(``Heading 1``, whatever the document's language calls it). Only a build given
``--reference-doc`` comes here; a plain build never imports python-docx.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from policygen.errors import Problem, ProblemsError
from policygen.render.docinfo import DocumentInfo
from policygen.render.reference_doc import ReferenceDoc

SAMPLE_INFO = DocumentInfo(title="Title", subject="", author="policygen", keywords="",
                           version="", language="en", date=dt.date(2000, 1, 1))

# the paragraph styles a document uses, by their built-in names, and what lacking one means
CHECKED_STYLES = (
    ("Title", "the title is a plain paragraph"),
    ("Heading 1", "level-1 headings are plain paragraphs and the contents list is left out"),
    ("Heading 2", "level-2 headings (articles) are plain paragraphs"),
    ("Heading 3", "level-3 headings are plain paragraphs"),
)


def style_warnings(reference: ReferenceDoc, path: Path) -> list[str]:
    """What the adapted reference lacks, one line each naming the file.

    A small document is built on it as any document would be, and opened with python-docx.
    Raises :class:`~policygen.errors.ProblemsError` when python-docx cannot open it.
    """
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    from policygen.render.docx import render

    sample = render("# Title\n\n## Article\n\nText.\n", SAMPLE_INFO, path)
    try:
        document = docx.Document(io.BytesIO(sample))
        paragraph_styles = {style.name for style in document.styles
                            if style.type == WD_STYLE_TYPE.PARAGRAPH and style.name}
    except Exception as exc:  # noqa: BLE001 - whatever python-docx trips over, said once
        raise ProblemsError([Problem(reference.source,
                                     "Word's object model (python-docx) cannot open it once "
                                     f"adapted: {exc}; save it again from Word as .docx")]
                            ) from None
    if reference.styles_part is None:
        return []  # reference_doc already says there are no styles at all
    return [f"{reference.source}: no paragraph style named '{name.lower()}'; {effect}"
            for name, effect in CHECKED_STYLES if name not in paragraph_styles]
