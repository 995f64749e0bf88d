"""Paths and helpers shared by test files (import them from here, not from conftest:
tests/ui has a conftest of its own and the two share a module name)."""

import os
from pathlib import Path

from workbench import Project

REPO = Path(__file__).resolve().parent.parent
VALIDATION = Path(os.environ.get("WORKBENCH_VALIDATION", REPO.parent / "shared" / "validation"))
SAMPLE_DATA = REPO / "sample_data"


def snapshot(project: Project) -> dict:
    """Everything a project holds, to compare before and after a refused action."""
    def comparable(frame):  # NaN (an empty number) never equals itself; None does
        return frame.astype(object).where(frame.notna(), None).to_dict("records")

    return {
        name: comparable(getattr(project, name)())
        for name in ("documents", "segments", "participants", "members", "codes", "codings", "memos", "events")
    }


def send(widget, **content):
    """What the widget's page would send: a message, handled as anywidget hands it over."""
    widget._on_message(widget, content, [])
    return widget


def statements_sent(project: Project, work):
    """The SQL statements `work()` sends to the project's database, and what it returns."""
    from sqlalchemy import event

    sent = []
    listener = lambda conn, cursor, statement, *rest: sent.append(statement)  # noqa: E731
    event.listen(project.store.engine, "before_cursor_execute", listener)
    try:
        result = work()
    finally:
        event.remove(project.store.engine, "before_cursor_execute", listener)
    return sent, result
