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


def test_someone_signed_in_but_not_added_by_the_lead_is_refused_not_made_a_member(team_target, monkeypatch):
    signed_in(monkeypatch, "dee")
    with pytest.raises(PermissionRefused, match="^You are signed in as dee, but you are not a member of this project "
                                                 "yet; ask the project lead to add you.$"):
        Project.open(team_target)
    monkeypatch.delenv("JUPYTERHUB_USER")
    with Project.open(team_target, member="Alex Morgan") as lead:
        assert "dee" not in set(lead.members()["name"])
        lead.acting_as("Dee", "researcher").add_memo("Typed in on the lead's laptop.")  # a member, but no level
    signed_in(monkeypatch, "dee")
    with pytest.raises(PermissionRefused, match="ask the project lead to add you"):
        Project.open(team_target)
    monkeypatch.delenv("JUPYTERHUB_USER")
    with Project.open(team_target, member="Alex Morgan") as lead:
        lead.set_access("Dee", "member")  # a level given to the member of that name
    signed_in(monkeypatch, "dee")
    with Project.open(team_target) as project:
        assert project.actor.name == "Dee" and project.access_level() == "member"


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
        assert "signed in as Sam Partner, so you cannot work as 'Rui Tan'" in panel.error
        assert panel.member_name == "Sam Partner"
        panel._on_message(panel, {"type": "apply", "code_id": panel.codes[0]["id"], "start": start, "end": end}, [])
        assert panel.error == ""
        assert project.codings()["member"].tolist() == ["Sam Partner"]


def test_outside_a_hub_nothing_changes(team_target, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    with Project.open(team_target) as project:
        assert project.actor is None
        assert project.acting_as("Sam Partner", None, entered_by="Chris Lee").actor.name == "Sam Partner"


@pytest.fixture
def page_closed_after():
    """The page keeps its project open for the kernel's life; a test closes it after."""
    from workbench.hub import page

    yield
    opened = page._opened.pop("project", None)
    page._opened.clear()
    if opened is not None and not isinstance(opened, str):
        opened.close()


def test_the_coding_page_says_one_sentence_to_someone_not_added(team_target, monkeypatch, page_closed_after):
    from workbench.hub.page import coding_page

    monkeypatch.setenv("WORKBENCH_PROJECT", team_target)
    signed_in(monkeypatch, "<b>dee</b>")
    shown = coding_page()._repr_html_()
    assert "&lt;b&gt;dee&lt;/b&gt;" in shown and "ask the project lead to add you" in shown and "<b>" not in shown
    from workbench.hub.page import theme_review, voting

    assert theme_review() is None and voting() is None  # the one sentence above is all they see
    signed_in(monkeypatch, "sam")
    assert coding_page().member_name == "Sam Partner"
    assert "no themes to review yet" in theme_review()._repr_html_()
    assert "No voting has been started yet" in voting()._repr_html_()


def test_the_partners_page_reviews_themes_and_votes_as_the_signed_in_user(team_target, monkeypatch, page_closed_after):
    from workbench.hub.page import coding_page, theme_review, voting

    with Project.open(team_target, member="Alex Morgan") as lead:
        lead.add_theme("Hurried care", codes=["Feeling rushed"])
        lead.start_voting("First round", dots=1)
        lead.start_voting("What matters most", dots=2, mode="individual")
    monkeypatch.setenv("WORKBENCH_PROJECT", team_target)
    signed_in(monkeypatch, "sam")
    panel, review, dots = coding_page(), theme_review(), voting()
    assert panel.partner_mode and review.partner_mode and dots.session == "What matters most"
    assert (review.member_name, dots.member_name) == ("Sam Partner", "Sam Partner")
    review._on_message(review, {"type": "respond", "theme": "Hurried care", "verdict": "fits", "comment": ""}, [])
    dots._on_message(dots, {"type": "place", "key": dots.options[0]["key"]}, [])
    assert review.error == dots.error == ""
    monkeypatch.delenv("JUPYTERHUB_USER")
    with Project.open(team_target, member="Alex Morgan") as lead:
        response = lead.theme_responses().iloc[0]
        assert (response["member"], response["verdict"]) == ("Sam Partner", "fits")
        assert lead.votes("What matters most")["member"].tolist() == ["Sam Partner"]
