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


def _current_hashes(folder: Path, names: list[str]) -> dict[str, str]:
    """The sha256 of each of ``names`` that is in ``folder`` now."""
    found = {}
    for name in names:
        path = folder / name
        try:
            found[name] = _file_sha256(path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise PolicygenError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return found


def edited_files(folder: Path, new_hashes: Mapping[str, str], current: Mapping[str, str],
                 recorded: RecordedBuild | None) -> list[Path]:
    """Files in ``folder`` we would replace whose content a person has changed.

    A file is left alone when it is what the last manifest recorded (our own output) or
    already what we are about to write; any other existing file counts as edited.
    """
    hashes = recorded.hashes if recorded else {}
    return [folder / name for name, new in new_hashes.items()
            if name != MANIFEST_NAME and name in current
            and current[name] not in (hashes.get(name), new)]


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
        current = _current_hashes(folder, names)
        new_hashes = {name: sha256(data) for name, data in files.items()}
        if not force:
            edited = edited_files(folder, new_hashes, current, recorded)
            if edited:
                raise OverwriteError(edited)
        kept: list[str] = []
        if recorded:
            present = {p.name for p in folder.iterdir() if p.is_file()}
            kept = keep_earlier_files(manifest, recorded, present - set(files))
        contents = {**{name: files[name] for name in sorted(files)},
                    MANIFEST_NAME: manifest.to_bytes()}
        new_hashes[MANIFEST_NAME] = sha256(contents[MANIFEST_NAME])
        # a file that already holds it is not touched
        unchanged = [name for name in contents if current.get(name) == new_hashes[name]]
        if len(unchanged) < len(contents):
            for name, data in contents.items():
                if name not in unchanged:
                    transaction.stage(name, data)
            transaction.commit()
    return WriteResult([folder / name for name in names], kept, unchanged)


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file through a temporary file in the same folder and rename it into place."""
    temporary = write_temporary(path.parent, f".{path.name}.", data)
    try:
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
