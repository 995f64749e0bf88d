"""On a team server the member is the signed-in hub user (issue 17): JUPYTERHUB_USER
is what JupyterHub sets in each user's server; here it is set with monkeypatch."""

from __future__ import annotations

import pytest

from workbench.hub.permissions import PermissionRefused
from workbench.project import Project
from workbench.widgets.coding_panel import CodingPanel

TRANSCRIPT = "Interviewer: How was the clinic?\nSam: I felt rushed by the clinic and nobody listened.\n"


@pytest.fixture
def team_target(backend_project, store_target):
    """Set up by the lead before the server starts: who each sign-in name is."""
    lead = backend_project
    lead.import_bytes(TRANSCRIPT.encode(), "visit.txt")
    lead.add_code("Feeling rushed")
    lead.set_access("Rui Tan", "member", role="researcher", hub_user="rui")
    lead.set_access("Chris Lee", "member", role="facilitator", hub_user="chris")
    lead.set_access("Sam Partner", "member", role="lived-experience partner", hub_user="sam")
    return store_target


def signed_in(monkeypatch, hub_user: str) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", hub_user)


def rushed(project) -> tuple[int, int]:
    start = project.document_text("visit").index("rushed")
    return start, start + len("rushed")


def test_the_member_is_the_signed_in_user_in_the_role_the_lead_gave(team_target, monkeypatch):
    signed_in(monkeypatch, "rui")
    with Project.open(team_target) as project:
        assert (project.actor.name, project.actor.role) == ("Rui Tan", "researcher")
        project.apply_code("visit", "Feeling rushed", *rushed(project))
        project.as_member("rui tan")  # their own name, however typed, is fine
        assert project.codings()["member"].tolist() == ["Rui Tan"]


def test_a_typed_name_cannot_act_for_someone_else(team_target, monkeypatch):
    signed_in(monkeypatch, "rui")
    with pytest.raises(PermissionRefused, match="signed in as Rui Tan, so you cannot work as 'Alex Morgan'"):
        Project.open(team_target, member="Alex Morgan")
    with Project.open(team_target) as project:
        with pytest.raises(PermissionRefused):
            project.as_member("Sam Partner")
        with pytest.raises(PermissionRefused, match="cannot work as .Sam Partner.: only a facilitator or the project lead"):
            project.acting_as("Sam Partner", "lived-experience partner", entered_by="Rui Tan")
        assert project.actor.name == "Rui Tan"


def test_an_unmapped_sign_in_name_is_a_new_member_of_that_name(team_target, monkeypatch):
    signed_in(monkeypatch, "dee")
    with Project.open(team_target) as project:
        project.add_memo("First look at the transcript.")
        assert project.actor.name == "dee" and project.access_level() == "member"


def test_facilitated_mode_credits_the_proposer_entered_by_the_signed_in_facilitator(team_target, monkeypatch):
    signed_in(monkeypatch, "chris")
    with Project.open(team_target) as project:
        forged = "Alex Morgan"  # entered_by cannot be chosen: it is whoever is signed in
        partner = project.acting_as("Sam Partner", "lived-experience partner", entered_by=forged)
        coding_id = partner.apply_code("visit", "Feeling rushed", *rushed(project))
        event = project.events().query("action == 'coding.apply' and entity_id == @coding_id").iloc[0]
        assert event["actor"] == "Sam Partner" and event["role"] == "lived-experience partner"
        assert event["details"]["entered_by"] == "Chris Lee"


def test_a_forged_member_name_in_a_widget_message_is_refused(team_target, monkeypatch):
    signed_in(monkeypatch, "sam")
    with Project.open(team_target) as project:
        panel = CodingPanel(project, member="Sam Partner", role="lived-experience partner")
        start, end = rushed(project)
        panel.member_name = "Rui Tan"  # what a visitor's browser can set
        panel._on_message(panel, {"type": "apply", "code_id": panel.codes[0]["id"], "start": start, "end": end}, [])
        assert "signed in as Sam Partner, so you cannot work as 'Rui Tan'" in panel.error
        assert project.codings().empty
        panel.member_name = "Sam Partner"
        panel._on_message(panel, {"type": "apply", "code_id": panel.codes[0]["id"], "start": start, "end": end}, [])
        assert panel.error == ""
        assert project.codings()["member"].tolist() == ["Sam Partner"]


def test_outside_a_hub_nothing_changes(team_target, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    with Project.open(team_target) as project:
        assert project.actor is None
        assert project.acting_as("Sam Partner", None, entered_by="Chris Lee").actor.name == "Sam Partner"
