"""Issue 13: named document sets and code sets filter the matrices and the framework as
they filter retrieval and search: a document set keeps its documents' passages (and the
cases in them), a code set gives the rows; a cell's drill-down keeps the same set."""

import pytest

from workbench.cli import main
from workbench.errors import WorkbenchError

from analysis_helpers import build_study


@pytest.fixture
def study(project):
    build_study(project)
    project.import_bytes(b"[00:00:01] Ana: Lonely again at home.\n", "int_b.txt")
    text = project.document_text("int_b")
    project.apply_code("int_b", "Lonely", text.index("Lonely again"), text.index(" at home"))
    project.add_document_set("First", ["int_a"])
    project.add_document_set("Second", ["int_b"])
    project.add_code_set("People", ["Contact", "Lonely"])
    return project


def test_a_document_set_and_a_code_set_filter_the_matrices(study):
    assert study.matrix("role").loc["Lonely", "carer"] == 2
    first = study.matrix("role", document_set="First")
    assert first.loc["Lonely", "carer"] == 1 and first.loc["Contact", "provider"] == 1
    assert len(study.matrix_passages("Lonely", "carer", by="role", document_set="First")) == 1
    assert len(study.matrix_passages("Lonely", "carer", by="role")) == 2
    assert study.matrix("role", code_set="People").index.tolist() == ["Lonely", "Contact"]  # codebook order
    assert study.code_document_matrix(document_set="First").columns.tolist() == ["int_a"]
    second = study.co_occurrence(document_set="Second", code_set="People")
    assert second.loc["Lonely", "Lonely"] == 1 and second.loc["Contact", "Contact"] == 0
    with pytest.raises(WorkbenchError, match="code set gives the rows"):
        study.matrix("role", rows="themes", code_set="People")
    with pytest.raises(WorkbenchError, match="no document set 'Nope'"):
        study.matrix("role", document_set="Nope")


def test_a_document_set_keeps_its_cases_in_the_framework(study, project_path, capsys):
    assert study.framework(cases="documents", document_set="First").index.tolist() == ["int_a"]
    assert study.framework(document_set="First").index.tolist() == ["Ana", "Ben", "Cal"]
    second = study.framework(document_set="Second", code_set="People")
    assert second.index.tolist() == ["Ana"] and second.columns.tolist() == ["Lonely", "Contact"]
    assert second.loc["Ana", "Contact"] == "nothing said" and second.loc["Ana", "Lonely"] == ""
    study.close()
    assert main(["matrix", str(project_path), "--by", "role", "--set", "First", "--code-set", "People", "--json"]) == 0
    assert '"carer": 1' in capsys.readouterr().out
