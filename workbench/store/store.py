"""A project store: one database, opened for reading and for logged writes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql import Select

from ..errors import ProjectNotFound, WorkbenchError
from .connection import WRITE_OPTION, is_url, make_engine
from .migrations import create_schema, migrate, pending_migrations
from .writer import Actor, Writer


class Store:
    def __init__(self, engine: Engine, sqlite_path: Path | None):
        self.engine = engine
        self.sqlite_path = sqlite_path

    @classmethod
    def open(cls, target: str | Path, *, create: bool = False) -> "Store":
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
        store = cls(make_engine(target), sqlite_path)
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
            create_schema(self.engine)
        elif pending_migrations(self.engine):
            migrate(self.engine, self.sqlite_path)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self, actor: Actor) -> Iterator[Writer]:
        """One all-or-nothing transaction; every change in it is logged as `actor`."""
        with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
            yield Writer(conn, actor)

    def dataframe(self, query: Select) -> pd.DataFrame:
        with self.read() as conn:
            return pd.read_sql(query, conn)

    def close(self) -> None:
        self.engine.dispose()


def _looks_like_sqlite(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"
