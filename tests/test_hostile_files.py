"""Hostile files for the importers not covered in test_import_errors.py and
test_refi_hostile.py (issue 9): Excel workbooks (surveys, workshops, coding sheets)
and Word files with external entities, too many entries, lying headers, and a
transcript of very long lines. Each is refused quickly, in bounded memory, with
nothing written; or, if harmless, read without touching anything outside the file."""

import io
import time
import tracemalloc
import zipfile

import pytest

from support import snapshot
from workbench import ImportProblem

LAUGHS = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '</Types>'),
    "_rels/.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>'),
    "xl/workbook.xml": (
        f'<?xml version="1.0"?><workbook xmlns="{SHEET_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>'),
}


def sheet(cells: str, doctype: str = "") -> str:
    rows = (f'<row r="1"><c r="A1" t="inlineStr"><is><t>answer</t></is></c></row>'
            f'<row r="2"><c r="A2" t="inlineStr"><is><t>{cells}</t></is></c></row>')
    return f'<?xml version="1.0"?>{doctype}<worksheet xmlns="{SHEET_NS}"><sheetData>{rows}</sheetData></worksheet>'


def xlsx(worksheet: str, extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in {**XLSX_PARTS, "xl/worksheets/sheet1.xml": worksheet, **(extra or {})}.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def docx(body: str, doctype: str = "", extra: dict | None = None) -> bytes:
    xml = (f'<?xml version="1.0"?>{doctype}<w:document '
           'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f'<w:body><w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    return buffer.getvalue()


def refused_quickly(project, data: bytes, filename: str, expected: str = "", **options) -> str:
    """Refused in one plain sentence, within 100 MB, nothing written (speed is for benchmarks, not tests)."""
    before = snapshot(project)
    tracemalloc.start()
    try:
        with pytest.raises(ImportProblem) as refused:
            project.import_bytes(data, filename, **options)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024, f"{peak / 1e6:.0f} MB"
    message = str(refused.value)
    assert message.startswith(filename + ": ") and "\n" not in message and expected.lower() in message.lower(), message
    assert snapshot(project) == before
    return message


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-PASSWORD-41")
    return path


def never_read(project, secret):
    assert "TOP-SECRET" not in " ".join(project.segments()["text"].tolist() + project.documents()["name"].tolist())


def test_a_survey_workbook_with_an_entity_bomb_is_refused(project):
    refused_quickly(project, xlsx(sheet("&lol9;", f"<!DOCTYPE lolz [{LAUGHS}]>")), "survey.xlsx", kind="survey")


def test_a_survey_workbook_with_an_external_entity_never_reads_the_file(project, secret):
    doctype = f'<!DOCTYPE x [<!ENTITY secret SYSTEM "file://{secret}">]>'
    try:
        project.import_bytes(xlsx(sheet("&secret;", doctype)), "survey.xlsx", kind="survey")
    except ImportProblem as problem:
        assert "\n" not in str(problem)
    never_read(project, secret)


def test_a_word_file_with_an_external_entity_never_reads_the_file(project, secret):
    doctype = f'<!DOCTYPE x [<!ENTITY secret SYSTEM "file://{secret}">]>'
    try:
        project.import_bytes(docx("Rose: &secret; here", doctype), "entity.docx")
    except ImportProblem as problem:
        assert "\n" not in str(problem)
    never_read(project, secret)


@pytest.mark.parametrize("maker,filename,options", [
    (lambda extra: xlsx(sheet("fine"), extra), "survey.xlsx", {"kind": "survey"}),
    (lambda extra: docx("Rose: fine", extra=extra), "many.docx", {}),
])
def test_an_archive_with_too_many_entries_is_refused(project, maker, filename, options):
    extra = {f"junk/{index}.xml": "" for index in range(10_050)}
    refused_quickly(project, maker(extra), filename, "entries", **options)


def test_a_workbook_zip_bomb_is_refused_before_it_is_unpacked(project):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in XLSX_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:  # streamed: never held whole
            member.write(f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}"><sheetData>'.encode())
            row = b'<row><c t="inlineStr"><is><t>ha</t></is></c></row>' * 20_000
            for _ in range(120 * 1024 * 1024 // len(row) + 1):
                member.write(row)
            member.write(b"</sheetData></worksheet>")
    assert len(buffer.getvalue()) < 3 * 1024 * 1024
    refused_quickly(project, buffer.getvalue(), "bomb.xlsx", "unsafe", kind="survey")


def test_a_part_whose_header_lies_about_its_size_is_read_in_bounded_memory(project):
    data = bytearray(docx("Rose: " + "ha " * 2_000_000))  # 6 MB of text, compressed to a few KB
    # claim a tiny uncompressed size in the central directory, as a hostile file can
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    directory = data.rfind(b"PK\x01\x02")
    assert data[directory + 46:directory + 46 + len(info.filename)] == info.filename.encode()
    data[directory + 24:directory + 28] = (100).to_bytes(4, "little")
    before = snapshot(project)
    with pytest.raises(ImportProblem) as refused:
        project.import_bytes(bytes(data), "liar.docx")
    assert "\n" not in str(refused.value) and snapshot(project) == before


def test_a_transcript_of_very_long_lines_is_read_quickly(project):
    line = "word " * 400_000  # a 2 MB line, as a pasted export with no line breaks can be
    data = f"[00:00:01] Rose: {line}\n[00:00:02] Interviewer: and {line}\n".encode()
    started = time.perf_counter()  # a guard against quadratic parsing (minutes), not a speed goal
    project.import_bytes(data, "long.txt")
    assert time.perf_counter() - started < 10
    assert project.segments("long")["speaker"].tolist() == ["Rose", "Interviewer"]


def test_a_coding_sheet_with_an_entity_bomb_is_refused(project, tmp_path):
    project.import_bytes(b"[00:00:01] Rose: fine\n", "rose.txt")
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(xlsx(sheet("&lol9;", f"<!DOCTYPE lolz [{LAUGHS}]>")))
    before = snapshot(project)
    with pytest.raises(ImportProblem, match="declares XML entities"):
        project.import_coding_sheet(path, "Jo Bennett")
    assert snapshot(project) == before
