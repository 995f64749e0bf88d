"""Who may do what in a project (issue 17, migrations 0015_team_access and
0018_team_server); same `metadata`
as schema.py, gathered by store/__init__.py.

`members.role` stays the contribution role (researcher, partner, facilitator, ...);
access is a separate level. A member without a row here is a 'member', except the
project's first human member, who is its lead, so every older project keeps working.
`hub_user` maps a team server's sign-in name to the member it is. `member_logins`
says which member each PostgreSQL login the lead made is, at which level: the
database's row-level policies read it, so a viewer's login writes only their own memos.
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


member_logins = Table(
    "member_logins",
    metadata,
    Column("login", String(63), primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id"), nullable=False),
    Column("level", String(20), nullable=False),
    CheckConstraint("level IN ('" + "','".join(ACCESS_LEVELS) + "')", name="login_level_known"),
)


def create_team_access(conn: Connection) -> None:
    """Migration 0015_team_access: the access table on an older project."""
    member_access.create(conn, checkfirst=True)


def create_member_logins(conn: Connection) -> None:
    """Migration 0018_team_server: which member each database login is."""
    member_logins.create(conn, checkfirst=True)
