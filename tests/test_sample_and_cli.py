"""The sample study, the command line and the start notebook, as a user meets them."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from workbench import Project
from workbench.cli import main

REPO = Path(__file__).resolve().parent.parent
WORKBENCH = str(Path(sys.executable).with_name("workbench"))


def run_cli(*args, cwd=None):
    return subprocess.run([WORKBENCH, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_sample_study_holds_what_the_issue_promises(sample_project):
    with Project.open(sample_project) as project:
        counts = project.summary()
        documents = project.documents()
        codings = project.codings()
        members = project.members()
        interviews = documents[documents["kind"] == "interview"]
        words = [len(project.document_text(name).split()) for name in interviews["name"]]
    assert counts["documents_by_kind"] == {"focus group": 1, "interview": 6, "notes": 1, "one-line answers": 1,
                                           "poll": 1, "survey": 1, "workshop board": 1}  # notes: an image story
    assert all(1500 <= w <= 3200 for w in words), words
    assert set(documents["origin_filename"]) >= {"int05_grace.vtt", "int06_amina.docx"}
    assert documents.set_index("kind").loc["survey", "segments"] == 300
    assert documents.set_index("name").loc["board", "segments"] == 60
    roles = dict(zip(members["name"], members["role"]))
    coders = codings.groupby("member").size()
    assert roles["Jo Bennett"] == "lived-experience partner" and coders["Jo Bennett"] > 20
    assert coders["Alex Morgan"] > 20 and coders["Sam Reid"] > 20
    # every sample coding covers exactly the quoted words
    assert (codings["text"].str.len() == codings["end"] - codings["start"]).all()
    assert counts["participants"] == 9 and counts["memos"] >= 10


def test_demo_then_info_prints_the_counts(tmp_path):
    project = tmp_path / "study.db"
    built = run_cli("demo", "--project", project)
    assert built.returncode == 0, built.stderr
    shown = run_cli("info", project)
    assert shown.returncode == 0
    assert "interview: 6" in shown.stdout and "lived-experience partner: 1" in shown.stdout
    as_json = json.loads(run_cli("info", project, "--json").stdout)
    assert as_json["documents"] == 12 and as_json["codings"] > 700
    assert as_json["ideas"] == 6 and as_json["votes"] == 8 and as_json["themes"] == 4
    again = run_cli("demo", "--project", project)
    assert again.returncode == 2 and "--force" in again.stderr


def test_init_and_import_from_the_command_line(tmp_path):
    project = tmp_path / "p.db"
    assert run_cli("init", project, "--title", "Test", "--member", "Sam Reid").returncode == 0
    imported = run_cli("import", project, REPO / "sample_data/survey/discharge_survey.csv",
                       "--code-columns", "code:*", "--coder", "Sam Reid", "--member", "Sam Reid")
    assert imported.returncode == 0, imported.stderr
    assert "300 segment(s)" in imported.stdout
    counts = json.loads(run_cli("info", project, "--json").stdout)
    assert counts["members_by_role"] == {"researcher": 1} and counts["codes"] == 7


@pytest.mark.parametrize("args, message", [
    (["info", "missing.db"], "no project at missing.db"),
    (["import", "p.db", "nothing.txt", "--member", "Sam Reid"], "nothing.txt: does not exist"),
    (["import", "p.db", "empty.txt", "--member", "Sam Reid"], "empty.txt: is empty"),
    (["import", "p.db", "empty.txt"], "Missing option '--member'"),
    (["frobnicate"], "No such command"),
    (["import"], "Missing argument"),
    (["init", "p.db"], "exists already"),
    (["import", "p.db", "empty.txt", "--role", "boss"], "Invalid value for '--role'"),
])
def test_user_mistakes_exit_2_with_one_line(tmp_path, args, message):
    assert run_cli("init", tmp_path / "p.db").returncode == 0
    (tmp_path / "empty.txt").write_text("")
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert message.lower() in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_every_command_has_help_with_an_example(capsys):
    from workbench.cli import cli

    for name in cli.commands:
        assert main([name, "--help"]) == 0
        assert "Example" in capsys.readouterr().out


def test_start_notebook_runs_on_the_sample_project(tmp_path, sample_project):
    notebook = nbformat.read(REPO / "notebooks/01_start_here.ipynb", as_version=4)
    parameters = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    copy = tmp_path / "home-safe.db"
    shutil.copy(sample_project, copy)
    parameters[0].source = f"PROJECT = {str(copy)!r}"
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(REPO / "notebooks")}}).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    figures = [o for o in outputs if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert len(figures) == 2
    tables = "".join(o["data"].get("text/html", "") for o in outputs if "data" in o)
    assert "int01_rose" in tables and "Jo Bennett" in tables
