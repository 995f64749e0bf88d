"""Many rows in one driver-level executemany, for the Writer's set-based inserts.

SQLAlchemy's own executemany builds and type-processes parameters row by row in
Python, which costs more than SQLite spends storing the rows; for SQLite the statement
is compiled once here and the rows go straight to the driver. Rows are handled column
by column (`insert_columns`): a value shared by every row (who, when) is given once,
and column defaults that SQLAlchemy would compute in Python (a new GUID, a constant)
are made for all rows together.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import partial
from itertools import repeat
from typing import Any

import numpy as np

from sqlalchemy import Connection, Table, insert

from .schema import new_guid


def executemany(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` (dicts that all name the same columns) in one statement."""
    if rows:
        insert_columns(conn, table, {name: [row[name] for row in rows] for name in rows[0]}, len(rows))


_FEWEST_TO_COPY = 100


def insert_columns(conn: Connection, table: Table, columns: dict[str, Any], count: int) -> None:
    """Insert `count` rows given column-wise: each value is a sequence of `count` values,
    or, wrapped in `Same`, one value for every row."""
    if not count:
        return
    given = tuple(columns)
    defaults = _defaults(table, given)
    values = {name: repeat(value.value, count) if isinstance(value, Same) else value
              for name, value in columns.items()}
    for name, make in defaults:
        values[name] = new_guids(count) if make is new_guid else [make() for _ in range(count)]
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg" and count >= _FEWEST_TO_COPY:
        _copy(conn, table, values)
        return
    if conn.dialect.name != "sqlite":  # a few rows: one multi-row INSERT, one round trip (COPY takes three)
        names = list(values)
        conn.execute(insert(table), [dict(zip(names, row)) for row in zip(*values.values())])
        return
    sql, names, positional = _compiled(table, tuple(values), conn.dialect)
    if positional:
        parameters = list(zip(*[values[name] for name in names]))
    else:
        parameters = [dict(zip(names, row)) for row in zip(*[values[name] for name in names])]
    conn.exec_driver_sql(sql, parameters)


class Same:
    """One value for every row of an `insert_columns` call."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


def new_guids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as text, like `new_guid` but made together: the
    random bytes, version and variant bits and dashes set for all at once with numpy."""
    raw = np.frombuffer(os.urandom(16 * count), dtype=np.uint8).reshape(count, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # the variant bits 10
    digits = np.frombuffer(raw.tobytes().hex().encode(), dtype=np.uint8).reshape(count, 32)
    text = np.full((count, 36), ord("-"), dtype=np.uint8)
    text[:, _DIGIT_PLACES] = digits
    joined = text.tobytes().decode()
    return [joined[start:start + 36] for start in range(0, 36 * count, 36)]


_DIGIT_PLACES = [place for place in range(36) if place not in (8, 13, 18, 23)]


_COMPILED: dict[tuple, tuple] = {}
_DEFAULTS: dict[tuple, list] = {}


def _defaults(table: Table, given: tuple[str, ...]) -> list[tuple[str, Callable[[], Any]]]:
    key = (table.name, given)
    if key not in _DEFAULTS:
        _DEFAULTS[key] = python_defaults(table, given)
    return _DEFAULTS[key]


def python_defaults(table: Table, given: tuple[str, ...]) -> list[tuple[str, Callable[[], Any]]]:
    """(column, make a value) for the columns not given whose default SQLAlchemy computes
    in Python: a function (e.g. a new GUID; called bare, unwrapped once here) or a constant."""
    found = []
    for column in table.columns:
        default = column.default
        if column.name in given or default is None or default.is_sequence or default.is_clause_element:
            continue
        if default.is_callable:
            function = getattr(default.arg, "__wrapped__", None)
            found.append((column.name, function if function is not None else partial(default.arg, None)))
        else:
            found.append((column.name, partial(lambda value: value, default.arg)))
    return found


def _compiled(table: Table, names: tuple[str, ...], dialect) -> tuple:
    """The INSERT's SQL and its parameter names in order; made once per table, columns
    and kind of database."""
    key = (table.name, names, dialect.name, dialect.paramstyle)
    if key not in _COMPILED:
        compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
        order = list(compiled.positiontup) if compiled.positional else list(compiled.bind_names.values())
        _COMPILED[key] = (compiled.string, order, compiled.positional)
    return _COMPILED[key]


def _copy(conn: Connection, table: Table, values: dict[str, Sequence]) -> None:
    """PostgreSQL's COPY, inside the same transaction: over a network every INSERT is a
    round trip, and COPY streams all the rows at once."""
    columns = ", ".join(conn.dialect.identifier_preparer.quote(name) for name in values)
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {conn.dialect.identifier_preparer.format_table(table)} ({columns}) FROM STDIN") as copy:
        for row in zip(*values.values()):
            copy.write_row(row)
