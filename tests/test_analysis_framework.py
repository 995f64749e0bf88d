"""The framework matrix (issue 13): cells written, logged and undoable, linked to their
passages, "nothing said" for empty cells, and the Excel and Word exports read back;
on SQLite and PostgreSQL."""

import pytest

from workbench import WorkbenchError
from workbench.analysis.framework import NOTHING_SAID

from analysis_helpers import build_study


@pytest.fixture
def study(backend_project):
    build_study(backend_project)
    return backend_project


def test_cases_by_codes_mark_what_was_not_said(study):
    table = study.framework()
    assert list(table.index) == ["Ana", "Ben", "Cal"]
    assert list(table.columns) == ["Lonely", "Contact", "Medicines", "Praise"]
    assert table.loc["Ana", "Lonely"] == "" and table.loc["Ana", "Medicines"] == NOTHING_SAID
    assert table.loc["Cal", "Contact"] == "" and table.loc["Cal", "Lonely"] == NOTHING_SAID
    by_document = study.framework(cases="documents")
    assert by_document.loc["int_a"].tolist() == ["", "", "", ""]


def test_a_cell_is_written_credited_linked_logged_and_undoable(study):
    jo = study.acting_as("Jo Bennett", "lived-experience partner")
    jo.write_framework_cell("Ana", "Contact", "Wants one number to ring; nobody phoned.")
    assert study.framework().loc["Ana", "Contact"] == "Wants one number to ring; nobody phoned."
    cell = study.framework_cells().iloc[0]
    assert (cell["case"], cell["target"], cell["written_by"], cell["role"]) == (
        "Ana", "Contact", "Jo Bennett", "lived-experience partner")
    text = study.document_text("int_a")
    assert [text[s:e] for _, s, e in cell["passages"]] == ["I felt alone and I wanted one number to ring"]
    passages = study.framework_passages("Ana", "Contact")
    assert passages["text"].tolist() == ["I felt alone and I wanted one number to ring"]
    jo.write_framework_cell("Ana", "Contact", "Rewritten after the meeting.")
    assert len(study.framework_cells()) == 1
    events = study.events()
    writes = events[events["action"] == "framework.write"]
    assert len(writes) == 2 and set(writes["actor"]) == {"Jo Bennett"}
    assert all("text" not in details for details in writes["details"])  # the log keeps lengths, not words
    jo.undo()
    assert study.framework().loc["Ana", "Contact"] == "Wants one number to ring; nobody phoned."
    jo.undo()
    assert study.framework().loc["Ana", "Contact"] == "" and study.framework_cells().empty


def test_bad_cells_are_refused_plainly(study):
    with pytest.raises(WorkbenchError, match="no participant 'Zed'"):
        study.write_framework_cell("Zed", "Contact", "x")
    with pytest.raises(WorkbenchError, match="no code"):
        study.write_framework_cell("Ana", "Nope", "x")
    with pytest.raises(WorkbenchError, match="'participants' or 'documents'"):
        study.framework(cases="sites")
    assert study.framework_cells().empty


def test_theme_columns_and_cells(study):
    study.add_theme("Feeling cut off", "Alone and without a number.", ["Lonely", "Contact"])
    study.write_framework_cell("Ben", "Feeling cut off", "The café shut; he felt alone.", targets="themes")
    table = study.framework(targets="themes")
    assert table.loc["Ben", "Feeling cut off"] == "The café shut; he felt alone."
    assert table.loc["Cal", "Feeling cut off"] == ""
    assert study.framework_passages("Ben", "Feeling cut off", targets="themes")["text"].tolist() == ["Café was shut"]


def test_exports_one_sheet_per_theme_and_word(study, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    study.add_theme("Feeling cut off", "", ["Lonely", "Contact"])
    study.write_framework_cell("Ana", "Lonely", "=SUM(A1) felt alone")
    book = load_workbook(study.export_framework(tmp_path / "framework.xlsx"))
    assert book.sheetnames == ["Feeling cut off", "Other codes"]
    rows = list(book["Feeling cut off"].iter_rows(values_only=True))
    assert rows[0] == ("Case", "Lonely", "Contact")
    assert rows[1] == ("Ana", "'=SUM(A1) felt alone", None)
    assert rows[3] == ("Cal", NOTHING_SAID, None)
    assert list(book["Other codes"].iter_rows(values_only=True))[0] == ("Case", "Medicines", "Praise")
    word = Document(study.export_framework(tmp_path / "framework.docx"))
    assert [table.rows[0].cells[1].text for table in word.tables] == ["Lonely", "Medicines"]
    assert word.tables[0].rows[1].cells[1].text == "=SUM(A1) felt alone"


def test_withdrawn_participants_are_not_cases(study):
    study.withdraw("Cal")
    assert list(study.framework().index) == ["Ana", "Ben"]


def test_the_published_snapshot_holds_the_framework_without_withdrawn_people(study, tmp_path):
    from workbench.publish import read_snapshot

    study.write_framework_cell("Ana", "Contact", "Wants one number.")
    study.write_framework_cell("Cal", "Contact", "Phones everyone.")
    study.withdraw("Cal")
    snapshot = study.publish(tmp_path / "published")
    framework = read_snapshot(snapshot)["framework"]
    assert framework.to_dict("records") == [{"case": "Ana", "group": "carer", "code or theme": "Contact",
                                             "summary": "Wants one number."}]


def test_withdrawal_removes_their_framework_cells_and_cells_quoting_them(study, tmp_path):
    text = study.document_text("int_a")
    their_words = "I felt alone and I wanted one number to ring"
    assert their_words in text
    jo = study.acting_as("Jo Bennett", "lived-experience partner")
    jo.write_framework_cell("Ana", "Contact", "Wants one number to ring; nobody phoned.")
    jo.write_framework_cell("Ana", "Contact", "Rewritten: wants one number.")
    jo.write_framework_cell("Ben", "Praise", f"Unlike Ana, who said '{their_words}', Ben was content.")
    jo.write_framework_cell("Cal", "Contact", "Had a named nurse.")
    study.withdraw("Ana", erase=True)
    cells = study.framework_cells()
    assert cells["case"].tolist() == ["Cal"]
    assert not (study.framework() == "Rewritten: wants one number.").any().any()
    with pytest.raises(WorkbenchError):  # nothing undoes back into their words
        while True:
            jo.undo()
    assert "number to ring" not in " ".join(study.framework_cells()["text"])
    if study.store.sqlite_path is not None:
        data = study.store.sqlite_path.read_bytes()
        assert b"Wants one number to ring" not in data and b"Rewritten: wants one number" not in data
