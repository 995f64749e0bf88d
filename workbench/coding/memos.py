"""Memos on the project, a document, a segment, a code or a coding."""

from __future__ import annotations

from ..errors import WorkbenchError
from ..store import Writer
from ..store.clock import now
from ..store.schema import memos

TARGETS = ("project", "document", "segment", "code", "coding")


def add_memo(writer: Writer, text: str, target_type: str = "project", target_id: int | None = None,
             private: bool = False) -> int:
    if target_type not in TARGETS:
        raise WorkbenchError(f"A memo can be on: {', '.join(TARGETS)}; not on '{target_type}'.")
    if not text or not text.strip():
        raise WorkbenchError("A memo needs some text.")
    if target_type != "project" and target_id is None:
        raise WorkbenchError(f"Say which {target_type} the memo is about.")
    return writer.insert(memos, {
        "target_type": target_type, "target_id": target_id, "text": text, "private": private,
        "member_id": writer.member_id, "created_at": now(),
    }, "memo.add")
