"""Blind coding as a project setting: while 'on', every read of codings returns only
the acting member's layer; the lead ends it by revealing (then everyone sees all).

One rule, asked in one place (`visible_coders`): the facade passes its answer to every
read that shows codings (codings, retrieval, matrices, framework passages, coded
documents and extracts, findings tables, REFI-QDA export) and refuses what cannot be
done with one layer (agreement and settling compare layers; a snapshot or a backup
holds all of them) with one plain sentence (`refuse_while_blind`).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from ..store.member_names import find_member
from ..store.schema import project_info
from .permissions import PermissionRefused

BLIND_KEY = "blind_coding"
STATES = ("off", "on", "revealed")


def blind_state(conn: Connection) -> str:
    return conn.execute(select(project_info.c.value).where(project_info.c.key == BLIND_KEY)).scalar() or "off"


def set_blind_state(writer, state: str) -> str:
    exists = writer.conn.execute(select(project_info.c.key).where(project_info.c.key == BLIND_KEY)).first()
    if exists:
        writer.conn.execute(project_info.update().where(project_info.c.key == BLIND_KEY).values(value=state))
    else:
        writer.conn.execute(project_info.insert().values(key=BLIND_KEY, value=state))
    writer.log("project.blind_coding", "project_info", None, {"key": BLIND_KEY, "value": state})
    return state


def visible_coders(conn: Connection, acting: str | None) -> list[int] | None:
    """None while every layer may be seen; during blind coding the member ids whose
    codings `acting` may see: their own only (nobody's when nobody is named)."""
    if blind_state(conn) != "on":
        return None
    me = find_member(conn, acting) if acting else None
    return [] if me is None else [int(me.id)]


def keep_visible(frame: pd.DataFrame, coders: list[int] | None, column: str = "member_id") -> pd.DataFrame:
    """Only the rows of visible coders (a frame of codings, by member id)."""
    if coders is None:
        return frame
    return frame[frame[column].isin(coders)].reset_index(drop=True)


def without_others_codings(events: pd.DataFrame, coders: list[int] | None) -> pd.DataFrame:
    """The event log without the coding events of layers one may not see (they say where
    each coding is and with which code)."""
    if coders is None:
        return events
    others = (events["entity"] == "codings") & ~events["member_id"].isin(coders)
    return events[~others].reset_index(drop=True)


def refuse_while_blind(conn: Connection, action: str) -> None:
    if blind_state(conn) == "on":
        raise PermissionRefused(
            f"Blind coding is on, so nobody can {action} yet: the project lead reveals the layers first "
            "(project.reveal_layers()).")


class VisibleCorpus:
    """An analysis corpus (workbench.analysis.corpus.Corpus) whose codings are only
    those of `coders`; everything else is the shared corpus itself, cache and all."""

    def __init__(self, corpus, coders: list[int]):
        self._corpus = corpus
        self._coders = coders

    def __getattr__(self, name):
        return getattr(self._corpus, name)

    def codings(self, code_ids, member_ids):
        mine = set(self._coders)
        allowed = self._coders if member_ids is None else [m for m in member_ids if m in mine]
        return self._corpus.codings(code_ids, allowed)


def visible_corpus(corpus, coders: list[int] | None):
    return corpus if coders is None else VisibleCorpus(corpus, coders)
