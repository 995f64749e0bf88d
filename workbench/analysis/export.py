"""Any analysis table to Word, Excel or CSV, with the report rules for unsafe cells
(a leading apostrophe before = + - @ tab CR; Excel cells stored as text; CSV in UTF-8
with a BOM). Several tables go to one workbook (a sheet each) or one Word file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import WorkbenchError
from ..publish.reports import fill_sheet, safe_frame, word_table

FORMATS = (".docx", ".xlsx", ".csv")


def sheet_name(name: str, taken: set[str]) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name, and no repeats."""
    cleaned = "".join(" " if ch in '[]:*?/\\' else ch for ch in str(name)).strip() or "Sheet"
    base, candidate, number = cleaned[:31], cleaned[:31], 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.casefold())
    return candidate


def write_tables(tables: dict[str, pd.DataFrame], path: str | Path, title: str = "") -> Path:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise WorkbenchError(f"{path.name}: cannot write this kind of file; end the name with .docx, .xlsx or .csv.")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        if len(tables) != 1:
            raise WorkbenchError(f"{path.name}: a CSV file holds one table; write .xlsx for several.")
        safe_frame(next(iter(tables.values()))).to_csv(path, index=False, encoding="utf-8-sig")
    elif suffix == ".xlsx":
        _excel(tables, path)
    else:
        _word(tables, path, title)
    return path


def _excel(tables: dict[str, pd.DataFrame], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for name, frame in tables.items():
        fill_sheet(book.create_sheet(sheet_name(name, taken)), frame, "B2" if len(frame.columns) > 1 else "A2")
    book.save(path)


def _word(tables: dict[str, pd.DataFrame], path: Path, title: str) -> None:
    from docx import Document

    document = Document()
    if title:
        document.add_heading(title, level=0)
    for name, frame in tables.items():
        if len(tables) > 1 or not title:
            document.add_heading(str(name), level=1)
        word_table(document, frame)
    document.save(path)
