"""What a coding panel needs beyond coding: redo of an undo, making a coding longer or
shorter, and finding documents by their words (issue 14)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, literal, select

from ..errors import NoMemberChosen, WorkbenchError
from ..store.schema import DOCUMENT_LENGTH, codings, documents, segments


class CodingEdits:
    def redo(self) -> dict:
        """Take back the current member's own last undo, if they changed nothing since;
        logged, and undoable again. Returns what was redone."""
        from ..store.redo import redo_last

        if self.actor is None:
            raise NoMemberChosen("Say who is redoing first, e.g. project.as_member('Alex Morgan', 'researcher').")
        return self.store.transaction(self.actor, self._within_limits(redo_last), context=self.context)

    def resize_coding(self, coding_id: int, start: int, end: int) -> None:
        """Move a coding's ends to [start, end) (Python character offsets) in its document;
        one's own coding only, unless one is the project's lead. Logged and undoable."""
        lead = self.actor is not None and self.access_level() == "lead"
        with self._write() as writer:
            row = writer.conn.execute(select(codings.c.document_id, codings.c.member_id, codings.c.start, codings.c.end)
                                      .where(codings.c.id == int(coding_id))).first()
            if row is None:
                raise WorkbenchError(f"There is no coding with id {coding_id}; it may have been removed already.")
            if row.member_id != writer.member_id and not lead:
                raise WorkbenchError("You can only change your own codings; ask the person who made it.")
            length = writer.conn.execute(select(DOCUMENT_LENGTH).where(documents.c.id == row.document_id)).scalar()
            start, end = int(start), int(end)
            if not 0 <= start < end <= length:
                raise WorkbenchError(f"A coding must keep some words inside its document: {start}-{end} is not "
                                     f"within 0-{length}, or its start is not before its end.")
            if (start, end) != (row.start, row.end):
                writer.update(codings, int(coding_id), {"start": start, "end": end}, "coding.resize")

    def document_hits(self, words: str) -> pd.DataFrame:
        """Documents whose text holds `words` (the typed words with runs of spaces made
        one; case does not matter, on SQLite for unaccented letters only): document_id,
        document, hits (the parts, e.g. speaker turns, that hold them; a document without
        parts counts once). One query, however many documents."""
        needle = " ".join(str(words).split()).lower()[:200]
        if not needle:
            return pd.DataFrame({"document_id": [], "document": [], "hits": []})
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        part = func.lower(func.substr(documents.c.text, segments.c.start + 1, segments.c.end - segments.c.start))
        in_parts = (select(segments.c.document_id, func.count().label("hits"))
                    .join(documents, documents.c.id == segments.c.document_id)
                    .where(part.like(pattern, escape="\\")).group_by(segments.c.document_id))
        whole = (select(documents.c.id.label("document_id"), literal(1).label("hits"))
                 .where(~select(segments.c.id).where(segments.c.document_id == documents.c.id).exists(),
                        func.lower(documents.c.text).like(pattern, escape="\\")))
        found = in_parts.union_all(whole).subquery()
        query = (select(found.c.document_id, documents.c.name.label("document"), found.c.hits)
                 .join(documents, documents.c.id == found.c.document_id).order_by(found.c.hits.desc(), documents.c.name))
        return self.store.dataframe(query)
