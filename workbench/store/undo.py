"""Undo: a member takes back their own last change, from what the log recorded.

Every logged insert, update or delete leaves an `undo_steps` row tagged with its
write transaction (`batch`); for the undoable tables (the codebook and the codings:
coding, code edits, merges built from them) it holds the values before and after. Undo
reverses the member's newest batch that is not undone yet, step by step in reverse,
in one transaction, and is itself logged; each reversal is logged as well. It refuses
plainly when someone else has changed the same rows since.
"""

from __future__ import annotations

import json
from itertools import groupby
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.exc import IntegrityError

from ..errors import WorkbenchError
from .schema import events, metadata, undo_steps

UNDOABLE_TABLES = {"codes", "codings", "exclusive_groups", "framework_cells", "memos",  # memos: issue 14
                   "themes", "theme_codes", "theme_reviews", "theme_responses"}  # themes: issue 14
# Tables whose rows are undoable only in these columns, and only when updated: the
# attributes of participants and documents (issue 13). Adding, withdrawing or removing
# a participant or document is not undone, and no undo step keeps their other values.
UNDOABLE_COLUMNS = {"participants": {"attributes"}, "documents": {"attributes"}}


def undoable(table_name: str, columns=None) -> bool:
    """Whether a change of `columns` (None: the whole row, an insert or a delete) of the
    table keeps the values undo needs."""
    if table_name in UNDOABLE_TABLES:
        return True
    allowed = UNDOABLE_COLUMNS.get(table_name)
    return bool(allowed) and columns is not None and bool(columns) and set(columns) <= allowed


def _step_undoable(step) -> bool:
    return step["table_name"] in UNDOABLE_TABLES or (
        step["table_name"] in UNDOABLE_COLUMNS and step["change"] == "update" and step["old_values"] is not None)


def row_values(conn, table: Table, row_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
    return dict(row) if row is not None else None


def record_step(writer, table: Table, row_id, change: str, event_id: int,
                old: dict | None, new: dict | None) -> None:
    """Called by the Writer after each logged change; values only for undoable tables.
    The Writer writes the steps just before its transaction commits."""
    writer.pending_undo_steps.append(dict(
        event_id=event_id, batch=writer.batch, member_id=writer.member_id, table_name=str(table.name),
        row_id=row_id if isinstance(row_id, int) else None, change=change,
        old_values=None if old is None else json.dumps(old, default=str),
        new_values=None if new is None else json.dumps(new, default=str),
    ))


def record_steps(writer, table: Table, row_ids: list, change: str, event_ids: list[int],
                 olds: list[dict | None] | None, news: list[dict | None] | None) -> None:
    """`record_step` for many rows at once, kept column-wise until written."""
    from .bulk_insert import Same

    def encoded(values):
        if values is None:
            return Same(None)
        return [None if value is None else json.dumps(value, default=str) for value in values]

    writer.pending_undo_steps.append(({
        "event_id": event_ids, "batch": Same(writer.batch), "member_id": Same(writer.member_id),
        "table_name": Same(str(table.name)), "row_id": row_ids, "change": Same(change),
        "old_values": encoded(olds), "new_values": encoded(news)}, len(row_ids)))


def _settled_batches(conn) -> set[str]:
    """Batches that were undone, and the batches that did the undoing."""
    settled = set()
    for details in conn.execute(select(events.c.details).where(events.c.action == "undo")).scalars():
        record = json.loads(details)
        settled.update({record["undid"], record["undo_batch"]})
    return settled


def last_undoable_batch(conn, member_id: int) -> str | None:
    settled = _settled_batches(conn)
    batches = conn.execute(
        select(undo_steps.c.batch).where(undo_steps.c.member_id == member_id)
        .group_by(undo_steps.c.batch).order_by(func.max(undo_steps.c.id).desc())
    ).scalars()
    return next((batch for batch in batches if batch not in settled), None)


def undo_last(writer) -> dict:
    """Reverse the acting member's last change; return what was undone."""
    conn = writer.conn
    batch = last_undoable_batch(conn, writer.member_id)
    if batch is None:
        raise WorkbenchError(f"{writer.actor.name} has nothing left to undo.")
    steps = conn.execute(select(undo_steps, events.c.action).join(events, events.c.id == undo_steps.c.event_id)
                         .where(undo_steps.c.batch == batch).order_by(undo_steps.c.id.desc())).mappings().all()
    settled = _settled_batches(conn)
    beyond = next((step for step in steps if not _step_undoable(step)), None)
    if beyond is not None:
        raise WorkbenchError(
            f"Your last change ({beyond['action']}) cannot be undone here: undo covers codings, the codebook, "
            "memos, themes and attributes; change it by hand instead."
        )
    _refuse_if_changed_since(conn, batch, steps, settled)
    actions = []
    for (table_name, change, action), group in groupby(steps, key=lambda s: (s["table_name"], s["change"], s["action"])):
        group = list(group)
        table = metadata.tables[table_name]
        from .restore import insert_back, update_back  # (restore builds on this module)

        try:  # set-based: undoing a merge or a removal of thousands of codings is a few statements
            if change == "insert":  # e.g. every coding of an import or a "code all hits": one statement
                writer.delete_many(table, [step["row_id"] for step in group], f"{action}.undo")
            elif change == "update":
                update_back(writer, table, [(step["row_id"], json.loads(step["old_values"])) for step in group],
                            f"{action}.undo")
            else:  # a row whose id was given to a newer row since comes back with a new id
                insert_back(writer, table, [json.loads(step["old_values"]) for step in group], f"{action}.undo")
        except (IntegrityError, conn.dialect.loaded_dbapi.IntegrityError):  # the driver's own, from a COPY
            raise WorkbenchError(
                f"Your last change ({action}) cannot be undone: others have built on it since "
                "(for example coded with a code you added); change it by hand instead."
            ) from None
        actions.extend([action] * len(group))
    actions.reverse()
    writer.log("undo", "events", steps[-1]["event_id"], {"undid": batch, "undo_batch": writer.batch,
                                                         "actions": actions})
    return {"member": writer.actor.name, "actions": actions, "changes": len(steps)}


def _refuse_if_changed_since(conn, batch: str, steps, settled: set[str]) -> None:
    """Refuse when another batch, not undone, changed any of these rows after them."""
    first = min(step["id"] for step in steps)
    by_table: dict[str, list[int]] = {}
    for step in steps:
        by_table.setdefault(step["table_name"], []).append(step["row_id"])
    for table_name, row_ids in by_table.items():
        for start in range(0, len(row_ids), 10_000):
            later = conn.execute(
                select(undo_steps.c.batch, events.c.actor, events.c.action)
                .join(events, events.c.id == undo_steps.c.event_id)
                .where(undo_steps.c.table_name == table_name, undo_steps.c.row_id.in_(row_ids[start:start + 10_000]),
                       undo_steps.c.id > first, undo_steps.c.batch != batch)
                .order_by(undo_steps.c.id)
            ).all()
            for later_batch, actor, action in later:
                if later_batch not in settled:
                    step = next(s for s in steps if s["table_name"] == table_name)
                    raise WorkbenchError(
                        f"Your last change ({step['action']}) cannot be undone: {actor} changed the same "
                        f"thing since ({action}); talk it through and change it by hand."
                    )
