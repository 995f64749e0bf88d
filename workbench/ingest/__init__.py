"""Importers: pure parsers from a file's bytes to documents, segments and codings.

`parse_file` picks the parser from the file name and, for tables, the columns;
`kind` overrides the guess. Nothing here touches the project store.
"""

from __future__ import annotations

import inspect
from pathlib import PurePath

from ..errors import ImportProblem
from .docx import parse_docx
from .html import parse_html
from .markdown import parse_markdown
from .odt import parse_odt
from .model import ParsedImport
from .pdf import parse_pdf
from .people_and_codes import parse_codebook, parse_participants
from .rtf import parse_rtf
from .subtitles import parse_subtitles
from .survey import parse_survey
from .tables import read_table
from .text_transcript import parse_text_transcript
from .workshop import parse_board, parse_one_liners, parse_poll

TRANSCRIPT_KINDS = ("interview", "focus group", "notes")
TABLE_KINDS = ("survey", "workshop board", "poll", "one-line answers", "participants", "codebook")
KINDS = TRANSCRIPT_KINDS + TABLE_KINDS
TEXT_SUFFIXES = {".txt", ".text"}
FORMATTED = {".pdf": parse_pdf, ".odt": parse_odt, ".rtf": parse_rtf, ".md": parse_markdown, ".markdown": parse_markdown,
             ".html": parse_html, ".htm": parse_html}  # text only, markup dropped
SUBTITLE_SUFFIXES = {".vtt", ".srt"}
TABLE_SUFFIXES = {".csv", ".tsv", ".xlsx", ".xlsm"}
SURVEY_ONLY_OPTIONS = {"id_column", "attribute_columns", "code_columns", "coder"}
NOT_SUPPORTED = {
    ".doc": "Save it as Word (.docx) first.",
    ".xls": "Save it as Excel (.xlsx) or CSV first.",
    ".sbv": "Download the captions as WebVTT (.vtt) or SRT instead.",
}


def detect_table_kind(data: bytes, filename: str) -> str:
    frame, _ = read_table(data, filename)
    columns = {c.lower() for c in frame.columns}
    if "pseudonym" in columns:
        return "participants"
    if columns & {"code", "code name"} and columns & {"definition", "description"}:
        return "codebook"
    if columns & {"votes", "dots"}:
        return "poll"
    if columns & {"cluster", "colour", "color", "note", "sticky note"}:
        return "workshop board"
    text = next((c for c in frame.columns if c.lower() in ("answer", "response", "text")), None)
    if text is not None and frame[text].str.split().str.len().mean() <= 6:
        return "one-line answers"
    return "survey"


def parse_file(data: bytes, filename: str, kind: str | None = None, **options) -> ParsedImport:
    suffix = PurePath(filename).suffix.lower()
    if kind is not None and kind not in KINDS:
        raise ImportProblem(filename, f"'{kind}' is not a kind the workbench knows.", "Use one of: " + ", ".join(KINDS) + ".")
    if suffix in NOT_SUPPORTED:
        raise ImportProblem(filename, f"is a {suffix} file, which the workbench cannot read.", NOT_SUPPORTED[suffix])
    if suffix in TABLE_SUFFIXES:
        if kind is None and options.keys() & SURVEY_ONLY_OPTIONS:
            kind = "survey"
        kind = kind or detect_table_kind(data, filename)
        if kind not in TABLE_KINDS:
            raise ImportProblem(filename, f"is a table, which cannot be imported as {kind}.",
                                "Use one of: " + ", ".join(TABLE_KINDS) + ".")
        parser = {
            "survey": parse_survey, "workshop board": parse_board, "poll": parse_poll,
            "one-line answers": parse_one_liners, "participants": parse_participants, "codebook": parse_codebook,
        }[kind]
        accepted = set(inspect.signature(parser).parameters) - {"data", "filename"}
        unknown = sorted(set(options) - accepted)
        if unknown:
            raise ImportProblem(filename, f"is imported as {kind}, which takes no {', '.join(unknown)}.",
                                "Leave those options out, or say --kind survey if it is a survey.")
        return parser(data, filename, **options)
    if options:
        raise ImportProblem(filename, f"takes no options like {', '.join(options)}.", "Those are for survey and workshop tables.")
    if kind is not None and kind not in TRANSCRIPT_KINDS:
        raise ImportProblem(filename, f"is a transcript, which cannot be imported as {kind}.",
                            "Use one of: " + ", ".join(TRANSCRIPT_KINDS) + ".")
    if suffix == ".docx":
        return parse_docx(data, filename, kind)
    if suffix in FORMATTED:
        return FORMATTED[suffix](data, filename, kind)
    if suffix in SUBTITLE_SUFFIXES:
        return parse_subtitles(data, filename, kind)
    if suffix in TEXT_SUFFIXES or suffix == "":
        return parse_text_transcript(data, filename, kind)
    raise ImportProblem(filename, f"has the extension '{suffix}', which the workbench does not import.",
                        "Use .txt, .docx, .odt, .rtf, .pdf, .md, .html, .vtt, .srt, .csv or .xlsx.")


__all__ = ["KINDS", "ParsedImport", "parse_file"]
