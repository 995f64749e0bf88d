"""The Retrieval and FrameworkMatrix widgets from Python, driven by the messages their
pages send (including ones a Voila visitor could forge)."""

from workbench.widgets import CodingPanel, FrameworkMatrix, Retrieval
from workbench.widgets.requests import MALFORMED

from analysis_helpers import study  # noqa: F401  (a fixture)
from support import send


def test_retrieval_runs_saves_exports_and_opens_a_passage(study, tmp_path):
    study.import_bytes(b"Dee: another document.\n", "int_b.txt")
    study.import_bytes("Eve: 😀😀 I was lonely.\n".encode(), "int_c.txt")
    emoji_text = study.document_text("int_c")
    study.apply_code("int_c", "Lonely", emoji_text.index("I was"), emoji_text.index("."))
    panel = CodingPanel(study, member="Alex Morgan", document="int_b")
    widget = Retrieval(study, member="Alex Morgan", panel=panel, export_folder=tmp_path)
    assert "Lonely" in widget.codes and {"key": "role", "values": ["carer", "provider", "service user"]} in widget.attributes
    send(widget, type="run", query="Lonely OR Contact", attribute="role", value="carer", layer="everyone")
    assert widget.error == "" and widget.total == 1
    assert widget.rows[0]["text"] == "Nobody phoned me after. I felt alone and I wanted one number to ring"
    assert widget.rows[0]["time"] == "00:00:05" and widget.rows[0]["speaker"] == "Ana"
    send(widget, type="save", name="Carers on contact")
    assert widget.saved == ["Carers on contact"]
    study.add_code("Feeling let down", parent="Lonely")  # a sub-code, ticked in or out
    text = study.document_text("int_a")
    study.apply_code("int_a", "Feeling let down", text.index("The tablets"), text.index(" were late"))
    send(widget, type="run", query="Lonely", attribute="", value="", layer="everyone", subcodes=False)
    assert "The tablets" not in [row["text"] for row in widget.rows]
    send(widget, type="save", name="Lonely alone")
    assert study.saved_query("Lonely alone").subcodes is False
    send(widget, type="run", query="Lonely", attribute="", value="", layer="everyone")
    assert "The tablets" in [row["text"] for row in widget.rows]
    send(widget, type="run", query="Lonely OR Contact", attribute="role", value="carer", layer="everyone")
    send(widget, type="export", kind="xlsx")
    assert (tmp_path / "passages.xlsx").exists() and "Wrote 1 passage" in widget.status
    send(widget, type="open", index=0)
    assert panel.document_id == study.document_id("int_a")
    # the panel shows that very passage (its offsets in the panel's UTF-16 units)
    row = widget.result.iloc[0]
    text = study.document_text("int_a")
    shown = panel.passage
    assert (shown["document_id"], shown["start"], shown["end"]) == (row["document_id"], row["start"], row["end"])
    assert text[shown["start"]:shown["end"]] == widget.rows[0]["text"]
    send(widget, type="run", query="Lonely", attribute="", value="", layer="everyone")
    later = widget.result.iloc[1]  # Ben's "Café was shut": after Ana's turn
    send(widget, type="open", index=1)
    assert (panel.passage["start"], panel.passage["end"]) == (later["start"], later["end"])
    assert panel.passage["shown"] == shown["shown"] + 1
    send(widget, type="run", query="Lonely", attribute="", value="", layer="everyone")
    last = widget.total - 1
    assert widget.rows[last]["text"] == "I was lonely"
    send(widget, type="open", index=last)  # an emoji is two UTF-16 units in the page
    assert (panel.passage["start"], panel.passage["end"]) == (emoji_text.index("I was") + 2, emoji_text.index(".") + 2)
    later = widget.result.iloc[last]
    for forged in (5, -1, True, "0", 1.5):  # only a row of the current result
        send(widget, type="open", index=forged)
        assert widget.error and panel.passage["start"] == later["start"] + 2


def test_retrieval_refuses_forged_or_mistaken_requests(study):
    widget = Retrieval(study, member="Alex Morgan")
    send(widget, type="run", query="Lonely AND", attribute="", value="", layer="everyone")
    assert "Cannot read the query" in widget.error
    send(widget, type="run", query="Lonely", attribute="password", value="x", layer="everyone")
    assert widget.error == "Choose an attribute from the list."
    send(widget, type="run", query="Lonely", attribute="", value="", layer="Mallory")
    assert widget.error == "Choose whose codings to use from the list."
    send(widget, type="run", query=["Lonely"], attribute="", value="", layer="everyone")
    assert widget.error == MALFORMED
    send(widget, type="run", query="Lonely", attribute="", value="", layer="everyone", subcodes="no")
    assert widget.error == MALFORMED
    send(widget, type="export", kind="exe")
    assert "xlsx" in widget.error
    send(widget, type="open", index=0)
    assert "No coding panel" in widget.error


def test_framework_matrix_chooses_writes_and_refreshes(study):
    widget = FrameworkMatrix(study, member="Jo Bennett", role="lived-experience partner")
    assert widget.cases == ["Ana", "Ben", "Cal"] and widget.targets == ["Lonely", "Contact", "Medicines", "Praise"]
    assert widget.cells[2][0] == widget.nothing_said
    send(widget, type="choose", case="Ana", target="Contact")
    assert widget.chosen == {"case": "Ana", "target": "Contact"}
    assert [p["text"] for p in widget.passages] == ["I felt alone and I wanted one number to ring"]
    send(widget, type="write", case="Ana", target="Contact", text="<b>One number</b> to ring.")
    assert widget.error == "" and widget.cells[0][1] == "<b>One number</b> to ring."
    cell = study.framework_cells().iloc[0]
    assert (cell["written_by"], cell["role"]) == ("Jo Bennett", "lived-experience partner")
    send(widget, type="write", case="Zed", target="Contact", text="x")
    assert "no longer in the matrix" in widget.error
    send(widget, type="write", case="Ana", target="Contact", text="x" * 6000)
    assert "under 5,000" in widget.error


def test_analysis_matrix_shows_any_attribute_and_opens_a_cell(study):
    from workbench.widgets import AnalysisMatrix

    widget = AnalysisMatrix(study, by="site", measure="participants")
    assert widget.column_names == ["North", "South"] and "single_parent" in widget.attributes
    assert widget.values[widget.row_names.index("Contact")] == [2.0, 0.0]
    send(widget, type="open", row="Contact", column="North")
    assert sorted(p["speaker"] for p in widget.passages) == ["Ana", "Cal"]
    send(widget, type="show", by="role", measure="share", rows="codes")
    assert widget.column_names == ["carer", "provider", "service user"] and widget.chosen == {}
    send(widget, type="show", by="password", measure="share", rows="codes")
    assert widget.error == "Choose an attribute from the list."
    send(widget, type="open", row="Contact", column="Mars")
    assert "no longer in the table" in widget.error


def test_retrieval_filters_by_a_document_set_and_saves_it_with_the_query(study):
    study.import_bytes(b"Dee: Lonely at home.\n", "int_b.txt")
    text = study.document_text("int_b")
    study.apply_code("int_b", "Lonely", text.index("Lonely"), text.index(" at home"))
    study.add_document_set("Later", ["int_b"])
    widget = Retrieval(study, member="Alex Morgan")
    assert widget.document_sets == ["Later"]
    send(widget, type="run", query="Lonely", attribute="", value="", layer="everyone", document_set="Later")
    assert widget.error == "" and [row["document"] for row in widget.rows] == ["int_b"]
    send(widget, type="save", name="Lonely later")
    assert study.saved_query("Lonely later").document_set == "Later"
    send(widget, type="run", query="Lonely", attribute="", value="", layer="everyone", document_set="Secret")
    assert widget.error == "Choose a document set from the list."
    send(widget, type="run", query="Lonely", attribute="", value="", layer="everyone", document_set=5)
    assert widget.error == MALFORMED


def test_analysis_matrix_counts_in_a_document_set(study):
    from workbench.widgets import AnalysisMatrix

    study.import_bytes(b"[00:00:01] Ana: Lonely at home.\n", "int_b.txt")
    text = study.document_text("int_b")
    study.apply_code("int_b", "Lonely", text.index("Lonely"), text.index(" at home"))
    study.add_document_set("Later", ["int_b"])
    widget = AnalysisMatrix(study, by="role")
    assert widget.document_sets == ["Later"] and widget.values[widget.row_names.index("Lonely")][0] == 2.0
    send(widget, type="show", by="role", measure="passages", rows="codes", document_set="Later")
    assert widget.error == "" and widget.values[widget.row_names.index("Lonely")][0] == 1.0
    send(widget, type="open", row="Lonely", column="carer")
    assert [p["document"] for p in widget.passages] == ["int_b"]
    send(widget, type="show", by="role", measure="passages", rows="codes", document_set="Secret")
    assert widget.error == "Choose a document set from the list." and widget.document_set == "Later"
    widget.document_set = "Secret"  # what a visitor's browser can set: counted as all documents
    widget.refresh()
    assert widget.values[widget.row_names.index("Lonely")][0] == 2.0


def test_retrieval_keeps_to_a_code_set_and_saves_it_with_the_query(study):
    study.add_code_set("Feelings", ["Lonely"])
    widget = Retrieval(study, member="Alex Morgan")
    assert widget.code_sets == ["Feelings"]
    send(widget, type="run", query="", attribute="", value="", layer="everyone", code_set="Feelings")
    assert widget.error == "" and [r["text"] for r in widget.rows] == ["Nobody phoned me after. I felt alone",
                                                                       "Café was shut"]
    send(widget, type="run", query="Contact", attribute="role", value="carer", layer="everyone", code_set="Feelings")
    assert widget.error == "" and [r["text"] for r in widget.rows] == ["I felt alone"]
    send(widget, type="save", name="Carers' contact, feelings")
    saved = study.saved_query("Carers' contact, feelings")
    assert (saved.codes, saved.where) == ('(Contact) AND "set:Feelings"', {"role": "carer"})
    assert len(study.retrieve(saved)) == 1
    send(widget, type="run", query="Contact", attribute="", value="", layer="everyone", code_set="Secret")
    assert widget.error == "Choose a code set from the list." and widget.total == 1
    send(widget, type="run", query="Contact", attribute="", value="", layer="everyone", code_set=["Feelings"])
    assert widget.error == MALFORMED


def test_analysis_matrix_and_framework_matrix_take_their_codes_from_a_code_set(study):
    from workbench.widgets import AnalysisMatrix

    study.add_code_set("Care", ["Medicines", "Contact"])
    matrix = AnalysisMatrix(study, by="role")
    assert matrix.code_sets == ["Care"] and len(matrix.row_names) == 4
    send(matrix, type="show", by="role", measure="passages", rows="codes", code_set="Care")
    assert matrix.error == "" and matrix.row_names == ["Contact", "Medicines"]  # the codebook's order
    send(matrix, type="open", row="Medicines", column="service user")
    assert [p["text"] for p in matrix.passages] == ["The tablets were late"]
    for content, message in (({"rows": "themes", "code_set": "Care"}, "choose Codes as the rows"),
                             ({"rows": "codes", "code_set": "Secret"}, "Choose a code set from the list."),
                             ({"rows": "codes", "code_set": 3}, MALFORMED)):
        send(matrix, type="show", by="role", measure="passages", **content)
        assert matrix.error.startswith(message) or message in matrix.error
        assert matrix.row_names == ["Contact", "Medicines"]
    matrix.code_set = "Secret"  # what a visitor's browser can set: every code
    matrix.refresh()
    assert len(matrix.row_names) == 4

    framework = FrameworkMatrix(study, member="Jo Bennett", role="lived-experience partner")
    assert framework.code_sets == ["Care"]
    send(framework, type="show", code_set="Care")
    assert framework.error == "" and framework.targets == ["Contact", "Medicines"]
    send(framework, type="write", case="Ben", target="Medicines", text="Tablets late.")
    assert framework.error == "" and framework.cells[1][1] == "Tablets late."
    send(framework, type="write", case="Ben", target="Praise", text="x")  # not a column now
    assert "no longer in the matrix" in framework.error
    send(framework, type="show", code_set="Secret")
    assert framework.error == "Choose a code set from the list." and framework.targets == ["Contact", "Medicines"]
    send(framework, type="show", code_set="")
    assert len(framework.targets) == 4 and framework.cells[1][2] == "Tablets late."


def test_retrieval_shows_a_long_result_a_page_at_a_time(study):
    panel = CodingPanel(study, member="Alex Morgan")
    widget = Retrieval(study, member="Alex Morgan", panel=panel)
    widget.page_size = 2
    send(widget, type="run", query="Lonely OR Contact OR Praise", attribute="", value="", layer="everyone")
    total = widget.total
    assert total > 2 and widget.pages == -(-total // 2) and len(widget.rows) == 2
    send(widget, type="page", page=widget.pages - 1)
    last = widget.result["text"].iloc[2 * (widget.pages - 1):].tolist()
    assert widget.error == "" and [row["text"] for row in widget.rows] == last
    send(widget, type="open", index=0)
    assert "no longer in the result" in widget.error
    send(widget, type="open", index=widget.rows[0]["index"])
    assert widget.error == "" and panel.passage["start"] == widget.result["start"].iloc[widget.rows[0]["index"]]
    send(widget, type="page", page=widget.pages)
    assert "no page" in widget.error


def test_framework_matrix_keeps_to_a_document_set_and_its_passages(study):
    study.import_bytes(b"[00:00:01] Ana: Lonely at home.\n", "int_b.txt")
    text = study.document_text("int_b")
    study.apply_code("int_b", "Lonely", text.index("Lonely"), text.index(" at home"))
    study.add_document_set("Later", ["int_b"])
    widget = FrameworkMatrix(study, member="Alex Morgan")
    assert widget.document_sets == ["Later"] and len(widget.cases) > 1
    send(widget, type="show", code_set="", document_set="Later")
    assert widget.error == "" and widget.cases == ["Ana"] and "documents of Later" in widget.status
    send(widget, type="choose", case="Ana", target="Lonely")
    assert [p["text"] for p in widget.passages] == ["Lonely"]
    send(widget, type="write", case="Ana", target="Lonely", text="Alone at home.")
    cell = study.framework_cells().iloc[-1]
    assert widget.error == "" and cell["text"] == "Alone at home."
    assert [span[0] for span in cell["passages"]] == [study.document_id("int_b")]  # the set's passages only
    send(widget, type="show", code_set="", document_set="Secret")
    assert widget.error == "Choose a document set from the list." and widget.cases == ["Ana"]
    widget.document_set = "Secret"  # what a visitor's browser can set: every document
    widget.refresh()
    assert len(widget.cases) > 1
