"""Withdrawal that erases: a participant's words removed from every place they reach.

Their turns are blanked in place with a mask of the same length, so the offsets of
everyone else's codings stay valid. Codings wholly on those turns are deleted and
codings that reach into them are trimmed; memos on them or quoting them, ideas on
them, cached embeddings, reduced embeddings and topic assignments of them go too;
topic keywords found only in their words are dropped. Everything happens in one
logged transaction; the log names the participant's pseudonym and counts, never
their words. Afterwards the SQLite file is checkpointed and vacuumed (`scrub`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, or_, select, update

from ..errors import WorkbenchError
from ..store import Writer
from ..store.schema import (
    codes, codings, documents, embedding_cache, memos, metadata, participants, reduction_cache, segments,
    themes, topic_assignments, topic_runs, topic_suggestions, topics, undo_steps,
)
from .artefacts import mark_stale
from .embedding_keys import segment_text_hashes

MASK = "█"  # one character for one character: offsets stay valid
QUOTE_WORDS = 4  # a memo holding this many consecutive words of theirs quotes them


@dataclass
class WithdrawalReport:
    participant: str
    erased: bool
    segments: int = 0
    characters: int = 0
    codings_deleted: int = 0
    codings_trimmed: int = 0
    memos_deleted: int = 0
    ideas_deleted: int = 0
    embeddings_deleted: int = 0
    topic_assignments_deleted: int = 0
    topic_keywords_dropped: int = 0
    definitions_scrubbed: int = 0
    stale: list[dict] = field(default_factory=list)  # exports, snapshots, backups made before
    deleted: list[str] = field(default_factory=list)  # those of them deleted on request
    notebooks_cleaned: list[str] = field(default_factory=list)  # outputs held their words: removed
    notebooks_to_edit: list[str] = field(default_factory=list)  # cells still hold their words

    def counts(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if isinstance(value, int) and key != "erased"}

    def __str__(self) -> str:
        if not self.erased:
            return (f"{self.participant} is recorded as withdrawn; under the study's policy their words already "
                    "analysed are kept.")
        lines = [f"{self.participant} withdrew: {self.segments} turn(s) ({self.characters} characters) blanked, "
                 f"{self.codings_deleted} coding(s) deleted and {self.codings_trimmed} trimmed, "
                 f"{self.memos_deleted} memo(s) and {self.ideas_deleted} idea(s) deleted, "
                 f"{self.embeddings_deleted} cached embedding(s) and {self.topic_assignments_deleted} topic "
                 "assignment(s) removed."]
        if self.deleted:
            lines.append(f"Deleted {len(self.deleted)} file(s) made before: " + ", ".join(self.deleted) + ".")
        if self.notebooks_cleaned:
            lines.append(f"Removed the outputs of {len(self.notebooks_cleaned)} notebook(s) that showed their words: "
                         + ", ".join(self.notebooks_cleaned) + ".")
        if self.notebooks_to_edit:
            lines.append("Their words are still in the cells of: " + ", ".join(self.notebooks_to_edit)
                         + "; edit these by hand.")
        remaining = [item for item in self.stale if item["path"] not in self.deleted]
        if remaining:
            lines.append(f"{len(remaining)} file(s) made before still hold their words; delete or remake them:")
            lines += [f"  {item['kind']}: {item['path']} ({item['made_at'][:16]})" for item in remaining]
        return "\n".join(lines)


def find_participant(conn, name: str) -> dict:
    row = conn.execute(select(participants).where(func.lower(participants.c.pseudonym) == name.strip().lower())
                       ).mappings().first()
    if row is None:
        known = conn.execute(select(participants.c.pseudonym).order_by(participants.c.pseudonym)).scalars().all()
        raise WorkbenchError(f"There is no participant called '{name}' in this project; use their pseudonym"
                             + (f" (one of: {', '.join(known[:20])})." if known else "."))
    return dict(row)


def withdraw_participant(writer: Writer, name: str, erase: bool) -> WithdrawalReport:
    person = find_participant(writer.conn, name)
    report = WithdrawalReport(person["pseudonym"], erase)
    writer.update(participants, person["id"], {"consent": "withdrawn", "attributes": "{}"} if erase
                  else {"consent": "withdrawn"}, "participant.withdraw")
    if erase:
        _erase(writer, person, report)
        report.stale = mark_stale(writer, f"{person['pseudonym']} withdrew")
        # Undo must never bring their codings back, nor keep their old values.
        writer.pending_undo_steps = []
        writer.conn.execute(delete(undo_steps).where(undo_steps.c.table_name == "participants",
                                                     undo_steps.c.row_id == person["id"]))  # their attributes
    writer.log("participant.withdrawn", "participants", person["id"],
               {"pseudonym": person["pseudonym"], "erased": erase, **report.counts(),
                "stale_artefacts": [item["id"] for item in report.stale]})
    return report


def _their_segments(conn, person: dict) -> list[dict]:
    return [dict(row) for row in conn.execute(
        select(segments.c.id, segments.c.document_id, segments.c.start, segments.c.end, documents.c.text)
        .join(documents, documents.c.id == segments.c.document_id)
        .where(or_(segments.c.participant_id == person["id"],
                   func.lower(segments.c.speaker) == person["pseudonym"].lower()))
        .order_by(segments.c.document_id, segments.c.start)).mappings()]


def _erase(writer: Writer, person: dict, report: WithdrawalReport) -> None:
    conn = writer.conn
    theirs = _their_segments(conn, person)
    words = [row["text"][row["start"]:row["end"]] for row in theirs]
    segment_ids = [row["id"] for row in theirs]
    spans: dict[int, list[tuple[int, int]]] = {}
    for row in theirs:
        if row["end"] > row["start"]:
            spans.setdefault(row["document_id"], []).append((row["start"], row["end"]))
    report.segments = len(theirs)
    report.characters = sum(len(text) for text in words)

    _remove_topic_traces(writer, segment_ids, words, report)
    _remove_codings(writer, spans, report)
    _remove_memos(writer, segment_ids, words, report)
    _remove_theme_quotes(writer, words)
    _remove_framework_cells(writer, person, words)
    _remove_ideas(writer, segment_ids, spans, report)
    hashes = segment_text_hashes(words)
    report.embeddings_deleted = conn.execute(delete(embedding_cache).where(
        embedding_cache.c.text_sha256.in_(hashes))).rowcount if hashes else 0
    conn.execute(delete(reduction_cache))  # reduced from their embeddings among others; recomputed on demand
    for document_id, document_spans in spans.items():
        text = conn.execute(select(documents.c.text).where(documents.c.id == document_id)).scalar()
        conn.execute(update(documents).where(documents.c.id == document_id).values(text=blank(text, document_spans)))
        writer.log("document.redact", "documents", document_id,
                   {"spans": len(document_spans), "characters": sum(e - s for s, e in document_spans)})
    if segment_ids:
        conn.execute(update(segments).where(segments.c.id.in_(segment_ids))
                     .values(attributes=json.dumps({"withdrawn": True}), participant_id=person["id"]))


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span's characters masked, line breaks kept, length unchanged."""
    characters = list(text)
    for start, end in spans:
        for index in range(start, end):
            if characters[index] != "\n":
                characters[index] = MASK
    return "".join(characters)


def _remove_codings(writer: Writer, spans: dict[int, list[tuple[int, int]]], report: WithdrawalReport) -> None:
    """Codings wholly on their words (or left with only blank text) are deleted, codings
    reaching into them trimmed, set-based: one read of the documents' codings, one
    delete and one update. A trim that would land on a span the same member already
    has with the same code deletes the coding instead (the first by id keeps it)."""
    conn = writer.conn
    if not spans:
        return
    found = pd.DataFrame(conn.execute(
        select(codings.c.id, codings.c.document_id, codings.c.start, codings.c.end, codings.c.code_id,
               codings.c.member_id).where(codings.c.document_id.in_(list(spans))).order_by(codings.c.id)).all(),
        columns=["id", "document_id", "start", "end", "code_id", "member_id"])
    gone, trims = [], []
    for document_id, rows in found.groupby("document_id", sort=False):
        document_spans = spans[document_id]
        bounds = np.array(document_spans, dtype=np.int64).reshape(-1, 2)
        starts, ends = rows["start"].to_numpy()[:, None], rows["end"].to_numpy()[:, None]
        touching = ((bounds[:, 0] <= starts) & (starts < bounds[:, 1]) |
                    (bounds[:, 0] < ends) & (ends <= bounds[:, 1])).any(axis=1)  # an end inside their words
        if not touching.any():
            continue
        text = conn.execute(select(documents.c.text).where(documents.c.id == int(document_id))).scalar()
        for row in rows[touching].itertuples(index=False):
            left = _outside(row.start, row.end, document_spans)
            if left is None or not text[left[0]:left[1]].strip():
                gone.append(int(row.id))
            else:
                trims.append((int(row.id), int(document_id), row.code_id, row.member_id, *left))
    kept_spans = found[~found["id"].isin(gone + [trim[0] for trim in trims])]
    taken = set(zip(kept_spans["document_id"], kept_spans["code_id"], kept_spans["member_id"], kept_spans["start"],
                    kept_spans["end"]))
    changes = []
    for coding_id, *key in trims:
        if tuple(key) in taken:
            gone.append(coding_id)
        else:
            taken.add(tuple(key))
            changes.append((coding_id, {"start": key[3], "end": key[4]}))
    _delete_codings(writer, gone)
    writer.update_many(codings, changes, "coding.trim")
    report.codings_deleted += len(gone)
    report.codings_trimmed += len(changes)


def _outside(start: int, end: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The coding's span with withdrawn text cut from its ends; None if nothing of its
    own is left. Withdrawn text in its middle is blanked, not cut."""
    changed = True
    while changed and start < end:
        changed = False
        for span_start, span_end in spans:
            if span_start <= start < span_end:
                start, changed = span_end, True
            if span_start < end <= span_end:
                end, changed = span_start, True
    return (start, end) if start < end else None


def _delete_codings(writer: Writer, coding_ids: list[int]) -> None:
    """Delete codings with what points at them (an example quote, a topic suggestion, a
    memo on one) and the undo steps that could bring them back."""
    conn = writer.conn
    for chunk in _chunks(coding_ids):
        conn.execute(update(codes).where(codes.c.example_coding_id.in_(chunk)).values(example_coding_id=None))
        conn.execute(update(topic_suggestions).where(topic_suggestions.c.accepted_coding_id.in_(chunk))
                     .values(accepted_coding_id=None))
        writer.delete_many(topic_suggestions, conn.execute(
            select(topic_suggestions.c.id).where(topic_suggestions.c.machine_coding_id.in_(chunk))).scalars().all(),
            "suggestion.withdrawn")
        writer.delete_many(memos, conn.execute(select(memos.c.id).where(
            memos.c.target_type == "coding", memos.c.target_id.in_(chunk))).scalars().all(), "memo.withdrawn")
        writer.delete_many(codings, chunk, "coding.withdrawn")
        conn.execute(delete(undo_steps).where(undo_steps.c.table_name == "codings", undo_steps.c.row_id.in_(chunk)))


def _chunks(values: list, size: int = 10_000):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < QUOTE_WORDS:
        return {tuple(words)} if words else set()
    return {tuple(words[index:index + QUOTE_WORDS]) for index in range(len(words) - QUOTE_WORDS + 1)}


def quotes(memo: str, their_shingles: set[tuple[str, ...]]) -> bool:
    words = re.findall(r"\w+", memo.lower())
    for size in {len(shingle) for shingle in their_shingles}:
        if any(tuple(words[index:index + size]) in their_shingles for index in range(len(words) - size + 1)):
            return True
    return False


def _remove_memos(writer: Writer, segment_ids: list[int], words: list[str], report: WithdrawalReport) -> None:
    theirs = set().union(*(_shingles(text) for text in words)) if words else set()
    for row in writer.conn.execute(select(memos.c.id, memos.c.target_type, memos.c.target_id, memos.c.text)).all():
        on_them = row.target_type == "segment" and row.target_id in segment_ids
        if on_them or (theirs and quotes(row.text, theirs)):
            writer.delete(memos, row.id, "memo.withdrawn")
            report.memos_deleted += 1
            writer.conn.execute(delete(undo_steps).where(undo_steps.c.table_name == "memos",
                                                         undo_steps.c.row_id == row.id))
    # Memos are undoable (issue 14): an earlier version kept for undo may quote them too.
    for step in writer.conn.execute(select(undo_steps.c.id, undo_steps.c.old_values, undo_steps.c.new_values)
                                    .where(undo_steps.c.table_name == "memos")).all():
        if theirs and any(values and quotes(values, theirs) for values in (step.old_values, step.new_values)):
            writer.conn.execute(delete(undo_steps).where(undo_steps.c.id == step.id))


def _remove_framework_cells(writer: Writer, person: dict, words: list[str]) -> None:
    """Framework summaries (issue 13) written about them, or quoting them, with the copies
    undo keeps of those rows."""
    from ..store.schema_analysis import framework_cells

    theirs = set().union(*(_shingles(text) for text in words)) if words else set()
    conn = writer.conn
    gone = [row.id for row in conn.execute(select(framework_cells.c.id, framework_cells.c.case_type,
                                                  framework_cells.c.case_id, framework_cells.c.text)).all()
            if (row.case_type == "participant" and row.case_id == person["id"]) or (theirs and quotes(row.text, theirs))]
    if gone:
        writer.delete_many(framework_cells, gone, "framework.withdrawn")
        conn.execute(delete(undo_steps).where(undo_steps.c.table_name == "framework_cells",
                                              undo_steps.c.row_id.in_(gone)))
    for step in conn.execute(select(undo_steps.c.id, undo_steps.c.old_values, undo_steps.c.new_values)
                             .where(undo_steps.c.table_name == "framework_cells")).all():
        if theirs and any(values and quotes(values, theirs) for values in (step.old_values, step.new_values)):
            conn.execute(delete(undo_steps).where(undo_steps.c.id == step.id))


def _remove_theme_quotes(writer: Writer, words: list[str]) -> None:
    """A theme's central idea, a review's note of what changed and a partner's comment
    (issue 14) lose any text quoting them; the undo copies of those rows go too. Not
    through the Writer's update, whose undo step would keep the old words."""
    from ..store.schema_themes import theme_responses, theme_reviews

    theirs = set().union(*(_shingles(text) for text in words)) if words else set()
    if not theirs:
        return
    conn = writer.conn
    for table, column in ((themes, "summary"), (theme_reviews, "text"), (theme_responses, "reason")):
        quoted = [row.id for row in conn.execute(select(table.c.id, table.c[column])).all()
                  if row[1] and quotes(row[1], theirs)]
        if quoted:
            conn.execute(update(table).where(table.c.id.in_(quoted)).values({column: "[removed: it quoted a withdrawn participant]"}))
            writer.log("theme.withdrawn", table.name, None, {"rows": quoted, "field": column})
        for step in conn.execute(select(undo_steps.c.id, undo_steps.c.old_values, undo_steps.c.new_values)
                                 .where(undo_steps.c.table_name == table.name)).all():
            if any(values and quotes(values, theirs) for values in (step.old_values, step.new_values)):
                conn.execute(delete(undo_steps).where(undo_steps.c.id == step.id))


def _remove_ideas(writer: Writer, segment_ids: list[int], spans, report: WithdrawalReport) -> None:
    ideas = metadata.tables.get("ideas")  # co-production ideas (issue 10), when present
    if ideas is None:
        return
    for row in writer.conn.execute(select(ideas.c.id, ideas.c.segment_id, ideas.c.document_id, ideas.c.start,
                                          ideas.c.end)).all():
        in_span = row.start is not None and any(
            s < (row.end or s) and row.start < e for s, e in spans.get(row.document_id, []))
        if row.segment_id in segment_ids or in_span:
            writer.delete(ideas, row.id, "idea.withdrawn")
            report.ideas_deleted += 1


def _remove_topic_traces(writer: Writer, segment_ids: list[int], words: list[str], report: WithdrawalReport) -> None:
    conn = writer.conn
    if not segment_ids:
        return
    runs = conn.execute(select(topic_assignments.c.run_id, func.count()).where(
        topic_assignments.c.segment_id.in_(segment_ids)).group_by(topic_assignments.c.run_id)).all()
    report.topic_assignments_deleted = conn.execute(delete(topic_assignments).where(
        topic_assignments.c.segment_id.in_(segment_ids))).rowcount
    for run_id, count in runs:
        conn.execute(update(topic_runs).where(topic_runs.c.id == run_id)
                     .values(segment_count=topic_runs.c.segment_count - count))
    their_words = {word for text in words for word in re.findall(r"\w+", text.lower())}
    others = _remaining_words(conn, segment_ids)
    only_theirs = their_words - others
    for row in conn.execute(select(topics.c.id, topics.c.number, topics.c.label, topics.c.keywords,
                                   topics.c.representative_segments)).mappings().all():
        keywords = json.loads(row["keywords"])
        kept = [pair for pair in keywords if not (set(re.findall(r"\w+", str(pair[0]).lower())) & only_theirs)]
        representatives = [sid for sid in json.loads(row["representative_segments"]) if sid not in segment_ids]
        label = row["label"]
        if set(re.findall(r"\w+", label.lower())) & only_theirs:
            label = f"Topic {row['number']} (words of a withdrawn participant removed)"
        if len(kept) != len(keywords) or len(representatives) != len(json.loads(row["representative_segments"])) \
                or label != row["label"]:
            conn.execute(update(topics).where(topics.c.id == row["id"]).values(
                keywords=json.dumps(kept), representative_segments=json.dumps(representatives), label=label))
            report.topic_keywords_dropped += len(keywords) - len(kept)
    report.definitions_scrubbed = _scrub_topic_definitions(conn, only_theirs)
    writer.log("topics.withdrawn", "topics", None, {"runs": [run for run, _ in runs],
                                                    "keywords_dropped": report.topic_keywords_dropped,
                                                    "definitions_scrubbed": report.definitions_scrubbed})


# Definitions the workbench wrote from a topic: a theme's starting one, a promoted code's.
TOPIC_DEFINITIONS = ((themes, "(topic model keywords:"), (codes, "Promoted from the topic '"))


def _scrub_topic_definitions(conn, only_theirs: set[str]) -> int:
    """Words only the withdrawn person used leave the definitions made from topics
    (a theme's keywords, a promoted code's topic label). Not through the Writer's
    update, whose undo step would keep the old words."""
    def scrubbed(text: str) -> str:
        return re.sub(r"\w+", lambda word: "[removed]" if word.group(0).lower() in only_theirs else word.group(0), text)

    changed = 0
    for table, marker in TOPIC_DEFINITIONS:
        for row in conn.execute(select(table.c.id, table.c.definition).where(table.c.definition.contains(marker))).all():
            if (new := scrubbed(row.definition)) != row.definition:
                conn.execute(update(table).where(table.c.id == row.id).values(definition=new))
                changed += 1
    return changed


def _remaining_words(conn, segment_ids: list[int]) -> set[str]:
    """Words in everyone else's segments."""
    words: set[str] = set()
    texts = dict(conn.execute(select(documents.c.id, documents.c.text)).all())
    rows = conn.execute(select(segments.c.document_id, segments.c.start, segments.c.end)
                        .where(segments.c.id.notin_(segment_ids)))
    for document_id, start, end in rows:
        words.update(re.findall(r"\w+", texts[document_id][start:end].lower()))
    return words
