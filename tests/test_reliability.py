"""Reliability on both backends: moving to PostgreSQL, busy projects, read-only
projects, shared drives, backup and restore, undo."""

import json
import sqlite3

import pytest
from sqlalchemy import text

from workbench import Project, WorkbenchError
from workbench.cli import main
from workbench.errors import ProjectBusy, ProjectReadOnly, SharedDriveWarning
from workbench.store.location import mounted_file_systems, shared_drive_problem
from workbench.store.schema import codes, codings

TRANSCRIPT = "[00:00:01] Interviewer: How was the day you left?\n[00:00:05] Rose: I waited all day for my tablets 💊, it was awful.\n".encode()


@pytest.fixture
def coded(backend_project):
    backend_project.import_bytes(TRANSCRIPT, "rose.txt")
    backend_project.add_code("Medicines")
    backend_project.add_code("Waiting")
    return backend_project


@pytest.fixture
def sqlite_coded(project):
    project.import_bytes(TRANSCRIPT, "rose.txt")
    project.add_code("Medicines")
    project.add_code("Waiting")
    return project


def _one_line_error(capsys, argv) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    return err


# -- PostgreSQL and `workbench migrate` ------------------------------------------------
def test_migrate_moves_the_sample_study_to_postgresql_with_counts_verified(sample_project, tmp_path, postgres_url, capsys):
    source = tmp_path / "home-safe.db"
    sqlite3.connect(sample_project).backup(sqlite3.connect(source))
    assert main(["migrate", str(source), postgres_url, "--member", "Alex Morgan"]) == 0
    assert "row counts match" in capsys.readouterr().out
    with Project.open(source) as before, Project.open(postgres_url, member="Jo Bennett") as after:
        for table in ("documents", "segments", "participants", "codes", "codings", "memos"):
            assert getattr(before, table)().equals(getattr(after, table)()), table
        assert list(after.events()["action"])[-1] == "project.copy"
        # ids continue after the copied rows: new work lands without clashes
        document = after.documents().iloc[0]["name"]
        coding = after.apply_code(document, after.codes().iloc[0]["name"], 0, 3)
        assert coding > before.codings()["id"].max()
    assert "already holds a project" in _one_line_error(capsys, ["migrate", str(source), postgres_url, "--member", "Alex Morgan"])


def test_a_postgresql_project_backs_up_into_a_sqlite_file(coded, tmp_path):
    coded.apply_code("rose", "Waiting", 0, 5)
    events = len(coded.events())
    counts = coded.backup(tmp_path / "copy.db")
    assert counts["codings"] == 1 and counts["events"] == events
    with Project.open(tmp_path / "copy.db") as copy:
        assert copy.codings().equals(coded.codings())
        assert copy.events().equals(coded.events().head(events))


# -- busy projects ---------------------------------------------------------------------
def test_a_project_busy_beyond_the_wait_says_so_plainly_and_can_be_retried(project, project_path, monkeypatch):
    monkeypatch.setattr("workbench.store.connection.BUSY_TIMEOUT_MS", 300)
    project.close()
    holder = sqlite3.connect(project_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # someone else is in the middle of a long save
    with Project.open(project_path, member="Jo Bennett") as busy:
        with pytest.raises(ProjectBusy, match="is busy.*try it again"):
            busy.add_code("Waiting")
        holder.execute("COMMIT")
        busy.add_code("Waiting")  # the same action, retried, goes through
        assert list(busy.codes()["name"]) == ["Waiting"]
        assert (busy.events()["action"] == "code.create").sum() == 1


def test_the_cli_reports_a_busy_project_on_one_line(project, project_path, monkeypatch, capsys):
    monkeypatch.setattr("workbench.store.connection.BUSY_TIMEOUT_MS", 200)
    project.close()
    holder = sqlite3.connect(project_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    notes = project_path.with_name("notes.txt")
    notes.write_text("Rose: I waited all day.\n")
    assert "is busy" in _one_line_error(capsys, ["import", str(project_path), str(notes), "--member", "Jo"])
    holder.execute("ROLLBACK")


# -- read-only projects ----------------------------------------------------------------
def test_a_read_only_project_file_opens_for_reading_with_a_note(project, project_path, capsys):
    project.add_code("Waiting")
    project.close()
    project_path.chmod(0o444)
    with Project.open(project_path, member="Jo Bennett") as opened:
        assert opened.read_only and "read-only file" in opened.notes[0]
        assert list(opened.codes()["name"]) == ["Waiting"]
        events = len(opened.events())
        with pytest.raises(ProjectReadOnly, match="editing is disabled"):
            opened.add_code("Feeling rushed")
        with pytest.raises(ProjectReadOnly):
            opened.undo()
        assert len(opened.events()) == events
    assert "read-only" in _one_line_error(capsys, ["undo", str(project_path), "--member", "Alex Morgan"])


def test_a_project_in_a_read_only_folder_is_read_without_its_wal_files(project, project_path):
    project.add_code("Waiting")
    project.close()  # the last connection checkpoints: no -wal or -shm beside the file
    folder = project_path.parent
    folder.chmod(0o555)
    try:
        with Project.open(project_path, member="Jo Bennett") as opened:
            assert opened.read_only and "read-only folder" in opened.notes[0]
            assert list(opened.codes()["name"]) == ["Waiting"]
            with pytest.raises(ProjectReadOnly):
                opened.add_code("Feeling rushed")
        assert sorted(p.name for p in folder.iterdir()) == ["project.db"]
    finally:
        folder.chmod(0o755)


# -- shared drives ---------------------------------------------------------------------
MOUNTS = """overlay / overlay rw,relatime 0 0
server:/export/research /mnt/research nfs4 rw,relatime,vers=4.2 0 0
//files.nhs.uk/team /mnt/team\\040drive cifs rw,relatime 0 0
rclone-gdrive: /home/alex/gdrive fuse.rclone rw,nosuid 0 0
fuse-overlayfs /var/lib/containers fuse.fuse-overlayfs rw 0 0
/dev/sda1 /home ext4 rw,relatime 0 0
"""


@pytest.mark.parametrize("path, expected", [
    ("/mnt/research/study/project.db", "network drive (nfs4)"),
    ("/mnt/team drive/project.db", "network drive (cifs)"),
    ("/home/alex/gdrive/study.db", "remote or synced drive (fuse.rclone)"),
    ("/home/alex/OneDrive - NHS Trust/study.db", "cloud-synced folder (onedrive)"),
    ("/home/alex/Dropbox/study.db", "cloud-synced folder (dropbox)"),
    ("/var/lib/containers/study.db", None),
    ("/home/alex/projects/study.db", None),
])
def test_shared_and_synced_drives_are_recognised(path, expected):
    warning = shared_drive_problem(path, mounted_file_systems(MOUNTS))
    if expected is None:
        assert warning is None
    else:
        assert expected in warning and "PostgreSQL" in warning and "corrupted" in warning


def test_opening_a_project_in_a_synced_folder_warns(tmp_path):
    synced = tmp_path / "Dropbox" / "study.db"
    with pytest.warns(SharedDriveWarning, match="can be corrupted"):
        with Project.create(synced, member="Alex Morgan") as project:
            assert any("cloud-synced folder (dropbox)" in note for note in project.notes)
    with pytest.warns(SharedDriveWarning), Project.open(tmp_path / "Dropbox" / "study.db") as project:
        assert not project.read_only and "workbench migrate" in project.notes[0]
    assert shared_drive_problem(tmp_path / "local.db") is None  # this machine's own disk


# -- backup and restore ----------------------------------------------------------------
def test_backup_and_restore_bring_back_the_saved_state(sqlite_coded, project_path, tmp_path, capsys):
    sqlite_coded.close()
    assert main(["backup", str(project_path), str(tmp_path / "saved.db")]) == 0
    with Project.open(project_path, member="Jo Bennett") as later:
        saved_codes = later.codes()
        later.apply_code("rose", "Waiting", 0, 5)
        later.add_code("Afterthought")
    assert main(["restore", str(tmp_path / "saved.db"), str(project_path), "--member", "Alex Morgan"]) == 0
    with Project.open(project_path) as restored:
        assert restored.codes().equals(saved_codes) and restored.codings().empty
        assert list(restored.events()["action"])[-1] == "project.restore"
    assert len(list(tmp_path.glob("project.db.before-restore-*"))) == 1
    assert "exists already" in _one_line_error(capsys, ["backup", str(project_path), str(tmp_path / "saved.db")])
    (tmp_path / "junk.db").write_text("not a backup")
    assert "not a workbench backup" in _one_line_error(capsys, ["restore", str(tmp_path / "junk.db"), str(project_path),
                                                                 "--member", "Alex Morgan"])


# -- undo ------------------------------------------------------------------------------
def test_each_member_undoes_their_own_last_actions_in_turn(coded):
    from workbench.coding.palette import PALETTE

    jo = coded.acting_as("Jo Bennett", "lived-experience partner")
    first = jo.apply_code("rose", "Waiting", 0, 5)
    coded.apply_code("rose", "Medicines", 6, 10)  # Alex's work in between
    jo.update_code("Waiting", definition="Waiting for tablets on the day.", colour="#000000")
    jo.remove_coding(first)
    assert jo.undo()["actions"] == ["coding.remove"]
    assert set(jo.codings()["member"]) == {"Jo Bennett", "Alex Morgan"}
    assert jo.undo()["actions"] == ["code.update"]
    waiting = jo.codes().set_index("name").loc["Waiting"]
    assert (waiting["definition"], waiting["colour"]) == ("", PALETTE[1])  # the second code's colour again
    assert jo.undo()["actions"] == ["coding.apply"]
    assert list(jo.codings()["member"]) == ["Alex Morgan"]  # Alex's coding untouched
    with pytest.raises(WorkbenchError, match="Jo Bennett has nothing left to undo"):
        jo.undo()
    undos = coded.events().query("action == 'undo'")
    assert list(undos["actor"]) == ["Jo Bennett"] * 3
    assert all("text" not in details for details in coded.events()["details"])


def test_undo_takes_back_a_whole_merge_at_once(coded):
    for start in (0, 10, 20):
        coded.apply_code("rose", "Medicines", start, start + 5)
    with coded._write() as writer:  # a merge: Medicines' codings move to Waiting, Medicines goes
        waiting = writer.conn.execute(codes.select().where(codes.c.name == "Waiting")).first().id
        medicines = writer.conn.execute(codes.select().where(codes.c.name == "Medicines")).first().id
        for row in writer.conn.execute(codings.select().where(codings.c.code_id == medicines)).all():
            writer.update(codings, row.id, {"code_id": waiting}, "code.merge")
        writer.delete(codes, medicines, "code.merge")
    assert set(coded.codings()["code"]) == {"Waiting"}
    assert coded.undo() == {"member": "Alex Morgan", "actions": ["code.merge"] * 4, "changes": 4}
    assert list(coded.codings()["code"]) == ["Medicines"] * 3
    assert list(coded.codes()["name"]) == ["Medicines", "Waiting"]


def test_undo_is_refused_plainly_when_someone_changed_it_since(coded):
    jo = coded.acting_as("Jo Bennett", "lived-experience partner")
    coding = jo.apply_code("rose", "Waiting", 0, 5)
    coded.remove_coding(coding)  # Alex removes Jo's coding
    before = coded.events()
    with pytest.raises(WorkbenchError, match="Alex Morgan changed the same thing since"):
        jo.undo()
    jo.add_code("Jo's code")
    coded.apply_code("rose", "Jo's code", 0, 5)  # Alex builds on Jo's new code
    with pytest.raises(WorkbenchError, match="others have built on it"):
        jo.undo()
    assert len(coded.events()) == len(before) + 2  # the refused undos left nothing behind
    assert "Jo's code" in set(coded.codes()["name"])


def test_undo_from_the_command_line(sqlite_coded, project_path, capsys):
    sqlite_coded.apply_code("rose", "Waiting", 0, 5)
    sqlite_coded.close()
    assert main(["undo", str(project_path), "--member", "Alex Morgan"]) == 0
    assert "Undid Alex Morgan's last change: coding.apply." in capsys.readouterr().out
    assert "Sam has nothing left to undo" in _one_line_error(capsys, ["undo", str(project_path), "--member", "Sam"])


def test_a_project_from_before_undo_gets_it_by_migration(sqlite_coded, project_path):
    sqlite_coded.close()
    with sqlite3.connect(project_path) as conn:  # the project as an older workbench left it
        conn.execute("DROP TABLE undo_steps")
        conn.execute("DELETE FROM schema_migrations WHERE name = '0006_reliability'")
    conn.close()
    with Project.open(project_path, member="Alex Morgan") as upgraded:
        assert (project_path.parent / "project.db.bak-0006_reliability").exists()
        upgraded.apply_code("rose", "Waiting", 0, 5)
        assert upgraded.undo()["actions"] == ["coding.apply"]
        assert upgraded.codings().empty


def test_info_notes_a_read_only_project_on_stderr(sqlite_coded, project_path, capsys):
    sqlite_coded.close()
    project_path.chmod(0o444)
    assert main(["info", str(project_path), "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("note: ") and "read-only file" in captured.err
    assert json.loads(captured.out)["codes"] == 2


def _fails_on_postgresql_first(sqlstate: str, failures: int):
    attempts = []

    def work(writer):
        attempts.append(len(attempts) + 1)
        writer.insert(codes, {"name": f"try {failures}.{len(attempts)}", "colour": "#000000",
                              "created_by": writer.member_id, "created_at": "now"}, "code.create")
        if len(attempts) <= failures:  # the server reports the failure, as under contention
            writer.conn.execute(text(f"DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '{sqlstate}'; END $$"))
        return len(attempts)

    return work


@pytest.mark.parametrize("sqlstate", ["40001", "40P01"])  # serialization failure, deadlock
def test_postgresql_serialization_failures_and_deadlocks_are_retried(postgres_url, sqlstate):
    from workbench.store import Actor

    with Project.create(postgres_url, member="Alex Morgan") as project:
        alex = Actor("Alex Morgan", "researcher")
        assert project.store.transaction(alex, _fails_on_postgresql_first(sqlstate, 2)) == 3
        assert list(project.codes()["name"]) == ["try 2.3"]  # the failed attempts left nothing
        with pytest.raises(ProjectBusy, match="try it again"):
            project.store.transaction(alex, _fails_on_postgresql_first(sqlstate, 9), attempts=3)
        assert len(project.codes()) == 1


def _open_when_told(path, go, results):
    go.wait(60)
    try:
        Project.open(path).close()
        results.put("ok")
    except Exception as exc:
        results.put(f"{type(exc).__name__}: {exc}")


def test_many_people_opening_an_older_project_at_once_migrate_it_once(sqlite_coded, project_path):
    import multiprocessing

    sqlite_coded.close()
    with sqlite3.connect(project_path) as conn:
        conn.execute("DROP TABLE undo_steps")
        conn.execute("DELETE FROM schema_migrations WHERE name = '0006_reliability'")
    conn.close()
    context = multiprocessing.get_context("spawn")
    go, results = context.Event(), context.Queue()
    processes = [context.Process(target=_open_when_told, args=(project_path, go, results)) for _ in range(4)]
    for process in processes:
        process.start()
    go.set()
    assert [results.get(timeout=120) for _ in processes] == ["ok"] * 4
    for process in processes:
        process.join(30)
    with sqlite3.connect(project_path) as conn:
        assert conn.execute("SELECT count(*) FROM schema_migrations WHERE name = '0006_reliability'").fetchone()[0] == 1
    conn.close()


def test_an_import_is_not_half_undone(coded):
    coded.apply_code("rose", "Waiting", 0, 5)
    coded.import_bytes(b"pseudonym,role\nRose,service user\n", "people.csv")
    with pytest.raises(WorkbenchError, match=r"\(participant.add\) cannot be undone here"):
        coded.undo()
    assert len(coded.participants()) == 1 and len(coded.codings()) == 1


def test_a_project_opened_read_only_refuses_every_change(coded, store_target):
    coded.close()
    with Project.open_read_only(store_target) as published:
        assert published.read_only and "opened for reading only" in published.notes[0]
        assert list(published.codes()["name"]) == ["Medicines", "Waiting"]
        with pytest.raises(ProjectReadOnly, match="editing is disabled"):
            published.as_member("Jo Bennett").add_code("Feeling rushed")
        with pytest.raises(Exception, match="read-?only"):  # the database itself refuses too
            with published.store.engine.begin() as conn:
                conn.execute(text("DELETE FROM codings"))
    with Project.open(store_target, member="Jo Bennett") as writable:
        writable.add_code("Feeling rushed")  # opening read-only changed nothing for others
