"""Selection positions as each producer counts them: emoji, combining accents, CRLF and
right-to-left text land on the words that were coded, in and out."""

import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from refi_helpers import (Source, by_chars, by_utf16, chars, chars_crlf_as_one, project_file, read_export, utf8,
                          utf16, utf16_lf_as_crlf)
from workbench import Project
from workbench.errors import ImportProblem

WORKBENCH = str(Path(sys.executable).with_name("workbench"))

TEXT = ("Día uno 😀 fui a la clínica con mamá.\n"
        "The nurse 👩🏽‍⚕️ said wait 🙏🙏 until four.\n"
        "שלום עליכם was all the porter said, then مرحبا again.\n"
        "Later the cafe\u0301 was closed and the pharmacy too 💊.\n")
WORDS = ["clínica", "nurse", "wait", "four", "עליכם", "porter", "مرحبا", "cafe\u0301", "closed", "pharmacy"]
CRLF_TEXT = TEXT.replace("\n", "\r\n")


def nfc(words):
    return [unicodedata.normalize("NFC", word) for word in words]


def coded_words(project: Project) -> list[str]:
    return list(project.codings().sort_values("start")["text"])


def write(tmp_path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("origin, text, count, phrase", [
    ("NVivo for Mac 15.0.0", TEXT, utf16, "UTF-16 code units"),
    ("NVivo 14.23.2 (Windows)", CRLF_TEXT, utf16, "UTF-16 code units"),  # the CR of each CRLF counted, as stored
    ("Taguette 1.4.1", TEXT, utf8, "UTF-8 byte offsets"),
    ("MAXQDA 24 (Release 24.7.0)", TEXT, chars, "characters (the REFI-QDA standard)"),
    ("ATLAS.ti 25.0.1", CRLF_TEXT, chars, "characters (the REFI-QDA standard)"),
])
def test_each_producers_counting_lands_on_the_coded_words(project, tmp_path, origin, text, count, phrase):
    path = write(tmp_path, "in.qdpx", project_file(origin, [Source("diary", text, WORDS)], count))
    report = project.import_file(path)
    assert coded_words(project) == nfc(WORDS)
    assert phrase in report.positions and "100%" in report.positions and "only fit" not in report.positions
    assert report.positions in report.warnings  # shown with the import report
    assert project.document_text("diary") == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("count, phrase", [
    (utf16_lf_as_crlf, "UTF-16 code units (as NVivo counts them), each line end counted as two"),
    (chars_crlf_as_one, "characters (the REFI-QDA standard), a CRLF line end counted once"),
])
def test_line_ends_counted_differently_from_the_stored_text_are_found(project, tmp_path, count, phrase):
    text = CRLF_TEXT if count is chars_crlf_as_one else TEXT
    path = write(tmp_path, "in.qdpx", project_file("NVivo 14 (Windows)", [Source("diary", text, WORDS)], count))
    report = project.import_file(path)
    assert coded_words(project) == nfc(WORDS)
    assert phrase in report.positions


def test_the_text_overrules_an_origin_that_counts_otherwise(project, tmp_path):
    # converted by some other tool, the file still says NVivo but counts characters
    path = write(tmp_path, "in.qdpx", project_file("NVivo 12 Plus", [Source("diary", TEXT, WORDS)], chars))
    report = project.import_file(path)
    assert coded_words(project) == nfc(WORDS)
    assert "characters" in report.positions and "only fit this reading" in report.positions


def test_the_reading_is_scored_over_every_source_together(project, tmp_path):
    # one source has no emoji at all: it cannot tell readings apart, the other one decides
    plain = Source("plain", "The porter said nothing at all.\n", ["porter", "nothing"])
    mixed = Source("mixed", TEXT, WORDS)
    path = write(tmp_path, "in.qdpx", project_file("NVivo for Mac 15.0.0", [plain, mixed], utf16))
    project.import_file(path)
    assert list(project.codings("plain").sort_values("start")["text"]) == ["porter", "nothing"]
    assert list(project.codings("mixed").sort_values("start")["text"]) == nfc(WORDS)


def test_selections_that_fit_no_reading_are_refused_and_nothing_is_written(project, tmp_path):
    text = "Appointments overran because transport arrived late every afternoon.\n"
    inside_words = [(2, 6), (15, 20), (31, 35), (40, 44)]  # all in the middle of words, whatever the counting
    path = write(tmp_path, "bad.qdpx", project_file("MAXQDA 2022", [Source("notes", text, [])],
                                                     positions={"notes": inside_words}))
    with pytest.raises(ImportProblem, match="fit no known way of counting") as caught:
        project.import_file(path)
    assert "bad.qdpx" in str(caught.value) and "\n" not in str(caught.value)
    assert project.documents().empty and project.codes().empty and project.codings().empty


def test_selections_beyond_the_text_are_refused(project, tmp_path):
    path = write(tmp_path, "beyond.qdpx", project_file("NVivo 14", [Source("notes", "Short text.", [])],
                                                        positions={"notes": [(500, 520), (900, 990)]}))
    with pytest.raises(ImportProblem, match="fit no known way"):
        project.import_file(path)
    assert project.documents().empty


# -- export ----------------------------------------------------------------------------
@pytest.fixture
def nvivo_project(backend_project, tmp_path):
    sources = [Source("diary", TEXT, WORDS), Source("windows notes", CRLF_TEXT, WORDS[:4])]
    backend_project.import_file(write(tmp_path, "from-nvivo.qdpx", project_file("NVivo for Mac 15.0.0", sources, utf16)))
    return backend_project


def test_export_writes_standard_character_positions(nvivo_project, tmp_path):
    nvivo_project.export_refi(tmp_path / "out.qdpx")
    exported = read_export(tmp_path / "out.qdpx")
    assert [by_chars(exported.texts["diary"], s, e) for s, e in exported.selections["diary"]] == nfc(WORDS)
    assert [by_chars(exported.texts["windows notes"], s, e) for s, e in exported.selections["windows notes"]] == WORDS[:4]
    assert "\r\n" in exported.texts["windows notes"]  # line ends kept as stored, and counted


def test_export_for_nvivo_counts_utf16_units(nvivo_project, tmp_path):
    report = nvivo_project.export_refi(tmp_path / "nvivo.qdpx", for_tool="nvivo")
    exported = read_export(tmp_path / "nvivo.qdpx")
    assert [by_utf16(exported.texts["diary"], s, e) for s, e in exported.selections["diary"]] == nfc(WORDS)
    assert [by_utf16(exported.texts["windows notes"], s, e) for s, e in exported.selections["windows notes"]] == WORDS[:4]
    assert [by_chars(exported.texts["diary"], s, e) for s, e in exported.selections["diary"]] != nfc(WORDS)
    assert "NVivo" in exported.root.get("origin")
    assert any("UTF-16" in note for note in report.notes)


def test_an_export_for_nvivo_comes_back_on_the_same_words(nvivo_project, tmp_path):
    nvivo_project.export_refi(tmp_path / "nvivo.qdpx", for_tool="nvivo")
    with Project.create(tmp_path / "back.db", member="Kim Lo") as copy:
        report = copy.import_file(tmp_path / "nvivo.qdpx")
        assert "UTF-16" in report.positions
        assert list(copy.codings("diary").sort_values("start")["text"]) == nfc(WORDS)


def test_an_unknown_tool_is_refused_plainly(project, tmp_path):
    with pytest.raises(Exception, match="can count positions for"):
        project.export_refi(tmp_path / "x.qdpx", for_tool="excel")
    assert not (tmp_path / "x.qdpx").exists()


def test_cli_exports_for_nvivo(tmp_path):
    db = tmp_path / "study.db"
    with Project.create(db, member="Alex Morgan") as project:
        project.import_file(write(tmp_path, "in.qdpx", project_file("Taguette 1.4.1", [Source("diary", TEXT, WORDS)], utf8)))
    done = subprocess.run([WORKBENCH, "export", db, tmp_path / "out.qdpx", "--for", "nvivo"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    exported = read_export(tmp_path / "out.qdpx")
    assert [by_utf16(exported.texts["diary"], s, e) for s, e in exported.selections["diary"]] == nfc(WORDS)
    wrong = subprocess.run([WORKBENCH, "export", db, tmp_path / "x.qdpx", "--for", "excel"], capture_output=True, text=True)
    assert wrong.returncode == 2 and "nvivo" in wrong.stderr


def test_many_selections_are_placed_quickly(project, tmp_path):
    lines = [f"Visit {i * 7919 % 100_003}: waiting 😀 for the nurse, then the pharmacy 💊 again.\n" for i in range(20_000)]
    text = "".join(lines)
    positions, at = [], 0
    for number, line in enumerate(lines):
        if number % 2 == 0:
            for word in ("nurse", "pharmacy"):
                start = line.index(word)
                positions.append((at + utf16(line, start), at + utf16(line, start + len(word))))
        at += utf16(line, len(line))
    path = write(tmp_path, "big.qdpx", project_file("NVivo 14", [Source("big", text, [])], positions={"big": positions}))
    started = time.perf_counter()
    report = project.import_file(path)
    took = time.perf_counter() - started
    assert report.codings == 20_000 and set(project.codings()["text"]) == {"nurse", "pharmacy"}
    assert took < 30, took  # about 10 s here (2 shared cores); a row at a time took about 60 s
