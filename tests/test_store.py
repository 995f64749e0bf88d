"""The project store: SQLite settings, migrations, the append-only event log."""

import multiprocessing
import sqlite3

import pytest
from sqlalchemy import text

from workbench import Project, WorkbenchError
from workbench.store import Actor, Store
from workbench.store.migrations import MIGRATIONS, applied_migrations
from workbench.store.schema import codes


def test_sqlite_is_set_up_for_safe_team_work(project):
    with project.store.read() as conn:
        pragma = lambda name: conn.execute(text(f"PRAGMA {name}")).scalar()
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("secure_delete") == 1
        assert pragma("busy_timeout") >= 10_000


def test_new_project_has_every_migration_applied(backend_project):
    project = backend_project  # on SQLite and on PostgreSQL
    assert applied_migrations(project.store.engine) == [name for name, _ in MIGRATIONS]


def test_event_log_refuses_update_and_delete(backend_project):
    project = backend_project  # on SQLite and on PostgreSQL
    project.add_code("Waiting")
    for statement in ("UPDATE events SET actor = 'someone else'", "DELETE FROM events"):
        with pytest.raises(Exception, match="append-only"):
            with project.store.engine.begin() as conn:
                conn.execute(text(statement))
    assert set(project.events()["actor"]) == {"Alex Morgan"}


def test_every_write_is_logged_with_member_role_and_time(backend_project):
    project = backend_project  # on SQLite and on PostgreSQL
    project.add_code("Medicines", definition="Anything about tablets.")
    project.as_member("Jo Bennett", "lived-experience partner").add_code("Feeling rushed")
    events = project.events()
    created = events[events["action"] == "code.create"]
    assert list(created["actor"]) == ["Alex Morgan", "Jo Bennett"]
    assert list(created["role"]) == ["researcher", "lived-experience partner"]
    assert created["at"].str.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00").all()
    # long texts are not copied into the log, only their length
    assert created.iloc[0]["details"]["definition_length"] == len("Anything about tablets.")
    assert "definition" not in created.iloc[0]["details"]


def test_writing_without_a_member_is_refused_plainly(project_path):
    Project.create(project_path).close()
    with Project.open(project_path) as anonymous, pytest.raises(WorkbenchError, match="Say who is working"):
        anonymous.add_code("Waiting")


def test_unknown_role_is_refused(project):
    with pytest.raises(WorkbenchError, match="not a role"):
        project.as_member("Pat", "boss")


def test_opening_a_missing_project_does_not_create_a_file(tmp_path):
    missing = tmp_path / "nothing-here.db"
    with pytest.raises(WorkbenchError, match="workbench init"):
        Project.open(missing)
    assert not missing.exists()


def test_opening_a_file_that_is_not_a_project(tmp_path):
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("shopping list")
    with pytest.raises(WorkbenchError, match="not a workbench project"):
        Project.open(not_a_db)
    other_db = tmp_path / "other.db"
    sqlite3.connect(other_db).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(WorkbenchError, match="not a workbench project"):
        Project.open(other_db)


def test_pending_migration_runs_after_a_backup(project_path, monkeypatch):
    Project.create(project_path, member="Alex Morgan").close()
    ran = []
    monkeypatch.setattr("workbench.store.migrations.MIGRATIONS",
                        MIGRATIONS + [("0099_test_migration", lambda conn: ran.append(conn.execute(text("SELECT 1")).scalar()))])
    store = Store.open(project_path)
    assert ran == [1]
    assert "0099_test_migration" in applied_migrations(store.engine)
    backup = project_path.with_name(project_path.name + ".bak-0099_test_migration")
    assert backup.exists()
    assert sqlite3.connect(backup).execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)
    store.close()


def test_a_failed_transaction_leaves_nothing_behind(backend_project):
    project = backend_project  # on SQLite and on PostgreSQL
    before = len(project.events())
    with pytest.raises(RuntimeError):
        with project.store.write(Actor("Alex Morgan", "researcher")) as writer:
            writer.insert(codes, {"name": "Half", "colour": "#000000", "created_by": writer.member_id,
                                  "created_at": "now"}, "code.create")
            raise RuntimeError("power cut")
    assert project.codes().empty
    assert len(project.events()) == before


def _apply_many(path, member, count):
    with Project.open(path, member=member, role="researcher") as project:
        for index in range(count):
            project.add_code(f"{member} code {index}")


def test_concurrent_writers_lose_nothing(project_path):
    Project.create(project_path, member="Alex Morgan").close()
    members = [f"coder {n}" for n in range(4)]
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_apply_many, args=(project_path, m, 40)) for m in members]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
        assert process.exitcode == 0
    with Project.open(project_path) as project:
        assert len(project.codes()) == 4 * 40
        assert (project.events()["action"] == "code.create").sum() == 4 * 40
