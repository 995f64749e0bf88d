"""Decoding: BOMs, UTF-16, Windows-1252, NFC, emoji and right-to-left offsets, hostile characters."""

import codecs

import pytest

from workbench.ingest import parse_file

TRANSCRIPT = (
    "Interviewer: Did anyone explain the new tablets?\n"
    "Rose: No. The pharmacist said \u201cask your GP\u201d \u2013 and the taxi was \u00a312.\n"
    "Interviewer: That\u2019s a lot.\n"
    "Rose: Caf\u00e9 prices, I said.\n"
)
EXPECTED_TEXT = (
    "Interviewer: Did anyone explain the new tablets?\n\n"
    "Rose: No. The pharmacist said \u201cask your GP\u201d \u2013 and the taxi was \u00a312.\n\n"
    "Interviewer: That\u2019s a lot.\n\n"
    "Rose: Caf\u00e9 prices, I said."
)
EXPECTED_TURNS = [
    ("Interviewer", "Did anyone explain the new tablets?"),
    ("Rose", "No. The pharmacist said \u201cask your GP\u201d \u2013 and the taxi was \u00a312."),
    ("Interviewer", "That\u2019s a lot."),
    ("Rose", "Caf\u00e9 prices, I said."),
]


def turns(document):
    return [(s.speaker, document.text[s.start:s.end]) for s in document.segments]


def test_utf8_with_bom_through_the_project(project):
    report = project.import_bytes(codecs.BOM_UTF8 + TRANSCRIPT.encode("utf-8"), "rose.txt")
    text = project.document_text("rose")
    assert "\ufeff" not in text
    assert text == EXPECTED_TEXT
    stored = project.segments("rose")
    assert stored[["speaker", "text"]].values.tolist() == [list(t) for t in EXPECTED_TURNS]
    assert stored["start"].iloc[0] == len("Interviewer: ")
    assert report.warnings == []


def test_utf8_bom_before_plain_notes_starts_at_zero():
    document = parse_file(codecs.BOM_UTF8 + "Ward notes.\nBusy day.\n".encode("utf-8"), "notes.txt").documents[0]
    assert document.text == "Ward notes.\nBusy day."
    assert (document.segments[0].start, document.segments[0].end) == (0, len("Ward notes.\nBusy day."))


@pytest.mark.parametrize("encoding, data", [
    ("utf-16-le", codecs.BOM_UTF16_LE + TRANSCRIPT.encode("utf-16-le")),
    ("utf-16-be", codecs.BOM_UTF16_BE + TRANSCRIPT.encode("utf-16-be")),
    ("utf-16-le", TRANSCRIPT.encode("utf-16-le")),  # no BOM
    ("utf-16-be", TRANSCRIPT.encode("utf-16-be")),  # no BOM
], ids=["le-bom", "be-bom", "le-no-bom", "be-no-bom"])
def test_utf16(encoding, data):
    parsed = parse_file(data, "rose.txt")
    document = parsed.documents[0]
    assert document.text == EXPECTED_TEXT
    assert turns(document) == EXPECTED_TURNS
    assert document.attributes["encoding"] == encoding
    assert parsed.warnings == []


def test_windows_1252_smart_quotes_and_pounds(project):
    data = TRANSCRIPT.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    report = project.import_bytes(data, "rose.txt")
    assert project.document_text("rose") == EXPECTED_TEXT
    assert project.segments("rose")[["speaker", "text"]].values.tolist() == [list(t) for t in EXPECTED_TURNS]
    assert project.documents()["attributes"].iloc[0]["encoding"] == "cp1252"
    assert any("rose.txt" in w and "cp1252" in w for w in report.warnings), report.warnings


def test_decomposed_accents_are_stored_composed(project):
    nfd = "Interviewer: Where?\nZoe\u0308: The cafe\u0301, nai\u0308vely.\nInterviewer: And?\nZoe\u0308: Nothing.\n"
    project.import_bytes(nfd.encode("utf-8"), "zoe.txt")
    text = project.document_text("zoe")
    assert "\u0301" not in text and "\u0308" not in text
    assert text == "Interviewer: Where?\n\nZo\u00eb: The caf\u00e9, na\u00efvely.\n\nInterviewer: And?\n\nZo\u00eb: Nothing."
    stored = project.segments("zoe")
    assert stored["speaker"].tolist() == ["Interviewer", "Zo\u00eb", "Interviewer", "Zo\u00eb"]
    assert stored["text"].iloc[1] == "The caf\u00e9, na\u00efvely."
    start = text.index("caf\u00e9")
    project.add_code("Places")
    project.apply_code("zoe", "Places", start, start + 4)
    assert project.codings()["text"].tolist() == ["caf\u00e9"]


def test_emoji_and_right_to_left_text_keep_python_offsets(project):
    source = (
        "Interviewer: How did it feel? \U0001F642\n"
        "Amina: \u0643\u0627\u0646 \u0635\u0639\u0628\u0627 \U0001F622 then \U0001F44D\U0001F3FD better.\n"
        "Interviewer: And your sister?\n"
        "Amina: \u05e9\u05dc\u05d5\u05dd \u2014 she said \u05ea\u05d5\u05d3\u05d4.\n"
    )
    project.import_bytes(source.encode("utf-8"), "amina.txt")
    text = project.document_text("amina")
    expected = [
        ("Interviewer", "How did it feel? \U0001F642"),
        ("Amina", "\u0643\u0627\u0646 \u0635\u0639\u0628\u0627 \U0001F622 then \U0001F44D\U0001F3FD better."),
        ("Interviewer", "And your sister?"),
        ("Amina", "\u05e9\u05dc\u05d5\u05dd \u2014 she said \u05ea\u05d5\u05d3\u05d4."),
    ]
    stored = project.segments("amina")
    assert [(r.speaker, text[r.start:r.end]) for r in stored.itertuples()] == expected
    assert stored[["speaker", "text"]].values.tolist() == [list(e) for e in expected]  # SQLite agrees
    start = text.index("better")  # after two emoji (one with a skin-tone modifier) and Arabic
    project.add_code("Feeling better")
    project.apply_code("amina", "Feeling better", start, start + len("better"))
    hebrew = text.index("\u05ea\u05d5\u05d3\u05d4")
    project.apply_code("amina", "Feeling better", hebrew, hebrew + 4)
    assert sorted(project.codings()["text"]) == sorted(["better", "\u05ea\u05d5\u05d3\u05d4"])


def test_nul_characters_are_removed_with_a_warning():
    # a few stray NULs in an otherwise ordinary transcript, as some export tools leave
    turn = "Rose: I went home on the Tuesday.\nTom: So did I, in the end, after the pharmacy opened.\n"
    body = "Rose: I went home on the\x00 Tuesday.\n" + turn * 10 + "Tom: Bye.\x00\x00\n"
    parsed = parse_file(body.encode("utf-8"), "nul.txt")
    document = parsed.documents[0]
    assert "\x00" not in document.text
    assert document.text == body.replace("\x00", "").replace("\n", "\n\n").strip()
    assert document.text[document.segments[0].start:document.segments[0].end] == "I went home on the Tuesday."
    assert document.text[document.segments[-1].start:document.segments[-1].end] == "Bye."
    assert any("nul.txt" in w and "3 NUL" in w for w in parsed.warnings), parsed.warnings


def test_bidi_overrides_are_removed_with_a_warning():
    source = ("Rose: The file was called \u202eexe.txt\u202c and \u2067isolated\u2069.\n"
              "Tom: The mark \u200f stays.\nRose: Fine.\nTom: Yes.\n")
    parsed = parse_file(source.encode("utf-8"), "bidi.txt")
    document = parsed.documents[0]
    assert not any(c in document.text for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert document.text[document.segments[0].start:document.segments[0].end] == (
        "The file was called exe.txt and isolated."
    )
    assert "\u200f" in document.text  # everyday right-to-left marks are left alone
    assert any("bidi.txt" in w and "4 invisible direction-control" in w for w in parsed.warnings), parsed.warnings


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_endings(newline):
    document = parse_file(TRANSCRIPT.replace("\n", newline).encode("utf-8"), "rose.txt").documents[0]
    assert document.text == EXPECTED_TEXT
    assert turns(document) == EXPECTED_TURNS


@pytest.mark.parametrize("line", [
    "Rose: The na\u00efve plan.",
    "Rose: It was 20\u00b0C in there.",
    "Rose: 3\u00bd hours, for a prescription.",
    "Rose: It cost \u00a310.",
])
def test_short_windows_1252_files_are_read_as_windows_1252(line):
    """The README promises UTF-8, UTF-16 or Windows-1252; one accented letter must not tip a short file into
    a guessed code page (cp932, big5 and cp775 come back for these)."""
    source = f"{line}\nTom: Yes.\nRose: Right.\nTom: Bye.\n"
    parsed = parse_file(source.encode("cp1252"), "short.txt")
    assert parsed.documents[0].text == source.replace("\n", "\n\n").strip()
    assert parsed.documents[0].attributes["encoding"] == "cp1252"
    assert any("cp1252" in w for w in parsed.warnings)


def test_windows_1252_survey_csv():
    data = "id,answer\nR1,Parking cost \u00a33 a day\nR2,ok\n".encode("cp1252")
    document = parse_file(data, "survey.csv", kind="survey").documents[0]
    assert [document.text[s.start:s.end] for s in document.segments] == ["Parking cost \u00a33 a day", "ok"]
