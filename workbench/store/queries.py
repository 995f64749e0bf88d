"""Read-only queries, each returning a pandas DataFrame a user may want."""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import func, select

from .schema import DOCUMENT_LENGTH, codes, codings, documents, events, members, memos, participants, segments
from .schema import ideas, themes, votes
from .store import Store


def _expand_json(frame: pd.DataFrame, column: str = "attributes") -> pd.DataFrame:
    frame[column] = frame[column].map(json.loads)
    return frame


def documents_frame(store: Store) -> pd.DataFrame:
    query = (
        select(documents.c.id, documents.c.name, documents.c.kind, DOCUMENT_LENGTH.label("characters"),
               func.count(segments.c.id).label("segments"), documents.c.origin_filename, documents.c.origin_sha256,
               documents.c.imported_at, members.c.name.label("imported_by"), documents.c.attributes)
        .join(members, members.c.id == documents.c.imported_by)
        .outerjoin(segments, segments.c.document_id == documents.c.id)
        .group_by(documents.c.id, members.c.name)
        .order_by(documents.c.id)
    )
    return _expand_json(store.dataframe(query))


def _with_text(store: Store, frame: pd.DataFrame, after: str) -> pd.DataFrame:
    """Add each row's words, sliced in Python: SQLite's substr() walks the text from the
    start every time, which is quadratic on a survey held as one long document."""
    ids = sorted(set(frame["document_id"]))
    texts = {}
    if ids:
        with store.read() as conn:
            texts = dict(conn.execute(select(documents.c.id, documents.c.text).where(documents.c.id.in_(ids))).all())
    words = [texts[d][a:b] for d, a, b in zip(frame["document_id"], frame["start"], frame["end"])]
    frame.insert(frame.columns.get_loc(after) + 1, "text", pd.Series(words, index=frame.index, dtype=object))
    return frame


def segments_frame(store: Store, document_id: int | None = None) -> pd.DataFrame:
    query = (
        select(segments.c.id, segments.c.document_id, documents.c.name.label("document"), segments.c.position,
               segments.c.kind, segments.c.start, segments.c.end, segments.c.speaker,
               participants.c.pseudonym.label("participant"), segments.c.time_start, segments.c.time_end,
               segments.c.attributes)
        .join(documents, documents.c.id == segments.c.document_id)
        .outerjoin(participants, participants.c.id == segments.c.participant_id)
        .order_by(segments.c.document_id, segments.c.position)
    )
    if document_id is not None:
        query = query.where(segments.c.document_id == document_id)
    return _with_text(store, _expand_json(store.dataframe(query)), after="attributes")


def participants_frame(store: Store) -> pd.DataFrame:
    frame = store.dataframe(select(participants.c.id, participants.c.pseudonym, participants.c.consent,
                                   participants.c.attributes).order_by(participants.c.id))
    attributes = pd.json_normalize(frame["attributes"].map(json.loads).tolist())
    attributes.index = frame.index
    return pd.concat([frame.drop(columns="attributes"), attributes], axis=1)


def members_frame(store: Store) -> pd.DataFrame:
    return store.dataframe(select(members.c.id, members.c.name, members.c.role, members.c.created_at).order_by(members.c.id))


def codes_frame(store: Store) -> pd.DataFrame:
    parent = codes.alias("parent")
    example = codings.alias("example")
    example_document = documents.alias("example_document")
    usage = (select(codings.c.code_id, func.count().label("codings")).group_by(codings.c.code_id).subquery())
    query = (
        select(codes.c.id, codes.c.name, parent.c.name.label("parent"), codes.c.definition, codes.c.when_to_use,
               codes.c.when_not_to_use, codes.c.colour, codes.c.archived, members.c.name.label("created_by"),
               func.coalesce(usage.c.codings, 0).label("codings"), codes.c.example_coding_id,
               func.substr(example_document.c.text, example.c.start + 1, example.c.end - example.c.start).label("example"))
        .outerjoin(parent, parent.c.id == codes.c.parent_id)
        .join(members, members.c.id == codes.c.created_by)
        .outerjoin(usage, usage.c.code_id == codes.c.id)
        .outerjoin(example, example.c.id == codes.c.example_coding_id)
        .outerjoin(example_document, example_document.c.id == example.c.document_id)
        .order_by(codes.c.id)
    )
    return store.dataframe(query)


def codings_frame(store: Store, document_id: int | None = None, code: str | None = None) -> pd.DataFrame:
    query = (
        select(codings.c.id, codings.c.document_id, documents.c.name.label("document"), codes.c.name.label("code"),
               codings.c.start, codings.c.end,
               members.c.name.label("member"), members.c.role, codings.c.created_at)
        .join(documents, documents.c.id == codings.c.document_id)
        .join(codes, codes.c.id == codings.c.code_id)
        .join(members, members.c.id == codings.c.member_id)
        .order_by(codings.c.document_id, codings.c.start, codings.c.id)
    )
    if document_id is not None:
        query = query.where(codings.c.document_id == document_id)
    if code is not None:  # one code's codings, not the whole project's read and filtered
        query = query.where(codes.c.name == code)
    return _with_text(store, store.plain_dataframe(query), after="end")


def memos_frame(store: Store) -> pd.DataFrame:
    query = (
        select(memos.c.id, memos.c.target_type, memos.c.target_id, memos.c.text, memos.c.private,
               members.c.name.label("member"), members.c.role, memos.c.created_at)
        .join(members, members.c.id == memos.c.member_id)
        .order_by(memos.c.id)
    )
    return store.dataframe(query)


def documents_coded_by(store: Store, member: str) -> set[int]:
    query = (select(codings.c.document_id).distinct().join(members, members.c.id == codings.c.member_id)
             .where(members.c.name == member))
    with store.read() as conn:
        return set(conn.execute(query).scalars())


def events_frame(store: Store) -> pd.DataFrame:
    return _expand_json(store.dataframe(select(events).order_by(events.c.id)), "details")


def document_codings(store: Store, document_id: int) -> list[dict]:
    """The codings of one document as plain rows: the panel's fast path, no text."""
    query = (
        select(codings.c.id, codes.c.name.label("code"), codings.c.start, codings.c.end,
               members.c.name.label("member"), members.c.role)
        .join(codes, codes.c.id == codings.c.code_id)
        .join(members, members.c.id == codings.c.member_id)
        .where(codings.c.document_id == document_id)
        .order_by(codings.c.start, codings.c.id)
    )
    with store.read() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def document_participants(store: Store) -> pd.DataFrame:
    """Which participants speak in which document."""
    query = (
        select(segments.c.document_id, participants.c.pseudonym.label("participant")).distinct()
        .join(participants, participants.c.id == segments.c.participant_id)
        .order_by(segments.c.document_id)
    )
    return store.dataframe(query)


def actions_since(store: Store, event_id: int) -> tuple[int, set[str]]:
    """The newest event id and the kinds of change (e.g. 'coding', 'code') since `event_id`."""
    with store.read() as conn:
        rows = conn.execute(select(events.c.id, events.c.action).where(events.c.id > event_id)).all()
    if not rows:
        return event_id, set()
    return max(r.id for r in rows), {r.action.split(".")[0] for r in rows}


def last_event_id(store: Store) -> int:
    """Grows with every change anyone makes: cheap to poll for news."""
    with store.read() as conn:
        return conn.execute(select(func.max(events.c.id))).scalar() or 0


def counts(store: Store) -> dict:
    """The figures `workbench info` prints."""
    with store.read() as conn:
        by_kind = dict(conn.execute(select(documents.c.kind, func.count()).group_by(documents.c.kind)).all())
        by_role = dict(conn.execute(select(members.c.role, func.count()).group_by(members.c.role)).all())

        def total(table):
            return conn.execute(select(func.count()).select_from(table)).scalar()

        return {
            "documents": total(documents),
            "documents_by_kind": dict(sorted(by_kind.items())),
            "segments": total(segments),
            "participants": total(participants),
            "members": total(members),
            "members_by_role": dict(sorted(by_role.items())),
            "codes": total(codes),
            "codings": total(codings),
            "memos": total(memos),
            "events": total(events),
            "themes": total(themes),  # co-production (issue 10)
            "ideas": total(ideas),
            "votes": total(votes),
        }
