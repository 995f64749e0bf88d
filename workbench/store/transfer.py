"""Moving and copying whole projects: SQLite <-> PostgreSQL, backups and restores.

A copy reads the source in one snapshot (others may go on writing) and writes the
destination in one transaction, then checks that every table holds as many rows as
the source did: all or nothing. Backups of a SQLite project use SQLite's backup API,
which copies a consistent state of a live database.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Integer, func, insert, select, text

from ..errors import DiskFull, WorkbenchError
from .connection import WRITE_OPTION, is_url
from .migrations import backup_sqlite
from .schema import metadata, schema_migrations
from .store import Store
from .writer import Actor, Writer

CHUNK = 2_000


def data_tables():
    return [table for table in metadata.sorted_tables if table is not schema_migrations]


def row_counts(conn) -> dict[str, int]:
    return {table.name: conn.execute(select(func.count()).select_from(table)).scalar() for table in data_tables()}


def copy_project(source: Store, target: str | Path, actor: Actor | None = None) -> dict[str, int]:
    """Copy every row of `source` into a new or empty project at `target`; return the
    row counts, verified equal on both sides. `actor` (if given) is logged as having
    made the copy, after the check."""
    if not is_url(target) and Path(target).exists():
        raise WorkbenchError(f"{target} exists already; give the name of a new file.")
    destination = Store.open(target, create=True)
    finished = False
    try:
        with destination.read() as conn:
            if any(row_counts(conn).values()):
                raise WorkbenchError(f"{destination.name} already holds a project; copy into an empty database.")
        snapshot = {"isolation_level": "REPEATABLE READ"} if source.engine.dialect.name == "postgresql" else {}
        with source.engine.connect().execution_options(**snapshot) as reading, reading.begin(), \
                destination.engine.connect().execution_options(**{WRITE_OPTION: True}) as writing, writing.begin():
            expected = row_counts(reading)
            for table in data_tables():
                rows = reading.execute(select(table).order_by(*table.primary_key.columns)).mappings()
                while chunk := rows.fetchmany(CHUNK):
                    writing.execute(insert(table), [_portable(table, row) for row in chunk])
            _restart_id_sequences(writing)
            copied = row_counts(writing)
            if copied != expected:
                differ = ", ".join(f"{name} {expected[name]} -> {copied[name]}" for name in expected
                                   if expected[name] != copied[name])
                raise WorkbenchError(f"The copy to {destination.name} did not match ({differ}); nothing was kept.")
            if actor is not None:
                Writer(writing, actor).log("project.copy", "project", None,
                                           {"from": source.engine.dialect.name, "rows": expected})
        finished = True
        return expected
    finally:
        destination.close()
        if not finished and destination.sqlite_path is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{destination.sqlite_path}{suffix}").unlink(missing_ok=True)


def _portable(table, row) -> dict:
    """A row as every backend takes it. SQLite kept whatever was given to an integer
    column (older projects logged the text key of `project_info` rows as an event's
    entity_id); PostgreSQL refuses that, and the key is in the event's details anyway."""
    values = dict(row)
    for column in table.c:
        if isinstance(column.type, Integer) and isinstance(values.get(column.name), str):
            values[column.name] = int(values[column.name]) if values[column.name].isdigit() else None
    return values


def _restart_id_sequences(conn) -> None:
    if conn.dialect.name != "postgresql":
        return
    for table in data_tables():
        if "id" in table.c and table.c.id.primary_key and isinstance(table.c.id.type, Integer):
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"coalesce((SELECT max(id) FROM \"{table.name}\"), 0) + 1, false)"
            ))


def backup(store: Store, destination: Path) -> dict[str, int]:
    """A consistent copy of a live project into the SQLite file `destination`."""
    destination = Path(destination)
    if destination.exists():
        raise WorkbenchError(f"{destination} exists already; give the backup a new file name.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    if store.sqlite_path is None:
        return copy_project(store, destination)
    try:
        backup_sqlite(store.sqlite_path, destination)
    except sqlite3.OperationalError as exc:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{destination}{suffix}").unlink(missing_ok=True)
        if "full" in str(exc):
            raise DiskFull(f"There is no room for the backup at {destination}; nothing was written there and "
                           "the project is untouched: free some space or choose another disk.") from None
        raise WorkbenchError(f"Could not back up {store.name} to {destination} ({exc}); nothing was written.") from None
    _check_sqlite_backup(destination)
    with closing(Store.open(destination)) as copy, copy.read() as conn:
        return row_counts(conn)


def restore(backup_file: Path, target: str | Path, actor: Actor) -> dict[str, int]:
    """Bring a backup back as the project at `target`. A SQLite project that exists is
    first saved beside itself (`<name>.before-restore-<time>`); the restore is logged."""
    backup_file = Path(backup_file)
    _check_sqlite_backup(backup_file)
    if is_url(target):
        with closing(Store.open(backup_file)) as source:
            return copy_project(source, target, actor)
    target = Path(target)
    if target.exists():
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        backup_sqlite(target, target.with_name(f"{target.name}.before-restore-{stamp}"))
    with closing(sqlite3.connect(_read_only_uri(backup_file), uri=True)) as src, \
            closing(sqlite3.connect(target, timeout=30)) as dst:
        src.backup(dst)
    with closing(Store.open(target)) as restored:
        with restored.write(actor) as writer:
            writer.log("project.restore", "project", None, {"backup": backup_file.name})
        with restored.read() as conn:
            return row_counts(conn)


def _check_sqlite_backup(path: Path) -> None:
    if not path.is_file():
        raise WorkbenchError(f"There is no backup file at {path}; check the name.")
    with open(path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise WorkbenchError(f"{path} is not a workbench backup (it is not a SQLite database).")
    try:
        with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as conn:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
            has_schema = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise WorkbenchError(f"{path} cannot be read as a backup ({exc}); use another backup.") from None
    if verdict != "ok" or not has_schema:
        raise WorkbenchError(f"{path} is not a sound workbench backup ({verdict}); use another backup.")


def _read_only_uri(path: Path) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro"
