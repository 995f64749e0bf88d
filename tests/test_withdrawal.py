"""Withdrawal that erases (issue 9): the canary proof, offsets kept, the policy, the CLI."""

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from workbench import Project
from workbench.cli import main
from workbench.errors import WorkbenchError
from workbench.store.schema import embedding_cache, events, topic_assignments

CANARIES = [
    "the quokkatangerine ladder 7301",
    "velvethailstone crumpet 4482",
    "a zeppelinmarmalade sermon 9917",
    "the obsidianpelican waltz 2256",
    "saffronglacier thimble 6638",
]
TOKENS = [word for phrase in CANARIES for word in phrase.split() if len(word) > 12]  # made-up words

TRANSCRIPT = "\n".join([
    "[00:00:01] Interviewer: Thanks for talking to me about coming home from hospital.",
    f"[00:00:09] Wren: When I came home {CANARIES[0]} was all I could think about.",
    "[00:00:20] Interviewer: What happened with your tablets on the day?",
    f"[00:00:31] Wren: The pharmacy said {CANARIES[1]}, and then nothing for hours.",
    "[00:00:45] Interviewer: And your family?",
    f"[00:00:52] Wren: My son kept saying {CANARIES[2]} down the phone.",
    "[00:01:05] Interviewer: Who helped you settle in at home?",
    f"[00:01:14] Wren: Nobody, just {CANARIES[3]} and the neighbour.",
    "[00:01:30] Interviewer: Is there anything else you would change?",
    f"[00:01:41] Wren: Tell people plainly, {CANARIES[4]}, and give them a number to ring.",
    "[00:01:58] Interviewer: Thank you, that is really helpful for the project.",
]) + "\n"


def _wren_project(tmp_path: Path, sample_project: Path) -> Path:
    path = tmp_path / "study" / "home-safe.db"
    path.parent.mkdir()
    shutil.copy(sample_project, path)
    (tmp_path / "people.csv").write_text("pseudonym,role,site\nWren,service user,Northbrook General\n")
    (tmp_path / "int07_wren.txt").write_text(TRANSCRIPT, encoding="utf-8")
    with Project.open(path, member="Alex Morgan") as project:
        project.import_file(tmp_path / "people.csv")
        project.import_file(tmp_path / "int07_wren.txt")
    return path


def _hits(data: bytes) -> list[str]:
    lowered = data.lower()
    found = [phrase for phrase in CANARIES if phrase.encode() in lowered]
    return found + [token for token in TOKENS if token.encode() in lowered]


def _hits_in_file(path: Path) -> list[str]:
    data = path.read_bytes()
    found = _hits(data)
    if zipfile.is_zipfile(path):  # .qdpx: search the compressed entries as well
        with zipfile.ZipFile(path) as archive:
            for entry in archive.namelist():
                found += _hits(archive.read(entry))
    return found


@pytest.fixture(scope="module")
def canary_study(tmp_path_factory, sample_project):
    """Wren's five canaries imported, coded, quoted in a memo, embedded and in a topic
    run, exported and snapshotted; then Wren withdraws (deleting the stale files)."""
    tmp_path = tmp_path_factory.mktemp("canary")
    path = _wren_project(tmp_path, sample_project)
    out = tmp_path / "out"
    out.mkdir()
    with Project.open(path, member="Alex Morgan") as project:
        wren = project.segments("int07_wren")
        theirs = wren[wren["speaker"] == "Wren"]
        interviewer = wren[wren["speaker"] == "Interviewer"]
        project.add_code("Canary", definition="Planted for the withdrawal proof.")
        for row in theirs.itertuples():
            project.apply_code("int07_wren", "Canary", int(row.start), int(row.end))
        spanning = project.apply_code("int07_wren", "Communication", int(interviewer.iloc[1].start),
                                      int(theirs.iloc[1].end))  # the interviewer's question and Wren's answer
        kept = project.apply_code("int07_wren", "Communication", int(interviewer.iloc[4].start),
                                  int(interviewer.iloc[4].end))
        project.add_memo(f"Wren put it best: '{CANARIES[2]}'.", "document", project.document_id("int07_wren"))
        project.add_memo("On this answer.", "segment", int(theirs.iloc[3].id))
        project.add_memo("Interviewer asked well here.", "segment", int(interviewer.iloc[2].id))
        run = project.find_topics(kinds=["interview"], min_topic_size=3, show_progress=False)
        wrens = project.topic_assignments(run).query("document == 'int07_wren' and topic != -1")["topic"]
        wrens_topic = int(wrens.mode().iloc[0])
        project.rename_topic(wrens_topic, f"Going home and {TOKENS[0]}", run=run)
        project.promote_topic_to_theme(wrens_topic, "Getting home", run=run)  # its definition: the label and keywords
        project.promote_topic_to_code(wrens_topic, "Getting home (suggested)", run=run)
        assert TOKENS[0] in project.themes().set_index("name").loc["Getting home", "definition"]
        suggested = project.codings().query("role == 'machine' and document == 'int07_wren'")
        on_wren = sum(any(s <= start < e for s, e in theirs[["start", "end"]].values) for start in suggested["start"])
        before = {"assignments": len(project.topic_assignments(run)), "text": project.document_text("int07_wren"),
                  "kept": project.codings().set_index("id").loc[kept, ["start", "end"]].tolist(),
                  "theirs": theirs[["start", "end"]].values.tolist(), "spanning_start": int(interviewer.iloc[1].start),
                  "spanning_end": int(interviewer.iloc[1].end), "suggested_on_wren": on_wren}
        export = out / "before.qdpx"
        project.export_refi(export)
        snapshot = project.backup(out / "snapshot-before.db") and out / "snapshot-before.db"
        project.record_artefact("snapshot", snapshot)
        project.export_coding_sheet(out / "sheet-before.xlsx")
        published = project.publish(out / "published-before")
        assert all(_hits_in_file(file) for file in (export, snapshot, path, published))  # the canaries are there
        report = project.withdraw("wren", delete_stale=True)
        project.segments()  # a reader holds the project open, as a notebook would: the -wal and -shm exist
        open_files = {file.name: _hits_in_file(file) for file in path.parent.iterdir()}
        after_export = project.export_refi(out / "after.qdpx") and out / "after.qdpx"
        project.backup(out / "snapshot-after.db")
        project.publish(out / "published-after")
    yield {"path": path, "out": out, "report": report, "open_files": open_files, "before": before, "run": run, "spanning": spanning,
           "kept": kept}


def test_the_canaries_are_nowhere_on_disk_after_withdrawal(canary_study):
    path = canary_study["path"]
    files = [path, *path.parent.glob(path.name + "-*"),
             *(file for file in canary_study["out"].rglob("*") if file.is_file())]
    assert set(canary_study["open_files"]) == {path.name, path.name + "-wal", path.name + "-shm"}
    assert all(hits == [] for hits in canary_study["open_files"].values()), canary_study["open_files"]
    assert {file.name for file in canary_study["out"].iterdir()} == {"after.qdpx", "snapshot-after.db",
                                                                   "published-before", "published-after"}
    assert not (canary_study["out"] / "published-before" / "findings.db").exists()  # the stale snapshot
    for file in files:
        assert _hits_in_file(file) == [], file


def test_withdrawal_reports_and_lists_what_was_made_before(canary_study):
    report = canary_study["report"]
    assert report.segments == 5 and report.characters > 0
    assert canary_study["before"]["suggested_on_wren"] >= 1 and report.codings_trimmed == 1
    assert report.codings_deleted == 5 + canary_study["before"]["suggested_on_wren"]  # and the topic model's suggestions
    assert report.definitions_scrubbed == 2  # the theme's and the promoted code's, made from the topic's label
    assert report.memos_deleted == 2  # the quote and the memo on her answer; the interviewer's stays
    assert report.embeddings_deleted >= 5 and report.topic_assignments_deleted == 5
    out = canary_study["out"]
    made = {(item["kind"], Path(item["path"]).relative_to(out).as_posix()) for item in report.stale
            if Path(item["path"]).is_relative_to(out)}
    assert made >= {("export", "before.qdpx"), ("backup", "snapshot-before.db"), ("snapshot", "snapshot-before.db"),
                    ("coding sheet", "sheet-before.xlsx"), ("snapshot", "published-before/findings.db")}
    assert {str(out / name) for _, name in made} <= set(report.deleted)
    assert "Wren withdrew: 5 turn(s)" in str(report)


def test_other_codings_keep_their_offsets_and_text(canary_study):
    before = canary_study["before"]
    with Project.open(canary_study["path"]) as project:
        text = project.document_text("int07_wren")
        codings = project.codings().set_index("id")
        participants = project.participants().set_index("pseudonym")
        memos = project.memos()
        assignments = project.topic_assignments(canary_study["run"])
    assert len(text) == len(before["text"])
    for start, end in before["theirs"]:
        assert set(text[start:end]) == {"█"}
    start, end = before["kept"]
    assert text[start:end] == before["text"][start:end] == "Is there anything else you would change?"
    # the coding over the question and her answer now ends where her answer began
    assert codings.loc[canary_study["spanning"], ["start", "end"]].tolist() == [before["spanning_start"],
                                                                               before["theirs"][1][0]]
    assert "Canary" not in set(codings["code"]) or codings[codings["code"] == "Canary"].empty
    assert participants.loc["Wren", "consent"] == "withdrawn"
    assert memos["text"].str.contains("Interviewer asked well").any()
    assert len(assignments) == before["assignments"] - 5


def test_the_log_records_the_withdrawal_without_their_words(canary_study):
    with Project.open(canary_study["path"]) as project:
        log = project.events()
        with project.store.read() as conn:
            assert conn.execute(select(embedding_cache.c.id)).first() is not None  # others' vectors stay
            assert conn.execute(select(topic_assignments.c.id)).first() is not None
            details = " ".join(conn.execute(select(events.c.details)).scalars())
    withdrawn = log[log["action"] == "participant.withdrawn"].iloc[0]
    assert withdrawn["actor"] == "Alex Morgan"
    recorded = json.loads(withdrawn["details"]) if isinstance(withdrawn["details"], str) else withdrawn["details"]
    assert recorded["pseudonym"] == "Wren" and recorded["erased"] is True and recorded["segments"] == 5
    assert _hits(details.encode()) == []


def test_undo_cannot_bring_their_codings_back(canary_study, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(canary_study["path"], copy)
    with Project.open(copy, member="Alex Morgan") as project:
        try:
            project.undo()
        except WorkbenchError:
            pass
        assert project.codings().query("code == 'Canary'").empty


def test_keep_analysed_policy_records_withdrawal_and_keeps_the_words(tmp_path, sample_project):
    path = _wren_project(tmp_path, sample_project)
    with Project.open(path, member="Alex Morgan") as project:
        statement = project.set_withdrawal_policy("keep-analysed")
        assert statement.startswith("Keep data already analysed") and "consent form" in statement
        report = project.withdraw("Wren")
        assert not report.erased and "kept" in str(report)
        assert CANARIES[0] in project.document_text("int07_wren")
        assert project.participants().set_index("pseudonym").loc["Wren", "consent"] == "withdrawn"
        assert project.withdrawal_policy()[0] == "keep-analysed"


def test_withdraw_command_and_its_mistakes(tmp_path, sample_project, capsys):
    path = _wren_project(tmp_path, sample_project)
    assert main(["withdrawal-policy", str(path)]) == 0
    assert "Withdrawal policy: erase. Erase:" in capsys.readouterr().out
    assert main(["withdraw", str(path), "Nobody", "--member", "Alex Morgan"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: There is no participant called 'Nobody'") and error.count("\n") == 1
    assert main(["withdraw", str(path), "Wren", "--member", "Alex Morgan"]) == 0
    assert "Wren withdrew: 5 turn(s)" in capsys.readouterr().out
    assert _hits_in_file(path) == []


def test_a_project_from_before_gets_the_register_by_migration(project, project_path):
    from sqlalchemy import inspect, text

    project.export_refi(project_path.with_name("early.qdc"))
    with project.store.engine.begin() as conn:
        conn.execute(text("DROP TABLE artefacts"))
        conn.execute(text("DELETE FROM schema_migrations WHERE name = '0009_privacy'"))
    project.close()
    with Project.open(project_path, member="Alex Morgan") as reopened:
        assert inspect(reopened.store.engine).has_table("artefacts")
        reopened.record_artefact("export", project_path.with_name("later.qdpx"))
        assert reopened.artefacts()["kind"].tolist() == ["export"]


def test_topic_labels_typed_by_people_are_logged_as_lengths(tmp_path):
    from payloads import payload_project

    with payload_project(tmp_path / "hostile.db") as project:
        project.rename_topic(0, "Quokkatangerine words of theirs")
        log = project.events()
    details = " ".join(str(value) for value in log["details"])
    assert "Quokkatangerine" not in details
    renamed = log[log["action"] == "topic.rename"].iloc[-1]["details"]
    assert renamed["label_length"] == len("Quokkatangerine words of theirs")


def test_a_reader_holding_the_file_open_is_named_and_a_second_run_finishes(tmp_path, sample_project):
    import sqlite3

    path = _wren_project(tmp_path, sample_project)
    reader = sqlite3.connect(path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM documents").fetchone()  # a notebook in the middle of reading
    try:
        with Project.open(path, member="Alex Morgan") as project:
            with pytest.raises(WorkbenchError, match="someone else has the project open"):
                project.withdraw("Wren")
            assert set(project.document_text("int07_wren")[78:155]) == {"█"}  # erased all the same
    finally:
        reader.close()
    with Project.open(path, member="Alex Morgan") as project:
        again = project.withdraw("Wren")
        project.segments()
        assert again.segments == 5 and again.codings_deleted == 0
        for file in path.parent.iterdir():
            assert _hits_in_file(file) == [], file
