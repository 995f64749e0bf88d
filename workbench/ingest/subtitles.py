"""WebVTT and SRT transcripts from Zoom, Teams, YouTube and the like.

webvtt-py reads the cues. Times are checked here first because it is lenient where a
user needs to hear about it: an SRT time without hours reads as minutes, and a .vtt
with comma decimals parses to no cues with no error. Consecutive cues of one speaker
(`<v Name>` voice tags or a `Name:` prefix) become one utterance keeping the first
start and the last end time; tags are stripped; YouTube's rolling repeats dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from ..errors import ImportProblem
from .decode import decode_text
from .model import ParsedDocument, ParsedImport, ParsedSegment, TextBuilder
from .turns import MAX_LABEL_WORDS

ARROW = re.compile(r"^\s*(?P<start>\S+)\s+-->\s+(?P<end>\S+)")
SRT_TIME = re.compile(r"^(\d+):(\d{1,2}):(\d{1,2}),(\d{1,3})$")
VTT_TIME = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})\.(\d{1,3})$")
SPEAKER_PREFIX = re.compile(r"^(?P<label>[^\W\d_][\w'’.\- ]{0,39}?):\s+(?P<rest>.+)$", re.S)


@dataclass
class Cue:
    speaker: str | None
    text: str
    start: float
    end: float


def _seconds(match: re.Match) -> float:
    hours, minutes, seconds, fraction = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(fraction.ljust(3, "0")) / 1000


def check_times(text: str, filename: str, srt: bool, warnings: list[str]) -> str:
    """Refuse malformed times with the line number; return text with VTT commas fixed."""
    lines = text.split("\n")
    fixed_commas = 0
    for number, line in enumerate(lines, start=1):
        arrow = ARROW.match(line)
        if not arrow:
            continue
        times = []
        for value in (arrow["start"], arrow["end"]):
            if not srt and "," in value and VTT_TIME.match(value.replace(",", ".")):
                value = value.replace(",", ".")
                fixed_commas += 1
            match = (SRT_TIME if srt else VTT_TIME).match(value)
            if not match:
                example = "00:01:02,500" if srt else "00:01:02.500"
                hint = " (the hours are missing)" if srt and value.count(":") == 1 else ""
                raise ImportProblem(filename, f"line {number}: '{value}' is not a valid time{hint}.",
                                    f"Times look like {example}; fix the line and import again.")
            if int(match.group(2)) >= 60 or int(match.group(3)) >= 60:
                raise ImportProblem(filename, f"line {number}: '{value}' is not a valid time.",
                                    "Minutes and seconds run from 00 to 59; fix the line and import again.")
            times.append(_seconds(match))
        if times[1] < times[0]:
            raise ImportProblem(filename, f"line {number}: the cue ends ({arrow['end']}) before it starts ({arrow['start']}).",
                                "Fix the times on that line and import again.")
        if fixed_commas and not srt:
            lines[number - 1] = line.replace(arrow["start"], arrow["start"].replace(",", ".")).replace(
                arrow["end"], arrow["end"].replace(",", "."))
    if fixed_commas:
        warnings.append(f"{filename}: {fixed_commas} time(s) used a comma before the milliseconds, as SRT does; "
                        "they were read as WebVTT times.")
    return "\n".join(lines)


def check_blocks(text: str, filename: str, srt: bool) -> None:
    """Every caption block needs its times; without them the parser drops its text silently."""
    lines = text.split("\n")
    block_start = 0
    first_block = not srt
    for number in range(len(lines) + 1):
        if number < len(lines) and lines[number] != "":
            continue
        block = lines[block_start:number]
        if block and not first_block and not block[0].startswith(("NOTE", "STYLE", "REGION")):
            if not any("-->" in line for line in block[:2]):
                example = "00:01:02,500 --> 00:01:05,000" if srt else "00:01:02.500 --> 00:01:05.000"
                raise ImportProblem(filename, f"line {block_start + 1}: a caption has no start and end time.",
                                    f"Add its times ({example}) or remove it, then import again.")
        if block:
            first_block = False
        block_start = number + 1


def read_cues(text: str, filename: str, srt: bool) -> list[Cue]:
    try:
        captions = webvtt.from_buffer(text.splitlines(), format="srt" if srt else "vtt")
    except (MalformedFileError, MalformedCaptionError) as exc:
        raise ImportProblem(filename, f"is not a valid {'SRT' if srt else 'WebVTT'} file ({exc}).",
                            "Export the transcript again from the meeting or video tool.") from None
    cues = []
    for caption in captions:
        body = caption.text.strip()
        if not body:
            continue
        # webvtt-py gives both formats' times as HH:MM:SS.mmm
        start, end = (_seconds(VTT_TIME.match(t)) for t in (caption.start, caption.end))
        cues.append(Cue(caption.voice.strip() if caption.voice else None, body, start, end))
    return cues


def _speakers_from_prefixes(cues: list[Cue]) -> None:
    """Zoom and SRT put speakers as `Name: text`. Where at least two cues open that
    way, the file follows that convention and each such label is a speaker."""
    matches = [SPEAKER_PREFIX.match(cue.text) if cue.speaker is None else None for cue in cues]
    matches = [m if m and len(m["label"].split()) <= MAX_LABEL_WORDS else None for m in matches]
    if sum(m is not None for m in matches) < 2:
        return
    for cue, match in zip(cues, matches):
        if match:
            cue.speaker, cue.text = match["label"], match["rest"].strip()


def _drop_rolling_repeats(cues: list[Cue]) -> list[Cue]:
    """YouTube auto-captions show each line twice as the window rolls on."""
    kept: list[Cue] = []
    previous_lines: list[str] = []
    for cue in cues:
        lines = [line.strip() for line in cue.text.split("\n") if line.strip()]
        if cue.speaker is not None:  # people repeat each other; only captions roll
            kept.append(cue)
            previous_lines = []
            continue
        fresh = [line for line in lines if line not in previous_lines]
        previous_lines = lines
        if fresh:
            cue.text = "\n".join(fresh)
            kept.append(cue)
    return kept


def merge_speaker_runs(cues: list[Cue]) -> list[Cue]:
    merged: list[Cue] = []
    for cue in cues:
        last = merged[-1] if merged else None
        if last is not None and cue.speaker is not None and cue.speaker == last.speaker:
            last.text = f"{last.text} {cue.text}"
            last.end = max(last.end, cue.end)
        else:
            merged.append(Cue(cue.speaker, cue.text, cue.start, cue.end))
    return merged


def parse_subtitles(data: bytes, filename: str, kind: str | None = None) -> ParsedImport:
    decoded = decode_text(data, filename)
    warnings = list(decoded.warnings)
    srt = PurePath(filename).suffix.lower() == ".srt"
    text = check_times(decoded.text, filename, srt, warnings)
    check_blocks(text, filename, srt)
    cues = read_cues(text, filename, srt)
    if not cues:
        raise ImportProblem(filename, "has no captions with text.",
                            "Check the export finished; a transcript file lists timed lines of speech.")
    _speakers_from_prefixes(cues)
    utterances = merge_speaker_runs(_drop_rolling_repeats(cues))
    builder = TextBuilder()
    segments = []
    for cue in utterances:
        start, end = builder.add(cue.text, f"{cue.speaker}: " if cue.speaker else "")
        segments.append(ParsedSegment("utterance", start, end, cue.speaker, cue.start, cue.end))
    speakers = {c.speaker for c in utterances if c.speaker}
    if kind is None:
        kind = "focus group" if len(speakers) >= 3 else "interview"
    document = ParsedDocument(PurePath(filename).stem, kind, builder.text, segments,
                              attributes={"format": "srt" if srt else "webvtt", "cues": len(cues)})
    return ParsedImport(filename=filename, documents=[document], warnings=warnings)
