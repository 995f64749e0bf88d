"""Team access (issue 17): lead, member or viewer; blind layers until the lead reveals."""

from __future__ import annotations

from contextlib import contextmanager

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from ..hub import access, permissions
from ..hub.identity import signed_in_user
from ..hub.blind import blind_state, refuse_while_blind, set_blind_state, visible_coders, visible_corpus
from ..store.failures import sqlstate
from ..store.schema import events


class Access:
    def access_levels(self) -> pd.DataFrame:
        """Every person with their role, access level (lead, member, viewer) and hub sign-in name."""
        with self.store.read() as conn:
            return access.access_frame(conn)

    def access_level(self, member: str | None = None) -> str:
        """The access level of `member` (default: whoever is working)."""
        name = member if member is not None else (self.actor.name if self.actor else None)
        with self.store.read() as conn:
            return access.level_by_name(conn, name)

    def set_access(self, member: str, level: str, *, role: str | None = None, hub_user: str | None = None) -> str:
        """Lead only: give `member` (added in `role` if new) the level 'lead', 'member'
        or 'viewer', and optionally the hub sign-in name that is them; logged."""
        self._require_lead("change members' access")
        with self._write() as writer:
            return access.grant(writer, member, level, role, hub_user)

    def grant_database_login(self, member: str, login: str, password: str) -> str:
        """Lead only, PostgreSQL: a database login for `member` with only the rights
        their access level needs (a viewer's cannot write codings: the database
        refuses); returns the project URL to give their hub server. Logged without
        the password."""
        from ..hub.database_roles import grant_login, login_url

        self._require_lead("give database logins")
        level = self.access_level(member)
        with self._write() as writer:
            member_id = writer.member(member)
            grant_login(writer.conn, login, password, level, member_id)
            writer.log("member.database_login", "member_access", member_id,
                       {"member": member, "login": login, "level": level})
        return login_url(self.store.engine.url.render_as_string(hide_password=False), login, password)

    def blind_coding(self) -> str:
        """'off', 'on' (each member sees only their own codings) or 'revealed'."""
        with self.store.read() as conn:
            return blind_state(conn)

    def set_blind_coding(self, on: bool = True) -> str:
        """Lead only: start blind coding (others' layers hidden from everyone's
        queries) or end it; returns the new state."""
        self._require_lead("turn blind coding on or off")
        with self._write() as writer:
            return set_blind_state(writer, "on" if on else "off")

    def reveal_layers(self) -> str:
        """Lead only: after blind coding, show everyone's codings to everyone."""
        self._require_lead("reveal the blind coding layers")
        with self._write() as writer:
            return set_blind_state(writer, "revealed")

    # -- used by the other parts of the facade -------------------------------------
    def _require_lead(self, action: str) -> None:
        """Lead-only actions, once access is managed: on a team server, or after the lead
        gave anyone a level. Before that (a project on one laptop, every older project)
        members work as they always have. Nobody working (a local script) is not checked:
        on a team server somebody is always signed in."""
        if self.actor is None:
            return
        with self.store.read() as conn:
            managed = signed_in_user() is not None or access.access_is_managed(conn)
        if managed:
            permissions.require_lead(self.actor.name, self.access_level(), action)

    def _visible_coders(self) -> list[int] | None:
        """Whose codings the acting member may see: None for everyone's, else member ids
        (their own only while blind coding is on). Every read showing codings asks this."""
        with self.store.read() as conn:
            return visible_coders(conn, self.actor.name if self.actor else None)

    def _visible_codings(self, frame: pd.DataFrame, member_column: str = "member") -> pd.DataFrame:
        """While blind coding is on, only the acting member's own layer."""
        if not self._blind_hides_others():
            return frame
        me = self.actor.name if self.actor else None
        return frame[frame[member_column] == me].reset_index(drop=True)

    def _corpus(self):
        """The analysis corpus (shared, cached), showing only the codings one may see."""
        from ..analysis.corpus import Corpus

        return visible_corpus(Corpus.of(self.store), self._visible_coders())

    def _refuse_while_blind(self, action: str) -> None:
        """What needs every layer (agreement, a snapshot, a backup) waits for the reveal."""
        with self.store.read() as conn:
            refuse_while_blind(conn, action)

    def _blind_hides_others(self) -> bool:
        with self.store.read() as conn:
            return blind_state(conn) == "on"

    @contextmanager
    def _viewer_limits(self, writer):
        """A viewer's transaction may change memos only: checked before it commits,
        from the events it logged, so a refused change leaves nothing behind."""
        if access.acting_level(writer) != "viewer":
            yield
            return
        start = writer.conn.execute(select(func.coalesce(func.max(events.c.id), 0))).scalar()
        try:
            yield
        except DBAPIError as exc:  # on PostgreSQL a viewer's own login may refuse it first
            if sqlstate(exc) == "42501":
                permissions.refuse_viewer_change(writer.actor.name, ["anything but memos"])
            raise
        touched = writer.conn.execute(
            select(events.c.entity).distinct()
            .where(events.c.id > start, events.c.member_id == writer.member_id,
                   events.c.entity.not_in(permissions.VIEWER_TABLES))).scalars().all()
        permissions.refuse_viewer_change(writer.actor.name, list(touched))


__all__ = ["Access"]
