"""Topic runs, topics and assignments as DataFrames.

A merged topic points at the topic it was merged into; assignments and sizes are
read through that pointer, so merging never rewrites the saved assignments.
"""

from __future__ import annotations

import json

import pandas as pd
from sqlalchemy import func, select

from ..errors import WorkbenchError
from ..store import Store
from ..store.schema import (
    codes, codings, documents, members, participants, segments, theme_topics, themes, topic_assignments, topic_runs,
    topic_suggestions, topics,
)


def _with_text(store: Store, frame: pd.DataFrame, start: str = "start", end: str = "end") -> pd.Series:
    """Each row's span of its document's text, sliced in Python: SQLite's substr()
    walks the UTF-8 text from its start for every row, which is quadratic for the
    10,000 answers of one survey document (9 s against 0.1 s here)."""
    ids = sorted(set(int(i) for i in frame["document_id"]))
    with store.read() as conn:
        texts = dict(conn.execute(select(documents.c.id, documents.c.text).where(documents.c.id.in_(ids))).all())
    return pd.Series([texts[int(d)][a:b] for d, a, b in zip(frame["document_id"], frame[start], frame[end])],
                     index=frame.index, dtype=object)


def segments_with_text(store: Store) -> pd.DataFrame:
    """Every segment with its text, document kind and participant's attributes."""
    query = (select(segments.c.id, segments.c.document_id, documents.c.name.label("document"),
                    documents.c.kind.label("document_kind"), segments.c.position, segments.c.start, segments.c.end,
                    segments.c.speaker, participants.c.pseudonym.label("participant"),
                    participants.c.attributes.label("participant_attributes"), segments.c.time_start,
                    segments.c.attributes)
             .join(documents, documents.c.id == segments.c.document_id)
             .outerjoin(participants, participants.c.id == segments.c.participant_id)
             .order_by(segments.c.document_id, segments.c.position))
    frame = store.dataframe(query)
    frame["attributes"] = frame["attributes"].map(json.loads)
    frame["participant_attributes"] = frame["participant_attributes"].map(lambda text: json.loads(text) if text else {})
    frame["text"] = _with_text(store, frame) if len(frame) else pd.Series(dtype=object)
    return frame


def coded_spans(store: Store) -> pd.DataFrame:
    """Every coding's document, span, code name and coder's role (no text)."""
    query = (select(codings.c.document_id, codings.c.start, codings.c.end, codes.c.name.label("code"),
                    members.c.role).join(codes, codes.c.id == codings.c.code_id)
             .join(members, members.c.id == codings.c.member_id))
    return store.dataframe(query)


def runs_frame(store: Store) -> pd.DataFrame:
    query = (select(topic_runs.c.id, topic_runs.c.name, topic_runs.c.embedding_model, topic_runs.c.segment_count,
                    members.c.name.label("created_by"), topic_runs.c.created_at, topic_runs.c.parameters)
             .join(members, members.c.id == topic_runs.c.created_by).order_by(topic_runs.c.id))
    frame = store.dataframe(query)
    frame["parameters"] = frame["parameters"].map(json.loads)
    return frame


def latest_run(store: Store) -> int:
    with store.read() as conn:
        found = conn.execute(select(func.max(topic_runs.c.id))).scalar()
    if found is None:
        raise WorkbenchError("This project has no topic runs yet; run one with project.find_topics().")
    return found


def require_run(store: Store, run_id: int | None) -> int:
    if run_id is None:
        return latest_run(store)
    with store.read() as conn:
        if conn.execute(select(topic_runs.c.id).where(topic_runs.c.id == run_id)).scalar() is None:
            raise WorkbenchError(f"There is no topic run {run_id}; see project.topic_runs() for the runs there are.")
    return run_id


def _topic_rows(store: Store, run_id: int) -> pd.DataFrame:
    frame = store.dataframe(select(topics.c.id, topics.c.number, topics.c.label, topics.c.keywords,
                                   topics.c.representative_segments, topics.c.size, topics.c.status,
                                   topics.c.merged_into, topics.c.code_id)
                            .where(topics.c.run_id == run_id).order_by(topics.c.number))
    pairs = frame.pop("keywords").map(json.loads)
    frame.insert(3, "keywords", pairs.map(lambda found: [word for word, _ in found]))
    frame.insert(4, "weights", pairs.map(lambda found: [weight for _, weight in found]))
    frame["representative_segments"] = frame["representative_segments"].map(json.loads)
    return frame


def _effective(frame: pd.DataFrame) -> dict[int, int]:
    """topic id -> the id of the topic it now counts as (following merges)."""
    target = dict(zip(frame["id"], frame["merged_into"]))
    resolved = {}
    for topic_id in frame["id"]:
        current, seen = topic_id, set()
        while pd.notna(target.get(current)) and current not in seen:
            seen.add(current)
            current = int(target[current])
        resolved[int(topic_id)] = int(current)
    return resolved


def topics_frame(store: Store, run_id: int) -> pd.DataFrame:
    """One row per topic of a run: label, keywords, size (merged topics included),
    status, representative segments and their text (quotes)."""
    frame = _topic_rows(store, run_id)
    effective = _effective(frame)
    own = dict(zip(frame["id"], frame["size"]))
    totals: dict[int, int] = {}
    for topic_id, into in effective.items():
        totals[into] = totals.get(into, 0) + int(own[topic_id])
    frame["size"] = [totals.get(int(topic_id), 0) if status != "merged" else 0
                     for topic_id, status in zip(frame["id"], frame["status"])]
    quotes = segment_texts(store, [sid for ids in frame["representative_segments"] for sid in ids])
    frame["quotes"] = frame["representative_segments"].map(lambda ids: [quotes[sid] for sid in ids if sid in quotes])
    frame["code"] = frame["code_id"].map(_code_names(store))
    frame["themes"] = frame["id"].map(_theme_names(store, run_id)).map(lambda found: found if isinstance(found, list) else [])
    return frame.drop(columns=["code_id"])


def _theme_names(store: Store, run_id: int) -> dict[int, list[str]]:
    """topic id -> the themes it was promoted to, in the order it was."""
    with store.read() as conn:
        rows = conn.execute(select(theme_topics.c.topic_id, themes.c.name)
                            .join(themes, themes.c.id == theme_topics.c.theme_id)
                            .where(theme_topics.c.run_id == run_id).order_by(theme_topics.c.id)).all()
    found: dict[int, list[str]] = {}
    for topic_id, name in rows:
        found.setdefault(topic_id, []).append(name)
    return found


def theme_topics_frame(store: Store, theme: str | None = None) -> pd.DataFrame:
    """Topics promoted to themes: one row per theme and topic, with the run and topic it
    came from, the topic's code (if promoted to one), its representative segments and
    their text (the theme's quotes from it), and who promoted it, in which role, when."""
    query = (select(themes.c.name.label("theme"), theme_topics.c.theme_id, theme_topics.c.run_id,
                    topic_runs.c.name.label("run"), topics.c.number.label("topic"), topics.c.label,
                    topics.c.status, topics.c.code_id, topics.c.representative_segments,
                    members.c.name.label("promoted_by"), members.c.role, theme_topics.c.added_at.label("promoted_at"))
             .join(themes, themes.c.id == theme_topics.c.theme_id)
             .join(topics, topics.c.id == theme_topics.c.topic_id)
             .join(topic_runs, topic_runs.c.id == theme_topics.c.run_id)
             .join(members, members.c.id == theme_topics.c.added_by)
             .order_by(theme_topics.c.id))
    if theme is not None:
        query = query.where(themes.c.name == theme)
    frame = store.dataframe(query)
    frame["representative_segments"] = frame["representative_segments"].map(json.loads)
    quotes = segment_texts(store, [sid for ids in frame["representative_segments"] for sid in ids])
    frame.insert(9, "quotes", frame["representative_segments"].map(
        lambda ids: [quotes[sid] for sid in ids if quotes.get(sid, "").strip()]))  # withdrawn words are blank
    frame.insert(7, "code", frame.pop("code_id").map(_code_names(store)))
    return frame


def _code_names(store: Store) -> dict:
    with store.read() as conn:
        return dict(conn.execute(select(codes.c.id, codes.c.name)).all())


def segment_texts(store: Store, segment_ids: list[int]) -> dict[int, str]:
    if not segment_ids:
        return {}
    frame = store.dataframe(select(segments.c.id, segments.c.document_id, segments.c.start, segments.c.end)
                            .where(segments.c.id.in_(sorted(set(segment_ids)))))
    return dict(zip(frame["id"], _with_text(store, frame))) if len(frame) else {}


def with_dates(assignments: pd.DataFrame, attribute: str = "date", session_start=None) -> pd.DataFrame:
    """Add a `when` column of datetimes: the segment attribute `attribute` (e.g. a
    survey's date) where present, else `session_start` plus the segment's start time
    in a recording (VTT times). Rows with neither get NaT."""
    dated = assignments.copy()
    stated = pd.to_datetime(dated["attributes"].map(lambda found: found.get(attribute)), errors="coerce")
    if session_start is not None:
        offsets = pd.to_timedelta(dated["time_start"], unit="s")
        stated = stated.fillna(pd.Timestamp(session_start) + offsets)
    dated["when"] = stated
    return dated


def assignments_frame(store: Store, run_id: int) -> pd.DataFrame:
    """One row per segment of a run: its topic (after merges), 2D position, text,
    document, participant, times and attributes. Discarded topics keep their rows
    with status "discarded" so a person can filter them."""
    rows = _topic_rows(store, run_id)
    effective = _effective(rows)
    by_id = rows.set_index("id")
    query = (select(topic_assignments.c.segment_id, topic_assignments.c.topic_id, topic_assignments.c.x,
                    topic_assignments.c.y, segments.c.document_id, documents.c.name.label("document"),
                    documents.c.kind.label("document_kind"), segments.c.start, segments.c.end, segments.c.speaker,
                    participants.c.pseudonym.label("participant"), participants.c.attributes.label("participant_attributes"),
                    segments.c.time_start, segments.c.attributes)
             .join(segments, segments.c.id == topic_assignments.c.segment_id)
             .join(documents, documents.c.id == segments.c.document_id)
             .outerjoin(participants, participants.c.id == segments.c.participant_id)
             .where(topic_assignments.c.run_id == run_id).order_by(topic_assignments.c.segment_id))
    frame = store.dataframe(query)
    frame["attributes"] = frame["attributes"].map(json.loads)
    frame["participant_attributes"] = frame["participant_attributes"].map(lambda text: json.loads(text) if text else {})
    frame["text"] = _with_text(store, frame) if len(frame) else pd.Series(dtype=object)
    topic_id = frame.pop("topic_id").map(lambda tid: effective[int(tid)])
    frame.insert(1, "topic", topic_id.map(by_id["number"]))
    frame.insert(2, "label", topic_id.map(by_id["label"]))
    frame.insert(3, "status", topic_id.map(by_id["status"]))
    return frame


def suggestions_frame(store: Store, run_id: int | None = None) -> pd.DataFrame:
    """Suggested codings from promoted topics, with their status and who decided."""
    decider = members.alias("decider")
    query = (select(topic_suggestions.c.id, topics.c.run_id, topics.c.number.label("topic"),
                    codes.c.name.label("code"), documents.c.name.label("document"), codings.c.document_id,
                    codings.c.start, codings.c.end, topic_suggestions.c.status, decider.c.name.label("decided_by"), topic_suggestions.c.decided_at,
                    topic_suggestions.c.machine_coding_id, topic_suggestions.c.accepted_coding_id)
             .join(topics, topics.c.id == topic_suggestions.c.topic_id)
             .join(codings, codings.c.id == topic_suggestions.c.machine_coding_id)
             .join(codes, codes.c.id == codings.c.code_id)
             .join(documents, documents.c.id == codings.c.document_id)
             .outerjoin(decider, decider.c.id == topic_suggestions.c.decided_by)
             .order_by(topic_suggestions.c.id))
    if run_id is not None:
        query = query.where(topics.c.run_id == run_id)
    frame = store.dataframe(query)
    frame.insert(8, "text", _with_text(store, frame) if len(frame) else pd.Series(dtype=object))
    return frame


def crosswalk_frame(store: Store, run_id: int, include_machine: bool = False) -> pd.DataFrame:
    """Topics x codes: how many of each topic's segments carry each code (codings by
    people; the topic model's own suggestions only if `include_machine`)."""
    assigned = assignments_frame(store, run_id)
    assigned = assigned[assigned["status"] != "discarded"]
    coded = coded_spans(store)
    if not include_machine:
        coded = coded[coded["role"] != "machine"]
    pairs = assigned.merge(coded, on="document_id", suffixes=("", "_coding"))
    pairs = pairs[(pairs["start_coding"] < pairs["end"]) & (pairs["end_coding"] > pairs["start"])]
    pairs = pairs.drop_duplicates(["segment_id", "code"])
    topic = pairs["topic"].astype(str) + ": " + pairs["label"]
    return pd.crosstab(topic, pairs["code"]).rename_axis(index="topic", columns="code")
