"""Who is working in a widget: the two traits every editing widget shares, checked
because a Voila visitor can set any synced trait.

On a team server (JUPYTERHUB_USER set) the member is the signed-in user: a widget
opened without a name works as them, and a name set in the page that is not theirs is
refused with one sentence in the widget's error while it keeps working as them."""

from __future__ import annotations

import re

import traitlets

from ..errors import WorkbenchError
from ..hub.identity import check_same_person, signed_in_member, signed_in_user
from ..hub.permissions import PermissionRefused
from ..store.schema import MEMBER_ROLES

HUMAN_ROLES = [r for r in MEMBER_ROLES if r not in ("machine", "consensus")]


def require_member(member: str, role: str, usage: str) -> str:
    """Who is working, said in a human role before a widget opens (`usage` shows how);
    on a team server the signed-in user when no name is given. Returns the name."""
    if not member and signed_in_user():
        return signed_in_user()
    if not member:
        raise WorkbenchError(f"Say who is working: {usage}.")
    if role not in HUMAN_ROLES:
        raise WorkbenchError(f"Unknown role '{role}'; choose one of: {', '.join(HUMAN_ROLES)}.")
    return member


def signed_in_as(project) -> tuple[str, str] | None:
    """(name, role) of the signed-in member on a team server, else None."""
    hub_user = signed_in_user()
    if project is None or not hub_user:
        return None
    with project.store.read() as conn:
        return signed_in_member(conn, hub_user)


def keep_signed_in(widget, name: str) -> str:
    """On a team server, the signed-in member whatever name the page set; a name that is
    someone else's is refused in the widget's error. Elsewhere `name` as given."""
    signed = signed_in_as(getattr(widget, "project", None))
    if signed is None:
        return name
    if name:
        try:
            check_same_person(name, signed[0], signed_in_user())
        except PermissionRefused as refused:
            if widget.has_trait("error"):
                widget.error = str(refused)
    return signed[0]


def canonical_name(project, name: str) -> str:
    """`name` as the project writes it when it is a member already ("jo bennett" is
    "Jo Bennett"), so one's own earlier work shows as one's own at once."""
    if project is None or not name:
        return name
    from ..store.member_names import find_member

    with project.store.read() as conn:
        found = find_member(conn, name)
    return found.name if found is not None else name


def guard_member_name(widget) -> None:
    """The same rule for a widget with a `member_name` trait of its own."""
    def keep(change):
        kept = keep_signed_in(widget, change["new"])
        if kept != change["new"]:
            widget.member_name = kept
    widget.observe(keep, "member_name")


class MemberTraits(traitlets.HasTraits):
    member_name = traitlets.Unicode("", help="Who is working; recorded with each change.").tag(sync=True)
    member_role = traitlets.Unicode("researcher", help="Their role.").tag(sync=True)

    @traitlets.validate("member_name")
    def _valid_name(self, proposal):
        name = re.sub(r"\s+", " ", proposal["value"]).strip()
        if len(name) > 100:
            raise traitlets.TraitError("A name can have at most 100 characters.")
        return keep_signed_in(self, canonical_name(getattr(self, "project", None), name))

    @traitlets.validate("member_role")
    def _valid_role(self, proposal):
        if proposal["value"] not in HUMAN_ROLES:
            raise traitlets.TraitError(f"Unknown role {proposal['value']!r}.")
        signed = signed_in_as(getattr(self, "project", None))
        return proposal["value"] if signed is None else signed[1]  # on a team server, the role the lead gave
