"""CSV and Excel files read into a DataFrame of strings, safely and with plain errors."""

from __future__ import annotations

import csv
import io
from pathlib import PurePath

import pandas as pd

from ..errors import ImportProblem
from .decode import decode_text
from .safe_zip import SafeZip

MAX_TABLE_BYTES = 50 * 1024 * 1024


def read_table(data: bytes, filename: str, sheet: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        frame, header, warnings = *_read_excel(data, filename, sheet), []
    else:
        decoded = decode_text(data, filename, MAX_TABLE_BYTES)
        frame, header = _read_csv(decoded.text, filename)
        warnings = decoded.warnings
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise ImportProblem(filename, "has a header row but no data rows.", "Check you saved the right sheet or file.")
    # pandas renames a repeated column ("answer.1"), so look at the header as written
    header = [str(c).strip() for c in header]
    duplicates = sorted({c for c in header if c and header.count(c) > 1})
    if duplicates:
        raise ImportProblem(filename, f"has more than one column called {', '.join(map(repr, duplicates))}.",
                            "Give every column its own name and import again.")
    return frame.fillna("").astype(str).apply(lambda column: column.str.strip()), warnings


def _read_csv(text: str, filename: str) -> tuple[pd.DataFrame, list[str]]:
    sample = text[:20_000]
    try:
        delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    header = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    try:
        return pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False), header
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeError) as exc:
        raise ImportProblem(filename, f"could not be read as a table ({str(exc).strip().splitlines()[0]}).",
                            "Open it in a spreadsheet program, check the columns line up, and save it as CSV again.") from None


def _read_excel(data: bytes, filename: str, sheet: str | None) -> tuple[pd.DataFrame, list[str]]:
    if len(data) > MAX_TABLE_BYTES:
        raise ImportProblem(filename, "is too large for a survey or workshop sheet.", "Split it into smaller files.")
    SafeZip(data, filename, "Excel workbook (.xlsx)").refuse_unsafe_parts()  # bombs and entities, before openpyxl
    try:
        header = pd.read_excel(io.BytesIO(data), sheet_name=sheet or 0, header=None, nrows=1, dtype=str,
                               engine="openpyxl").iloc[0].fillna("").tolist()
        return pd.read_excel(io.BytesIO(data), sheet_name=sheet or 0, dtype=str, engine="openpyxl"), header
    except ValueError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        raise ImportProblem(filename, f"could not be read ({first_line}).", "Check the sheet name, or save the workbook again.") from None
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise ImportProblem(filename, f"is not a readable Excel workbook ({exc.__class__.__name__}).",
                            "Open it in Excel and save it again as .xlsx.") from None


def find_column(frame: pd.DataFrame, filename: str, purpose: str, wanted: str | None,
                candidates: tuple[str, ...], required: bool = True) -> str | None:
    """The column the user named, else the first candidate present (case-insensitive)."""
    by_lower = {c.lower(): c for c in frame.columns}
    if wanted:
        if wanted.lower() in by_lower:
            return by_lower[wanted.lower()]
        raise ImportProblem(filename, f"has no column '{wanted}' for the {purpose}.",
                            "Its columns are: " + ", ".join(frame.columns) + ".")
    for candidate in candidates:
        if candidate in by_lower:
            return by_lower[candidate]
    if required:
        raise ImportProblem(filename, f"has no column for the {purpose} (looked for: {', '.join(candidates)}).",
                            "Rename that column, or name it when you import. Its columns are: " + ", ".join(frame.columns) + ".")
    return None


def spreadsheet_row(index: int) -> int:
    """Row number as a spreadsheet shows it (the header is row 1)."""
    return index + 2
