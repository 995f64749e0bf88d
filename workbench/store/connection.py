"""Opening a project store: a SQLite file by default, or any SQLAlchemy URL.

SQLite is set up for a team on one machine: WAL journal, foreign keys on,
secure_delete on (deleted text does not linger in the file), a busy timeout, and
write transactions that take the write lock up front (`BEGIN IMMEDIATE`). A deferred
transaction that reads and then writes cannot wait for the lock: it fails with
"database is locked" however long the busy timeout is.

PostgreSQL gets the same one-writer-at-a-time rule from a transaction-scoped advisory
lock taken as each write transaction begins, so a check-then-insert never races
another writer and writers cannot deadlock on each other's rows.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_MS = 15_000
WRITE_OPTION = "workbench_write"
POSTGRES_WRITE_LOCK = 8_000_001  # the advisory lock key every workbench writer takes


def is_url(target: str | Path) -> bool:
    return "://" in str(target)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def make_engine(target: str | Path, read_only: str | None = None) -> Engine:
    """`read_only` is None, "ro" (a read-only file) or "immutable" (a read-only
    folder, where SQLite cannot create the WAL's `-shm` file: see pitfalls.md)."""
    url = str(target) if is_url(target) else sqlite_url(Path(target))
    if make_url(url).get_backend_name() == "sqlite":
        if read_only:
            return _sqlite_engine(url, _read_only_creator(Path(target), read_only))
        return _sqlite_engine(url)
    if make_url(url).get_backend_name() == "postgresql":
        if make_url(url).drivername == "postgresql":  # a plain URL: use the installed driver
            url = make_url(url).set(drivername="postgresql+psycopg")
        return _postgres_engine(url, read_only is not None)
    return create_engine(url, pool_pre_ping=True)


def _read_only_creator(path: Path, mode: str):
    flag = "immutable=1" if mode == "immutable" else "mode=ro"
    uri = f"file:{quote(str(Path(path).resolve()))}?{flag}"
    return lambda: sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)


def _postgres_engine(url: str, read_only: bool = False) -> Engine:
    # A read-only store is read-only on the server too: any write is refused there.
    options = {"connect_args": {"options": "-c default_transaction_read_only=on"}} if read_only else {}
    engine = create_engine(url, pool_pre_ping=True, **options)

    @event.listens_for(engine, "begin")
    def _begin(connection):
        if connection.get_execution_options().get(WRITE_OPTION):
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRES_WRITE_LOCK})")

    return engine


def _sqlite_engine(url: str, creator=None) -> Engine:
    if creator is not None:
        engine = create_engine(url, creator=creator)
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if creator is None:  # a read-only connection cannot (and need not) set the journal mode
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")
        # In WAL mode NORMAL never corrupts the file and keeps every commit through a crash
        # of the program; only a power cut can lose the last commits. FULL's fsync on each
        # commit made a single coding cost several milliseconds (issue 16).
        cursor.execute("PRAGMA synchronous=NORMAL")
        # SQLite's default page cache (2 MB) is too small for a project of half a million
        # codings: every index lookup and insert then rereads pages (issue 16).
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        mode = "IMMEDIATE" if connection.get_execution_options().get(WRITE_OPTION) else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine
