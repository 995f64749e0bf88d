"""Memos as a workspace (issue 14): types, targets, filters, edits, deletes, undo, journal."""

import zipfile

import pytest
from sqlalchemy import Boolean, Column, ForeignKey, Integer, MetaData, String, Table, Text, create_engine, insert

from workbench import Project, WorkbenchError
from workbench.store.migrations import MIGRATIONS
from workbench.store.schema import metadata

TRANSCRIPT = ("[00:00:01] Interviewer: How was the day you left?\n"
              "[00:00:05] Rose: Nobody rang me after I got home, not once.\n").encode()


@pytest.fixture
def project(backend_project):
    """Every test here runs on SQLite and on PostgreSQL."""
    project = backend_project
    project.import_bytes(TRANSCRIPT, "rose.txt")
    project.add_code("No follow-up call")
    project.add_theme("Left alone after discharge", codes=["No follow-up call"])
    text = project.document_text("rose")
    start = text.index("Nobody rang me")
    project.apply_code("rose", "No follow-up call", start, start + len("Nobody rang me"))
    return project


def _ids(project):
    segment = int(project.segments("rose").iloc[-1]["id"])
    coding = int(project.codings().iloc[0]["id"])
    return segment, coding


def test_memos_on_every_target_with_types_and_filters(project):
    segment, coding = _ids(project)
    jo = project.acting_as("Jo Bennett", "lived-experience partner")
    project.add_memo("Start of analysis.", memo_type="meeting")
    project.add_memo("Whole interview is about the first night.", "document", "rose")
    jo.add_memo("This is what it felt like for me too.", "segment", segment, memo_type="reflexive")
    project.add_memo("Boundary: calls promised but not made.", "coding", coding, memo_type="method")
    jo.add_memo("Should include texts, not only calls.", "code", "No follow-up call", private=True)
    project.add_memo("Central idea: nobody owns the first week.", "theme", "Left alone after discharge")

    every = project.memos()
    assert list(every["target_type"]) == ["project", "document", "segment", "coding", "code", "theme"]
    assert list(every["on"]) == ["the project", "document: rose", "segment 1 of rose", "No follow-up call in rose",
                                 "code: No follow-up call", "theme: Left alone after discharge"]
    assert list(every["memo_type"]) == ["meeting", "analytic", "reflexive", "method", "analytic", "analytic"]
    assert list(project.memos(author="Jo Bennett")["target_type"]) == ["segment", "code"]
    assert list(project.memos(role="lived-experience partner", private=True)["text"]) == [
        "Should include texts, not only calls."]
    assert list(project.memos(private=False)["member"]).count("Jo Bennett") == 1
    assert list(project.memos("theme", "Left alone after discharge")["text"]) == [
        "Central idea: nobody owns the first week."]
    assert list(project.memos("coding", coding)["memo_type"]) == ["method"]
    assert list(project.memos(memo_type="reflexive")["member"]) == ["Jo Bennett"]
    on_screen = project.memos_on_document("rose")
    assert list(on_screen["target_type"]) == ["document", "segment", "coding", "code"]


def test_bad_memos_are_refused_plainly_and_nothing_is_written(project):
    before = len(project.events())
    with pytest.raises(WorkbenchError, match="type is one of: analytic, reflexive, method, meeting"):
        project.add_memo("Text", memo_type="diary")
    with pytest.raises(WorkbenchError, match="needs some text"):
        project.add_memo("   ")
    with pytest.raises(WorkbenchError, match="no theme called 'Nope'"):
        project.add_memo("Text", "theme", "Nope")
    with pytest.raises(WorkbenchError, match="not in the project any more"):
        project.add_memo("Text", "segment", 10_000)
    with pytest.raises(WorkbenchError, match="not on 'idea'"):
        project.add_memo("Text", "idea", 1)
    with pytest.raises(WorkbenchError, match="no memo 999"):
        project.edit_memo(999, text="x")
    assert len(project.events()) == before


def test_edit_and_delete_are_logged_and_undone(project):
    memo = project.add_memo("First reading.", "code", "No follow-up call")
    project.edit_memo(memo, text="Second reading, after the workshop.", memo_type="meeting")
    edited = project.memos().iloc[0]
    assert (edited["text"], edited["memo_type"]) == ("Second reading, after the workshop.", "meeting")
    assert edited["updated_at"] is not None
    assert project.undo()["actions"] == ["memo.edit"]
    restored = project.memos().iloc[0]
    assert (restored["text"], restored["memo_type"], restored["updated_at"]) == ("First reading.", "analytic", None)

    project.delete_memo(memo)
    assert project.memos().empty
    assert project.undo()["actions"] == ["memo.delete"]
    back = project.memos().iloc[0]
    assert (back["id"], back["text"], back["member"]) == (memo, "First reading.", "Alex Morgan")
    memo_events = project.events().query("entity == 'memos'")
    assert list(memo_events["action"]) == ["memo.add", "memo.edit", "memo.edit.undo", "memo.delete",
                                           "memo.delete.undo"]
    assert set(memo_events["actor"]) == {"Alex Morgan"}
    assert all("Second reading" not in str(details) for details in project.events()["details"])  # lengths only


def test_undo_of_a_memo_edit_is_refused_when_someone_changed_it_since(project):
    memo = project.add_memo("Shared memo.", "theme", "Left alone after discharge")
    project.edit_memo(memo, text="Alex's edit.")
    project.acting_as("Jo Bennett", "lived-experience partner").edit_memo(memo, text="Jo's edit.")
    with pytest.raises(WorkbenchError, match="Jo Bennett changed the same thing since"):
        project.undo()
    assert project.memos().iloc[0]["text"] == "Jo's edit."


def test_private_memos_belong_to_their_author(project):
    memo = project.add_memo("Only mine.", private=True, memo_type="reflexive")
    jo = project.acting_as("Jo Bennett", "lived-experience partner")
    with pytest.raises(WorkbenchError, match="private to its author"):
        jo.edit_memo(memo, text="Jo was here.")
    with pytest.raises(WorkbenchError, match="private to its author"):
        jo.delete_memo(memo)
    shared = project.add_memo("For everyone.")
    with pytest.raises(WorkbenchError, match="Only the author"):
        jo.edit_memo(shared, private=True)
    project.edit_memo(memo, private=False)
    assert not project.memos().set_index("id").loc[memo, "private"]


def test_a_members_reflexive_journal_is_their_reflexive_memos_in_order(project):
    jo = project.acting_as("Jo Bennett", "lived-experience partner")
    jo.add_memo("Before the first workshop I was nervous.", memo_type="reflexive")
    project.add_memo("Alex's own reflection.", memo_type="reflexive")
    jo.add_memo("An analytic note.", "code", "No follow-up call")
    jo.add_memo("After it, I felt heard.", "theme", "Left alone after discharge", memo_type="reflexive", private=True)
    assert list(project.journal("Jo Bennett")["text"]) == ["Before the first workshop I was nervous.",
                                                          "After it, I felt heard."]
    assert list(project.journal()["text"]) == ["Alex's own reflection."]


def test_private_memos_stay_out_of_contributions_and_exports(project, tmp_path):
    project.add_memo("A private worry about the theme.", "theme", "Left alone after discharge", private=True)
    project.add_memo("A shared note.", "code", "No follow-up call")
    memos_counted = project.contributions().query("kind == 'memo'")
    assert len(memos_counted) == 1
    project.export_refi(tmp_path / "out.qdpx")
    with zipfile.ZipFile(tmp_path / "out.qdpx") as archive:
        xml = archive.read("project.qde").decode()
    assert "A shared note." in xml and "A private worry" not in xml


# -- migration 0013_themes_and_memos from a project made before it ----------------------
def _old_shape(url: str) -> None:
    """A project as it was before 0013: memos without types, themes without status."""
    old = MetaData()
    Table("memos", old, Column("id", Integer, primary_key=True), Column("target_type", String(20), nullable=False),
          Column("target_id", Integer), Column("text", Text, nullable=False), Column("private", Boolean, nullable=False),
          Column("member_id", Integer, nullable=False), Column("created_at", String(40), nullable=False),
          Column("guid", String(36)))
    Table("themes", old, Column("id", Integer, primary_key=True), Column("name", String(200), nullable=False),
          Column("definition", Text, nullable=False), Column("created_by", Integer, nullable=False),
          Column("created_at", String(40), nullable=False))
    engine = create_engine(url)
    with engine.begin() as conn:
        old.create_all(conn)
        rest = [table for table in metadata.sorted_tables
                if table.name not in {"memos", "themes", "theme_reviews", "theme_responses"}]
        metadata.create_all(conn, tables=rest)
        conn.execute(insert(metadata.tables["schema_migrations"]),
                     [{"name": name, "applied_at": "2026-01-01"} for name, _ in MIGRATIONS
                      if name != "0013_themes_and_memos"])
        alex = conn.execute(insert(metadata.tables["members"]).values(
            name="Alex Morgan", role="researcher", created_at="2026-01-01")).inserted_primary_key[0]
        conn.execute(insert(old.tables["memos"]).values(target_type="project", text="An old memo.",
                                                        private=False, member_id=alex, created_at="2026-01-01"))
        conn.execute(insert(old.tables["themes"]).values(name="Old theme", definition="", created_by=alex,
                                                         created_at="2026-01-01"))
    engine.dispose()


def test_an_older_project_gains_memo_types_and_theme_targets(store_target):
    url = store_target if "://" in store_target else f"sqlite:///{store_target}"
    _old_shape(url)
    with Project.open(store_target, member="Alex Morgan") as opened:
        memo = opened.memos().iloc[0]
        assert (memo["text"], memo["memo_type"]) == ("An old memo.", "analytic")
        opened.add_memo("Now on a theme.", "theme", "Old theme", memo_type="reflexive")
        assert list(opened.memos("theme")["on"]) == ["theme: Old theme"]
        with pytest.raises(Exception):
            with opened._write() as writer:  # the database itself refuses an unknown type
                writer.insert(metadata.tables["memos"], {"target_type": "project", "text": "x", "private": False,
                                                         "memo_type": "diary", "member_id": 1,
                                                         "created_at": "2026-01-01"}, "memo.add")


def test_withdrawal_leaves_no_quote_in_a_memos_earlier_versions(project):
    """Memos are undoable, so their earlier texts are kept for undo: a withdrawal must
    clear those that quote the person who withdrew, as it deletes memos quoting them."""
    project.import_bytes(b"pseudonym,consent\nWren,given\n", "people.csv", kind="participants")
    project.import_bytes("[00:00:01] Wren: The ambulance crew left the ramp folded in the hall.\n".encode(),
                         "wren.txt")
    memo = project.add_memo("Wren said the ambulance crew left the ramp folded, striking.", "document", "wren")
    project.edit_memo(memo, text="Equipment left behind at home.")
    project.withdraw("Wren", erase=True)
    with project.store.read() as conn:
        kept = [row for row in conn.execute(metadata.tables["undo_steps"].select()
                                            .where(metadata.tables["undo_steps"].c.table_name == "memos")).mappings()]
    assert not any("ramp folded" in str(row["old_values"]) + str(row["new_values"]) for row in kept)
