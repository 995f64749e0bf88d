"""Tables and a Word report for researchers' write-ups, from the published tables
(`tables.findings_tables`): Excel and CSV (UTF-8 with a BOM, so Excel reads accents),
and a .docx with the codebook, themes with quotes, and counts by group.

A cell starting with =, +, -, @, a tab or a carriage return would run as a formula
in a spreadsheet (participants' words can start so); such cells get a leading
apostrophe, and Excel cells are stored as text whatever they hold.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import findings
from .published_themes import map_inputs
from .theme_words import theme_facts, where_themes_come_from

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.columns = [safe_cell(str(c)) for c in frame.columns]
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(safe_cell)
    return frame


THEME_HEADINGS = {"theme": "Theme", "parent": "Part of theme", "summary": "Central idea", "status": "Status",
                  "sub_themes": "Sub-themes", "codes": "Codes", "passages": "Passages", "proposed_by": "Proposed by",
                  "shaped_by": "Changes by role", "dots": "Dots", "dots_by_role": "Dots by role", "origin": "Came from",
                  "fits": "Fits", "does_not_fit": "Does not fit", "missing_something": "Missing something",
                  "last_review": "Last review"}


def report_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables of a report, with plain column names: codings with their words, quotes
    by theme, the codebook and, where the project has themes, the themes."""
    quotes, codes = tables["quotes"], tables["codes"]
    codings = findings.unique_quotes(quotes).rename(columns={
        "code": "Code", "text": "Words", "speaker": "Speaker", "group": "Group", "source": "Source",
        "document": "Document"})[["Code", "Words", "Speaker", "Group", "Source", "Document"]]
    theme_order = {name: number for number, name in enumerate(dict.fromkeys(codes["theme"]))}
    by_theme = quotes.sort_values(["theme", "code"], key=lambda column: column.map(theme_order)
                                  if column.name == "theme" else column, kind="stable").rename(columns={
        "theme": "Theme", "code": "Code", "text": "Quote", "speaker": "Speaker", "group": "Group", "source": "Source"})[
        ["Theme", "Code", "Quote", "Speaker", "Group", "Source"]]
    codebook = codes.rename(columns={"code": "Code", "theme": "Theme", "definition": "What it means",
                                     "when_to_use": "When to use it", "sub_theme": "Sub-theme"})
    codebook = codebook[[c for c in ("Code", "Theme", "What it means", "When to use it", "Sub-theme") if c in codebook]]
    result = {"codings": codings.reset_index(drop=True), "quotes-by-theme": by_theme.reset_index(drop=True),
              "codebook": codebook.reset_index(drop=True)}
    themes = tables.get("themes")
    if themes is not None and len(themes):
        result["themes"] = themes.rename(columns=THEME_HEADINGS).reset_index(drop=True)
    return result


def write_excel(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, frame in report_tables(tables).items():
        fill_sheet(book.create_sheet(name.replace("-", " ").capitalize()[:31]), frame)
    path = Path(path)
    book.save(path)
    return path


def fill_sheet(sheet, frame: pd.DataFrame, freeze: str = "A2") -> None:
    """A table on an Excel sheet: formula-like text neutralised and stored as text, a bold
    header row, wrapped cells, each column as wide as its content (within limits)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    frame = safe_frame(frame)
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([None if missing_value(v) else v for v in row])
    wrapped = Alignment(wrap_text=True, vertical="top")  # one shared style, not one per cell
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
            cell.alignment = wrapped
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for number, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
        sheet.column_dimensions[get_column_letter(number)].width = min(60, max(10, longest + 2))
    sheet.freeze_panes = freeze


def missing_value(value) -> bool:
    """NaN or None (a list or other value is not missing)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def write_csvs(tables: dict[str, pd.DataFrame], outdir: str | Path) -> list[Path]:
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in report_tables(tables).items():
        path = outdir / f"{name}.csv"
        safe_frame(frame).to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    return written


def write_word(tables: dict[str, pd.DataFrame], path: str | Path, quotes_per_code: int = 3) -> Path:
    from docx import Document

    about = dict(zip(tables["about"]["key"], tables["about"]["value"]))
    codes, quotes = tables["codes"], tables["quotes"]
    document = Document()
    document.add_heading(about.get("title", "Our findings"), level=0)
    document.add_paragraph("Speakers are shown by pseudonym; people who withdrew consent and notes the team "
                           "marked private are left out.")
    document.add_heading("Codebook", level=1)
    word_table(document, codes.rename(columns={"code": "Code", "theme": "Theme", "definition": "What it means"})[
        ["Theme", "Code", "What it means"]])
    document.add_heading("Themes and quotes", level=1)
    document.add_paragraph(where_themes_come_from(tables))
    themes = tables.get("themes")
    about_theme = {row["theme"]: row for _, row in themes.iterrows()} if themes is not None else {}  # themes are few
    examples = {code: part for code, part in findings.code_examples(quotes, limit=quotes_per_code).groupby("code")}
    for theme, part in codes.groupby("theme", sort=False):
        document.add_heading(theme, level=2)
        if theme in about_theme:
            if about_theme[theme]["summary"]:
                document.add_paragraph(f"Central idea: {about_theme[theme]['summary']}")
            document.add_paragraph(" ".join(theme_facts(about_theme[theme])))
        for code in part.itertuples():
            if code.code != theme:
                document.add_heading(code.code, level=3)
            if getattr(code, "sub_theme", ""):
                document.add_paragraph(f"In the sub-theme “{code.sub_theme}”.")
            document.add_paragraph(code.definition)
            for quote in examples.get(code.code, quotes.iloc[:0]).itertuples():
                who = ", ".join(x for x in (quote.speaker, quote.group) if x)
                document.add_paragraph(f"“{quote.text}” ({who}, {quote.source})", style="Quote")
    if about_theme:
        from ..figures.theme_map import theme_map_table

        document.add_heading("The thematic map, as a table", level=1)
        word_table(document, theme_map_table(*map_inputs(tables)).rename(columns=str.capitalize))
    document.add_heading("How often each theme came up, by group", level=1)
    word_table(document, findings.counts_by_group(quotes, codes).reset_index())
    path = Path(path)
    document.save(path)
    return path


def word_table(document, frame: pd.DataFrame) -> None:
    """A table in a Word document: a bold header row, then the rows (blank for missing)."""
    table = document.add_table(rows=1, cols=max(1, len(frame.columns)))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, frame.columns):
        cell.text = str(name)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in frame.itertuples(index=False):
        for cell, value in zip(table.add_row().cells, row):
            cell.text = "" if missing_value(value) else str(value)
