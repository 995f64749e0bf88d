"""The `Project` facade: what a notebook, the CLI and the widgets talk to.

    project = Project.open("study.db", member="Alex Morgan", role="researcher")
    project.import_file("interview.txt")
    project.codings()            # a DataFrame

Every change goes through the store's logged write transaction, credited to the
member chosen with `member=` / `as_member()`.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from sqlalchemy import select

from .coding.codes import add_code, require_code, update_code
from .coding.codings import apply_code, remove_coding
from .coding.memos import add_memo
from .errors import ImportProblem, NoMemberChosen, WorkbenchError
from .ingest import parse_file
from .ingest.store_import import ImportReport, sha256, write_import
from .store import Actor, Store
from .store import queries
from .store.schema import documents, project_info


class Project:
    def __init__(self, store: Store, actor: Actor | None = None):
        self.store = store
        self.actor = actor

    # -- opening -------------------------------------------------------------------
    @classmethod
    def create(cls, target: str | Path, *, member: str | None = None, role: str = "researcher",
               title: str | None = None) -> "Project":
        """A new, empty project: a SQLite file path or a database URL."""
        if not _is_url(target) and Path(target).exists():
            raise WorkbenchError(f"{target} exists already; open it with Project.open, or choose a new file name.")
        project = cls(Store.open(target, create=True), Actor(member, role) if member else None)
        if title:
            with project._write() as writer:
                writer.insert(project_info, {"key": "title", "value": title}, "project.title")
        return project

    @classmethod
    def open(cls, target: str | Path, *, member: str | None = None, role: str = "researcher") -> "Project":
        return cls(Store.open(target), Actor(member, role) if member else None)

    def as_member(self, name: str, role: str = "researcher") -> "Project":
        """Who is working now; every change from here on is credited to them."""
        self.actor = Actor(name, role)
        return self

    def close(self) -> None:
        self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextmanager
    def _write(self):
        if self.actor is None:
            raise NoMemberChosen("Say who is working first, e.g. project.as_member('Alex Morgan', 'researcher').")
        with self.store.write(self.actor) as writer:
            yield writer

    # -- importing -----------------------------------------------------------------
    def import_file(self, path: str | Path, kind: str | None = None, **options) -> ImportReport:
        path = Path(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ImportProblem(str(path), "does not exist.", "Check the file name and folder.") from None
        except IsADirectoryError:
            raise ImportProblem(str(path), "is a folder.", "Give the path of one file.") from None
        return self.import_bytes(data, path.name, kind, **options)

    def import_bytes(self, data: bytes, filename: str, kind: str | None = None, **options) -> ImportReport:
        parsed = parse_file(data, filename, kind, **options)  # parse fully before writing anything
        with self._write() as writer:
            return write_import(writer, parsed, sha256(data))

    # -- codebook, coding, memos ---------------------------------------------------
    def add_code(self, name: str, parent: str | None = None, definition: str = "", when_to_use: str = "",
                 when_not_to_use: str = "", colour: str | None = None) -> int:
        with self._write() as writer:
            return add_code(writer, name, parent, definition, when_to_use, when_not_to_use, colour)

    def update_code(self, name: str, **changes) -> None:
        with self._write() as writer:
            update_code(writer, require_code(writer.conn, name), **changes)

    def apply_code(self, document: str | int, code: str, start: int, end: int) -> int:
        """Code the span [start, end) of a document (Python string offsets)."""
        with self._write() as writer:
            return apply_code(writer, self._document_id(writer.conn, document), require_code(writer.conn, code), start, end)

    def remove_coding(self, coding_id: int) -> None:
        with self._write() as writer:
            remove_coding(writer, coding_id)

    def add_memo(self, text: str, target_type: str = "project", target_id: int | None = None,
                 private: bool = False) -> int:
        with self._write() as writer:
            return add_memo(writer, text, target_type, target_id, private)

    # -- reading -------------------------------------------------------------------
    def _document_id(self, conn, document: str | int) -> int:
        column = documents.c.id if isinstance(document, int) else documents.c.name
        found = conn.execute(select(documents.c.id).where(column == document)).scalar()
        if found is None:
            raise WorkbenchError(f"There is no document '{document}' in this project.")
        return found

    def document_id(self, document: str | int) -> int:
        with self.store.read() as conn:
            return self._document_id(conn, document)

    def document_text(self, document: str | int) -> str:
        with self.store.read() as conn:
            return conn.execute(select(documents.c.text).where(documents.c.id == self._document_id(conn, document))).scalar()

    def documents(self) -> pd.DataFrame:
        return queries.documents_frame(self.store)

    def segments(self, document: str | int | None = None) -> pd.DataFrame:
        return queries.segments_frame(self.store, None if document is None else self.document_id(document))

    def participants(self) -> pd.DataFrame:
        return queries.participants_frame(self.store)

    def members(self) -> pd.DataFrame:
        return queries.members_frame(self.store)

    def codes(self) -> pd.DataFrame:
        return queries.codes_frame(self.store)

    def codings(self) -> pd.DataFrame:
        return queries.codings_frame(self.store)

    def memos(self) -> pd.DataFrame:
        return queries.memos_frame(self.store)

    def events(self) -> pd.DataFrame:
        return queries.events_frame(self.store)

    def summary(self) -> dict:
        return queries.counts(self.store)


def _is_url(target) -> bool:
    return "://" in str(target)
