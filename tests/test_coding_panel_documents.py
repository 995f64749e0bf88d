"""Finding documents by their words (issue 14): one SQL query over the parts' text,
case-insensitive, counting the parts that hold the words; SQLite and PostgreSQL."""

from workbench.widgets import CodingPanel


def test_documents_are_found_by_words_in_their_parts(backend_project):
    project = backend_project
    project.import_bytes((b"[00:00:01] Rose: The PHARMACY was shut.\n[00:00:04] Amal: I rang the pharmacy twice.\n"
                           b"[00:00:09] Rose: Then home.\n"), "rose.txt")
    project.import_bytes(b"Tom: My daughter drove me home.\n", "tom.txt")
    project.import_bytes(b"Notes on 100% of the pharmacy_visits.", "notes.md")
    hits = project.document_hits("  Pharmacy ")
    assert hits[["document", "hits"]].values.tolist() == [["rose", 2], ["notes", 1]]
    assert project.document_hits("home")["document"].tolist() == ["rose", "tom"]
    assert project.document_hits("100%")["document"].tolist() == ["notes"]  # % and _ are the words, not patterns
    assert project.document_hits("pharmacy_v")["document"].tolist() == ["notes"]
    assert project.document_hits("100_").empty and project.document_hits("").empty


def test_the_panel_sends_the_hits_to_its_view(project):
    project.import_bytes(b"Rose: The pharmacy was shut.\n", "rose.txt")
    project.import_bytes(b"Tom: Home by taxi.\n", "tom.txt")
    panel = CodingPanel(project, member="Jo Bennett", role="lived-experience partner")
    sent = []
    panel.send = lambda content, buffers=None: sent.append(content)
    panel._on_message(panel, {"type": "find_documents", "words": "TAXI"}, [])
    assert sent[-1] == {"type": "document_hits", "words": "TAXI", "hits": {project.document_id("tom"): 1}}
    panel._on_message(panel, {"type": "find_documents", "words": ["not", "text"]}, [])
    assert sent[-1]["hits"] == {} and not panel.error
