"""Many codings at once (issue 16): the same rules, log, undo and credit as one coding,
written set-based, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.errors import WorkbenchError

TRANSCRIPT = "\n".join(
    f"{'Interviewer' if turn % 2 == 0 else 'Person'}: turn {turn} about the ward and going home." for turn in range(40)
) + "\n"


@pytest.fixture
def coded_project(backend_project):
    backend_project.import_bytes(TRANSCRIPT.encode(), "talk.txt")
    for name in ("Waiting", "Home", "Staff"):
        backend_project.add_code(name)
    return backend_project


def _rows(project, codes=("Waiting", "Home")):
    segments = project.segments("talk")
    return [{"document": "talk", "code": code, "start": int(s.start), "end": int(s.end)}
            for s in segments.itertuples() for code in codes]


def _events(project, action):
    events = project.events()
    return events[events["action"] == action]


def test_apply_codes_stores_each_coding_with_its_own_event_and_undo_step(coded_project):
    rows = _rows(coded_project)
    before = coded_project.last_event_id()
    ids = coded_project.apply_codes(pd.DataFrame(rows))
    assert len(ids) == len(rows) == len(set(ids))
    codings = coded_project.codings().set_index("id").loc[ids]
    assert list(codings["code"]) == [row["code"] for row in rows]
    assert list(codings["start"]) == [row["start"] for row in rows]
    assert set(codings["member"]) == {"Alex Morgan"}
    text = coded_project.document_text("talk")
    assert list(codings["text"]) == [text[row["start"]:row["end"]] for row in rows]
    applied = _events(coded_project, "coding.apply")
    applied = applied[applied["id"] > before]
    assert sorted(applied["entity_id"]) == sorted(ids)
    assert set(applied["actor"]) == {"Alex Morgan"} and set(applied["role"]) == {"researcher"}

    undone = coded_project.undo()
    assert undone["changes"] == len(rows)
    assert coded_project.codings().empty
    assert len(_events(coded_project, "coding.apply.undo")) == len(rows)


def test_apply_codes_gives_existing_ids_for_codings_stored_already(coded_project):
    rows = _rows(coded_project, codes=("Waiting",))
    first = coded_project.apply_code("talk", "Waiting", rows[3]["start"], rows[3]["end"])
    ids = coded_project.apply_codes(rows + rows[:2])  # a repeat inside the batch too
    assert ids[3] == first
    assert ids[-2:] == ids[:2]
    assert len(coded_project.codings()) == len(rows)
    assert len(_events(coded_project, "coding.apply")) == len(rows)


def test_apply_codes_checks_every_row_before_storing_any(coded_project):
    rows = _rows(coded_project)
    before = (len(coded_project.codings()), coded_project.last_event_id())
    length = len(coded_project.document_text("talk"))
    for bad, message in (
        ({**rows[-1], "end": length + 5}, "not inside their document"),
        ({**rows[-1], "start": rows[-1]["end"]}, "not inside their document"),
        ({**rows[-1], "code": "No such code"}, "no code called 'No such code'"),
        ({**rows[-1], "document": "missing"}, "no document 'missing'"),
    ):
        with pytest.raises(WorkbenchError, match=message):
            coded_project.apply_codes(rows[:-1] + [bad])
        assert (len(coded_project.codings()), coded_project.last_event_id()) == before
    with pytest.raises(WorkbenchError, match="needs"):
        coded_project.apply_codes([{"document": "talk", "code": "Home"}])


def test_apply_codes_credits_the_named_coder_and_counts_by_role(coded_project):
    rows = _rows(coded_project, codes=("Staff",))
    coded_project.acting_as("Jo Bennett", "lived-experience partner").add_code("Kindness")
    ids = coded_project.apply_codes([{**row, "member": "Jo Bennett"} for row in rows[:10]] + rows[10:])
    codings = coded_project.codings().set_index("id").loc[ids]
    assert list(codings["member"]) == ["Jo Bennett"] * 10 + ["Alex Morgan"] * (len(rows) - 10)
    assert set(codings.loc[ids[:10], "role"]) == {"lived-experience partner"}
    contributions = coded_project.contributions()
    coded = contributions[contributions["kind"] == "coding"].groupby("member").size()
    assert coded["Jo Bennett"] == 10 and coded["Alex Morgan"] == len(rows) - 10


def test_undo_of_a_batch_is_refused_when_someone_changed_one_of_its_codings(coded_project):
    ids = coded_project.apply_codes(_rows(coded_project))
    coded_project.acting_as("Sam Reid", "researcher").remove_coding(ids[7])
    with pytest.raises(WorkbenchError, match="Sam Reid changed the same thing since"):
        coded_project.undo()
    assert len(coded_project.codings()) == len(ids) - 1


def test_withdrawal_removes_codings_made_in_bulk(backend_project):
    backend_project.import_bytes(b"pseudonym,consent\nPerson,given\n", "people.csv", kind="participants")
    backend_project.import_bytes(TRANSCRIPT.encode(), "talk.txt")
    backend_project.add_code("Home")
    ids = backend_project.apply_codes(_rows(backend_project, codes=("Home",)))
    segments = backend_project.segments("talk")
    theirs = int((segments["participant"] == "Person").sum())
    assert theirs == 20
    report = backend_project.withdraw("Person", erase=True)
    assert report.codings_deleted == theirs
    left = backend_project.codings()
    assert len(left) == len(ids) - theirs and left["text"].str.match(r"turn \d*[02468] ").all()
    with pytest.raises(WorkbenchError):  # undo must never bring their codings back
        while True:
            backend_project.undo()
    assert len(backend_project.codings()) <= len(ids) - theirs


def test_a_survey_with_code_columns_imports_its_ticks_as_logged_codings(backend_project, tmp_path):
    header = "id,answer,role," + ",".join(f"code: Topic {n}" for n in range(6))
    lines = [header] + [f"R{i},Answer number {i} about the ward,{'carer' if i % 3 else 'patient'},"
                        + ",".join("1" if (i + n) % 4 == 0 else "0" for n in range(6)) for i in range(300)]
    path = tmp_path / "survey.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = backend_project.import_file(path, code_columns="code:*", coder="Sam Reid")
    expected = sum((i + n) % 4 == 0 for i in range(300) for n in range(6))
    assert report.codings == expected
    codings = backend_project.codings()
    assert len(codings) == expected and set(codings["member"]) == {"Sam Reid"}
    assert (codings["text"].str.startswith("Answer number")).all()
    first = codings[codings["code"] == "Topic 0"].sort_values("start").iloc[0]
    assert first["text"] == "Answer number 0 about the ward"
    assert len(_events(backend_project, "coding.apply")) == expected
    segments = backend_project.segments()
    assert len(segments) == 300 and segments.iloc[1]["attributes"] == {"role": "carer", "id": "R1"}


def test_codings_made_in_bulk_stay_in_their_coders_layer_while_blind(coded_project):
    lead = coded_project
    lead.set_access("Rui Tan", "member", role="researcher")
    lead.set_access("Sam Partner", "member", role="lived-experience partner")
    lead.set_blind_coding(True)
    rui, sam = lead.acting_as("Rui Tan", None), lead.acting_as("Sam Partner", None)
    rui.apply_codes(_rows(lead, ("Waiting",)))
    sam.apply_codes(pd.DataFrame(_rows(lead, ("Home", "Staff"))))
    assert set(rui.codings()["member"]) == {"Rui Tan"} and len(rui.codings()) == 40
    assert set(sam.codings()["member"]) == {"Sam Partner"} and len(sam.codings()) == 80
    assert set(rui.codes().set_index("name")["codings"][["Home", "Staff"]]) == {0}
    assert not (rui.events()["actor"] == "Sam Partner").any() and (sam.events()["actor"] == "Sam Partner").any()
    lead.reveal_layers()
    assert set(rui.codings()["member"]) == {"Rui Tan", "Sam Partner"} and len(rui.codings()) == 120
    assert (rui.events()["actor"] == "Sam Partner").sum() >= 80
