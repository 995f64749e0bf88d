"""The widgets' Python side: what each request from the browser does to the project,
and that hostile values (a Voila visitor can send anything) change nothing."""

import pytest
import traitlets

from workbench.widgets import CodebookEditor, CodingPanel
from workbench.widgets.offsets import Utf16Offsets

TRANSCRIPT = ("[00:00:01] Interviewer: How was it? 🙂\n"
              "[00:00:04] Rose: The café was shut 💊 and I waited.\n"
              "[00:00:09] Amal: كان الانتظار طويلا جدا\n"
              "[00:00:12] Rose: <img src=x onerror=alert(1)> is what the letter said.\n").encode()


@pytest.fixture
def panel(project):
    project.import_bytes(TRANSCRIPT, "rose.txt")
    for name in ("Waiting", "Medicines", "Letters"):
        project.add_code(name)
    widget = CodingPanel(project, member="Jo Bennett", role="lived-experience partner")
    widget.sent = []
    widget.send = lambda content, buffers=None: widget.sent.append(content)
    widget._on_message(widget, {"type": "ready"}, [])
    return widget


def js_span(panel, words):
    """Where `words` are, as the browser counts (UTF-16 units)."""
    text = panel.sent[0]["document"]["text"]
    start = text.index(words)
    to_js = Utf16Offsets(text).to_js
    return to_js(start), to_js(start + len(words))


def code_id(panel, name):
    return next(c["id"] for c in panel.codes if c["name"] == name)


def test_offsets_convert_both_ways_with_emoji_accents_and_arabic():
    text = "a🙂é\u0301ب💊z"
    offsets = Utf16Offsets(text)
    for index in range(len(text) + 1):
        js = len(text[:index].encode("utf-16-le")) // 2
        assert offsets.to_js(index) == js and offsets.to_py(js) == index


def test_document_payload_uses_utf16_offsets(panel):
    document = panel.sent[0]["document"]
    text = document["text"]
    rose = document["segments"][1]
    # the browser slices with UTF-16 units: simulate that with utf-16 encoding
    units = text.encode("utf-16-le")
    assert units[2 * rose["start"]:2 * rose["end"]].decode("utf-16-le") == "The café was shut 💊 and I waited."
    assert [s["speaker"] for s in document["segments"]] == ["Interviewer", "Rose", "Amal", "Rose"]


@pytest.mark.parametrize("words", ["I waited", "كان الانتظار", "shut 💊 and", "<img src=x onerror=alert(1)>"])
def test_apply_stores_the_exact_words_after_an_emoji(panel, words):
    panel._on_message(panel, {"type": "apply", "code_id": code_id(panel, "Waiting"), **dict(zip(("start", "end"), js_span(panel, words)))}, [])
    assert panel.error == ""
    coding = panel.project.codings().iloc[-1]
    assert (coding["text"], coding["member"], coding["role"]) == (words, "Jo Bennett", "lived-experience partner")
    assert panel.status.startswith("Applied “Waiting”")
    assert panel.sent[-1]["type"] == "codings" and len(panel.sent[-1]["codings"]) == 1


def test_whitespace_around_a_selection_is_trimmed(panel):
    start, end = js_span(panel, " and I waited.")
    panel.apply(code_id(panel, "Waiting"), start, end + 1)
    assert panel.project.codings().iloc[0]["text"] == "and I waited."


def test_layers_and_blind_mode(panel):
    project = panel.project
    start, end = js_span(panel, "I waited")
    panel.apply(code_id(panel, "Waiting"), start, end)
    text = project.document_text("rose")
    project.as_member("Sam Reid", "researcher").apply_code("rose", "Medicines", text.index("café"), text.index("café") + 4)
    panel.refresh()
    visible = lambda: {c["member"] for c in panel.sent[-1]["codings"]}
    assert visible() == {"Jo Bennett", "Sam Reid"}
    panel.layer = "mine"
    assert visible() == {"Jo Bennett"}
    panel.layer, panel.layer_member = "member", "Sam Reid"
    assert visible() == {"Sam Reid"}
    panel.layer = "everyone"
    panel.blind = True
    assert visible() == {"Jo Bennett"}
    panel.revealed = True
    assert visible() == {"Jo Bennett", "Sam Reid"}


def test_people_can_only_remove_or_change_their_own_codings(panel):
    project = panel.project
    text = project.document_text("rose")
    theirs = project.as_member("Sam Reid", "researcher").apply_code("rose", "Medicines", text.index("café"), text.index("café") + 4)
    panel._on_message(panel, {"type": "remove", "coding_id": theirs}, [])
    assert "only change your own" in panel.error
    assert len(project.codings()) == 1
    start, end = js_span(panel, "I waited")
    mine = panel.apply(code_id(panel, "Waiting"), start, end)
    panel._on_message(panel, {"type": "change", "coding_id": mine, "code_id": code_id(panel, "Letters")}, [])
    panel._on_message(panel, {"type": "memo", "coding_id": theirs, "text": "Is this about medicines?"}, [])
    codings = project.codings().set_index("member")
    assert codings.loc["Jo Bennett", "code"] == "Letters" and panel.error == ""
    assert project.memos().iloc[0]["target_type"] == "coding"
    panel._on_message(panel, {"type": "remove", "coding_id": int(codings.loc["Jo Bennett", "id"])}, [])
    assert list(project.codings()["member"]) == ["Sam Reid"]


def test_facilitated_session_credits_the_person_who_proposed(panel):
    project = panel.project
    project.as_member("Rafi Khan", "lived-experience partner").add_code("Kindness")
    facilitator = CodingPanel(project, member="Chris Lee", role="facilitator", facilitated=True)
    facilitator.send = lambda content, buffers=None: None
    facilitator.proposer = "Rafi Khan"
    start, end = js_span(panel, "I waited")
    facilitator.apply(code_id(facilitator, "Kindness"), start, end)
    coding = project.codings().iloc[-1]
    assert (coding["member"], coding["role"]) == ("Rafi Khan", "lived-experience partner")
    event = project.events().iloc[-1]
    assert event["actor"] == "Rafi Khan" and event["details"]["entered_by"] == "Chris Lee"


@pytest.mark.parametrize("name, value", [
    ("member_role", "machine"), ("layer", "<script>"), ("document_id", 999), ("proposer", "Nobody"),
])
def test_hostile_trait_values_are_refused(panel, name, value):
    with pytest.raises(traitlets.TraitError):
        setattr(panel, name, value)


@pytest.mark.parametrize("message", [
    {"type": "apply", "code_id": "x", "start": 0, "end": 3},
    {"type": "apply", "code_id": 99999, "start": 0, "end": 3},
    {"type": "apply", "start": 0},
    {"type": "apply", "code_id": 1, "start": 10, "end": 10},
    {"type": "remove", "coding_id": 12345},
    {"type": "memo", "coding_id": 12345, "text": "x"},
    {"type": "execute", "code": "import os"},
    "not a dict",
])
def test_hostile_messages_change_nothing(panel, message):
    before = len(panel.project.events())
    panel._on_message(panel, message, [])
    assert len(panel.project.events()) == before
    assert "Traceback" not in panel.error


def test_no_member_means_no_change(project):
    project.import_bytes(TRANSCRIPT, "rose.txt")
    project.add_code("Waiting")
    widget = CodingPanel(project)
    widget.send = lambda content, buffers=None: None
    widget._on_message(widget, {"type": "apply", "code_id": widget.codes[0]["id"], "start": 0, "end": 5}, [])
    assert "Say who you are first" in widget.error
    assert project.codings().empty


def test_codebook_editor_round_trip(project):
    editor = CodebookEditor(project, member="Jo Bennett", role="lived-experience partner")
    editor._on_message(editor, {"type": "add", "name": "Waiting", "parent_id": 0, "definition": "Waiting on the day."}, [])
    editor._on_message(editor, {"type": "add", "name": "Medicines", "parent_id": 0}, [])
    waiting = next(c for c in editor.codes if c["name"] == "Waiting")
    medicines = next(c for c in editor.codes if c["name"] == "Medicines")
    editor._on_message(editor, {"type": "save", "id": waiting["id"], "name": "Waiting for medicines",
                                "parent_id": medicines["id"], "definition": "Waiting for take-home tablets.",
                                "when_to_use": "", "when_not_to_use": "Waiting for transport.",
                                "colour": "#CC79A7", "example_coding_id": 0}, [])
    assert editor.error == ""
    codes = project.codes().set_index("name")
    assert codes.loc["Waiting for medicines", "parent"] == "Medicines"
    assert codes.loc["Waiting for medicines", "colour"] == "#CC79A7"
    assert codes.loc["Waiting for medicines", "when_not_to_use"] == "Waiting for transport."
    editor._on_message(editor, {"type": "save", "id": medicines["id"], "name": "Medicines", "parent_id": waiting["id"],
                                "definition": "", "when_to_use": "", "when_not_to_use": "", "colour": medicines["colour"]}, [])
    assert "inside itself" in editor.error
    editor._on_message(editor, {"type": "merge", "id": waiting["id"], "into": medicines["id"]}, [])
    assert bool(project.codes().set_index("name").loc["Waiting for medicines", "archived"])
    assert set(project.events()["actor"]) == {"Jo Bennett"}


def test_memo_on_the_document(panel):
    panel._on_message(panel, {"type": "memo", "target": "document", "text": "Rose was tired by the end."}, [])
    memo = panel.project.memos().iloc[0]
    assert (memo["target_type"], memo["target_id"], memo["member"]) == ("document", panel.document_id, "Jo Bennett")


def test_an_image_story_comes_with_its_picture_and_other_documents_without(project):
    from support import SAMPLE_DATA
    from workbench.sample import IMAGE_STORY

    name, image, story, alt_text = IMAGE_STORY
    project.add_image_story(name, SAMPLE_DATA / image, (SAMPLE_DATA / story).read_text(encoding="utf-8"), alt_text)
    project.import_bytes(TRANSCRIPT, "rose.txt")
    widget = CodingPanel(project, member="Jo Bennett", role="lived-experience partner")
    widget.sent = []
    widget.send = lambda content, buffers=None: widget.sent.append(content)
    widget._on_message(widget, {"type": "ready"}, [])
    for document in widget.documents:
        widget.sent.clear()
        if widget.document_id == document["id"]:
            widget._send_document()  # the one already open: send it again
        widget.document_id = document["id"]
        shown = next(m["document"] for m in widget.sent if m["type"] == "document")
        if document["name"] == name:
            assert shown["image"]["src"].startswith("data:image/png;base64,")
            assert shown["image"]["alt"] == alt_text and shown["text"].startswith("I drew my house")
        else:
            assert shown["image"] is None
