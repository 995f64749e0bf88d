"""On PostgreSQL a viewer's database login cannot write codings: the database refuses,
not only the API (issue 17). Uses the session's real PostgreSQL server."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from workbench.errors import WorkbenchError
from workbench.hub.permissions import PermissionRefused
from workbench.project import Project
from workbench.store.schema import codes

TRANSCRIPT = "Interviewer: How was the clinic?\nSam: I felt rushed by the clinic and nobody listened.\n"


@pytest.fixture
def logins(postgres_url):
    with Project.create(postgres_url, member="Alex Morgan") as lead:
        lead.import_bytes(TRANSCRIPT.encode(), "visit.txt")
        lead.add_code("Feeling rushed")
        lead.set_access("Val Okafor", "viewer", role="lived-experience partner", hub_user="val")
        lead.set_access("Rui Tan", "member", role="researcher")
        urls = {"viewer": lead.grant_database_login("Val Okafor", "val_viewer", "a viewer passphrase"),
                "member": lead.grant_database_login("Rui Tan", "rui_member", "a member passphrase")}
        logged = lead.events().query("action == 'member.database_login'")
        assert "passphrase" not in logged["details"].astype(str).str.cat()
    return urls


def test_a_viewers_login_reads_and_writes_memos_but_the_database_refuses_codings(logins):
    with Project.open(logins["viewer"], member="Val Okafor") as viewer:
        assert viewer.store.engine.url.username == "val_viewer"
        assert viewer.documents()["name"].tolist() == ["visit"]
        viewer.add_memo("This rings true.")
        start = viewer.document_text("visit").index("rushed")
        with pytest.raises(PermissionRefused):  # the API refuses first
            viewer.apply_code("visit", "Feeling rushed", start, start + 6)
        with pytest.raises(WorkbenchError, match="Your database login .* may not make this change"):
            with viewer.store.write(viewer.actor) as writer:  # the API bypassed: the database refuses
                writer.insert(codes, {"name": "Sneaked in", "colour": "#000000", "created_at": "now"}, "code.create")
    engine = create_engine(logins["viewer"])
    try:
        with engine.begin() as conn, pytest.raises(ProgrammingError, match="permission denied"):
            conn.execute(text("DELETE FROM codings"))
        with engine.begin() as conn, pytest.raises(ProgrammingError, match="permission denied"):
            conn.execute(text("UPDATE documents SET name = 'x'"))
    finally:
        engine.dispose()


def ids(postgres_url) -> dict[str, int]:
    with Project.open(postgres_url) as project:
        return dict(zip(project.members()["name"], project.members()["id"]))


def refused(engine, statement: str, **values) -> None:
    with engine.begin() as conn, pytest.raises(ProgrammingError, match="permission denied|a viewer may"):
        conn.execute(text(statement), values)


def test_a_viewers_login_comments_with_its_own_memos_and_cannot_forge_the_log_or_anothers_memo(logins, postgres_url):
    people = ids(postgres_url)
    with Project.open(postgres_url, member="Alex Morgan") as lead:
        leads_memo = lead.add_memo("The lead's note.")
    with Project.open(logins["viewer"], member="Val Okafor") as viewer:  # through the API: add, edit, delete
        mine = viewer.add_memo("First thought.")
        viewer.edit_memo(mine, "Second thought.")
        assert viewer.memos().set_index("id").loc[mine, "text"] == "Second thought."
        viewer.delete_memo(mine)
        assert mine not in set(viewer.memos()["id"])
    engine = create_engine(logins["viewer"])
    event = ("INSERT INTO events (at, member_id, actor, role, action, entity, details) "
             "VALUES ('now', :member, 'x', 'researcher', 'x', :entity, '{}')")
    undo = ("INSERT INTO undo_steps (event_id, batch, member_id, table_name, row_id, change) "
            "VALUES (1, 'x', :member, :table, 1, 'insert')")
    try:
        refused(engine, event, member=people["Val Okafor"], entity="codings")  # a log row about anything else
        refused(engine, event, member=people["Alex Morgan"], entity="memos")  # or in someone else's name
        refused(engine, undo, member=people["Val Okafor"], table="codings")
        refused(engine, undo, member=people["Alex Morgan"], table="memos")
        refused(engine, "UPDATE undo_steps SET change = 'delete'")
        refused(engine, "DELETE FROM undo_steps")
        refused(engine, "INSERT INTO memos (target_type, text, private, member_id, created_at, memo_type) "
                        "VALUES ('project', 'Forged', false, :member, 'now', 'analytic')", member=people["Alex Morgan"])
        refused(engine, "UPDATE memos SET text = 'Changed' WHERE id = :id", id=leads_memo)
        refused(engine, "DELETE FROM memos WHERE id = :id", id=leads_memo)
        refused(engine, "UPDATE memos SET member_id = :member", member=people["Alex Morgan"])
        with engine.begin() as conn:
            assert conn.execute(text("SELECT text FROM memos WHERE id = :id"), {"id": leads_memo}).scalar() \
                == "The lead's note."
    finally:
        engine.dispose()


def test_a_members_login_cannot_give_itself_more_access(logins, postgres_url):
    engine = create_engine(logins["member"])
    try:
        refused(engine, "UPDATE member_access SET level = 'lead'")
        refused(engine, "UPDATE member_logins SET level = 'lead'")
        with engine.begin() as conn:  # and writes the team's memos and log as before
            assert conn.execute(text("SELECT count(*) FROM member_logins")).scalar() == 2
    finally:
        engine.dispose()
    with Project.open(logins["member"], member="Rui Tan") as member:
        member.add_memo("A researcher's note.")
        assert member.memos()["text"].tolist()[-1] == "A researcher's note."


def test_a_members_login_codes_and_a_change_of_level_changes_the_rights(logins, postgres_url):
    with Project.open(logins["member"], member="Rui Tan") as member:
        start = member.document_text("visit").index("rushed")
        member.apply_code("visit", "Feeling rushed", start, start + 6)
        assert member.codings()["member"].tolist() == ["Rui Tan"]
        member.code_hits(member.search("clinic"), "Feeling rushed")  # many rows at once: ids reserved as a block
        assert len(member.codings()) == 3
    with Project.open(postgres_url, member="Alex Morgan") as lead:
        lead.set_access("Rui Tan", "viewer")
        lead.grant_database_login("Rui Tan", "rui_member", "a member passphrase")
    engine = create_engine(logins["member"])
    try:
        with engine.begin() as conn, pytest.raises(ProgrammingError, match="permission denied"):
            conn.execute(text("DELETE FROM codings"))
    finally:
        engine.dispose()


def test_a_login_name_must_be_plain_and_only_the_lead_gives_logins(logins, postgres_url):
    with Project.open(postgres_url, member="Alex Morgan") as lead:
        with pytest.raises(WorkbenchError, match="cannot be a database login"):
            lead.grant_database_login("Rui Tan", 'rui"; DROP TABLE codings; --', "a member passphrase")
        with pytest.raises(PermissionRefused, match="Only the project lead can give database logins"):
            lead.acting_as("Rui Tan", None).grant_database_login("Rui Tan", "rui_lead", "a member passphrase")


def test_the_hub_gives_each_user_their_own_login_and_a_viewers_server_cannot_write(
        logins, postgres_url, tmp_path, monkeypatch):
    import json
    import stat
    from types import SimpleNamespace

    from traitlets.config.loader import PyFileConfigLoader

    from workbench.cli import main

    (tmp_path / "logins.json").write_text(json.dumps({"val": logins["viewer"]}))
    assert main(["hub", postgres_url, "--config-dir", str(tmp_path / "hub"), "--logins",
                 str(tmp_path / "logins.json"), "--write-only"]) == 0
    copied = tmp_path / "hub" / "logins.json"
    assert stat.S_IMODE(copied.stat().st_mode) == 0o600
    config = PyFileConfigLoader("jupyterhub_config.py", path=str(tmp_path / "hub")).load_config()
    project_for = config.Spawner.environment["WORKBENCH_PROJECT"]
    assert project_for(SimpleNamespace(user=SimpleNamespace(name="val"))) == logins["viewer"]
    assert project_for(SimpleNamespace(user=SimpleNamespace(name="alex"))) == postgres_url

    monkeypatch.setenv("JUPYTERHUB_USER", "val")  # inside Val's server, with the URL the hub gave it
    with Project.open(project_for(SimpleNamespace(user=SimpleNamespace(name="val")))) as mine:
        assert mine.actor.name == "Val Okafor"  # the member the lead mapped the sign-in name to
        with mine.store.engine.begin() as conn, pytest.raises(ProgrammingError, match="permission denied"):
            conn.execute(text("INSERT INTO codes (name, colour, created_at) VALUES ('x', '#000000', 'now')"))


def test_a_logins_file_that_is_not_json_is_one_plain_error(tmp_path, postgres_url, capsys):
    from workbench.cli import main

    (tmp_path / "logins.json").write_text("val = postgresql://")
    assert main(["hub", postgres_url, "--config-dir", str(tmp_path / "hub"), "--logins",
                 str(tmp_path / "logins.json"), "--write-only"]) == 2
    assert "is not a JSON file" in capsys.readouterr().err


def test_a_viewers_memo_is_logged_with_its_undo_and_the_viewer_undoes_and_redoes_it(logins, postgres_url):
    with Project.open(logins["viewer"], member="Val Okafor") as viewer:
        memo = viewer.add_memo("A thought to take back.")
        logged = viewer.events().query("entity == 'memos' and entity_id == @memo")
        assert logged["action"].tolist() == ["memo.add"] and logged["actor"].tolist() == ["Val Okafor"]
        assert viewer.undo()["actions"] == ["memo.add"]  # through the viewer's own login
        assert memo not in set(viewer.memos()["id"])
        viewer.redo()
        assert viewer.memos()["text"].tolist() == ["A thought to take back."]
    with Project.open(postgres_url, member="Alex Morgan") as lead:
        steps = pd.read_sql("SELECT DISTINCT u.table_name FROM undo_steps u JOIN members m ON m.id = u.member_id "
                            "WHERE m.name = 'Val Okafor'", lead.store.engine)
        assert steps["table_name"].tolist() == ["memos"]
        assert lead.events()["action"].str.endswith(".undo").any()
