"""Writing a build's files: refuse to overwrite hand edits, then write each file atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from policygen.errors import OverwriteError, PolicygenError
from policygen.manifest import MANIFEST_NAME, recorded_hashes, sha256


def edited_files(folder: Path, new_files: Mapping[str, bytes]) -> list[Path]:
    """Files in ``folder`` we would replace whose content a person has changed.

    A file is left alone when it is what the last manifest recorded (our own output) or
    already what we are about to write; any other existing file counts as edited.
    """
    recorded = recorded_hashes(folder) or {}
    edited = []
    for name, data in new_files.items():
        if name == MANIFEST_NAME:
            continue
        path = folder / name
        try:
            current = sha256(path.read_bytes())
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise PolicygenError(f"{path}: cannot read ({exc.strerror or exc})") from None
        if current not in (recorded.get(name), sha256(data)):
            edited.append(path)
    return edited


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and rename it into place."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_outputs(folder: Path, files: Mapping[str, bytes], *, force: bool) -> list[Path]:
    """Write ``files`` (the manifest last) into ``folder``; return the paths written."""
    if not force:
        edited = edited_files(folder, files)
        if edited:
            raise OverwriteError(edited)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PolicygenError(f"{folder}: cannot create the folder ({exc.strerror or exc})") \
            from None
    written = []
    ordered = sorted(files, key=lambda name: (name == MANIFEST_NAME, name))
    for name in ordered:
        path = folder / name
        try:
            write_atomic(path, files[name])
        except OSError as exc:
            raise PolicygenError(f"{path}: cannot write ({exc.strerror or exc})") from None
        written.append(path)
    return written
