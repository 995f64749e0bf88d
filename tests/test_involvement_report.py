"""The GRIPP2 involvement report: drafted from the sample study's activity, edited,
exported to Word from Python and from the command line (issue 10)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from workbench import Project
from workbench.errors import WorkbenchError

WORKBENCH = str(Path(sys.executable).with_name("workbench"))


@pytest.fixture
def study(sample_project, tmp_path):
    copy = tmp_path / "home-safe.db"
    shutil.copy(sample_project, copy)
    return copy


def docx_text(path: Path) -> str:
    document = Document(path)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_sample_study_exercises_ideas_votes_themes_and_an_image_story(sample_project):
    with Project.open_read_only(sample_project) as project:
        said = project.you_said_we_did()
        ranked = project.vote_results()
        story = project.image_story("Drawing: the way home")
        counts = project.summary()
        story_codings = project.codings("Drawing: the way home")
    assert set(said["What happened"]) == {"We are doing this.", "We are thinking about this.",
                                          "We are not doing this.", "We have not looked at this yet."}
    assert said.loc[said["You said"] == "Car park costs a fortune while you wait!", "Why"].item().startswith("Parking")
    assert ranked.iloc[0][["target", "dots", "voters"]].tolist() == ["The first week at home", 4, 2]
    assert ranked["dots"].sum() == 12  # four members, three dots each
    assert story.media_type == "image/png" and story.alt_text.startswith("A child-like drawing")
    assert set(story_codings["member"]) == {"Jo Bennett", "Alex Morgan"}
    assert (counts["themes"], counts["ideas"], counts["votes"]) == (4, 6, 8)


def test_the_draft_is_prefilled_from_activity_and_an_edit_is_kept(study):
    with Project.open(study, member="Alex Morgan") as project:
        draft = project.involvement_report().set_index("section")
        assert list(draft.index) == ["aim", "methods", "results", "outcomes", "reflection"]
        assert not draft["edited"].any()
        assert "1 lived-experience partner" in draft.loc["aim", "text"]
        assert "Workshop 2: what matters most (facilitated, 3 dots each, 4 people voted)" in draft.loc["methods", "text"]
        assert "1 partner coded" in draft.loc["methods", "text"] and "Drawing: the way home" in draft.loc["methods", "text"]
        assert "of 12 votes" in draft.loc["results", "text"] and "The first week at home (4 dots)" in draft.loc["results", "text"]
        assert "Partners raised 5 ideas; 2 taken forward and 1 not taken forward" in draft.loc["outcomes", "text"]
        assert "one named contact" in draft.loc["outcomes", "text"]
        assert "2 ideas still await a decision" in draft.loc["reflection", "text"]
        project.edit_involvement_section("aim", "To make leaving hospital safer, with the people who have done it.")
        project.edit_involvement_section("aim", "To make leaving hospital safer, with people who have lived it.")
        for section, words, message in [("summary", "x", "no section 'summary'"), ("aim", "  ", "Write something")]:
            with pytest.raises(WorkbenchError, match=message):
                project.edit_involvement_section(section, words)
    with Project.open(study, member="Jo Bennett", role="lived-experience partner") as again:
        report = again.involvement_report().set_index("section")
        assert report.loc["aim", "text"] == "To make leaving hospital safer, with people who have lived it."
        assert report["edited"].tolist() == [True, False, False, False, False]
        edits = again.events()
        edits = edits[edits["action"] == "report.edit"]
        assert len(edits) == 2 and all("lived it" not in json.dumps(d) for d in edits["details"])
        again.reset_involvement_section("aim")
        assert again.involvement_report().set_index("section").loc["aim", "text"].startswith("In “Home Safe")


def test_involvement_report_from_the_command_line(study, tmp_path):
    with Project.open(study, member="Jo Bennett", role="lived-experience partner") as project:
        project.edit_involvement_section("reflection", "We started involving partners too late for the interviews.")
    out = tmp_path / "involvement.docx"
    made = subprocess.run([WORKBENCH, "involvement-report", str(study), str(out)], capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    assert "Wrote the involvement report" in made.stdout
    written = docx_text(out)
    for heading in ("1. Aim", "2. Methods", "3. Results", "4. Outcomes", "5. Critical reflection", "Who took part"):
        assert heading in written
    assert "GRIPP2 short form" in written and "too late for the interviews" in written
    assert "lived-experience partner" in written and "Partners raised 5 ideas" in written
    again = subprocess.run([WORKBENCH, "involvement-report", str(study), str(out)], capture_output=True, text=True, timeout=120)
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "--force" in again.stderr
    wrong = subprocess.run([WORKBENCH, "involvement-report", str(study), str(tmp_path / "report.pdf")],
                           capture_output=True, text=True, timeout=120)
    assert wrong.returncode == 2 and "ending in .docx" in wrong.stderr
    assert subprocess.run([WORKBENCH, "involvement-report", str(study), str(out), "--force"],
                          capture_output=True, timeout=120).returncode == 0
    with Project.open(study) as project:
        assert "report" in set(project.artefacts()["kind"])  # listed if a participant later withdraws
