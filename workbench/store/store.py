"""A project store: one database, opened for reading and for logged writes."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.sql import Select

from ..errors import ProjectBusy, ProjectNotFound, ProjectReadOnly, SharedDriveWarning, WorkbenchError
from .connection import WRITE_OPTION, is_url, make_engine
from .failures import is_retryable, plain_error
from .location import read_only_mode, shared_drive_problem
from .migrations import create_schema, migrate, pending_migrations
from .writer import Actor, Writer


class Store:
    read_only = False
    notes: tuple[str, ...] = ()  # plain-language warnings about where and how it was opened

    def __init__(self, engine: Engine, sqlite_path: Path | None):
        self.engine = engine
        self.sqlite_path = sqlite_path

    @classmethod
    def open(cls, target: str | Path, *, create: bool = False, read_only: bool = False) -> "Store":
        """`read_only=True` opens it for reading whatever the permissions, e.g. for a
        published dashboard; a read-only file or folder is always opened so."""
        sqlite_path = None if is_url(target) else Path(target)
        if sqlite_path is not None:
            if sqlite_path.is_dir():
                raise WorkbenchError(f"{sqlite_path} is a folder; give the path of a project file, e.g. {sqlite_path / 'project.db'}.")
            if not sqlite_path.exists() and not create:
                raise ProjectNotFound(
                    f"There is no project at {sqlite_path}; create one with `workbench init {sqlite_path}`."
                )
            if create:
                sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            if sqlite_path.exists() and sqlite_path.stat().st_size and not _looks_like_sqlite(sqlite_path):
                raise WorkbenchError(f"{sqlite_path} is not a workbench project (it is not a SQLite database).")
        mode = read_only_mode(sqlite_path) if sqlite_path is not None and sqlite_path.exists() else None
        asked = read_only and mode is None
        store = cls(make_engine(target, "ro" if asked else mode), sqlite_path)
        store.read_only = read_only or mode is not None
        notes = []
        if asked:
            notes.append(f"{sqlite_path or store.name} was opened for reading only; editing is disabled.")
        elif mode is not None:
            place = "file" if mode == "ro" else "folder"
            notes.append(f"{sqlite_path} is in a read-only {place}, so it is open for reading only; "
                         "editing is disabled (work on a copy to make changes).")
        if sqlite_path is not None and (problem := shared_drive_problem(sqlite_path)):
            notes.append(problem)
            warnings.warn(problem, SharedDriveWarning, stacklevel=3)  # shown in a notebook
        store.notes = tuple(notes)
        store._prepare(create)
        return store

    def _prepare(self, create: bool) -> None:
        try:
            has_schema = inspect(self.engine).has_table("schema_migrations")
        except OperationalError as exc:
            raise WorkbenchError(f"Cannot open the project at {self.sqlite_path or self.engine.url}: {exc.orig}.") from None
        if not has_schema:
            if not create:
                raise WorkbenchError(
                    f"{self.sqlite_path or self.engine.url} is a database but not a workbench project; "
                    "create a new project with `workbench init`."
                )
            self._plainly(create_schema)
        elif pending_migrations(self.engine):
            if self.read_only:
                self.notes += ("It was saved by an older version of the workbench and cannot be updated "
                               "while read-only; some views may be missing.",)
            else:
                self._plainly(lambda engine: migrate(engine, self.sqlite_path))

    def _plainly(self, change: Callable[[Engine], object]) -> None:
        try:
            change(self.engine)
        except DBAPIError as exc:
            plain = plain_error(exc, self.name)
            if plain is None:
                raise
            raise plain from exc

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self, actor: Actor, context: dict | None = None) -> Iterator[Writer]:
        """One all-or-nothing transaction; every change in it is logged as `actor`
        (with `context` added to each event's details)."""
        if self.read_only:
            raise ProjectReadOnly(self.notes[0])
        try:
            with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
                writer = Writer(conn, actor, context)
                yield writer
                writer.flush_undo_steps()
        except DBAPIError as exc:
            plain = plain_error(exc, self.name)
            if plain is None:
                raise
            raise plain from exc

    def transaction(self, actor: Actor, work: Callable[[Writer], object], attempts: int = 5,
                    context: dict | None = None):
        """Run `work(writer)` in one write transaction, retrying it from the start when
        PostgreSQL reports a serialization failure or a deadlock."""
        for attempt in range(1, attempts + 1):
            try:
                with self.write(actor, context) as writer:
                    return work(writer)
            except ProjectBusy as busy:
                if attempt == attempts or not is_retryable(busy.__cause__):
                    raise
                time.sleep(0.05 * 2 ** attempt)

    @property
    def name(self) -> str:
        return str(self.sqlite_path) if self.sqlite_path else self.engine.url.render_as_string(hide_password=True)

    def dataframe(self, query: Select) -> pd.DataFrame:
        with self.read() as conn:
            return pd.read_sql(query, conn)

    def plain_dataframe(self, query: Select) -> pd.DataFrame:
        """Like `dataframe`, for queries of numbers and text only (no booleans or dates
        for SQLAlchemy to convert): the driver's rows go straight into pandas, skipping
        a Python row object per row, which is most of the cost of reading 500,000 codings."""
        with self.read() as conn:
            result = conn.execute(query)
            columns = list(result.keys())
            rows = result.cursor.fetchall() if result.cursor is not None else []
        return pd.DataFrame.from_records(rows, columns=columns, coerce_float=True)

    def integer_frame(self, query: Select, order_by: list[str] | None = None) -> pd.DataFrame:
        """Like `plain_dataframe`, for queries of whole numbers that are never NULL (ids,
        offsets): see `integer_frame`."""
        with self.read() as conn:
            return integer_frame(conn, query, order_by)

    def close(self) -> None:
        self.engine.dispose()


def integer_frame(conn: Connection, query: Select, order_by: list[str] | None = None) -> pd.DataFrame:
    """A query of whole numbers that are never NULL (ids, offsets) read on `conn`: the
    driver's rows go into one int64 array without a Python row object each or pandas
    guessing each column's type. `order_by` sorts here (stable, by those columns in
    turn) rather than in the database, whose ordered walk of an index reads the table
    at random."""
    result = conn.execute(query)
    columns = list(result.keys())
    rows = result.cursor.fetchall() if result.cursor is not None else []
    try:  # fromiter over the flattened rows: half the time of np.array on a list of tuples
        array = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=len(rows) * len(columns))
        array = array.reshape(-1, len(columns))
    except (TypeError, ValueError):  # a NULL after all
        return pd.DataFrame.from_records(rows, columns=columns, coerce_float=True)
    if order_by:
        array = array[np.lexsort([array[:, columns.index(name)] for name in reversed(order_by)])]
    return pd.DataFrame(array, columns=columns)


def _looks_like_sqlite(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"
