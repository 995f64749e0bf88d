"""Co-production through the public API: themes, dot-voting, ideas ("you said, we
did"), images with stories, word clouds, boards, contribution (issue 10)."""

import json

import pandas as pd
import pytest
from sqlalchemy import create_engine, text

from workbench import Project
from workbench.coproduction.images import MAX_IMAGE_BYTES
from workbench.errors import WorkbenchError
from workbench.figures.coproduction import contribution_by_role, poll_results, sticky_board, vote_results, word_cloud

from support import SAMPLE_DATA, snapshot

PARTNER = ("Jo Bennett", "lived-experience partner")
FACILITATOR = ("Chris Lee", "facilitator")
PNG = SAMPLE_DATA / "workshop" / "drawing_the_way_home.png"


@pytest.fixture
def workshop(project):
    """A board and one-line answers, two codes, the team of four."""
    project.import_file(SAMPLE_DATA / "workshop" / "board.csv")
    project.import_file(SAMPLE_DATA / "workshop" / "one_liners.csv")
    project.add_code("Medicines")
    project.add_code("Waiting for take-home medicines", parent="Medicines")
    project.add_code("Named contact")
    project.as_member(*PARTNER).add_theme("Medicines ready", "On time and understood.",
                                          ["Medicines", "Waiting for take-home medicines"])
    project.as_member("Sam Reid", "researcher").add_theme("Someone to call", codes=["Named contact"])
    return project.as_member(*FACILITATOR)


def note_id(project, words):
    board = project.board("board")
    return int(board.loc[board["text"].str.contains(words, regex=False), "segment_id"].iloc[0])


def test_facilitated_dot_vote_credits_each_member_and_keeps_to_their_dots(workshop):
    project = workshop
    project.start_voting("Workshop 2", dots=3)
    project.vote("Workshop 2", "Medicines ready", dots=2, member="Jo Bennett")
    project.vote("Workshop 2", note_id(project, "Named contact for every patient"), on="segment", member="Jo Bennett")
    project.vote("Workshop 2", "Someone to call", dots=3, member="Sam Reid")
    project.vote("Workshop 2", "Medicines ready")  # the facilitator's own dot
    before = snapshot(project)
    with pytest.raises(WorkbenchError, match="Jo Bennett has 0 of 3 dot"):
        project.vote("Workshop 2", "Someone to call", member="Jo Bennett")
    assert snapshot(project) == before  # refused: nothing written
    votes = project.votes("Workshop 2")
    assert votes.groupby("member")["dots"].sum().to_dict() == {"Chris Lee": 1, "Jo Bennett": 3, "Sam Reid": 3}
    assert set(votes.loc[votes["member"] == "Jo Bennett", "role"]) == {"lived-experience partner"}
    cast = project.events()
    cast = cast[cast["action"] == "vote.cast"]
    assert [d.get("entered_by") for d in cast["details"]] == ["Chris Lee", "Chris Lee", "Chris Lee", None]
    ranked = project.vote_results("Workshop 2")
    assert list(ranked["target"])[:2] == ["Medicines ready", "Someone to call"]  # same dots: more voters first
    assert ranked.loc[0, "dots from lived-experience partner"] == 2 and ranked.loc[0, "dots from facilitator"] == 1
    assert list(ranked["rank"]) == [1, 1, 3]  # a tie shares its rank
    assert ranked.loc[2, "target"] == "Named contact for every patient"
    assert project.themes().set_index("name")["dots"].to_dict() == {"Medicines ready": 3, "Someone to call": 3}
    assert project.take_back_vote("Workshop 2", member="Jo Bennett") == 1
    project.vote("Workshop 2", "Someone to call", member="Jo Bennett")
    figure = vote_results(project.vote_results("Workshop 2"))
    assert {bar.name for bar in figure.data if bar.type == "bar"} == {"facilitator", "lived-experience partner", "researcher"}
    assert all(bar.marker.pattern.shape is not None for bar in figure.data if bar.type == "bar")


def test_each_on_their_own_and_the_mistakes_people_make(workshop):
    project = workshop
    project.start_voting("Online round", dots=2, mode="individual")
    project.as_member(*PARTNER).vote("Online round", "Named contact", on="code", dots=2)
    for call, message in [
        (lambda: project.start_voting("Online round"), "already a voting session"),
        (lambda: project.start_voting("Round 3", dots=0), "whole number of dots"),
        (lambda: project.start_voting("Round 3", mode="secret"), "one screen"),
        (lambda: project.vote("Nope", "Medicines ready"), "no voting session called 'Nope'"),
        (lambda: project.vote("Online round", "Lost theme"), "no theme 'Lost theme'"),
        (lambda: project.vote("Online round", "Medicines ready", on="person"), "Votes go on one of"),
        (lambda: project.vote("Online round", "Medicines ready", member="Nobody Here"), "no member called 'Nobody Here'"),
        (lambda: project.take_back_vote("Online round", member="Sam Reid"), "no dots placed"),
    ]:
        with pytest.raises(WorkbenchError, match=message):
            call()
    sessions = project.voting_sessions().set_index("name")
    assert sessions.loc["Online round", ["dots_each", "mode", "voters", "dots_placed"]].tolist() == [2, "individual", 1, 2]


def test_an_idea_from_a_sticky_note_followed_through_to_you_said_we_did(workshop):
    project = workshop
    note = note_id(project, "Named contact for every patient")
    idea = project.capture_idea(segment=note, theme="Someone to call", proposed_by="Jo Bennett")
    typed = project.as_member(*PARTNER).capture_idea("A volunteer to ring in the first week")
    text = project.document_text("board")
    span = project.capture_idea(document="board", start=text.index("Key safe"), end=text.index("Key safe") + 8)
    ideas = project.ideas().set_index("id")
    assert ideas.loc[idea, ["text", "status", "proposed_by", "proposer_role", "theme", "document", "segment_id"]].tolist() == [
        "Named contact for every patient", "new", "Jo Bennett", "lived-experience partner", "Someone to call", "board", note]
    assert ideas.loc[span, "text"] == "Key safe" and ideas.loc[typed, "proposed_by"] == "Jo Bennett"
    project.as_member("Alex Morgan", "researcher")
    with pytest.raises(WorkbenchError, match="Say why"):
        project.update_idea(typed, status="not taken forward")
    for changes, message in [({"status": "done"}, "status is one of"), ({"due": "31/03/2026"}, "YYYY-MM-DD"),
                             ({"owner": "Nobody Here"}, "no member called"), ({}, "Say what changed")]:
        with pytest.raises(WorkbenchError, match=message):
            project.update_idea(idea, **changes)
    with pytest.raises(WorkbenchError, match="no idea 99"):
        project.update_idea(99, status="new")
    project.update_idea(idea, status="taken forward", response="Every patient gets a card with one number.",
                        reason="It came up more than anything.", owner="Sam Reid", due="2026-04-30")
    project.update_idea(typed, status="not taken forward", reason="No volunteers are funded this year.")
    shown = project.you_said_we_did().set_index("You said")
    assert shown.loc["Named contact for every patient"].to_dict() | {"Last updated": ""} == {
        "Suggested by": "Lived-experience partner", "What happened": "We are doing this.",
        "We did": "Every patient gets a card with one number.", "Why": "It came up more than anything.",
        "Who is taking it forward": "Sam Reid", "By when": "2026-04-30", "Last updated": ""}
    assert shown.loc["A volunteer to ring in the first week", "What happened"] == "We are not doing this."
    assert shown.loc["Key safe", "What happened"] == "We have not looked at this yet."
    assert "Suggested by" in shown.columns and "proposed_by" not in shown.columns  # roles, not names
    logged = project.events()
    logged = logged[logged["action"].str.startswith("idea.")]
    assert all("Named contact for every patient" not in json.dumps(d) for d in logged["details"])  # lengths only


def test_an_image_with_its_story_is_a_document_to_code(workshop, tmp_path):
    project = workshop
    story = "I drew my house with the door shut.\n\nThe phone is on the grass. Nobody rang <b>me</b>."
    report = project.add_image_story("Drawing 1", PNG, story, alt_text="A house with a shut door.")
    assert report.segments == 2
    documents = project.documents().set_index("name")
    assert documents.loc["Drawing 1", "kind"] == "notes" and documents.loc["Drawing 1", "attributes"]["format"] == "image story"
    text = project.document_text("Drawing 1")
    project.apply_code("Drawing 1", "Named contact", text.index("Nobody rang"), text.index("Nobody rang") + 11)
    assert project.codings("Drawing 1")["text"].tolist() == ["Nobody rang"]
    shown = project.image_story("Drawing 1")
    assert shown.image == PNG.read_bytes() and shown.media_type == "image/png"
    page = shown.html()
    assert 'alt="A house with a shut door."' in page and "&lt;b&gt;me&lt;/b&gt;" in page and "<b>me</b>" not in page
    events = project.events()
    assert not any("door shut" in json.dumps(d) or "iVBOR" in json.dumps(d) for d in events["details"])
    before = snapshot(project)
    not_an_image = tmp_path / "story.png"
    not_an_image.write_bytes(b"%PDF-1.7 pretending")
    too_big = tmp_path / "huge.png"
    too_big.write_bytes(PNG.read_bytes()[:8] + bytes(MAX_IMAGE_BYTES))
    for call, message in [
        (lambda: project.add_image_story("D2", not_an_image, story, "x"), "story.png: is not a PNG, JPEG"),
        (lambda: project.add_image_story("D2", too_big, story, "x"), "huge.png: is 8.0 MiB"),
        (lambda: project.add_image_story("D2", tmp_path / "gone.png", story, "x"), "gone.png: does not exist"),
        (lambda: project.add_image_story("D2", PNG, "  \n ", "x"), "story .* is empty"),
        (lambda: project.add_image_story("D2", PNG, story, " "), "Describe drawing_the_way_home.png"),
        (lambda: project.add_image_story("D2", PNG, story, "x"), "imported"),  # the same picture and story again
        (lambda: project.image_story("board"), "'board' has no image"),
    ]:
        with pytest.raises(WorkbenchError, match=message):
            call()
    assert snapshot(project) == before


def test_word_cloud_counts_and_board_with_clusters(workshop):
    project = workshop
    counts = project.word_counts()
    assert counts.iloc[0].tolist() == ["knowing", 7, 7]
    assert not counts["word"].isin(["the", "to", "a", "who"]).any()
    figure = word_cloud(counts)
    sizes = figure.data[0].textfont.size
    assert figure.data[0].text[0] == "knowing" and sizes[0] == max(sizes) and sizes[-1] == min(sizes)
    text = project.document_text("board")
    phrase = "Waited 7 hrs for my TTOs!!"
    project.apply_code("board", "Waiting for take-home medicines", text.index(phrase), text.index(phrase) + len(phrase))
    board = project.board("board")
    assert len(board) == 60 and board["cluster"].iloc[0] == "Medicines"
    assert board.set_index("text").loc[phrase, "codes"] == ["Waiting for take-home medicines"]
    clusters = list(dict.fromkeys(board["cluster"]))
    drawn = sticky_board(board)
    assert [a.text for a in drawn.layout.annotations] == [f"<b>{c}</b>" for c in clusters]
    assert sum(len(trace.x) for trace in drawn.data) == 60


def test_user_text_in_figures_is_escaped(project):
    project.import_bytes(b"text,cluster\n<img src=x onerror=alert(1)>,<script>\n", "hostile.csv", kind="workshop board")
    drawn = sticky_board(project.board("hostile"))
    as_json = drawn.to_json()
    assert "<img" not in as_json and "<script>" not in as_json and "&lt;img" in as_json


def test_who_shaped_the_analysis_by_role_never_shows_private_memos(workshop):
    project = workshop
    project.start_voting("W", dots=3)
    project.vote("W", "Medicines ready", dots=2, member="Jo Bennett")
    partner = project.as_member(*PARTNER)
    text = partner.document_text("board")
    partner.apply_code("board", "Medicines", 0, 10)
    code_id = int(partner.codes().set_index("name").loc["Medicines", "id"])
    partner.add_memo("Shared thought on medicines", "code", code_id)
    partner.add_memo("PRIVATE worry about a participant", "code", code_id, private=True)
    partner.capture_idea(segment=note_id(partner, "Pharmacist"), theme="Medicines ready")
    study = project.contribution_by_role()
    mine = study[study["role"] == "lived-experience partner"].set_index("kind")
    assert mine["count"].to_dict() == {"coding": 1, "memo": 1, "theme": 1, "vote": 2, "idea": 1}
    assert mine.loc["idea", "examples"] == ["Pharmacist to sit down + go through meds"]
    assert "Jo Bennett" not in study.to_string()  # roles, not names
    everything = project.contributions().to_string() + study.to_string()
    assert "PRIVATE" not in everything and "Shared thought" not in everything
    theme = project.contribution_by_role("Someone to call").set_index(["role", "kind"])["count"].to_dict()
    assert theme == {("researcher", "code"): 1, ("researcher", "theme"): 1}
    with pytest.raises(WorkbenchError, match="no theme called 'Nope'"):
        project.contribution_by_role("Nope")
    drawn = contribution_by_role(study)
    assert {bar.name for bar in drawn.data} == {"lived-experience partner", "researcher"}
    assert text  # the board was read as the partner


def test_an_existing_project_gets_the_coproduction_tables(project_path):
    Project.create(project_path, member="Alex Morgan").close()
    engine = create_engine(f"sqlite:///{project_path}")
    with engine.begin() as conn:  # as a project made before this issue was
        for table in ("report_sections", "document_images", "ideas", "votes", "vote_sessions", "theme_codes", "themes"):
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("DELETE FROM schema_migrations WHERE name = '0008_coproduction'"))
    engine.dispose()
    with Project.open(project_path, member="Alex Morgan") as reopened:
        reopened.add_code("Medicines")
        reopened.add_theme("Medicines ready", codes=["Medicines"])
        assert reopened.summary()["themes"] == 1 and reopened.summary()["ideas"] == 0
    assert project_path.with_name(project_path.name + ".bak-0008_coproduction").exists()


def test_a_workshop_poll_ranked_with_shares_ties_and_comments(project):
    project.import_file(SAMPLE_DATA / "workshop" / "poll.csv")
    project.import_bytes(b"option,votes\nSame,3\n<b>Tie</b>,3\nLast,1\n", "tied.csv", kind="poll")
    results = project.poll_results("poll")
    raw = pd.read_csv(SAMPLE_DATA / "workshop" / "poll.csv")
    assert results.iloc[0][["rank", "option", "votes"]].tolist() == [1, "Medicines ready the night before", 19]
    assert results["votes"].is_monotonic_decreasing and results["share"].sum() == pytest.approx(1, abs=0.01)
    assert results.set_index("option").loc["A named contact for every patient", "comments"] == 1
    assert results["votes"].sum() == raw["votes"].sum() and len(results) == len(raw)
    tied = project.poll_results("tied")
    assert tied[["rank", "option", "votes"]].values.tolist() == [[1, "Same", 3], [1, "<b>Tie</b>", 3], [3, "Last", 1]]
    assert set(project.poll_results()["document"]) == {"poll", "tied"}
    drawn = poll_results(tied)
    assert "<b>Tie</b>" not in drawn.to_json() and drawn.data[0].text[0] == "1 (14%)"
    project.import_file(SAMPLE_DATA / "workshop" / "board.csv")
    with pytest.raises(WorkbenchError, match="'board' is not a poll"):
        project.poll_results("board")
