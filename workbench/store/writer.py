"""The one way to change a project: a write transaction that knows who is acting.

Every insert, update and delete made through a `Writer` appends an event (who, in
which role, when, what) to the event log in the same transaction, so the log and the
data can never disagree. Long texts are not copied into the log: it records their
length, so removing a participant's words later leaves no copy behind in the log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from sqlalchemy import Connection, Integer, Table, bindparam, delete, func, insert, select, text, update

from ..errors import WorkbenchError
from .clock import now
from .schema import MEMBER_ROLES, events, members
from .schema import undo_steps
from .bulk_insert import executemany
from .undo import UNDOABLE_TABLES, record_step, row_values

# Topic keywords and labels are words taken from participants' turns (issue 9).
TEXT_FIELDS = {"text", "definition", "when_to_use", "when_not_to_use", "keywords", "label", "alt_text",
               "response", "reason", "summary", "comment"}


@dataclass(frozen=True)
class Actor:
    """Who is acting and in which role (researcher, lived-experience partner, ...)."""

    name: str
    role: str

    def __post_init__(self):
        if not self.name or not self.name.strip():
            raise WorkbenchError("A member needs a name: say who is doing this work.")
        if self.role not in MEMBER_ROLES:
            raise WorkbenchError(
                f"'{self.role}' is not a role the workbench knows; use one of: "
                + ", ".join(MEMBER_ROLES) + "."
            )


def _chunks(values: list, size: int = 10_000):
    """Keeps IN lists below the databases' bound-parameter limits."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _by_columns(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows grouped by the columns they name (one executemany takes one set of columns)."""
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    return list(groups.values())


def _loggable(values: dict[str, Any]) -> dict[str, Any]:
    logged = {}
    for key, value in values.items():
        if key in TEXT_FIELDS and isinstance(value, str):
            logged[f"{key}_length"] = len(value)
        else:
            logged[key] = value
    return logged


_INSERT_EVENT = insert(events)  # built once: building a statement costs more than running it


class Writer:
    """Inside one transaction: change rows and log each change."""

    def __init__(self, conn: Connection, actor: Actor, context: dict[str, Any] | None = None):
        self.conn = conn
        self.actor = actor
        # Added to every event's details, e.g. {"entered_by": facilitator} when a
        # facilitator types for the partner who proposed the change.
        self.context = dict(context or {})
        self.batch = uuid4().hex  # groups this transaction's changes for undo
        self.pending_undo_steps: list[dict[str, Any]] = []  # written in one statement before commit
        self.member_id = self._member_id(actor)

    def _member_id(self, actor: Actor) -> int | None:
        """The acting member's id, added if new (names match without regard to case and
        spacing; another role than theirs is refused). The workbench itself (recording
        an export made with nobody named) is logged by name but never becomes a member."""
        from .member_names import SYSTEM_NAME, check_role, find_member, tidy_name

        if actor.role == "machine" and actor.name == SYSTEM_NAME:
            return None
        found = find_member(self.conn, actor.name)
        if found is not None:
            check_role(found, actor.role)
            self.actor = Actor(found.name, found.role)  # the log names them as the project does
            return found.id
        self.actor = actor = Actor(tidy_name(actor.name), actor.role)
        member_id = self.conn.execute(
            insert(members).values(name=actor.name, role=actor.role, created_at=now())
        ).inserted_primary_key[0]
        self._log("member.join", "members", member_id, {"name": actor.name, "role": actor.role}, member_id)
        return member_id

    def member(self, name: str, role: str | None = None) -> int:
        """The id of member `name` (matched without regard to case and spacing), added
        (and logged as added by the actor) if new, as a researcher unless `role` says;
        a `role` other than an existing member's is refused."""
        from .member_names import check_role, find_member, tidy_name

        found = find_member(self.conn, name)
        if found is not None:
            check_role(found, role)
            return found.id
        name, role = tidy_name(name), role or "researcher"
        Actor(name, role)  # validates the name and role
        return self.insert(members, {"name": name, "role": role, "created_at": now()}, "member.add")

    def _log(self, action: str, entity: str, entity_id: int | None, details: dict, member_id: int) -> int:
        return self.conn.execute(_INSERT_EVENT, dict(
            at=now(), member_id=member_id, actor=self.actor.name, role=self.actor.role,
            action=action, entity=entity, entity_id=entity_id,
            details=json.dumps({**details, **self.context}, ensure_ascii=False, default=str),
        )).inserted_primary_key[0]

    def log(self, action: str, entity: str, entity_id: int | None = None, details: dict | None = None) -> int:
        return self._log(action, entity, entity_id, details or {}, self.member_id)

    def insert(self, table: Table, values: dict[str, Any], action: str) -> int:
        row_id = self.conn.execute(insert(table), values).inserted_primary_key[0]
        # entity_id is an integer column: a text key (project_info) stays in the details
        event_id = self.log(action, table.name, row_id if isinstance(row_id, int) else None, _loggable(values))
        record_step(self, table, row_id, "insert", event_id, None, None)  # undo deletes it by id
        return row_id

    def insert_many(self, table: Table, rows: list[dict[str, Any]], action: str | None) -> list[int]:
        """Insert many rows set-based and return their ids in the order given.

        With an `action`, each row gets its own event and undo step, exactly as `insert`
        gives one row, but written in three statements whatever the number of rows: one
        event per row keeps undo, withdrawal and contribution-by-role counts exact. With
        `action` None the caller logs one summary event itself (an import's segments)."""
        if not rows:
            return []
        if action is None:
            for group in _by_columns(rows):
                executemany(self.conn, table, group)
            return []
        ids = self._insert_returning_ids(table, rows)
        at = now()
        event_ids = self._insert_returning_ids(events, [dict(
            at=at, member_id=self.member_id, actor=self.actor.name, role=self.actor.role, action=action,
            entity=table.name, entity_id=row_id if isinstance(row_id, int) else None,
            details=json.dumps({**_loggable(row), **self.context}, ensure_ascii=False, default=str),
        ) for row, row_id in zip(rows, ids)])
        for row_id, event_id in zip(ids, event_ids):
            record_step(self, table, row_id, "insert", event_id, None, None)
        return ids

    def _insert_returning_ids(self, table: Table, rows: list[dict[str, Any]]) -> list:
        """Insert rows in one executemany with ids chosen up front, and return the ids.

        SQLite cannot promise that RETURNING lists rows in the order given, so
        SQLAlchemy would fall back to one statement per row; instead the ids are taken
        while this transaction holds the project's write lock: the next ones after the
        largest on SQLite (what SQLite itself would give), reserved from the sequence on
        PostgreSQL."""
        key = table.primary_key.columns.values()[0]
        if not isinstance(key.type, Integer) or any(key.name in row for row in rows):
            return [self.conn.execute(insert(table).values(**row)).inserted_primary_key[0] for row in rows]
        if self.conn.dialect.name == "postgresql":
            ids = sorted(self.conn.execute(
                text("SELECT nextval(pg_get_serial_sequence(:table, :column)) FROM generate_series(1, :count)"),
                {"table": table.name, "column": key.name, "count": len(rows)}).scalars())
        else:
            largest = self.conn.execute(select(func.coalesce(func.max(key), 0))).scalar()
            ids = list(range(largest + 1, largest + 1 + len(rows)))
        for group in _by_columns([{**row, key.name: row_id} for row, row_id in zip(rows, ids)]):
            executemany(self.conn, table, group)
        return ids

    def delete_many(self, table: Table, row_ids: list[int], action: str) -> None:
        """Delete rows by id set-based, each logged with its undo step as `delete` does."""
        if not row_ids:
            return
        olds = {}
        if table.name in UNDOABLE_TABLES:
            for chunk in _chunks(row_ids):
                olds.update({row["id"]: dict(row) for row in
                             self.conn.execute(select(table).where(table.c.id.in_(chunk))).mappings()})
        for chunk in _chunks(row_ids):
            self.conn.execute(delete(table).where(table.c.id.in_(chunk)))
        at = now()
        event_ids = self._insert_returning_ids(events, [dict(
            at=at, member_id=self.member_id, actor=self.actor.name, role=self.actor.role, action=action,
            entity=table.name, entity_id=row_id, details=json.dumps(self.context, ensure_ascii=False, default=str),
        ) for row_id in row_ids])
        for row_id, event_id in zip(row_ids, event_ids):
            record_step(self, table, row_id, "delete", event_id, olds.get(row_id), None)

    def update(self, table: Table, row_id: int, values: dict[str, Any], action: str) -> None:
        old = row_values(self.conn, table, row_id) if table.name in UNDOABLE_TABLES else None
        self.conn.execute(update(table).where(table.c.id == row_id).values(**values))
        event_id = self.log(action, table.name, row_id, _loggable(values))
        record_step(self, table, row_id, "update", event_id, old and {key: old[key] for key in values},
                    values if old is not None else None)

    def update_many(self, table: Table, changes: list[tuple[int, dict[str, Any]]], action: str) -> None:
        """Update many rows by id (each with its own values, all naming the same
        columns) in one executemany, each logged with its undo step as `update` does."""
        if not changes:
            return
        columns = list(changes[0][1])
        olds = {}
        if table.name in UNDOABLE_TABLES:
            ids = [row_id for row_id, _ in changes]
            for chunk in _chunks(ids):
                olds.update({row["id"]: dict(row) for row in
                             self.conn.execute(select(table).where(table.c.id.in_(chunk))).mappings()})
        statement = (update(table).where(table.c.id == bindparam("_row_id"))
                     .values({column: bindparam(f"_new_{column}") for column in columns}))
        self.conn.execute(statement, [{"_row_id": row_id, **{f"_new_{c}": values[c] for c in columns}}
                                      for row_id, values in changes])
        at = now()
        event_ids = self._insert_returning_ids(events, [dict(
            at=at, member_id=self.member_id, actor=self.actor.name, role=self.actor.role, action=action,
            entity=table.name, entity_id=row_id,
            details=json.dumps({**_loggable(values), **self.context}, ensure_ascii=False, default=str),
        ) for row_id, values in changes])
        for (row_id, values), event_id in zip(changes, event_ids):
            old = olds.get(row_id)
            record_step(self, table, row_id, "update", event_id, old and {key: old[key] for key in values},
                        values if old is not None else None)

    def flush_undo_steps(self) -> None:
        if self.pending_undo_steps:
            executemany(self.conn, undo_steps, self.pending_undo_steps)
            self.pending_undo_steps = []

    def delete(self, table: Table, row_id: int, action: str) -> None:
        old = row_values(self.conn, table, row_id) if table.name in UNDOABLE_TABLES else None
        self.conn.execute(delete(table).where(table.c.id == row_id))
        event_id = self.log(action, table.name, row_id, {})
        record_step(self, table, row_id, "delete", event_id, old, None)
