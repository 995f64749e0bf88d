"""Plain-text transcripts (.txt, .md): speaker turns with optional times."""

from __future__ import annotations

from pathlib import PurePath

from .decode import decode_text
from .model import ParsedImport
from .turns import split_turns, turns_to_document


def parse_text_transcript(data: bytes, filename: str, kind: str | None = None) -> ParsedImport:
    decoded = decode_text(data, filename)
    warnings = list(decoded.warnings)
    turns = split_turns(decoded.text.split("\n"), filename)
    document = turns_to_document(turns, PurePath(filename).stem, kind, filename, warnings)
    document.attributes["encoding"] = decoded.encoding
    return ParsedImport(filename=filename, documents=[document], warnings=warnings)
