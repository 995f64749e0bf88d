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


def stored_rows(conn, kind: str) -> dict[str, tuple[int, dict]]:
    """{name: (row id, attributes)} of every participant (or document)."""
    table, key = _table(kind)
    return {name: (row_id, json.loads(values or "{}")) for row_id, name, values in
            conn.execute(select(table.c.id, table.c[key], table.c.attributes))}


def merged(current: dict, values: dict, drop_blank: bool = True) -> dict:
    """`current` with `values` set; a blank value removes the key (or, with
    `drop_blank` False, leaves it as it was)."""
    updated = dict(current)
    for attribute, value in values.items():
        attribute = str(attribute).strip()
        if not attribute:
            raise WorkbenchError("An attribute needs a name.")
        if _blank(value):
            if drop_blank:
                updated.pop(attribute, None)
        else:
            updated[attribute] = value.item() if hasattr(value, "item") else value
    return updated


MISSING = object()  # an attribute removed


def cell_changes(current: dict, updated: dict) -> list[tuple[str, object]]:
    """(attribute, new value) for each attribute that differs; `MISSING` when removed."""
    keys = list(updated) + [key for key in current if key not in updated]
    return [(key, updated.get(key, MISSING)) for key in keys
            if key not in current or key not in updated or current[key] != updated[key]]


def write_changes(writer: Writer, kind: str, rows: dict[str, tuple[int, dict]], wanted: dict[str, dict]) -> int:
    """Store the changed attributes with one logged event and one undo step per cell
    (participant or document x attribute), set-based: the k-th change of every row goes
    in one statement, each step taking the row from its state before to after that cell,
    so undoing them in reverse gives back each old value, or no value where there was
    none. Returns how many rows changed."""
    table, _ = _table(kind)
    states = {}
    for name, updated in wanted.items():
        row_id, current = rows[name]
        if updated != current:
            states[row_id] = (dict(current), cell_changes(current, updated))
    rounds = max((len(cells) for _, cells in states.values()), default=0)
    for k in range(rounds):
        changes, details = [], []
        for row_id, (state, cells) in states.items():
            if k >= len(cells):
                continue
            attribute, value = cells[k]
            if value is MISSING:
                state.pop(attribute, None)
                details.append({"attribute": attribute, "removed": True})
            else:
                state[attribute] = value
                details.append({"attribute": attribute, "value": value})
            changes.append((row_id, {"attributes": json.dumps(state, ensure_ascii=False)}))
        writer.update_many(table, changes, f"{kind[:-1]}.attributes", details)
    return len(states)


def set_attributes(writer: Writer, kind: str, changes: dict[str, dict] | pd.DataFrame) -> int:
    """Set attributes by name: {"Rose": {"site": "North"}} or a table with a pseudonym
    (or document name) column and one column per attribute. Returns rows changed."""
    table, key = _table(kind)
    if isinstance(changes, pd.DataFrame):
        if key not in changes:
            raise WorkbenchError(f"The table needs a '{key}' column saying whose attributes each row holds.")
        columns = [c for c in changes.columns if c not in FIXED[kind]]
        changes = {row[key]: {c: row[c] for c in columns} for row in changes.to_dict("records")}
    stored = stored_rows(writer.conn, kind)
    missing = [str(name) for name in changes if str(name) not in stored]
    if missing:
        raise WorkbenchError(f"There is no {kind[:-1]} '{missing[0]}' in this project; nothing was changed.")
    wanted = {str(name): merged(stored[str(name)][1], values) for name, values in changes.items()}
    return write_changes(writer, kind, stored, wanted)


def add_attribute(writer: Writer, kind: str, attribute: str, default="") -> int:
    """A new attribute column for every participant (or document) that lacks it."""
    _table(kind)
    attribute = (attribute or "").strip()
    if not attribute:
        raise WorkbenchError("An attribute needs a name, e.g. 'site'.")
    value = "" if default is None else default
    stored = stored_rows(writer.conn, kind)
    wanted = {name: {**current, attribute: value} for name, (_, current) in stored.items()
              if _blank(current.get(attribute))}
    return write_changes(writer, kind, stored, wanted)
