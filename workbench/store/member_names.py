"""One person, one member: names match without regard to case and spacing.

"jo  bennett" and "Jo Bennett" are the same person; the name as first written (with
its spacing tidied) is the one kept. The members table is small (a team), so matching
reads it whole rather than relying on the database's own case rules, which differ
between SQLite (ASCII only) and PostgreSQL.

Every write begins by finding who is acting (`find_acting_member`): one statement gives
the member and what their access level follows from (the level the lead gave, and who
the project's first person is), so a single coding does not spend three statements on
who is coding (issue 16).
"""

from __future__ import annotations

from sqlalchemy import Connection, and_, bindparam, func, select

from ..errors import WorkbenchError
from .schema import members
from .schema_access import member_access

# The workbench itself, when it records what it did with nobody named (an export it
# wrote): logged under this name in the machine role, never made a member.
SYSTEM_NAME = "workbench"
# Members who are not people: never a project's lead, never given access.
NOT_PEOPLE = ("machine", "consensus")


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


# The first human member (the project's lead unless the lead said otherwise); "!=" rather
# than NOT IN, whose list SQLAlchemy renders afresh on every execution.
FIRST_PERSON = (select(func.min(members.c.id)).where(and_(*[members.c.role != role for role in NOT_PEOPLE]))
                .scalar_subquery())
# Built once: it runs at the start of every write.
_ACTING = (select(members.c.id, members.c.name, members.c.role, member_access.c.level,
                  FIRST_PERSON.label("first_person"))
           .select_from(members.outerjoin(member_access, member_access.c.member_id == members.c.id))
           .where(members.c.name == bindparam("name")))


def find_acting_member(conn: Connection, name: str):
    """`find_member` with, in the same statement, the member's stored access `level`
    (None where the lead gave none) and the id of the project's `first_person`."""
    found = conn.execute(_ACTING, {"name": tidy_name(name)}).first()
    if found is not None:
        return found
    other = find_member(conn, name)  # the same name written with other case or spacing
    return None if other is None else conn.execute(_ACTING, {"name": other.name}).first()


def check_role(found, role: str | None) -> None:
    """A member keeps the role they joined with: any other role given is a mistake."""
    if role is not None and found.role != role:
        raise WorkbenchError(
            f"{found.name} is a {found.role} in this project, not a {role}; "
            f"work as them with the role '{found.role}', or choose another name.")
