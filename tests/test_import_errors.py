"""Every bad file is refused with one plain message naming it and the fix, and the project is left exactly as it was."""

import io
import os
import random
import struct
import zipfile

import docx
import pytest

from support import snapshot
from workbench import ImportProblem, WorkbenchError

EXISTING = b"[00:00:01] Interviewer: How are you?\n[00:00:04] Rose: Fine.\n[00:00:06] Interviewer: Good.\n[00:00:08] Rose: Yes.\n"


@pytest.fixture
def filled(project):
    """A project that already holds something, so 'unchanged' means something."""
    project.import_bytes(EXISTING, "rose.txt")
    project.add_code("Medicines", definition="Anything about medicines.")
    project.apply_code("rose", "Medicines", 13, 25)
    assert len(snapshot(project)["events"]) >= 4
    return project


def assert_refused(project, path, expected: str = "", **options) -> ImportProblem:
    before = snapshot(project)
    with pytest.raises(ImportProblem) as refused:
        project.import_file(path, **options)
    problem = refused.value
    message = str(problem)
    assert isinstance(problem, WorkbenchError)
    assert problem.filename.endswith(path.name) and message.startswith(problem.filename + ": ")
    assert problem.fix and message.endswith(problem.fix) and "\n" not in message
    assert expected.lower() in message.lower(), message
    assert snapshot(project) == before
    return problem


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- files that are not transcripts at all ---------------------------------------------------

NOT_TEXT = [
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b"  \n\t\r\n   \n", "is empty"),
    ("blank16.txt", b"\xff\xfe" + " \n \n".encode("utf-16-le"), "no readable text"),
    ("picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "image"),
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    ("archive.txt", docx_bytes("Interviewer: hello"), "zip"),
    ("numbers.txt", struct.pack("<2000i", *range(2000)), "binary"),
    ("samples.txt", struct.pack("<2000H", *random.Random(7).choices(range(1, 256), k=2000)), ""),
    ("noise.txt", random.Random(3).randbytes(4000), ""),
]


@pytest.mark.parametrize("name, data, expected", NOT_TEXT, ids=[case[0] for case in NOT_TEXT])
def test_not_a_text_file(filled, tmp_path, name, data, expected):
    assert_refused(filled, write(tmp_path, name, data), expected)


def test_transcript_over_the_size_limit(filled, tmp_path):
    line = b"Rose: I waited all day for my tablets and nobody came to tell me why.\n"
    data = line * (5 * 1024 * 1024 // len(line) + 1)
    problem = assert_refused(filled, write(tmp_path, "huge.txt", data), "too large")
    assert "5 MB" in str(problem)


@pytest.mark.parametrize("name", ["interview.doc", "interview.pdf", "captions.sbv", "notes.rtf"])
def test_unsupported_extensions(filled, tmp_path, name):
    assert_refused(filled, write(tmp_path, name, b"Interviewer: hello\n"), name[name.rindex("."):])


def test_missing_file(filled, tmp_path):
    assert_refused(filled, tmp_path / "nowhere.txt", "does not exist")


# -- malformed times ---------------------------------------------------------------------

@pytest.mark.parametrize("name, data, expected", [
    ("bad_time.txt", b"[00:00:05] Interviewer: Hello.\n[00:61:00] Rose: Hello.\n", "line 2: '00:61:00'"),
    ("no_hours.srt", b"1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:01,000 --> 00:02,000\nAgain\n",
     "line 6: '00:01,000' is not a valid time (the hours are missing)"),
    ("backwards.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n\n00:00:09.000 --> 00:00:05.000\nAgain\n",
     "line 6: the cue ends"),
    ("untimed.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n\nA caption with no times\n", "line 6"),
    ("bad_seconds.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:75.000\nHello\n", "line 3"),
    ("captionless.vtt", b"WEBVTT\n\nNOTE nothing was said\n", "no captions"),
])
def test_malformed_times(filled, tmp_path, name, data, expected):
    assert_refused(filled, write(tmp_path, name, data), expected)


# -- damaged or hostile Word files ------------------------------------------------------

def test_docx_of_random_bytes(filled, tmp_path):
    assert_refused(filled, write(tmp_path, "damaged.docx", os.urandom(20_000)), "not a valid")


def test_docx_cut_short(filled, tmp_path):
    data = docx_bytes("Interviewer: Hello.", "Rose: Hello.")
    assert_refused(filled, write(tmp_path, "truncated.docx", data[: len(data) // 2]), "not a valid")


def test_docx_with_a_corrupted_document_part(filled, tmp_path):
    """A bit-flipped download: the zip directory is intact but document.xml will not decompress."""
    data = bytearray(docx_bytes(*["Interviewer: How was the day you left hospital?"] * 50))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    body = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(body + 8, body + 40):
        data[offset] ^= 0xFF
    assert_refused(filled, write(tmp_path, "corrupted.docx", bytes(data)))


def test_docx_without_a_document_part(filled, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/styles.xml", "<styles/>")
    assert_refused(filled, write(tmp_path, "hollow.docx", buffer.getvalue()), "word/document.xml")


def test_docx_zip_bomb(filled, tmp_path):
    path = tmp_path / "bomb.docx"
    chunk = b"<w:p><w:r><w:t>ha</w:t></w:r></w:p>" * 30_000  # about 1 MB
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as member:  # streamed: 150 MB never held in memory
            for _ in range(150 * 1024 * 1024 // len(chunk) + 1):
                member.write(chunk)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("word/document.xml").file_size > 150 * 1024 * 1024
    assert path.stat().st_size < 2 * 1024 * 1024
    assert_refused(filled, path, "looks unsafe")


def test_docx_billion_laughs(filled, tmp_path):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    assert_refused(filled, write(tmp_path, "laughs.docx", buffer.getvalue()), "unsafe")


# -- the same file twice ------------------------------------------------------------------

def test_reimporting_the_same_file(filled, tmp_path):
    assert_refused(filled, write(tmp_path, "rose.txt", EXISTING), "imported already, as 'rose'")


def test_reimporting_the_same_bytes_under_another_name(filled, tmp_path):
    assert_refused(filled, write(tmp_path, "rose_copy.txt", EXISTING), "as 'rose'")


# -- tables: nothing half-imported ---------------------------------------------------------

def test_survey_with_a_bad_tick_in_its_last_row(filled, tmp_path):
    rows = [f"R{i},Answer number {i} about the day I went home from hospital,{i % 2},0" for i in range(1, 40)]
    rows.append("R40,The last answer about waiting for the tablets,1,2")
    data = ("id,answer,code_medicines,code_transport\n" + "\n".join(rows) + "\n").encode()
    assert_refused(filled, write(tmp_path, "survey.csv", data), "row 41, column 'code_transport': '2'",
                   code_columns="code_*", coder="Sam Reid")


def test_codebook_naming_a_parent_that_does_not_exist(filled, tmp_path):
    data = (b"code,parent,definition\n"
            b"Getting home,,Transport and arriving home.\n"
            b"Waiting for transport,Transprot,Waiting for the hospital car.\n")
    assert_refused(filled, write(tmp_path, "codebook.csv", data), "'Transprot'")


def test_codebook_whose_parents_form_a_loop(filled, tmp_path):
    data = b"code,parent,definition\nA,B,first\nB,A,second\n"
    assert_refused(filled, write(tmp_path, "loop.csv", data), "loop")


def test_refusal_leaves_a_fresh_project_empty(project, tmp_path):
    """No member, event or code is left behind when the very first write is refused."""
    data = b"code,parent,definition\nGetting home,,Transport.\nWaiting,Nowhere,Waiting.\n"
    assert_refused(project, write(tmp_path, "codebook.csv", data), "'Nowhere'")
    assert project.summary()["events"] == 0 and project.summary()["members"] == 0
