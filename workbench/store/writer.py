"""The one way to change a project: a write transaction that knows who is acting.

Every insert, update and delete made through a `Writer` appends an event (who, in
which role, when, what) to the event log in the same transaction, so the log and the
data can never disagree. Long texts are not copied into the log: it records their
length, so removing a participant's words later leaves no copy behind in the log.

Batches (`insert_many`, `update_many`, `delete_many`) keep one event and one undo step
per row, not one summary event per batch. A profile of the 50,000-row survey import
(issue 16) showed the per-row events and steps cost little in the database itself;
what cost was building them in Python one dict and one `json.dumps` at a time. So they
are built column by column (`_details_json`, `bulk_insert.insert_columns`) and written
in one statement each, and everything that reads the log stays exact without knowing
about batches: the history, undo and redo row by row (refused when someone changed a
row since), withdrawal deleting the steps of a person's rows by id, and counts of who
did what.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import repeat
from typing import Any
from uuid import uuid4

from sqlalchemy import Connection, Integer, Table, bindparam, delete, func, insert, select, text, update

from ..errors import WorkbenchError
from .clock import now
from .schema import MEMBER_ROLES, events, members
from .schema import undo_steps
from . import single_insert
from .bulk_insert import Same, executemany, insert_columns
from .undo import record_step, record_steps, row_values, undoable

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


_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str).encode  # made once, not per event


def _details_json(columns: dict[str, Any], count: int, context: dict[str, Any]) -> list[str]:
    """Each row's event details as `json.dumps({**_loggable(row), **context})` would
    write them, for rows given column-wise (a list, or `Same` for one value for all):
    a whole number is its digits, a value shared by many rows (a time, a member)
    encoded once, and each row's text put together from one template."""
    if any(key in context for key in columns):
        return _details_row_by_row(columns, count, context)
    names, encoded = [], []
    for key, values in columns.items():
        if key in TEXT_FIELDS:
            texts = [isinstance(value, str) for value in ([values.value] if isinstance(values, Same) else values)]
            if all(texts):
                key = f"{key}_length"
                values = Same(len(values.value)) if isinstance(values, Same) else [len(value) for value in values]
            elif any(texts):
                return _details_row_by_row(columns, count, context)
        names.append(key)
        encoded.append(repeat(_ENCODE(values.value), count) if isinstance(values, Same) else _encoded_column(values))
    if not names:
        return [_ENCODE(context)] * count
    tail = [_ENCODE(context)[1:-1].replace("%", "%%")] if context else []
    template = "{" + ", ".join([_ENCODE(name).replace("%", "%%") + ": %s" for name in names] + tail) + "}"
    return [template % parts for parts in zip(*encoded)]


def _details_row_by_row(columns: dict[str, Any], count: int, context: dict[str, Any]) -> list[str]:
    names = list(columns)
    values = [repeat(v.value, count) if isinstance(v, Same) else v for v in columns.values()]
    return [_ENCODE({**_loggable(dict(zip(names, row))), **context}) for row in zip(*values)]


def _rows_details_json(rows: list[dict[str, Any]], context: dict[str, Any]) -> list[str]:
    keys = tuple(rows[0]) if rows else ()
    if any(tuple(row) != keys for row in rows):
        return [_ENCODE({**_loggable(row), **context}) for row in rows]
    return _details_json({key: [row[key] for row in rows] for key in keys}, len(rows), context)


def _encoded_column(values: list) -> list[str]:
    kinds = set(map(type, values))
    if kinds <= {int}:
        return list(map(str, values))
    if kinds == {str}:
        encoded = {value: _ENCODE(value) for value in set(values)}
        return [encoded[value] for value in values]
    return [_ENCODE(value) for value in values]


def _loggable(values: dict[str, Any]) -> dict[str, Any]:
    logged = {}
    for key, value in values.items():
        if key in TEXT_FIELDS and isinstance(value, str):
            logged[f"{key}_length"] = len(value)
        else:
            logged[key] = value
    return logged


_INSERT_EVENT = insert(events)  # built once: building a statement costs more than running it
_INSERTS: dict[str, Any] = {}
# The next `count` ids of a table's sequence, as one block: its last id is returned.
_RESERVE_BLOCK = text("SELECT setval(pg_get_serial_sequence(:table, :column), "
                      "nextval(pg_get_serial_sequence(:table, :column)) + :count - 1)")


def _insert_statement(table: Table):
    if table.name not in _INSERTS:
        _INSERTS[table.name] = insert(table)
    return _INSERTS[table.name]


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
        # (stored access level or None, first person's id): read with the member, for
        # `hub.access.acting_level`; None when unknown (a new member) or changed since.
        self.access: tuple[str | None, int | None] | None = None
        self.member_id = self._member_id(actor)

    def _member_id(self, actor: Actor) -> int | None:
        """The acting member's id, added if new (names match without regard to case and
        spacing; another role than theirs is refused). The workbench itself (recording
        an export made with nobody named) is logged by name but never becomes a member."""
        from .member_names import SYSTEM_NAME, check_role, find_acting_member, tidy_name

        if actor.role == "machine" and actor.name == SYSTEM_NAME:
            return None
        found = find_acting_member(self.conn, actor.name)
        if found is not None:
            check_role(found, actor.role)
            self.actor = Actor(found.name, found.role)  # the log names them as the project does
            self.access = (found.level, found.first_person)
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
        if self.conn.dialect.name == "postgresql" and self.member_id is not None and single_insert.fits(table, values):
            if self.pending_undo_steps:  # the steps stay in the order they were made
                self.flush_undo_steps()
            return single_insert.insert_logged(self.conn, table, values, dict(
                at=now(), member_id=self.member_id, actor=self.actor.name, role=self.actor.role, action=action,
                entity=str(table.name), details=json.dumps({**_loggable(values), **self.context}, ensure_ascii=False,
                                                           default=str)), self.batch)
        row_id = self.conn.execute(_insert_statement(table), values).inserted_primary_key[0]
        # entity_id is an integer column: a text key (project_info) stays in the details
        event_id = self.log(action, table.name, row_id if isinstance(row_id, int) else None, _loggable(values))
        record_step(self, table, row_id, "insert", event_id, None, None)  # undo deletes it by id
        return row_id

    def insert_many(self, table: Table, rows: list[dict[str, Any]], action: str | None) -> list[int]:
        """Insert many rows set-based and return their ids in the order given.

        With an `action`, each row gets its own event and undo step, exactly as `insert`
        gives one row, but written in three statements whatever the number of rows (see
        the module's docstring for why not one summary event). With `action` None the
        caller logs one summary event itself (an import's segments)."""
        if not rows:
            return []
        if action is None:
            for group in _by_columns(rows):
                executemany(self.conn, table, group)
            return []
        groups = _by_columns(rows)
        if len(groups) == 1:
            return self.insert_columns(table, {name: [row[name] for row in rows] for name in rows[0]}, len(rows),
                                       action)
        ids = self._insert_returning_ids(table, rows)
        whole = [row_id if isinstance(row_id, int) else None for row_id in ids]
        event_ids = self._log_many(action, table.name, whole, _rows_details_json(rows, self.context))
        record_steps(self, table, whole, "insert", event_ids, None, None)
        return ids

    def insert_columns(self, table: Table, columns: dict[str, Any], count: int, action: str) -> list[int]:
        """`insert_many` for rows given column-wise: each value a list of `count` values
        or `Same(value)` for every row; no Python dict per row is made."""
        if not count:
            return []
        ids = self._insert_columns_returning_ids(table, columns, count)
        whole = [row_id if isinstance(row_id, int) else None for row_id in ids]  # e.g. project_info's text keys
        event_ids = self._log_many(action, table.name, whole, _details_json(columns, count, self.context))
        record_steps(self, table, whole, "insert", event_ids, None, None)
        return ids

    def _log_many(self, action: str, entity: str, entity_ids: list, details: list[str]) -> list[int]:
        """One event per row (the same action by the same member at the same time). A
        table's name is made a plain str: the driver checks a str subclass (SQLAlchemy's
        quoted_name) for adapters on every row."""
        return self._insert_columns_returning_ids(events, dict(
            at=Same(now()), member_id=Same(self.member_id), actor=Same(self.actor.name), role=Same(self.actor.role),
            action=Same(action), entity=Same(str(entity)), entity_id=entity_ids, details=details), len(entity_ids))

    def _insert_returning_ids(self, table: Table, rows: list[dict[str, Any]]) -> list:
        """Insert rows in one executemany per set of columns named, and return their ids."""
        key = table.primary_key.columns.values()[0]
        if not isinstance(key.type, Integer) or any(key.name in row for row in rows):
            return [self.conn.execute(insert(table).values(**row)).inserted_primary_key[0] for row in rows]
        groups = _by_columns(rows)
        if len(groups) == 1:
            return self._insert_columns_returning_ids(table, {name: [row[name] for row in rows] for name in rows[0]},
                                                      len(rows))
        ids = self._reserve_ids(table, len(rows))
        for group in _by_columns([{**row, key.name: row_id} for row, row_id in zip(rows, ids)]):
            executemany(self.conn, table, group)
        return ids

    def _insert_columns_returning_ids(self, table: Table, columns: dict[str, Any], count: int) -> list:
        key = table.primary_key.columns.values()[0]
        if not isinstance(key.type, Integer) or key.name in columns:
            names = list(columns)
            values = [repeat(v.value, count) if isinstance(v, Same) else v for v in columns.values()]
            return [self.conn.execute(insert(table).values(**dict(zip(names, row)))).inserted_primary_key[0]
                    for row in zip(*values)]
        ids = self._reserve_ids(table, count)
        insert_columns(self.conn, table, {**columns, table.primary_key.columns.values()[0].name: ids}, count)
        return ids

    def _reserve_ids(self, table: Table, count: int) -> list[int]:
        """Ids for `count` new rows, chosen up front: SQLite cannot promise that
        RETURNING lists rows in the order given, so SQLAlchemy would fall back to one
        statement per row. They are taken while this transaction holds the project's
        write lock: the next ones after the largest on SQLite (what SQLite itself would
        give), reserved from the sequence on PostgreSQL."""
        key = table.primary_key.columns.values()[0]
        if self.conn.dialect.name == "postgresql":  # one block: every workbench writer holds the write lock
            last = self.conn.execute(_RESERVE_BLOCK, {"table": str(table.name), "column": key.name,
                                                      "count": count}).scalar()
            return list(range(last - count + 1, last + 1))
        largest = self.conn.execute(select(func.coalesce(func.max(key), 0))).scalar()
        return list(range(largest + 1, largest + 1 + count))

    def _olds(self, table: Table, row_ids: list[int], columns=None) -> dict[int, dict[str, Any]]:
        """The rows' values before a change of `columns` (None: a delete), for undo
        (undoable tables and columns only)."""
        olds = {}
        if undoable(table.name, columns):
            for chunk in _chunks(row_ids):
                olds.update({row["id"]: dict(row) for row in
                             self.conn.execute(select(table).where(table.c.id.in_(chunk))).mappings()})
        return olds

    def delete_many(self, table: Table, row_ids: list[int], action: str) -> None:
        """Delete rows by id set-based, each logged with its undo step as `delete` does."""
        if not row_ids:
            return
        olds = self._olds(table, row_ids)
        for chunk in _chunks(row_ids):
            self.conn.execute(delete(table).where(table.c.id.in_(chunk)))
        event_ids = self._log_many(action, table.name, list(row_ids),
                                   [_ENCODE(self.context)] * len(row_ids))
        record_steps(self, table, list(row_ids), "delete", event_ids, [olds.get(row_id) for row_id in row_ids], None)

    def update(self, table: Table, row_id: int, values: dict[str, Any], action: str) -> None:
        old = row_values(self.conn, table, row_id) if undoable(table.name, values) else None
        self.conn.execute(update(table).where(table.c.id == row_id).values(**values))
        event_id = self.log(action, table.name, row_id, _loggable(values))
        record_step(self, table, row_id, "update", event_id, old and {key: old[key] for key in values},
                    values if old is not None else None)

    def update_many(self, table: Table, changes: list[tuple[int, dict[str, Any]]], action: str,
                    details: list[dict[str, Any]] | None = None) -> None:
        """Update many rows by id (each with its own values, all naming the same
        columns) in one executemany, each logged with its undo step as `update` does.
        `details`, one per change, are logged instead of the values when given (what an
        attribute edit changed, not the row's whole JSON)."""
        if not changes:
            return
        columns = list(changes[0][1])
        ids = [row_id for row_id, _ in changes]
        olds = self._olds(table, ids, columns)
        statement = (update(table).where(table.c.id == bindparam("_row_id"))
                     .values({column: bindparam(f"_new_{column}") for column in columns}))
        self.conn.execute(statement, [{"_row_id": row_id, **{f"_new_{c}": values[c] for c in columns}}
                                      for row_id, values in changes])
        logged = (_rows_details_json([values for _, values in changes], self.context) if details is None
                  else [_ENCODE({**_loggable(item), **self.context}) for item in details])
        event_ids = self._log_many(action, table.name, ids, logged)
        before = [None if old is None else {key: old[key] for key in values}
                  for old, (_, values) in zip((olds.get(row_id) for row_id in ids), changes)]
        record_steps(self, table, ids, "update", event_ids, before,
                     [values if old is not None else None for old, (_, values) in zip(before, changes)])

    def flush_undo_steps(self) -> None:
        """Write the transaction's undo steps, in the order they were recorded."""
        run: list[dict[str, Any]] = []
        for item in self.pending_undo_steps + [None]:
            if isinstance(item, dict):
                run.append(item)
                continue
            if run:
                executemany(self.conn, undo_steps, run)
                run = []
            if item is not None:
                insert_columns(self.conn, undo_steps, *item)
        self.pending_undo_steps = []

    def delete(self, table: Table, row_id: int, action: str) -> None:
        old = row_values(self.conn, table, row_id) if undoable(table.name) else None
        self.conn.execute(delete(table).where(table.c.id == row_id))
        event_id = self.log(action, table.name, row_id, {})
        record_step(self, table, row_id, "delete", event_id, old, None)
