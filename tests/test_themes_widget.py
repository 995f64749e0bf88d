"""The ThemeMap widget, Python side (issue 14): building the map, facilitated credit,
partners' review, and every value a browser may send checked."""

import pytest

from workbench.widgets import ThemeMap

from support import send

TRANSCRIPT = ("[00:00:01] Rose: I waited all day and nobody rang me.\n"
              "[00:00:05] Rose: The ramp was left folded in the hall.\n").encode()


@pytest.fixture
def coded(project):
    project.import_bytes(TRANSCRIPT, "rose.txt")
    text = project.document_text("rose")
    for code, words in (("Waiting", "waited all day"), ("No call", "nobody rang me"), ("Ramp", "ramp was left")):
        project.add_code(code)
        start = text.index(words)
        project.apply_code("rose", code, start, start + len(words))
    project.acting_as("Jo Bennett", "lived-experience partner").add_memo("Here.")
    return project


def test_building_the_map_create_move_split_merge_summary_parent(coded):
    widget = ThemeMap(coded, member="Alex Morgan")
    assert widget.loose == ["Waiting", "No call", "Ramp"]
    send(widget, type="create", name="Left alone", codes=["Waiting", "No call", "Ramp"], summary="Nobody owns it.")
    assert widget.error == "" and widget.loose == [] and widget.themes[0]["codes"] == ["Waiting", "No call", "Ramp"]
    send(widget, type="create", name="Home not ready", codes=[], summary="")
    send(widget, type="move", code="Ramp", **{"from": "Left alone", "to": "Home not ready"})
    assert [t["codes"] for t in widget.themes] == [["Waiting", "No call"], ["Ramp"]]
    send(widget, type="split", theme="Left alone", name="No one rang", codes=["No call"])
    send(widget, type="parent", theme="No one rang", parent="Left alone")
    send(widget, type="summary", theme="No one rang", summary="Calls promised, not made.")
    by_name = {t["name"]: t for t in widget.themes}
    assert by_name["No one rang"]["parent"] == "Left alone" and by_name["No one rang"]["summary"] == "Calls promised, not made."
    send(widget, type="merge", source="Home not ready", target="Left alone")
    send(widget, type="add_codes", theme="No one rang", codes=["Waiting"])
    assert widget.error == "" and [t["name"] for t in widget.themes] == ["Left alone", "No one rang"]
    assert {t["name"]: t["codes"] for t in widget.themes} == {"Left alone": ["Waiting", "Ramp"],
                                                            "No one rang": ["No call", "Waiting"]}
    assert "Added 1 code(s)" in widget.status


def test_facilitated_changes_are_credited_to_the_proposer(coded):
    widget = ThemeMap(coded.acting_as("Chris Lee", "facilitator"), member="Chris Lee", role="facilitator",
                      facilitated=True)
    widget.proposer = "Jo Bennett"
    send(widget, type="create", name="Left alone", codes=["Waiting"], summary="")
    made = coded.themes().iloc[0]
    assert (made["created_by"], made["role"]) == ("Jo Bennett", "lived-experience partner")
    event = coded.events().query("action == 'theme.create'").iloc[0]
    assert event["details"]["entered_by"] == "Chris Lee"
    with pytest.raises(Exception):
        widget.proposer = "Somebody Else"


def test_partners_review_with_quotes_and_the_team_sees_the_tally(coded):
    coded.add_theme("Left alone", codes=["Waiting", "No call"], summary="Nobody owns the first week.")
    jo = ThemeMap(coded.acting_as("Jo Bennett", "lived-experience partner"), member="Jo Bennett",
                  role="lived-experience partner", partner_mode=True)
    theme = jo.themes[0]
    assert theme["summary"] == "Nobody owns the first week." and {q["text"] for q in theme["quotes"]} == {
        "waited all day", "nobody rang me"}
    send(jo, type="respond", theme="Left alone", verdict="missing something", comment="")
    assert "Say what is missing" in jo.error
    send(jo, type="respond", theme="Left alone", verdict="missing something", comment="Evenings.")
    assert jo.error == "" and jo.themes[0]["mine"] == {"verdict": "missing something", "comment": "Evenings."}
    send(jo, type="create", name="Sneaky", codes=[], summary="")
    assert "reviewed here, not changed" in jo.error and len(coded.themes()) == 1
    team = ThemeMap(coded, member="Alex Morgan")
    assert team.themes[0]["tally"] == {"fits": 0, "does not fit": 0, "missing something": 1}


def test_malformed_requests_are_refused_and_write_nothing(coded):
    widget = ThemeMap(coded, member="Alex Morgan")
    before = len(coded.events())
    for hostile in ({"type": "create", "name": 3, "codes": [], "summary": ""},
                    {"type": "create", "name": "x", "codes": "Waiting", "summary": ""},
                    {"type": "move", "code": "Waiting"}, {"type": "merge", "source": ["a"], "target": "b"},
                    {"type": "respond", "theme": "x", "verdict": None, "comment": ""}):
        send(widget, **hostile)
        assert widget.error.startswith("The page sent a request"), hostile
    send(widget, type="merge", source="Nope", target="Nope either")
    assert "no longer on the map" in widget.error
    send(widget, type="create", name="x" * 10, codes=["Not a code"], summary="")
    assert "no code called 'Not a code'" in widget.error
    assert len(coded.events()) == before


def test_partners_get_a_long_list_of_themes_a_page_at_a_time_and_a_forged_page_is_refused(coded):
    for number in range(105):
        coded.add_theme(f"Theme {number}", codes=["Waiting"] if number == 104 else [])
    coded.add_theme("Settled", codes=["Ramp"])
    coded.review_theme("Settled", "reviewed", "nothing changed")
    coded.review_theme("Settled", "final", "nothing changed")
    jo = ThemeMap(coded.acting_as("Jo Bennett", "lived-experience partner"), member="Jo Bennett",
                  role="lived-experience partner", partner_mode=True)
    assert (len(jo.themes), jo.page, jo.pages) == (100, 0, 2)
    send(jo, type="page", page=1)
    assert jo.error == "" and [t["name"] for t in jo.themes] == [f"Theme {n}" for n in range(100, 105)]
    assert jo.themes[-1]["quotes"] == [{"text": "waited all day", "code": "Waiting"}]  # a final theme is not listed
    for forged in (2, -1, 10**9):
        send(jo, type="page", page=forged)
        assert "There is no page" in jo.error and jo.page == 1
    for hostile in ({"type": "page", "page": "1"}, {"type": "page", "page": None}):
        send(jo, **hostile)
        assert jo.error.startswith("The page sent a request")
    send(jo, type="respond", theme="Theme 0", verdict="fits", comment="")  # not on the page shown
    assert "no longer on the map" in jo.error and coded.theme_responses().empty
    team = ThemeMap(coded, member="Alex Morgan")
    assert (len(team.themes), team.pages) == (106, 1)
    send(team, type="page", page=1)
    assert "There is no page 2" in team.error
