"""On PostgreSQL, each hub user connects as a database login with only the rights
their access level needs, so the database itself refuses what the API refuses.

- viewer: reads everything; a viewer comments with memos, so their login may add,
  edit and delete memos and append the event and undo rows a memo change writes, and
  nothing else: no UPDATE or DELETE on the event log or undo rows, no other table.
  Row triggers narrow even that to the viewer's own rows: a memo, event or undo row
  must carry their own member id (from `member_logins`), and an event or undo row must
  be about memos (or the undo or redo of their own memo). So a viewer's login can neither change codings, codes or themes nor
  forge the log or another person's memo, even with the API bypassed. (Triggers, not
  row-level security: PostgreSQL refuses COPY, the workbench's bulk insert, under RLS.)
- member: reads and writes the project's tables (not create, drop or alter them),
  except who has access (`member_access`, `member_logins`), the settings (`project_info`:
  blind coding, the withdrawal policy), the people in the project and participants'
  consent, which are the lead's. Row checks (`store/login_rows.py`) keep every row in
  the member's own name (a facilitator's entry for a partner only as the log records it)
  and let only its owner change or delete a coding, memo, vote or response.
- lead: reads and writes every table.
Made by the project's owner connection (the URL the lead opened the project with). What
the checks cannot see is a memo of one's own added by hand with no event: that the log
is complete stays the API's promise.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection
from sqlalchemy.engine import make_url

from ..errors import WorkbenchError
from ..store.login_rows import remake_login_triggers
from ..store.schema import metadata

VIEWER_WRITES = {"memos": "INSERT, UPDATE, DELETE", "events": "INSERT", "undo_steps": "INSERT"}
# Who has access and the project's settings (blind coding, the withdrawal policy) are the lead's.
LEAD_TABLES = ("member_access", "member_logins", "project_info")
# A member may add members who are not people (the topic model, a consensus; checked by
# row), never change or remove anyone; nor record a participant's withdrawal (consent).
LEAD_CHANGES = {"members": "UPDATE, DELETE", "participants": "UPDATE"}
LEAD_COLUMNS = {"participants": ("consent",)}
LOGIN_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def check_login(login: str, password: str) -> None:
    if not LOGIN_NAME.fullmatch(login):
        raise WorkbenchError(
            f"'{login}' cannot be a database login: use lower-case letters, digits and _ (at most 63), starting with a letter.")
    if len(password) < 12:
        raise WorkbenchError("A database password needs at least 12 characters.")


def grant_login(conn: Connection, login: str, password: str, level: str, member_id: int) -> None:
    """Create (or update) `login` with `password` and the rights of `level`, for member
    `member_id`, in the caller's transaction; earlier rights are revoked first, so a
    change of level sticks."""
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
        cursor.execute("INSERT INTO member_logins (login, member_id, level) VALUES (%s, %s, %s) "
                       "ON CONFLICT (login) DO UPDATE SET member_id = EXCLUDED.member_id, level = EXCLUDED.level",
                       (login, member_id, level))
        remake_login_triggers(cursor)
        for statement in ("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
                          "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}",
                          "GRANT CONNECT ON DATABASE {database} TO {role}",
                          "GRANT USAGE ON SCHEMA public TO {role}",
                          "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
                          "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"):
            cursor.execute(sql.SQL(statement).format(role=role, database=database))
        if level == "viewer":
            for table, rights in VIEWER_WRITES.items():
                cursor.execute(sql.SQL("GRANT " + rights + " ON {} TO {}").format(sql.Identifier(table), role))
                # an undo logs its rows as one block of ids too (setval needs UPDATE)
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,))
                sequence = cursor.fetchone()[0]  # a name from the catalogue, quoted by PostgreSQL itself
                cursor.execute(sql.SQL("GRANT UPDATE ON SEQUENCE " + sequence + " TO {}").format(role))
            return
        cursor.execute(sql.SQL("GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(role))
        # many rows at once take their ids as one block of the sequence (setval needs UPDATE)
        cursor.execute(sql.SQL("GRANT UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(role))
        if level != "lead":
            tables = sql.SQL(", ").join(sql.Identifier(t) for t in LEAD_TABLES)
            cursor.execute(sql.SQL("REVOKE INSERT, UPDATE, DELETE ON {} FROM {}").format(tables, role))
            for table, rights in LEAD_CHANGES.items():
                cursor.execute(sql.SQL("REVOKE " + rights + " ON {} FROM {}").format(sql.Identifier(table), role))
            for table, kept in LEAD_COLUMNS.items():  # the other columns stay a member's to update
                others = [c.name for c in metadata.tables[table].columns if c.name not in kept]
                cursor.execute(sql.SQL("GRANT UPDATE ({}) ON {} TO {}").format(
                    sql.SQL(", ").join(map(sql.Identifier, others)), sql.Identifier(table), role))


def login_url(project_url: str, login: str, password: str) -> str:
    """The project's URL with `login` and `password` in place of the owner's."""
    return make_url(project_url).set(username=login, password=password).render_as_string(hide_password=False)
