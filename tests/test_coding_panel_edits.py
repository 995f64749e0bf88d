"""Redo of an undo, and making a coding longer or shorter (issue 14): through the Writer,
logged, undoable, refused plainly; on SQLite and PostgreSQL."""

import pytest

from workbench.errors import WorkbenchError

TEXT = "Rose: I waited all day for my tablets and nobody told me why.\n".encode()


@pytest.fixture
def coded(backend_project):
    project = backend_project
    project.import_bytes(TEXT, "rose.txt")
    project.add_code("Waiting")
    text = project.document_text("rose")
    start = text.index("waited")
    coding = project.apply_code("rose", "Waiting", start, start + len("waited all day"))
    return project, text, coding


def spans(project):
    return project.codings()[["text", "member"]].values.tolist()


def test_undo_then_redo_then_undo_again(coded):
    project, _, _ = coded
    assert spans(project) == [["waited all day", "Alex Morgan"]]
    project.undo()
    assert spans(project) == []
    project.redo()
    assert spans(project) == [["waited all day", "Alex Morgan"]]
    with pytest.raises(WorkbenchError, match="nothing to redo"):
        project.redo()
    project.undo()  # the redo is a change like any other
    assert spans(project) == []
    project.redo()
    assert spans(project) == [["waited all day", "Alex Morgan"]]
    assert list(project.events()["action"].tail(2)) == ["coding.apply.redo", "redo"]


def test_a_new_change_after_an_undo_ends_the_redos(coded):
    project, text, _ = coded
    project.undo()
    project.apply_code("rose", "Waiting", text.index("tablets"), text.index("tablets") + 7)
    with pytest.raises(WorkbenchError, match="nothing to redo"):
        project.redo()
    assert spans(project) == [["tablets", "Alex Morgan"]]


def test_resize_is_logged_undoable_and_checked(coded):
    project, text, coding = coded
    start = text.index("waited")
    project.resize_coding(coding, start, start + len("waited all day for my tablets"))
    assert spans(project) == [["waited all day for my tablets", "Alex Morgan"]]
    event = project.events().iloc[-1]
    assert (event["action"], event["actor"]) == ("coding.resize", "Alex Morgan")
    for bad in ((start, start), (start + 5, start), (-1, 4), (start, len(text) + 1)):
        with pytest.raises(WorkbenchError, match="keep some words inside its document"):
            project.resize_coding(coding, *bad)
    with pytest.raises(WorkbenchError, match="no coding with id"):
        project.resize_coding(99_999, 0, 3)
    project.undo()
    assert spans(project) == [["waited all day", "Alex Morgan"]]
    project.redo()
    assert spans(project) == [["waited all day for my tablets", "Alex Morgan"]]


def test_only_ones_own_coding_is_resized_and_undo_refuses_after_someone_else_changed_it(coded):
    project, text, coding = coded
    jo = project.acting_as("Jo Bennett", "lived-experience partner")
    jo.apply_code("rose", "Waiting", 0, 4)  # Jo is a member now, not the lead
    with pytest.raises(WorkbenchError, match="only change your own codings"):
        jo.resize_coding(coding, 0, 10)
    assert project.access_level("Alex Morgan") == "lead"
    project.resize_coding(project.codings().query("member == 'Jo Bennett'")["id"].iloc[0], 0, 5)  # the lead may
    with pytest.raises(WorkbenchError, match="Alex Morgan changed the same thing since"):
        jo.undo()
