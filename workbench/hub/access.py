"""Access levels as stored: who is lead, member or viewer, and who a hub user is."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, func, select

from ..store.clock import now
from ..store.member_names import NOT_PEOPLE, find_member
from ..store.schema import members
from ..store.schema_access import ACCESS_LEVELS, member_access
from ..errors import WorkbenchError


def first_person_id(conn: Connection) -> int | None:
    """The project's creator: its first human member, lead unless the lead said otherwise."""
    return conn.execute(select(func.min(members.c.id)).where(members.c.role.not_in(NOT_PEOPLE))).scalar()


def access_is_managed(conn: Connection) -> bool:
    """Whether the lead has given anyone a level (from then on lead-only actions are checked)."""
    return conn.execute(select(member_access.c.member_id).limit(1)).first() is not None


def level_of(conn: Connection, member_id: int | None) -> str:
    if member_id is None:
        return "member"
    level = conn.execute(select(member_access.c.level).where(member_access.c.member_id == member_id)).scalar()
    if level is not None:
        return level
    return "lead" if member_id == first_person_id(conn) else "member"


def acting_level(writer) -> str:
    """`level_of` the writer's member, from what the writer read as it began (its
    `access`: the stored level and the first person's id, in the statement that found
    the member), so a write asks no more; read afresh once a grant changed it."""
    if writer.member_id is None or writer.access is None:
        return level_of(writer.conn, writer.member_id)
    level, first = writer.access
    return level or ("lead" if writer.member_id == first else "member")


def level_by_name(conn: Connection, name: str | None) -> str:
    found = find_member(conn, name) if name else None
    if found is None:  # not a member yet: the first person to join a new project is its lead
        return "lead" if name and first_person_id(conn) is None else "member"
    return level_of(conn, found.id)


def access_frame(conn: Connection) -> pd.DataFrame:
    """Every person in the project with their role, access level and hub sign-in name."""
    rows = conn.execute(
        select(members.c.id, members.c.name, members.c.role, member_access.c.level, member_access.c.hub_user,
               member_access.c.granted_by, member_access.c.granted_at)
        .select_from(members.outerjoin(member_access, member_access.c.member_id == members.c.id))
        .where(members.c.role.not_in(NOT_PEOPLE)).order_by(members.c.id)).mappings().all()
    frame = pd.DataFrame(rows, columns=["id", "name", "role", "level", "hub_user", "granted_by", "granted_at"])
    first = first_person_id(conn)
    implicit = frame["level"].isna()
    frame.loc[implicit, "level"] = ["lead" if i == first else "member" for i in frame.loc[implicit, "id"]]
    return frame


def grant(writer, member: str, level: str, role: str | None = None, hub_user: str | None = None) -> str:
    """Give `member` (added if new, in `role`) an access level and optionally their hub
    sign-in name; logged and kept in one transaction. Refuses to leave nobody as lead."""
    if level not in ACCESS_LEVELS:
        raise WorkbenchError(f"'{level}' is not an access level; use one of: {', '.join(ACCESS_LEVELS)}.")
    conn = writer.conn
    member_id = writer.member(member, role)
    frame = access_frame(conn)
    leads = set(frame.loc[frame["level"] == "lead", "id"])
    if level != "lead" and leads <= {member_id}:
        raise WorkbenchError(f"{member} is the project's only lead; make someone else lead first.")
    if hub_user:
        taken = conn.execute(select(member_access.c.member_id).where(member_access.c.hub_user == hub_user)).scalar()
        if taken is not None and taken != member_id:
            raise WorkbenchError(f"The sign-in name '{hub_user}' belongs to another member already; choose another.")
    values = {"level": level, "granted_by": writer.actor.name, "granted_at": now()}
    if hub_user is not None:
        values["hub_user"] = hub_user
    exists = conn.execute(select(member_access.c.member_id).where(member_access.c.member_id == member_id)).first()
    if exists:
        conn.execute(member_access.update().where(member_access.c.member_id == member_id).values(**values))
    else:
        conn.execute(member_access.insert().values(member_id=member_id, **values))
    writer.log("member.access", "member_access", member_id, {"member": member, "level": level, "hub_user": hub_user})
    writer.access = None  # read afresh if asked again in this write
    return level


def member_for_hub_user(conn: Connection, hub_user: str):
    """The member (id, name, role) a hub sign-in name is mapped to, else the member of
    that name if the lead gave them a level, else None (nobody the lead added)."""
    mapped = conn.execute(select(members.c.id, members.c.name, members.c.role)
                          .join(member_access, member_access.c.member_id == members.c.id)
                          .where(member_access.c.hub_user == hub_user)).first()
    if mapped is not None:
        return mapped
    named = find_member(conn, hub_user)
    if named is None or named.role in NOT_PEOPLE:
        return None
    given = conn.execute(select(member_access.c.member_id).where(member_access.c.member_id == named.id)).first()
    return named if given is not None else None
