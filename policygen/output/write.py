"""Writing a build's files: refuse to overwrite hand edits, then change the folder at once.

Everything that decides whether a build may write runs with the folder locked and after an
interrupted earlier build was completed or undone (:mod:`transaction`): the manifest must be
readable, the folder must belong to the same organisation, no file in the way may be a
folder, device or link, and no file may have been edited since the last build.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from policygen.errors import OverwriteError, PolicygenError
from policygen.output.manifest import (
    MANIFEST_NAME,
    Manifest,
    RecordedBuild,
    keep_earlier_files,
    read_recorded,
    sha256,
)
from policygen.output.transaction import FolderTransaction, write_temporary


class OtherOrganisationError(PolicygenError):
    """The output folder holds another organisation's documents."""


@dataclass
class WriteResult:
    """What a build changed in its folder."""

    written: list[Path]  # every file of this build, now in the folder
    kept: list[str] = field(default_factory=list)  # earlier files this build did not replace
    # files that already held exactly what this build made: left as they were (their times too)
    unchanged: list[str] = field(default_factory=list)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _refuse_unreplaceable(folder: Path, names: list[str]) -> None:
    """Every name we would replace is absent or a regular file; else say what is there."""
    for name in names:
        path = folder / name
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise PolicygenError(f"{path}: cannot read ({exc.strerror or exc})") from None
        if stat.S_ISREG(mode):
            continue
        what = ("a folder" if stat.S_ISDIR(mode) else "a symbolic link" if stat.S_ISLNK(mode)
                else "not a regular file (a pipe, socket or device)")
        raise PolicygenError(f"{path}: is {what}, where the build writes a file; move it "
                             "away and build again (nothing was written)")


def edited_files(folder: Path, new_files: Mapping[str, bytes],
                 recorded: RecordedBuild | None) -> list[Path]:
    """Files in ``folder`` we would replace whose content a person has changed.

    A file is left alone when it is what the last manifest recorded (our own output) or
    already what we are about to write; any other existing file counts as edited.
    """
    hashes = recorded.hashes if recorded else {}
    edited = []
    for name, data in new_files.items():
        if name == MANIFEST_NAME:
            continue
        path = folder / name
        try:
            current = _file_sha256(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise PolicygenError(f"{path}: cannot read ({exc.strerror or exc})") from None
        if current not in (hashes.get(name), sha256(data)):
            edited.append(path)
    return edited


def _same_organisation(name: str | None, other: str | None) -> bool:
    if not name or not other:
        return True  # an older manifest that does not say: nothing to compare
    return " ".join(name.casefold().split()) == " ".join(other.casefold().split())


def write_outputs(folder: Path, files: Mapping[str, bytes], manifest: Manifest, *,
                  force: bool) -> WriteResult:
    """Write ``files`` and ``manifest`` into ``folder`` as one change; return what changed."""
    names = [*sorted(files), MANIFEST_NAME]
    with FolderTransaction(folder) as transaction:
        _refuse_unreplaceable(folder, names)
        try:
            recorded = read_recorded(folder)
        except PolicygenError:
            if not force:
                raise
            recorded = None  # --force: the damaged manifest is replaced with a true one
        if recorded and not force and not _same_organisation(manifest.organisation,
                                                              recorded.organisation):
            raise OtherOrganisationError(
                f"{folder}: holds the documents of {recorded.organisation!r}, not of "
                f"{manifest.organisation!r}; choose another --out, or use --force to "
                "replace them")
        if not force:
            edited = edited_files(folder, files, recorded)
            if edited:
                raise OverwriteError(edited)
        kept: list[str] = []
        if recorded:
            present = {p.name for p in folder.iterdir() if p.is_file()}
            kept = keep_earlier_files(manifest, recorded, present - set(files))
        contents = {**{name: files[name] for name in sorted(files)},
                    MANIFEST_NAME: manifest.to_bytes()}
        unchanged = [name for name, data in contents.items() if _holds(folder / name, data)]
        if len(unchanged) < len(contents):
            for name, data in contents.items():
                if name not in unchanged:  # a file that already holds it is not touched
                    transaction.stage(name, data)
            transaction.commit()
    return WriteResult([folder / name for name in names], kept, unchanged)


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file holding exactly ``data``."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with open(path, "rb") as stream:
            return stream.read(len(data) + 1) == data
    except OSError:
        return False


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file through a temporary file in the same folder and rename it into place."""
    temporary = write_temporary(path.parent, f".{path.name}.", data)
    try:
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
