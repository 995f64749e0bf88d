"""Themes as first-class (issue 14): summary, sub-themes, codes and passages, who shaped
them, origin, moves/splits/merges, the review and partners' responses; SQLite and PostgreSQL."""

import pytest

from workbench import WorkbenchError

TRANSCRIPT = ("[00:00:01] Interviewer: How was the day you left?\n"
              "[00:00:05] Rose: I waited all day for my tablets and nobody rang me after.\n"
              "[00:00:09] Rose: The ramp was left folded in the hall.\n").encode()


@pytest.fixture
def project(backend_project):
    project = backend_project
    project.import_bytes(TRANSCRIPT, "rose.txt")
    text = project.document_text("rose")
    for code, words in (("Waiting", "waited all day"), ("No call", "nobody rang me"), ("Equipment", "ramp was left")):
        project.add_code(code)
        start = text.index(words)
        project.apply_code("rose", code, start, start + len(words))
    project.acting_as("Chris Lee", "facilitator").add_memo("Facilitating.")
    project.acting_as("Jo Bennett", "lived-experience partner").add_memo("Here.")
    return project


def test_a_theme_has_summary_sub_themes_codes_passages_and_who_shaped_it(project):
    facilitator = project.acting_as("Chris Lee", "facilitator")
    facilitator.add_theme("Left alone", codes=["Waiting", "No call"], summary="Nobody owns the first week.",
                          member="Jo Bennett")  # Jo proposed it on the shared screen
    project.add_theme("Home not ready", codes=["Equipment"], parent="Left alone")
    project.edit_theme("Left alone", summary="Nobody owns the first week at home.")
    themes = project.themes().set_index("name")
    left = themes.loc["Left alone"]
    assert (left["created_by"], left["role"], left["status"], left["passages"]) == (
        "Jo Bennett", "lived-experience partner", "candidate", 2)
    assert left["codes"] == ["Waiting", "No call"] and left["summary"] == "Nobody owns the first week at home."
    assert left["shaped_by"] == {"lived-experience partner": 4, "researcher": 1}  # create, 2 codes, summary; edit
    assert left["origin"] == "codes" and left["parent"] is None
    assert themes.loc["Home not ready", "parent"] == "Left alone"
    entered = project.events().query("entity == 'themes' and action == 'theme.create'").iloc[0]
    assert entered["details"]["entered_by"] == "Chris Lee"
    assert sorted(project.theme_passages("Left alone")["text"]) == ["nobody rang me", "waited all day"]


def test_moves_splits_merges_and_no_cycles(project):
    project.add_theme("Left alone", codes=["Waiting", "No call", "Equipment"])
    project.add_theme("Home not ready")
    project.move_code_to_theme("Equipment", "Left alone", "Home not ready")
    codes = project.themes().set_index("name")["codes"]
    assert codes["Left alone"] == ["Waiting", "No call"] and codes["Home not ready"] == ["Equipment"]
    project.split_theme("Left alone", "No one rang", ["No call"], summary="Calls promised, not made.")
    themes = project.themes().set_index("name")
    assert themes.loc["Left alone", "codes"] == ["Waiting"] and themes.loc["No one rang", "codes"] == ["No call"]
    project.set_theme_parent("No one rang", "Left alone")
    with pytest.raises(WorkbenchError, match="cannot be its own sub-theme"):
        project.set_theme_parent("Left alone", "No one rang")
    project.start_voting("Workshop", dots=2)
    project.vote("Workshop", "No one rang", member="Alex Morgan")
    project.respond_to_theme("No one rang", "fits")
    project.merge_themes("No one rang", "Left alone")
    themes = project.themes().set_index("name")
    assert "No one rang" not in themes.index
    assert themes.loc["Left alone", "codes"] == ["Waiting", "No call"] and themes.loc["Left alone", "dots"] == 1
    assert project.theme_review_tally().set_index("theme").loc["Left alone", "fits"] == 1
    with pytest.raises(WorkbenchError, match="not in the theme"):
        project.move_code_to_theme("Equipment", "Left alone", "Home not ready")
    with pytest.raises(WorkbenchError, match="not in the theme 'Home not ready'"):
        project.split_theme("Home not ready", "New", ["Waiting"])


def test_candidate_reviewed_final_with_the_review_recorded(project):
    project.add_theme("Left alone", codes=["Waiting"])
    with pytest.raises(WorkbenchError, match="still a candidate; review it first"):
        project.review_theme("Left alone", "final", "Looks done.")
    with pytest.raises(WorkbenchError, match="Say what the review changed"):
        project.review_theme("Left alone", "reviewed")
    jo = project.acting_as("Jo Bennett", "lived-experience partner")
    jo.review_theme("Left alone", "reviewed", "Added the point about evenings.")
    project.review_theme("Left alone", "final", "Nothing changed.")
    with pytest.raises(WorkbenchError, match="final already"):
        project.review_theme("Left alone", "final", "x")
    reviews = project.theme_reviews("Left alone")
    assert list(zip(reviews["from_status"], reviews["to_status"], reviews["reviewed_by"], reviews["role"])) == [
        ("candidate", "reviewed", "Jo Bennett", "lived-experience partner"), ("reviewed", "final", "Alex Morgan",
                                                                              "researcher")]
    assert reviews["changes"].iloc[0] == "Added the point about evenings." and reviews["reviewed_at"].notna().all()
    assert project.themes().set_index("name").loc["Left alone", "status"] == "final"
    assert project.undo()["actions"] == ["theme.review", "theme.review"]
    assert project.themes().set_index("name").loc["Left alone", "status"] == "reviewed"
    with pytest.raises(WorkbenchError, match="not 'done'"):
        project.review_theme("Left alone", "done", "x")


def test_partner_responses_are_credited_by_role_and_tallied(project):
    project.add_theme("Left alone", codes=["Waiting"])
    project.add_theme("Home not ready", codes=["Equipment"])
    facilitator = project.acting_as("Chris Lee", "facilitator")
    facilitator.respond_to_theme("Left alone", "fits", "That is how it was.", member="Jo Bennett")
    project.acting_as("Sam Reid", "lived-experience partner").respond_to_theme(
        "Left alone", "missing something", "Evenings were the worst.")
    project.respond_to_theme("Left alone", "does not fit", "Too broad.")
    project.respond_to_theme("Left alone", "fits")  # Alex changes their mind: replaces, not adds
    with pytest.raises(WorkbenchError, match="Say what is missing"):
        project.respond_to_theme("Home not ready", "missing something")
    with pytest.raises(WorkbenchError, match="one of fits, does not fit, missing something"):
        project.respond_to_theme("Home not ready", "maybe")
    tally = project.theme_review_tally().set_index("theme")
    assert tally.loc["Left alone", ["fits", "does not fit", "missing something", "responses"]].tolist() == [2, 0, 1, 3]
    assert tally.loc["Left alone", "by_role"] == {"lived-experience partner": {"fits": 1, "missing something": 1},
                                                  "researcher": {"fits": 1}}
    assert tally.loc["Home not ready", "responses"] == 0
    responses = project.theme_responses("Left alone").set_index("member")
    assert responses.loc["Jo Bennett", "role"] == "lived-experience partner"
    assert responses.loc["Sam Reid", "comment"] == "Evenings were the worst."
    credited = project.events().query("action == 'theme.respond'")
    assert credited.iloc[0]["actor"] == "Jo Bennett" and credited.iloc[0]["details"]["entered_by"] == "Chris Lee"
    assert "Evenings" not in str(list(project.events()["details"]))  # comments are text: lengths only in the log


def test_a_theme_from_a_topic_names_its_origin(project):
    from workbench.store.schema import theme_topics, topic_runs, topics

    project.add_theme("From topic")
    with project._write() as writer:  # a topic run's link, as promote_topic_to_theme writes it
        run = writer.insert(topic_runs, {"name": "r", "embedding_model": "m", "segment_count": 1,
                                         "created_by": writer.member_id, "created_at": "now"}, "topics.run")
        topic = writer.insert(topics, {"run_id": run, "number": 0, "label": "ramps and rails", "size": 1}, "topics.add")
        writer.insert(theme_topics, {"theme_id": project.themes().iloc[0]["id"].item(), "run_id": run,
                                     "topic_id": topic, "added_by": writer.member_id, "added_at": "now"},
                      "theme.from_topic")
    assert project.themes().iloc[0]["origin"] == f"topic: ramps and rails (run {run})"


def test_withdrawal_removes_quotes_from_theme_texts_and_their_undo_copies(project):
    from workbench.store.schema import undo_steps

    project.import_bytes(b"pseudonym,consent\nWren,given\n", "people.csv", kind="participants")
    project.import_bytes("[00:00:01] Wren: The district nurse never came on the Sunday evening.\n".encode(), "wren.txt")
    project.add_theme("Left alone", codes=["Waiting"], summary="As Wren said, the district nurse never came.")
    project.respond_to_theme("Left alone", "missing something", "Like: the district nurse never came on Sunday.")
    project.edit_theme("Left alone", summary="Nobody owns the first week.")  # the old summary is kept for undo
    project.review_theme("Left alone", "reviewed", "Added: the district nurse never came.")
    project.withdraw("Wren", erase=True)
    texts = [project.themes().iloc[0]["summary"], project.theme_responses().iloc[0]["comment"],
             project.theme_reviews().iloc[0]["changes"]]
    assert texts[0] == "Nobody owns the first week."
    assert all("district nurse never came" not in text for text in texts)
    assert project.theme_responses().iloc[0]["verdict"] == "missing something"  # the view itself stays
    with project.store.read() as conn:
        kept = conn.execute(undo_steps.select().where(undo_steps.c.table_name.like("theme%"))).mappings().all()
    assert not any("district nurse never came" in f"{row['old_values']}{row['new_values']}" for row in kept)


def test_memos_themes_and_review_from_the_command_line(tmp_path, capsys):
    import json

    from workbench import Project
    from workbench.cli import main

    path = tmp_path / "study.db"
    with Project.create(path, member="Alex Morgan", role="researcher") as project:
        project.add_code("Waiting")
        project.add_theme("Left alone", codes=["Waiting"], summary="Nobody owns the first week.")
        project.acting_as("Jo Bennett", "lived-experience partner").respond_to_theme("Left alone", "fits")
        project.add_memo("Why this theme.", "theme", "Left alone")
        project.add_memo("I felt uneasy.", memo_type="reflexive", private=True)
    assert main(["review-theme", str(path), "Left alone", "--status", "reviewed", "--changes", "Reworded.",
                 "--member", "Alex Morgan"]) == 0
    assert "'Left alone' is now reviewed" in capsys.readouterr().out
    assert main(["themes", str(path), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["status"] == "reviewed" and listed[0]["fits"] == 1 and listed[0]["codes"] == ["Waiting"]
    assert main(["memos", str(path), "--shared-only", "--json"]) == 0
    assert [m["on"] for m in json.loads(capsys.readouterr().out)] == ["theme: Left alone"]
    assert main(["memos", str(path), "--journal", "Alex Morgan", "--json"]) == 0
    assert [m["text"] for m in json.loads(capsys.readouterr().out)] == ["I felt uneasy."]
    assert main(["review-theme", str(path), "Left alone", "--status", "final", "--member", "Alex Morgan"]) == 2
    assert "Say what the review changed" in capsys.readouterr().err


def test_a_theme_under_a_later_theme_copies_to_postgresql(tmp_path, postgres_url):
    """A copy inserts rows in id order; a sub-theme may sit under a theme made after it."""
    from workbench import Project
    from workbench.store.transfer import copy_project

    with Project.create(tmp_path / "study.db", member="Alex Morgan", role="researcher") as project:
        project.add_theme("Made first")
        project.add_theme("Made second")
        project.set_theme_parent("Made first", "Made second")
        counts = copy_project(project.store, postgres_url)
    assert counts["themes"] == 2
    with Project.open(postgres_url) as copied:
        assert copied.themes().set_index("name").loc["Made first", "parent"] == "Made second"
