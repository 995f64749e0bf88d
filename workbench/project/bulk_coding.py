"""Many codings in one step: a DataFrame or list of rows, checked together, written together."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import select

from ..coding.bulk import apply_many
from ..errors import WorkbenchError
from ..store.schema import codes, documents


class BulkCoding:
    def apply_codes(self, rows) -> list[int]:
        """Store many codings at once: `rows` is a DataFrame or a list of dicts with
        `document` (name or id), `code` (name), `start` and `end` (Python string offsets),
        and optionally `member` (a name: credited to that member, e.g. a coder whose
        sheet is being entered; else the acting member). Every row is checked before
        anything is stored, each coding is logged and undoable, and the ids come back in
        the order given (an existing id where that coding was stored already)."""
        frame = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
        if frame.empty:
            return []
        missing = [column for column in ("document", "code", "start", "end") if column not in frame]
        if missing:
            raise WorkbenchError("Each row needs " + ", ".join(missing) + " (document, code, start, end).")
        with self._write() as writer:
            frame["document_id"] = _document_ids(writer.conn, frame["document"])
            frame["code_id"] = _code_ids(writer.conn, frame["code"])
            if "member" in frame:
                names = frame["member"].fillna(writer.actor.name).astype(str)
                ids = {name: writer.member(name) for name in names.unique()}
                frame["member_id"] = names.map(ids)
            return apply_many(writer, frame[[c for c in ("document_id", "code_id", "start", "end", "member_id")
                                             if c in frame]])


def _document_ids(conn, values: pd.Series) -> pd.Series:
    """Each row's document id, from a document's id or its name."""
    by_name = dict(conn.execute(select(documents.c.name, documents.c.id)).all())
    known = pd.Series(list(by_name.values()), dtype="int64")
    if pd.api.types.is_integer_dtype(values):
        ids = values.where(values.isin(known))
    else:
        ids = values.map(by_name)
        given_ids = values.map(lambda value: isinstance(value, (int, np.integer)) and not isinstance(value, bool))
        ids[given_ids] = values[given_ids].where(values[given_ids].isin(known))
    if ids.isna().any():
        unknown = values[ids.isna()].iloc[0]
        raise WorkbenchError(f"There is no document '{unknown}' in this project; nothing was coded.")
    return ids.astype("int64")


def _code_ids(conn, values: pd.Series) -> pd.Series:
    ids = values.map(dict(conn.execute(select(codes.c.name, codes.c.id)).all()))
    if ids.isna().any():
        unknown = values[ids.isna()].iloc[0]
        raise WorkbenchError(f"There is no code called '{unknown}'; add it to the codebook first. Nothing was coded.")
    return ids.astype("int64")
