"""Partner pages as apps (issue 18) from Python: "who are you?" is a choice from the
team's members with the role shown (forged names refused), the page's widgets are built
for the chosen member in partner mode, the team server's sign-in replaces the choice,
and `workbench partners` serves a page with the dashboard's hardening."""

import json
import shutil

import nbformat
import pytest

from workbench import Project
from workbench.cli import main
from workbench.publish.serve import PARTNER_PAGES, partner_page_command
from workbench.widgets import CodingPanel, DotVote, StickyBoard, ThemeMap, WhoIsWorking
from workbench.widgets.partner_apps import PROJECT_VARIABLE, partner_page

from support import send


@pytest.fixture
def study(sample_project, tmp_path, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    shutil.copy(sample_project, tmp_path / "home-safe.db")
    with Project.open(tmp_path / "home-safe.db", member="Chris Lee") as project:
        project.start_voting("Our priorities", dots=2, mode="individual")
        yield project


def test_the_name_is_chosen_from_the_team_with_the_role_shown(study):
    who = WhoIsWorking(study)
    members = study.members()
    people = members[~members["role"].isin(["machine", "consensus"])]
    assert who.people == [{"name": n, "role": r} for n, r in zip(people["name"], people["role"])]
    assert who.chosen == "" and not who.signed_in
    for forged in ("Mallory", "jo bennett ", ["Jo Bennett"], ""):
        send(who, type="choose", name=forged)
        assert who.error and who.chosen == ""
    send(who, type="choose", name="Jo Bennett")
    assert (who.chosen, who.role, who.error) == ("Jo Bennett", "lived-experience partner", "")
    assert who.status == "You are working as Jo Bennett (lived-experience partner)."
    send(who, type="change")
    assert who.chosen == "" and who.role == ""


@pytest.mark.parametrize("activity, kind", [("coding", CodingPanel), ("board", StickyBoard), ("voting", DotVote),
                                            ("review", ThemeMap)])
def test_each_page_builds_its_widget_for_the_chosen_member_only(study, activity, kind):
    page = partner_page(study, activity)
    assert page.widgets == []  # nothing to work with until someone is chosen
    send(page.who, type="choose", name="Jo Bennett")
    [widget] = page.widgets
    assert isinstance(widget, kind) and widget.member_name == "Jo Bennett"
    assert getattr(widget, "partner_mode", True)
    send(page.who, type="change")
    assert page.widgets == []
    send(page.who, type="choose", name="Sam Reid")
    assert page.widgets[0].member_name == "Sam Reid"


def test_a_vote_on_the_page_is_stored_with_the_chosen_name(study):
    page = partner_page(study, "voting")  # the newest session
    send(page.who, type="choose", name="Jo Bennett")
    vote = page.widgets[0]
    assert vote.session == "Our priorities"
    send(vote, type="place", key=vote.options[0]["key"])
    votes = study.votes("Our priorities")
    assert votes["member"].tolist() == ["Jo Bennett"]


def test_on_the_team_server_the_sign_in_is_the_choice(study, monkeypatch):
    study.set_access("Jo Bennett", "member", hub_user="jo")
    monkeypatch.setenv("JUPYTERHUB_USER", "jo")
    page = partner_page(study, "coding")
    assert page.who.signed_in and page.who.chosen == "Jo Bennett"
    assert page.who.role == "lived-experience partner" and page.widgets[0].member_name == "Jo Bennett"
    send(page.who, type="choose", name="Sam Reid")
    assert "signed in" in page.who.error and page.who.chosen == "Jo Bennett"
    send(page.who, type="change")
    assert page.who.chosen == "Jo Bennett"
    monkeypatch.setenv("JUPYTERHUB_USER", "stranger")  # approved by the hub, not added by the lead
    elsewhere = partner_page(study, "coding")
    assert elsewhere.who.signed_in and elsewhere.who.chosen == "" and "not a member" in elsewhere.who.error
    assert elsewhere.widgets == []


def test_a_page_without_what_it_needs_says_so_plainly(tmp_path, monkeypatch):
    monkeypatch.delenv(PROJECT_VARIABLE, raising=False)
    with pytest.raises(Exception, match="Say which project"):
        partner_page("", "coding")
    with Project.create(tmp_path / "empty.db", member="Alex Morgan") as project:
        assert "Nobody has been added" in partner_page(project, "board").who.error
        project.add_code("Anything")  # the first change adds its member
        page = partner_page(project, "board")
        send(page.who, type="choose", name="Alex Morgan")
        assert "no sticky-note board" in page.who.error and page.widgets == []
        with pytest.raises(Exception, match="no partner page 'chat'"):
            partner_page(project, "chat")


def test_the_pages_are_thin_notebooks_without_outputs():
    pages = sorted(PARTNER_PAGES.glob("*.ipynb"))
    assert [p.stem for p in pages] == ["board", "coding", "review", "voting"]
    for path in pages:
        notebook = nbformat.read(path, as_version=4)
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert notebook.cells[0].cell_type == "markdown" and notebook.cells[0].source.startswith("# ")
        assert len(code) == 2 and "parameters" in code[0].metadata.get("tags", [])
        assert f'partner_page(PROJECT, "{path.stem}"' in code[1].source
        assert all(not c.get("outputs") for c in code)


def test_the_command_serves_a_page_hardened_with_the_project_out_of_files(tmp_path):
    command = partner_page_command("postgresql+psycopg://val:secret@db/study", "board", tmp_path / "serve",
                                   port=8871, BOARD="board")
    assert command.env[PROJECT_VARIABLE] == "postgresql+psycopg://val:secret@db/study"
    for flag in ("--VoilaConfiguration.show_tracebacks=False", "--VoilaConfiguration.strip_sources=True",
                 "--VoilaConfiguration.file_allowlist=^$", "--template=workbench", "--Voila.ip=127.0.0.1"):
        assert flag in command.argv
    written = (tmp_path / "serve" / "board.ipynb").read_text(encoding="utf-8")
    assert "secret" not in written and "BOARD = 'board'" in json.loads(written)["cells"][1]["source"]
    with pytest.raises(Exception, match="takes no voting"):
        partner_page_command("x.db", "board", tmp_path / "other", VOTING="x")
    with pytest.raises(Exception, match="token of 16"):
        partner_page_command("x.db", "coding", tmp_path / "third", ip="0.0.0.0")
    assert main(["partners", str(tmp_path / "missing.db")]) == 2
