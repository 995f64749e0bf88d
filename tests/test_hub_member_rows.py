"""On PostgreSQL a member's own database login writes only in their own name: the
database refuses a forged member, another's rows, the lead's settings (issue 17).
A facilitator enters a partner's work only as the API records it. Uses the session's
real PostgreSQL server."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from workbench.errors import WorkbenchError
from workbench.hub.blind import set_blind_state
from workbench.hub.permissions import PermissionRefused
from workbench.project import Project

TRANSCRIPT = "Interviewer: How was the clinic?\nSam: I felt rushed by the clinic and nobody listened.\n"
REFUSED = "permission denied|may write only in their own name|must name the member|only the project lead adds"


@pytest.fixture
def team(postgres_url):
    """(urls of Rui's and Chris's logins, member ids, the lead's coding and memo ids)."""
    with Project.create(postgres_url, member="Alex Morgan") as lead:
        lead.import_bytes(TRANSCRIPT.encode(), "visit.txt")
        lead.add_code("Feeling rushed")
        lead.set_access("Rui Tan", "member", role="researcher")
        lead.set_access("Chris Lee", "member", role="facilitator")
        lead.set_access("Val Okafor", "member", role="lived-experience partner")
        start = lead.document_text("visit").index("rushed")
        coding = lead.apply_code("visit", "Feeling rushed", start, start + 6)
        memo = lead.add_memo("The lead's note.", "coding", coding)
        urls = {"rui": lead.grant_database_login("Rui Tan", "rui_member", "a member passphrase"),
                "chris": lead.grant_database_login("Chris Lee", "chris_member", "a facilitator passphrase")}
        people = dict(zip(lead.members()["name"], lead.members()["id"]))
    return urls, people, coding, memo


def refused(url: str, statement: str, **values) -> None:
    """The statement, in a transaction of its own, is refused (at once or when it commits)."""
    engine = create_engine(url)
    try:
        with pytest.raises(DBAPIError, match=REFUSED):
            with engine.begin() as conn:
                conn.execute(text(statement), values)
    finally:
        engine.dispose()


CODING = ('INSERT INTO codings (document_id, code_id, start, "end", member_id, created_at) '
          "VALUES (1, 1, 0, 5, :member, 'now')")
MEMO = ("INSERT INTO memos (target_type, text, private, member_id, created_at, memo_type) "
        "VALUES ('project', 'Forged', false, :member, 'now', 'analytic')")
EVENT = ("INSERT INTO events (at, member_id, actor, role, action, entity, details) "
         "VALUES ('now', :member, :actor, 'researcher', 'x', 'codings', :details)")


def test_a_members_login_cannot_write_as_another_member_nor_change_the_leads_settings(team, postgres_url):
    urls, people, coding, memo = team
    alex, rui = people["Alex Morgan"], people["Rui Tan"]
    refused(urls["rui"], CODING, member=alex)  # a coding in the lead's name
    refused(urls["rui"], MEMO, member=alex)  # a memo in the lead's name
    refused(urls["rui"], EVENT, member=rui, actor="Alex Morgan", details="{}")  # a log entry naming someone else
    refused(urls["rui"], EVENT, member=alex, actor="Alex Morgan", details="{}")
    refused(urls["rui"], "UPDATE memos SET text = 'Changed' WHERE id = :id", id=memo)  # another's rows
    refused(urls["rui"], "DELETE FROM codings WHERE id = :id", id=coding)
    refused(urls["rui"], "UPDATE codes SET created_by = :member", member=rui)  # nor take the credit
    refused(urls["rui"], "INSERT INTO project_info (key, value) VALUES ('blind_coding', 'revealed')")
    refused(urls["rui"], "UPDATE member_access SET level = 'lead'")
    refused(urls["rui"], "UPDATE participants SET consent = 'withdrawn'")
    refused(urls["rui"], "INSERT INTO members (name, role, created_at) VALUES ('Someone', 'researcher', 'now')")
    with Project.open(postgres_url, member="Alex Morgan") as lead:
        assert lead.codings()["member"].tolist() == ["Alex Morgan"]
        assert lead.memos()["text"].tolist() == ["The lead's note."]
        assert lead.blind_coding() == "off"


def test_the_api_through_a_members_login_codes_memos_and_undoes_and_refuses_the_rest_plainly(team, postgres_url):
    urls, _, coding, memo = team
    with Project.open(urls["rui"], member="Rui Tan") as rui:
        start = rui.document_text("visit").index("nobody")
        mine = rui.apply_code("visit", "Feeling rushed", start, start + 6)
        note = rui.add_memo("Mine.", "coding", mine)
        rui.edit_memo(note, text="Mine, edited.")
        rui.code_hits(rui.search("clinic"), "Feeling rushed")  # many rows at once
        assert rui.undo()["actions"]  # the hits
        assert rui.undo()["actions"] == ["memo.edit"]
        rui.redo()
        assert set(rui.codings()["member"]) == {"Alex Morgan", "Rui Tan"}
        with pytest.raises(PermissionRefused, match="only change your own codings"):
            rui.remove_coding(coding)
        with pytest.raises(PermissionRefused, match="only change your own memos"):
            rui.edit_memo(memo, text="Changed")
        with pytest.raises(PermissionRefused, match="Only the project lead can turn blind coding"):
            rui.set_blind_coding(True)
        with pytest.raises(PermissionRefused, match="Only the project lead can set the withdrawal policy"):
            rui.set_withdrawal_policy("keep-analysed")
        with pytest.raises(WorkbenchError, match="Your database login .* may not make this change"):
            with rui.store.write(rui.actor) as writer:  # the API bypassed: the database refuses
                set_blind_state(writer, "revealed")
    with Project.open(postgres_url, member="Alex Morgan") as lead:
        assert lead.blind_coding() == "off"
        assert lead.memos().set_index("id").loc[note, "text"] == "Mine, edited."


def test_a_facilitators_login_enters_a_partners_work_on_record_and_nothing_wider(team, postgres_url):
    urls, people, _, _ = team
    val = people["Val Okafor"]
    with Project.open(urls["chris"], member="Chris Lee") as chris:
        for_val = chris.acting_as("Val Okafor", None, entered_by="Chris Lee")
        start = chris.document_text("visit").index("clinic")
        coding = for_val.apply_code("visit", "Feeling rushed", start, start + 6)
        for_val.add_memo("Val said this twice.", "coding", coding)
        for_val.undo()  # the memo, taken back for Val
        chris.capture_idea("Shorter waits", proposed_by="Val Okafor")  # an idea said aloud, credited to Val
        assert chris.codings().set_index("id").loc[coding, "member"] == "Val Okafor"
        logged = chris.events().query("entity == 'codings' and entity_id == @coding")
        assert logged["actor"].tolist() == ["Val Okafor"] and logged["details"].iloc[0]["entered_by"] == "Chris Lee"
    refused(urls["chris"], CODING, member=val)  # in Val's name with nothing on record
    refused(urls["chris"], EVENT, member=val, actor="Val Okafor", details="{}")
    refused(urls["chris"], EVENT, member=val, actor="Val Okafor", details=json.dumps({"entered_by": "Alex Morgan"}))
    refused(urls["chris"], MEMO, member=people["Alex Morgan"])


def test_migration_0020_gives_an_older_projects_member_logins_their_checks(team, postgres_url):
    urls, people, _, _ = team
    with Project.open(postgres_url) as owner, owner.store.engine.begin() as conn:  # as before the migration
        conn.execute(text("DROP TRIGGER codings_member_rows ON codings"))
        conn.execute(text("DELETE FROM schema_migrations WHERE name = '0020_member_rows'"))
    Project.open(postgres_url).close()  # the owner opens it: the migration runs
    refused(urls["rui"], CODING, member=people["Alex Morgan"])
