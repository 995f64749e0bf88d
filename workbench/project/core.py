"""Opening a project, choosing who is working, and the one way to write."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import NoMemberChosen, WorkbenchError
from ..store import Actor, Store
from ..store.schema import project_info
from .helpers import is_url

if TYPE_CHECKING:
    from . import Project


class ProjectCore:
    def __init__(self, store: Store, actor: Actor | None = None, context: dict | None = None):
        self.store = store
        self.actor = actor
        self.context = context

    # -- opening -------------------------------------------------------------------
    @classmethod
    def create(cls, target: str | Path, *, member: str | None = None, role: str = "researcher",
               title: str | None = None) -> "Project":
        """A new, empty project: a SQLite file path or a database URL."""
        if not is_url(target) and Path(target).exists():
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

    def acting_as(self, name: str, role: str, **context) -> "Project":
        """The same project, with changes credited to another member; `context`
        (e.g. entered_by="Chris Lee") is recorded with each of their events."""
        return type(self)(self.store, Actor(name, role), context or None)

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
        with self.store.write(self.actor, self.context) as writer:
            yield writer
