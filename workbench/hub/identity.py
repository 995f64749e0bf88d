"""Who is acting on a team server: the signed-in hub user, never a typed name.

JupyterHub starts each user's server with JUPYTERHUB_USER set to the name they signed
in with. Inside such a server the member is that user: the member the lead mapped the
sign-in name to, or the member of that name the lead gave an access level. Anyone else
signed in (approved by the hub, but not added to the project) is refused, never made a
new member; a different name is refused too. Outside a hub nothing changes: the member
is whoever is said.
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


def signed_in_member(conn: Connection, hub_user: str) -> tuple[str, str]:
    """(member name, role) the signed-in user acts as; refused if the lead has not added them."""
    found = member_for_hub_user(conn, hub_user)
    if found is None:
        raise PermissionRefused(
            f"You are signed in as {hub_user}, but you are not a member of this project yet; "
            "ask the project lead to add you.")
    return found.name, found.role


def check_same_person(asked: str, signed_in: str, hub_user: str) -> None:
    """On a team server a typed name cannot act for someone else."""
    if name_key(asked) not in (name_key(signed_in), name_key(hub_user)):
        raise PermissionRefused(
            f"You are signed in as {signed_in}, so you cannot work as '{tidy_name(asked)}'; "
            "to enter a partner's work, a facilitator uses facilitated mode.")
