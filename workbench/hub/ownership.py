"""On a team, what belongs to someone (a coding, a memo) is changed by them or the lead.

A team is a project on a team server, or one whose lead has given anyone an access
level; before that (one laptop, every older project) people work as they always have.
The same rule the database keeps for a member's own login (`store/login_rows.py`),
asked by the facade before it writes, so the refusal is one plain sentence.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from ..store.schema import members
from .access import NOT_PEOPLE, access_is_managed, level_of
from .identity import signed_in_user
from .permissions import PermissionRefused


def on_a_team(conn: Connection) -> bool:
    return signed_in_user() is not None or access_is_managed(conn)


def require_own(conn: Connection, owner_id: int | None, member_id: int | None, what: str) -> None:
    """Refuse changing someone else's `what` (e.g. "codings") on a team, unless one is the lead."""
    if owner_id is None or owner_id == member_id or not on_a_team(conn) or level_of(conn, member_id) == "lead":
        return
    if conn.execute(select(members.c.role).where(members.c.id == owner_id)).scalar() in NOT_PEOPLE:
        return  # the topic model's suggestions, a settled consensus: anyone's to change
    raise PermissionRefused(f"You can only change your own {what} in this project; ask the person who made them, "
                            "or the project lead.")
