"""Themes: codes grouped under a name the team agrees, credited to who made them."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from ..coding.codes import require_code
from ..errors import WorkbenchError
from ..store import Store, Writer
from ..store.clock import now
from ..store.schema import codes, members, theme_codes, themes


def theme_id(conn, name: str) -> int | None:
    return conn.execute(select(themes.c.id).where(themes.c.name == name)).scalar()


def require_theme(conn, name: str) -> int:
    found = theme_id(conn, name)
    if found is None:
        raise WorkbenchError(f"There is no theme called '{name}'; add it first with add_theme.")
    return found


def add_theme(writer: Writer, name: str, definition: str = "", code_names: list[str] = ()) -> int:
    name = (name or "").strip()
    if not name:
        raise WorkbenchError("A theme needs a name.")
    if theme_id(writer.conn, name) is not None:
        raise WorkbenchError(f"There is already a theme called '{name}'; choose another name.")
    code_ids = [require_code(writer.conn, code) for code in code_names]  # check all before writing
    new = writer.insert(themes, {"name": name, "definition": definition, "created_by": writer.member_id,
                                 "created_at": now()}, "theme.create")
    for code in code_ids:
        _link(writer, new, code)
    return new


def add_codes_to_theme(writer: Writer, theme: str, code_names: list[str]) -> int:
    found = require_theme(writer.conn, theme)
    code_ids = [require_code(writer.conn, code) for code in code_names]
    linked = set(writer.conn.execute(select(theme_codes.c.code_id).where(theme_codes.c.theme_id == found)).scalars())
    added = [code for code in dict.fromkeys(code_ids) if code not in linked]
    for code in added:
        _link(writer, found, code)
    return len(added)


def _link(writer: Writer, theme: int, code: int) -> None:
    writer.insert(theme_codes, {"theme_id": theme, "code_id": code, "added_by": writer.member_id,
                                "added_at": now()}, "theme.add_code")


def themes_frame(store: Store) -> pd.DataFrame:
    """One row per theme: its codes (in the order added), who made it, in which role."""
    frame = store.dataframe(
        select(themes.c.id, themes.c.name, themes.c.definition, members.c.name.label("created_by"),
               members.c.role, themes.c.created_at)
        .join(members, members.c.id == themes.c.created_by).order_by(themes.c.id))
    links = store.dataframe(select(theme_codes.c.theme_id, codes.c.name)
                            .join(codes, codes.c.id == theme_codes.c.code_id).order_by(theme_codes.c.id))
    grouped = links.groupby("theme_id")["name"].agg(list).to_dict()
    frame.insert(3, "codes", [grouped.get(theme, []) for theme in frame["id"]])
    return frame


def theme_code_ids(store: Store) -> dict[str, list[int]]:
    with store.read() as conn:
        rows = conn.execute(select(themes.c.name, theme_codes.c.code_id)
                            .join(theme_codes, theme_codes.c.theme_id == themes.c.id)).all()
    grouped: dict[str, list[int]] = {}
    for name, code in rows:
        grouped.setdefault(name, []).append(code)
    return grouped
