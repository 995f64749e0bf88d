"""The sticky-note board widget, Python side: clusters of notes with their codes, a
whole note coded or saved as an idea, credited to who did it; every value a browser
may send is checked (issue 10)."""

import pytest

from workbench.errors import WorkbenchError
from workbench.widgets import StickyBoard

from support import SAMPLE_DATA


@pytest.fixture
def board(project):
    project.import_file(SAMPLE_DATA / "workshop" / "board.csv")
    project.import_file(SAMPLE_DATA / "workshop" / "poll.csv")
    project.add_code("Medicines")
    project.add_code("Old code")
    project.archive_code("Old code")
    widget = StickyBoard(project, "board", member="Jo Bennett", role="lived-experience partner")
    widget.send = lambda content, buffers=None: None
    return widget


def test_the_board_shows_clusters_in_order_with_every_note(board):
    expected = board.project.board("board")
    assert [c["name"] for c in board.clusters] == list(dict.fromkeys(expected["cluster"]))
    assert sum(len(c["notes"]) for c in board.clusters) == len(expected) == 60
    first = board.clusters[0]["notes"][0]
    assert (first["text"], first["author"], first["colour"], first["codes"]) == (
        "Waited 7 hrs for my TTOs!!", "Table 1", "pink", [])
    assert [c["name"] for c in board.codes] == ["Medicines"]  # archived codes are not offered


def test_a_note_is_coded_whole_and_saved_as_an_idea_credited_to_the_partner(board):
    note = board.clusters[0]["notes"][1]
    medicines = board.codes[0]["id"]
    board._on_message(board, {"type": "code", "note": note["id"], "code": medicines}, [])
    assert board.error == "" and board.status.startswith("Applied “Medicines” to the note")
    assert board.clusters[0]["notes"][1]["codes"] == ["Medicines"]
    coding = board.project.codings().iloc[-1]
    assert (coding["text"], coding["member"], coding["role"]) == (note["text"], "Jo Bennett", "lived-experience partner")
    board._on_message(board, {"type": "code", "note": note["id"], "code": medicines}, [])
    assert "already has" in board.status and len(board.project.codings()) == 1
    board._on_message(board, {"type": "idea", "note": note["id"]}, [])
    idea = board.project.ideas().iloc[-1]
    assert (idea["text"], idea["proposed_by"], idea["segment_id"]) == (note["text"], "Jo Bennett", note["id"])


def test_mistakes_and_forged_requests_change_nothing(board):
    before = len(board.project.events())
    poll_option = int(board.project.segments("poll")["id"].iloc[0])
    for message, words in (({"type": "code", "note": poll_option, "code": board.codes[0]["id"]}, "no longer on the board"),
                           ({"type": "code", "note": board.clusters[0]["notes"][0]["id"], "code": 999}, "Choose a code"),
                           ({"type": "idea", "note": 10**9}, "no longer on the board")):
        board._on_message(board, message, [])
        assert words in board.error
    for forged in ({"type": "code", "note": "1", "code": 1}, {"type": "code", "note": True, "code": 1}, {"type": "idea"}):
        board._on_message(board, forged, [])
        assert board.error.startswith("The page sent a request")
    assert len(board.project.events()) == before
    with pytest.raises(WorkbenchError, match="'poll' is not a sticky-note board; the boards are: board"):
        StickyBoard(board.project, "poll", member="Jo Bennett")
