"""Memos on the project, a document, a segment, a code or a coding."""

from __future__ import annotations

from sqlalchemy import select

from ..errors import WorkbenchError
from ..store import Writer
from ..store.clock import now
from ..store.schema import codes, codings, documents, memos, segments

TARGET_TABLES = {"document": documents, "segment": segments, "code": codes, "coding": codings}
TARGETS = ("project", *TARGET_TABLES)


def add_memo(writer: Writer, text: str, target_type: str = "project", target_id: int | None = None,
             private: bool = False) -> int:
    if target_type not in TARGETS:
        raise WorkbenchError(f"A memo can be on: {', '.join(TARGETS)}; not on '{target_type}'.")
    if not text or not text.strip():
        raise WorkbenchError("A memo needs some text.")
    if target_type != "project":
        if target_id is None:
            raise WorkbenchError(f"Say which {target_type} the memo is about.")
        table = TARGET_TABLES[target_type]
        if writer.conn.execute(select(table.c.id).where(table.c.id == target_id)).scalar() is None:
            raise WorkbenchError(f"That {target_type} is not in the project any more; the memo was not saved.")
    return writer.insert(memos, {
        "target_type": target_type, "target_id": target_id, "text": text, "private": private,
        "member_id": writer.member_id, "created_at": now(),
    }, "memo.add")
