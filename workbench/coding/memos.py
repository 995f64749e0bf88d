"""Memos: on the project, a document, a segment, a coding, a code, a theme or a framework
cell; typed (analytic, reflexive, method, meeting); listed, filtered, edited, deleted.

Every change goes through the Writer, so it is logged and undoable (memos are among
undo's tables). A private memo is its author's own: only they may change it, and it is
left out of snapshots, reports and exports by the code that makes them.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, or_, select

from ..errors import WorkbenchError
from ..store import Store, Writer
from ..store.clock import now
from ..store.schema import MEMO_TARGETS, MEMO_TYPES, codes, codings, documents, members, memos, metadata, segments
from ..store.schema import themes

TARGET_TABLES = {"document": documents, "segment": segments, "code": codes, "coding": codings, "theme": themes}
TARGETS = MEMO_TARGETS
NAMED_TARGETS = {"document": documents, "code": codes, "theme": themes}  # may be given by name
FRAMEWORK_CELLS = "framework_cells"  # the analysis issue's table, when it is in the project


def _target_table(target_type: str):
    if target_type == "framework cell":
        table = metadata.tables.get(FRAMEWORK_CELLS)
        if table is None:
            raise WorkbenchError("Framework cells are not in this version of the workbench yet; "
                                 "put the memo on the theme or code instead.")
        return table
    return TARGET_TABLES[target_type]


def resolve_target(conn, target_type: str, target: int | str | None) -> int | None:
    """The id of what a memo is about; documents, codes and themes may be named."""
    if target_type not in TARGETS:
        raise WorkbenchError(f"A memo can be on: {', '.join(TARGETS)}; not on '{target_type}'.")
    if target_type == "project":
        return None
    if target is None:
        raise WorkbenchError(f"Say which {target_type} the memo is about.")
    table = _target_table(target_type)
    if isinstance(target, str) and target_type in NAMED_TARGETS:
        found = conn.execute(select(table.c.id).where(table.c.name == target)).scalar()
        if found is None:
            raise WorkbenchError(f"There is no {target_type} called '{target}'; the memo was not saved.")
        return found
    if conn.execute(select(table.c.id).where(table.c.id == target)).scalar() is None:
        raise WorkbenchError(f"That {target_type} is not in the project any more; the memo was not saved.")
    return target


def _checked_type(memo_type: str) -> str:
    if memo_type not in MEMO_TYPES:
        raise WorkbenchError(f"A memo's type is one of: {', '.join(MEMO_TYPES)}; not '{memo_type}'.")
    return memo_type


def _checked_text(text: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise WorkbenchError("A memo needs some text.")
    return text


def add_memo(writer: Writer, text: str, target_type: str = "project", target_id: int | str | None = None,
             private: bool = False, memo_type: str = "analytic") -> int:
    _checked_text(text)
    _checked_type(memo_type)
    target = resolve_target(writer.conn, target_type, target_id)
    return writer.insert(memos, {
        "target_type": target_type, "target_id": target, "text": text, "private": bool(private),
        "memo_type": memo_type, "member_id": writer.member_id, "created_at": now(),
    }, "memo.add")


def _changeable(writer: Writer, memo_id: int) -> dict:
    row = writer.conn.execute(select(memos.c.id, memos.c.member_id, memos.c.private)
                              .where(memos.c.id == memo_id)).mappings().first()
    if row is None:
        raise WorkbenchError(f"There is no memo {memo_id} in the project (it may have been deleted).")
    if row["private"] and row["member_id"] != writer.member_id:
        raise WorkbenchError(f"Memo {memo_id} is private to its author; only they can change it.")
    return dict(row)


def edit_memo(writer: Writer, memo_id: int, text: str | None = None, memo_type: str | None = None,
              private: bool | None = None) -> None:
    row = _changeable(writer, memo_id)
    changes = {}
    if text is not None:
        changes["text"] = _checked_text(text)
    if memo_type is not None:
        changes["memo_type"] = _checked_type(memo_type)
    if private is not None:
        if row["member_id"] != writer.member_id:
            raise WorkbenchError(f"Only the author of memo {memo_id} can make it private or shared.")
        changes["private"] = bool(private)
    if not changes:
        raise WorkbenchError("Say what to change in the memo: its text, type or whether it is private.")
    writer.update(memos, memo_id, {**changes, "updated_at": now()}, "memo.edit")


def delete_memo(writer: Writer, memo_id: int) -> None:
    _changeable(writer, memo_id)
    writer.delete(memos, memo_id, "memo.delete")


def memos_frame(store: Store, *, target_type: str | None = None, target: int | str | None = None,
                memo_type: str | None = None, author: str | None = None, role: str | None = None,
                private: bool | None = None, coders: list[int] | None = None) -> pd.DataFrame:
    """Every memo with what it is on (in words), its type, author and role, filtered;
    `coders` (blind coding): only the memos on codings of those members, besides the rest."""
    query = _without_hidden_codings(_memos_query(), coders)
    with store.read() as conn:
        if target_type is not None:
            query = query.where(memos.c.target_type == target_type)
            if target is not None:
                query = query.where(memos.c.target_id == resolve_target(conn, target_type, target))
        elif target is not None:
            raise WorkbenchError("Say what kind of thing the memo is on (target_type), e.g. 'code'.")
    if memo_type is not None:
        query = query.where(memos.c.memo_type == _checked_type(memo_type))
    if author is not None:
        query = query.where(members.c.name == author)
    if role is not None:
        query = query.where(members.c.role == role)
    if private is not None:
        query = query.where(memos.c.private == bool(private))
    return _frame(store, query)


def _without_hidden_codings(query, coders: list[int] | None):
    """No memo on a coding of a member outside `coders` (None: every coding is shown)."""
    if coders is None:
        return query
    hidden = select(codings.c.id).where(codings.c.member_id.not_in(coders))
    return query.where(or_(memos.c.target_type != "coding", memos.c.target_id.not_in(hidden)))


def _memos_query():
    return (select(memos.c.id, memos.c.target_type, memos.c.target_id, memos.c.memo_type, memos.c.text,
                   memos.c.private, members.c.name.label("member"), members.c.role, memos.c.created_at,
                   memos.c.updated_at)
            .join(members, members.c.id == memos.c.member_id).order_by(memos.c.id))


def _frame(store: Store, query) -> pd.DataFrame:
    frame = store.dataframe(query)
    frame["private"] = frame["private"].astype(bool)
    frame.insert(3, "on", target_labels(store, frame))
    return frame


def target_labels(store: Store, frame: pd.DataFrame) -> list[str]:
    """What each memo is on, in words: "code: Named contact", "segment 3 of int01"."""
    names = {}
    with store.read() as conn:
        for kind, table in NAMED_TARGETS.items():
            ids = sorted({int(i) for i in frame.loc[frame["target_type"] == kind, "target_id"].dropna()})
            if ids:
                names[kind] = dict(conn.execute(select(table.c.id, table.c.name).where(table.c.id.in_(ids))).all())
        segment_ids = sorted({int(i) for i in frame.loc[frame["target_type"] == "segment", "target_id"].dropna()})
        if segment_ids:
            names["segment"] = {row.id: f"segment {row.position} of {row.name}" for row in conn.execute(
                select(segments.c.id, segments.c.position, documents.c.name)
                .join(documents, documents.c.id == segments.c.document_id).where(segments.c.id.in_(segment_ids)))}
        coding_ids = sorted({int(i) for i in frame.loc[frame["target_type"] == "coding", "target_id"].dropna()})
        if coding_ids:
            names["coding"] = {row.id: f"{row.code} in {row.document}" for row in conn.execute(
                select(codings.c.id, codes.c.name.label("code"), documents.c.name.label("document"))
                .join(codes, codes.c.id == codings.c.code_id).join(documents, documents.c.id == codings.c.document_id)
                .where(codings.c.id.in_(coding_ids)))}
    labels = []
    for kind, target_id in zip(frame["target_type"], frame["target_id"]):
        if kind == "project":
            labels.append("the project")
            continue
        found = names.get(kind, {}).get(None if pd.isna(target_id) else int(target_id))
        labels.append(f"{kind}: {found}" if found and kind in NAMED_TARGETS else found or f"{kind} {target_id}")
    return labels


def journal(store: Store, member: str, coders: list[int] | None = None) -> pd.DataFrame:
    """A member's reflexive journal: their reflexive memos, oldest first."""
    frame = memos_frame(store, memo_type="reflexive", author=member, coders=coders)
    return frame.sort_values(["created_at", "id"]).reset_index(drop=True)


def memos_on_document(store: Store, document_id: int, coders: list[int] | None = None) -> pd.DataFrame:
    """The memos on what a coding panel shows for one document: the document, its
    segments, its codings and the codes used in it (for the panel's margin); `coders`
    (blind coding): the codings of those members only, and the codes they used."""
    shown = codings.c.document_id == document_id
    if coders is not None:
        shown = and_(shown, codings.c.member_id.in_(coders))
    segment_ids = select(segments.c.id).where(segments.c.document_id == document_id)
    coding_ids = select(codings.c.id).where(shown)
    code_ids = select(codings.c.code_id).where(shown)
    on_screen = or_(and_(memos.c.target_type == "document", memos.c.target_id == document_id),
                    and_(memos.c.target_type == "segment", memos.c.target_id.in_(segment_ids)),
                    and_(memos.c.target_type == "coding", memos.c.target_id.in_(coding_ids)),
                    and_(memos.c.target_type == "code", memos.c.target_id.in_(code_ids)))
    return _frame(store, _memos_query().where(on_screen))
