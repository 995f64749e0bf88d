"""The dot-voting widget, Python side: a facilitator places dots for each member on
one screen; the values a browser may send are checked (issue 10)."""

import pytest
import traitlets

from workbench.errors import WorkbenchError
from workbench.widgets import DotVote

from support import SAMPLE_DATA


@pytest.fixture
def voting(project):
    project.import_file(SAMPLE_DATA / "workshop" / "board.csv")
    project.add_code("Medicines")
    project.add_theme("Medicines ready", codes=["Medicines"])
    project.add_theme("Someone to call")
    project.as_member("Jo Bennett", "lived-experience partner").add_theme("Carers as partners")
    project.as_member("Chris Lee", "facilitator").start_voting("Round 1", dots=2)
    project.start_voting("On my own", dots=1, mode="individual")
    return project


def sent(widget):
    widget.sent = []
    widget.send = lambda content, buffers=None: widget.sent.append(content)
    return widget


def test_a_facilitator_places_dots_for_each_member(voting):
    widget = sent(DotVote(voting, "Round 1", member="Chris Lee", role="facilitator"))
    assert widget.facilitated and {v["name"] for v in widget.voters} == {"Alex Morgan", "Jo Bennett", "Chris Lee"}
    assert [o["label"] for o in widget.options] == ["Medicines ready", "Someone to call", "Carers as partners"]
    widget.voter = "Jo Bennett"
    key = widget.options[2]["key"]
    widget._on_message(widget, {"type": "place", "key": key}, [])
    widget._on_message(widget, {"type": "place", "key": key}, [])
    assert widget.dots_left == 0 and widget.options[2]["dots"] == 2 and widget.options[2]["mine"] == 2
    widget._on_message(widget, {"type": "place", "key": key}, [])
    assert "Jo Bennett has 0 of 2 dot(s) left" in widget.error
    widget._on_message(widget, {"type": "take_back"}, [])
    assert widget.error == "" and widget.dots_left == 1
    assert widget.results[0]["label"] == "Carers as partners" and widget.results[0]["by_role"] == "1 from lived-experience partner"
    votes = voting.votes("Round 1")
    assert votes[["member", "role", "target", "dots"]].values.tolist() == [
        ["Jo Bennett", "lived-experience partner", "Carers as partners", 1]]
    for hostile in ({"type": "place", "key": "theme:999"}, {"type": "place"}, {"type": "place", "key": ["x"]}):
        widget._on_message(widget, hostile, [])
        assert widget.error
    with pytest.raises(traitlets.TraitError):
        widget.voter = "Somebody Else"
    assert len(voting.votes("Round 1")) == 1


def test_each_on_their_own_screen_votes_only_as_themselves(voting):
    widget = sent(DotVote(voting, "On my own", member="Jo Bennett", role="lived-experience partner", on="segment",
                          document="board"))
    assert not widget.facilitated and widget.voters == [] and len(widget.options) == 60
    with pytest.raises(traitlets.TraitError):
        widget.voter = "Alex Morgan"
    widget.place(widget.options[0]["key"])
    assert voting.votes("On my own")["member"].tolist() == ["Jo Bennett"]
    with pytest.raises(WorkbenchError, match="no voting session called 'Nope'"):
        DotVote(voting, "Nope", member="Jo Bennett")
    with pytest.raises(WorkbenchError, match="Say who is at the screen"):
        DotVote(voting, "On my own", member="")
