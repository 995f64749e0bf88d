"""One person, one member (issue 18): names match without regard to case and spacing,
a role that is not the member's own is refused, commands never invent members (the
login name, "workbench"), and machine layers are never shown as people."""

from __future__ import annotations

import getpass
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import Project
from workbench.errors import WorkbenchError

WORKBENCH = str(Path(sys.executable).with_name("workbench"))
TRANSCRIPT = "Rose: I waited all day for my tablets.\nNurse: Nobody told us she was going home.\n"


def run_cli(*args):
    return subprocess.run([WORKBENCH, *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.fixture
def coded(backend_project, tmp_path):
    (tmp_path / "rose.txt").write_text(TRANSCRIPT)
    backend_project.import_file(tmp_path / "rose.txt")
    backend_project.add_code("Waiting")
    backend_project.acting_as("Jo Bennett", "lived-experience partner").apply_code("rose", "Waiting", 6, 20)
    return backend_project


def test_names_match_without_regard_to_case_and_spacing(coded):
    again = coded.acting_as("  jo   BENNETT ", None)
    assert again.actor.name == "Jo Bennett" and again.actor.role == "lived-experience partner"
    again.apply_code("rose", "Waiting", 21, 38)
    members = coded.members()
    assert members["name"].tolist() == ["Alex Morgan", "Jo Bennett"]
    assert set(coded.codings()["member"]) == {"Jo Bennett"}
    assert set(coded.events()["actor"]) == {"Alex Morgan", "Jo Bennett"}
    # a new member's name is kept tidy
    coded.acting_as("  Sam   Reid ", "researcher").add_code("Named contact")
    assert "Sam Reid" in coded.members()["name"].tolist()


def test_a_role_that_is_not_the_members_own_is_one_plain_error(coded):
    with pytest.raises(WorkbenchError, match="Jo Bennett is a lived-experience partner in this project, not a researcher"):
        coded.acting_as("jo bennett", "researcher")
    with pytest.raises(WorkbenchError, match="not a facilitator"):
        coded.as_member("ALEX MORGAN", "facilitator")
    assert coded.actor.name == "Alex Morgan"
    assert len(coded.members()) == 2


def test_voting_and_ideas_find_members_by_any_spelling_and_only_people(coded):
    coded.acting_as("Topic model", "machine").apply_code("rose", "Waiting", 0, 4)
    idea = coded.capture_idea(text="A named contact.", proposed_by="jo bennett")
    assert coded.ideas().set_index("id").loc[idea, "proposed_by"] == "Jo Bennett"
    with pytest.raises(WorkbenchError, match="not a person"):
        coded.update_idea(idea, owner="topic model")
    with pytest.raises(WorkbenchError, match="not a person"):
        coded.settle("rose", "Waiting", segment=0, merge=True, agreed_by=["Topic model"])
    coded.settle("rose", "Waiting", segment=0, merge=True, agreed_by=["alex morgan", "JO BENNETT"])
    assert coded.settlements()["agreed_by"].tolist() == [["Alex Morgan", "Jo Bennett"]]
    shown = coded.contributions()
    assert not shown["role"].isin(["machine", "consensus"]).any()
    assert set(shown["member"]) <= {"Alex Morgan", "Jo Bennett"}
    assert set(coded.contribution_by_role()["role"]) <= {"researcher", "lived-experience partner"}


def test_exports_made_with_nobody_named_create_no_member(coded, tmp_path):
    reader = Project(coded.store)  # the same project, with nobody said to be working
    reader.export_refi(tmp_path / "out.qdpx")
    reader.backup(tmp_path / "saved.db")
    assert "workbench" not in coded.members()["name"].str.lower().tolist()
    made = coded.artefacts()
    assert made["kind"].tolist() == ["export", "backup"] and made["made_by"].tolist() == ["", ""]
    logged = coded.events().query("action == 'artefact.record'")
    assert logged["actor"].tolist() == ["workbench", "workbench"] and logged["member_id"].isna().all()


def test_commands_record_the_member_they_are_given_never_the_login_name(tmp_path):
    project = tmp_path / "study.db"
    (tmp_path / "rose.txt").write_text(TRANSCRIPT)
    created = run_cli("init", project, "--title", "Study")
    assert created.returncode == 0 and "no members yet" in created.stdout
    missing = run_cli("import", project, tmp_path / "rose.txt")
    assert missing.returncode == 2 and "--member" in missing.stderr and len(missing.stderr.splitlines()) == 1
    assert run_cli("import", project, tmp_path / "rose.txt", "--member", "Alex Morgan").returncode == 0
    (tmp_path / "notes.txt").write_text("Alex: The ward was busy.\n")
    again = run_cli("import", project, tmp_path / "notes.txt", "--member", "alex  morgan")
    assert again.returncode == 0, again.stderr
    wrong = run_cli("undo", project, "--member", "Alex Morgan", "--role", "facilitator")
    assert wrong.returncode == 2 and "not a facilitator" in wrong.stderr and "Traceback" not in wrong.stderr
    assert run_cli("export", project, tmp_path / "out.qdpx").returncode == 0
    assert run_cli("publish", project, tmp_path / "published").returncode == 0
    policy = run_cli("withdrawal-policy", project, "keep-analysed")
    assert policy.returncode == 2 and "--member" in policy.stderr
    with Project.open(project) as opened:
        names = opened.members()["name"].tolist()
    assert names == ["Alex Morgan"]
    assert getpass.getuser() not in names


def test_widgets_take_the_members_name_as_the_project_writes_it(coded):
    from workbench.widgets.people import canonical_name

    assert canonical_name(coded, "jo bennett") == "Jo Bennett"
    assert canonical_name(coded, "Someone New") == "Someone New"


def test_an_older_project_gains_artefacts_made_by_nobody(project, project_path, tmp_path):
    project.backup(tmp_path / "first.db")
    project.close()
    with sqlite3.connect(project_path) as conn:  # as before migration 0014: made_by required
        conn.execute("ALTER TABLE artefacts RENAME TO old")
        conn.execute("CREATE TABLE artefacts (id INTEGER PRIMARY KEY, kind VARCHAR(20) NOT NULL, path VARCHAR(1000) "
                     "NOT NULL, made_at VARCHAR(40) NOT NULL, made_by INTEGER NOT NULL REFERENCES members (id), "
                     "stale_since VARCHAR(40), stale_reason TEXT)")
        conn.execute("INSERT INTO artefacts SELECT * FROM old")
        conn.execute("DROP TABLE old")
        conn.execute("DELETE FROM schema_migrations WHERE name = '0014_partner_ready'")
    with Project.open(project_path) as reopened:
        reopened.backup(tmp_path / "second.db")
        assert reopened.artefacts()["made_by"].tolist() == ["Alex Morgan", ""]
