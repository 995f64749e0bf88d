"""Codes, codings and memos through the Project API."""

import pytest

from workbench import WorkbenchError



@pytest.fixture
def project(backend_project):
    """Every test here runs on SQLite and on PostgreSQL."""
    return backend_project


TRANSCRIPT = "[00:00:01] Interviewer: How was the day you left?\n[00:00:05] Rose: I waited all day for my tablets 💊, it was awful.\n".encode()


@pytest.fixture
def coded(project):
    project.import_bytes(TRANSCRIPT, "rose.txt")
    project.add_code("Medicines", definition="Tablets and prescriptions.")
    project.add_code("Waiting for medicines", parent="Medicines")
    return project


def test_apply_code_stores_member_role_offsets_and_exact_text(coded):
    text = coded.document_text("rose")
    phrase = "waited all day for my tablets 💊"
    start = text.index(phrase)
    coded.as_member("Jo Bennett", "lived-experience partner").apply_code("rose", "Waiting for medicines", start, start + len(phrase))
    coding = coded.codings().iloc[0]
    assert (coding["member"], coding["role"], coding["start"], coding["end"]) == (
        "Jo Bennett", "lived-experience partner", start, start + len(phrase))
    assert coding["text"] == phrase  # the database counts characters as Python does, emoji included


def test_applying_the_same_coding_twice_keeps_one(coded):
    coded.apply_code("rose", "Medicines", 0, 5)
    coded.apply_code("rose", "Medicines", 0, 5)
    assert len(coded.codings()) == 1


def test_spans_outside_the_document_are_refused(coded):
    length = len(coded.document_text("rose"))
    for start, end in ((5, 5), (-1, 4), (0, length + 1), (10, 3)):
        with pytest.raises(WorkbenchError, match="not inside the document"):
            coded.apply_code("rose", "Medicines", start, end)


def test_unknown_code_or_document_is_named(coded):
    with pytest.raises(WorkbenchError, match="no code called 'Nope'"):
        coded.apply_code("rose", "Nope", 0, 5)
    with pytest.raises(WorkbenchError, match="no document 'tom'"):
        coded.apply_code("tom", "Medicines", 0, 5)


def test_child_codes_get_a_shade_of_their_parents_colour_and_names_stay_unique(coded):
    import colorsys

    coded.add_code("Tablets changed", parent="Medicines")
    codes = coded.codes().set_index("name")
    assert codes.loc["Waiting for medicines", "parent"] == "Medicines"

    def hls(colour):
        return colorsys.rgb_to_hls(*(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)))

    parent, children = codes.loc["Medicines", "colour"], codes.loc[["Waiting for medicines", "Tablets changed"], "colour"]
    assert len({parent, *children}) == 3  # each child its own shade
    for child in children:
        assert abs(hls(child)[0] - hls(parent)[0]) < 0.02  # the parent's hue
    with pytest.raises(WorkbenchError, match="already a code"):
        coded.add_code("Medicines")


def test_new_top_level_codes_get_distinct_colour_blind_safe_colours(project):
    for name in ("A", "B", "C"):
        project.add_code(name)
    from workbench.coding.palette import PALETTE

    assert list(project.codes()["colour"]) == PALETTE[:3] and len(set(PALETTE)) == len(PALETTE)


def test_remove_coding_is_logged(coded):
    coding_id = coded.apply_code("rose", "Medicines", 0, 5)
    coded.remove_coding(coding_id)
    assert coded.codings().empty
    assert list(coded.events()["action"].tail(2)) == ["coding.apply", "coding.remove"]
    with pytest.raises(WorkbenchError, match="removed already"):
        coded.remove_coding(coding_id)


def test_memos_on_targets(coded):
    code_id = int(coded.codes().set_index("name").loc["Medicines", "id"])
    coded.add_memo("Boundary with waiting is fuzzy.", "code", code_id)
    coded.add_memo("Team only: reschedule Rose.", private=True)
    memos = coded.memos()
    assert list(memos["target_type"]) == ["code", "project"]
    assert list(memos["private"]) == [False, True]
    with pytest.raises(WorkbenchError, match="needs some text"):
        coded.add_memo("   ")
    with pytest.raises(WorkbenchError, match="Say which document"):
        coded.add_memo("About what?", "document")


def test_segments_link_speakers_to_participants(project):
    project.import_bytes(b"pseudonym,role\nRose,service user\n", "people.csv")
    project.import_bytes(TRANSCRIPT, "rose.txt")
    segments = project.segments("rose")
    assert list(segments["speaker"]) == ["Interviewer", "Rose"]
    assert list(segments["participant"].fillna("")) == ["", "Rose"]
    assert segments.iloc[1]["text"] == "I waited all day for my tablets 💊, it was awful."
    assert (segments.iloc[0]["time_start"], segments.iloc[0]["time_end"]) == (1.0, 5.0)
    participants = project.participants()
    assert participants.iloc[0]["role"] == "service user"
