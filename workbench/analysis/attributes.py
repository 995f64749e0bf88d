"""Participant and document attributes as an editable table, written back through the
Writer (each changed row logged). Attributes are JSON objects on the row, so any key
works; a value of None (or an empty cell) removes the key."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import select

from ..errors import WorkbenchError
from ..store import Writer
from ..store.schema import documents, participants

KINDS = {"participants": (participants, "pseudonym"), "documents": (documents, "name")}
FIXED = {"participants": {"id", "pseudonym", "consent"}, "documents": {"id", "name", "kind"}}


def _table(kind: str):
    if kind not in KINDS:
        raise WorkbenchError(f"Attributes belong to participants or documents, not '{kind}'.")
    return KINDS[kind]


def attributes_frame(conn, kind: str) -> pd.DataFrame:
    table, key = _table(kind)
    extra = [table.c.consent] if kind == "participants" else [table.c.kind]
    rows = conn.execute(select(table.c.id, table.c[key], *extra, table.c.attributes).order_by(table.c.id)).all()
    frame = pd.DataFrame(rows, columns=["id", key, extra[0].name, "attributes"])
    parsed = pd.json_normalize([json.loads(a or "{}") for a in frame["attributes"]])
    parsed.index = frame.index
    return pd.concat([frame.drop(columns="attributes"), parsed.astype(object)], axis=1)


def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def set_attributes(writer: Writer, kind: str, changes: dict[str, dict] | pd.DataFrame) -> int:
    """Set attributes by name: {"Rose": {"site": "North"}} or a table with a pseudonym
    (or document name) column and one column per attribute. Returns rows changed."""
    table, key = _table(kind)
    if isinstance(changes, pd.DataFrame):
        if key not in changes:
            raise WorkbenchError(f"The table needs a '{key}' column saying whose attributes each row holds.")
        columns = [c for c in changes.columns if c not in FIXED[kind]]
        changes = {row[key]: {c: row[c] for c in columns} for row in changes.to_dict("records")}
    names = [str(name) for name in changes]
    stored = {name: (row_id, json.loads(values or "{}")) for row_id, name, values in writer.conn.execute(
        select(table.c.id, table.c[key], table.c.attributes).where(table.c[key].in_(names)))}
    missing = [name for name in names if name not in stored]
    if missing:
        raise WorkbenchError(f"There is no {kind[:-1]} '{missing[0]}' in this project; nothing was changed.")
    changed = 0
    for name, values in changes.items():
        row_id, current = stored[str(name)]
        updated = dict(current)
        for attribute, value in values.items():
            attribute = str(attribute).strip()
            if not attribute:
                raise WorkbenchError("An attribute needs a name.")
            if _blank(value):
                updated.pop(attribute, None)
            else:
                updated[attribute] = value.item() if hasattr(value, "item") else value
        if updated != current:
            writer.update(table, row_id, {"attributes": json.dumps(updated, ensure_ascii=False)},
                          f"{kind[:-1]}.attributes")
            changed += 1
    return changed


def add_attribute(writer: Writer, kind: str, attribute: str, default="") -> int:
    """A new attribute column for every participant (or document) that lacks it."""
    table, key = _table(kind)
    attribute = (attribute or "").strip()
    if not attribute:
        raise WorkbenchError("An attribute needs a name, e.g. 'site'.")
    frame = attributes_frame(writer.conn, kind)
    lacking = frame[key] if attribute not in frame else frame.loc[frame[attribute].map(_blank), key]
    value = "" if default is None else default
    changed = 0
    for name in lacking:
        row_id, current = writer.conn.execute(select(table.c.id, table.c.attributes)
                                              .where(table.c[key] == name)).one()
        updated = {**json.loads(current or "{}"), attribute: value}
        writer.update(table, row_id, {"attributes": json.dumps(updated, ensure_ascii=False)}, f"{kind[:-1]}.attributes")
        changed += 1
    return changed
