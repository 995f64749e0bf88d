"""What a parser returns: plain data, nothing written yet.

Offsets are Python string indices into `ParsedDocument.text` (NFC-normalised).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ParsedSegment:
    kind: str  # utterance, paragraph, sticky note, answer, poll option, line
    start: int
    end: int
    speaker: str | None = None
    time_start: float | None = None
    time_end: float | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass
class ParsedCoding:
    """A code applied by `coder` to the whole of segment `segment_index`."""

    segment_index: int
    code: str
    coder: str


@dataclass
class ParsedDocument:
    name: str
    kind: str
    text: str
    segments: list[ParsedSegment] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    codings: list[ParsedCoding] = field(default_factory=list)

    def segment_text(self, segment: ParsedSegment) -> str:
        return self.text[segment.start:segment.end]


@dataclass
class ParsedParticipant:
    pseudonym: str
    attributes: dict[str, Any]
    consent: str = "given"


@dataclass
class ParsedCode:
    name: str
    parent: str | None = None
    definition: str = ""
    when_to_use: str = ""
    when_not_to_use: str = ""
    colour: str | None = None


@dataclass
class ParsedImport:
    """Everything one file contributes, and what the user should be told about it."""

    filename: str
    documents: list[ParsedDocument] = field(default_factory=list)
    participants: list[ParsedParticipant] = field(default_factory=list)
    codes: list[ParsedCode] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class TextBuilder:
    """Builds a document text from pieces, recording each piece's span."""

    SEPARATOR = "\n\n"

    def __init__(self):
        self._parts: list[str] = []
        self._length = 0

    def add(self, content: str, prefix: str = "") -> tuple[int, int]:
        """Append `prefix + content` as a new block; return the span of `content`."""
        if self._parts:
            self._parts.append(self.SEPARATOR)
            self._length += len(self.SEPARATOR)
        self._parts.append(prefix + content)
        start = self._length + len(prefix)
        self._length += len(prefix) + len(content)
        return start, self._length

    @property
    def text(self) -> str:
        return "".join(self._parts)
