"""Matrices (issue 13): code x any attribute, code x code, code x document, each cell's
passages, and the figures with their tables."""

import pytest

from workbench import Project, WorkbenchError
from workbench.figures.analysis import matrix_bars, matrix_heatmap, matrix_table_alternative

from analysis_helpers import build_study


@pytest.fixture
def study(project):
    build_study(project)
    return project


def test_code_by_any_attribute_counts_passages_people_documents_and_shares(study):
    passages = study.matrix("role")
    assert list(passages.columns) == ["carer", "provider", "service user"]
    assert passages.loc["Lonely"].tolist() == [1, 0, 1]
    assert passages.loc["Contact"].tolist() == [1, 1, 0]
    by_site = study.matrix("site", "participants")
    assert by_site.loc["Contact"].to_dict() == {"North": 2, "South": 0}
    shares = study.matrix("site", "share")
    assert shares.loc["Lonely"].to_dict() == {"North": 0.5, "South": 1.0}  # Ana of Ana and Cal; Ben of Ben
    long = study.matrix_table("single_parent")
    yes = long[(long["row"] == "Contact") & (long["value"] == "yes")].iloc[0]
    assert (yes["passages"], yes["participants"], yes["documents"], yes["group_size"]) == (1, 1, 1, 1)
    assert study.matrix("participant").loc["Lonely"].to_dict() == {"Ana": 1, "Ben": 1, "Cal": 0}
    with pytest.raises(WorkbenchError, match="attribute 'colour'"):
        study.matrix("colour")
    with pytest.raises(WorkbenchError, match="counts passages"):
        study.matrix("role", "votes")


def test_every_cell_opens_its_passages(study):
    passages = study.matrix("role")
    for code in passages.index:
        for group in passages.columns:
            drilled = study.matrix_passages(code, group, by="role")
            assert len(drilled) == passages.loc[code, group], (code, group)
            assert set(drilled["role"]) <= {group}
    people = study.matrix("site", "participants")
    assert study.matrix_passages("Contact", "North", by="site")["speaker"].nunique() == people.loc["Contact", "North"]


def test_code_by_code_same_segment_and_overlapping(study):
    together = study.co_occurrence("same segment")
    assert together.loc["Lonely", "Medicines"] == 1 and together.loc["Medicines", "Lonely"] == 1
    assert together.loc["Lonely", "Contact"] == 1 and together.loc["Praise", "Lonely"] == 0
    overlapping = study.co_occurrence("overlapping")
    assert overlapping.loc["Lonely", "Contact"] == 1 and overlapping.loc["Lonely", "Medicines"] == 0
    assert len(study.matrix_passages("Lonely", with_code="Medicines")) == 2  # both passages in Ben's turn
    assert len(study.matrix_passages("Lonely", with_code="Medicines", how="overlapping")) == 0
    assert study.co_occurrence(layer="Jo Bennett").loc["Contact", "Contact"] == 1


def test_code_by_document_and_layers(study):
    study.import_bytes(b"Dee: I felt alone too.\n", "int_b.txt")
    text = study.document_text("int_b")
    study.as_member("Jo Bennett", "lived-experience partner").apply_code("int_b", "Lonely", 5, text.index(" too"))
    matrix = study.code_document_matrix()
    assert matrix.loc["Lonely"].to_dict() == {"int_a": 2, "int_b": 1}
    assert study.code_document_matrix(layer="Jo Bennett").loc["Lonely"].to_dict() == {"int_a": 0, "int_b": 1}
    assert study.matrix_passages("Lonely", document="int_b")["text"].tolist() == ["I felt alone"]


def test_theme_rows_join_their_codes(study):
    study.add_theme("Feeling cut off", "Alone and without a number.", ["Lonely", "Contact"])
    themes = study.matrix("role", rows="themes")
    assert themes.loc["Feeling cut off"].to_dict() == {"carer": 1, "provider": 1, "service user": 1}
    drilled = study.matrix_passages("Feeling cut off", "carer", by="role", rows="themes")
    assert drilled["text"].tolist() == ["Nobody phoned me after. I felt alone and I wanted one number to ring"]


def test_figures_print_their_numbers_with_a_table_beside(study):
    shares = study.matrix("role", "share")
    heatmap = matrix_heatmap(shares, "share")
    assert "100%" in [cell for row in heatmap.data[0].text for cell in row]
    bars = matrix_bars(study.matrix("role"), "passages")
    assert {trace.name for trace in bars.data} == {"carer", "provider", "service user"}
    assert len({trace.marker.pattern.shape for trace in bars.data}) == 3  # a second cue besides colour
    table = matrix_table_alternative(shares, "share")
    assert table.set_index("code").loc["Lonely", "carer"] == "100%"


def test_hostile_names_are_escaped_in_figures(project):
    project.import_bytes(b"pseudonym,role\nEve,<script>x</script>\n", "people.csv")
    project.import_bytes(b"Eve: hello there\n", "int_e.txt")
    project.add_code("$x$ <b>code</b>")
    project.apply_code("int_e", "$x$ <b>code</b>", 5, 10)
    figure = matrix_heatmap(project.matrix("role"))
    assert "&lt;script&gt;" in figure.data[0].x[0] and figure.data[0].y[0].startswith("&#36;x$ &lt;b&gt;")


def test_sample_study_matrices_use_any_group(sample_project):
    with Project.open(sample_project) as project:
        by_site = project.matrix("site", "participants")
        by_role = project.matrix("role")
        per_code = {code: project.retrieve(f'"{code}"')["role"].notna().sum() for code in by_role.index}
    assert set(by_site.columns) == {"Northbrook General", "Eastfield Community Hospital"}
    assert by_role.sum(axis=1).to_dict() == per_code


def test_command_line_matrix_and_framework(tmp_path, capsys):
    import json

    from openpyxl import load_workbook

    from workbench.cli import main

    path = tmp_path / "study.db"
    with Project.create(path, member="Alex Morgan") as project:
        build_study(project)
        project.write_framework_cell("Ana", "Lonely", "Alone after.")
    assert main(["matrix", str(path), "--by", "site", "--count", "share", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["Lonely"] == {"North": 0.5, "South": 1.0}
    assert main(["matrix", str(path), "--by", "colour"]) == 2
    assert "attribute 'colour'" in capsys.readouterr().err
    assert main(["framework", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["text"] == "Alone after."
    assert main(["framework", str(path), "--export", str(tmp_path / "f.xlsx")]) == 0
    assert load_workbook(tmp_path / "f.xlsx").sheetnames == ["Other codes"]
