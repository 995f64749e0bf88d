"""Builds the fictional sample study from `sample_data/` through the public API.

"Home Safe" is an invented co-production study of leaving hospital: interviews with
service users, carers and staff, a focus group, a workshop (sticky notes, a poll,
one-line answers), a survey, a starter codebook, and codings by two researchers and
a lived-experience partner. No real people are in it.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from tqdm.auto import tqdm

from .errors import WorkbenchError
from .project import Project

SAMPLE_DATA = Path(__file__).resolve().parent.parent / "sample_data"
RESEARCHER = ("Alex Morgan", "researcher")
FACILITATOR = ("Chris Lee", "facilitator")
SURVEY_CODER = "Sam Reid"

TRANSCRIPTS = [
    "interviews/int01_rose.txt", "interviews/int02_tom.txt", "interviews/int03_lena.txt",
    "interviews/int04_dev.txt", "interviews/int05_grace.vtt", "interviews/int06_amina.docx",
    "focus_group/fg01_discharge_focus_group.txt",
]
WORKSHOP = ["workshop/board.csv", "workshop/poll.csv", "workshop/one_liners.csv"]


def _rows(name: str) -> list[dict[str, str]]:
    with open(SAMPLE_DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def build_sample_project(path: Path, force: bool = False, data: Path = SAMPLE_DATA) -> Path:
    """Write the sample project to `path`, all or nothing (built beside it, then moved)."""
    path = Path(path)
    if path.exists() and not force:
        raise WorkbenchError(f"{path} exists already; use --force to replace it, or choose another file.")
    if not (data / "codebook.csv").exists():
        raise WorkbenchError(f"The sample data is missing from {data}; run this from a clone of the workbench.")
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.name + ".building")
    _remove_database(building)
    try:
        with Project.create(building, member=FACILITATOR[0], role=FACILITATOR[1],
                            title="Home Safe: co-producing a better hospital discharge (fictional sample)") as project:
            _fill(project)
        _remove_database(path)
        os.replace(building, path)
    finally:
        _remove_database(building)
    return path


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _fill(project: Project) -> None:
    roles = {row["name"]: row["role"] for row in _rows("members.csv")}
    steps = tqdm(total=8, desc="Building the sample study", unit="step")
    project.as_member(*RESEARCHER)
    project.import_file(SAMPLE_DATA / "participants.csv")
    project.import_file(SAMPLE_DATA / "codebook.csv")
    steps.update()
    for name in TRANSCRIPTS:
        project.import_file(SAMPLE_DATA / name)
    steps.update()
    project.as_member(*FACILITATOR)
    for name in WORKSHOP:
        project.import_file(SAMPLE_DATA / name)
    steps.update()
    project.as_member(SURVEY_CODER, roles[SURVEY_CODER])
    project.import_file(SAMPLE_DATA / "survey/discharge_survey.csv", code_columns="code:*", coder=SURVEY_CODER)
    steps.update()
    _apply_codings(project, roles)
    steps.update()
    _add_memos(project, roles)
    steps.update()
    _add_coproduction(project, roles)
    steps.update()
    _add_analysis(project, roles)
    steps.update()
    steps.close()


def _apply_codings(project: Project, roles: dict[str, str]) -> None:
    texts: dict[str, str] = {}
    for row in _rows("codings.csv"):
        text = texts.setdefault(row["document"], project.document_text(row["document"]))
        start = text.find(row["quote"])
        if start < 0:
            raise WorkbenchError(f"sample_data/codings.csv: the quote '{row['quote'][:40]}...' is not in {row['document']}.")
        project.as_member(row["member"], roles[row["member"]])
        project.apply_code(row["document"], row["code"], start, start + len(row["quote"]))


def _add_memos(project: Project, roles: dict[str, str]) -> None:
    codes = dict(zip(project.codes()["name"], project.codes()["id"]))
    for row in _rows("memos.csv"):
        project.as_member(row["member"], roles[row["member"]])
        target = row["target_type"]
        target_id = {"document": lambda: project.document_id(row["target"]),
                     "code": lambda: int(codes[row["target"]]), "project": lambda: None}[target]()
        project.add_memo(row["text"], target, target_id, private=row["private"].lower() == "yes")


# -- co-production (issue 10): themes, an image with its story, ideas, a dot-vote ----------
VOTING = "Workshop 2: what matters most"
IMAGE_STORY = ("Drawing: the way home", "workshop/drawing_the_way_home.png", "workshop/drawing_the_way_home.txt",
               "A child-like drawing of a house with a shut door, a path widening towards the viewer, "
               "a mobile phone lying on the grass and a sun in the corner.")
STORY_CODINGS = [("Jo Bennett", "Loneliness after discharge", "I was waiting for someone to ring. Nobody did."),
                 ("Jo Bennett", "Named contact", "a name and a number on a card"),
                 ("Alex Morgan", "What went well", "My neighbour came round.")]


def _add_coproduction(project: Project, roles: dict[str, str]) -> None:
    for row in _rows("themes.csv"):
        project.as_member(row["member"], roles[row["member"]])
        project.add_theme(row["theme"], row["definition"], row["codes"].split(";"))
    project.as_member(*FACILITATOR)
    name, image, story, alt_text = IMAGE_STORY
    project.add_image_story(name, SAMPLE_DATA / image, (SAMPLE_DATA / story).read_text(encoding="utf-8"), alt_text)
    text = project.document_text(name)
    for member, code, quote in STORY_CODINGS:
        project.as_member(member, roles[member])
        project.apply_code(name, code, text.index(quote), text.index(quote) + len(quote))
    notes = {segment.attributes.get("id"): int(segment.id) for segment in project.segments("board").itertuples()}
    ideas = {}
    for row in _rows("ideas.csv"):  # recorded by the facilitator, credited to who raised them
        project.as_member(*FACILITATOR)
        ideas[row["note_id"]] = project.capture_idea(segment=notes[row["note_id"]], theme=row["theme"] or None,
                                                     proposed_by=row["proposed_by"])
        if row["status"] != "new":
            project.as_member(*RESEARCHER)
            project.update_idea(ideas[row["note_id"]], status=row["status"], response=row["response"] or None,
                                reason=row["reason"] or None, owner=row["owner"] or None, due=row["due"] or None)
    project.as_member(*FACILITATOR)
    project.start_voting(VOTING, dots=3, mode="facilitated")
    for row in _rows("votes.csv"):
        target = row["target"]
        if row["target_type"] == "idea":
            target = ideas[target]
        elif row["target_type"] == "segment":
            target = notes[target]
        project.vote(VOTING, target, on=row["target_type"], dots=int(row["dots"]), member=row["member"])


# -- the analysis workspace (issue 13): attributes that cut across roles, framework cells --
def _add_analysis(project: Project, roles: dict[str, str]) -> None:
    project.as_member(*RESEARCHER)
    people = {row["pseudonym"]: {k: v for k, v in row.items() if k != "pseudonym"}
              for row in _rows("analysis_attributes.csv")}
    project.set_attributes(people)
    for row in _rows("framework.csv"):
        project.as_member(row["member"], roles[row["member"]])
        project.write_framework_cell(row["case"], row["code"], row["summary"])


def open_sample_project(path: str | Path, member: str | None = None, role: str = "researcher") -> Project:
    """Open the sample project at `path`, building it first if it is not there yet."""
    path = Path(path)
    if not path.exists():
        build_sample_project(path)
    return Project.open(path, member=member, role=role)
