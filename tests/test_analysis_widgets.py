"""The Retrieval and FrameworkMatrix widgets from Python, driven by the messages their
pages send (including ones a Voila visitor could forge)."""

import pytest

from workbench.widgets import CodingPanel, FrameworkMatrix, Retrieval
from workbench.widgets.requests import MALFORMED

from analysis_helpers import build_study


@pytest.fixture
def study(project):
    build_study(project)
    return project


def send(widget, **content):
    widget._on_message(widget, content, [])


def test_retrieval_runs_saves_exports_and_opens_a_passage(study, tmp_path):
    study.import_bytes(b"Dee: another document.\n", "int_b.txt")
    panel = CodingPanel(study, member="Alex Morgan", document="int_b")
    widget = Retrieval(study, member="Alex Morgan", panel=panel, export_folder=tmp_path)
    assert "Lonely" in widget.codes and {"key": "role", "values": ["carer", "provider", "service user"]} in widget.attributes
    send(widget, type="run", query="Lonely OR Contact", attribute="role", value="carer", layer="everyone")
    assert widget.error == "" and widget.total == 1
    assert widget.rows[0]["text"] == "Nobody phoned me after. I felt alone and I wanted one number to ring"
    assert widget.rows[0]["time"] == "00:00:05" and widget.rows[0]["speaker"] == "Ana"
    send(widget, type="save", name="Carers on contact")
    assert widget.saved == ["Carers on contact"]
    send(widget, type="export", kind="xlsx")
    assert (tmp_path / "passages.xlsx").exists() and "Wrote 1 passage" in widget.status
    send(widget, type="open", index=0)
    assert panel.document_id == study.document_id("int_a")


def test_retrieval_refuses_forged_or_mistaken_requests(study):
    widget = Retrieval(study, member="Alex Morgan")
    send(widget, type="run", query="Lonely AND", attribute="", value="", layer="everyone")
    assert "Cannot read the query" in widget.error
    send(widget, type="run", query="Lonely", attribute="password", value="x", layer="everyone")
    assert widget.error == "Choose an attribute from the list."
    send(widget, type="run", query="Lonely", attribute="", value="", layer="Mallory")
    assert widget.error == "Choose whose codings to use from the list."
    send(widget, type="run", query=["Lonely"], attribute="", value="", layer="everyone")
    assert widget.error == MALFORMED
    send(widget, type="export", kind="exe")
    assert "xlsx" in widget.error
    send(widget, type="open", index=0)
    assert "No coding panel" in widget.error


def test_framework_matrix_chooses_writes_and_refreshes(study):
    widget = FrameworkMatrix(study, member="Jo Bennett", role="lived-experience partner")
    assert widget.cases == ["Ana", "Ben", "Cal"] and widget.targets == ["Lonely", "Contact", "Medicines", "Praise"]
    assert widget.cells[2][0] == widget.nothing_said
    send(widget, type="choose", case="Ana", target="Contact")
    assert widget.chosen == {"case": "Ana", "target": "Contact"}
    assert [p["text"] for p in widget.passages] == ["I felt alone and I wanted one number to ring"]
    send(widget, type="write", case="Ana", target="Contact", text="<b>One number</b> to ring.")
    assert widget.error == "" and widget.cells[0][1] == "<b>One number</b> to ring."
    cell = study.framework_cells().iloc[0]
    assert (cell["written_by"], cell["role"]) == ("Jo Bennett", "lived-experience partner")
    send(widget, type="write", case="Zed", target="Contact", text="x")
    assert "no longer in the matrix" in widget.error
    send(widget, type="write", case="Ana", target="Contact", text="x" * 6000)
    assert "under 5,000" in widget.error


def test_analysis_matrix_shows_any_attribute_and_opens_a_cell(study):
    from workbench.widgets import AnalysisMatrix

    widget = AnalysisMatrix(study, by="site", measure="participants")
    assert widget.column_names == ["North", "South"] and "single_parent" in widget.attributes
    assert widget.values[widget.row_names.index("Contact")] == [2.0, 0.0]
    send(widget, type="open", row="Contact", column="North")
    assert sorted(p["speaker"] for p in widget.passages) == ["Ana", "Cal"]
    send(widget, type="show", by="role", measure="share", rows="codes")
    assert widget.column_names == ["carer", "provider", "service user"] and widget.chosen == {}
    send(widget, type="show", by="password", measure="share", rows="codes")
    assert widget.error == "Choose an attribute from the list."
    send(widget, type="open", row="Contact", column="Mars")
    assert "no longer in the table" in widget.error
