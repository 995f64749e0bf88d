"""The TextSearch widget from Python, driven by its page's messages (including forged
ones): a hit opens in the coding panel at its place (in the panel's UTF-16 offsets), the
ticked hits or all of them are coded in one undoable step credited to the member."""

import pytest

from workbench.widgets import CodingPanel, TextSearch
from workbench.widgets.requests import MALFORMED

from analysis_helpers import build_study, study  # noqa: F401  (a fixture)
from support import send


def test_a_hit_opens_in_the_coding_panel_at_its_place(study):
    study.import_bytes("Eve: 😀😀 I phoned twice.\n".encode(), "int_c.txt")
    panel = CodingPanel(study, member="Alex Morgan", document="int_c")
    widget = TextSearch(study, member="Alex Morgan", panel=panel)
    send(widget, type="run", pattern="phone", mode="phrase")
    assert widget.error == "" and widget.total == 3 and widget.can_open
    assert [r["hit"] for r in widget.rows] == ["phone"] * 3
    assert [r["speaker"] for r in widget.rows][:2] == ["Ana", "Cal"]
    send(widget, type="open", index=1)
    text = study.document_text("int_a")
    hit = widget.hits.iloc[1]
    assert panel.document_id == study.document_id("int_a")
    assert (panel.passage["start"], panel.passage["end"]) == (hit["start"], hit["end"])
    assert text[hit["start"]:hit["end"]] == "phone" and "Opened int_a" in widget.status
    send(widget, type="open", index=2)  # two emoji before it: two more UTF-16 units each
    emoji_text = study.document_text("int_c")
    assert panel.document_id == study.document_id("int_c")
    assert panel.passage["start"] == emoji_text.index("phone") + 2
    for forged in (3, -1, True, "0", 1.5):
        send(widget, type="open", index=forged)
        assert widget.error and panel.passage["start"] == emoji_text.index("phone") + 2
    send(widget, type="run", pattern="phone", mode="whole word", case=True)
    assert widget.total == 1


def test_ticked_hits_and_all_hits_are_coded_in_one_undoable_step(study):
    jo = study.acting_as("Jo Bennett", "lived-experience partner")
    widget = TextSearch(study, member="Jo Bennett", role="lived-experience partner")
    send(widget, type="run", pattern="phone", mode="phrase")
    before = len(study.codings())
    send(widget, type="code", code="Contact", indices=[1, 1])
    assert widget.error == "" and len(study.codings()) == before + 1 and "Coded 1 hit" in widget.status
    made = study.codings().sort_values("id").iloc[-1]
    assert made["member"] == "Jo Bennett"
    send(widget, type="code", code="Praise", all=True)
    assert len(study.codings()) == before + 3
    jo.undo()
    assert len(study.codings()) == before + 1


@pytest.mark.parametrize("content, message", [
    ({"type": "run", "pattern": "phone", "mode": "fuzzy"}, "Choose how to search"),
    ({"type": "run", "pattern": "x" * 501, "mode": "phrase"}, "under 500"),
    ({"type": "run", "pattern": "ph(one", "mode": "regex"}, "cannot be read"),
    ({"type": "run", "pattern": "phone", "mode": "phrase", "case": "yes"}, MALFORMED),
    ({"type": "code", "code": "Nope", "all": True}, "Choose a code"),
    ({"type": "code", "code": "Contact", "indices": [0, 99]}, "no longer in the result"),
    ({"type": "code", "code": "Contact", "indices": ["0"]}, MALFORMED),
    ({"type": "code", "code": "Contact", "indices": []}, "Tick the hits"),
    ({"type": "open", "index": 0}, "No coding panel"),
])
def test_mistaken_or_forged_requests_are_refused(study, content, message):
    widget = TextSearch(study, member="Alex Morgan")
    send(widget, type="run", pattern="phone", mode="phrase")
    before = study.last_event_id()
    send(widget, **content)
    assert message in widget.error and study.last_event_id() == before


def test_on_a_team_server_hits_are_coded_as_the_signed_in_member(project, project_path, monkeypatch):
    from workbench.project import Project

    build_study(project)
    project.set_access("Sam Partner", "member", role="lived-experience partner", hub_user="sam")
    monkeypatch.setenv("JUPYTERHUB_USER", "sam")
    with Project.open(project_path) as sams:
        widget = TextSearch(sams)
        widget.member_name = "Alex Morgan"  # what a visitor's browser can set
        assert (widget.member_name, widget.member_role) == ("Sam Partner", "lived-experience partner")
        send(widget, type="run", pattern="phone", mode="phrase")
        before = sams.last_event_id()
        send(widget, type="code", code="Praise", all=True)
        made = sams.events().query("id > @before")
        assert len(made) and set(made["actor"]) == {"Sam Partner"}


def test_a_document_set_narrows_the_search_and_a_forged_one_is_refused(study):
    study.import_bytes(b"Dee: I phoned the desk.\n", "int_b.txt")
    study.add_document_set("Later", ["int_b"])
    widget = TextSearch(study, member="Alex Morgan")
    assert widget.document_sets == ["Later"]
    send(widget, type="run", pattern="phone", mode="phrase", document_set="Later")
    assert widget.error == "" and [r["document"] for r in widget.rows] == ["int_b"]
    send(widget, type="run", pattern="phone", mode="phrase")
    assert widget.total == 3
    send(widget, type="run", pattern="phone", mode="phrase", document_set="Secret")
    assert widget.error == "Choose a document set from the list." and widget.total == 3
    send(widget, type="run", pattern="phone", mode="phrase", document_set=["Later"])
    assert widget.error == MALFORMED


def test_an_attribute_of_people_or_documents_narrows_the_search_and_forged_ones_are_refused(study):
    study.import_bytes(b"Dee: I phoned the desk.\n", "int_b.txt")
    study.set_attributes({"int_b": {"wave": "2"}}, of="documents")
    widget = TextSearch(study, member="Alex Morgan")
    assert {"key": "site", "values": ["North", "South"]} in widget.attributes
    assert {"key": "wave", "values": ["2"]} in widget.attributes  # a document's attribute too
    send(widget, type="run", pattern="phone", mode="phrase", attribute="role", value="carer")
    assert widget.error == "" and [(r["speaker"], r["hit"]) for r in widget.rows] == [("Ana", "phone")]
    before = len(study.codings())
    send(widget, type="code", code="Praise", all=True)  # all hits: those the filter kept
    assert len(study.codings()) == before + 1
    send(widget, type="run", pattern="phone", mode="phrase", attribute="wave", value="2")
    assert [r["document"] for r in widget.rows] == ["int_b"]
    for attribute, value, message in (("password", "x", "Choose an attribute from the list."),
                                      ("role", "admin", "Choose a value of role from the list."),
                                      ("role", 5, MALFORMED), (["role"], "carer", MALFORMED)):
        send(widget, type="run", pattern="phone", mode="phrase", attribute=attribute, value=value)
        assert widget.error == message and widget.total == 1


def test_a_long_result_comes_a_page_at_a_time_and_only_the_page_shown_answers(study):
    study.import_bytes(("".join(f"Eve: phone call {n}.\n" for n in range(250))).encode(), "many.txt")
    widget = TextSearch(study, member="Alex Morgan", panel=CodingPanel(study, member="Alex Morgan"))
    send(widget, type="run", pattern="phone", mode="phrase")
    total = widget.total
    assert total > 250 and widget.pages == -(-total // widget.page_size) and widget.page == 0
    assert [r["index"] for r in widget.rows] == list(range(widget.page_size)) and "page 1 of" in widget.status
    send(widget, type="page", page=2)
    assert widget.error == "" and widget.page == 2
    assert [r["index"] for r in widget.rows] == list(range(2 * widget.page_size, total))
    assert [r["hit"] for r in widget.rows] == widget.hits["hit"].iloc[2 * widget.page_size:].tolist()
    send(widget, type="open", index=0)  # a row of another page: not the one shown
    assert "no longer in the result" in widget.error
    send(widget, type="open", index=2 * widget.page_size)
    assert widget.error == ""
    for forged in (widget.pages, -1, True, "1"):
        send(widget, type="page", page=forged)
        assert widget.error and widget.page == 2
    before = len(study.codings())
    send(widget, type="code", code="Contact", indices=[total - 1, 2 * widget.page_size])
    assert widget.error == "" and len(study.codings()) == before + 2
