"""Issue 13, what was left: a code in a query brings its sub-codes unless the query
says exact (=Code, subcodes=False, --exact); attributes imported later from a CSV
(logged, all or nothing, plain errors); exports of any analysis table keep the safe
cells of the report. SQLite and PostgreSQL."""

import json

import pandas as pd
import pytest

from workbench import Project
from workbench.analysis.query import Query, parse
from workbench.cli import main
from workbench.errors import ImportProblem

from analysis_helpers import build_study


@pytest.fixture
def study(backend_project):
    build_study(backend_project)
    # any codebook: "Feeling let down" under "Contact", and "Nobody rang" under that
    backend_project.add_code("Feeling let down", parent="Contact")
    backend_project.add_code("Nobody rang", parent="Feeling let down")
    text = backend_project.document_text("int_a")
    for code, words in (("Feeling let down", "The tablets were late"), ("Nobody rang", "Nobody phoned me")):
        start = text.index(words)
        backend_project.apply_code("int_a", code, start, start + len(words))
    return backend_project


def texts(frame: pd.DataFrame) -> list[str]:
    return frame["text"].tolist()


def test_a_code_brings_its_sub_codes_at_every_depth_unless_exact(study):
    whole = texts(study.retrieve("Contact"))
    assert "The tablets were late" in whole  # a child
    assert any(text.startswith("Nobody phoned me") for text in whole)  # a grandchild
    alone = texts(study.retrieve("=Contact"))
    assert alone == ["I felt alone and I wanted one number to ring", "phone everyone"]
    assert texts(study.retrieve('="Contact"')) == alone == texts(study.retrieve("Contact", subcodes=False))
    assert texts(study.retrieve("Feeling let down")) == ["Nobody phoned me", "The tablets were late"]
    assert texts(study.retrieve("=Feeling let down")) == ["The tablets were late"]
    # in a combination, exact and widened codes mix: Medicines AND the child only
    assert texts(study.retrieve("Medicines AND =Feeling let down")) == ["The tablets were late"]
    assert texts(study.retrieve("Medicines AND =Contact")) == []
    assert "Feeling let down" in study.retrieve("Contact")["codes"].str.cat(sep="; ")
    study.add_code_set("People", ["Contact"])
    assert "The tablets were late" in texts(study.retrieve("set:People"))
    assert "The tablets were late" not in texts(study.retrieve("set:People", subcodes=False))
    # exact is plain data, saved with the query
    assert parse("=Contact OR Lonely") == ["or", ["exact", "Contact"], ["code", "Lonely"]]
    study.save_query("Contact alone", "Contact", subcodes=False)
    saved = study.saved_query("Contact alone")
    assert saved.subcodes is False and Query.from_json(saved.to_json()) == saved
    assert texts(study.retrieve(saved)) == texts(study.retrieve("=Contact"))
    assert Query.from_dict({"codes": "Contact"}).subcodes is True  # queries saved before keep their meaning
    # a matrix cell counts its own code's passages: what its drill-down shows
    matrix = study.matrix("role")
    for code in ("Contact", "Feeling let down"):
        for role, count in matrix.loc[code].items():
            assert len(study.matrix_passages(code, role, by="role")) == count


def test_attributes_from_a_csv_for_documents_and_participants(study, tmp_path):
    waves = tmp_path / "waves.csv"
    waves.write_text("document,wave,interviewer\nint_a,2,Sam\n", encoding="utf-8")
    assert study.import_attributes(waves, of="documents")["changed"] == 1
    assert study.attributes("documents").set_index("name").loc["int_a", "wave"] == "2"
    assert len(study.retrieve("Lonely", where={"wave": "2"})) == 2
    people = tmp_path / "people-more.csv"  # names matched regardless of case and spacing; an empty cell keeps
    people.write_text("Pseudonym,site,lives_alone,consent\n ana ,,yes,withdrawn\nBen,East,no,given\n",
                      encoding="utf-8-sig")
    summary = study.import_attributes(people)
    assert (summary["rows"], summary["changed"], summary["left_out"]) == (2, 2, ["consent"])
    table = study.attributes().set_index("pseudonym")
    assert table.loc["Ana", "site"] == "North" and table.loc["Ana", "lives_alone"] == "yes"
    assert table.loc["Ben", "site"] == "East" and table.loc["Ana", "consent"] == "given"  # consent is not an attribute
    events = study.events()
    assert (events["action"] == "participant.attributes").sum() == 3  # one per cell: Ana 1, Ben 2
    assert (events["action"] == "attributes.import").sum() == 2
    assert set(events.loc[events["action"] == "attributes.import", "actor"]) == {"Alex Morgan"}
    before = (study.attributes().to_json(), len(study.events()))
    people.write_text("pseudonym,site\nCal,West\nZed,West\n", encoding="utf-8")
    with pytest.raises(ImportProblem, match=r"people-more\.csv: row 3 names 'Zed'.*nothing was changed"):
        study.import_attributes(people)
    assert (study.attributes().to_json(), len(study.events())) == before


BAD_FILES = [
    ("pseudonym,site\nAna,East\nana,West\n", r"people\.csv: has more than one row for 'Ana'"),
    ("who,site\nAna,East\n", r"people\.csv: has no column for the participant .*pseudonym"),
    ("pseudonym\nAna\n", r"people\.csv: has no attribute columns"),
    ("pseudonym,site\n,East\n", r"people\.csv: row 2 names no participant"),
    ("", r"people\.csv: "),
]


def test_a_bad_file_is_one_plain_sentence_and_changes_nothing(tmp_path):
    with Project.create(tmp_path / "study.db", member="Alex Morgan") as study:
        build_study(study)
        before = (study.attributes().to_json(), len(study.events()))
        path = tmp_path / "people.csv"
        for content, message in BAD_FILES:
            path.write_text(content, encoding="utf-8")
            with pytest.raises(ImportProblem, match=message):
                study.import_attributes(path)
        path.write_bytes(b"\x00\x01\x02binary\xff" * 50)
        with pytest.raises(ImportProblem, match="people.csv"):
            study.import_attributes(path)
        assert (study.attributes().to_json(), len(study.events())) == before


def test_command_line_attributes_and_exact(tmp_path, capsys):
    path = tmp_path / "study.db"
    with Project.create(path, member="Alex Morgan") as project:
        build_study(project)
    sites = tmp_path / "sites.csv"
    sites.write_text("pseudonym,site\nCal,West\n", encoding="utf-8")
    assert main(["attributes", str(path), str(sites), "--for", "participants", "--member", "Alex Morgan"]) == 0
    assert "1 row(s) read, 1 participants changed (site)" in capsys.readouterr().out
    sites.write_text("pseudonym,site\nNobody,West\n", encoding="utf-8")
    assert main(["attributes", str(path), str(sites), "--for", "participants", "--member", "Alex Morgan"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: sites.csv: row 2 names 'Nobody'") and error.count("\n") == 1
    assert main(["attributes", str(path), str(tmp_path / "none.csv"), "--for", "documents",
                 "--member", "Alex Morgan"]) == 2
    assert "does not exist" in capsys.readouterr().err
    with Project.open(path, member="Alex Morgan") as project:
        assert project.attributes().set_index("pseudonym").loc["Cal", "site"] == "West"
        project.add_code("Feeling let down", parent="Contact")
        text = project.document_text("int_a")
        project.apply_code("int_a", "Feeling let down", text.index("The tablets"), text.index(" were late"))
    assert main(["retrieve", str(path), "Contact", "--exact", "--json"]) == 0
    assert [row["text"] for row in json.loads(capsys.readouterr().out)] == [
        "I felt alone and I wanted one number to ring", "phone everyone"]
    assert main(["retrieve", str(path), "Contact", "--json"]) == 0
    assert "The tablets" in [row["text"] for row in json.loads(capsys.readouterr().out)]


def test_every_analysis_export_keeps_the_safe_cells(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "study.db"
    with Project.create(path, member="Alex Morgan") as project:
        build_study(project)
        project.set_attributes({"Ana": {"site": "+North"}, "Ben": {"site": "@South"}})
        project.add_code("=HYPERLINK(1)")
        text = project.document_text("int_a")
        project.apply_code("int_a", "=HYPERLINK(1)", text.index("Café"), text.index("Café") + 4)
    assert main(["matrix", str(path), "--by", "site", "--export", str(tmp_path / "matrix.xlsx")]) == 0
    assert main(["matrix", str(path), "--by", "site", "--export", str(tmp_path / "matrix.csv")]) == 0
    assert main(["search", str(path), "=1+1", "--export", str(tmp_path / "hits.csv")]) == 0
    book = load_workbook(tmp_path / "matrix.xlsx")
    cells = [cell.value for row in book.active.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert {"'=HYPERLINK(1)", "'+North", "'@South"} <= set(cells)
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    matrix_csv = (tmp_path / "matrix.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(1)" in matrix_csv and "'+North" in matrix_csv
    hits = pd.read_csv(tmp_path / "hits.csv", encoding="utf-8-sig", dtype=str)
    assert hits["hit"].tolist() == ["'=1+1"]
