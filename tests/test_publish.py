"""Publishing a snapshot for partners: only what the dashboards show, opened read-only;
and the Word, Excel and CSV report files, read back."""

import csv
import hashlib
import shutil
import sqlite3

import pytest
from docx import Document
from openpyxl import load_workbook

from workbench import Project
from workbench.cli import main
from workbench.errors import WorkbenchError
from workbench.publish import findings, read_snapshot
from workbench.publish.serve import dashboard_command

PRIVATE_MEMO = "Please do not quote the cardigan detail"


@pytest.fixture
def study(tmp_path, sample_project):
    path = tmp_path / "home-safe.db"
    shutil.copy(sample_project, path)
    return path


def test_snapshot_leaves_out_withdrawn_people_private_notes_and_speaker_labels(study, tmp_path):
    with Project.open(study, member="Alex Morgan") as project:
        rose_words = set(project.segments().query("participant == 'Rose'")["text"])
        project.withdraw("Rose", erase=False)  # keep-analysed: her words stay in the project, not in the snapshot
        assert set(project.segments().query("participant == 'Rose'")["text"]) == rose_words
        target = project.publish(tmp_path / "published")
        assert "snapshot" in set(project.artefacts()["kind"])
    tables = read_snapshot(target)
    quotes = tables["quotes"]
    assert "Rose" not in set(quotes["speaker"]) and not rose_words & set(quotes["text"])
    assert {"Tom", "Lena", "Dev"} <= set(quotes["speaker"])
    assert {"service user", "provider", "carer"} <= set(quotes["group"])
    everything = " ".join(str(v) for frame in tables.values() for v in frame.astype(str).to_numpy().ravel())
    assert PRIVATE_MEMO not in everything and "Interviewer" not in set(quotes["speaker"])
    assert "Boundary note" in " ".join(tables["notes"]["text"])  # a public note stays
    assert set(tables) >= {"about", "codes", "quotes", "notes", "topic_points"}
    assert not {"events", "members", "documents", "memos"} & set(tables)  # not a project: no log, no names
    assert (target.parent / "findings.ipynb").is_file()
    assert target.stat().st_mode & 0o222 == 0  # read-only on disk


def test_snapshot_opens_immutably_and_cannot_be_written(study, tmp_path):
    with Project.open(study) as project:
        target = project.publish(tmp_path / "out")
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    read_snapshot(target.parent)
    with pytest.raises(sqlite3.OperationalError):
        with sqlite3.connect(f"file:{target}?immutable=1", uri=True) as conn:
            conn.execute("DELETE FROM quotes")
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert not (target.parent / "findings.db-wal").exists()


def test_counts_compare_groups_and_codes_that_come_up_together(study):
    with Project.open(study) as project:
        tables = project.findings_tables()
    quotes, codes = tables["quotes"], tables["codes"]
    counts = findings.counts_by_group(quotes, codes)
    people = findings.groups(quotes)  # groups of people, largest first; sources are never groups
    assert set(people) == {"service user", "provider", "carer"}
    assert list(counts.columns) == people + [findings.NO_GROUP, "Total"]
    assert (counts["Total"] == counts.drop(columns="Total").sum(axis=1)).all()
    assert set(counts.index) == set(codes["theme"])
    medicines = findings.counts_by_group(quotes, codes, theme="Medicines ready and understood")
    assert set(medicines.index) == set(codes.query("theme == 'Medicines ready and understood'")["code"]) == {
        "Medicines", "Medicines not explained", "Waiting for take-home medicines"}  # the project's theme, not a parent code
    shares = findings.compared(quotes, codes)
    assert list(shares.columns) == people[:2]
    assert shares.sum().round(2).tolist() == [1.0, 1.0]
    together = findings.cooccurrence(quotes)
    assert (together.to_numpy() == together.to_numpy().T).all() and together.to_numpy().max() > 0
    top = findings.cooccurrence_list(together).iloc[0]
    both = quotes[quotes["code"].isin([top["First code"], top["Second code"]])].groupby("passage")["code"].nunique()
    assert (both == 2).sum() == top["Passages with both"]


def test_report_files_reopen_with_the_expected_content_and_no_formulas(study, tmp_path):
    with Project.open(study, member="Alex Morgan") as project:
        project.add_code("=HYPERLINK(\"http://x\")", definition="+1 and @SUM(A1)")
        project.apply_code("int02_tom", "=HYPERLINK(\"http://x\")", 0, 10)
        written = project.write_report(tmp_path / "report")
    names = {path.name for path in written}
    assert names == {"report.docx", "tables.xlsx", "codings.csv", "quotes-by-theme.csv", "codebook.csv", "themes.csv"}

    word = Document(tmp_path / "report" / "report.docx")
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Codebook" in text and "Themes and quotes" in text and "Medicines not explained" in text
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "What it means" in cells and "service user" in cells and "Total" in cells

    book = load_workbook(tmp_path / "report" / "tables.xlsx")
    assert book.sheetnames == ["Codings", "Quotes by theme", "Codebook", "Themes"]
    codebook = list(book["Codebook"].iter_rows(values_only=True))
    assert codebook[0][:3] == ("Code", "Theme", "What it means")
    risky = [cell for sheet in book for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and cell.value.lstrip("'")[:1] in ("=", "+", "@", "-")]
    assert risky and all(cell.data_type == "s" and cell.value.startswith("'") for cell in risky)
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)

    raw = (tmp_path / "report" / "codebook.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(tmp_path / "report" / "codebook.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {"'=HYPERLINK(\"http://x\")"} == {r["Code"] for r in rows if "HYPERLINK" in r["Code"]}
    assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for value in r.values())
    with open(tmp_path / "report" / "codings.csv", encoding="utf-8-sig", newline="") as handle:
        codings = list(csv.DictReader(handle))
    assert any(r["Speaker"] == "Tom" for r in codings) and all(r["Words"] for r in codings)


def test_publish_and_dashboard_commands_explain_mistakes_in_one_line(study, tmp_path, capsys):
    out = tmp_path / "published"
    assert main(["publish", str(study), str(out)]) == 0
    assert main(["publish", str(study), str(out)]) == 2
    assert "exists already" in capsys.readouterr().err
    with pytest.raises(WorkbenchError, match="token"):
        dashboard_command(out, ip="0.0.0.0")
    assert main(["dashboard", str(out), "--ip", "0.0.0.0"]) == 2
    assert main(["dashboard", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("error: ") for line in err) and "token" in err[0]
    command = dashboard_command(out, port=9001, ip="0.0.0.0", token="a" * 32)
    assert "--token=" + "a" * 32 in command.argv and "--Voila.ip=0.0.0.0" in command.argv
    local = dashboard_command(out / "findings.db", port=9002)
    assert "--Voila.ip=127.0.0.1" in local.argv and not any(a.startswith("--token") for a in local.argv)
    assert "--VoilaConfiguration.show_tracebacks=False" in local.argv
    assert "--VoilaConfiguration.strip_sources=True" in local.argv


def test_topic_map_is_published_without_withdrawn_people_and_shown(study, tmp_path):
    from workbench.store.schema import topic_assignments, topic_runs, topics
    from workbench.widgets.findings_dashboard import FindingsDashboard

    with Project.open(study, member="Alex Morgan") as project:
        spoken = project.segments().query("participant in ['Rose', 'Tom', 'Dev']")
        with project._write() as writer:  # a stored run, as `find_topics` leaves one
            run = writer.insert(topic_runs, {"name": "test run", "embedding_model": "none", "parameters": "{}",
                                             "segment_count": len(spoken), "created_by": writer.member_id,
                                             "created_at": "2026-01-01T00:00:00Z"}, "topics.run")
            ids = [writer.insert(topics, {"run_id": run, "number": n, "label": label, "size": 1}, "topics.topic")
                   for n, label in ((0, "tablets and pharmacy"), (1, "getting home"))]
            for i, row in enumerate(spoken.itertuples()):
                writer.insert(topic_assignments, {"run_id": run, "segment_id": int(row.id), "topic_id": ids[i % 2],
                                                  "x": float(i), "y": float(i % 7)}, "topics.assign")
        project.withdraw("Rose", erase=False)
        target = project.publish(tmp_path / "published")
    points = read_snapshot(target)["topic_points"]
    assert len(points) == len(spoken.query("participant != 'Rose'")) > 0
    assert set(points["group"]) == {"service user", "provider"}
    assert set(points["label"]) == {"tablets and pharmacy", "getting home"}
    dashboard = FindingsDashboard(target)
    heading = dashboard.sections["topics"].children[0].value
    assert "Topic map" in heading
    assert "getting home" in dashboard.sections["topics"].children[1].children[1].value
