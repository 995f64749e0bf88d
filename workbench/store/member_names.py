"""One person, one member: names match without regard to case and spacing.

"jo  bennett" and "Jo Bennett" are the same person; the name as first written (with
its spacing tidied) is the one kept. The members table is small (a team), so matching
reads it whole rather than relying on the database's own case rules, which differ
between SQLite (ASCII only) and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from ..errors import WorkbenchError
from .schema import members

# The workbench itself, when it records what it did with nobody named (an export it
# wrote): logged under this name in the machine role, never made a member.
SYSTEM_NAME = "workbench"


def tidy_name(name: str) -> str:
    """The name with runs of spaces made one and the ends trimmed."""
    return " ".join(str(name).split())


def name_key(name: str) -> str:
    """What two names must share to be the same member."""
    return tidy_name(name).casefold()


def find_member(conn: Connection, name: str):
    """The member row (id, name, role) whose name matches `name`, or None."""
    exact = conn.execute(select(members.c.id, members.c.name, members.c.role)
                         .where(members.c.name == tidy_name(name))).first()
    if exact is not None:
        return exact
    key = name_key(name)
    rows = conn.execute(select(members.c.id, members.c.name, members.c.role)).all()
    return next((row for row in rows if name_key(row.name) == key), None)


def check_role(found, role: str | None) -> None:
    """A member keeps the role they joined with: any other role given is a mistake."""
    if role is not None and found.role != role:
        raise WorkbenchError(
            f"{found.name} is a {found.role} in this project, not a {role}; "
            f"work as them with the role '{found.role}', or choose another name.")
