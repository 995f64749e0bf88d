"""Many rows in one driver-level executemany, for the Writer's set-based inserts.

SQLAlchemy's own executemany builds and type-processes parameters row by row in
Python, which costs more than SQLite spends storing the rows; for SQLite the statement
is compiled once here and the rows go straight to the driver. Column defaults that
SQLAlchemy would compute in Python (a new GUID, a constant) are filled in first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, insert


def executemany(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` (dicts that all name the same columns) in one statement."""
    if not rows:
        return
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        _copy(conn, table, rows)
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), rows)
        return
    given = tuple(rows[0])
    sql, names, positional, defaults = _compiled(table, given, conn.dialect)
    if defaults:
        rows = [{**row, **{name: make() for name, make in defaults}} for row in rows]
    if positional:
        pick = itemgetter(*names)
        parameters = [pick(row) for row in rows] if len(names) > 1 else [(row[names[0]],) for row in rows]
    else:
        parameters = [{name: row[name] for name in names} for row in rows]
    conn.exec_driver_sql(sql, parameters)


_COMPILED: dict[tuple, tuple] = {}


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


def _compiled(table: Table, given: tuple[str, ...], dialect) -> tuple:
    """The INSERT's SQL, its parameter names in order, and the defaults to fill; made
    once per table, columns and kind of database."""
    key = (table.name, given, dialect.name, dialect.paramstyle)
    if key not in _COMPILED:
        defaults = python_defaults(table, given)
        compiled = insert(table).compile(dialect=dialect, column_keys=list(given) + [name for name, _ in defaults])
        names = list(compiled.positiontup) if compiled.positional else list(compiled.bind_names.values())
        _COMPILED[key] = (compiled.string, names, compiled.positional, defaults)
    return _COMPILED[key]


def _copy(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL's COPY, inside the same transaction: over a network every INSERT is a
    round trip, and COPY streams all the rows at once."""
    given = tuple(rows[0])
    defaults = python_defaults(table, given)
    names = list(given) + [name for name, _ in defaults]
    columns = ", ".join(conn.dialect.identifier_preparer.quote(name) for name in names)
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {conn.dialect.identifier_preparer.format_table(table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[name] for name in given] + [make() for _, make in defaults])
