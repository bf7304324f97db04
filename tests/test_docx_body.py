"""The DOCX body renderer: the golden documents give the same Word XML byte for byte, each
node type renders as it should, and a node type the renderer does not know is refused.

The golden inputs in ``tests/golden_docx/`` are copies of the example organisations'
Markdown (so that a change to the clauses does not move them) plus ``constructs.md``, which
holds every node type the parser makes. After an intended change to the Word output,
regenerate the expected hashes and review what changed in the documents:
    POLICYGEN_REGEN=1 .venv/bin/python -m pytest tests/test_docx_body.py
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from policygen import render_docx
from policygen.docinfo import DocumentInfo

GOLDEN = Path(__file__).parent / "golden_docx"
EXPECTED = GOLDEN / "expected.json"
PARTS = ("word/document.xml", "word/numbering.xml")
# (input, kind): a protocol has a contents list, a handout keeps short blocks together
CASES = [(path, path.stem.split("-")[0]) for path in sorted(GOLDEN.glob("*/*.md"))] + [
    (GOLDEN / "constructs.md", kind) for kind in ("protocol", "handout")]


def golden_info(kind: str) -> DocumentInfo:
    """The settings build.py gives each kind of document (see ``build._docx_info``)."""
    return DocumentInfo(title="T", subject="S", author="A", keywords="k", version="v1",
                        language="nl", date=dt.date(2026, 12, 1), header="H", footer="F",
                        toc_title="Contents" if kind == "protocol" else None,
                        keep_blocks=kind == "handout")


def case_id(path: Path, kind: str) -> str:
    return f"{path.parent.name}/{path.stem}" if path.parent != GOLDEN else f"{path.stem}-{kind}"


def part_hashes(markdown: str, kind: str) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(render_docx.render(markdown, golden_info(kind)))) as archive:
        return {part: hashlib.sha256(archive.read(part)).hexdigest() for part in PARTS}


@pytest.mark.parametrize(("path", "kind"), CASES, ids=[case_id(p, k) for p, k in CASES])
def test_golden_documents_give_the_same_word_xml(path: Path, kind: str) -> None:
    got = part_hashes(path.read_text(encoding="utf-8"), kind)
    expected = json.loads(EXPECTED.read_text()) if EXPECTED.is_file() else {}
    if os.environ.get("POLICYGEN_REGEN"):
        expected[case_id(path, kind)] = got
        EXPECTED.write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    assert got == expected.get(case_id(path, kind)), (
        f"{path.name} ({kind}): the Word XML changed; if intended, regenerate with "
        "POLICYGEN_REGEN=1 and review the documents")
