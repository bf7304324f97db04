"""PDF through LibreOffice: each DOCX converted by `soffice --headless --convert-to pdf`."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from policygen.errors import MissingToolError, PolicygenError

INSTALL_HINT = ("PDF output needs LibreOffice: install it (Debian/Ubuntu: "
                "apt-get install libreoffice-writer-nogui; macOS: brew install --cask "
                "libreoffice) or leave pdf out of --format")


def soffice() -> str | None:
    """The LibreOffice command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(documents: Mapping[str, bytes], timeout: float = 180) -> dict[str, bytes]:
    """PDF bytes for each named DOCX (one LibreOffice run for all of them)."""
    command = soffice()
    if command is None:
        raise MissingToolError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="policygen-pdf-") as folder:
        work = Path(folder)
        inputs = []
        for name, data in documents.items():
            path = work / f"{name}.docx"
            path.write_bytes(data)
            inputs.append(str(path))
        profile = (work / "profile").as_uri()  # a private profile: no clash with a running office
        try:
            done = subprocess.run(
                [command, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(work), *inputs],
                capture_output=True, text=True, timeout=timeout, check=False,
            )
        except subprocess.TimeoutExpired:
            raise PolicygenError(f"LibreOffice did not finish within {timeout:.0f} s") from None
        results = {}
        for name in documents:
            pdf = work / f"{name}.pdf"
            if not pdf.is_file():
                detail = (done.stderr or done.stdout).strip().splitlines()
                raise PolicygenError(f"LibreOffice could not convert {name}.docx to PDF"
                                     + (f": {detail[-1]}" if detail else ""))
            results[name] = pdf.read_bytes()
        return results


def heading_pages(pdf: bytes, entries: list[str]) -> tuple[int, ...]:
    """The page each table-of-contents entry's heading is printed on (empty if unknown).

    The entries appear twice in the PDF: in the table of contents, then as headings, in the
    same order; the second run of matches gives the pages. Needs poppler's pdftotext.
    """
    tool = shutil.which("pdftotext")
    if tool is None or not entries:
        return ()
    with tempfile.TemporaryDirectory(prefix="policygen-toc-") as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        try:
            done = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                                  timeout=60, check=False)
        except (OSError, subprocess.SubprocessError):
            return ()
    if done.returncode != 0:
        return ()
    pages = [" ".join(page.split()) for page in done.stdout.decode("utf-8", "replace")
             .split("\f")]
    found: list[int] = []
    page, position = 0, 0
    for target in [*entries, *entries]:
        wanted = " ".join(target.split())
        while page < len(pages):
            at = pages[page].find(wanted, position)
            if at >= 0:
                found.append(page + 1)
                position = at + len(wanted)
                break
            page, position = page + 1, 0
        else:
            return ()
    return tuple(found[len(entries):])
