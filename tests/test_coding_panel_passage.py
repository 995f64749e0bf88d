"""CodingPanel.show_passage: another widget (e.g. Retrieval) opens a passage in the panel
by Python offsets; the panel opens the document and asks its view to select it."""

import pytest
import traitlets

from workbench.errors import WorkbenchError
from workbench.widgets import CodingPanel
from workbench.widgets.offsets import Utf16Offsets

FIRST = "Rose: I waited 💊 all day.\n".encode()
SECOND = "Amal: The café 🙂 was shut, so I went home.\n".encode()


@pytest.fixture
def panel(project):
    project.import_bytes(FIRST, "first.txt")
    project.import_bytes(SECOND, "second.txt")
    widget = CodingPanel(project, member="Jo Bennett", role="lived-experience partner", document="first")
    widget.sent = []
    widget.send = lambda content, buffers=None: widget.sent.append(content)
    return widget


def test_show_passage_opens_the_document_and_selects_the_passage_in_browser_units(panel, project):
    text = project.document_text("second")
    start = text.index("was shut")
    panel.show_passage(project.document_id("second"), start, start + len("was shut"))
    assert panel.document_id == project.document_id("second")
    sent = [m for m in panel.sent if m["type"] == "document"][-1]["document"]
    # the browser slices UTF-16 units: the passage it is given is exactly the words
    units = sent["text"].encode("utf-16-le")
    passage = panel.passage
    assert units[2 * passage["start"]:2 * passage["end"]].decode("utf-16-le") == "was shut"
    assert passage["start"] == Utf16Offsets(text).to_js(start) == start + 1  # one emoji before it
    shown = passage["shown"]
    panel.show_passage("second", start, start + 3)  # the same document again: no new document, a new passage
    assert panel.passage["shown"] == shown + 1
    assert len([m for m in panel.sent if m["type"] == "document"]) == 1


@pytest.mark.parametrize("start, end", [(-1, 3), (5, 5), (7, 3), (0, 10_000)])
def test_show_passage_refuses_a_span_outside_the_document_plainly(panel, project, start, end):
    with pytest.raises(WorkbenchError, match="not inside the document"):
        panel.show_passage(project.document_id("second"), start, end)
    assert panel.document_id == project.document_id("first") and panel.passage == {}


def test_show_passage_refuses_an_unknown_document_and_the_browser_cannot_set_a_bad_passage(panel):
    with pytest.raises(WorkbenchError):
        panel.show_passage(99_999, 0, 3)
    with pytest.raises(traitlets.TraitError):
        panel.passage = {"document_id": "<img>", "start": 0, "end": 1, "shown": 1}
