"""Reading a manifest.json: one reader (:func:`policygen.safeio.read_json`) for the output
folder's memory, the redline's earlier build and ``changes --since``, each naming the file and
why it is not a manifest in its own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from policygen import safeio
from policygen.errors import PolicygenError, ProblemsError
from policygen.history.earlier import read_manifest

NOT_JSON = [
    (b"{not json", "not JSON: Expecting property name enclosed in double quotes"),
    (b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
    (b"\xff\xfe", "not UTF-8 text"),
]


@pytest.mark.parametrize(("content", "reason"), NOT_JSON)
def test_a_file_that_is_not_json_says_why(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "manifest.json"
    path.write_bytes(content)
    with pytest.raises(safeio.NotJSONError) as caught:
        safeio.read_json(path)
    assert caught.value.reason.startswith(reason)


def test_a_manifest_is_read_only_within_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text('{"documents": {}}', encoding="utf-8")
    assert safeio.read_json(path) == {"documents": {}}
    with pytest.raises(ProblemsError) as caught:
        safeio.read_json(path, limit=5)
    message = caught.value.problems[0].message
    assert message.startswith("larger than") and message.endswith("(17 bytes); not a manifest")


@pytest.mark.parametrize(("content", "reason"), NOT_JSON)
def test_changes_since_a_damaged_manifest_names_it_and_why(tmp_path: Path, content: bytes,
                                                           reason: str) -> None:
    path = tmp_path / "manifest.json"
    path.write_bytes(content)
    with pytest.raises(PolicygenError) as caught:
        read_manifest(tmp_path)
    assert str(caught.value).startswith(
        f"{path}: not a manifest.json that policygen wrote ({reason}")
