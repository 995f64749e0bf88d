"""Migration 0019_scale: the undo log's check on `change` as ORs instead of an IN list.

SQLite evaluates `change IN ('insert', 'update', 'delete')` by building a small
temporary index for every row it checks: a third of the cost of writing 100,000 undo
steps (issue 16). SQLite cannot alter a constraint, so the table is rebuilt (its rows
copied in one statement); PostgreSQL swaps the constraint.
"""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.schema import CreateTable

from .schema import undo_steps

CHECK_NAME = "undo_change_known"


def undo_check_without_in_list(conn: Connection) -> None:
    check = next(c for c in undo_steps.constraints if getattr(c, "name", None) == CHECK_NAME)
    condition = str(check.sqltext)
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"ALTER TABLE undo_steps DROP CONSTRAINT IF EXISTS {CHECK_NAME}"))
        conn.execute(text(f"ALTER TABLE undo_steps ADD CONSTRAINT {CHECK_NAME} CHECK ({condition})"))
        return
    if conn.dialect.name != "sqlite":
        return
    create = str(CreateTable(undo_steps).compile(dialect=conn.dialect))
    conn.execute(text(create.replace("CREATE TABLE undo_steps", "CREATE TABLE undo_steps_rebuilt", 1)))
    columns = ", ".join(column.name for column in undo_steps.columns)
    conn.execute(text(f"INSERT INTO undo_steps_rebuilt ({columns}) SELECT {columns} FROM undo_steps"))
    conn.execute(text("DROP TABLE undo_steps"))
    conn.execute(text("ALTER TABLE undo_steps_rebuilt RENAME TO undo_steps"))
    for index in undo_steps.indexes:
        index.create(conn)
