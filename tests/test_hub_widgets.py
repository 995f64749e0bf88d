"""Every editing widget on a team server works as the signed-in hub user (issue 17):
opened without a name it takes theirs, and a name the page sets that is someone else's
is refused in the widget's error while the widget keeps working as them. JUPYTERHUB_USER
is what JupyterHub sets in each user's server; here it is set with monkeypatch."""

from __future__ import annotations

import pytest

from support import SAMPLE_DATA
from workbench.hub.permissions import PermissionRefused
from workbench.project import Project
from workbench.widgets import (CodebookEditor, DotVote, FrameworkMatrix, IdeasTracker, Retrieval, StickyBoard,
                               ThemeMap)

TRANSCRIPT = b"Interviewer: How was the clinic?\nSam: I felt rushed by the clinic and nobody listened.\n"
REFUSED = "You are signed in as Sam Partner, so you cannot work as 'Rui Tan'"


@pytest.fixture
def team(project, project_path, monkeypatch):
    """Set up by the lead before the server starts; then 'sam' is signed in."""
    project.import_file(SAMPLE_DATA / "workshop" / "board.csv")
    project.import_bytes(TRANSCRIPT, "visit.txt")
    project.add_code("Feeling rushed")
    project.add_theme("Hurried care", codes=["Feeling rushed"])
    project.set_access("Rui Tan", "member", role="researcher", hub_user="rui")
    project.set_access("Sam Partner", "member", role="lived-experience partner", hub_user="sam")
    project.start_voting("Round 1", dots=2, mode="individual")
    monkeypatch.setenv("JUPYTERHUB_USER", "sam")
    with Project.open(project_path) as sams:
        yield sams


def send(widget, **content):
    widget._on_message(widget, content, [])
    assert widget.error == "", widget.error


def code_id(widget) -> int:
    return int(widget.project.codes().set_index("name").loc["Feeling rushed", "id"])


# (how each widget opens with no name given, and one change made through a page message)
WIDGETS = {
    "sticky board": (lambda p: StickyBoard(p, "board", member=""),
                     lambda w: send(w, type="code", note=w.clusters[0]["notes"][0]["id"], code=code_id(w))),
    "dot-voting": (lambda p: DotVote(p, "Round 1", member=""),
                   lambda w: send(w, type="place", key=w.options[0]["key"])),
    "theme map": (lambda p: ThemeMap(p, member=""),
                  lambda w: send(w, type="summary", theme="Hurried care", summary="Nobody had time.")),
    "ideas tracker": (lambda p: IdeasTracker(p, member=""),
                      lambda w: send(w, type="capture", text="Longer appointments", proposed_by="Sam Partner")),
    "framework matrix": (lambda p: FrameworkMatrix(p, member="", cases="documents"),
                         lambda w: send(w, type="write", case="visit", target="Feeling rushed", text="Rushed.")),
    "codebook editor": (lambda p: CodebookEditor(p),
                        lambda w: send(w, type="add", name="Not heard", parent_id=None)),
    "retrieval": (lambda p: Retrieval(p, member=""),
                  lambda w: (send(w, type="run", query="Feeling rushed", attribute="", value="", layer="everyone"),
                             send(w, type="save", name="Rushed"))),
}


@pytest.mark.parametrize("kind", WIDGETS)
def test_each_editing_widget_works_as_the_signed_in_user_and_refuses_a_forged_name(team, kind):
    opened, change = WIDGETS[kind]
    widget = opened(team)
    assert widget.member_name == "Sam Partner"
    if hasattr(widget, "member_role"):
        assert widget.member_role == "lived-experience partner"
        widget.member_role = "researcher"  # what a visitor's browser can set
        assert widget.member_role == "lived-experience partner"
    widget.member_name = "Rui Tan"  # likewise
    assert widget.member_name == "Sam Partner" and REFUSED in widget.error
    before = team.last_event_id()
    change(widget)
    made = team.events().query("id > @before")
    assert len(made) and set(made["actor"]) == {"Sam Partner"}
    assert set(made["role"]) == {"lived-experience partner"}


def test_a_widget_opened_with_someone_elses_name_is_refused(team):
    with pytest.raises(PermissionRefused, match=REFUSED):
        IdeasTracker(team, member="Rui Tan", role="researcher")
    with pytest.raises(PermissionRefused, match=REFUSED):
        DotVote(team, "Round 1", member="Rui Tan")
