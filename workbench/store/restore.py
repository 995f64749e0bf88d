"""Changes taken back set-based: a redo of an undone batch puts back thousands of
codings (or codes, memos, themes) in a few statements, not one per row.

Each row is logged with its own event and undo step exactly as `Writer.insert` or
`Writer.update` logs one row, so undo, the history and counts of who did what read
the result as they read any change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select

from .bulk_insert import executemany
from .undo import record_steps
from .writer import Writer, _by_columns, _chunks, _rows_details_json


def insert_back(writer: Writer, table: Table, rows: list[dict[str, Any]], action: str) -> list[int]:
    """Insert deleted rows (each with every value it had, its id included) again; a row
    whose id was given to a newer row since gets a new id. Returns the ids, in order."""
    if not rows:
        return []
    taken: set[int] = set()
    for chunk in _chunks([row["id"] for row in rows]):
        taken.update(writer.conn.execute(select(table.c.id).where(table.c.id.in_(chunk))).scalars())
    kept = [row for row in rows if row["id"] not in taken]
    for group in _by_columns(kept):  # one statement per set of columns (an older step may lack a newer one)
        executemany(writer.conn, table, group)
    kept_ids = [row["id"] for row in kept]
    event_ids = writer._log_many(action, table.name, kept_ids, _rows_details_json(kept, writer.context))
    record_steps(writer, table, kept_ids, "insert", event_ids, None, None)
    moved = writer.insert_many(table, [{k: v for k, v in row.items() if k != "id"} for row in rows
                                       if row["id"] in taken], action)
    new_ids = iter(moved)
    return [row["id"] if row["id"] not in taken else next(new_ids) for row in rows]


def update_back(writer: Writer, table: Table, changes: list[tuple[int, dict[str, Any]]], action: str) -> None:
    """`Writer.update` for many rows, in order, one statement per run of changes to
    the same columns of different rows (a row changed twice starts a new run, so each
    step keeps the values from just before its own change)."""
    run: list[tuple[int, dict[str, Any]]] = []
    in_run: set[int] = set()
    for change in changes:
        if run and (tuple(change[1]) != tuple(run[0][1]) or change[0] in in_run):
            writer.update_many(table, run, action)
            run, in_run = [], set()
        run.append(change)
        in_run.add(change[0])
    if run:
        writer.update_many(table, run, action)
