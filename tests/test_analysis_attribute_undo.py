"""Issue 13: attribute edits are logged one event per cell and undone like any other
change: a single edit, a new column and a whole import, back to the old value or to no
value at all; a redo puts them back. SQLite and PostgreSQL."""

import json

import pytest

from workbench.errors import WorkbenchError

from analysis_helpers import build_study


@pytest.fixture
def study(backend_project):
    build_study(backend_project)
    return backend_project


def people(project) -> dict:
    table = project.attributes().set_index("pseudonym").drop(columns=["id", "consent"])
    return {name: {k: v for k, v in row.items() if isinstance(v, str)} for name, row in table.iterrows()}


def attribute_events(project, action="participant.attributes"):
    events = project.events()
    chosen = events[events["action"] == action]
    return [details if isinstance(details, dict) else json.loads(details) for details in chosen["details"]]


def test_one_edit_is_one_event_and_undo_gives_back_the_old_value_or_none(study):
    before = people(study)
    assert study.set_attributes({"Ana": {"site": "East", "wave": "2"}}) == 1
    assert people(study)["Ana"] == {**before["Ana"], "site": "East", "wave": "2"}
    logged = attribute_events(study)
    assert logged == [{"attribute": "site", "value": "East"}, {"attribute": "wave", "value": "2"}]
    assert set(study.events().query("action == 'participant.attributes'")["actor"]) == {"Alex Morgan"}
    study.undo()
    assert people(study) == before  # site back to North; "wave" had no value: gone again
    study.redo()
    assert people(study)["Ana"]["wave"] == "2"
    study.undo()
    study.set_attributes({"Ben": {"single_parent": None}})  # None removes a value
    assert "single_parent" not in people(study)["Ben"]
    assert attribute_events(study)[-1] == {"attribute": "single_parent", "removed": True}
    study.undo()
    assert people(study) == before


def test_a_new_column_and_a_document_attribute_are_undone(study):
    before = people(study)
    assert study.add_attribute("wave", default="1") == 3
    assert {row["wave"] for row in people(study).values()} == {"1"}
    study.undo()
    assert people(study) == before
    study.set_attributes({"int_a": {"interviewer": "Sam"}}, of="documents")
    assert study.attributes("documents").loc[0, "interviewer"] == "Sam"
    study.undo()
    assert "interviewer" not in study.attributes("documents")


def test_an_import_is_one_step_to_undo_and_others_edits_are_kept_safe(study, tmp_path):
    before = people(study)
    sheet = tmp_path / "more.csv"
    sheet.write_text("pseudonym,site,lives_alone\nAna,,yes\nBen,East,no\nCal,West,\n", encoding="utf-8")
    assert study.import_attributes(sheet)["changed"] == 3
    assert len(attribute_events(study)) == 4  # Ana lives_alone; Ben site, lives_alone; Cal site
    assert people(study)["Ben"] == {**before["Ben"], "site": "East", "lives_alone": "no"}
    result = study.undo()
    assert result["changes"] == 4 and people(study) == before
    study.redo()
    jo = study.acting_as("Jo Bennett", "lived-experience partner")
    jo.set_attributes({"Ben": {"site": "West"}})
    with pytest.raises(WorkbenchError, match="Jo Bennett changed the same thing since"):
        study.undo()  # Ben's row changed since: refused, nothing lost
    assert people(study)["Ben"]["site"] == "West"
    jo.undo()
    assert people(study)["Ben"]["site"] == "East"


def test_withdrawal_leaves_no_undo_step_with_their_attributes(study):
    from sqlalchemy import select

    from workbench.store.schema import participants, undo_steps

    study.set_attributes({"Ana": {"site": "East"}})
    study.withdraw("Ana", erase=True)
    with study.store.read() as conn:
        ana = conn.execute(select(participants.c.id).where(participants.c.pseudonym == "Ana")).scalar()
        left = conn.execute(select(undo_steps.c.id).where(undo_steps.c.table_name == "participants",
                                                          undo_steps.c.row_id == ana)).all()
    assert left == []
