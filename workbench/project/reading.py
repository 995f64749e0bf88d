"""Every table a user may want, as a pandas DataFrame."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import bindparam, select

from ..errors import WorkbenchError
from ..store import queries
from ..store.schema import documents


_DOCUMENT_BY_ID = select(documents.c.id).where(documents.c.id == bindparam("key"))  # built once: hot path
_DOCUMENT_BY_NAME = select(documents.c.id).where(documents.c.name == bindparam("key"))


class Reading:
    def _document_id(self, conn, document: str | int) -> int:
        by_id = isinstance(document, int)
        found = conn.execute(_DOCUMENT_BY_ID if by_id else _DOCUMENT_BY_NAME, {"key": document}).scalar()
        if found is None:
            raise WorkbenchError(f"There is no document '{document}' in this project.")
        return found

    def document_id(self, document: str | int) -> int:
        with self.store.read() as conn:
            return self._document_id(conn, document)

    def document_text(self, document: str | int) -> str:
        with self.store.read() as conn:
            return conn.execute(select(documents.c.text).where(documents.c.id == self._document_id(conn, document))).scalar()

    def documents(self) -> pd.DataFrame:
        return queries.documents_frame(self.store)

    def segments(self, document: str | int | None = None) -> pd.DataFrame:
        return queries.segments_frame(self.store, None if document is None else self.document_id(document))

    def participants(self) -> pd.DataFrame:
        return queries.participants_frame(self.store)

    def members(self) -> pd.DataFrame:
        return queries.members_frame(self.store)

    def codes(self) -> pd.DataFrame:
        frame = queries.codes_frame(self.store)
        if self._visible_coders() is not None:  # blind coding: the counts of one's own layer only
            counts = self.coding_counts()
            frame["codings"] = frame["id"].map(dict(zip(counts["code_id"], counts["codings"]))).fillna(0).astype(int)
        return frame

    def codings(self, document: str | int | None = None, code: str | None = None) -> pd.DataFrame:
        """Every coding one may see, or those of one document or one code (by name)."""
        return self._visible_codings(
            queries.codings_frame(self.store, None if document is None else self.document_id(document), code))

    def memos(self, target_type: str | None = None, target: int | str | None = None, *, memo_type: str | None = None,
              author: str | None = None, role: str | None = None, private: bool | None = None) -> pd.DataFrame:
        """Memos, filtered by what they are on, type, author, role or privacy (issue 14)."""
        from ..coding.memos import memos_frame

        return memos_frame(self.store, target_type=target_type, target=target, memo_type=memo_type, author=author,
                           role=role, private=private, coders=self._visible_coders())  # blind: not on others' codings

    def coders(self) -> list[str]:
        """The members who have coded something, in the order they joined (one small
        query: no codings read); during blind coding oneself only."""
        from sqlalchemy import exists, select

        from ..store.schema import codings, members

        query = (select(members.c.name).where(exists().where(codings.c.member_id == members.c.id))
                 .order_by(members.c.id))
        visible = self._visible_coders()
        if visible is not None:
            query = query.where(members.c.id.in_(visible))
        with self.store.read() as conn:
            return list(conn.execute(query).scalars())

    def documents_coded_by(self, member: str) -> set[int]:
        """The ids of the documents `member` has coded (one small query, no text); during
        blind coding none for anyone but oneself."""
        coders = self._visible_coders()
        if coders is not None:
            from ..store.member_names import find_member

            with self.store.read() as conn:
                found = find_member(conn, member)
            if found is None or int(found.id) not in coders:
                return set()
        return queries.documents_coded_by(self.store, member)

    def events(self) -> pd.DataFrame:
        from ..hub.blind import without_others_codings

        return without_others_codings(queries.events_frame(self.store), self._visible_coders())  # blind coding

    def document_codings(self, document: str | int) -> list[dict]:
        """One document's codings as plain rows (id, code, start, end, member, role)."""
        rows = queries.document_codings(self.store, self.document_id(document))
        if self._blind_hides_others():  # blind coding (issue 17): one's own layer only
            rows = [row for row in rows if self.actor is not None and row["member"] == self.actor.name]
        return rows

    def document_participants(self) -> pd.DataFrame:
        """Which participants speak in which document (document_id, participant)."""
        return queries.document_participants(self.store)

    def changes_since(self, event_id: int) -> tuple[int, set[str]]:
        """The newest event id, and what kinds of thing changed after `event_id`."""
        return queries.actions_since(self.store, event_id)

    def last_event_id(self) -> int:
        return queries.last_event_id(self.store)

    def summary(self) -> dict:
        return queries.counts(self.store)
