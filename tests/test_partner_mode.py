"""Partner mode of the coding panel, Python side: the traits a browser may set are
checked, and coding in partner mode is credited as any coding is (issue 10)."""

import pytest
import traitlets

from workbench.errors import WorkbenchError
from workbench.widgets import CodingPanel


@pytest.fixture
def panel(project):
    project.import_bytes(b"Rose: I waited all day for my tablets.\n", "rose.txt")
    for name in ("Waiting", "Medicines"):
        project.add_code(name)
    widget = CodingPanel(project, member="Jo Bennett", role="lived-experience partner", partner_mode=True)
    widget.send = lambda content, buffers=None: None
    return widget


def test_one_code_at_a_time_is_checked_and_coding_still_works(panel):
    assert panel.partner_mode is True and panel.focus_code == 0
    panel.show_one_code("Medicines")
    medicines = next(c["id"] for c in panel.codes if c["name"] == "Medicines")
    assert panel.focus_code == medicines
    for hostile in (99999, -1):
        with pytest.raises(traitlets.TraitError):
            panel.focus_code = hostile
    assert panel.focus_code == medicines
    with pytest.raises(WorkbenchError, match="no code called 'Nope'"):
        panel.show_one_code("Nope")
    panel.show_one_code(None)
    assert panel.focus_code == 0
    text = panel.project.document_text("rose")
    start = text.index("my tablets")
    panel.apply(medicines, start, start + len("my tablets"))  # ASCII: UTF-16 and Python offsets agree
    coded = panel.project.codings()
    assert coded[["code", "text", "member", "role"]].values.tolist() == [
        ["Medicines", "my tablets", "Jo Bennett", "lived-experience partner"]]


def test_selected_words_become_an_idea_credited_to_who_proposed_it(project):
    project.import_bytes(b"Rose: A card with one number to ring would help.\n", "rose.txt")
    project.as_member("Jo Bennett", "lived-experience partner").add_code("Named contact")  # Jo is a member now
    widget = CodingPanel(project, member="Chris Lee", role="facilitator", facilitated=True, partner_mode=True)
    widget.send = lambda content, buffers=None: None
    widget.proposer = "Jo Bennett"
    text = project.document_text("rose")
    start = text.index("A card")
    widget._on_message(widget, {"type": "idea", "start": start, "end": start + len("A card with one number")}, [])
    assert widget.error == "" and "as an idea" in widget.status
    ideas = project.ideas()
    assert ideas[["text", "proposed_by", "proposer_role", "document", "status"]].values.tolist() == [
        ["A card with one number", "Jo Bennett", "lived-experience partner", "rose", "new"]]
    assert project.events().query("action == 'idea.capture'").iloc[0]["details"]["entered_by"] == "Chris Lee"
    widget._on_message(widget, {"type": "idea", "start": 3, "end": 3}, [])
    assert "Select some words" in widget.error and len(project.ideas()) == 1
