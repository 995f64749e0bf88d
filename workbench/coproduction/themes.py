"""Themes: codes grouped under a name the team agrees, credited to who made them."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import func, select

from ..coding.codes import require_code
from ..errors import WorkbenchError
from ..store import Store, Writer
from ..store.clock import now
from ..store.schema import codes, codings, events, members, theme_codes, themes


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
    """One row per theme: its codes (in the order added), who made it, in which role;
    then (issue 14) its summary, parent theme, status, passages through its codes, the
    roles that shaped it (from the event log) and its origin (codes, or a topic)."""
    parent = themes.alias("parent")
    frame = store.dataframe(
        select(themes.c.id, themes.c.name, themes.c.definition, members.c.name.label("created_by"),
               members.c.role, themes.c.created_at, themes.c.summary, parent.c.name.label("parent"), themes.c.status)
        .join(members, members.c.id == themes.c.created_by).outerjoin(parent, parent.c.id == themes.c.parent_id)
        .order_by(themes.c.id))
    frame["parent"] = frame["parent"].astype(object).where(frame["parent"].notna(), None)
    links = store.dataframe(select(theme_codes.c.theme_id, codes.c.name)
                            .join(codes, codes.c.id == theme_codes.c.code_id).order_by(theme_codes.c.id))
    grouped = links.groupby("theme_id")["name"].agg(list).to_dict()
    frame.insert(3, "codes", [grouped.get(theme, []) for theme in frame["id"]])
    passages = store.dataframe(select(theme_codes.c.theme_id, func.count(codings.c.id).label("passages"))
                               .join(codings, codings.c.code_id == theme_codes.c.code_id)
                               .group_by(theme_codes.c.theme_id)).set_index("theme_id")["passages"]
    frame["passages"] = frame["id"].map(passages).fillna(0).astype(int)
    frame["shaped_by"] = frame["id"].map(shaped_by(store)).map(lambda roles: roles if isinstance(roles, dict) else {})
    frame["origin"] = frame["id"].map(_origins(store)).fillna("codes")
    return frame


THEME_ENTITIES = ("themes", "theme_codes", "theme_reviews", "theme_responses")


def shaped_by(store: Store) -> dict[int, dict[str, int]]:
    """For each theme, how many changes each role made to it (the event log)."""
    events_on = store.dataframe(select(events.c.entity, events.c.entity_id, events.c.role, events.c.details)
                                .where(events.c.entity.in_(THEME_ENTITIES)))
    if events_on.empty:
        return {}
    details = events_on["details"].map(json.loads)
    theme = [entity_id if entity == "themes" else detail.get("theme_id")
             for entity, entity_id, detail in zip(events_on["entity"], events_on["entity_id"], details)]
    counted = pd.DataFrame({"theme": theme, "role": events_on["role"]}).dropna()
    counts = counted.groupby(["theme", "role"]).size()
    result: dict[int, dict[str, int]] = {}
    for (theme_key, role), count in counts.items():
        result.setdefault(int(theme_key), {})[role] = int(count)
    return result


def _origins(store: Store) -> dict[int, str]:
    from ..store.schema import theme_topics, topics

    rows = store.dataframe(select(theme_topics.c.theme_id, topics.c.label, theme_topics.c.run_id)
                           .join(topics, topics.c.id == theme_topics.c.topic_id).order_by(theme_topics.c.id))
    return {int(row.theme_id): f"topic: {row.label} (run {row.run_id})" for row in rows.itertuples()}


def theme_passages(store: Store, theme: str) -> pd.DataFrame:
    """The passages coded with a theme's codes: the codings frame's rows, with the code."""
    from ..store.queries import _with_text  # the words, sliced in Python (see there)
    from ..store.schema import documents

    with store.read() as conn:
        found = require_theme(conn, theme)
    query = (select(codings.c.id, codings.c.document_id, documents.c.name.label("document"),
                    codes.c.name.label("code"), codings.c.start, codings.c.end, members.c.name.label("member"),
                    members.c.role, codings.c.created_at)
             .join(theme_codes, theme_codes.c.code_id == codings.c.code_id)
             .join(documents, documents.c.id == codings.c.document_id).join(codes, codes.c.id == codings.c.code_id)
             .join(members, members.c.id == codings.c.member_id)
             .where(theme_codes.c.theme_id == found).order_by(codings.c.document_id, codings.c.start, codings.c.id))
    return _with_text(store, store.dataframe(query), after="end")


def theme_code_ids(store: Store) -> dict[str, list[int]]:
    with store.read() as conn:
        rows = conn.execute(select(themes.c.name, theme_codes.c.code_id)
                            .join(theme_codes, theme_codes.c.theme_id == themes.c.id)).all()
    grouped: dict[str, list[int]] = {}
    for name, code in rows:
        grouped.setdefault(name, []).append(code)
    return grouped


# -- themes as first-class (issue 14): summary, sub-themes, moves, splits and merges ------
def edit_theme(writer: Writer, theme: str, *, name: str | None = None, summary: str | None = None,
               definition: str | None = None, parent: str | None | bool = False) -> None:
    """Rename a theme, write its summary (central idea) or definition, or put it under
    `parent` (None: a top-level theme; False: leave it where it is)."""
    found = require_theme(writer.conn, theme)
    changes = {}
    if name is not None:
        name = name.strip()
        if not name:
            raise WorkbenchError("A theme needs a name.")
        if name != theme and theme_id(writer.conn, name) is not None:
            raise WorkbenchError(f"There is already a theme called '{name}'; choose another name.")
        changes["name"] = name
    if summary is not None:
        changes["summary"] = summary.strip()
    if definition is not None:
        changes["definition"] = definition
    if parent is not False:
        changes["parent_id"] = None if parent is None else _checked_parent(writer.conn, found, parent)
    if not changes:
        raise WorkbenchError("Say what to change in the theme: its name, summary, definition or parent.")
    writer.update(themes, found, changes, "theme.edit")


def _checked_parent(conn, theme: int, parent: str) -> int:
    parent_id = require_theme(conn, parent)
    parents = dict(conn.execute(select(themes.c.id, themes.c.parent_id)).all())
    step = parent_id
    while step is not None:  # walk up from the new parent: it must not reach the theme itself
        if step == theme:
            raise WorkbenchError(f"'{parent}' is inside this theme already; a theme cannot be its own sub-theme.")
        step = parents.get(step)
    return parent_id


def remove_codes_from_theme(writer: Writer, theme: str, code_names: list[str]) -> int:
    found = require_theme(writer.conn, theme)
    code_ids = [require_code(writer.conn, code) for code in code_names]
    links = writer.conn.execute(select(theme_codes.c.id).where(theme_codes.c.theme_id == found,
                                                               theme_codes.c.code_id.in_(code_ids))).scalars().all()
    for link in links:
        writer.delete(theme_codes, link, "theme.remove_code")
    return len(links)


def move_code(writer: Writer, code: str, from_theme: str, to_theme: str) -> None:
    """Move a code from one theme to another (as on a thematic map)."""
    if not remove_codes_from_theme(writer, from_theme, [code]):
        raise WorkbenchError(f"'{code}' is not in the theme '{from_theme}'; nothing was moved.")
    add_codes_to_theme(writer, to_theme, [code])


def split_theme(writer: Writer, theme: str, new_name: str, code_names: list[str], summary: str = "") -> int:
    """Make a new theme from some of a theme's codes; they leave the old theme."""
    found = require_theme(writer.conn, theme)
    if not code_names:
        raise WorkbenchError("Choose the codes that go to the new theme.")
    linked = set(writer.conn.execute(select(codes.c.name).join(theme_codes, theme_codes.c.code_id == codes.c.id)
                                     .where(theme_codes.c.theme_id == found)).scalars())
    outside = [code for code in code_names if code not in linked]
    if outside:
        raise WorkbenchError(f"'{outside[0]}' is not in the theme '{theme}'; choose among its codes.")
    parent = writer.conn.execute(select(themes.c.parent_id).where(themes.c.id == found)).scalar()
    new = add_theme(writer, new_name, "", [])
    writer.update(themes, new, {"summary": summary, "parent_id": parent}, "theme.split")
    remove_codes_from_theme(writer, theme, code_names)
    add_codes_to_theme(writer, new_name, code_names)
    writer.log("theme.split", "themes", found, {"into": new, "codes": list(code_names)})
    return new


def merge_themes(writer: Writer, source: str, target: str) -> int:
    """Merge `source` into `target`: its codes, sub-themes, topics, votes and ideas follow."""
    from ..store.schema import ideas, theme_topics, votes
    from ..store.schema_themes import theme_responses, theme_reviews

    source_id, target_id = require_theme(writer.conn, source), require_theme(writer.conn, target)
    if source_id == target_id:
        raise WorkbenchError("Choose two different themes to merge.")
    codes_of_source = writer.conn.execute(select(codes.c.name).join(theme_codes, theme_codes.c.code_id == codes.c.id)
                                          .where(theme_codes.c.theme_id == source_id)).scalars().all()
    add_codes_to_theme(writer, target, codes_of_source)
    moves = ((themes, "parent_id", source_id), (votes, "target_id", source_id), (ideas, "theme_id", source_id),
             (theme_topics, "theme_id", source_id), (theme_reviews, "theme_id", source_id),
             (theme_responses, "theme_id", source_id))
    for table, column, value in moves:
        query = select(table.c.id).where(table.c[column] == value)
        if table is votes:
            query = query.where(votes.c.target_type == "theme")
        for row_id in writer.conn.execute(query).scalars().all():
            if table is themes and row_id == target_id:
                writer.update(themes, row_id, {"parent_id": None}, "theme.merge")
                continue
            writer.update(table, row_id, {column: target_id}, "theme.merge")
    for link in writer.conn.execute(select(theme_codes.c.id).where(theme_codes.c.theme_id == source_id)).scalars().all():
        writer.delete(theme_codes, link, "theme.merge")
    writer.delete(themes, source_id, "theme.merge")
    return target_id
