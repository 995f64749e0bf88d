"""Migration 0014_partner_ready (issue 18): a file the workbench made when nobody said
who was working (an export, a snapshot) is recorded with no member, instead of under
a made-up member such as "workbench" who would then appear among the people."""

from __future__ import annotations

from sqlalchemy import Connection, text

from .schema import artefacts

COLUMNS = "id, kind, path, made_at, made_by, stale_since, stale_reason"


def artefacts_made_by_nobody(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        conn.execute(text("ALTER TABLE artefacts ALTER COLUMN made_by DROP NOT NULL"))
        return
    # SQLite cannot change a column's constraints: rebuild the table (nothing refers to it).
    conn.execute(text("ALTER TABLE artefacts RENAME TO artefacts_before_0014"))
    artefacts.create(conn)
    conn.execute(text(f"INSERT INTO artefacts ({COLUMNS}) SELECT {COLUMNS} FROM artefacts_before_0014"))
    conn.execute(text("DROP TABLE artefacts_before_0014"))
