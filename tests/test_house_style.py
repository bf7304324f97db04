"""House styles are untrusted files: templates, macro documents, zip bombs, odd but valid XML.

Each hostile house style is built on the fly from python-docx's default document. Every
render either succeeds with a plain .docx — document content type, no macros, every
relationship id resolving, content types matching the parts, valid against the OOXML schemas —
or fails with one clear line naming the file.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import json
import posixpath
import re
import struct
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from policygen.errors import PolicygenError
from policygen.render import docx as render_docx
from policygen.render import docx_package, reference_doc

from .conftest import EXAMPLES
from .test_render_docx import FURNISHED, SAMPLE

VALIDATOR = Path("/work/shared/ooxml/validate.py")
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
O_RELID = "{urn:schemas-microsoft-com:office:office}relid"
OFFICE_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
MACRO_TEMPLATE_MAIN = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
VBA_RT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"

Members = dict[str, bytes]


# -- building house styles ----------------------------------------------------------------


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Members:
    """python-docx's default document (thumbnail, custom XML, stylesWithEffects and all)."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write(path: Path, members: Members) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def set_main_type(members: Members, content_type: str) -> None:
    types = members["[Content_Types].xml"].decode()
    types = types.replace(DOCUMENT_MAIN, content_type)
    assert content_type in types
    members["[Content_Types].xml"] = types.encode()


def add_type(members: Members, part: str, content_type: str) -> None:
    types = members["[Content_Types].xml"].decode()
    members["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>').encode()


def add_relationship(members: Members, rels: str, rel_id: str, kind: str, target: str,
                     external: bool = False) -> None:
    text = members.get(rels, f'<Relationships xmlns="{RELS_NS}"></Relationships>'.encode())
    mode = ' TargetMode="External"' if external else ""
    members[rels] = text.decode().replace(
        "</Relationships>",
        f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"{mode}/></Relationships>'
    ).encode()


def with_macros(members: Members) -> None:
    """What a .docm or .dotm holds: a VBA project with its data, key bindings, a template."""
    members["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
    members["word/vbaData.xml"] = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                   b'<wne:vbaSuppData xmlns:wne="http://schemas.microsoft.com/'
                                   b'office/word/2006/wordml"/>')
    members["word/customizations.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><wne:tcg xmlns:wne="http://schemas.microsoft.'
        b'com/office/word/2006/wordml"><wne:keymaps><wne:keymap wne:kcmPrimary="0441">'
        b'<wne:macro wne:macroName="PROJECT.MODULE1.AUTOOPEN"/></wne:keymap></wne:keymaps>'
        b"</wne:tcg>")
    add_type(members, "word/vbaProject.bin", "application/vnd.ms-office.vbaProject")
    add_type(members, "word/vbaData.xml", "application/vnd.ms-word.vbaData+xml")
    add_type(members, "word/customizations.xml",
             "application/vnd.ms-word.keyMapCustomizations+xml")
    rels = "word/_rels/document.xml.rels"
    add_relationship(members, rels, "rId901", VBA_RT, "vbaProject.bin")
    add_relationship(members, rels, "rId902", "http://schemas.microsoft.com/office/2006/"
                     "relationships/keyMapCustomizations", "customizations.xml")
    add_relationship(members, "word/_rels/vbaProject.bin.rels", "rId1",
                     "http://schemas.microsoft.com/office/2006/relationships/wordVbaData",
                     "vbaData.xml")
    add_relationship(members, "word/_rels/settings.xml.rels", "rId1",
                     OFFICE_RT + "attachedTemplate",
                     "file:///C:/Templates/Huisstijl.dotm", external=True)
    settings = members["word/settings.xml"].decode()
    settings = settings.replace("<w:defaultTabStop",
                                '<w:attachedTemplate r:id="rId1"/><w:linkStyles/>'
                                "<w:defaultTabStop", 1)
    settings = settings.replace("<w:compat>", '<w:updateFields w:val="true"/><w:compat>', 1)
    members["word/settings.xml"] = settings.encode()


def zero_member(archive: zipfile.ZipFile, name: str, size: int) -> None:
    """A member of ``size`` zero bytes, compressed while written (64 MB → ~65 kB)."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w") as member:
        chunk = bytes(1 << 20)
        for _ in range(size >> 20):
            member.write(chunk)


def bomb(path: Path, members: Members, name: str, size: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
        zero_member(archive, name, size)
    return path


def patch_central_directory(path: Path, name: str, offset: int, fmt: str, value: int) -> None:
    """Change one field of a member's central directory entry (what zipfile believes)."""
    data = bytearray(path.read_bytes())
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(name.encode()))
    struct.pack_into(fmt, data, entry + offset, value)
    path.write_bytes(bytes(data))


# -- checking outputs ---------------------------------------------------------------------


def _validator() -> Any:
    if not VALIDATOR.is_file():
        return None
    spec = importlib.util.spec_from_file_location("ooxml_validate", VALIDATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


VALIDATE = _validator()


def resolve(part: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def rels_of(members: Members, part: str) -> dict[str, tuple[str, str, bool]]:
    folder, name = posixpath.split(part)
    data = members.get(posixpath.join(folder, "_rels", f"{name}.rels"))
    if data is None:
        return {}
    root = etree.fromstring(data)
    return {r.get("Id"): (r.get("Type"), r.get("Target"), r.get("TargetMode") == "External")
            for r in root.iter(f"{{{RELS_NS}}}Relationship")}


def assert_plain_docx(data: bytes) -> Members:
    """A plain, self-consistent Word document; returns its members."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    types = etree.fromstring(members["[Content_Types].xml"])
    defaults = {d.get("Extension").lower(): d.get("ContentType")
                for d in types.iter(f"{{{CT_NS}}}Default")}
    overrides = {o.get("PartName").lstrip("/"): o.get("ContentType")
                 for o in types.iter(f"{{{CT_NS}}}Override")}
    assert set(overrides) <= set(members), "an Override names a part that is not there"
    parts = [n for n in members if n != "[Content_Types].xml" and not n.endswith(".rels")]
    for name in parts:
        extension = posixpath.splitext(name)[1][1:].lower()
        assert name in overrides or extension in defaults, f"{name} has no content type"
    text = " ".join(t.lower() for t in (*defaults.values(), *overrides.values(), *members))
    assert "vba" not in text and "macroenabled" not in text and "template.main" not in text
    assert "keymapcustomizations" not in text

    root_rels = rels_of(members, "")
    main = next(resolve("", t) for kind, t, _ in root_rels.values()
                if kind == OFFICE_RT + "officeDocument")
    assert overrides[main] == DOCUMENT_MAIN
    reachable: set[str] = set()
    queue = [""]
    while queue:  # every part is reachable, every internal target exists
        part = queue.pop()
        for rel_id, (kind, target, external) in rels_of(members, part).items():
            assert kind != VBA_RT and "attachedTemplate" not in kind, (part, rel_id)
            if external:
                continue
            name = resolve(part, target)
            assert name in members, f"{part} {rel_id} → missing {name}"
            if name not in reachable:
                reachable.add(name)
                queue.append(name)
    assert set(parts) == reachable, f"parts nothing relates to: {set(parts) - reachable}"
    for name in parts:  # every relationship id an XML part names is one of its own
        if not name.endswith(".xml"):
            continue
        ids = set(rels_of(members, name))
        for element in etree.fromstring(members[name]).iter():
            if not isinstance(element.tag, str):
                continue
            for attribute, value in element.attrib.items():
                if attribute.startswith(f"{{{R_NS}}}") or attribute == O_RELID:
                    assert value in ids, f"{name}: {attribute}={value} resolves to nothing"
    settings = members.get(posixpath.join(posixpath.dirname(main), "settings.xml"), b"")
    assert b"updateFields" not in settings and b"attachedTemplate" not in settings
    docx.Document(io.BytesIO(data))  # python-docx opens it
    return members


def assert_valid(data: bytes, tmp_path: Path) -> None:
    if VALIDATE is None:
        pytest.skip(f"{VALIDATOR} is not here (the OOXML schemas live in /work/shared)")
    path = tmp_path / "output.docx"
    path.write_bytes(data)
    results = VALIDATE.check(str(path))
    errors = {part: result["mc"] for part, result in results.items() if result["mc"]}
    assert not errors, errors


def render(reference: Path) -> bytes:
    return render_docx.render(SAMPLE, FURNISHED, reference)


def refused(reference: Path, reason: str) -> str:
    """Render on ``reference``, which must fail with one clear line naming it."""
    with pytest.raises(PolicygenError) as caught:
        render(reference)
    message = str(caught.value)
    assert message.startswith(f"{reference}: not a usable Word document (")
    assert len(message.splitlines()) == 1
    assert re.search(reason, message), message
    with pytest.raises(PolicygenError):
        reference_doc.check_reference(reference)
    return message


# -- templates and macros -----------------------------------------------------------------


@pytest.mark.parametrize("main_type, macros", [
    (TEMPLATE_MAIN, False), (MACRO_MAIN, True), (MACRO_TEMPLATE_MAIN, True)],
    ids=["dotx", "docm", "dotm"])
def test_templates_and_macro_documents_give_plain_documents(
        base: Members, tmp_path: Path, main_type: str, macros: bool) -> None:
    members = dict(base)
    set_main_type(members, main_type)
    if macros:
        with_macros(members)
    house = write(tmp_path / "huisstijl.docx", members)
    data = render(house)
    out = assert_plain_docx(data)
    assert not any(n.endswith(".bin") or "customizations" in n for n in out)
    assert "docProps/thumbnail.jpeg" not in out  # the template's picture of itself
    assert [p.text for p in docx.Document(io.BytesIO(data)).paragraphs][:1] == ["The title"]
    warnings = reference_doc.check_reference(house)
    assert any("macros are left out" in w for w in warnings) == macros
    assert all(w.startswith(f"{house}: ") for w in warnings)
    assert_valid(data, tmp_path)


def test_the_reference_body_and_what_only_it_used_are_left_out(tmp_path: Path) -> None:
    house_doc = docx.Document()
    house_doc.add_paragraph("Template instructions: delete this page.")
    house_doc.add_picture(io.BytesIO(_png()))
    path = tmp_path / "with-body.docx"
    house_doc.save(str(path))
    out = assert_plain_docx(render(path))
    assert not any(n.startswith("word/media/") for n in out)
    assert b"Template instructions" not in out["word/document.xml"]


def _png() -> bytes:
    from .test_render_docx import png

    return png()


# -- XML that regular expressions got wrong -----------------------------------------------


def test_utf16_styles(base: Members, tmp_path: Path) -> None:
    members = dict(base)
    styles = members["word/styles.xml"].decode()
    styles = styles.replace("encoding='UTF-8'", "encoding='UTF-16'").replace(
        'encoding="UTF-8"', 'encoding="UTF-16"')
    members["word/styles.xml"] = styles.encode("utf-16")
    house = write(tmp_path / "utf16.docx", members)
    data = render(house)
    assert_plain_docx(data)
    document = docx.Document(io.BytesIO(data))
    assert [p.style.name for p in document.paragraphs if p.text == "Section one"][-1] == "Heading 1"
    assert reference_doc.check_reference(house) == []
    assert_valid(data, tmp_path)


def test_self_closing_elements_and_unusual_relationship_syntax(
        base: Members, tmp_path: Path) -> None:
    members = dict(base)
    members["word/styles.xml"] = members["word/styles.xml"].replace(
        b"</w:styles>", b'<w:style w:type="paragraph" w:styleId="Leeg"/></w:styles>')
    rels = etree.fromstring(members["word/_rels/document.xml.rels"])
    items = []
    for rel in rels:  # single quotes, attributes in another order, explicit end tags
        mode = f" TargetMode='{rel.get('TargetMode')}'" if rel.get("TargetMode") else ""
        items.append(f"<Relationship\n  Target='{rel.get('Target')}' Type='{rel.get('Type')}'"
                     f" Id='{rel.get('Id')}'{mode}></Relationship>")
    members["word/_rels/document.xml.rels"] = (
        f"<?xml version='1.0' encoding='UTF-8'?>\n<Relationships xmlns='{RELS_NS}'>"
        + "\n".join(items) + "</Relationships>").encode()
    members["word/_rels/styles.xml.rels"] = f'<Relationships xmlns="{RELS_NS}"/>'.encode()
    house = write(tmp_path / "odd-xml.docx", members)
    data = render(house)
    out = assert_plain_docx(data)
    assert b"Heading1" in out["word/document.xml"]  # the styles relationship survived
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].style.name == "Title"
    assert_valid(data, tmp_path)


def _without_prefix(data: bytes) -> bytes:
    """The same part with WordprocessingML as the default namespace (``<document>``)."""
    root = etree.fromstring(data)

    def copy(element: Any, nsmap: dict[str | None, str] | None) -> Any:
        new = etree.Element(element.tag, nsmap=nsmap)
        for key, value in element.attrib.items():
            new.set(key, value)
        new.text, new.tail = element.text, element.tail
        new.extend(copy(child, None) for child in element if isinstance(child.tag, str))
        return new

    nsmap = {key: value for key, value in root.nsmap.items() if key != "w"}
    return etree.tostring(copy(root, {**nsmap, None: W_NS}), xml_declaration=True,
                          encoding="UTF-8")


def test_wordprocessingml_as_the_default_namespace(base: Members, tmp_path: Path) -> None:
    members = dict(base)
    for name in ("word/document.xml", "word/numbering.xml"):
        members[name] = _without_prefix(members[name])
    assert members["word/document.xml"].count(b"<w:") == 0
    data = render(write(tmp_path / "default-namespace.docx", members))
    assert_plain_docx(data)
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].style.name == "Title"
    assert_valid(data, tmp_path)


def test_a_house_style_without_styles_warns_once(base: Members, tmp_path: Path) -> None:
    members = dict(base)
    members["word/_rels/document.xml.rels"] = f'<Relationships xmlns="{RELS_NS}"/>'.encode()
    house = write(tmp_path / "bare.docx", members)
    assert reference_doc.check_reference(house) == [
        f"{house}: no styles; headings, lists and tables come out as plain text and the "
        "contents list is left out"]
    data = render(house)
    assert_plain_docx(data)
    assert_valid(data, tmp_path)


def test_dangling_relationship_ids_are_removed(base: Members, tmp_path: Path) -> None:
    members = dict(base)
    document = members["word/document.xml"].decode()
    members["word/document.xml"] = re.sub(
        r"(<w:sectPr\b[^>]*>)",
        r'\1<w:headerReference w:type="default" r:id="rId999"/>', document, count=1).encode()
    house = write(tmp_path / "dangling.docx", members)
    out = assert_plain_docx(render(house))  # our own header, the dead reference gone
    assert b"rId999" not in out["word/document.xml"]


# -- missing styles -----------------------------------------------------------------------


def test_a_house_style_without_heading_1_builds_with_a_warning(
        base: Members, tmp_path: Path) -> None:
    members = dict(base)
    members["word/styles.xml"] = members["word/styles.xml"].replace(
        b'<w:name w:val="heading 1"/>', b'<w:name w:val="Kop 1"/>')
    house = write(tmp_path / "gelokaliseerd.docx", members)
    warnings = reference_doc.check_reference(house)
    assert any(w.startswith(f"{house}: ") and "'heading 1'" in w for w in warnings), warnings
    assert not any("'heading 2'" in w for w in warnings)
    data = render(house)
    assert_plain_docx(data)
    assert "Section one" in [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert render_docx.check_reference is reference_doc.check_reference


# -- zip bombs and files that are not Word documents ---------------------------------------


def test_an_unused_huge_member_is_never_unpacked(base: Members, tmp_path: Path) -> None:
    house = bomb(tmp_path / "bomb-unused.docx", base, "word/media/zeros.bin", 64 << 20)
    assert house.stat().st_size < 1_000_000
    start = time.perf_counter()
    data = render(house)
    assert time.perf_counter() - start < 2
    assert len(data) < 100_000
    assert "word/media/zeros.bin" not in assert_plain_docx(data)


def test_a_huge_member_in_use_is_refused_by_its_size(base: Members, tmp_path: Path) -> None:
    members = dict(base)
    add_type(members, "word/media/logo.png", "image/png")
    add_relationship(members, "word/_rels/fontTable.xml.rels", "rId1",
                     OFFICE_RT + "image", "media/logo.png")
    house = bomb(tmp_path / "bomb.docx", members, "word/media/logo.png", 64 << 20)
    refused(house, r"word/media/logo\.png unpacks to 67,108,864 bytes")


def test_a_member_whose_header_lies_about_its_size_is_refused(
        base: Members, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    members = dict(base)
    add_type(members, "word/media/logo.png", "image/png")
    add_relationship(members, "word/_rels/fontTable.xml.rels", "rId1",
                     OFFICE_RT + "image", "media/logo.png")
    house = bomb(tmp_path / "liar.docx", members, "word/media/logo.png", 8 << 20)
    patch_central_directory(house, "word/media/logo.png", 24, "<I", 1000)  # "1,000 bytes"
    refused(house, r"word/media/logo\.png cannot be unpacked")
    patch_central_directory(house, "word/media/logo.png", 24, "<I", 0xFFFF_FFF0)  # "4 GiB"
    refused(house, r"logo\.png unpacks to 4,294,967,280 bytes")


def test_the_total_unpacked_size_is_capped(base: Members, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_package, "MAX_TOTAL_BYTES", 20_000)
    refused(write(tmp_path / "big.docx", dict(base)), r"unpack to more than 20,000 bytes")


def test_an_encrypted_member_is_refused(base: Members, tmp_path: Path) -> None:
    house = write(tmp_path / "locked.docx", dict(base))
    patch_central_directory(house, "word/styles.xml", 8, "<H", 0x1)
    refused(house, r"word/styles\.xml is encrypted")


@pytest.mark.parametrize("content, reason", [
    (b"not a zip", r"not a zip file"),
    (b"", r"not a zip file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), r"password-protected or Word 97-2003"),
], ids=["text", "empty", "compound-file"])
def test_files_that_are_not_word_documents(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "huisstijl.docx"
    path.write_bytes(content)
    refused(path, reason)


def edit(name: str, change: Callable[[bytes], bytes]) -> Callable[[Members], None]:
    def apply(members: Members) -> None:
        members[name] = change(members[name])
    return apply


@pytest.mark.parametrize("change, reason", [
    (lambda m: m.pop("_rels/.rels"), r"no _rels/\.rels"),
    (lambda m: m.pop("[Content_Types].xml"), r"no \[Content_Types\]\.xml"),
    (lambda m: m.pop("word/document.xml"), r"no main document part"),
    (edit("[Content_Types].xml", lambda d: d.replace(
        DOCUMENT_MAIN.encode(), b"application/vnd.openxmlformats-officedocument."
                                b"spreadsheetml.sheet.main+xml")), r"not a Word document"),
    (edit("word/styles.xml", lambda d: d[:-40]), r"word/styles\.xml is not well-formed XML"),
    (edit("word/styles.xml", lambda d: d.replace(
        b"<w:styles", b'<!DOCTYPE w:styles [<!ENTITY a "aaaaaaaaaa">]><w:styles', 1)),
     r"declares a DTD"),
    (edit("word/document.xml", lambda d: re.sub(rb"<w:body>.*</w:body>", b"", d, flags=re.S)),
     r"no document body"),
], ids=["no-package-rels", "no-content-types", "no-main-part", "spreadsheet", "broken-xml",
        "dtd", "no-body"])
def test_damaged_packages_are_refused(base: Members, tmp_path: Path,
                                      change: Callable[[Members], object], reason: str) -> None:
    members = dict(base)
    change(members)
    refused(write(tmp_path / "damaged.docx", members), reason)


def test_a_folder_is_refused_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "house.docx"
    folder.mkdir()
    with pytest.raises(PolicygenError, match=r"house\.docx: is a folder"):
        render(folder)


def test_the_command_line_reports_a_bad_house_style_without_traceback(
        base: Members, tmp_path: Path) -> None:
    import subprocess

    from .conftest import PEEZE

    house = bomb(tmp_path / "house.docx", {**base, "word/styles.xml": bytes(0)},
                 "zeros.bin", 1 << 20)
    done = subprocess.run([sys.executable, "-m", "policygen", "build", str(PEEZE), "--out",
                           str(tmp_path / "out"), "--reference-doc", str(house)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{house}: not a usable Word document" in done.stderr
    assert not (tmp_path / "out").exists()


# -- what every output carries ------------------------------------------------------------


def test_the_default_output_opens_without_questions(tmp_path: Path) -> None:
    info = dataclasses.replace(FURNISHED, custom=(("policygen.library", "v1.3.0"),
                                                  ("policygen.edition", "")))
    data = render_docx.render(SAMPLE, info)
    members = assert_plain_docx(data)
    settings = etree.fromstring(members["word/settings.xml"])
    w = f"{{{W_NS}}}"
    assert settings.find(w + "updateFields") is None
    assert all(z.get(w + "percent") for z in settings.iter(w + "zoom"))
    modes = [s.get(w + "val") for s in settings.iter(w + "compatSetting")
             if s.get(w + "name") == "compatibilityMode"]
    assert modes == ["15"]
    assert b"lastPrinted" not in members["docProps/core.xml"]
    app = members["docProps/app.xml"].decode()
    assert "<Application>policygen</Application>" in app
    assert not re.search(r"<(Pages|Words|Characters|Lines|Paragraphs|Template)>", app)
    custom = members["docProps/custom.xml"].decode()
    assert "policygen.library" in custom and "policygen.edition" not in custom
    assert "<vt:lpwstr></vt:lpwstr>" not in custom and "<vt:lpwstr/>" not in custom
    assert_valid(data, tmp_path)


def test_no_custom_part_when_every_custom_value_is_empty() -> None:
    info = dataclasses.replace(FURNISHED, custom=(("policygen.edition", ""),))
    members = assert_plain_docx(render_docx.render(SAMPLE, info))
    assert "docProps/custom.xml" not in members


def test_the_shipped_reference_is_clean(tmp_path: Path) -> None:
    with zipfile.ZipFile(render_docx.DEFAULT_REFERENCE) as archive:
        settings = archive.read("word/settings.xml")
        app = archive.read("docProps/app.xml").decode()
    assert b'w:percent="100"' in settings and b'w:val="15"' in settings
    assert "Microsoft" not in app and "<Pages>" not in app
    assert reference_doc.check_reference(render_docx.DEFAULT_REFERENCE) == []
    assert_valid(render_docx.DEFAULT_REFERENCE.read_bytes(), tmp_path)


def test_the_reference_is_prepared_once(monkeypatch: pytest.MonkeyPatch) -> None:
    render_docx.render(SAMPLE, FURNISHED)
    calls = []
    original = reference_doc.prepare

    def counting(data: bytes, source: str) -> reference_doc.ReferenceDoc:
        calls.append(source)
        return original(data, source)

    monkeypatch.setattr(reference_doc, "prepare", counting)
    first = render_docx.render(SAMPLE, FURNISHED)
    assert render_docx.render(SAMPLE, FURNISHED) == first
    assert calls == []


# -- every document kind and edition against the schemas ----------------------------------


def test_every_example_document_is_valid_against_the_schemas(tmp_path: Path) -> None:
    """Protocol, participant and trainer handout of every example, in Dutch and English."""
    if not VALIDATOR.is_file():
        pytest.skip(f"{VALIDATOR} is not here (the OOXML schemas live in /work/shared)")
    examples = sorted(EXAMPLES.glob("*.yaml"))
    assert len(examples) >= 4
    files = []
    for language in ("nl", "en"):
        for edition in ("participant", "trainer"):
            out = tmp_path / f"{language}-{edition}"
            done = subprocess.run(
                [sys.executable, "-m", "policygen", "build", *map(str, examples), "--out",
                 str(out), "--lang", language, "--edition", edition, "--format", "docx"],
                capture_output=True, text=True, timeout=300, check=False)
            assert done.returncode == 0, done.stderr
            kinds = ("protocol", "handout") if edition == "participant" else ("handout",)
            for kind in kinds:  # out/<organisation>/<kind>.docx
                found = sorted(out.glob(f"*/{kind}.docx"))
                assert len(found) == len(examples), (language, edition, kind, found)
                files += found
    assert len(files) == 3 * 2 * len(examples)
    for path in files:
        assert_plain_docx(path.read_bytes())
    report = tmp_path / "validation.json"
    done = subprocess.run([sys.executable, str(VALIDATOR), "--json", str(report),
                           *map(str, files)], capture_output=True, text=True, timeout=300,
                          check=False)  # one process for all files: the schemas load once
    results = json.loads(report.read_text())
    errors = {f"{Path(name).parent.parent.name}/{Path(name).parent.name}/"
              f"{Path(name).name}:{part}": result["mc"][:3]
              for name, parts in results.items() for part, result in parts.items()
              if result["mc"]}
    assert not errors, errors
    assert done.returncode == 0, done.stdout[-2000:]
    assert set(results) == {str(f) for f in files}


def test_the_adapted_house_style_is_opened_through_python_docx(
        base: Members, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """python-docx reads the styles the check names; where it cannot open the result, the
    house style is refused before anything is built, naming the file."""
    house = write(tmp_path / "huisstijl.docx", dict(base))
    assert reference_doc.check_reference(house) == []
    opened: list[object] = []

    def refusing(source: object) -> object:
        opened.append(source)
        raise ValueError("file is not a Word file")

    monkeypatch.setattr(docx, "Document", refusing)
    reference_doc._CACHE.clear()
    with pytest.raises(PolicygenError) as refused:
        reference_doc.check_reference(house)
    assert opened, "the check did not go through python-docx"
    assert f"{house}: Word's object model (python-docx) cannot open it" in str(refused.value)
