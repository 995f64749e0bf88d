"""Workshop outputs from CSV/XLSX: sticky-note boards, polls, one-line answers."""

from __future__ import annotations

import re
from pathlib import PurePath

from ..errors import ImportProblem
from .model import ParsedDocument, ParsedImport, ParsedSegment, TextBuilder
from .tables import find_column, read_table, spreadsheet_row


def parse_board(data: bytes, filename: str, *, text_column: str | None = None, sheet: str | None = None) -> ParsedImport:
    frame, warnings = read_table(data, filename, sheet)
    text_col = find_column(frame, filename, "note text", text_column, ("text", "note", "sticky note", "idea"))
    optional = {
        "id": ("note_id", "id", "note id"),
        "author": ("author", "table", "group", "written by"),
        "colour": ("colour", "color"),
        "cluster": ("cluster", "theme", "group heading", "column"),
    }
    columns = {key: find_column(frame, filename, key, None, names, required=False) for key, names in optional.items()}
    builder = TextBuilder()
    document = ParsedDocument(PurePath(filename).stem, "workshop board", "")
    for _, row in frame.iterrows():
        if not row[text_col]:
            continue
        start, end = builder.add(row[text_col])
        attributes = {key: row[col] for key, col in columns.items() if col and row[col]}
        document.segments.append(ParsedSegment("sticky note", start, end, attributes=attributes))
    document.text = builder.text
    _require_segments(document, filename, "notes")
    return ParsedImport(filename=filename, documents=[document], warnings=warnings)


def parse_poll(data: bytes, filename: str, *, sheet: str | None = None) -> ParsedImport:
    frame, warnings = read_table(data, filename, sheet)
    option_col = find_column(frame, filename, "poll option", None, ("option", "idea", "choice", "text"))
    votes_col = find_column(frame, filename, "votes", None, ("votes", "dots", "count"))
    comments_col = find_column(frame, filename, "comments", None, ("comments", "comment"), required=False)
    builder = TextBuilder()
    document = ParsedDocument(PurePath(filename).stem, "poll", "")
    for index, row in frame.iterrows():
        if not row[option_col]:
            continue
        votes = row[votes_col] or "0"
        if not re.fullmatch(r"[0-9]+(\.0)?", votes):
            raise ImportProblem(filename, f"row {spreadsheet_row(index)}: '{row[votes_col]}' is not a number of votes.",
                                "Use a whole number (0 or more) and import again.")
        start, end = builder.add(row[option_col])
        document.segments.append(ParsedSegment("poll option", start, end, attributes={"votes": int(float(votes))}))
        if comments_col and row[comments_col]:
            start, end = builder.add(row[comments_col])
            document.segments.append(ParsedSegment("poll comment", start, end, attributes={"option": row[option_col]}))
    document.text = builder.text
    _require_segments(document, filename, "options")
    document.attributes["total_votes"] = sum(s.attributes.get("votes", 0) for s in document.segments)
    return ParsedImport(filename=filename, documents=[document], warnings=warnings)


def parse_one_liners(data: bytes, filename: str, *, text_column: str | None = None, sheet: str | None = None) -> ParsedImport:
    frame, warnings = read_table(data, filename, sheet)
    text_col = find_column(frame, filename, "answers", text_column, ("answer", "text", "response", "word"))
    group_col = find_column(frame, filename, "group", None, ("participant_group", "group", "role"), required=False)
    builder = TextBuilder()
    document = ParsedDocument(PurePath(filename).stem, "one-line answers", "")
    for _, row in frame.iterrows():
        if row[text_col]:
            start, end = builder.add(row[text_col])
            attributes = {"group": row[group_col]} if group_col and row[group_col] else {}
            document.segments.append(ParsedSegment("line", start, end, attributes=attributes))
    document.text = builder.text
    _require_segments(document, filename, "answers")
    return ParsedImport(filename=filename, documents=[document], warnings=warnings)


def _require_segments(document: ParsedDocument, filename: str, what: str) -> None:
    if not document.segments:
        raise ImportProblem(filename, f"has no {what} with text.", "Check you saved the right sheet or file.")
