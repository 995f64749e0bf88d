"""Word .docx transcripts: tracked changes read as accepted, comments left out, tables in reading order."""

import io
import zipfile
from collections import Counter

import docx

from support import SAMPLE_DATA
from workbench.ingest import parse_file

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CHANGE = 'w:author="Sam Reid" w:date="2026-03-01T10:00:00Z"'
TRACKED_RUNS = (
    '<w:r><w:t xml:space="preserve">Amina: I felt </w:t></w:r>'
    f'<w:del w:id="1" {CHANGE}><w:r><w:delText>happy with</w:delText></w:r></w:del>'
    f'<w:ins w:id="2" {CHANGE}><w:r><w:t>let down by</w:t></w:r></w:ins>'
    '<w:r><w:t xml:space="preserve"> the clinic.</w:t></w:r>'
    f'<w:ins w:id="3" {CHANGE}><w:r><w:t xml:space="preserve"> Twice.</w:t></w:r></w:ins>'
)
COMMENTED_RUNS = (
    '<w:commentRangeStart w:id="0"/><w:r><w:t>Interviewer: Thank you for saying so.</w:t></w:r>'
    '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'
)
COMMENTS_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {W_NS}>'
    '<w:comment w:id="0" w:author="Sam Reid" w:initials="SR"><w:p><w:r><w:t>Check this with the team</w:t></w:r></w:p>'
    '</w:comment></w:comments>'
)


def make_docx(paragraphs, table=None, after=()) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    for text in after:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def patch_docx(data: bytes, replace: dict[str, str], extra_parts: dict[str, str] = {}) -> bytes:
    """Rewrite word/document.xml (replacing placeholder runs) and add parts."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                xml = content.decode("utf-8")
                for old, new in replace.items():
                    assert old in xml, old
                    xml = xml.replace(old, new)
                content = xml.encode("utf-8")
            target.writestr(info.filename, content)
        for name, content in extra_parts.items():
            target.writestr(name, content)
    return out.getvalue()


def placeholder(text: str) -> str:
    return f"<w:r><w:t>{text}</w:t></w:r>"


def reviewed_interview() -> bytes:
    plain = make_docx(
        ["Interviewer: How was the follow-up appointment?", "TRACKED", "COMMENTED"],
        table=[["Date", "14 March 2026"], ["Site", "Northbrook General"]],
        after=["Interviewer: Anything else?", "Amina: No, that is all."],
    )
    return patch_docx(
        plain,
        {placeholder("TRACKED"): TRACKED_RUNS, placeholder("COMMENTED"): COMMENTED_RUNS},
        {"word/comments.xml": COMMENTS_XML},
    )


def test_tracked_changes_read_as_accepted_and_comments_left_out():
    data = reviewed_interview()
    # python-docx on its own drops the inserted words
    assert "Amina: I felt  the clinic." in [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]

    parsed = parse_file(data, "amina_reviewed.docx")
    document = parsed.documents[0]
    assert document.text == (
        "Interviewer: How was the follow-up appointment?\n\n"
        "Amina: I felt let down by the clinic. Twice.\n\n"
        "Interviewer: Thank you for saying so.\n\n"
        "Date | 14 March 2026\n\n"
        "Site | Northbrook General\n\n"
        "Interviewer: Anything else?\n\n"
        "Amina: No, that is all."
    )
    assert "happy with" not in document.text
    assert "Check this with the team" not in document.text
    assert [(s.speaker, document.text[s.start:s.end]) for s in document.segments] == [
        ("Interviewer", "How was the follow-up appointment?"),
        ("Amina", "I felt let down by the clinic. Twice."),
        ("Interviewer", "Thank you for saying so."),
        (None, "Date | 14 March 2026"),
        (None, "Site | Northbrook General"),
        ("Interviewer", "Anything else?"),
        ("Amina", "No, that is all."),
    ]
    assert document.kind == "interview"
    tracked = [w for w in parsed.warnings if "tracked changes" in w]
    assert len(tracked) == 1
    assert "amina_reviewed.docx" in tracked[0] and "2 insertion(s), 1 deletion(s)" in tracked[0]
    assert any("amina_reviewed.docx" in w and "comments" in w for w in parsed.warnings)


def test_plain_document_has_no_warnings():
    parsed = parse_file(make_docx(["Interviewer: Hello.", "Amina: Hello.", "Interviewer: Ready?", "Amina: Yes."]),
                        "plain.docx")
    assert parsed.warnings == []
    document = parsed.documents[0]
    assert [(s.speaker, document.text[s.start:s.end]) for s in document.segments] == [
        ("Interviewer", "Hello."), ("Amina", "Hello."), ("Interviewer", "Ready?"), ("Amina", "Yes."),
    ]


def test_table_rows_come_in_reading_order():
    data = make_docx(
        ["Before the table."],
        table=[["Question", "Answer", "Notes"], ["Did you get a letter?", "No", ""], ["Who rang you?", "Nobody", "check"]],
        after=["After the table."],
    )
    document = parse_file(data, "grid.docx").documents[0]
    assert document.text == (
        "Before the table.\n\n"
        "Question | Answer | Notes\n\n"
        "Did you get a letter? | No |\n\n"
        "Who rang you? | Nobody | check\n\n"
        "After the table."
    )
    assert document.kind == "notes"
    assert [document.text[s.start:s.end] for s in document.segments] == [
        "Before the table.", "Question | Answer | Notes", "Did you get a letter? | No |",
        "Who rang you? | Nobody | check", "After the table.",
    ]


def test_speaker_turns_with_continuation_paragraphs_and_three_speakers():
    data = make_docx([
        "[00:00:03] Facilitator: Shall we start?",
        "[00:00:06] Rose: Yes.",
        "I am ready.",
        "[00:00:09] Owen: Me too.",
        "[00:00:12] Facilitator: Good.",
    ])
    document = parse_file(data, "group.docx").documents[0]
    assert document.kind == "focus group"
    assert [(s.speaker, document.text[s.start:s.end], s.time_start, s.time_end) for s in document.segments] == [
        ("Facilitator", "Shall we start?", 3.0, 6.0),
        ("Rose", "Yes.\nI am ready.", 6.0, 9.0),
        ("Owen", "Me too.", 9.0, 12.0),
        ("Facilitator", "Good.", 12.0, None),
    ]


def test_sample_interview(project):
    report = project.import_file(SAMPLE_DATA / "interviews/int06_amina.docx")
    assert report.documents == ["int06_amina"]
    segments = project.segments("int06_amina")
    speakers = Counter(segments["speaker"].dropna())
    assert set(speakers) == {"Interviewer", "Amina"}
    assert speakers["Interviewer"] >= 10 and speakers["Amina"] >= 10
    utterances = segments[segments["kind"] == "utterance"]
    assert utterances["speaker"].notna().all()
    assert all(text.strip() == text and text for text in utterances["text"])
    assert project.documents()["kind"].tolist() == ["interview"]


def test_moves_and_field_codes():
    runs = (
        f'<w:moveFrom w:id="4" {CHANGE}><w:r><w:t xml:space="preserve">Later, </w:t></w:r></w:moveFrom>'
        '<w:r><w:t xml:space="preserve">See </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>the leaflet</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:moveTo w:id="5" {CHANGE}><w:r><w:t xml:space="preserve"> later</w:t></w:r></w:moveTo>'
        '<w:r><w:t>.</w:t><w:tab/><w:t>(page 2)</w:t></w:r>'
    )
    data = patch_docx(make_docx(["FIELD"]), {placeholder("FIELD"): runs})
    parsed = parse_file(data, "field.docx")
    assert parsed.documents[0].text == "See the leaflet later.\t(page 2)"
    assert any("1 insertion(s), 1 deletion(s)" in w for w in parsed.warnings)
