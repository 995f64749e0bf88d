"""Access levels enforced in the Project API (issue 17), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from workbench.errors import WorkbenchError
from workbench.hub.permissions import PermissionRefused

TRANSCRIPT = "Interviewer: How was the clinic?\nSam: I felt rushed by the clinic and nobody listened.\n"


@pytest.fixture
def team(backend_project):
    """The creator (lead) with a transcript and a code, a viewer and a member."""
    project = backend_project
    project.import_bytes(TRANSCRIPT.encode(), "visit.txt")
    project.add_code("Feeling rushed")
    project.set_access("Val Okafor", "viewer", role="lived-experience partner")
    project.set_access("Rui Tan", "member", role="researcher")
    return project


def counts(project) -> dict:
    with project.store.read() as conn:
        return {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                for table in ("codings", "codes", "memos", "events")}


def one_sentence(message: str) -> bool:
    return message.count(". ") == 0 and message.endswith(".") and "Traceback" not in message


def test_creator_is_lead_and_a_member_without_a_row_is_a_member(team):
    levels = team.access_levels().set_index("name")["level"].to_dict()
    assert levels == {"Alex Morgan": "lead", "Val Okafor": "viewer", "Rui Tan": "member"}
    assert team.access_level() == "lead"
    assert team.acting_as("Rui Tan", None).access_level() == "member"


def test_a_viewers_coding_is_refused_in_one_sentence_and_nothing_is_kept(team):
    viewer = team.acting_as("Val Okafor", None)
    text_ = team.document_text("visit")
    start = text_.index("rushed")
    before = counts(team)
    with pytest.raises(PermissionRefused) as refused:
        viewer.apply_code("visit", "Feeling rushed", start, start + 6)
    message = str(refused.value)
    assert "Val Okafor is a viewer" in message and "codings" in message and one_sentence(message)
    with pytest.raises(PermissionRefused):
        viewer.add_code("Not listened to")
    assert counts(team) == before  # neither the coding, nor its event, nor the new code


def test_a_viewers_memo_is_allowed_and_credited(team):
    viewer = team.acting_as("Val Okafor", None)
    memo_id = viewer.add_memo("The clinic part rings true to me.")
    memos = team.memos().set_index("id")
    assert memos.loc[memo_id, "member"] == "Val Okafor"
    viewer.edit_memo(memo_id, text="The clinic part rings very true to me.")


def test_a_members_coding_is_allowed(team):
    member = team.acting_as("Rui Tan", None)
    start = team.document_text("visit").index("rushed")
    member.apply_code("visit", "Feeling rushed", start, start + 6)
    assert team.codings()["member"].tolist() == ["Rui Tan"]


@pytest.mark.parametrize("who", ["Rui Tan", "Val Okafor"])
def test_withdrawal_publishing_and_access_are_lead_only(team, who, tmp_path):
    other = team.acting_as(who, None)
    before = counts(team)
    for attempt, words in [(lambda: other.withdraw("P001"), "record a participant's withdrawal"),
                           (lambda: other.publish(tmp_path / "out"), "publish the findings"),
                           (lambda: other.set_access(who, "lead"), "change members' access"),
                           (lambda: other.reveal_layers(), "reveal the blind coding layers")]:
        with pytest.raises(PermissionRefused) as refused:
            attempt()
        assert str(refused.value).startswith(f"Only the project lead can {words}; {who} is a ")
        assert one_sentence(str(refused.value))
    assert counts(team) == before
    assert not (tmp_path / "out").exists()


def test_the_lead_grants_levels_and_each_grant_is_logged(team):
    team.set_access("Rui Tan", "lead")
    team.acting_as("Rui Tan", None).set_access("Val Okafor", "member")  # a second lead can grant too
    levels = team.access_levels().set_index("name")
    assert levels.loc["Val Okafor", "level"] == "member" and levels.loc["Val Okafor", "granted_by"] == "Rui Tan"
    logged = team.events().query("action == 'member.access'")
    assert logged["actor"].tolist() == ["Alex Morgan", "Alex Morgan", "Alex Morgan", "Rui Tan"]
    assert [d["level"] for d in logged["details"]] == ["viewer", "member", "lead", "member"]
    start = team.document_text("visit").index("rushed")
    team.acting_as("Val Okafor", None).apply_code("visit", "Feeling rushed", start, start + 6)  # now allowed


def test_the_only_lead_cannot_step_down_and_a_level_must_be_known(team):
    with pytest.raises(WorkbenchError, match="only lead"):
        team.set_access("Alex Morgan", "member")
    with pytest.raises(WorkbenchError, match="not an access level"):
        team.set_access("Rui Tan", "owner")
    team.set_access("Rui Tan", "lead")
    team.set_access("Alex Morgan", "member")
    assert team.access_level() == "member"
    with pytest.raises(PermissionRefused):
        team.set_access("Alex Morgan", "lead")


def test_before_the_lead_gives_any_level_members_work_as_they_always_have(backend_project):
    backend_project.import_bytes(TRANSCRIPT.encode(), "visit.txt")
    other = backend_project.acting_as("Rui Tan", "researcher")
    assert other.access_level() == "member"
    other.add_code("Feeling rushed")
    assert other.set_blind_coding(True) == "on"  # an older project: nobody's access is managed yet
    assert other.reveal_layers() == "revealed"


def test_an_older_project_gains_the_access_tables_by_migrations_0015_and_0018(store_target):
    from sqlalchemy import inspect

    from workbench.project import Project

    with Project.create(store_target, member="Alex Morgan") as project:
        project.add_code("Feeling rushed")
        with project.store.engine.begin() as conn:  # as a project saved before issue 17
            conn.execute(text("DROP TABLE member_logins"))
            conn.execute(text("DROP TABLE member_access"))
            conn.execute(text("DELETE FROM schema_migrations WHERE name IN ('0015_team_access', '0018_team_server')"))
    with Project.open(store_target, member="Alex Morgan") as reopened:
        assert inspect(reopened.store.engine).has_table("member_access")
        assert inspect(reopened.store.engine).has_table("member_logins")
        assert reopened.access_level() == "lead"
        reopened.set_access("Val Okafor", "viewer", role="lived-experience partner")
        assert reopened.access_levels().set_index("name").loc["Val Okafor", "level"] == "viewer"


def test_a_viewer_undoes_their_own_memo_but_not_what_they_coded_as_a_member(team):
    start = team.document_text("visit").index("rushed")
    team.set_access("Val Okafor", "member")  # Val, a member for a while, codes
    team.acting_as("Val Okafor", None).apply_code("visit", "Feeling rushed", start, start + 6)
    team.set_access("Val Okafor", "viewer")
    viewer = team.acting_as("Val Okafor", None)
    viewer.add_memo("Rings true.")
    assert viewer.undo()["actions"] == ["memo.add"] and viewer.memos().empty
    with pytest.raises(PermissionRefused, match="Val Okafor is a viewer"):
        viewer.undo()  # the coding
    assert team.codings()["member"].tolist() == ["Val Okafor"]
