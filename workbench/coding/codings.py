"""Applying codes to spans of document text.

Offsets are Python string indices into the stored NFC document text.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select, true

from ..errors import WorkbenchError
from ..store import Writer
from ..store.clock import now
from ..store.schema import DOCUMENT_LENGTH, codes, codings, documents


# Built once: coding one span is the hottest write path, and building a statement
# costs more than running it.
_LENGTH = select(DOCUMENT_LENGTH).where(documents.c.id == bindparam("document_id"))
_SAME_CODING = select(codings.c.id).where(*[codings.c[name] == bindparam(name) for name in
                                            ("document_id", "code_id", "start", "end", "member_id")])


# One statement for what coding a span by name needs to know: the document's id and
# length, the code's id and the same member's coding of that span if there is one.
_SAME_SPAN = (select(codings.c.id).where(codings.c.document_id == documents.c.id, codings.c.code_id == codes.c.id,
                                         *[codings.c[name] == bindparam(name) for name in ("start", "end", "member_id")])
              .scalar_subquery())
_LOOKUP = {by: select(documents.c.id, DOCUMENT_LENGTH, codes.c.id, _SAME_SPAN)
           .select_from(documents.join(codes, true()))  # one document row beside one code row
           .where(documents.c[by] == bindparam("document"), codes.c.name == bindparam("code"))
           for by in ("id", "name")}


def apply_named_code(writer: Writer, document: str | int, code: str, start: int, end: int) -> int:
    """`apply_code` for a document given by name or id and a code by name, looked up
    together with the span's existing coding in one statement (the hot path of coding)."""
    by = "id" if isinstance(document, int) else "name"
    found = writer.conn.execute(_LOOKUP[by], {"document": document, "code": code, "start": start, "end": end,
                                              "member_id": writer.member_id}).first()
    if found is None:
        if writer.conn.execute(select(documents.c.id).where(documents.c[by] == document)).first() is None:
            raise WorkbenchError(f"There is no document '{document}' in this project.")
        raise WorkbenchError(f"There is no code called '{code}'; add it to the codebook first.")
    document_id, length, code_id, existing = found
    _check_span(start, end, length)
    if existing is not None:
        return existing
    return writer.insert(codings, {
        "document_id": document_id, "code_id": code_id, "start": start, "end": end,
        "member_id": writer.member_id, "created_at": now(),
    }, "coding.apply")


def _check_span(start: int, end: int, length: int) -> None:
    if not (0 <= start < end <= length):
        raise WorkbenchError(
            f"The span {start}-{end} is not inside the document (it has {length} characters); select some text first."
        )


def apply_code(writer: Writer, document_id: int, code_id: int, start: int, end: int,
               member_id: int | None = None) -> int:
    """Store a coding (idempotent: the same member, code and span gives the same row)."""
    length = writer.conn.execute(_LENGTH, {"document_id": document_id}).scalar()
    if length is None:
        raise WorkbenchError(f"There is no document with id {document_id}.")
    _check_span(start, end, length)
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
