"""The codebook, codings and memos."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from ..coding.codebook import archive_code, merge_codes, move_code, recolour_code, rename_code, set_example
from ..coding.codes import add_code, require_code, update_code
from ..coding.codings import apply_named_code, coding_owner, recode, remove_coding
from ..coding.memos import add_memo, delete_memo, edit_memo, memos_on_document
from ..coding.memos import journal as memo_journal
from ..errors import WorkbenchError
from ..hub.access import NOT_PEOPLE, level_of
from ..hub.ownership import on_a_team, require_own
from ..hub.permissions import require_lead
from ..store.schema import codings, members, memos


class Coding:
    def add_code(self, name: str, parent: str | None = None, definition: str = "", when_to_use: str = "",
                 when_not_to_use: str = "", colour: str | None = None) -> int:
        with self._write() as writer:
            return add_code(writer, name, parent, definition, when_to_use, when_not_to_use, colour)

    def update_code(self, name: str, **changes) -> None:
        with self._write() as writer:
            update_code(writer, require_code(writer.conn, name), **changes)

    def rename_code(self, name: str, new_name: str) -> None:
        with self._write() as writer:
            rename_code(writer, require_code(writer.conn, name), new_name)

    def move_code(self, name: str, parent: str | None) -> None:
        """Put a code under `parent` (None: at the top level)."""
        with self._write() as writer:
            move_code(writer, require_code(writer.conn, name), require_code(writer.conn, parent) if parent else None)

    def merge_codes(self, source: str, target: str) -> int:
        """Merge `source` into `target`: its codings and sub-codes follow; it is archived."""
        with self._write() as writer:
            source_id = require_code(writer.conn, source)
            self._require_lead_for_others(writer, source_id)
            return merge_codes(writer, source_id, require_code(writer.conn, target))

    def recolour_code(self, name: str, colour: str) -> None:
        with self._write() as writer:
            recolour_code(writer, require_code(writer.conn, name), colour)

    def archive_code(self, name: str, archived: bool = True) -> None:
        with self._write() as writer:
            archive_code(writer, require_code(writer.conn, name), archived)

    def set_code_example(self, name: str, coding_id: int | None) -> None:
        """Choose one of the code's codings as its example quote."""
        with self._write() as writer:
            set_example(writer, require_code(writer.conn, name), coding_id)

    def apply_code(self, document: str | int, code: str, start: int, end: int) -> int:
        """Code the span [start, end) of a document (Python string offsets)."""
        with self._write() as writer:
            return apply_named_code(writer, document, code, start, end)

    def remove_coding(self, coding_id: int, own_only: bool = False) -> None:
        """Remove a coding; with `own_only` (and always on a team, unless one is the
        lead), only one made by the acting member."""
        with self._write() as writer:
            self._require_own(writer, coding_id, own_only)
            remove_coding(writer, coding_id)

    def recode(self, coding_id: int, code: str, own_only: bool = False) -> int:
        """Give a coding another code, keeping its span and who made it."""
        with self._write() as writer:
            self._require_own(writer, coding_id, own_only)
            return recode(writer, coding_id, require_code(writer.conn, code))

    @staticmethod
    def _require_own(writer, coding_id: int, own_only: bool = True) -> None:
        """`own_only`: one's own coding only; on a team always, unless one is the lead."""
        owner = coding_owner(writer, coding_id)
        if own_only and owner is not None and owner != writer.member_id:
            raise WorkbenchError("You can only change your own codings; ask the person who made it.")
        require_own(writer.conn, owner, writer.member_id, "codings")

    def _require_lead_for_others(self, writer, code_id: int) -> None:
        """On a team a merge moves other people's codings: the lead's to do."""
        if not on_a_team(writer.conn):
            return
        others = writer.conn.execute(select(codings.c.id).where(
            codings.c.code_id == code_id, codings.c.member_id != writer.member_id,
            codings.c.member_id.not_in(select(members.c.id).where(members.c.role.in_(NOT_PEOPLE)))).limit(1)).first()
        if others is not None:
            require_lead(writer.actor.name, level_of(writer.conn, writer.member_id),
                         "merge a code that holds other people's codings")

    @staticmethod
    def _require_own_memo(writer, memo_id: int) -> None:
        owner = writer.conn.execute(select(memos.c.member_id).where(memos.c.id == memo_id)).scalar()
        require_own(writer.conn, owner, writer.member_id, "memos")

    def add_memo(self, text: str, target_type: str = "project", target_id: int | str | None = None,
                 private: bool = False, memo_type: str = "analytic") -> int:
        """A memo on the project, a document, segment, coding, code or theme (documents,
        codes and themes may be named); `memo_type`: analytic, reflexive, method, meeting."""
        with self._write() as writer:
            return add_memo(writer, text, target_type, target_id, private, memo_type)

    def edit_memo(self, memo: int, text: str | None = None, memo_type: str | None = None,
                  private: bool | None = None) -> None:
        """Change a memo's text, type or privacy (a private memo only by its author)."""
        with self._write() as writer:
            self._require_own_memo(writer, memo)
            edit_memo(writer, memo, text, memo_type, private)

    def delete_memo(self, memo: int) -> None:
        """Delete a memo (on a team one's own only, unless one is the lead)."""
        with self._write() as writer:
            self._require_own_memo(writer, memo)
            delete_memo(writer, memo)

    def journal(self, member: str | None = None) -> pd.DataFrame:
        """A member's reflexive journal (default: yours): their reflexive memos in order."""
        if member is None and self.actor is None:
            raise WorkbenchError("Say whose journal to show, e.g. project.journal('Jo Bennett').")
        return memo_journal(self.store, member or self.actor.name, self._visible_coders())

    def memos_on_document(self, document: str | int) -> pd.DataFrame:
        """The memos on a document, its segments and codings and the codes used in it."""
        return memos_on_document(self.store, self.document_id(document), self._visible_coders())  # blind coding
