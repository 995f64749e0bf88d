"""Applying codes to spans of document text.

Offsets are Python string indices into the stored NFC document text.
"""

from __future__ import annotations

from sqlalchemy import bindparam, func, select

from ..errors import WorkbenchError
from ..store import Writer
from ..store.clock import now
from ..store.schema import codings, documents


# Built once: coding one span is the hottest write path, and building a statement
# costs more than running it.
_LENGTH = select(func.length(documents.c.text)).where(documents.c.id == bindparam("document_id"))
_SAME_CODING = select(codings.c.id).where(*[codings.c[name] == bindparam(name) for name in
                                            ("document_id", "code_id", "start", "end", "member_id")])


def apply_code(writer: Writer, document_id: int, code_id: int, start: int, end: int,
               member_id: int | None = None) -> int:
    """Store a coding (idempotent: the same member, code and span gives the same row)."""
    length = writer.conn.execute(_LENGTH, {"document_id": document_id}).scalar()
    if length is None:
        raise WorkbenchError(f"There is no document with id {document_id}.")
    if not (0 <= start < end <= length):
        raise WorkbenchError(
            f"The span {start}-{end} is not inside the document (it has {length} characters); select some text first."
        )
    member_id = member_id if member_id is not None else writer.member_id
    existing = writer.conn.execute(_SAME_CODING, {"document_id": document_id, "code_id": code_id, "start": start,
                                                  "end": end, "member_id": member_id}).scalar()
    if existing is not None:
        return existing
    return writer.insert(codings, {
        "document_id": document_id, "code_id": code_id, "start": start, "end": end,
        "member_id": member_id, "created_at": now(),
    }, "coding.apply")


def remove_coding(writer: Writer, coding_id: int) -> None:
    found = writer.conn.execute(select(codings.c.id).where(codings.c.id == coding_id)).scalar()
    if found is None:
        raise WorkbenchError(f"There is no coding with id {coding_id}; it may have been removed already.")
    writer.delete(codings, coding_id, "coding.remove")


def recode(writer: Writer, coding_id: int, code_id: int) -> int:
    """Give a coding another code, keeping its span, member and document."""
    row = writer.conn.execute(select(codings).where(codings.c.id == coding_id)).first()
    if row is None:
        raise WorkbenchError(f"There is no coding with id {coding_id}; it may have been removed already.")
    remove_coding(writer, coding_id)
    return apply_code(writer, row.document_id, code_id, row.start, row.end, row.member_id)


def coding_owner(writer: Writer, coding_id: int) -> int | None:
    return writer.conn.execute(select(codings.c.member_id).where(codings.c.id == coding_id)).scalar()
