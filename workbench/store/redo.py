"""Redo: a member takes back their own last undo, as long as they have changed nothing
else since (a new change ends the chain of redos, as in any editor).

An undo is logged with the batch it undid and its own batch, whose steps (recorded by
the Writer like any change) are reversed here exactly as undo reverses a change. The
redo is an ordinary change of its own: it can be undone again. It refuses plainly when
someone else has changed the same rows since the undo.
"""

from __future__ import annotations

import json
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..errors import WorkbenchError
from .schema import events, metadata, undo_steps
from .restore import insert_back, update_back
from .undo import _refuse_if_changed_since, _settled_batches


def _redo_records(conn, member_id: int) -> tuple[list[dict], set[str]]:
    """The member's undos, newest first, and the batches made by redoing."""
    rows = conn.execute(select(events.c.action, events.c.details).where(
        events.c.member_id == member_id, events.c.action.in_(("undo", "redo"))).order_by(events.c.id.desc())).all()
    undos = [json.loads(details) for action, details in rows if action == "undo"]
    redone = {json.loads(details)["redid"] for action, details in rows if action == "redo"}
    redo_batches = {json.loads(details)["redo_batch"] for action, details in rows if action == "redo"}
    return [u for u in undos if u["undo_batch"] not in redone], redone | redo_batches


def redoable_undo(conn, member_id: int) -> dict | None:
    """The undo a redo would take back: the member's newest one not yet redone, provided
    they made no other change after it (undos and redos do not count)."""
    undos, redo_side = _redo_records(conn, member_id)
    if not undos:
        return None
    newest = undos[0]
    settled = _settled_batches(conn)
    undo_end = conn.execute(select(undo_steps.c.id).where(undo_steps.c.batch == newest["undo_batch"])
                            .order_by(undo_steps.c.id.desc()).limit(1)).scalar()
    if undo_end is None:
        return None
    later = conn.execute(select(undo_steps.c.batch).where(undo_steps.c.member_id == member_id,
                                                          undo_steps.c.id > undo_end).distinct()).scalars()
    if any(batch not in settled and batch not in redo_side for batch in later):
        return None  # a new change since: nothing to redo
    return newest


def _base_action(action: str) -> str:
    """'coding.apply' of 'coding.apply.redo.undo': what was done in the first place."""
    while action.endswith((".undo", ".redo")):
        action = action[:-5]
    return action


def redo_last(writer) -> dict:
    """Reverse the acting member's last undo; return what was redone."""
    conn = writer.conn
    undo = redoable_undo(conn, writer.member_id)
    if undo is None:
        raise WorkbenchError(f"{writer.actor.name} has nothing to redo: only an undo with no change after it can be redone.")
    batch = undo["undo_batch"]
    steps = conn.execute(select(undo_steps, events.c.action).join(events, events.c.id == undo_steps.c.event_id)
                         .where(undo_steps.c.batch == batch).order_by(undo_steps.c.id.desc())).mappings().all()
    _refuse_if_changed_since(conn, batch, steps, _settled_batches(conn) - {batch})
    actions = []
    for (table_name, change, action), group in groupby(steps, key=lambda s: (s["table_name"], s["change"], s["action"])):
        group = list(group)
        table = metadata.tables[table_name]
        redo_action = _base_action(action) + ".redo"
        try:  # set-based, as undo is: a redo of a large batch is a few statements (issue 16)
            if change == "insert":
                writer.delete_many(table, [step["row_id"] for step in group], redo_action)
            elif change == "update":
                update_back(writer, table, [(step["row_id"], json.loads(step["old_values"])) for step in group],
                            redo_action)
            else:
                insert_back(writer, table, [json.loads(step["old_values"]) for step in group], redo_action)
        except (IntegrityError, conn.dialect.loaded_dbapi.IntegrityError):  # the driver's own, from a COPY
            raise WorkbenchError("Your undo cannot be redone: others have built on it since; change it by hand instead.") from None
        actions.extend([redo_action] * len(group))
    actions.reverse()
    writer.log("redo", "events", steps[-1]["event_id"], {"redid": batch, "redo_batch": writer.batch, "actions": actions})
    return {"member": writer.actor.name, "actions": actions, "changes": len(steps)}
