"""The involvement report editor, Python side: sections saved, taken back to the draft,
and written to Word; every value a browser may send is checked (issue 10)."""

import docx
import pytest

from workbench.errors import WorkbenchError
from workbench.widgets import InvolvementEditor


def sent(widget):
    widget.sent = []
    widget.send = lambda content, buffers=None: widget.sent.append(content)
    return widget


def test_a_section_is_edited_saved_taken_back_and_exported(project, tmp_path):
    project.as_member("Jo Bennett", "lived-experience partner").capture_idea("A named contact")
    widget = sent(InvolvementEditor(project, member="Alex Morgan", export_to=tmp_path / "gripp2.docx"))
    keys = [s["section"] for s in widget.sections]
    assert keys == ["aim", "methods", "results", "outcomes", "reflection"]
    draft = widget.sections[0]["text"]
    assert "lived-experience partner" in draft and widget.sections[0]["edited"] is False
    widget._on_message(widget, {"type": "save", "section": "aim", "text": "Partners <b>chose</b> the themes."}, [])
    assert widget.error == "" and widget.sections[0] == {**widget.sections[0], "text": "Partners <b>chose</b> the themes.",
                                                          "edited": True}
    widget._on_message(widget, {"type": "export"}, [])
    assert widget.error == "" and "Wrote the report" in widget.status
    words = "\n".join(p.text for p in docx.Document(str(tmp_path / "gripp2.docx")).paragraphs)
    assert "Partners <b>chose</b> the themes." in words
    widget._on_message(widget, {"type": "reset", "section": "aim"}, [])
    assert widget.sections[0]["text"] == draft and widget.sections[0]["edited"] is False
    edits = project.events().query("action in ['report.edit', 'report.reset']")
    assert edits[["action", "actor", "role"]].values.tolist() == [["report.edit", "Alex Morgan", "researcher"],
                                                                  ["report.reset", "Alex Morgan", "researcher"]]


def test_mistakes_are_explained_and_change_nothing(project, tmp_path):
    widget = sent(InvolvementEditor(project, member="Alex Morgan", export_to=tmp_path / "missing" / "r.docx"))
    before = len(project.events())
    for message, words in (({"type": "save", "section": "aim", "text": "   "}, "is empty"),
                           ({"type": "save", "section": "budget", "text": "x"}, "not in the report"),
                           ({"type": "save", "section": "aim", "text": "x" * 20_001}, "under 20,000 characters"),
                           ({"type": "export"}, "does not exist")):
        widget._on_message(widget, message, [])
        assert words in widget.error, (message, widget.error)
    for hostile in ({"type": "save", "section": ["aim"], "text": "x"}, {"type": "save", "section": "aim"}):
        widget._on_message(widget, hostile, [])
        assert widget.error.startswith("The page sent a request")
    assert len(project.events()) == before
    widget._on_message(widget, {"type": "reset", "section": "aim"}, [])
    assert widget.status == "“1. Aim” is already the draft."
    with pytest.raises(WorkbenchError, match="Unknown role"):
        InvolvementEditor(project, member="Alex Morgan", role="machine")
