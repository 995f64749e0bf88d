"""Speaker turns in plain lines of text, shared by the .txt and .docx importers.

Recognised turn openings (a time is optional; brackets or parentheses optional):
    [00:01:02] Name: text      00:01:02 Name: text      Name: text
    Name  0:01                 (a header line, as Otter.ai exports: the text follows)
Lines that open no turn continue the current one; a blank line ends it. Text outside
any turn is kept as paragraphs. `Label:` counts as a speaker only if the label recurs,
carries a time, or is followed by a wide gap, so "And then she said: stop" stays text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..errors import ImportProblem
from .model import ParsedDocument, ParsedSegment, TextBuilder

TIME = r"(?P<time>\d{1,2}:\d{1,2}(?::\d{1,2})?(?:[.,]\d{1,3})?)"
LABEL = r"(?P<label>[^\W\d_][\w'’.\- ]{0,39}?)"
TURN_LINE = re.compile(
    rf"^\s*(?:[\[(]?{TIME}[\])]?\s+)?{LABEL}\s*:(?P<gap>[ \t]*)(?P<rest>.*)$"
)
HEADER_LINE = re.compile(rf"^\s*{LABEL}[ \t]{{2,}}[\[(]?{TIME}[\])]?\s*$")
MAX_LABEL_WORDS = 4


@dataclass
class Turn:
    speaker: str | None
    time: float | None
    line_no: int
    lines: list[str] = field(default_factory=list)

    @property
    def content(self) -> str:
        return "\n".join(self.lines).strip()


def parse_time(value: str, filename: str, line_no: int) -> float:
    parts = value.replace(",", ".").split(":")
    hours, minutes, seconds = (["0"] * (3 - len(parts)) + parts)
    try:
        h, m, s = int(hours), int(minutes), float(seconds)
    except ValueError:
        h = m = 0
        s = -1
    if m >= 60 or s >= 60 or s < 0:
        raise ImportProblem(
            filename, f"line {line_no}: '{value}' is not a valid time.",
            "Fix the time (minutes and seconds run from 00 to 59) and import again.",
        )
    return h * 3600 + m * 60 + s


def _candidate(line: str):
    match = TURN_LINE.match(line)
    if match and len(match["label"].split()) <= MAX_LABEL_WORDS:
        return match
    return None


def split_turns(lines: list[str], filename: str) -> list[Turn]:
    labels = Counter(m["label"].strip() for line in lines if (m := _candidate(line)))
    turns: list[Turn] = []
    current: Turn | None = None
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            current = None
            continue
        header = HEADER_LINE.match(line)
        match = _candidate(line)
        if header:
            current = Turn(header["label"].strip(), parse_time(header["time"], filename, line_no), line_no)
            turns.append(current)
        elif match and (labels[match["label"].strip()] >= 2 or match["time"] or len(match["gap"]) >= 2):
            time = parse_time(match["time"], filename, line_no) if match["time"] else None
            current = Turn(match["label"].strip(), time, line_no, [match["rest"]])
            turns.append(current)
        elif current is not None:
            current.lines.append(line)
        else:
            current = Turn(None, None, line_no, [line])
            turns.append(current)
    return [turn for turn in turns if turn.content]


def turns_to_document(turns: list[Turn], name: str, kind: str | None, filename: str,
                      warnings: list[str]) -> ParsedDocument:
    builder = TextBuilder()
    segments: list[ParsedSegment] = []
    previous_time: float | None = None
    for turn in turns:
        if turn.time is not None and previous_time is not None and turn.time < previous_time:
            warnings.append(
                f"{filename}: line {turn.line_no}: the time goes backwards; check the times around it."
            )
        if turn.time is not None:
            previous_time = turn.time
        prefix = f"{turn.speaker}: " if turn.speaker else ""
        start, end = builder.add(turn.content, prefix)
        segments.append(ParsedSegment(
            kind="utterance" if turn.speaker else "paragraph",
            start=start, end=end, speaker=turn.speaker, time_start=turn.time,
        ))
    _end_times_from_next_start(segments)
    speakers = {s.speaker for s in segments if s.speaker}
    if kind is None:
        kind = "focus group" if len(speakers) >= 3 else "interview" if speakers else "notes"
    if not speakers and kind in ("interview", "focus group"):
        warnings.append(f"{filename}: no speaker turns found (like 'Name: text'); imported as paragraphs.")
    return ParsedDocument(name=name, kind=kind, text=builder.text, segments=segments)


def _end_times_from_next_start(segments: list[ParsedSegment]) -> None:
    timed = [s for s in segments if s.time_start is not None]
    for current, following in zip(timed, timed[1:]):
        if following.time_start >= current.time_start:
            current.time_end = following.time_start
