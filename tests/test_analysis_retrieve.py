"""Retrieval (issue 13): each operator, attribute filters, layers, saved queries,
exports read back, the command line; on SQLite and PostgreSQL."""

import json

import pandas as pd
import pytest

from workbench import Project, WorkbenchError
from workbench.analysis.query import Query, parse
from workbench.cli import main

from analysis_helpers import build_study


@pytest.fixture
def study(backend_project):
    build_study(backend_project)
    return backend_project


def words(frame: pd.DataFrame) -> list[str]:
    return frame["text"].tolist()


def test_each_operator_finds_exactly_its_words(study):
    assert words(study.retrieve("Lonely AND Contact")) == ["I felt alone"]
    assert words(study.retrieve("Lonely OR Contact")) == [
        "Nobody phoned me after. I felt alone and I wanted one number to ring", "Café was shut", "phone everyone"]
    assert words(study.retrieve("Lonely NOT Contact")) == ["Nobody phoned me after. ", "Café was shut"]
    assert words(study.retrieve("Lonely AND NOT Contact")) == ["Nobody phoned me after. ", "Café was shut"]
    assert words(study.retrieve("Lonely OVERLAPPING Contact")) == [
        "Nobody phoned me after. I felt alone and I wanted one number to ring"]
    assert words(study.retrieve("Lonely SAME SEGMENT Medicines")) == ["The tablets were late", "Café was shut"]
    assert words(study.retrieve("Lonely SAME SEGMENT Praise")) == []
    assert words(study.retrieve("Medicines WITHIN 0 WORDS Lonely")) == ["The tablets were late. Café was shut"]
    # "We try to" lies between Ben's shut café and Cal's "phone everyone": three words
    assert words(study.retrieve("Lonely NEAR 2 Contact", where={"participant": ["Ben", "Cal"]})) == []
    near = study.retrieve("Lonely WITHIN 3 WORDS Contact", where={"participant": ["Ben", "Cal"]})
    assert words(near) == ["Café was shut.", "We try to phone everyone"]  # cut at the turns' edges
    uncoded = study.retrieve("NOT (Lonely OR Contact OR Medicines OR Praise)")
    assert "Tell me about leaving." in words(uncoded) and "We try to " in words(uncoded)


def test_rows_carry_turn_speaker_attributes_time_codes_and_coders(study):
    found = study.retrieve("Contact OR Lonely")
    ana = found.iloc[0]
    assert ana["turn"] == "Nobody phoned me after. I felt alone and I wanted one number to ring."
    assert (ana["speaker"], ana["role"], ana["site"], ana["single_parent"]) == ("Ana", "carer", "North", "yes")
    assert ana["time"] == 5.0
    assert ana["codes"] == "Contact; Lonely"
    assert ana["coders"] == "Alex Morgan; Jo Bennett"  # the consensus layer is not "everyone"
    text = study.document_text("int_a")
    assert all(text[row.start:row.end] == row.text for row in found.itertuples())


def test_filters_by_any_participant_or_document_attribute(study):
    assert words(study.retrieve("Lonely OR Contact", where={"role": "carer"})) == [
        "Nobody phoned me after. I felt alone and I wanted one number to ring"]
    assert words(study.retrieve("Lonely OR Contact", where={"site": "north", "single_parent": "no"})) == [
        "phone everyone"]
    study.set_attributes({"int_a": {"wave": "2"}}, of="documents")
    assert len(study.retrieve("Lonely", where={"wave": "2"})) == 2
    assert len(study.retrieve("Lonely", where={"document.wave": "1"})) == 0
    assert len(study.retrieve("Lonely", documents=["int_a"])) == 2
    with pytest.raises(WorkbenchError, match="an attribute 'colour'.*role"):
        study.retrieve("Lonely", where={"colour": "red"})


def test_layers_mine_one_member_everyone_consensus(study):
    assert words(study.retrieve("Contact", layer="Jo Bennett")) == ["one number to ring"]
    assert words(study.retrieve("Contact", layer="consensus")) == ["wanted one number"]
    mine = study.as_member("Alex Morgan").retrieve("Contact", layer="mine")
    assert words(mine) == ["I felt alone and I wanted one number to ring", "phone everyone"]
    assert set(study.retrieve("Contact", layer="all")["coders"]) == {"Alex Morgan; Consensus; Jo Bennett",
                                                                       "Alex Morgan"}
    with pytest.raises(WorkbenchError, match="not a member"):
        study.retrieve("Contact", layer="Nobody Here")


def test_bad_queries_are_plain_errors(study):
    for bad, why in [("Lonely AND", "code name is missing"), ("(Lonely OR Contact", "not closed"),
                     ("Lonely WITHIN Contact", "number of words"), ("Lonel", None), ("Loneliness", "no code")]:
        if why is None:
            assert words(study.retrieve(bad)) == words(study.retrieve("Lonely"))  # a unique start of a name
            continue
        with pytest.raises(WorkbenchError, match=why):
            study.retrieve(bad)


def test_a_query_is_plain_data_saved_by_name(study):
    query = Query("Lonely OR Contact", where={"role": ["carer", "provider"]}, layer="everyone")
    assert Query.from_json(query.to_json()) == query
    assert parse('"Lonely" WITHIN 5 WORDS (Contact OR NOT Praise)') == [
        "within", 5, ["code", "Lonely"], ["or", ["code", "Contact"], ["not", ["code", "Praise"]]]]
    study.save_query("Carers and staff on contact", query)
    again = study.saved_query("Carers and staff on contact")
    assert again == query
    pd.testing.assert_frame_equal(study.retrieve(again), study.retrieve(query))
    assert words(study.retrieve(again)) == ["Nobody phoned me after. I felt alone and I wanted one number to ring",
                                            "phone everyone"]
    assert study.saved_queries()["created_by"].tolist() == ["Alex Morgan"]
    assert study.events()["action"].str.startswith("query.save").any()


def test_document_and_code_sets_filter_and_combine(study):
    study.import_bytes(b"Dee: I felt alone too.\n", "int_b.txt")
    text = study.document_text("int_b")
    study.apply_code("int_b", "Lonely", text.index("I felt"), text.index("too"))
    assert len(study.retrieve("Lonely")) == 3
    study.add_document_set("Second wave", ["int_b"])
    assert words(study.retrieve("Lonely", document_set="Second wave")) == ["I felt alone "]
    study.add_code_set("Feelings", ["Lonely", "Praise"])
    assert words(study.retrieve("set:Feelings", where={"participant": "Ben"})) == ["Café was shut", "=1+1 was my joke"]
    study.add_document_set("Where contact came up", query="Contact")
    assert study.set_members("Where contact came up")["name"].tolist() == ["int_a"]
    assert set(study.sets()["name"]) == {"Second wave", "Feelings", "Where contact came up"}
    with pytest.raises(WorkbenchError, match="no document 'int_z'"):
        study.add_document_set("Broken", ["int_a", "int_z"])
    assert "Broken" not in set(study.sets()["name"])


def test_exports_to_csv_excel_and_word_read_back_with_safe_cells(study, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    found = study.retrieve("Praise OR Lonely")
    csv_path = study.export_passages(found, tmp_path / "passages.csv")
    back = pd.read_csv(csv_path, encoding="utf-8-sig")
    assert "'=1+1 was my joke" in back["Coded words"].tolist() and "Café was shut" in back["Coded words"].tolist()
    book = load_workbook(study.export_passages(found, tmp_path / "passages.xlsx"))
    cells = [cell.value for row in book.active.iter_rows() for cell in row]
    assert "'=1+1 was my joke" in cells and not any(str(c).startswith("=") for c in cells if c)
    word = Document(study.export_passages(found, tmp_path / "passages.docx"))
    assert "Café was shut" in [cell.text for cell in word.tables[0].columns[-2].cells]
    assert len(study.artefacts()) == 3  # a withdrawal will list them as stale
    with pytest.raises(WorkbenchError, match="end the name with .docx, .xlsx or .csv"):
        study.export_passages(found, tmp_path / "passages.pdf")


def test_command_line_retrieve_prints_rows_and_json(tmp_path, capsys):
    path = tmp_path / "study.db"
    with Project.create(path, member="Alex Morgan") as project:
        build_study(project)
    assert main(["retrieve", str(path), "Lonely OR Contact", "--where", "role=carer", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["text"] for row in rows] == ["Nobody phoned me after. I felt alone and I wanted one number to ring"]
    assert rows[0]["speaker"] == "Ana" and rows[0]["codes"] == "Contact; Lonely"
    assert main(["retrieve", str(path), "Lonely", "--export", str(tmp_path / "out.xlsx")]) == 0
    assert (tmp_path / "out.xlsx").exists()
    assert main(["retrieve", str(path), "Lonely AND"]) == 2
    assert capsys.readouterr().err.startswith("error: Cannot read the query")
    assert main(["retrieve", str(path), "Lonely", "--where", "role"]) == 2


def test_sample_study_retrieval_by_any_group(sample_project):
    with Project.open(sample_project) as project:
        everyone = project.retrieve()  # no codes named: every coded passage
        carers = project.retrieve(where={"role": "carer"})
        people = project.participants()
    carers_names = set(people.loc[people["role"] == "carer", "pseudonym"])
    assert 0 < len(carers) < len(everyone)
    assert set(carers["speaker"]) <= carers_names
    assert set(everyone.loc[everyone["speaker"].isin(carers_names), "text"]) == set(carers["text"])


def test_a_change_by_anyone_is_seen_by_the_next_query(study, store_target):
    assert len(study.retrieve("Praise")) == 1
    with Project.open(store_target, member="Jo Bennett", role="lived-experience partner") as elsewhere:
        text = elsewhere.document_text("int_a")
        elsewhere.apply_code("int_a", "Praise", text.index("We try"), text.index(" to phone"))
    assert words(study.retrieve("Praise")) == ["We try", "=1+1 was my joke"]
    study.apply_code("int_a", "Praise", text.index("Tell me"), text.index(" about"))
    assert len(study.retrieve("Praise")) == 3
