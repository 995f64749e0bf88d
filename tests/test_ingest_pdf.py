"""PDF with a text layer: golden text, speaker turns and page numbers on segments; scans,
locks, damage and hostile files refused in one sentence with nothing half-imported."""

import io
import time
import zlib

import pytest
from pypdf import PdfReader, PdfWriter

from pdf_helpers import pdf_bytes
from support import snapshot
from workbench.errors import ImportProblem

PAGES = [["Interviewer: How was the café on the ward?", "Rose: Loud (very) and busy, 50% of the time.",
          "Interviewer: And after that?"],
         ["Rose: Then I went home.", "It rained all week."]]


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(project, path, expected):
    before = snapshot(project)
    with pytest.raises(ImportProblem) as caught:
        project.import_file(path)
    message = str(caught.value)
    assert message.startswith(path.name + ": ") and "\n" not in message and expected in message, message
    assert snapshot(project) == before
    return message


def test_a_pdf_imports_with_its_text_turns_and_pages(project, tmp_path):
    report = project.import_file(write(tmp_path, "rose-interview.pdf", pdf_bytes(PAGES)))
    assert report.documents == ["rose-interview"]
    assert project.document_text("rose-interview") == (
        "Interviewer: How was the café on the ward?\n\nRose: Loud (very) and busy, 50% of the time.\n\n"
        "Interviewer: And after that?\n\nRose: Then I went home.\nIt rained all week.")
    segments = project.segments("rose-interview")
    assert list(segments["speaker"]) == ["Interviewer", "Rose", "Interviewer", "Rose"]
    assert [a["page"] for a in segments["attributes"]] == [1, 1, 1, 2]
    assert segments.iloc[1]["text"] == "Loud (very) and busy, 50% of the time."
    assert project.documents().iloc[0]["kind"] == "interview"


def test_a_turn_running_over_a_page_end_records_both_pages(project, tmp_path):
    pages = [["Interviewer: Tell me.", "Rose: It started on a Monday", "and went on"],
             ["and on until Friday.", "Interviewer: I see.", "Rose: Yes."]]
    project.import_file(write(tmp_path, "long.pdf", pdf_bytes(pages)))
    segments = project.segments("long")
    assert list(segments["text"]) == ["Tell me.", "It started on a Monday\nand went on\nand on until Friday.", "I see.", "Yes."]
    assert [(a.get("page"), a.get("last page")) for a in segments["attributes"]] == [(1, None), (1, 2), (2, None), (2, None)]


def test_a_scanned_pdf_without_text_is_refused_plainly(project, tmp_path):
    message = refused(project, write(tmp_path, "scan.pdf", pdf_bytes([[""], [""]], pictures_only=True)),
                      "no text layer")
    assert "OCR" in message


def test_a_pdf_locked_with_a_password_is_refused(project, tmp_path):
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes(PAGES))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    refused(project, write(tmp_path, "locked.pdf", buffer.getvalue()), "password")


def test_a_pdf_locked_only_against_editing_opens(project, tmp_path):
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes(PAGES))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    project.import_file(write(tmp_path, "no-edit.pdf", buffer.getvalue()))
    assert "Then I went home." in project.document_text("no-edit")


@pytest.mark.parametrize("name, data, expected", [
    ("empty.pdf", b"", "is not a PDF"),
    ("words.pdf", b"Interviewer: hello\n", "is not a PDF"),
    ("garbage.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40, "damaged PDF"),
    ("truncated.pdf", pdf_bytes(PAGES)[:120], "PDF"),
])
def test_damaged_pdfs_are_refused_in_one_sentence(project, tmp_path, name, data, expected):
    refused(project, write(tmp_path, name, data), expected)


def test_a_decompression_bomb_in_a_pdf_is_refused_quickly(project, tmp_path):
    # a content stream that inflates far beyond its size
    bomb = zlib.compress(b"0 0 m " * 4_000_000, 9)
    data = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj\n"
            b"4 0 obj << /Length " + str(len(bomb)).encode() + b" /Filter /FlateDecode >>\nstream\n" + bomb +
            b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    started = time.perf_counter()
    refused(project, write(tmp_path, "bomb.pdf", data), "PDF")
    assert time.perf_counter() - started < 10
