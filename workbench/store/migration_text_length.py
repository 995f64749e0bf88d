"""Migration 0022_text_length: each document's length in characters, stored.

Coding a span checks its end against the document's length; counting a long text's
characters for each coding read the whole text (a megabyte for a large survey). An
older project gets the column (after the others: a column cannot be added elsewhere)
filled in one statement; new documents get it from the column's default.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text


def store_text_lengths(conn: Connection) -> None:
    if "text_length" not in {column["name"] for column in inspect(conn).get_columns("documents")}:
        conn.execute(text("ALTER TABLE documents ADD COLUMN text_length INTEGER"))
    # The texts hold no NUL (imports remove it), so SQL's length() counts as Python does.
    conn.execute(text("UPDATE documents SET text_length = length(text) WHERE text_length IS NULL"))
