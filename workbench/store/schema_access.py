"""Who may do what in a project (issue 17, migration 0015_team_access); same `metadata`
as schema.py, gathered by store/__init__.py.

`members.role` stays the contribution role (researcher, partner, facilitator, ...);
access is a separate level. A member without a row here is a 'member', except the
project's first human member, who is its lead, so every older project keeps working.
`hub_user` maps a team server's sign-in name to the member it is.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Connection, ForeignKey, Integer, String, Table

from .schema import metadata

ACCESS_LEVELS = ("lead", "member", "viewer")

member_access = Table(
    "member_access",
    metadata,
    Column("member_id", Integer, ForeignKey("members.id"), primary_key=True),
    Column("level", String(20), nullable=False),
    Column("hub_user", String(200), unique=True),
    Column("granted_by", String(200), nullable=False),
    Column("granted_at", String(40), nullable=False),
    CheckConstraint("level IN ('" + "','".join(ACCESS_LEVELS) + "')", name="access_level_known"),
)


def create_team_access(conn: Connection) -> None:
    """Migration 0015_team_access: the access table on an older project."""
    member_access.create(conn, checkfirst=True)
