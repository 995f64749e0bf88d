"""Survey answers from CSV/XLSX: one document, one segment per answer.

The user chooses the text column (else the column with the longest answers), an id
column, attribute columns (default: every other column) and, optionally, code
columns (0/1, yes/no, x) whose ticks become codings by a named coder.
"""

from __future__ import annotations

import fnmatch
from pathlib import PurePath

import numpy as np
import pandas as pd

from ..errors import ImportProblem
from .model import ParsedCoding, ParsedDocument, ParsedImport, ParsedSegment, TextBuilder

SEPARATOR = TextBuilder.SEPARATOR
from .tables import find_column, read_table, spreadsheet_row

TICKED = {"1", "1.0", "true", "yes", "y", "x", "✓", "✔"}
UNTICKED = {"", "0", "0.0", "false", "no", "n"}
CODE_PREFIXES = ("code_", "code:", "code ")


def code_name_from_column(column: str) -> str:
    name = column
    for prefix in CODE_PREFIXES:
        if name.lower().startswith(prefix):
            name = name[len(prefix):].replace("_", " ").strip()
            return name[:1].upper() + name[1:]
    return name


def select_columns(frame: pd.DataFrame, spec, filename: str) -> list[str]:
    """Columns named in a list, or by comma-separated names and glob patterns."""
    if spec is None:
        return []
    items = [s.strip() for s in spec.split(",")] if isinstance(spec, str) else list(spec)
    chosen: list[str] = []
    for item in items:
        matches = [c for c in frame.columns if fnmatch.fnmatchcase(c.lower(), item.lower())]
        if not matches:
            raise ImportProblem(filename, f"has no column matching '{item}'.",
                                "Its columns are: " + ", ".join(frame.columns) + ".")
        chosen.extend(m for m in matches if m not in chosen)
    return chosen


def _longest_text_column(frame: pd.DataFrame, exclude: set[str]) -> str | None:
    lengths = {c: frame[c].str.len().mean() for c in frame.columns if c not in exclude}
    return max(lengths, key=lengths.get) if lengths else None


def parse_survey(data: bytes, filename: str, *, text_column: str | None = None, id_column: str | None = None,
                 attribute_columns=None, code_columns=None, coder: str | None = None,
                 sheet: str | None = None, kind: str = "survey") -> ParsedImport:
    frame, warnings = read_table(data, filename, sheet)
    codes = select_columns(frame, code_columns, filename)
    if codes and not coder:
        raise ImportProblem(filename, "has code columns but no coder was named.",
                            "Say who coded them (for example --coder 'Sam Reid').")
    id_col = find_column(frame, filename, "answer id", id_column,
                         ("response_id", "respondent id", "id", "comment id"), required=False)
    text_col = find_column(frame, filename, "answer text", text_column,
                           ("answer", "response", "comment", "feedback", "text"), required=False)
    if text_col is None:
        text_col = _longest_text_column(frame, set(codes) | {id_col})
        warnings.append(f"{filename}: used the column '{text_col}' for the answers; name another with --text-column.")
    attributes = (select_columns(frame, attribute_columns, filename) if attribute_columns is not None
                  else [c for c in frame.columns if c not in set(codes) | {text_col, id_col}])
    document = ParsedDocument(PurePath(filename).stem, kind, "", attributes={"text_column": text_col})
    answered = (frame[text_col] != "").to_numpy()
    ticks = frame[codes].apply(lambda column: column.str.lower()) if codes else pd.DataFrame(index=frame.index)
    ticked = ticks.isin(TICKED).to_numpy(dtype=bool)
    _refuse_bad_tick(frame, codes, ticked | ticks.isin(UNTICKED).to_numpy(dtype=bool), answered, filename)
    skipped, lost_ticks = int((~answered).sum()), int(ticked[~answered].sum())
    answers = frame.loc[answered, text_col].tolist()
    ends = np.cumsum([len(answer) + len(SEPARATOR) for answer in answers]) - len(SEPARATOR)
    starts = ends - [len(answer) for answer in answers]
    records = frame.loc[answered, attributes].to_dict("records") if attributes else [{}] * len(answers)
    ids = frame.loc[answered, id_col].tolist() if id_col else [None] * len(answers)
    document.segments = [
        ParsedSegment("answer", int(start), int(end), attributes={
            **{key: value for key, value in record.items() if value != ""}, **({"id": answer_id} if id_col else {})})
        for start, end, record, answer_id in zip(starts, ends, records, ids)]
    rows, columns = np.nonzero(ticked[answered])  # row by row, then column by column
    names = [code_name_from_column(column) for column in codes]
    document.codings = [ParsedCoding(int(row), names[column], coder) for row, column in zip(rows, columns)]
    if not document.segments:
        raise ImportProblem(filename, f"has no answers in the column '{text_col}'.", "Choose the column that holds the answers.")
    if skipped:
        lost = f", with the {lost_ticks} code tick(s) on them" if lost_ticks else ""
        warnings.append(f"{filename}: {skipped} row(s) with an empty answer were left out{lost}.")
    document.text = SEPARATOR.join(answers)
    return ParsedImport(filename=filename, documents=[document], warnings=warnings)


def _refuse_bad_tick(frame: pd.DataFrame, codes: list[str], readable, answered, filename: str) -> None:
    """The first cell (row by row) of an answered row that is neither a tick nor blank."""
    bad_rows, bad_columns = np.nonzero(~readable & answered[:, None]) if codes else ((), ())
    if len(bad_rows):
        column = codes[bad_columns[0]]
        value = frame.iloc[bad_rows[0]][column]
        raise ImportProblem(filename, f"row {spreadsheet_row(frame.index[bad_rows[0]])}, column '{column}': '{value}' is not a tick (use 1 or 0, yes or no).",
                            "Fix that cell and import again.")
