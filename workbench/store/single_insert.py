"""One logged insert as one statement on PostgreSQL: the row, its event and its undo
step written together (issue 16).

`Writer.insert` otherwise sends the row, then its event, then (before commit) its undo
step: three round trips to the server for what one coding needs. Here one INSERT with
two data-modifying WITH parts does the three, giving the event the row's new id and the
undo step the event's: the values logged are exactly those `Writer.insert` logs. Made
once per table and set of columns (building a statement costs more than running it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, Table, bindparam, insert, literal, select

from .bulk_insert import python_defaults
from .schema import events, undo_steps

_STATEMENTS: dict[tuple, Any] = {}
_EVENT = ("at", "member_id", "actor", "role", "action", "entity")


def fits(table: Table, values: dict[str, Any]) -> bool:
    """A table with a whole-number id the database gives (not one named in `values`)."""
    key = table.primary_key.columns.values()
    return len(key) == 1 and isinstance(key[0].type, Integer) and key[0].name not in values


def insert_logged(conn, table: Table, values: dict[str, Any], event: dict[str, Any], batch: str) -> int:
    """Insert `values` into `table`, its event (`event`: at, member_id, actor, role,
    action, entity, details) and its undo step (an insert, in `batch`); return the id."""
    made = python_defaults(table, tuple(values))
    statement = _statement(table, tuple(values) + tuple(name for name, _ in made))
    parameters = {f"v_{name}": value for name, value in values.items()}
    parameters.update({f"v_{name}": make() for name, make in made})
    parameters.update({f"e_{name}": event[name] for name in (*_EVENT, "details")}, u_batch=batch)
    return conn.execute(statement, parameters).scalar_one()


def _statement(table: Table, names: tuple[str, ...]):
    key = (table.name, names)
    if key not in _STATEMENTS:
        row_id = table.primary_key.columns.values()[0]
        row = (insert(table).values({name: bindparam(f"v_{name}", type_=table.c[name].type) for name in names})
               .returning(row_id.label("row_id")).cte("new_row"))
        event = (insert(events).from_select(
            [*_EVENT, "entity_id", "details"],
            select(*[bindparam(f"e_{name}", type_=events.c[name].type) for name in _EVENT], row.c.row_id,
                   bindparam("e_details", type_=events.c.details.type)))
                 .returning(events.c.id.label("event_id"), events.c.entity_id).cte("new_event"))
        step = insert(undo_steps).from_select(
            ["event_id", "batch", "member_id", "table_name", "row_id", "change"],
            select(event.c.event_id, bindparam("u_batch", type_=undo_steps.c.batch.type),
                   bindparam("e_member_id", type_=undo_steps.c.member_id.type),
                   bindparam("e_entity", type_=undo_steps.c.table_name.type), event.c.entity_id,
                   literal("insert", type_=undo_steps.c.change.type))).returning(undo_steps.c.row_id)
        _STATEMENTS[key] = step.add_cte(row, event)
    return _STATEMENTS[key]
