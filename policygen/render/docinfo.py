"""What a DOCX says about itself: properties and page furniture, apart from its body.

Kept apart from :mod:`render_docx` so that a build can describe a document without
importing the renderer (a build that writes only Markdown never imports it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentInfo:
    """Document properties and furniture written into the DOCX."""

    title: str
    subject: str
    author: str
    keywords: str
    version: str
    language: str
    date: dt.date
    comments: str = ""
    header: str = ""
    footer: str = ""
    page_words: tuple[str, str] = ("Page", "of")
    toc_title: str | None = None
    keep_blocks: bool = False
    custom: tuple[tuple[str, str], ...] = ()
    toc_pages: tuple[int, ...] = ()  # page of each TOC entry, where a layout pass found them
