"""Opening a project, choosing who is working, and the one way to write."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import insert

from ..errors import NoMemberChosen, WorkbenchError
from ..store import Actor, Store
from ..store.member_names import SYSTEM_NAME
from ..store.schema import project_info
from ..hub.identity import check_same_person, signed_in_member, signed_in_user
from ..hub.permissions import PermissionRefused, require_facilitator
from .helpers import is_url

if TYPE_CHECKING:
    from . import Project

# Who records what the workbench does when nobody said who is working (an export, a title):
# logged by this name, never made a member.
SYSTEM = Actor(SYSTEM_NAME, "machine")


class ProjectCore:
    def __init__(self, store: Store, actor: Actor | None = None, context: dict | None = None):
        self.store = store
        self.actor = actor
        self.context = context

    # -- opening -------------------------------------------------------------------
    @classmethod
    def create(cls, target: str | Path, *, member: str | None = None, role: str | None = None,
               title: str | None = None) -> "Project":
        """A new, empty project: a SQLite file path or a database URL. `member` (a
        researcher unless `role` says) is its first member; with no member, nobody is
        recorded and the title is logged as set by the workbench itself."""
        if not is_url(target) and Path(target).exists():
            raise WorkbenchError(f"{target} exists already; open it with Project.open, or choose a new file name.")
        project = cls(Store.open(target, create=True))
        if member:
            project.as_member(member, role)
        if title and project.actor is not None:
            with project._write() as writer:
                writer.insert(project_info, {"key": "title", "value": title}, "project.title")
        elif title:  # logged as set by the workbench: there is no member whose change to undo
            with project.store.write(SYSTEM) as writer:
                writer.conn.execute(insert(project_info).values(key="title", value=title))
                writer.log("project.title", "project_info", None, {"key": "title", "value_length": len(title)})
        return project

    @classmethod
    def open(cls, target: str | Path, *, member: str | None = None, role: str | None = None) -> "Project":
        project = cls(Store.open(target))
        member = member or signed_in_user()  # on a team server: the signed-in user (issue 17)
        return project.as_member(member, role) if member else project

    def as_member(self, name: str, role: str | None = None) -> "Project":
        """Who is working now; every change from here on is credited to them. `name`
        matches a member without regard to case and spacing ("jo  bennett" is "Jo
        Bennett"); `role` must be theirs if given (a new member is a researcher unless
        it says). On a team server only the signed-in user's own name is accepted."""
        name, role = self._signed_in_as(name, role)
        self.actor = self.member_actor(name, role)
        return self

    def _signed_in_as(self, name: str, role: str | None) -> tuple[str, str | None]:
        """(name, role) to act as: unchanged outside a hub; inside one, the signed-in
        member (in the role the project gave them), or a refusal for anyone else."""
        hub_user = signed_in_user()
        if not hub_user:
            return name, role
        with self.store.read() as conn:
            signed, their_role = signed_in_member(conn, hub_user)
        check_same_person(name, signed, hub_user)
        return signed, their_role or role

    def acting_as(self, name: str, role: str | None, **context) -> "Project":
        """The same project, with changes credited to another member; `context`
        (e.g. entered_by="Chris Lee") is recorded with each of their events. On a team
        server, working for someone else is for facilitators and the lead only, and
        entered_by is always the signed-in user."""
        if signed_in_user():
            try:
                name, role = self._signed_in_as(name, role)
            except PermissionRefused:
                me = self.as_member(signed_in_user()).actor
                require_facilitator(me.name, me.role, self.access_level(me.name), name)
                context = {**context, "entered_by": me.name}
        return type(self)(self.store, self.member_actor(name, role), context or None)

    def member_actor(self, name: str, role: str | None = None) -> Actor:
        """Who `name` is in this project: their name as the project writes it and
        their role. A role other than an existing member's is one plain error."""
        from ..store.member_names import check_role, find_member, tidy_name

        actor = Actor(tidy_name(name or ""), role or "researcher")  # a name and a known role
        with self.store.read() as conn:
            found = find_member(conn, actor.name)
        if found is None:
            return actor
        check_role(found, role)
        return Actor(found.name, found.role)

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
        with self.store.write(self.actor, self.context) as writer, self._viewer_limits(writer):
            yield writer
