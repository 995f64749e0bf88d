"""The coding panel's undo, redo, new codes from words and resizing, Python side: what
each request from the browser does to the project, and that bad values change nothing."""

import pytest

from workbench.widgets import CodingPanel
from workbench.widgets.coding_panel_edits import code_name_from
from workbench.widgets.offsets import Utf16Offsets

TRANSCRIPT = "[00:00:01] Rose: The café 🙂 was shut and I waited all day for my tablets.\n".encode()


@pytest.fixture
def panel(project):
    project.import_bytes(TRANSCRIPT, "rose.txt")
    project.add_code("Waiting")
    widget = CodingPanel(project, member="Jo Bennett", role="lived-experience partner")
    widget.send = lambda content, buffers=None: None
    return widget


def span(panel, words):
    text = panel.project.document_text(panel.document_id)
    to_js = Utf16Offsets(text).to_js
    return {"start": to_js(text.index(words)), "end": to_js(text.index(words) + len(words))}


def ask(panel, **content):
    panel._on_message(panel, content, [])


def mine(panel):
    codings = panel.project.codings()
    return codings[codings["member"] == "Jo Bennett"][["code", "text"]].values.tolist()


def test_undo_and_redo_from_the_panel_say_what_happened(panel):
    ask(panel, type="apply", code_id=panel.codes[0]["id"], **span(panel, "I waited"))
    ask(panel, type="undo")
    assert mine(panel) == [] and panel.status.startswith("Undone: applying a code")
    ask(panel, type="redo")
    assert mine(panel) == [["Waiting", "I waited"]] and panel.status.startswith("Redone")
    ask(panel, type="redo")
    assert "nothing to redo" in panel.error


def test_undo_refuses_in_one_sentence_when_someone_else_changed_it_since(panel):
    ask(panel, type="apply", code_id=panel.codes[0]["id"], **span(panel, "I waited"))
    coding = int(panel.project.codings()["id"].iloc[0])
    panel.project.resize_coding(coding, 0, 5)  # Alex Morgan, the lead
    ask(panel, type="undo")
    assert "Alex Morgan changed the same thing since" in panel.error
    assert mine(panel) == [["Waiting", panel.project.document_text(panel.document_id)[:5]]]


def test_in_vivo_coding_names_the_code_by_the_selected_words_and_applies_it(panel):
    ask(panel, type="new_code", **span(panel, " was shut "))  # spaces at the ends are dropped
    assert mine(panel) == [["was shut", "was shut"]]
    assert "was shut" in {c["name"] for c in panel.codes}  # the palette has it at once
    ask(panel, type="new_code", name="Was Shut")  # the same name in other letters: no second code
    assert panel.status == "There is already a code “was shut”."
    assert list(panel.project.codes()["name"]).count("was shut") == 1


def test_a_new_code_from_the_palette_text_applies_to_the_selection(panel):
    ask(panel, type="new_code", name="  Tablets   late ", **span(panel, "my tablets"))
    assert mine(panel) == [["Tablets late", "my tablets"]]
    ask(panel, type="new_code", name="Shops")  # nothing selected: only the code
    assert "Shops" in set(panel.project.codes()["name"]) and panel.status == "Added the code “Shops”."
    ask(panel, type="new_code", name="   ")
    assert "needs a name" in panel.error


def test_code_names_from_words_are_trimmed_to_sixty_characters_at_a_word():
    long = "I waited all day on the ward for the pharmacy to send up my tablets, and nobody came."
    name = code_name_from(long)
    assert len(name) <= 60 and long.startswith(name) and not name.endswith(" ")
    assert code_name_from("“Nobody told me.”") == "Nobody told me"
    assert len(code_name_from("x" * 500)) == 60


def test_resize_from_the_panel_is_checked_and_undoable(panel):
    ask(panel, type="apply", code_id=panel.codes[0]["id"], **span(panel, "I waited"))
    coding = int(panel.project.codings()["id"].iloc[0])
    ask(panel, type="resize", coding_id=coding, **span(panel, "I waited all day"))
    assert mine(panel) == [["Waiting", "I waited all day"]] and "now covers" in panel.status
    for hostile in ({"coding_id": coding, "start": 5, "end": 5}, {"coding_id": 99_999, **span(panel, "shut")},
                    {"coding_id": "x", "start": 0, "end": 3}):
        ask(panel, type="resize", **hostile)
        assert panel.error
    assert mine(panel) == [["Waiting", "I waited all day"]]
    ask(panel, type="undo")
    assert mine(panel) == [["Waiting", "I waited"]]


def test_the_memos_margin_has_the_memos_on_screen_and_private_ones_only_for_their_author(panel):
    sent = []
    panel.send = lambda content, buffers=None: sent.append(content)
    project, document = panel.project, panel.document_id
    ask(panel, type="apply", code_id=panel.codes[0]["id"], **span(panel, "I waited"))
    coding = int(project.codings()["id"].iloc[0])
    project.add_memo("Alex's own thoughts", "document", document, private=True)
    project.acting_as("Jo Bennett", "lived-experience partner").add_memo("Jo's note to self", "document", document, private=True)
    ask(panel, type="memo", coding_id=coding, text="Waited <b>all</b> day")
    project.add_memo("On another document", "project")
    memos = [m for m in sent if m["type"] == "codings"][-1]["memos"]
    assert [(m["text"], m["member"], m["private"]) for m in memos] == [
        ("Jo's note to self", "Jo Bennett", True), ("Waited <b>all</b> day", "Jo Bennett", False)]
    assert memos[1]["target_type"] == "coding" and memos[1]["target_id"] == coding
