"""Migration 0013_themes_and_memos, the parts that change existing tables.

SQLite cannot change a CHECK constraint in place, so the memos table is rebuilt
(renamed, created anew from the schema, rows copied, the old one dropped) inside the
migration's transaction; PostgreSQL swaps the constraint. Each step looks first, so
a project whose tables already have the new shape is left as it is.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text

from .schema import MEMO_TARGETS, MEMO_TYPES, THEME_STATES, memos

OLD_MEMO_COLUMNS = ("id", "target_type", "target_id", "text", "private", "member_id", "created_at", "guid")


def _columns(conn: Connection, table: str) -> set[str]:
    return {column["name"] for column in inspect(conn).get_columns(table)}


def _quoted(values) -> str:
    return ",".join(f"'{value}'" for value in values)


def upgrade_memos(conn: Connection) -> None:
    if "memo_type" in _columns(conn, "memos"):
        return
    columns = ", ".join(OLD_MEMO_COLUMNS)
    if conn.dialect.name == "sqlite":
        conn.execute(text("ALTER TABLE memos RENAME TO memos_before_0013"))
        memos.create(conn)
        conn.execute(text(f"INSERT INTO memos ({columns}, memo_type) "
                          f"SELECT {columns}, 'analytic' FROM memos_before_0013"))
        conn.execute(text("DROP TABLE memos_before_0013"))
        return
    conn.execute(text("ALTER TABLE memos ADD COLUMN memo_type VARCHAR(20) NOT NULL DEFAULT 'analytic'"))
    conn.execute(text("ALTER TABLE memos ADD COLUMN updated_at VARCHAR(40)"))
    conn.execute(text("ALTER TABLE memos DROP CONSTRAINT IF EXISTS memo_target_known"))
    conn.execute(text(f"ALTER TABLE memos ADD CONSTRAINT memo_target_known CHECK (target_type IN ({_quoted(MEMO_TARGETS)}))"))
    conn.execute(text(f"ALTER TABLE memos ADD CONSTRAINT memo_type_known CHECK (memo_type IN ({_quoted(MEMO_TYPES)}))"))


def upgrade_themes(conn: Connection) -> None:
    present = _columns(conn, "themes")
    if "summary" not in present:
        conn.execute(text("ALTER TABLE themes ADD COLUMN summary TEXT NOT NULL DEFAULT ''"))
    if "parent_id" not in present:
        conn.execute(text("ALTER TABLE themes ADD COLUMN parent_id INTEGER REFERENCES themes(id) ON DELETE SET NULL "
                          "DEFERRABLE INITIALLY DEFERRED"))
    if "status" not in present:
        conn.execute(text("ALTER TABLE themes ADD COLUMN status VARCHAR(20) NOT NULL DEFAULT 'candidate' "
                          f"CONSTRAINT theme_status_known CHECK (status IN ({_quoted(THEME_STATES)}))"))
