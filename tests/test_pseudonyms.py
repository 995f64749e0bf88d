"""Pseudonyms (issue 9): real names replaced at import from a key kept elsewhere,
with a review list; the key never reaches the project or its exports."""

import zipfile

import pytest

from workbench.errors import ImportProblem

TRANSCRIPT = (
    "[00:00:01] Interviewer: Thanks, Margaret. Is it all right if I call you Maggie?\n"
    "[00:00:07] Margaret Hughes: Yes, everyone does. Mr Okafor from next door calls me Mrs Hughes, mind.\n"
    "[00:00:15] Interviewer: And Daniel Okafor helped when you got home?\n"
    "[00:00:21] Margaret Hughes: Daniel did, bless him. Margaret-the-nuisance, he calls me.\n"
)
KEY = "real name,pseudonym,also known as\nMargaret Hughes,Rowan,Margaret;Maggie;Mrs Hughes\nDaniel Okafor,Neighbour A,Daniel;Mr Okafor\n"
REAL = ["Margaret", "Maggie", "Hughes", "Daniel", "Okafor"]


@pytest.fixture
def key(tmp_path):
    path = tmp_path / "private" / "name-key.csv"
    path.parent.mkdir()
    path.write_text(KEY)
    return path


@pytest.fixture
def interview(tmp_path):
    path = tmp_path / "incoming" / "int09_margaret.txt"
    path.parent.mkdir()
    path.write_text(TRANSCRIPT)
    return path


def test_real_names_are_replaced_and_offsets_follow(project, key, interview, tmp_path):
    report, review = project.import_pseudonymised(interview, key)
    name = report.documents[0]
    assert name == "int09_Rowan"  # the file name carried her name too
    text = project.document_text(name)
    assert not any(real.lower() in text.lower() for real in REAL)
    assert "Thanks, Rowan. Is it all right if I call you Rowan?" in text
    assert "Neighbour A from next door calls me Rowan, mind." in text
    assert "Rowan-the-nuisance" in text  # a name joined by hyphens is still a name
    segments = project.segments(name)
    assert segments["speaker"].tolist() == ["Interviewer", "Rowan", "Interviewer", "Rowan"]
    assert segments["text"].tolist()[1] == "Yes, everyone does. Neighbour A from next door calls me Rowan, mind."
    assert segments["text"].tolist()[3] == "Neighbour A did, bless him. Rowan-the-nuisance, he calls me."
    in_text = review[review["offset"].notna()]
    assert sorted(in_text["found"]) == sorted(["Margaret", "Maggie", "Margaret Hughes", "Mr Okafor", "Mrs Hughes",
                                               "Daniel Okafor", "Margaret Hughes", "Daniel", "Margaret"])
    for row in in_text.itertuples():
        assert text[int(row.offset):int(row.offset) + len(row.replaced_by)] == row.replaced_by
        assert row.replaced_by in row.context
    assert set(review.loc[review["offset"].isna(), "found"]) == {"Margaret Hughes"}  # speaker labels


def test_the_key_never_reaches_the_project_or_an_export(project, project_path, key, interview, tmp_path):
    project.import_pseudonymised(interview, key)
    export = tmp_path / "exports" / "study.qdpx"
    export.parent.mkdir()
    project.export_refi(export)
    project.close()
    with zipfile.ZipFile(export) as archive:
        exported = b"".join(archive.read(entry) for entry in archive.namelist())
    for data in (project_path.read_bytes().lower(), exported.lower()):
        assert not any(real.lower().encode() in data for real in REAL)
        assert b"name-key" not in data  # not even the key's path


def test_a_key_beside_the_project_or_without_its_columns_is_refused(project, project_path, interview, tmp_path):
    beside = project_path.with_name("key.csv")
    beside.write_text(KEY)
    with pytest.raises(ImportProblem, match="same folder as the project"):
        project.import_pseudonymised(interview, beside)
    wrong = tmp_path / "private2" / "key.csv"
    wrong.parent.mkdir()
    wrong.write_text("name,alias\nMargaret Hughes,Rowan\n")
    with pytest.raises(ImportProblem, match="needs the columns 'real name' and 'pseudonym'"):
        project.import_pseudonymised(interview, wrong)
    wrong.write_text("real name,pseudonym\nMargaret Hughes,\n")
    with pytest.raises(ImportProblem, match="row 2 lacks a real name or a pseudonym"):
        project.import_pseudonymised(interview, wrong)
    assert project.documents().empty


def test_the_command_writes_the_review_list_beside_the_key(project_path, project, key, interview, capsys):
    from workbench.cli import main

    project.close()
    assert main(["import-pseudonymised", str(project_path), str(interview), "--key", str(key), "--member", "Alex Morgan"]) == 0
    review = key.with_name("review-int09_margaret.csv")
    assert "11 name(s) replaced" in capsys.readouterr().out and "Margaret Hughes" in review.read_text()
    assert main(["import-pseudonymised", str(project_path), str(interview), "--key", str(key.with_name("no.csv")),
                 "--member", "Alex Morgan"]) == 2
    assert capsys.readouterr().err.startswith("error: ")
