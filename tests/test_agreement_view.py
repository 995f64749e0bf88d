"""The agreement view widget, driven as the browser drives it: trait changes and
"settle" messages, on a copy of the sample study."""

import shutil

import pytest
import traitlets

from workbench import Project
from workbench.widgets import AgreementView

STUDY = ["int01_rose", "int04_dev", "fg01_discharge_focus_group"]
CODERS = ["Alex Morgan", "Sam Reid", "Jo Bennett"]


@pytest.fixture
def view(sample_project, tmp_path):
    path = tmp_path / "home-safe.db"
    shutil.copy(sample_project, path)
    with Project.open(path) as project:
        yield AgreementView(project, member="Chris Lee", role="facilitator", members=CODERS, documents=STUDY)


def send(view, **content):
    view._on_message(view, {"type": "settle", **content}, [])


def test_table_grid_and_filters_follow_the_project(view):
    expected = view.project.agreement(CODERS, STUDY)
    assert [row["code"] for row in view.rows] == expected.codes["code"].tolist()
    assert [row["reading"] for row in view.rows] == expected.codes["reading"].tolist()
    assert view.grid["members"] == CODERS and view.grid["values"][0][0] is None
    assert view.grid["values"][0][1] == view.grid["values"][1][0]
    view.documents = ["int01_rose"]
    assert view.skip_uncoded and view.left_out > 0  # by default, segments nobody coded are left out
    view.skip_uncoded = False
    assert view.rows[0]["units"] == int((view.project.segments()["document"] == "int01_rose").sum())
    assert view.left_out == 0
    view.members = ["Alex Morgan"]
    assert view.rows == [] and "at least two members" in view.error
    for trait, value in (("members", ["Somebody Else"]), ("documents", ["nope"]), ("unit", "word"), ("code", "Nope")):
        with pytest.raises(traitlets.TraitError):
            setattr(view, trait, value)


def test_settling_from_the_view_writes_the_consensus_layer(view):
    view.code = "Communication"
    assert view.disagreements and {side["member"] for side in view.disagreements[0]["sides"]} == set(CODERS)
    first = view.disagreements[0]
    chosen = next(side["member"] for side in first["sides"] if side["applied"])
    count = len(view.disagreements)
    send(view, index=0, how="choose", member=chosen, agreed_by=["Alex Morgan", "Jo Bennett"],
         discussion="Jo explained what the nurse meant.")
    assert view.error == "" and "Saved the agreed version" in view.status
    consensus = view.project.codings().query("member == 'Consensus'")
    assert len(consensus) >= 1 and set(consensus["document"]) == {first["document"]}
    settle = view.project.events().query("action == 'consensus.settle'").iloc[-1]
    assert settle["actor"] == "Chris Lee" and settle["details"]["agreed_by"] == ["Alex Morgan", "Jo Bennett"]
    assert len(view.disagreements) == count  # the members still differ; consensus is its own layer
    assert "Consensus" in view.all_members
    send(view, index=1, how="segment", agreed_by=["Sam Reid"], discussion="")
    second = view.disagreements[1]
    whole = view.project.codings().query("member == 'Consensus' and start == @second['start']")
    assert whole["end"].tolist() == [second["end"]] and view.error == ""


def test_the_view_refuses_bad_messages_and_writes_nothing(view):
    view.code = "Communication"
    before = len(view.project.events())
    for content in ({"index": 99, "how": "choose", "member": "Alex Morgan", "agreed_by": ["Jo Bennett"]},
                    {"index": 0, "how": "drop", "agreed_by": ["Jo Bennett"]},
                    {"index": 0, "how": "choose", "member": "Mallory", "agreed_by": ["Jo Bennett"]},
                    {"index": 0, "how": "choose", "member": "Alex Morgan", "agreed_by": "Jo Bennett"},
                    {"index": 0, "how": "choose", "member": "Alex Morgan", "agreed_by": ["<script>"]},
                    {"index": 0, "how": "value", "value": "x", "agreed_by": ["Jo Bennett"]},
                    {"how": "merge", "agreed_by": ["Jo Bennett"]}):
        view.error = ""
        send(view, **content)
        assert view.error, content
    assert len(view.project.events()) == before


EMOJI_TRANSCRIPT = ("Interviewer: How was going home?\n"
                    "Rose: I was 🙂 glad at first 🙂 but nobody rang my daughter.\n")


@pytest.fixture
def emoji_view(project, tmp_path):
    (tmp_path / "rose.txt").write_text(EMOJI_TRANSCRIPT, encoding="utf-8")
    project.import_file(tmp_path / "rose.txt")
    for code in ("Carers not involved", "Feeling"):
        project.add_code(code)
    text = project.document_text("rose")
    for member, code, quote in (("Sam Reid", "Carers not involved", "nobody rang my daughter"),
                                ("Jo Bennett", "Feeling", "glad at first")):  # Jo did not apply Sam's code
        start = text.index(quote)
        project.as_member(member).apply_code("rose", code, start, start + len(quote))
    view = AgreementView(project, member="Chris Lee", role="facilitator", members=["Sam Reid", "Jo Bennett"])
    view.code = "Carers not involved"
    return view


def js_offset(text: str, quote: str) -> tuple[int, int]:
    """Where `quote` is in `text`, counted in UTF-16 code units as the browser counts."""
    start = len(text[:text.index(quote)].encode("utf-16-le")) // 2
    return start, start + len(quote.encode("utf-16-le")) // 2


def test_settling_on_words_selected_in_the_segment_counts_as_the_browser_does(emoji_view):
    item = emoji_view.disagreements[0]
    assert "🙂" in item["text"]
    start, end = js_offset(item["text"], "nobody rang")
    send(emoji_view, index=0, how="words", start=start, end=end, agreed_by=["Sam Reid", "Jo Bennett"],
         discussion="Just the phone call.")
    assert emoji_view.error == "" and "Saved the agreed version" in emoji_view.status
    agreed = emoji_view.project.codings().query("member == 'Consensus'").iloc[0]
    text = emoji_view.project.document_text("rose")
    assert text[agreed["start"]:agreed["end"]] == "nobody rang"  # 2 emoji before it: 2 fewer in Python
    assert emoji_view.project.settlements()["how"].tolist() == ["new coding"]


def test_bad_word_selections_are_refused_and_write_nothing(emoji_view):
    item = emoji_view.disagreements[0]
    length = len(item["text"].encode("utf-16-le")) // 2
    before = len(emoji_view.project.events())
    for start, end in ((5, 5), (7, 3), (-1, 4), (0, length + 1), ("0", 4), (0.5, 4), (True, 4), (None, None),
                       ([1], 4)):
        emoji_view.error = ""
        send(emoji_view, index=0, how="words", start=start, end=end, agreed_by=["Jo Bennett"])
        assert emoji_view.error == "Select the words of the new coding in the segment's text first.", (start, end)
    assert len(emoji_view.project.events()) == before
