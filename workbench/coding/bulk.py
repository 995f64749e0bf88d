"""Applying many codings at once, set-based: imports, "code all hits", accepted
suggestions, coding sheets and `project.apply_codes`.

The rules are those of `apply_code` for one coding (a span inside its document, a
known code, the same member, code and span stored once), checked for every row
together before anything is written; each new coding gets its own event and undo step
(see `Writer.insert_many`).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from ..errors import WorkbenchError
from ..store import Writer
from ..store.bulk_insert import Same
from ..store.store import integer_frame
from ..store.clock import now
from ..store.schema import DOCUMENT_LENGTH, codes, codings, documents

COLUMNS = ["document_id", "code_id", "start", "end", "member_id"]
_CHUNK = 10_000


def apply_many(writer: Writer, rows) -> list[int]:
    """Store many codings (dicts or a DataFrame with document_id, code_id, start, end and
    optionally member_id, else the acting member); return each row's coding id, an
    existing one where the same member had coded the same span with the same code."""
    frame = _as_frame(rows, writer.member_id)
    if frame.empty:
        return []
    _check(writer.conn, frame)
    keys = frame.drop_duplicates(COLUMNS)
    existing = _existing(writer.conn, keys)
    merged = keys.merge(existing, on=COLUMNS, how="left")
    # in index order: inserting sorted keys touches each index page once, not at random
    new = merged[merged["id"].isna()].sort_values(COLUMNS)
    if len(new):
        columns = {column: new[column].tolist() for column in COLUMNS}  # Python ints, column-wise
        merged.loc[new.index, "id"] = writer.insert_columns(codings, {**columns, "created_at": Same(now())},
                                                            len(new), "coding.apply")
    ids = frame.merge(merged[COLUMNS + ["id"]], on=COLUMNS, how="left")["id"]
    return [int(value) for value in ids]


def _as_frame(rows, member_id: int) -> pd.DataFrame:
    frame = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    if "member_id" not in frame:
        frame["member_id"] = member_id
    missing = [column for column in COLUMNS if column not in frame]
    if missing:
        raise WorkbenchError("Each coding needs " + ", ".join(missing) + ".")
    frame["member_id"] = frame["member_id"].fillna(member_id)
    try:
        return frame[COLUMNS].astype("int64").reset_index(drop=True)
    except (TypeError, ValueError):
        raise WorkbenchError("Document, code and member ids and start and end offsets must be whole numbers.") from None


def _check(conn, frame: pd.DataFrame) -> None:
    document_ids = [int(d) for d in frame["document_id"].unique()]
    lengths = pd.Series(dict(_in_chunks(conn, select(documents.c.id, DOCUMENT_LENGTH),
                                        documents.c.id, document_ids)), dtype="int64")
    unknown = sorted(set(document_ids) - set(lengths.index))
    if unknown:
        raise WorkbenchError(f"There is no document with id {unknown[0]}" +
                             (f" (nor {len(unknown) - 1} other(s))" if len(unknown) > 1 else "") + ".")
    code_ids = [int(c) for c in frame["code_id"].unique()]
    known = {row[0] for row in _in_chunks(conn, select(codes.c.id), codes.c.id, code_ids)}
    if missing := sorted(set(code_ids) - known):
        raise WorkbenchError(f"There is no code with id {missing[0]}; add the code first.")
    length = frame["document_id"].map(lengths)
    outside = frame[(frame["start"] < 0) | (frame["start"] >= frame["end"]) | (frame["end"] > length)]
    if len(outside):
        first = outside.iloc[0]
        raise WorkbenchError(
            f"{len(outside)} coding(s) are not inside their document, e.g. the span {first['start']}-{first['end']} "
            f"of document {first['document_id']} (it has {length[outside.index[0]]} characters); nothing was coded."
        )


def _existing(conn, keys: pd.DataFrame) -> pd.DataFrame:
    """The stored codings of the same documents and codes, as id + key columns."""
    found = []
    for document_chunk in _chunk_list([int(d) for d in keys["document_id"].unique()]):
        query = (select(codings.c.id, *[codings.c[column] for column in COLUMNS])
                 .where(codings.c.document_id.in_(document_chunk),
                        codings.c.code_id.in_([int(c) for c in keys["code_id"].unique()]),
                        codings.c.member_id.in_([int(m) for m in keys["member_id"].unique()])))
        found.append(integer_frame(conn, query))
    return pd.concat(found, ignore_index=True).astype("int64")


def _in_chunks(conn, query, column, values: list[int]):
    for chunk in _chunk_list(values):
        yield from conn.execute(query.where(column.in_(chunk))).all()


def _chunk_list(values: list[int]):
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]
