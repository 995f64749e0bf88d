"""People in charge of what the topic model suggests: rename, merge and discard
topics, promote a topic to a code as *suggested* codings that people accept
(each becomes their own coding) or reject, one by one or in bulk, and promote a
topic to a theme (the theme records the run and topic it came from)."""

from __future__ import annotations

import json

from sqlalchemy import select

from ..coding.codes import add_code
from ..coding.bulk import apply_many
from ..errors import WorkbenchError
from ..store import Writer
from ..store.clock import now
from ..store.schema import (
    codes, codings, segments, theme_codes, theme_topics, themes, topic_assignments, topic_suggestions, topics,
)

MACHINE_MEMBER = "topic model"


def require_topic(writer: Writer, run_id: int, number: int) -> dict:
    row = writer.conn.execute(select(topics).where(topics.c.run_id == run_id, topics.c.number == number)).mappings().first()
    if row is None:
        raise WorkbenchError(f"Topic run {run_id} has no topic {number}; see project.topics() for its topics.")
    if row["status"] == "merged":
        raise WorkbenchError(f"Topic {number} was merged into another topic; work with that topic instead.")
    return dict(row)


def rename_topic(writer: Writer, run_id: int, number: int, label: str) -> None:
    label = (label or "").strip()
    if not label:
        raise WorkbenchError("A topic needs a label: type a few words that say what it is about.")
    writer.update(topics, require_topic(writer, run_id, number)["id"], {"label": label[:300]}, "topic.rename")


def discard_topic(writer: Writer, run_id: int, number: int) -> None:
    writer.update(topics, require_topic(writer, run_id, number)["id"], {"status": "discarded"}, "topic.discard")


def merge_topics(writer: Writer, run_id: int, numbers: list[int], label: str | None = None) -> int:
    """Merge topics into the first one given; returns its number."""
    if len(set(numbers)) < 2:
        raise WorkbenchError("Choose at least two different topics to merge.")
    chosen = [require_topic(writer, run_id, number) for number in dict.fromkeys(numbers)]
    if any(topic["number"] == -1 for topic in chosen):
        raise WorkbenchError("The outliers are not a topic and cannot be merged; choose real topics.")
    target = chosen[0]
    for topic in chosen[1:]:
        writer.update(topics, topic["id"], {"status": "merged", "merged_into": target["id"]}, "topic.merge")
    if label:
        rename_topic(writer, run_id, target["number"], label)
    return target["number"]


def promote_to_code(writer: Writer, run_id: int, number: int, code: str, definition: str = "") -> int:
    """Suggest `code` for every segment of the topic (and of topics merged into it),
    credited to the machine member; returns the number of suggestions made."""
    topic = require_topic(writer, run_id, number)
    if topic["number"] == -1:
        raise WorkbenchError("The outliers are not a topic; promote a real topic to a code.")
    if topic["status"] == "discarded":
        raise WorkbenchError(f"Topic {number} was discarded; it cannot be promoted.")
    code_id = writer.conn.execute(select(codes.c.id).where(codes.c.name == code)).scalar()
    if code_id is None:
        code_id = add_code(writer, code, None, definition or f"Promoted from the topic '{topic['label']}'.", "", "", None)
    machine = writer.member(MACHINE_MEMBER, "machine")
    members_of = [topic["id"]] + [row[0] for row in writer.conn.execute(
        select(topics.c.id).where(topics.c.merged_into == topic["id"]))]
    spans = writer.conn.execute(
        select(segments.c.document_id, segments.c.start, segments.c.end)
        .join(topic_assignments, topic_assignments.c.segment_id == segments.c.id)
        .where(topic_assignments.c.topic_id.in_(members_of), segments.c.start < segments.c.end)
        .order_by(segments.c.id)).all()
    coding_ids = apply_many(writer, [{"document_id": d, "code_id": code_id, "start": a, "end": b, "member_id": machine}
                                     for d, a, b in spans])
    suggested = set()
    for start in range(0, len(coding_ids), 10_000):
        suggested.update(writer.conn.execute(select(topic_suggestions.c.machine_coding_id).where(
            topic_suggestions.c.machine_coding_id.in_(coding_ids[start:start + 10_000]))).scalars())
    new = [coding_id for coding_id in dict.fromkeys(coding_ids) if coding_id not in suggested]
    writer.insert_many(topic_suggestions, [{"topic_id": topic["id"], "machine_coding_id": coding_id,
                                            "status": "suggested"} for coding_id in new], "suggestion.add")
    made = len(new)
    writer.update(topics, topic["id"], {"status": "promoted", "code_id": code_id}, "topic.promote")
    for theme in writer.conn.execute(select(theme_topics.c.theme_id).where(theme_topics.c.topic_id == topic["id"])).scalars().all():
        _link_code(writer, theme, code_id)  # a topic already in a theme brings its new code along
    return made


def _link_code(writer: Writer, theme_id: int, code_id: int) -> bool:
    linked = writer.conn.execute(select(theme_codes.c.id).where(theme_codes.c.theme_id == theme_id,
                                                                theme_codes.c.code_id == code_id)).scalar()
    if linked is None:
        writer.insert(theme_codes, {"theme_id": theme_id, "code_id": code_id, "added_by": writer.member_id,
                                    "added_at": now()}, "theme.add_code")
    return linked is None


def topic_definition(topic: dict, words: int = 8) -> str:
    """A theme's starting definition: the topic's label and its keywords."""
    keywords = [word for word, _ in json.loads(topic["keywords"] or "[]")][:words]
    return f"{topic['label']} (topic model keywords: {', '.join(keywords)})" if keywords else topic["label"]


def promote_to_theme(writer: Writer, run_id: int, number: int, theme: str, definition: str = "") -> dict:
    """Make topic `number` of run `run_id` part of theme `theme` (created if new, its
    definition then `definition` or the topic's label and keywords; an existing
    theme keeps its definition). The link records the run and topic it came from
    and who promoted it. If the topic was promoted to a code, that code joins the
    theme (and a code given to the topic later joins it then); until then the theme's
    evidence is the topic's representative segments, read through the link.
    Returns {"theme_id", "created", "linked", "code"}."""
    name = (theme or "").strip()[:200]
    if not name:
        raise WorkbenchError("A theme needs a name: type a few words that say what it is about.")
    topic = require_topic(writer, run_id, number)
    if topic["number"] == -1:
        raise WorkbenchError("The outliers are not a topic; promote a real topic to a theme.")
    if topic["status"] == "discarded":
        raise WorkbenchError(f"Topic {number} was discarded; it cannot be promoted.")
    theme_id = writer.conn.execute(select(themes.c.id).where(themes.c.name == name)).scalar()
    created = theme_id is None
    if created:
        theme_id = writer.insert(themes, {"name": name, "definition": (definition or "").strip() or topic_definition(topic),
                                          "created_by": writer.member_id, "created_at": now()}, "theme.create")
    linked = writer.conn.execute(select(theme_topics.c.id).where(theme_topics.c.theme_id == theme_id,
                                                                 theme_topics.c.topic_id == topic["id"])).scalar() is None
    if linked:
        writer.insert(theme_topics, {"theme_id": theme_id, "run_id": run_id, "topic_id": topic["id"],
                                     "added_by": writer.member_id, "added_at": now()}, "theme.add_topic")
    code = None
    if topic["code_id"] is not None:
        _link_code(writer, theme_id, topic["code_id"])
        code = writer.conn.execute(select(codes.c.name).where(codes.c.id == topic["code_id"])).scalar()
    return {"theme_id": theme_id, "created": created, "linked": linked, "code": code}


def decide_suggestions(writer: Writer, suggestion_ids: list[int], accept: bool) -> int:
    """Accept (the deciding person codes the span themselves) or reject suggestions.
    All or nothing: one unknown or already decided suggestion refuses the lot."""
    rows = {row["id"]: row for row in writer.conn.execute(
        select(topic_suggestions.c.id, topic_suggestions.c.status, codings.c.document_id, codings.c.code_id,
               codings.c.start, codings.c.end)
        .join(codings, codings.c.id == topic_suggestions.c.machine_coding_id)
        .where(topic_suggestions.c.id.in_(list(suggestion_ids)))).mappings()}
    for suggestion_id in suggestion_ids:
        row = rows.get(suggestion_id)
        if row is None:
            raise WorkbenchError(f"There is no suggestion {suggestion_id}; see project.topic_suggestions().")
        if row["status"] != "suggested":
            raise WorkbenchError(f"Suggestion {suggestion_id} was already {row['status']}; nothing was changed.")
    chosen = list(dict.fromkeys(suggestion_ids))
    values = {"status": "accepted" if accept else "rejected", "decided_by": writer.member_id, "decided_at": now()}
    accepted = apply_many(writer, [{key: rows[i][key] for key in ("document_id", "code_id", "start", "end")}
                                   for i in chosen]) if accept else [None] * len(chosen)
    writer.update_many(topic_suggestions, [
        (suggestion_id, {**values, **({"accepted_coding_id": coding_id} if accept else {})})
        for suggestion_id, coding_id in zip(chosen, accepted)], "suggestion.accept" if accept else "suggestion.reject")
    return len(set(suggestion_ids))
