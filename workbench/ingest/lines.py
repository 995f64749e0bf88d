"""Lines of text extracted from a formatted file (PDF, ODT, RTF, Markdown, HTML) made into
one transcript document, as the .txt and .docx importers do: speaker turns where there
are any, paragraphs otherwise, and where the lines came from (a PDF's page) kept on
each segment."""

from __future__ import annotations

from pathlib import PurePath

from ..errors import ImportProblem
from .decode import MAX_TRANSCRIPT_BYTES, clean_text
from .model import ParsedImport
from .turns import split_turns, turns_to_document


def lines_to_import(lines: list[str], filename: str, kind: str | None, warnings: list[str],
                    what: str, pages: list[int] | None = None) -> ParsedImport:
    """`pages`, if given, holds the page number of each line."""
    if sum(len(line) + 1 for line in lines) > MAX_TRANSCRIPT_BYTES:
        raise ImportProblem(filename, f"holds more than {MAX_TRANSCRIPT_BYTES // 1024 // 1024} million characters "
                            "of text, too much for one transcript.", "Split it into one file per session.")
    split, split_pages = [], []
    for number, line in enumerate(lines):
        parts = line.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        split += parts
        if pages is not None:
            split_pages += [pages[number]] * len(parts)
    text_lines = clean_text("\n".join(split), filename, warnings).split("\n")
    pages = split_pages if pages is not None else None
    if not any(line.strip() for line in text_lines):
        raise ImportProblem(filename, f"holds no text ({what}).", "Check it is the right file and that it has text in it.")
    turns = split_turns(text_lines, filename)
    document = turns_to_document(turns, PurePath(filename).stem, kind, filename, warnings)
    if pages is not None:
        for segment, turn in zip(document.segments, turns):
            first = pages[turn.line_no - 1]
            last = pages[min(turn.line_no - 1 + len(turn.lines) - 1, len(pages) - 1)]
            segment.attributes["page"] = first
            if last != first:
                segment.attributes["last page"] = last
    return ParsedImport(filename=filename, documents=[document], warnings=warnings)
