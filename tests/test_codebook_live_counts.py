"""The codebook editor's counts follow new codings by anyone (issue 18): its page polls,
the editor reads the project's log and, for new codings, one grouped count, leaving the
code being edited alone; a change to the codebook itself reloads it."""

from workbench import Project
from workbench.widgets import CodebookEditor

from analysis_helpers import build_study
from support import send


def test_counts_follow_codings_made_elsewhere(project, project_path):
    build_study(project)
    editor = CodebookEditor(project, member="Alex Morgan")
    ids = {c["name"]: str(c["id"]) for c in editor.codes}
    assert editor.counts[ids["Praise"]] == 1 and editor.counts[ids["Contact"]] == 4
    send(editor, type="choose")  # unknown requests change nothing
    editor.selected = int(ids["Contact"])
    codes_before = editor.codes
    with Project.open(project_path, member="Jo Bennett", role="lived-experience partner") as elsewhere:
        text = elsewhere.document_text("int_a")
        for words in ("Tell me", "We try"):
            elsewhere.apply_code("int_a", "Praise", text.index(words), text.index(words) + len(words))
        elsewhere.remove_coding(int(elsewhere.codings().query("code == 'Contact'")["id"].iloc[-1]))
    send(editor, type="poll")
    assert editor.counts[ids["Praise"]] == 3 and editor.counts[ids["Contact"]] == 3
    assert editor.counts[ids["Medicines"]] == 1
    assert editor.codes is codes_before and editor.selected == int(ids["Contact"])  # the form is left alone
    send(editor, type="poll")  # nothing new: nothing read again
    assert editor.counts[ids["Praise"]] == 3
    with Project.open(project_path, member="Jo Bennett", role="lived-experience partner") as elsewhere:
        elsewhere.add_code("Waiting")
    send(editor, type="poll")
    assert "Waiting" in [c["name"] for c in editor.codes] and editor.counts[str(editor.codes[-1]["id"])] == 0
