"""The DOCX zip, written directly: the same bytes as :mod:`zipfile` writes, deflated once.

The reference document's parts (styles, theme, fonts) are the same in every document of a
build, so their deflated bytes are remembered; a document's own body is deflated anew.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policygen.render import docx_package
from policygen.render.docx_package import ZIP_DATE, write_zip

NAMES = st.text(st.characters(codec="utf-8", exclude_characters="\x00/\\"), min_size=1,
                max_size=20)


@given(st.dictionaries(NAMES, st.binary(max_size=3000), max_size=8))
def test_the_bytes_are_zipfiles(members: dict[str, bytes]) -> None:
    ours = write_zip(members)
    assert ours == docx_package._write_zipfile(members)
    assert write_zip(members) == ours  # from the remembered deflated members too
    with zipfile.ZipFile(io.BytesIO(ours)) as archive:
        assert archive.testzip() is None
        assert [(i.filename, i.date_time, i.external_attr >> 16) for i in archive.infolist()] \
            == [(name, ZIP_DATE, 0o644) for name in members]
        assert {name: archive.read(name) for name in members} == members


def test_a_word_document_reopens_with_the_same_parts() -> None:
    import datetime as dt

    from policygen.render import docx as render_docx
    from policygen.render.docinfo import DocumentInfo

    info = DocumentInfo(title="T", subject="S", author="A", keywords="k", version="v1",
                        language="nl", date=dt.date(2026, 12, 1), header="H", footer="F")
    data = render_docx.render("# Title\n\nText with **bold**.\n\n- a\n- b\n", info)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert write_zip(parts) == docx_package._write_zipfile(parts)
    assert b"Text with " in parts["word/document.xml"]


def test_only_a_few_small_members_are_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_package, "_DEFLATED", {})
    monkeypatch.setattr(docx_package, "DEFLATED_MEMBERS", 4)
    shared = b"<styles/>" * 50
    for number in range(20):
        write_zip({"styles.xml": shared, "body.xml": f"<body>{number}</body>".encode(),
                   "large.xml": bytes(docx_package.DEFLATED_MEMBER_BYTES + number)})
        remembered = docx_package._DEFLATED
        assert len(remembered) <= 4
        assert shared in remembered  # used by every document: never the least recent
        assert all(len(data) <= docx_package.DEFLATED_MEMBER_BYTES for data in remembered)


def test_sizes_beyond_a_plain_zip_go_through_zipfile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_package, "_ZIP64_LIMIT", 100)  # as if these were gigabytes
    members = {"a.xml": b"a" * 80, "b.xml": b"b" * 80}
    assert write_zip(members) == docx_package._write_zipfile(members)
