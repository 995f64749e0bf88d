"""WebVTT and SRT: webvtt-py's own expectations, Zoom/Teams/YouTube shapes, refused times."""

import json
import re

import pytest

from support import SAMPLE_DATA, VALIDATION
from workbench import ImportProblem
from workbench.ingest import parse_file

EXPECTED_FILE = VALIDATION / "subtitles/expected_webvtt-py.json"
EXPECTED = json.loads(EXPECTED_FILE.read_text("utf-8")) if EXPECTED_FILE.is_file() else {}
ENTRIES = sorted(name for name in EXPECTED if not name.startswith("_")) or ["(validation material missing)"]


def seconds(value: str) -> float:
    hours, minutes, rest = value.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def parse(path):
    parsed = parse_file(path.read_bytes(), path.name)
    return parsed, parsed.documents[0]


def utterances(document):
    return [(s.speaker, document.text[s.start:s.end], s.time_start, s.time_end) for s in document.segments]


@pytest.mark.parametrize("name", ENTRIES)
def test_webvtt_py_expectations(validation, name):
    expected = json.loads((validation / "subtitles/expected_webvtt-py.json").read_text("utf-8"))[name]
    path = validation / "subtitles" / name
    if "expect_error" in expected or name.endswith("no_captions.vtt"):
        with pytest.raises(ImportProblem) as refused:
            parse(path)
        assert path.name in str(refused.value)
        return
    parsed, document = parse(path)
    segments = document.segments
    checked = 0
    for key, value in expected.items():
        if key in ("n_captions", "n_captions_after_dropping_empty"):
            assert not any(s.speaker for s in segments)  # nothing to merge: one segment per caption
            assert len(segments) == value
        elif key == "total_length_seconds":
            assert int(segments[-1].time_end) - int(segments[0].time_start) == value
        elif key == "speakers_from_voice_tags":
            assert [s.speaker for s in segments] == value
        elif match := re.fullmatch(r"caption\[(\d+)\]\.(start|end|start_seconds|end_seconds|lines|text)", key):
            index, field = int(match[1]), match[2]
            if field in ("lines", "text"):
                wanted = "\n".join(value) if field == "lines" else value
                assert wanted in document.text
            else:
                attribute = "time_start" if field.startswith("start") else "time_end"
                wanted = value if field.endswith("seconds") else seconds(value)
                assert getattr(segments[index], attribute) == pytest.approx(wanted, abs=1e-6)
        else:
            continue  # identifiers, styles and notes are not part of an imported document
        checked += 1
    assert checked or expected.keys() <= {"note"}
    assert parsed.warnings == []
    for segment in segments:
        text = document.text[segment.start:segment.end]
        assert text == text.strip() and text and "<" not in text


def test_teams_voice_tags_merge_one_speakers_cues(validation):
    parsed, document = parse(validation / "subtitles/turnchunk/teams.vtt")
    assert utterances(document) == [
        ("Alice Chen", "Right, let's start with the renewal. They came back asking for a twelve percent increase.", 1.0, 9.2),
        ("Bob Ferreira", "Twelve? That's well above what we budgeted. "
                         "I'd want to see their justification before we agree to anything.", 9.2, 15.8),
    ]
    assert document.text.startswith("Alice Chen: Right, let's start")
    assert document.kind == "interview"
    assert document.attributes == {"format": "webvtt", "cues": 4}


def test_zoom_name_prefixes_become_speakers(validation):
    _, document = parse(validation / "subtitles/turnchunk/zoom.vtt")
    assert utterances(document) == [
        ("Priya Raman", "Can everyone hear me okay?", 2.1, 5.4),
        ("Tom Ableton", "Yep, coming through fine.", 5.4, 7.9),
        ("Priya Raman", "Great. So here's the thing: we're behind on the audit.", 7.9, 11.2),
    ]


def test_srt_prefixes_and_italics(validation):
    parsed, document = parse(validation / "subtitles/turnchunk/basic.srt")
    assert document.text == "Alice: The contract renews automatically.\n\nBob: Only if neither party gives notice."
    assert utterances(document) == [
        ("Alice", "The contract renews automatically.", 1.0, 3.5),
        ("Bob", "Only if neither party gives notice.", 3.5, 6.0),
    ]
    assert document.attributes["format"] == "srt"


def test_youtube_rolling_repeats_dropped(validation):
    _, document = parse(validation / "subtitles/turnchunk/youtube_auto_real_shape.vtt")
    assert document.text == "[Music]\n\nthe first thing to understand\n\nis that the index is stale\n\nand nobody rebuilt it"
    assert [document.text[s.start:s.end] for s in document.segments] == [
        "[Music]", "the first thing to understand", "is that the index is stale", "and nobody rebuilt it",
    ]
    assert document.segments[-1].time_end == pytest.approx(11.43)


@pytest.mark.parametrize("suffix, cues", [
    (".vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Alice>Yes.</v>\n\n"
             "00:00:02.000 --> 00:00:03.000\n<v Bob>Yes.</v>\n\n"
             "00:00:03.000 --> 00:00:04.000\n<v Alice>Good.</v>\n"),
    (".vtt", "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAlice: Yes.\n\n"
             "2\n00:00:02.000 --> 00:00:03.000\nBob: Yes.\n\n"
             "3\n00:00:03.000 --> 00:00:04.000\nAlice: Good.\n"),
    (".srt", "1\n00:00:01,000 --> 00:00:02,000\nAlice: Yes.\n\n"
             "2\n00:00:02,000 --> 00:00:03,000\nBob: Yes.\n\n"
             "3\n00:00:03,000 --> 00:00:04,000\nAlice: Good.\n"),
], ids=["teams", "zoom", "srt"])
def test_two_speakers_saying_the_same_words_are_both_kept(suffix, cues):
    """Rolling-repeat removal is for YouTube's captions; Bob agreeing with Alice is not a repeat."""
    document = parse_file(cues.encode("utf-8"), "agree" + suffix).documents[0]
    assert utterances(document) == [
        ("Alice", "Yes.", 1.0, 2.0), ("Bob", "Yes.", 2.0, 3.0), ("Alice", "Good.", 3.0, 4.0),
    ]


def test_srt_time_without_hours_is_refused():
    with pytest.raises(ImportProblem) as refused:
        parse_file(b"1\n00:01,000 --> 00:02,000\nHello\n", "clip.srt")
    message = str(refused.value)
    assert "clip.srt" in message and "line 2" in message and "hours are missing" in message


def test_cue_ending_before_it_starts_is_refused():
    data = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nFine\n\n00:00:09.000 --> 00:00:05.000\nBackwards\n"
    with pytest.raises(ImportProblem) as refused:
        parse_file(data, "clip.vtt")
    message = str(refused.value)
    assert "clip.vtt" in message and "line 6" in message and "ends" in message


def test_vtt_with_comma_decimals_is_read_with_a_warning():
    data = b"WEBVTT\n\n00:00:01,250 --> 00:00:02,500\nHello\n\n00:00:03,000 --> 00:00:04,750\nAgain\n"
    parsed = parse_file(data, "commas.vtt")
    document = parsed.documents[0]
    assert utterances(document) == [(None, "Hello", 1.25, 2.5), (None, "Again", 3.0, 4.75)]
    assert len(parsed.warnings) == 1
    assert "commas.vtt" in parsed.warnings[0] and "comma" in parsed.warnings[0]


def test_sample_teams_interview(project):
    parsed, document = parse(SAMPLE_DATA / "interviews/int05_grace.vtt")
    assert document.attributes["cues"] == 156
    speakers = [s.speaker for s in document.segments]
    assert set(speakers) == {"Interviewer", "Grace"}
    assert speakers[0] == "Interviewer"
    assert all(a != b for a, b in zip(speakers, speakers[1:]))  # runs merged: speakers alternate
    assert len(document.segments) < 156 / 2
    first_grace = document.segments[1]
    assert (first_grace.time_start, first_grace.time_end) == (10.71, 44.825)
    assert document.text[first_grace.start:first_grace.end].startswith("Yes, of course. Sorry, can you hear me all right? My camera")
    assert parsed.warnings == []

    report = project.import_file(SAMPLE_DATA / "interviews/int05_grace.vtt")
    assert report.segments == len(document.segments)
    stored = project.segments("int05_grace")
    assert stored["speaker"].tolist() == speakers
    assert stored["time_start"].tolist() == [s.time_start for s in document.segments]
