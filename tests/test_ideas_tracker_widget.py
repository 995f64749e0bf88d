"""The ideas tracker, Python side: the team records what happened to each idea and types
in ideas said aloud; every value a browser may send is checked (issue 10)."""

import pytest

from workbench.errors import WorkbenchError
from workbench.widgets import IdeasTracker


@pytest.fixture
def team(project):
    project.as_member("Jo Bennett", "lived-experience partner").capture_idea("A named contact for the first week")
    project.as_member("Sam Reid", "researcher").capture_idea("Text reminders before transport arrives")
    return project


def sent(widget):
    widget.sent = []
    widget.send = lambda content, buffers=None: widget.sent.append(content)
    return widget


def test_recording_what_happened_writes_only_what_changed_credited_to_who_saved(team):
    widget = sent(IdeasTracker(team, member="Alex Morgan"))
    first = widget.ideas[0]
    assert first["text"] == "A named contact for the first week" and first["proposer_role"] == "lived-experience partner"
    assert {p["name"] for p in widget.people} == {"Alex Morgan", "Jo Bennett", "Sam Reid"}
    widget._on_message(widget, {"type": "save", "id": first["id"], "status": "taken forward",
                                "response": "  A card with one number  ", "reason": "", "owner": "Sam Reid",
                                "due": "2026-04-30"}, [])
    assert widget.error == "" and "Saved what happened" in widget.status
    stored = team.ideas().iloc[0]
    assert [stored["status"], stored["response"], stored["owner"], stored["due"]] == [
        "taken forward", "A card with one number", "Sam Reid", "2026-04-30"]
    events = team.events()
    update = events[events["action"] == "idea.update"].iloc[-1]
    assert (update["actor"], update["role"]) == ("Alex Morgan", "researcher")
    widget._on_message(widget, {**{k: widget.ideas[0][k] for k in ("status", "response", "reason", "owner", "due")},
                                "type": "save", "id": first["id"]}, [])
    assert widget.status == "Nothing to save: this idea has not changed."
    assert len(team.events().query("action == 'idea.update'")) == 1


def test_mistakes_are_explained_and_store_nothing(team):
    widget = sent(IdeasTracker(team, member="Alex Morgan"))
    idea = widget.ideas[1]
    base = {"type": "save", "id": idea["id"], "status": idea["status"], "response": "", "reason": "", "owner": "",
            "due": ""}
    before = len(team.events())
    for change, words in (({"status": "not taken forward"}, "Say why"), ({"status": "maybe"}, "status is one of"),
                          ({"due": "next week"}, "not a date"), ({"owner": "Somebody Else"}, "no member called"),
                          ({"id": 999, "status": "new"}, "no longer in the project"),
                          ({"response": "x" * 5001}, "under 5,000 characters")):
        widget._on_message(widget, {**base, **change}, [])
        assert words in widget.error, (change, widget.error)
    for hostile in ({"type": "save", "id": "x"}, {"type": "save", "id": idea["id"], "status": ["new"]},
                    {"type": "capture", "text": 3, "proposed_by": "Jo Bennett"}):
        widget._on_message(widget, hostile, [])
        assert widget.error.startswith("The page sent a request")
    assert len(team.events()) == before


def test_an_idea_said_aloud_is_credited_to_who_said_it(team):
    widget = sent(IdeasTracker(team, member="Chris Lee", role="facilitator"))
    widget._on_message(widget, {"type": "capture", "text": "<b>Ask</b> carers too", "proposed_by": "Jo Bennett"}, [])
    assert widget.error == "" and widget.sent == [{"type": "captured"}]
    latest = team.ideas().iloc[-1]
    assert (latest["text"], latest["proposed_by"], latest["status"]) == ("<b>Ask</b> carers too", "Jo Bennett", "new")
    widget._on_message(widget, {"type": "capture", "text": "x", "proposed_by": "Nobody"}, [])
    assert "Choose who raised the idea" in widget.error
    with pytest.raises(WorkbenchError, match="Say who is working"):
        IdeasTracker(team, member="")


def test_polling_keeps_an_error_on_show_until_the_next_action(team):
    widget = sent(IdeasTracker(team, member="Alex Morgan"))
    widget._on_message(widget, {"type": "capture", "text": "   ", "proposed_by": "Jo Bennett"}, [])
    assert "An idea needs words" in widget.error
    widget._on_message(widget, {"type": "refresh"}, [])
    widget._on_message(widget, {"type": "something else"}, [])
    assert "An idea needs words" in widget.error
    widget._on_message(widget, {"type": "capture", "text": "Ask carers too", "proposed_by": "Jo Bennett"}, [])
    assert widget.error == ""


def test_a_long_list_comes_a_page_at_a_time_and_a_forged_page_is_refused(team):
    for number in range(150):
        team.capture_idea(f"Idea number {number}")
    widget = sent(IdeasTracker(team, member="Alex Morgan"))
    assert (len(widget.ideas), widget.page, widget.pages, widget.counts["all"]) == (100, 0, 2, 152)
    widget._on_message(widget, {"type": "page", "page": 1}, [])
    assert widget.error == "" and [i["text"] for i in widget.ideas][-1] == "Idea number 149" and len(widget.ideas) == 52
    off_page = team.ideas()["id"].iloc[0]
    widget._on_message(widget, {"type": "save", "id": int(off_page), "status": "taken forward", "response": "",
                                "reason": "", "owner": "Sam Reid", "due": "2026-04-30"}, [])
    assert "not on the page shown" in widget.error
    for forged in (2, -1, 10**9):
        widget._on_message(widget, {"type": "page", "page": forged}, [])
        assert "There is no page" in widget.error and widget.page == 1
    for hostile in ({"type": "page", "page": "1"}, {"type": "page", "page": True}, {"type": "show", "status": ["new"]}):
        widget._on_message(widget, hostile, [])
        assert widget.error.startswith("The page sent a request")
    widget._on_message(widget, {"type": "show", "status": "maybe"}, [])
    assert "one status" in widget.error and widget.showing == "all"
    widget.page = 40  # a visitor can set a synced trait directly: the next refresh keeps to a real page
    widget._on_message(widget, {"type": "refresh"}, [])
    assert widget.page == 1 and len(widget.ideas) == 52
    team.update_idea(int(off_page), status="taken forward")
    widget._on_message(widget, {"type": "show", "status": "taken forward"}, [])
    assert widget.error == "" and widget.page == 0 and [i["id"] for i in widget.ideas] == [off_page]
    assert widget.counts["taken forward"] == 1 and widget.counts["new"] == 151
    assert len(team.events().query("action == 'idea.update'")) == 1  # only the direct update above
