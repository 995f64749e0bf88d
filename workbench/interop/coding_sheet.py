"""Coding sheets: segments in an Excel workbook, one tick column per code, for people
who prefer a spreadsheet or paper; read back and credited to a named member.

A sheet is checked whole before anything is stored. Every problem (text edited, a code
the project does not know, a row that is not in the project, a tick that is not a tick)
is reported row by row, and nothing is imported until the sheet is fixed or the user
confirms (then edited text is ignored in favour of the stored text, and unknown codes
are added to the codebook).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ..errors import ImportProblem
from ..ingest.safe_zip import SafeZip

FIXED = ["Ref", "Document", "Who", "Text"]
NOTES = "Notes"
CHECK = "Check"  # hidden: a fingerprint of the text as exported
TICK = "x"
TICKED = {"x", "✓", "✔", "yes", "y", "1", "true"}
UNTICKED = {"", "0", "no", "n", "false"}


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def write_sheet(segments: pd.DataFrame, codes: list[str], title: str) -> bytes:
    """An .xlsx coding sheet for `segments` (Project.segments()), ticks for `codes`."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Coding sheet"
    headers = FIXED + codes + [NOTES, CHECK]
    sheet.append(headers)
    for segment in segments.itertuples():
        who = segment.speaker if isinstance(segment.speaker, str) else ""
        sheet.append([int(segment.id), segment.document, who, None] + [None] * len(codes) + [None, fingerprint(segment.text)])
        cell = sheet.cell(row=sheet.max_row, column=4)
        cell.value = segment.text
        cell.data_type = "s"  # always text: never a formula, whatever it starts with
    _layout(sheet, headers, len(codes), len(segments), title)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _layout(sheet, headers: list[str], n_codes: int, n_rows: int, title: str) -> None:
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top", text_rotation=90 if 4 < cell.column <= 4 + n_codes else 0)
        cell.fill = PatternFill("solid", fgColor="EEEEEE")
    widths = {"A": 7, "B": 16, "C": 12, "D": 60}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    for index in range(n_codes):
        sheet.column_dimensions[sheet.cell(row=1, column=5 + index).column_letter].width = 5
    notes_letter = sheet.cell(row=1, column=5 + n_codes).column_letter
    check_letter = sheet.cell(row=1, column=6 + n_codes).column_letter
    sheet.column_dimensions[notes_letter].width = 30
    sheet.column_dimensions[check_letter].hidden = True
    for row in sheet.iter_rows(min_row=2, max_row=n_rows + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if n_codes:
        ticks = DataValidation(type="list", formula1=f'"{TICK}"', allow_blank=True,
                               prompt="Type x (or choose it) if this code fits.", showInputMessage=True)
        first = sheet.cell(row=2, column=5).coordinate
        last = sheet.cell(row=max(n_rows + 1, 2), column=4 + n_codes).coordinate
        ticks.add(f"{first}:{last}")
        sheet.add_data_validation(ticks)
    sheet.freeze_panes = "E2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = title[:200]


@dataclass
class SheetRow:
    segment_id: int
    codes: list[str]
    note: str


@dataclass
class SheetCheck:
    """What a sheet would import, and every problem, by spreadsheet row."""

    rows: list[SheetRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # must be fixed in the sheet
    warnings: list[str] = field(default_factory=list)  # may be confirmed
    unknown_codes: list[str] = field(default_factory=list)

    @property
    def ticks(self) -> int:
        return sum(len(r.codes) for r in self.rows)


def read_sheet(data: bytes, filename: str, segments: pd.DataFrame, known_codes: set[str]) -> SheetCheck:
    SafeZip(data, filename, "Excel workbook (.xlsx)").refuse_unsafe_parts()  # before openpyxl unpacks it (issue 9)
    try:
        frame = pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl").fillna("")
    except Exception as exc:
        raise ImportProblem(filename, f"is not a readable coding sheet ({exc.__class__.__name__}).",
                            "Open it in Excel and save it again as .xlsx.") from None
    missing = [c for c in FIXED if c not in frame.columns]
    if missing:
        raise ImportProblem(filename, f"is not a coding sheet from the workbench (no column {', '.join(missing)}).",
                            "Export a coding sheet with `workbench coding-sheet export` and fill that in.")
    code_columns = [c for c in frame.columns if c not in FIXED + [NOTES, CHECK] and not c.startswith("Unnamed")]
    check = SheetCheck(unknown_codes=[c for c in code_columns if c not in known_codes])
    for code in check.unknown_codes:
        check.warnings.append(f"column '{code}': there is no code called '{code}' in the project; "
                              "confirming adds it to the codebook.")
    stored = segments.set_index("id")
    for index, row in frame.iterrows():
        line = index + 2
        ref = str(row["Ref"]).strip().removesuffix(".0")
        if not ref.isdigit() or int(ref) not in stored.index:
            check.warnings.append(f"row {line}: the reference '{ref}' is not a part of any document in this "
                                  "project; confirming leaves the row out.")
            continue
        original = stored.at[int(ref), "text"]
        if row["Text"] != original or (CHECK in frame.columns and row[CHECK] and row[CHECK] != fingerprint(original)):
            check.warnings.append(f"row {line}: the text was changed in the sheet; confirming codes the "
                                  "text as it is stored in the project.")
        chosen = []
        for code in code_columns:
            value = str(row[code]).strip().lower()
            if value in TICKED:
                chosen.append(code)
            elif value not in UNTICKED:
                check.errors.append(f"row {line}, column '{code}': '{row[code]}' is not a tick; type x or leave it empty.")
        check.rows.append(SheetRow(int(ref), chosen, str(row.get(NOTES, "")).strip()))
    return check


def store_sheet(writer, check: SheetCheck, segments: pd.DataFrame) -> int:
    """Apply a checked sheet's ticks and notes as the writer's member; return codings added."""
    from ..coding.bulk import apply_many
    from ..coding.codes import add_code, code_id
    from ..coding.memos import add_memo

    stored = segments.set_index("id")
    code_ids = {code: code_id(writer.conn, code) or add_code(writer, code)
                for code in dict.fromkeys(code for row in check.rows for code in row.codes)}
    ticks = [(row.segment_id, code) for row in check.rows for code in row.codes]
    spans = stored.loc[[segment_id for segment_id, _ in ticks], ["document_id", "start", "end"]]
    apply_many(writer, pd.DataFrame({"document_id": spans["document_id"].to_numpy(),
                                     "code_id": [code_ids[code] for _, code in ticks],
                                     "start": spans["start"].to_numpy(), "end": spans["end"].to_numpy()}))
    added = len(ticks)
    for row in check.rows:
        if row.note:
            add_memo(writer, row.note, "segment", row.segment_id)
    return added
