"""Batches log as single rows do (issue 16): each event's details are what one
`insert` would have written, the undo log's check holds, and migration 0019_scale
brings an older project's undo log over intact; on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from workbench.project import Project
from workbench.store.schema import codes
from workbench.store.writer import _loggable

TRANSCRIPT = "".join(f"Person: turn {turn} about the ward, 50% of the time.\n" for turn in range(12))


def _coded(project):
    project.import_bytes(TRANSCRIPT.encode(), "talk.txt")
    project.add_code("Waiting")
    project.add_code("Home")
    return project


def test_each_event_of_a_batch_holds_the_details_one_insert_would_log(backend_project):
    project = _coded(backend_project)
    partner = project.acting_as("Sam Reid", "lived-experience partner", entered_by="Alex Morgan")
    segments = project.segments("talk")
    rows = [{"document": "talk", "code": code, "start": int(s.start), "end": int(s.end)}
            for s in segments.itertuples() for code in ("Waiting", "Home")]
    ids = partner.apply_codes(rows)
    single = partner.apply_code("talk", "Waiting", 0, 4)
    events = project.events()
    events = events[events["action"] == "coding.apply"].set_index("entity_id")
    raw = {row.entity_id: json.loads(row.details) for row in
           project.store.dataframe(text("SELECT entity_id, details FROM events WHERE action = 'coding.apply'"))
           .itertuples()}
    assert set(raw[single]) == set(raw[ids[0]])  # the same fields as one coding logs
    for coding_id, row in zip(ids, rows):
        details = raw[coding_id]
        assert details["entered_by"] == "Alex Morgan"
        assert (details["start"], details["end"]) == (row["start"], row["end"])
        assert isinstance(details["document_id"], int) and isinstance(details["created_at"], str)
    assert set(events.loc[ids, "actor"]) == {"Sam Reid"}

    with project.store.write(project.actor) as writer:  # text fields are logged as lengths, as `insert` does
        code_ids = writer.insert_many(codes, [
            {"name": name, "definition": definition, "colour": "#000000", "created_by": writer.member_id,
             "created_at": "2026-01-01"}
            for name, definition in (("Kin", 'said "50%" {of} it'), ("Kith", "ünïcode"))], "code.create")
    logged = {row.entity_id: row.details for row in project.store.dataframe(
        text("SELECT entity_id, details FROM events WHERE action = 'code.create'")).itertuples()}
    assert json.loads(logged[code_ids[0]]) == _loggable(
        {"name": "Kin", "definition": 'said "50%" {of} it', "colour": "#000000", "created_by": writer.member_id,
         "created_at": "2026-01-01"})
    assert json.loads(logged[code_ids[1]])["definition_length"] == len("ünïcode")


def test_the_undo_log_refuses_an_unknown_kind_of_change(backend_project):
    project = _coded(backend_project)
    project.apply_code("talk", "Waiting", 0, 4)
    with pytest.raises(IntegrityError):
        with project.store.engine.begin() as conn:
            conn.execute(text("UPDATE undo_steps SET change = 'rename'"))


def test_migration_0019_keeps_an_older_projects_undo_log(store_target):
    with Project.create(store_target, member="Alex Morgan") as project:
        _coded(project)
        project.apply_codes([{"document": "talk", "code": "Home", "start": 0, "end": 6},
                             {"document": "talk", "code": "Home", "start": 8, "end": 12}])
        with project.store.engine.begin() as conn:  # as a project saved before issue 16
            conn.execute(text("DELETE FROM schema_migrations WHERE name = '0019_scale'"))
            steps = conn.execute(text("SELECT * FROM undo_steps ORDER BY id")).all()
    with Project.open(store_target, member="Alex Morgan") as reopened:
        with reopened.store.engine.connect() as conn:
            assert conn.execute(text("SELECT * FROM undo_steps ORDER BY id")).all() == steps
            if reopened.store.engine.dialect.name == "sqlite":
                sql = conn.execute(text("SELECT group_concat(sql, ' ') FROM sqlite_master "
                                        "WHERE tbl_name = 'undo_steps'")).scalar()
                assert " IN (" not in sql and "undo_steps_row" in sql and "undo_steps_member" in sql
        assert reopened.undo()["changes"] == 2
        assert reopened.codings().empty
