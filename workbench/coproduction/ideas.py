"""Ideas and actions, "you said, we did": an idea captured from a segment, sticky note
or span of text, followed through to the team's response, the reason and an owner."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select

from ..errors import WorkbenchError
from ..store import Store, Writer
from ..store.clock import now
from ..store.schema import IDEA_STATES, documents, ideas, members, segments, themes
from .themes import require_theme

# What each status means to a partner reading the dashboard.
PLAIN_STATUS = {
    "new": "We have not looked at this yet.",
    "being considered": "We are thinking about this.",
    "taken forward": "We are doing this.",
    "not taken forward": "We are not doing this.",
}


def _segment_source(conn, segment_id: int) -> tuple[int, int, int, str]:
    row = conn.execute(select(segments.c.document_id, segments.c.start, segments.c.end, documents.c.text)
                       .join(documents, documents.c.id == segments.c.document_id)
                       .where(segments.c.id == segment_id)).first()
    if row is None:
        raise WorkbenchError(f"There is no segment {segment_id} in this project.")
    return row.document_id, row.start, row.end, row.text[row.start:row.end]


def capture(writer: Writer, text: str | None = None, *, document_id: int | None = None, start: int | None = None,
            end: int | None = None, segment_id: int | None = None, theme: str | None = None,
            proposed_by: int | None = None) -> int:
    """Record an idea. From a segment (e.g. a sticky note) its words are the idea
    unless `text` says it otherwise; from a span of a document, likewise."""
    if segment_id is not None:
        document_id, start, end, words = _segment_source(writer.conn, segment_id)
    elif document_id is not None:
        full = writer.conn.execute(select(documents.c.text).where(documents.c.id == document_id)).scalar()
        if start is None or end is None or not 0 <= start < end <= len(full):
            raise WorkbenchError(f"Choose words inside the document: 0 <= start < end <= {len(full)}.")
        words = full[start:end]
    else:
        words = ""
    idea = (text if text is not None else words).strip()
    if not idea:
        raise WorkbenchError("An idea needs words: type it, or capture it from a sticky note or a selection.")
    theme_id = require_theme(writer.conn, theme) if theme else None
    stamp = now()
    return writer.insert(ideas, {
        "text": idea, "document_id": document_id, "start": start, "end": end, "segment_id": segment_id,
        "theme_id": theme_id, "proposed_by": proposed_by or writer.member_id, "status": "new",
        "response": "", "reason": "", "created_at": stamp, "updated_at": stamp,
    }, "idea.capture")


def update(writer: Writer, idea_id: int, *, status: str | None = None, response: str | None = None,
           reason: str | None = None, owner_id: int | None = None, due: str | None = None) -> None:
    current = writer.conn.execute(select(ideas.c.status, ideas.c.reason).where(ideas.c.id == idea_id)).first()
    if current is None:
        raise WorkbenchError(f"There is no idea {idea_id} in this project.")
    if status is not None and status not in IDEA_STATES:
        raise WorkbenchError(f"An idea's status is one of: {', '.join(IDEA_STATES)}; not '{status}'.")
    if status == "not taken forward" and not (reason or current.reason).strip():
        raise WorkbenchError("Say why an idea is not taken forward (reason=...): partners will read it.")
    if due is not None:
        try:
            dt.date.fromisoformat(due)
        except ValueError:
            raise WorkbenchError(f"'{due}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31.") from None
    changes = {key: value for key, value in {"status": status, "response": response, "reason": reason,
                                             "owner_id": owner_id, "due": due}.items() if value is not None}
    if not changes:
        raise WorkbenchError("Say what changed: status, response, reason, owner or due.")
    writer.update(ideas, idea_id, {**changes, "updated_at": now()}, "idea.update")


def ideas_frame(store: Store) -> pd.DataFrame:
    proposer, owner = members.alias("proposer"), members.alias("owner")
    query = (
        select(ideas.c.id, ideas.c.text, ideas.c.status, ideas.c.response, ideas.c.reason,
               proposer.c.name.label("proposed_by"), proposer.c.role.label("proposer_role"),
               owner.c.name.label("owner"), ideas.c.due, themes.c.name.label("theme"),
               documents.c.name.label("document"), ideas.c.segment_id, ideas.c.start, ideas.c.end,
               ideas.c.created_at, ideas.c.updated_at)
        .join(proposer, proposer.c.id == ideas.c.proposed_by)
        .outerjoin(owner, owner.c.id == ideas.c.owner_id)
        .outerjoin(themes, themes.c.id == ideas.c.theme_id)
        .outerjoin(documents, documents.c.id == ideas.c.document_id)
        .order_by(ideas.c.id)
    )
    return store.dataframe(query)


def you_said_we_did(frame: pd.DataFrame) -> pd.DataFrame:
    """The partners' view of `ideas_frame`, in plain words: what was said (and by whom,
    by role only), what happened, the team's response and why."""
    return pd.DataFrame({
        "You said": frame["text"],
        "Suggested by": frame["proposer_role"].str.capitalize(),
        "What happened": frame["status"].map(PLAIN_STATUS),
        "We did": frame["response"].fillna(""),
        "Why": frame["reason"].fillna(""),
        "Who is taking it forward": frame["owner"].fillna(""),
        "By when": frame["due"].fillna(""),
        "Last updated": frame["updated_at"].str[:10],
    })
