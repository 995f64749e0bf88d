"""Blind coding as a project setting: while 'on', every query for codings returns only
the acting member's layer; the lead ends it by revealing (then everyone sees all)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from ..store.schema import project_info

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
