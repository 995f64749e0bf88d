"""On PostgreSQL, each hub user connects as a database login with only the rights
their access level needs, so the database itself refuses what the API refuses.

- viewer: reads everything; writes memos only (with the event log and undo rows a
  memo writes), so a coding, a code or a theme from a viewer's connection is refused
  by PostgreSQL even if the API were bypassed.
- member and lead: read and write the project's tables (not create, drop or alter them).
Made by the project's owner connection (the URL the lead opened the project with).
"""

from __future__ import annotations

import re

from sqlalchemy import Connection
from sqlalchemy.engine import make_url

from ..errors import WorkbenchError

VIEWER_WRITES = ("memos", "events", "undo_steps")
LOGIN_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def check_login(login: str, password: str) -> None:
    if not LOGIN_NAME.fullmatch(login):
        raise WorkbenchError(
            f"'{login}' cannot be a database login: use lower-case letters, digits and _ (at most 63), starting with a letter.")
    if len(password) < 12:
        raise WorkbenchError("A database password needs at least 12 characters.")


def grant_login(conn: Connection, login: str, password: str, level: str) -> None:
    """Create (or update) `login` with `password` and the rights of `level`, in the
    caller's transaction; earlier rights are revoked first, so a change of level sticks."""
    if conn.dialect.name != "postgresql":
        raise WorkbenchError("Database logins per member are for PostgreSQL projects; a SQLite file has no logins.")
    from psycopg import sql

    check_login(login, password)
    raw = conn.connection.dbapi_connection
    role, database = sql.Identifier(login), sql.Identifier(raw.info.dbname)
    with raw.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,))
        verb = "ALTER" if cursor.fetchone() else "CREATE"
        cursor.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(role, sql.Literal(password)))
        for statement in ("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
                          "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}",
                          "GRANT CONNECT ON DATABASE {database} TO {role}",
                          "GRANT USAGE ON SCHEMA public TO {role}",
                          "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
                          "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"):
            cursor.execute(sql.SQL(statement).format(role=role, database=database))
        if level == "viewer":
            tables = sql.SQL(", ").join(sql.Identifier(t) for t in VIEWER_WRITES)
            cursor.execute(sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(tables, role))
        else:
            cursor.execute(sql.SQL("GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(role))


def login_url(project_url: str, login: str, password: str) -> str:
    """The project's URL with `login` and `password` in place of the owner's."""
    return make_url(project_url).set(username=login, password=password).render_as_string(hide_password=False)
