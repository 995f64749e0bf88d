"""Editing one's own codings as a coding panel does: redo of an undo, and making a
coding longer or shorter (issue 14)."""

from __future__ import annotations

from sqlalchemy import func, select

from ..errors import NoMemberChosen, WorkbenchError
from ..store.schema import codings, documents


class CodingEdits:
    def redo(self) -> dict:
        """Take back the current member's own last undo, if they changed nothing since;
        logged, and undoable again. Returns what was redone."""
        from ..store.redo import redo_last

        if self.actor is None:
            raise NoMemberChosen("Say who is redoing first, e.g. project.as_member('Alex Morgan', 'researcher').")
        return self.store.transaction(self.actor, redo_last, context=self.context)

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
            length = writer.conn.execute(select(func.length(documents.c.text)).where(documents.c.id == row.document_id)).scalar()
            start, end = int(start), int(end)
            if not 0 <= start < end <= length:
                raise WorkbenchError(f"A coding must keep some words inside its document: {start}-{end} is not "
                                     f"within 0-{length}, or its start is not before its end.")
            if (start, end) != (row.start, row.end):
                writer.update(codings, int(coding_id), {"start": start, "end": end}, "coding.resize")
