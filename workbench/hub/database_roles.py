"""On PostgreSQL, each hub user connects as a database login with only the rights
their access level needs, so the database itself refuses what the API refuses.

- viewer: reads everything; a viewer comments with memos, so their login may add,
  edit and delete memos and append the event and undo rows a memo change writes, and
  nothing else: no UPDATE or DELETE on the event log or undo rows, no other table.
  Row triggers narrow even that to the viewer's own rows: a memo, event or undo row
  must carry their own member id (from `member_logins`), and an event or undo row must
  be about memos. So a viewer's login can neither change codings, codes or themes nor
  forge the log or another person's memo, even with the API bypassed. (Triggers, not
  row-level security: PostgreSQL refuses COPY, the workbench's bulk insert, under RLS.)
- member: reads and writes the project's tables (not create, drop or alter them),
  except who has access (`member_access`, `member_logins`), which is the lead's.
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

VIEWER_WRITES = {"memos": "INSERT, UPDATE, DELETE", "events": "INSERT", "undo_steps": "INSERT"}
LEAD_TABLES = ("member_access", "member_logins")
LOGIN_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")

# Checked row by row for a viewer's login only (the trigger's WHEN names those logins, so
# everyone else's inserts, COPY included, pay nothing): every row must be the viewer's
# own, and a log or undo row must be about memos. SQLSTATE 42501: insufficient privilege.
VIEWER_ROWS_FUNCTION = """
CREATE OR REPLACE FUNCTION workbench_viewer_rows() RETURNS trigger AS $$
DECLARE mine integer;
BEGIN
  SELECT member_id INTO mine FROM member_logins WHERE login = current_user AND level = 'viewer';
  IF mine IS NULL THEN
    RETURN COALESCE(NEW, OLD);
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.member_id IS DISTINCT FROM mine THEN
    RAISE EXCEPTION 'a viewer may change only their own memos' USING ERRCODE = '42501';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF NEW.member_id IS DISTINCT FROM mine THEN
      RAISE EXCEPTION 'a viewer may write only in their own name' USING ERRCODE = '42501';
    END IF;
    IF TG_TABLE_NAME = 'events' THEN
      IF NEW.entity <> 'memos' THEN
        RAISE EXCEPTION 'a viewer may log only memos' USING ERRCODE = '42501';
      END IF;
    ELSIF TG_TABLE_NAME = 'undo_steps' THEN
      IF NEW.table_name <> 'memos' THEN
        RAISE EXCEPTION 'a viewer may undo only memos' USING ERRCODE = '42501';
      END IF;
    END IF;
  END IF;
  RETURN COALESCE(NEW, OLD);
END; $$ LANGUAGE plpgsql
"""


def check_login(login: str, password: str) -> None:
    if not LOGIN_NAME.fullmatch(login):
        raise WorkbenchError(
            f"'{login}' cannot be a database login: use lower-case letters, digits and _ (at most 63), starting with a letter.")
    if len(password) < 12:
        raise WorkbenchError("A database password needs at least 12 characters.")


def viewer_triggers(cursor) -> None:
    """(Re)make the row checks for the viewer logins in `member_logins` (none: no triggers)."""
    from psycopg import sql

    cursor.execute("SELECT login FROM member_logins WHERE level = 'viewer' ORDER BY login")
    viewers = [row[0] for row in cursor.fetchall()]
    cursor.execute(VIEWER_ROWS_FUNCTION)
    for table, verbs in (("memos", "INSERT OR UPDATE OR DELETE"), ("events", "INSERT"), ("undo_steps", "INSERT")):
        trigger, name = sql.Identifier(f"{table}_viewer_rows"), sql.Identifier(table)
        cursor.execute(sql.SQL("DROP TRIGGER IF EXISTS {} ON {}").format(trigger, name))
        if viewers:
            logins = sql.SQL(", ").join(sql.Literal(login) for login in viewers)
            cursor.execute(sql.SQL("CREATE TRIGGER {} BEFORE " + verbs + " ON {} FOR EACH ROW "
                                   "WHEN (current_user IN ({})) EXECUTE FUNCTION workbench_viewer_rows()")
                           .format(trigger, name, logins))


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
        viewer_triggers(cursor)
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
            return
        cursor.execute(sql.SQL("GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(role))
        # many rows at once take their ids as one block of the sequence (setval needs UPDATE)
        cursor.execute(sql.SQL("GRANT UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(role))
        if level != "lead":
            tables = sql.SQL(", ").join(sql.Identifier(t) for t in LEAD_TABLES)
            cursor.execute(sql.SQL("REVOKE INSERT, UPDATE, DELETE ON {} FROM {}").format(tables, role))


def login_url(project_url: str, login: str, password: str) -> str:
    """The project's URL with `login` and `password` in place of the owner's."""
    return make_url(project_url).set(username=login, password=password).render_as_string(hide_password=False)
