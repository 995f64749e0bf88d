"""One coding, few statements (issue 16): who is acting and their access level are
read in one statement, a span is checked against the document's stored length, and
an older project gains that length by migration 0022_text_length; SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from workbench.errors import WorkbenchError
from workbench.hub.permissions import PermissionRefused
from workbench.project import Project

from support import statements_sent

TRANSCRIPT = "".join(f"Person: turn {turn} about the ward 💊 and going home.\n" for turn in range(20))


@pytest.fixture
def coded(backend_project):
    backend_project.import_bytes(TRANSCRIPT.encode(), "talk.txt")
    backend_project.add_code("Waiting")
    return backend_project


def test_one_coding_is_checked_and_logged_in_few_statements(coded):
    coded.apply_code("talk", "Waiting", 0, 6)  # statements built and cached
    sent, coding_id = statements_sent(coded, lambda: coded.apply_code("talk", "Waiting", 8, 12))
    # begin (SQLite) or the write lock (PostgreSQL); who is acting, with their level;
    # document, code and span; the coding, its event and its undo step
    assert len(sent) <= (6 if coded.store.engine.dialect.name == "sqlite" else 4), sent
    events = coded.events()
    assert events.iloc[-1]["action"] == "coding.apply" and events.iloc[-1]["entity_id"] == coding_id
    assert coded.undo()["actions"] == ["coding.apply"]
    assert list(coded.codings()["start"]) == [0]


def test_access_read_with_the_member_still_refuses_a_viewer_and_follows_a_grant(coded):
    coded.set_access("Val Okafor", "viewer", role="lived-experience partner")
    viewer = coded.acting_as("Val Okafor", None)
    with pytest.raises(PermissionRefused, match="Val Okafor is a viewer"):
        viewer.apply_code("talk", "Waiting", 0, 6)
    coded.set_access("Val Okafor", "member")
    assert viewer.apply_code("talk", "Waiting", 0, 6)
    with coded.store.write(coded.actor) as writer:  # a grant inside a write is read afresh after it
        from workbench.hub import access

        assert access.acting_level(writer) == "lead"
        access.grant(writer, "Val Okafor", "lead")
        access.grant(writer, "Alex Morgan", "viewer")
        assert access.acting_level(writer) == "viewer"


def test_a_span_is_checked_against_the_stored_length_kept_by_imports(coded):
    length = len(coded.document_text("talk"))
    with coded.store.read() as conn:
        assert conn.execute(text("SELECT text_length FROM documents")).scalar() == length
    assert coded.apply_code("talk", "Waiting", length - 5, length)
    with pytest.raises(WorkbenchError, match=f"it has {length} characters"):
        coded.apply_code("talk", "Waiting", length - 5, length + 1)
    with pytest.raises(WorkbenchError, match="not inside their document"):
        coded.apply_codes([{"document": "talk", "code": "Waiting", "start": 0, "end": length + 1}])
    assert coded.documents().iloc[0]["characters"] == length


def test_migration_0022_stores_an_older_projects_text_lengths(store_target):
    with Project.create(store_target, member="Alex Morgan") as project:
        project.import_bytes(TRANSCRIPT.encode(), "talk.txt")
        project.add_code("Waiting")
        length = len(project.document_text("talk"))
        with project.store.engine.begin() as conn:  # as a project saved before issue 16's length
            conn.execute(text("ALTER TABLE documents DROP COLUMN text_length"))
            conn.execute(text("DELETE FROM schema_migrations WHERE name = '0022_text_length'"))
    with Project.open(store_target, member="Alex Morgan") as reopened:
        with reopened.store.read() as conn:
            assert conn.execute(text("SELECT text_length FROM documents")).scalar() == length
        with pytest.raises(WorkbenchError, match=f"it has {length} characters"):
            reopened.apply_code("talk", "Waiting", 0, length + 1)
        reopened.import_bytes(b"Person: a second talk.\n", "second.txt")
        second = len(reopened.document_text("second"))
        assert list(reopened.documents()["characters"]) == [length, second]
