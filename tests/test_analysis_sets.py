"""Attributes edited from Python and sets used as filters (issue 13); the tables arrive
in an older project through migration 0011_analysis."""

import sqlite3

import pytest
from sqlalchemy import select

from workbench import Project, WorkbenchError
from workbench.store.schema_analysis import set_members, sets

from analysis_helpers import build_study


@pytest.fixture
def study(backend_project):
    build_study(backend_project)
    return backend_project


def test_attributes_edited_as_a_table_and_logged(study):
    table = study.attributes()
    assert list(table["pseudonym"]) == ["Ana", "Ben", "Cal"]
    table.loc[table["pseudonym"] == "Ben", "single_parent"] = "yes"
    table["lives_alone"] = ["no", "yes", None]
    assert study.set_attributes(table) == 2
    again = study.attributes().set_index("pseudonym")
    assert again.loc["Ben", "single_parent"] == "yes" and again.loc["Ben", "lives_alone"] == "yes"
    assert study.matrix("single_parent").loc["Lonely"].to_dict() == {"no": 0, "yes": 2}
    events = study.events()
    assert (events["action"] == "participant.attributes").sum() == 3  # one per cell changed
    assert study.set_attributes(study.attributes()) == 0  # nothing changed, nothing logged
    with pytest.raises(WorkbenchError, match="no participant 'Zed'"):
        study.set_attributes({"Zed": {"site": "North"}})


def test_a_new_attribute_column_and_document_attributes(study):
    assert study.add_attribute("wave", of="documents", default="1") == 1
    assert study.attributes("documents").set_index("name").loc["int_a", "wave"] == "1"
    study.add_attribute("interviewer_notes")
    assert set(study.attributes()["interviewer_notes"]) == {""}
    study.set_attributes({"Ana": {"site": None}})
    assert "site" not in study.attributes().set_index("pseudonym").loc["Ana"].dropna().index
    with pytest.raises(WorkbenchError, match="participants or documents"):
        study.attributes("codes")


def test_more_attributes_later_from_csv(study):
    study.import_bytes(b"pseudonym,ethnicity\nAna,White British\nBen,Black Caribbean\n", "more-people.csv")
    table = study.attributes().set_index("pseudonym")
    assert table.loc["Ana", "ethnicity"] == "White British" and table.loc["Ana", "site"] == "North"
    assert study.matrix("ethnicity").loc["Lonely"].to_dict() == {"Black Caribbean": 1, "White British": 1}


def test_set_tables_keep_a_simple_shape_for_exchange(study):
    set_id = study.add_code_set("Feelings", ["Lonely", "Praise"], description="From NVivo")
    with study.store.read() as conn:
        row = conn.execute(select(sets).where(sets.c.id == set_id)).mappings().one()
        members = conn.execute(select(set_members.c.code_id).where(set_members.c.set_id == set_id)).scalars().all()
    assert (row["kind"], row["description"], row["query_json"]) == ("codes", "From NVivo", None)
    assert len(row["guid"]) == 36 and len(members) == 2
    with pytest.raises(WorkbenchError, match="already"):
        study.add_code_set("Feelings", ["Lonely"])
    study.remove_set("Feelings", "codes")
    assert study.sets().empty


def test_an_older_project_gains_the_tables_by_migration(tmp_path):
    path = tmp_path / "old.db"
    with Project.create(path, member="Alex Morgan") as project:
        build_study(project)
    with sqlite3.connect(path) as conn:
        for table in ("set_members", "sets", "saved_queries", "framework_cells"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DELETE FROM schema_migrations WHERE name = '0011_analysis'")
    with Project.open(path, member="Alex Morgan") as project:
        project.add_document_set("All", ["int_a"])
        project.write_framework_cell("Ana", "Lonely", "Alone.")
        assert len(project.retrieve("Lonely", document_set="All")) == 2
    assert (tmp_path / "old.db.bak-0011_analysis").exists()


def test_the_sample_study_has_attributes_across_roles_and_framework_summaries(sample_project):
    with Project.open(sample_project) as project:
        people = project.participants()
        cells = project.framework_cells()
        table = project.framework()
    single = people[people["single_parent"] == "yes"]
    assert single["role"].nunique() >= 2  # cuts across roles
    assert len(cells) >= 3 and set(cells["role"]) >= {"researcher", "lived-experience partner"}
    for cell in cells.itertuples():
        assert table.loc[cell.case, cell.target] == cell.text and cell.passages
