"""Coding sheets in Excel: export, fill in, import credited to a member, with a row-by-row
report for changed text, unknown codes and bad ticks."""

import openpyxl
import pytest

from workbench.errors import SheetProblems, WorkbenchError
from workbench.interop.coding_sheet import FIXED

TRANSCRIPT = ("[00:00:01] Interviewer: How was leaving hospital?\n"
              "[00:00:04] Rose: =HYPERLINK(\"http://x\") I waited all day for tablets.\n"
              "[00:00:09] Rose: My daughter was not told.\n").encode()


@pytest.fixture
def sheet(project, tmp_path):
    project.import_bytes(TRANSCRIPT, "rose.txt")
    for name in ("Medicines", "Carers"):
        project.add_code(name)
    path = tmp_path / "sheet.xlsx"
    assert project.export_coding_sheet(path, documents=["rose"]) == 3
    return path


def fill(path, ticks: dict, edits: dict | None = None, extra_column: str | None = None):
    book = openpyxl.load_workbook(path)
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    for (row, code), value in ticks.items():
        sheet.cell(row=row, column=headers.index(code) + 1, value=value)
    for row, text in (edits or {}).items():
        sheet.cell(row=row, column=headers.index("Text") + 1, value=text)
    if extra_column:
        sheet.cell(row=1, column=len(headers) + 1, value=extra_column)
        sheet.cell(row=2, column=len(headers) + 1, value="x")
    book.save(path)


def test_sheet_layout_is_printable_and_never_holds_formulas(sheet):
    book = openpyxl.load_workbook(sheet)
    ws = book.active
    headers = [c.value for c in ws[1]]
    assert headers[:4] == FIXED and headers[4:6] == ["Medicines", "Carers"] and headers[6] == "Notes"
    text = ws.cell(row=3, column=4)
    assert text.data_type == "s" and text.value.startswith("=HYPERLINK")  # kept as text, not a formula
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    assert ws.data_validations.dataValidation, "tick columns offer a dropdown"


def test_filled_sheet_imports_credited_to_the_member(project, sheet):
    fill(sheet, {(3, "Medicines"): "x", (4, "Carers"): "✓"})
    book = openpyxl.load_workbook(sheet)
    book.active.cell(row=4, column=7, value="She sounded upset about this.")
    book.save(sheet)
    result = project.import_coding_sheet(sheet, "Jo Bennett", "lived-experience partner")
    assert result == {"rows": 3, "codings": 2, "confirmed": 0}
    codings = project.codings()
    assert set(zip(codings["code"], codings["member"], codings["role"])) == {
        ("Medicines", "Jo Bennett", "lived-experience partner"), ("Carers", "Jo Bennett", "lived-experience partner")}
    assert "My daughter was not told." in set(codings["text"])
    memo = project.memos().iloc[0]
    assert (memo["target_type"], memo["member"]) == ("segment", "Jo Bennett")


def test_edited_text_and_unknown_codes_are_reported_and_import_nothing_until_confirmed(project, sheet):
    fill(sheet, {(3, "Medicines"): "x"}, edits={4: "My daughter was told."}, extra_column="Transport")
    before = len(project.events())
    with pytest.raises(SheetProblems) as problems:
        project.import_coding_sheet(sheet, "Jo Bennett", "lived-experience partner")
    report = problems.value.report()
    assert "row 4: the text was changed" in report and "column 'Transport'" in report
    assert len(project.events()) == before
    result = project.import_coding_sheet(sheet, "Jo Bennett", "lived-experience partner", confirm=True)
    assert result["codings"] == 2 and result["confirmed"] == 2
    codings = project.codings().set_index("code")
    assert codings.loc["Transport", "text"] == "How was leaving hospital?"  # the new code's tick, on row 2
    assert "My daughter was told." not in set(project.codings()["text"])


def test_a_bad_tick_must_be_fixed_even_with_confirm(project, sheet):
    fill(sheet, {(3, "Medicines"): "maybe"})
    with pytest.raises(SheetProblems, match="1 problem"):
        project.import_coding_sheet(sheet, "Jo Bennett", confirm=True)
    assert project.codings().empty


def test_not_a_coding_sheet(project, tmp_path):
    path = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["name", "age"])
    book.save(path)
    with pytest.raises(WorkbenchError, match="not a coding sheet"):
        project.import_coding_sheet(path, "Jo Bennett")


def test_coding_sheet_from_the_command_line(project_path, sheet, tmp_path):
    from workbench.cli import main

    fill(sheet, {(3, "Medicines"): "x"}, edits={4: "changed"})
    assert main(["coding-sheet", "import", str(project_path), str(sheet), "--member", "Sam Reid"]) == 2
    assert main(["coding-sheet", "import", str(project_path), str(sheet), "--member", "Sam Reid", "--confirm"]) == 0
    out = tmp_path / "again.xlsx"
    assert main(["coding-sheet", "export", str(project_path), str(out), "--codes", "Medicines"]) == 0
    assert [c.value for c in openpyxl.load_workbook(out).active[1]][4] == "Medicines"
