"""Who is acting on a team server: the signed-in hub user, never a typed name.

JupyterHub starts each user's server with JUPYTERHUB_USER set to the name they signed
in with. Inside such a server the member is that user (the member the lead mapped the
sign-in name to, else the member of that name, else a new member of that name), and a
different name is refused. Outside a hub nothing changes: the member is whoever is said.
"""

from __future__ import annotations

import os

from sqlalchemy import Connection

from ..store.member_names import name_key, tidy_name
from .access import member_for_hub_user
from .permissions import PermissionRefused

HUB_USER_VARIABLE = "JUPYTERHUB_USER"


def signed_in_user() -> str | None:
    """The hub sign-in name of this server's user, or None outside a team server."""
    return os.environ.get(HUB_USER_VARIABLE) or None


def signed_in_member(conn: Connection, hub_user: str) -> tuple[str, str | None]:
    """(member name, role or None for a newcomer) the signed-in user acts as."""
    found = member_for_hub_user(conn, hub_user)
    return (found.name, found.role) if found is not None else (tidy_name(hub_user), None)


def check_same_person(asked: str, signed_in: str, hub_user: str) -> None:
    """On a team server a typed name cannot act for someone else."""
    if name_key(asked) not in (name_key(signed_in), name_key(hub_user)):
        raise PermissionRefused(
            f"You are signed in as {signed_in}, so you cannot work as '{tidy_name(asked)}'; "
            "to enter a partner's work, a facilitator uses facilitated mode.")
