"""Property tests: answers that contain anything at all build, and come out literally."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from policygen import answers, assembly, outputs, render_docx
from policygen.library import ClauseLibrary
from policygen.profiles import FULL

MD = MarkdownIt("commonmark", {"html": False}).enable("table")

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1, max_size=50,
).map(str.strip).filter(bool)


def with_values(name: str, contact: str, topic: str, tool: str) -> answers.Answers:
    data = {**FULL, "organisation": {**FULL["organisation"], "name": name[:120]},
            "permissions": {**FULL["permissions"], "confidential_topics": [topic]},
            "tools": [{"name": tool[:60], "purpose": "monitoring"}]}
    data["escalation"] = {**FULL["escalation"], "levels": [
        {"name": "Webcare", "contact": contact}]}
    validated = answers.validate(data, "<generated>", today=dt.date(2026, 12, 1))
    return answers.Answers(validated, "<generated>", "")


def heading_text(markdown: str) -> str:
    tokens = MD.parse(markdown)
    return "".join(c.content for c in tokens[1].children or [])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=text, contact=text, topic=text, tool=text, lang=st.sampled_from(["nl", "en"]))
def test_anything_in_the_answers_builds_and_prints_literally(
        library: ClauseLibrary, name: str, contact: str, topic: str, tool: str,
        lang: str) -> None:
    loaded = with_values(name, contact, topic, tool).with_language(lang)
    docs = assembly.assemble(loaded, library, edition="trainer")
    protocol = docs["protocol"]
    expected_name = loaded.data["organisation"]["name"]
    assert heading_text(protocol.markdown).endswith("— " + expected_name)
    info = render_docx.DocumentInfo(protocol.title, "", "x", "", "1", lang, dt.date(2026, 12, 1))
    document = docx.Document(io.BytesIO(render_docx.render(protocol.markdown, info)))
    assert document.paragraphs[0].text.endswith(expected_name)
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert loaded.data["escalation"]["levels"][0]["contact"] in cells


def test_failed_write_leaves_no_half_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "protocol.md"
    target.write_text("old\n")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(outputs.PolicygenError, match="No space left on device"):
        outputs.write_outputs(tmp_path, {"protocol.md": b"new\n"}, force=True)
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["protocol.md"]
