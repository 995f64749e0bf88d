"""Working out what a settlement writes, before anything is written."""

from __future__ import annotations

from numbers import Integral

from sqlalchemy import select

from ..coding.codes import require_code
from ..errors import WorkbenchError
from ..store.schema import codes, codings, documents, members, segments
from .groups import read_groups


def _check_span(start, end, low: int, high: int, where: str) -> None:
    """A span of whole character offsets, low <= start < end <= high, or one plain error."""
    if start is None or end is None:
        raise WorkbenchError("Give both where the new coding starts and where it ends (a start and an end).")
    whole = all(isinstance(x, Integral) and not isinstance(x, bool) for x in (start, end))
    if not whole or not low <= start < end <= high:
        raise WorkbenchError(f"The words chosen ({start}-{end}) are not inside {where} (characters {low}-{high}); "
                             "choose some words from its text.")


def _unit(conn, document_id: int, segment: int | None, start: int | None, end: int | None):
    if segment is not None:
        row = conn.execute(select(segments.c.id, segments.c.start, segments.c.end).where(
            segments.c.document_id == document_id, segments.c.position == segment)).first()
        if row is None:
            raise WorkbenchError(f"This document has no segment at position {segment}; see disagreements() for them.")
        if start is not None or end is not None:  # a new coding on some of the segment's words
            _check_span(start, end, row.start, row.end, "that segment")
        return row.start, row.end, ("segment", row.id)
    if start is None or end is None:
        raise WorkbenchError("Say where: a segment position (segment=...) or a span (start=..., end=...).")
    text = conn.execute(select(documents.c.text).where(documents.c.id == document_id)).scalar()
    _check_span(start, end, 0, len(text or ""), "the document")  # len(): SQLite's length() stops at a NUL
    return start, end, ("document", document_id)


def _codings_in(conn, document_id: int, code_ids: list[int], start: int, end: int, member: str | None):
    query = (select(codings.c.code_id, codings.c.start, codings.c.end, members.c.name, members.c.role)
             .join(members, members.c.id == codings.c.member_id)
             .where(codings.c.document_id == document_id, codings.c.code_id.in_(code_ids),
                    codings.c.start < end, codings.c.end > start))
    rows = [row for row in conn.execute(query) if row.role != "consensus"]
    return rows if member is None else [row for row in rows if row.name == member]


def plan_settlement(conn, document_id: int, code: str, segment, start, end, choose, merge, value) -> dict:
    """The arguments of `consensus.settle` for one way of settling."""
    if sum(bool(x) for x in (choose, merge, value)) > 1:
        raise WorkbenchError("Settle one way at a time: choose a member, merge, or give a value.")
    groups = read_groups(conn)
    group = groups.get(code)
    code_id = require_code(conn, code)
    code_ids = ([conn.execute(select(codes.c.id).where(codes.c.name == name)).scalar() for name in group.values]
                if group else [code_id])
    unit_start, unit_end, target = _unit(conn, document_id, segment, start, end)
    if segment is not None and start is not None and (choose or merge or value):
        raise WorkbenchError("A start and end choose the words of a new coding; leave them out when choosing "
                             "a member's version, merging, or giving a value.")
    if choose:
        if conn.execute(select(members.c.id).where(members.c.name == choose)).scalar() is None:
            raise WorkbenchError(f"'{choose}' is not a member of this project; choose one whose coding you agreed.")
        agreed = [(row.code_id, row.start, row.end)
                  for row in _codings_in(conn, document_id, code_ids, unit_start, unit_end, choose)]
        how = f"chose {choose}"
    elif merge:
        if group:
            raise WorkbenchError(f"'{code}' holds exclusive values, which cannot be merged; "
                                 "choose one with value=... .")
        rows = _codings_in(conn, document_id, code_ids, unit_start, unit_end, None)
        if not rows:
            raise WorkbenchError(f"Nobody applied '{code}' here, so there is nothing to merge.")
        agreed = [(code_id, min(r.start for r in rows), max(r.end for r in rows))]
        how = "merged"
    elif value:
        if not group or value not in group.values:
            hint = f": use one of {', '.join(group.values)}." if group else "; it is not an exclusive group."
            raise WorkbenchError(f"'{value}' is not one of the values of '{code}'" + hint)
        agreed = [(code_ids[list(group.values).index(value)], unit_start, unit_end)]
        how = f"value {value}"
    else:
        if start is None or end is None or group:
            raise WorkbenchError("Say how it was settled: choose=member, merge=True, value=... (exclusive groups), "
                                 "or a new span with start=... and end=... .")
        agreed = [(code_id, start, end)]
        how = "new coding"
    return {"document_id": document_id, "start": unit_start, "end": unit_end, "code_ids": code_ids,
            "agreed": sorted(set(agreed)), "how": how, "memo_target": target}
