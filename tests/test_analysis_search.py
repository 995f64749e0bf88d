"""Text search (issue 13): modes, case and accents, unicode offsets, filters, and
coding all hits (or the ticked ones) in one logged, undoable step; on both backends."""

import pytest

from workbench import WorkbenchError

from analysis_helpers import build_study

UNICODE = "Dee: 😀 Die Große Straße war naïve. STRASSE! Crème brûlée; cafe\u0301 not here.\n".encode()


@pytest.fixture
def study(backend_project):
    build_study(backend_project)
    return backend_project


def test_case_and_accents_do_not_matter_unless_asked(study):
    hits = study.search("cafe")
    assert hits["hit"].tolist() == ["Café", "CAFE"]
    assert hits["speaker"].tolist() == ["Ben", "Ben"]
    assert (hits["left"].iloc[0], hits["right"].iloc[0]) == ("The tablets were late. ", " was shut.")
    assert study.search("Café", case_sensitive=True, accent_sensitive=True)["hit"].tolist() == ["Café"]
    assert study.search("café", case_sensitive=True)["hit"].tolist() == []
    assert study.search("CAFE", case_sensitive=True)["hit"].tolist() == ["CAFE"]


def test_phrase_whole_word_words_and_regex(study):
    assert study.search("phone")["hit"].tolist() == ["phone", "phone"]  # inside "phoned" too
    assert study.search("phone", "whole word")["speaker"].tolist() == ["Cal"]
    assert study.search("one   number", "phrase")["hit"].tolist() == ["one number"]
    assert study.search("phone one", "words")["hit"].tolist() == ["one", "phone"]
    assert study.search(r"ph\w+ed", "regex")["hit"].tolist() == ["phoned"]
    with pytest.raises(WorkbenchError, match="regular expression"):
        study.search("ph(one", "regex")
    with pytest.raises(WorkbenchError, match="Say what to search for"):
        study.search("   ")


def test_hits_stay_inside_turns_and_follow_the_filters(study):
    assert study.search("Ben")["hit"].tolist() == []  # speaker labels are not anyone's words
    assert study.search("cafe", where={"role": "carer"}).empty
    assert len(study.search("phone", where={"site": "North"})) == 2
    assert study.search("phone", documents=["int_a"], context=3)["left"].tolist() == ["dy ", "to "]


def test_unicode_offsets_are_python_string_indices(study):
    study.import_bytes(UNICODE, "int_u.txt")
    text = study.document_text("int_u")
    for pattern, expected in [("strasse", ["Straße", "STRASSE"]), ("naive", ["naïve"]), ("creme brulee", ["Crème brûlée"]),
                              ("grosse", ["Große"])]:
        hits = study.search(pattern, documents=["int_u"])
        assert hits["hit"].tolist() == expected, pattern
        assert [text[s:e] for s, e in zip(hits["start"], hits["end"])] == expected
    assert study.search("cafe", documents=["int_u"])["hit"].tolist() == ["café"]  # decomposed at import, stored as NFC


def test_code_all_hits_is_one_logged_undoable_step_credited_to_the_member(study):
    jo = study.acting_as("Jo Bennett", "lived-experience partner")
    hits = jo.search("phone")
    before = len(study.codings())
    ids = jo.code_hits(hits, "Contact")
    codings = study.codings()
    assert len(ids) == 2 and len(codings) == before + 2
    made = codings[codings["id"].isin(ids)]
    assert set(made["member"]) == {"Jo Bennett"} and sorted(made["text"]) == ["phone", "phone"]
    events = study.events()
    assert (events.loc[events["action"] == "coding.apply", "actor"].tail(2) == "Jo Bennett").all()
    assert jo.undo()["changes"] >= 2
    assert len(study.codings()) == before


def test_code_only_the_ticked_hits(study):
    hits = study.search("cafe")
    ids = study.as_member("Alex Morgan").code_hits(hits, "Praise", rows=[hits.index[1]])
    assert study.codings().set_index("id").loc[ids, "text"].tolist() == ["CAFE"]
    with pytest.raises(WorkbenchError, match="code"):
        study.code_hits(hits, "No such code")
    assert len(study.codings()) == 9  # the eight of the study and the one ticked


def test_command_line_search_and_code_hits(tmp_path, capsys):
    import json

    from workbench import Project
    from workbench.cli import main

    path = tmp_path / "study.db"
    with Project.create(path, member="Alex Morgan") as project:
        build_study(project)
    assert main(["search", str(path), "CAFE", "--json"]) == 0
    assert [row["text"] for row in json.loads(capsys.readouterr().out)] == ["Café", "CAFE"]
    assert main(["search", str(path), "phone", "--mode", "whole word", "--code", "Praise"]) == 2
    assert "--member" in capsys.readouterr().err
    assert main(["search", str(path), "phone", "--mode", "whole word", "--code", "Praise",
                 "--member", "Jo Bennett"]) == 0
    with Project.open(path) as project:
        coded = project.codings()
    assert coded[(coded["code"] == "Praise") & (coded["member"] == "Jo Bennett")]["text"].tolist() == ["phone"]
