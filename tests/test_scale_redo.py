"""Redo of a large batch, set-based (issue 16): every coding comes back with its id,
its own event and undo step, in a few statements whatever the number of rows; a redo
of a merge puts each coding's code back, and undo puts back removed codings with their
ids; a merge itself is set-based too; SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import text

from support import statements_sent

TRANSCRIPT = "".join(f"Person: turn {turn} about the ward and going home.\n" for turn in range(150))


def _coded(project):
    project.import_bytes(TRANSCRIPT.encode(), "talk.txt")
    for name in ("Waiting", "Home"):
        project.add_code(name)
    rows = [{"document": "talk", "code": code, "start": int(s.start), "end": int(s.end)}
            for s in project.segments("talk").itertuples() for code in ("Waiting", "Home")]
    return project, project.apply_codes(rows)


def test_redo_of_a_large_batch_puts_each_coding_back_logged_in_few_statements(backend_project):
    project, ids = _coded(backend_project)
    before = project.codings().set_index("id").sort_index()
    project.undo()
    assert project.codings().empty
    sent, redone = statements_sent(project, project.redo)
    statements = len(sent)
    assert redone["changes"] == len(ids) == 300
    assert statements < 30  # not one or more per coding
    after = project.codings().set_index("id").sort_index()
    assert after[["code", "start", "end", "member"]].equals(before[["code", "start", "end", "member"]])
    events = project.events()
    logged = events[events["action"] == "coding.apply.redo"]
    assert sorted(logged["entity_id"]) == sorted(ids) and set(logged["actor"]) == {"Alex Morgan"}
    with project.store.read() as conn:
        steps = conn.execute(text("SELECT count(*), count(DISTINCT event_id) FROM undo_steps WHERE change = 'insert' "
                                  "AND event_id IN (SELECT id FROM events WHERE action = 'coding.apply.redo')")).one()
    assert tuple(steps) == (300, 300)
    assert project.undo()["changes"] == 300  # the redo is a change like any other
    assert project.codings().empty


def test_undo_and_redo_of_a_merge_move_each_coding_and_put_back_the_duplicates(backend_project):
    project, ids = _coded(backend_project)
    project.add_code("Going home")
    segments = project.segments("talk").head(10)
    project.apply_codes([{"document": "talk", "code": "Going home", "start": int(s.start), "end": int(s.end)}
                         for s in segments.itertuples()])  # ten of the Home codings have a twin already
    before = project.codings().set_index("id").sort_index()[["code", "start", "end"]]
    sent, moved = statements_sent(project, lambda: project.merge_codes("Home", "Going home"))
    statements = len(sent)
    assert moved == len(ids) // 2 - 10 and statements < 30  # set-based, not a few per coding
    assert len(project.codings()) == len(before) - 10
    undone = project.undo()
    assert undone["changes"] == len(ids) // 2 + 1  # each Home coding moved or removed, and Home archived
    assert project.codings().set_index("id").sort_index()[["code", "start", "end"]].equals(before)
    project.redo()
    assert set(project.codings()["code"]) == {"Waiting", "Going home"}
    assert len(project.codings()) == len(before) - 10
    events = project.events()
    assert (events["action"] == "coding.recode.redo").sum() == len(ids) // 2 - 10
    assert (events["action"] == "coding.remove.undo").sum() == 10
