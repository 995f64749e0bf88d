"""The "coded extracts by code" report (issue 14): every passage of every code with its
source (document, speaker, time) and who coded it, as a DataFrame, Word and Excel.
Excel cells that would run as formulas are neutralised as publish/reports.py does."""

from __future__ import annotations

import io

import pandas as pd

from .coded_documents import clock, layer_words, xml_safe
from .docx_fast import paragraph_appender
from .reports import safe_frame

COLUMNS = ["Code", "Parent code", "Words", "Document", "Speaker", "Time", "Coded by", "Role", "Start", "End"]


def extracts_frame(codings: pd.DataFrame, segments: pd.DataFrame, codes: pd.DataFrame) -> pd.DataFrame:
    """One row per coding, ordered by code (codebook order), document and place; the
    speaker and time are those of the turn the passage starts in."""
    if codings.empty:
        return pd.DataFrame(columns=COLUMNS)
    turns = segments[["document_id", "start", "speaker", "time_start"]].rename(columns={"start": "turn_start"})
    placed = pd.merge_asof(codings.sort_values("start"), turns.sort_values("turn_start"), left_on="start",
                           right_on="turn_start", by="document_id", direction="backward")
    order = {name: index for index, name in enumerate(codes["name"])}
    parents = dict(zip(codes["name"], codes["parent"]))
    placed = placed.assign(code_order=placed["code"].map(order)).sort_values(
        ["code_order", "document_id", "start", "id"], kind="stable")
    frame = pd.DataFrame({
        "Code": placed["code"], "Parent code": placed["code"].map(parents), "Words": placed["text"],
        "Document": placed["document"], "Speaker": placed["speaker"],
        "Time": [clock(value) for value in placed["time_start"]], "Coded by": placed["member"],
        "Role": placed["role"], "Start": placed["start"], "End": placed["end"]})
    return frame.reset_index(drop=True)


def _source(row) -> str:
    place = ", ".join(str(part) for part in (row["Document"], row["Speaker"], row["Time"])
                      if part is not None and not pd.isna(part))
    return f"{place}; coded by {row['Coded by']} ({row['Role']})"


def to_docx(frame: pd.DataFrame, codes: pd.DataFrame, title: str, member: str | None) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(xml_safe(f"Coded extracts by code: {title}"), level=0)
    document.add_paragraph(f"{len(frame)} passage(s) of {frame['Code'].nunique()} code(s), {layer_words(member)}.")
    definitions = dict(zip(codes["name"], codes["definition"]))
    append_paragraph = paragraph_appender(document)
    for code, passages in frame.groupby("Code", sort=False):
        append_paragraph(xml_safe(code), "Heading1")
        if definitions.get(code):
            append_paragraph(xml_safe(definitions[code]))
        append_paragraph(f"{len(passages)} passage(s).")
        for row in passages.to_dict("records"):
            append_paragraph(xml_safe(f"“{row['Words']}”"), "Quote")
            append_paragraph(xml_safe(_source(row)))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_excel(frame: pd.DataFrame) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Coded extracts"
    safe = safe_frame(frame)
    sheet.append(list(safe.columns))
    for row in safe.itertuples(index=False):
        sheet.append([None if pd.isna(value) else (xml_safe(value) if isinstance(value, str) else value)
                      for value in row])
    wrapped = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
    for cell in sheet["C"]:  # the words wrap; one shared style (a new one per cell took most of the time)
        cell.alignment = wrapped
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHIJ", (24, 18, 60, 20, 14, 10, 18, 20, 8, 8)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
