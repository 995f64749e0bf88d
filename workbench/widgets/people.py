"""Who is working in a widget: the two traits every editing widget shares, checked
because a Voila visitor can set any synced trait."""

from __future__ import annotations

import re

import traitlets

from ..errors import WorkbenchError
from ..store.schema import MEMBER_ROLES

HUMAN_ROLES = [r for r in MEMBER_ROLES if r not in ("machine", "consensus")]


def require_member(member: str, role: str, usage: str) -> None:
    """Who is working must be said, in a human role, before a widget opens; `usage` shows how."""
    if not member:
        raise WorkbenchError(f"Say who is working: {usage}.")
    if role not in HUMAN_ROLES:
        raise WorkbenchError(f"Unknown role '{role}'; choose one of: {', '.join(HUMAN_ROLES)}.")


def canonical_name(project, name: str) -> str:
    """`name` as the project writes it when it is a member already ("jo bennett" is
    "Jo Bennett"), so one's own earlier work shows as one's own at once."""
    if project is None or not name:
        return name
    from ..store.member_names import find_member

    with project.store.read() as conn:
        found = find_member(conn, name)
    return found.name if found is not None else name


class MemberTraits(traitlets.HasTraits):
    member_name = traitlets.Unicode("", help="Who is working; recorded with each change.").tag(sync=True)
    member_role = traitlets.Unicode("researcher", help="Their role.").tag(sync=True)

    @traitlets.validate("member_name")
    def _valid_name(self, proposal):
        name = re.sub(r"\s+", " ", proposal["value"]).strip()
        if len(name) > 100:
            raise traitlets.TraitError("A name can have at most 100 characters.")
        return canonical_name(getattr(self, "project", None), name)

    @traitlets.validate("member_role")
    def _valid_role(self, proposal):
        if proposal["value"] not in HUMAN_ROLES:
            raise traitlets.TraitError(f"Unknown role {proposal['value']!r}.")
        return proposal["value"]
