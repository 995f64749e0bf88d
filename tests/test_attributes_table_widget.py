"""The AttributesTable widget from Python, driven by the messages its page sends
(including ones a Voila visitor could forge): edits and a new column stored through
the project, credited and logged; bad values refused with one sentence; long lists paged;
on a team server, the signed-in member."""

import pytest

from workbench.project import Project
from workbench.widgets import AttributesTable
from workbench.widgets import attributes_table as table_module
from workbench.widgets.requests import MALFORMED

from analysis_helpers import build_study, study  # noqa: F401  (a fixture)
from support import send


def cell(widget, name, attribute):
    row = next(r for r in widget.rows if r["name"] == name)
    return row["values"][widget.columns.index(attribute)]


def test_edits_a_cell_adds_a_column_and_logs_each_change(study):
    widget = AttributesTable(study, member="Jo Bennett", role="lived-experience partner")
    assert [r["name"] for r in widget.rows] == ["Ana", "Ben", "Cal"]
    assert {"role", "site", "single_parent"} <= set(widget.columns) and "consent" not in widget.columns
    send(widget, type="edit", name="Ben", attribute="site", value="  East ")
    assert widget.error == "" and cell(widget, "Ben", "site") == "East" and "Saved site of Ben" in widget.status
    send(widget, type="add_column", attribute="lives  alone")
    assert "lives alone" in widget.columns and cell(widget, "Ana", "lives alone") == ""
    send(widget, type="edit", name="Ana", attribute="lives alone", value="yes")
    assert study.attributes().set_index("pseudonym").loc["Ana", "lives alone"] == "yes"
    send(widget, type="edit", name="Cal", attribute="site", value="")  # empty: the value goes
    assert cell(widget, "Cal", "site") == "" and "Removed site of Cal" in widget.status
    events = study.events().query("action == 'participant.attributes'")
    assert set(events["actor"]) == {"Jo Bennett"} and set(events["role"]) == {"lived-experience partner"}
    assert events["details"].iloc[0] == {"attribute": "site", "value": "East"}
    send(widget, type="undo")  # Cal's site back
    assert widget.error == "" and cell(widget, "Cal", "site") == "North"
    assert widget.status == "Undone: 1 change(s) (participant attributes)."
    study.acting_as("Jo Bennett", "lived-experience partner").undo()  # from Python: Ana's lives alone
    send(widget, type="refresh")
    assert cell(widget, "Ana", "lives alone") == ""


@pytest.mark.parametrize("content, message", [
    ({"type": "edit", "name": "Zed", "attribute": "site", "value": "x"}, "no longer in the table"),
    ({"type": "edit", "name": "Ana", "attribute": "password", "value": "x"}, "no longer in the table"),
    ({"type": "edit", "name": "Ana", "attribute": "site", "value": "x" * 501}, "under 500 characters"),
    ({"type": "edit", "name": "Ana", "attribute": "site", "value": "North\x00"}, "control or text-direction"),
    ({"type": "edit", "name": "Ana", "attribute": "site", "value": "\u202eNorth"}, "control or text-direction"),
    ({"type": "edit", "name": "Ana", "attribute": "site", "value": 5}, MALFORMED),
    ({"type": "edit", "name": "Ana", "attribute": "site"}, MALFORMED),
    ({"type": "add_column", "attribute": "  "}, "Name the new attribute"),
    ({"type": "add_column", "attribute": "Site"}, "already"),
    ({"type": "add_column", "attribute": "consent"}, "already"),
    ({"type": "add_column", "attribute": "pseudonym"}, "already"),
    ({"type": "add_column", "attribute": "x" * 61}, "under 60"),
    ({"type": "add_column", "attribute": ["site"]}, MALFORMED),
    ({"type": "page", "page": 3}, "1 page(s)"),
    ({"type": "page", "page": True}, MALFORMED),
    ({"type": "show", "kind": "codes"}, "participants or documents"),
])
def test_bad_values_are_refused_and_nothing_is_stored(study, content, message):
    widget = AttributesTable(study, member="Alex Morgan")
    before = (study.attributes().to_json(), study.last_event_id())
    send(widget, **content)
    assert message in widget.error
    assert (study.attributes().to_json(), study.last_event_id()) == before


def test_a_forged_row_or_kind_does_not_reach_the_project(study):
    widget = AttributesTable(study, member="Alex Morgan")
    widget.rows = [{"name": "Zed", "values": []}]  # what a visitor's browser can set
    widget.columns = ["evil\x00"]
    send(widget, type="edit", name="Zed", attribute="evil\x00", value="x")
    assert "no longer in the table" in widget.error
    with pytest.raises(Exception):
        widget.kind = "codes"
    with pytest.raises(Exception):
        widget.page = -1


def test_documents_come_a_page_at_a_time(study, monkeypatch):
    monkeypatch.setattr(table_module, "PAGE_SIZE", 2)
    for name in ("int_b", "int_c"):
        study.import_bytes(f"Dee: a note on {name}.\n".encode(), f"{name}.txt")
    widget = AttributesTable(study, member="Alex Morgan", of="documents")
    assert (widget.total, widget.pages, [r["name"] for r in widget.rows]) == (3, 2, ["int_a", "int_b"])
    send(widget, type="page", page=1)
    assert [r["name"] for r in widget.rows] == ["int_c"] and "Page 2 of 2" in widget.status
    send(widget, type="add_column", attribute="wave")
    assert widget.page == 1 and "wave" in widget.columns
    send(widget, type="edit", name="int_c", attribute="wave", value="2")
    assert study.attributes("documents").set_index("name").loc["int_c", "wave"] == "2"
    send(widget, type="edit", name="int_a", attribute="wave", value="2")  # on the other page
    assert "no longer in the table" in widget.error
    send(widget, type="show", kind="participants")
    assert widget.page == 0 and widget.key_label == "Pseudonym" and widget.total == 3 and widget.pages == 2


def test_on_a_team_server_edits_are_the_signed_in_members(project, project_path, monkeypatch):
    build_study(project)
    project.set_access("Sam Partner", "member", role="lived-experience partner", hub_user="sam")
    monkeypatch.setenv("JUPYTERHUB_USER", "sam")
    with Project.open(project_path) as sams:
        widget = AttributesTable(sams)
        assert (widget.member_name, widget.member_role) == ("Sam Partner", "lived-experience partner")
        widget.member_name = "Alex Morgan"  # what a visitor's browser can set
        assert widget.member_name == "Sam Partner"
        before = sams.last_event_id()
        send(widget, type="edit", name="Ana", attribute="site", value="East")
        made = sams.events().query("id > @before")
        assert set(made["actor"]) == {"Sam Partner"} and widget.error == ""
