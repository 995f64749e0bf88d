"""Many rows in one driver-level executemany, for the Writer's set-based inserts.

SQLAlchemy's own executemany builds and type-processes parameters row by row in
Python, which costs more than SQLite spends storing the rows; for SQLite the statement
is compiled once here and the rows go straight to the driver. Column defaults that
SQLAlchemy would compute in Python (a new GUID, a constant) are filled in first.
"""

from __future__ import annotations

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
        rows = [{**row, **{name: default.arg(None) if default.is_callable else default.arg for name, default in defaults}}
                for row in rows]
    if positional:
        parameters = [tuple(row[name] for name in names) for row in rows]
    else:
        parameters = [{name: row[name] for name in names} for row in rows]
    conn.exec_driver_sql(sql, parameters)


_COMPILED: dict[tuple, tuple] = {}


def _compiled(table: Table, given: tuple[str, ...], dialect) -> tuple:
    """The INSERT's SQL, its parameter names in order, and the defaults to fill; made
    once per table, columns and kind of database."""
    key = (table.name, given, dialect.name, dialect.paramstyle)
    if key not in _COMPILED:
        defaults = [(column.name, column.default) for column in table.columns
                    if column.name not in given and column.default is not None and not column.default.is_sequence
                    and not getattr(column.default, "is_clause_element", False)]
        compiled = insert(table).compile(dialect=dialect, column_keys=list(given) + [name for name, _ in defaults])
        names = list(compiled.positiontup) if compiled.positional else list(compiled.bind_names.values())
        _COMPILED[key] = (compiled.string, names, compiled.positional, defaults)
    return _COMPILED[key]


def _copy(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL's COPY, inside the same transaction: over a network every INSERT is a
    round trip, and COPY streams all the rows at once."""
    given = tuple(rows[0])
    defaults = [(column.name, column.default) for column in table.columns
                if column.name not in given and column.default is not None and not column.default.is_sequence
                and not getattr(column.default, "is_clause_element", False)]
    names = list(given) + [name for name, _ in defaults]
    columns = ", ".join(conn.dialect.identifier_preparer.quote(name) for name in names)
    cursor = conn.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {conn.dialect.identifier_preparer.format_table(table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[name] for name in given] +
                           [default.arg(None) if default.is_callable else default.arg for _, default in defaults])
