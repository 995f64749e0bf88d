"""Leave no copy of erased text on disk: SQLite keeps old pages in the `-wal` file
until a checkpoint and free pages in the file until a vacuum (secure_delete is on,
so deleted cells are zeroed; VACUUM rewrites the file without the free pages)."""

from __future__ import annotations

import sqlite3

from ..errors import WorkbenchError
from ..store import Store
from ..store.connection import BUSY_TIMEOUT_MS

SCRUB_WAIT_MS = 3_000  # how long to wait for others' reads to finish before saying so


def scrub(store: Store) -> dict:
    """Checkpoint the WAL (TRUNCATE) and VACUUM; PostgreSQL gets VACUUM FULL on the
    changed tables' database. Returns what SQLite reported."""
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM FULL")
        return {"vacuumed": True}
    if store.engine.dialect.name != "sqlite":
        return {"vacuumed": False}
    store.engine.dispose()  # pooled connections of ours would hold the WAL open
    try:
        with store.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            raw.execute(f"PRAGMA busy_timeout={SCRUB_WAIT_MS}")
            try:
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                raw.execute("VACUUM")
                busy, wal_pages, moved = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    except sqlite3.OperationalError:  # "database is locked": another process is writing
        busy, wal_pages, moved = 1, None, None
    if busy:
        raise WorkbenchError(f"{store.name}: the erased words are deleted, but someone else has the project open, so "
                             "the old copy in its -wal file could not be cleared yet; close other notebooks and run "
                             "`workbench withdraw` again.")
    return {"wal_pages": wal_pages, "checkpointed": moved}
