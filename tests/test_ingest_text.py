"""Plain-text transcripts: speaker turns, optional times, Otter headers, wrapped lines."""

from collections import Counter

import pytest

from workbench.ingest import parse_file


def parse(text: str | bytes, filename: str = "interview.txt"):
    parsed = parse_file(text if isinstance(text, bytes) else text.encode("utf-8"), filename)
    assert len(parsed.documents) == 1
    return parsed, parsed.documents[0]


def spans(document):
    """(speaker, spoken words, time_start, time_end) for every segment."""
    return [(s.speaker, document.text[s.start:s.end], s.time_start, s.time_end) for s in document.segments]


def test_timed_turns_golden():
    parsed, document = parse(
        "[00:00:05] Interviewer: How did the day of leaving go?\n"
        "[00:00:09] Rose: Long. I waited for my tablets.\n"
        "[00:01:02] Interviewer: How long?\n"
        "[01:00:10.5] Rose: Seven hours, near enough.\n"
    )
    assert document.text == (
        "Interviewer: How did the day of leaving go?\n\n"
        "Rose: Long. I waited for my tablets.\n\n"
        "Interviewer: How long?\n\n"
        "Rose: Seven hours, near enough."
    )
    assert spans(document) == [
        ("Interviewer", "How did the day of leaving go?", 5.0, 9.0),
        ("Rose", "Long. I waited for my tablets.", 9.0, 62.0),
        ("Interviewer", "How long?", 62.0, 3610.5),
        ("Rose", "Seven hours, near enough.", 3610.5, None),
    ]
    assert (document.segments[0].start, document.segments[0].end) == (13, 43)
    assert [s.kind for s in document.segments] == ["utterance"] * 4
    assert document.kind == "interview"
    assert parsed.warnings == []


@pytest.mark.parametrize("opening", ["[00:02:03] ", "(00:02:03) ", "00:02:03 ", "2:03 "])
def test_time_styles_before_the_name(opening):
    _, document = parse(f"{opening}Interviewer: Hello.\n{opening}Tom: Hi there.\n")
    assert spans(document) == [("Interviewer", "Hello.", 123.0, 123.0), ("Tom", "Hi there.", 123.0, None)]


def test_untimed_turns_with_continuation_lines():
    _, document = parse(
        "Interviewer: Tell me about the letter.\n"
        "Tom: It came a week later.\n"
        "Nobody had read it to me.\n"
        "\n"
        "Interviewer: A week?\n"
        "Tom: Yes.\n"
    )
    assert document.text == (
        "Interviewer: Tell me about the letter.\n\n"
        "Tom: It came a week later.\nNobody had read it to me.\n\n"
        "Interviewer: A week?\n\n"
        "Tom: Yes."
    )
    assert spans(document) == [
        ("Interviewer", "Tell me about the letter.", None, None),
        ("Tom", "It came a week later.\nNobody had read it to me.", None, None),
        ("Interviewer", "A week?", None, None),
        ("Tom", "Yes.", None, None),
    ]


def test_otter_header_lines(validation):
    _, document = parse((validation / "subtitles/turnchunk/otter.txt").read_bytes(), "otter.txt")
    assert document.text == (
        "Alice Chen: Right, let's start with the renewal. They came back asking for\n"
        "a twelve percent increase.\n\n"
        "Bob Ferreira: Twelve? That's well above what we budgeted."
    )
    assert spans(document) == [
        ("Alice Chen", "Right, let's start with the renewal. They came back asking for\na twelve percent increase.", 1.0, 9.0),
        ("Bob Ferreira", "Twelve? That's well above what we budgeted.", 9.0, None),
    ]
    assert document.kind == "interview"


def test_hard_wrapped_real_interview_keeps_its_words(validation):
    raw = (validation / "transcripts/qc_demo/admin-1.txt").read_bytes()
    source = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    _, document = parse(raw, "admin-1.txt")
    speakers = Counter(s.speaker for s in document.segments)
    assert {"Max Bigman", "admin-1"} <= set(speakers)
    assert speakers["Max Bigman"] >= 20 and speakers["admin-1"] >= 20
    assert any("\n" in document.text[s.start:s.end] for s in document.segments)  # wrapped turns stay whole
    not_verbatim = [document.text[s.start:s.end] for s in document.segments
                    if document.text[s.start:s.end] not in source]
    assert not_verbatim == [], f"{len(not_verbatim)} segment(s) differ from the file, e.g. {not_verbatim[0][:120]!r}"


def test_a_colon_in_speech_stays_text():
    _, document = parse(
        "Interviewer: What happened next?\n"
        "Rose: I told the nurse I was going home.\n"
        "And then she said: stop\n"
        "Interviewer: Really?\n"
        "Rose: Yes.\n"
    )
    assert [s.speaker for s in document.segments] == ["Interviewer", "Rose", "Interviewer", "Rose"]
    assert document.text[document.segments[1].start:document.segments[1].end] == (
        "I told the nurse I was going home.\nAnd then she said: stop"
    )


def test_a_colon_in_a_note_is_not_a_speaker():
    _, document = parse("And then she said: stop\n", "note.txt")
    assert document.text == "And then she said: stop"
    assert spans(document) == [(None, "And then she said: stop", None, None)]
    assert document.kind == "notes"


def test_text_without_speaker_turns_is_notes():
    parsed, document = parse(
        "Field notes, ward 7.\nThe discharge lounge was full by ten.\n\n\nTwo porters for the whole floor.\n",
        "notes.txt",
    )
    assert document.kind == "notes"
    assert document.text == "Field notes, ward 7.\nThe discharge lounge was full by ten.\n\nTwo porters for the whole floor."
    assert [s.kind for s in document.segments] == ["paragraph", "paragraph"]
    assert spans(document) == [
        (None, "Field notes, ward 7.\nThe discharge lounge was full by ten.", None, None),
        (None, "Two porters for the whole floor.", None, None),
    ]
    assert parsed.warnings == []


def test_three_speakers_make_a_focus_group():
    _, document = parse(
        "Facilitator: Who wants to start?\n"
        "Rose: Me.\n"
        "Lena: Then me.\n"
        "Facilitator: Thank you both.\n"
        "Rose: Go on.\n"
        "Lena: Right.\n"
    )
    assert document.kind == "focus group"
    assert [s.speaker for s in document.segments] == ["Facilitator", "Rose", "Lena"] * 2


def test_kind_can_be_chosen():
    parsed = parse_file(b"Rose: Hello.\nRose: Again.\n", "memo.txt", kind="notes")
    assert parsed.documents[0].kind == "notes"


def test_times_going_backwards_are_reported():
    parsed, document = parse("[00:05:00] Rose: Later.\n[00:01:00] Tom: Earlier.\n")
    assert [s.time_start for s in document.segments] == [300.0, 60.0]
    assert any("line 2" in w and "backwards" in w for w in parsed.warnings)


def test_portuguese_interview_keeps_its_accents(validation):
    raw = (validation / "transcripts/raise_ptbr/Exp_P1.txt").read_bytes()
    parsed, document = parse(raw, "Exp_P1.txt")
    assert document.text == raw.decode("utf-8").replace("\r\n", "\n").strip()
    assert document.attributes["encoding"] == "utf-8"
    for word in ("estão", "repositório", "Não sei", "mineração"):
        assert word in document.text
    assert "Ã" not in document.text  # no UTF-8 read as Latin-1
    assert document.kind == "notes"  # "Pergunta 1:", "Pergunta 2:" ... are questions, not speakers
    assert all(s.speaker is None for s in document.segments)
    assert all(document.text[s.start:s.end].startswith("Pergunta ") for s in document.segments)
    assert parsed.warnings == []


def test_stored_segments_match_the_parse(project):
    text = "[00:00:01] Interviewer: Olá, tudo bem?\n[00:00:04] Ana: Tudo, obrigada.\n"
    report = project.import_bytes(text.encode("utf-8"), "ana.txt")
    assert report.documents == ["ana"] and report.segments == 2
    stored = project.segments("ana")
    assert stored[["speaker", "text", "time_start"]].values.tolist() == [
        ["Interviewer", "Olá, tudo bem?", 1.0], ["Ana", "Tudo, obrigada.", 4.0],
    ]
    assert project.document_text("ana") == "Interviewer: Olá, tudo bem?\n\nAna: Tudo, obrigada."
