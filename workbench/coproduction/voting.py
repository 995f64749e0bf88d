"""Dot-voting: each member has a set number of dots to place on themes, ideas, codes
or sticky notes, on one shared screen (a facilitator enters each person's dots,
credited to them) or each on their own."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from ..errors import WorkbenchError
from ..store import Store, Writer
from ..store.clock import now
from ..store.schema import VOTE_MODES, members, vote_sessions, votes
from . import targets


def require_session(conn, name: str) -> tuple[int, int]:
    """(id, dots per member) of the voting session `name`."""
    found = conn.execute(select(vote_sessions.c.id, vote_sessions.c.dots).where(vote_sessions.c.name == name)).first()
    if found is None:
        raise WorkbenchError(f"There is no voting session called '{name}'; start it first with start_voting.")
    return found.id, found.dots


def start_session(writer: Writer, name: str, dots: int = 3, mode: str = "facilitated") -> int:
    name = (name or "").strip()
    if not name:
        raise WorkbenchError("A voting session needs a name, e.g. 'Workshop 2 priorities'.")
    if mode not in VOTE_MODES:
        raise WorkbenchError(f"A voting session is '{VOTE_MODES[0]}' (one screen) or '{VOTE_MODES[1]}' (each on their own).")
    if not isinstance(dots, int) or isinstance(dots, bool) or not 1 <= dots <= 100:
        raise WorkbenchError("Give each member a whole number of dots from 1 to 100.")
    if writer.conn.execute(select(vote_sessions.c.id).where(vote_sessions.c.name == name)).first():
        raise WorkbenchError(f"There is already a voting session called '{name}'; choose another name.")
    return writer.insert(vote_sessions, {"name": name, "dots": dots, "mode": mode, "created_by": writer.member_id,
                                         "created_at": now()}, "vote.start")


def dots_used(conn, session: int, member: int) -> int:
    return conn.execute(select(func.coalesce(func.sum(votes.c.dots), 0))
                        .where(votes.c.session_id == session, votes.c.member_id == member)).scalar()


def cast(writer: Writer, session: str, target_type: str, target: str | int, dots: int = 1) -> int:
    """Place `dots` of the acting member's dots; refused beyond their allowance."""
    session_id, allowance = require_session(writer.conn, session)
    target_id = targets.resolve(writer.conn, target_type, target)
    if not isinstance(dots, int) or isinstance(dots, bool) or dots < 1:
        raise WorkbenchError("Place at least one whole dot.")
    left = allowance - dots_used(writer.conn, session_id, writer.member_id)
    if dots > left:
        raise WorkbenchError(f"{writer.actor.name} has {left} of {allowance} dot(s) left in '{session}'; "
                             "take a dot back first or place fewer.")
    return writer.insert(votes, {"session_id": session_id, "member_id": writer.member_id, "target_type": target_type,
                                 "target_id": target_id, "dots": dots, "created_at": now()}, "vote.cast")


def take_back(writer: Writer, session: str) -> int:
    """Remove the acting member's most recent vote in `session`; returns its dots."""
    session_id, _ = require_session(writer.conn, session)
    last = writer.conn.execute(select(votes.c.id, votes.c.dots).where(
        votes.c.session_id == session_id, votes.c.member_id == writer.member_id).order_by(votes.c.id.desc())).first()
    if last is None:
        raise WorkbenchError(f"{writer.actor.name} has no dots placed in '{session}' to take back.")
    writer.delete(votes, last.id, "vote.take_back")
    return last.dots


def votes_frame(store: Store, session: str | None = None) -> pd.DataFrame:
    """Every vote: session, member, role, what it is on and how many dots."""
    query = (
        select(votes.c.id, vote_sessions.c.name.label("session"), members.c.name.label("member"), members.c.role,
               votes.c.target_type, votes.c.target_id, votes.c.dots, votes.c.created_at)
        .join(vote_sessions, vote_sessions.c.id == votes.c.session_id)
        .join(members, members.c.id == votes.c.member_id)
        .order_by(votes.c.id)
    )
    if session is not None:
        with store.read() as conn:
            query = query.where(votes.c.session_id == require_session(conn, session)[0])
    frame = store.dataframe(query)
    with store.read() as conn:
        named = {kind: targets.labels(conn, kind, sorted(set(group["target_id"])))
                 for kind, group in frame.groupby("target_type")}
    frame.insert(6, "target", [named[k][i] for k, i in zip(frame["target_type"], frame["target_id"])])
    return frame


def sessions_frame(store: Store) -> pd.DataFrame:
    placed = select(votes.c.session_id, func.sum(votes.c.dots).label("dots_placed"),
                    func.count(func.distinct(votes.c.member_id)).label("voters")).group_by(votes.c.session_id).subquery()
    return store.dataframe(
        select(vote_sessions.c.id, vote_sessions.c.name, vote_sessions.c.dots.label("dots_each"), vote_sessions.c.mode,
               members.c.name.label("started_by"), vote_sessions.c.created_at,
               func.coalesce(placed.c.voters, 0).label("voters"), func.coalesce(placed.c.dots_placed, 0).label("dots_placed"))
        .join(members, members.c.id == vote_sessions.c.created_by)
        .outerjoin(placed, placed.c.session_id == vote_sessions.c.id)
        .order_by(vote_sessions.c.id))


def results(frame: pd.DataFrame) -> pd.DataFrame:
    """A ranked table from `votes_frame`: dots and voters per target, dots by role."""
    columns = ["rank", "target_type", "target_id", "target", "dots", "voters"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    keys = ["target_type", "target_id", "target"]
    totals = frame.groupby(keys).agg(dots=("dots", "sum"), voters=("member", "nunique")).reset_index()
    by_role = frame.pivot_table(index=keys, columns="role", values="dots", aggfunc="sum", fill_value=0)
    by_role.columns = [f"dots from {role}" for role in by_role.columns]
    ranked = totals.merge(by_role.reset_index(), on=keys).sort_values(["dots", "voters", "target"],
                                                                     ascending=[False, False, True])
    ranked.insert(0, "rank", ranked["dots"].rank(method="min", ascending=False).astype(int))
    return ranked.reset_index(drop=True)
