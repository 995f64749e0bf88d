"""How far coders agree, and the agreed version (issue 4)."""

from __future__ import annotations

import pandas as pd

from ..coding.codes import require_code


class Agreement:
    def mark_exclusive(self, group: str, level: str = "nominal", values=None) -> int:
        """Mark the sub-codes of `group` as mutually exclusive values (e.g. sentiment, a
        1-5 scale) measured at `level`: nominal, ordinal, interval or ratio. `values`: the
        sub-codes in order, or {sub-code: number}; by default numeric names are numbers."""
        from ..agreement.groups import mark_exclusive

        with self._write() as writer:
            return mark_exclusive(writer, group, level, values)

    def exclusive_groups(self) -> pd.DataFrame:
        from ..agreement.groups import read_groups

        with self.store.read() as conn:
            groups = read_groups(conn)
        return pd.DataFrame([{"group": g.name, "level": g.level, "code": code, "value": value}
                             for g in groups.values() for code, value in g.values.items()],
                            columns=["group", "level", "code", "value"])

    def unit_table(self, code: str, members=None, documents=None, unit: str = "segment") -> pd.DataFrame:
        """The unit x member table the statistics take for one code or exclusive group."""
        from ..agreement.selection import Selection

        self._refuse_while_blind("compare coders' layers")  # they are hidden from each other (issue 17)
        return Selection(self.store, members, documents, unit).unit_table(code)

    def agreement(self, members=None, documents=None, unit: str = "segment", codes=None,
                  skip_uncoded: bool = True):
        """Inter-coder agreement per code and per pair of members (an `AgreementReport`
        with `.codes`, `.pairs` and `.notes`). Units nobody coded are left out unless
        `skip_uncoded=False`: counted, they read as agreement and make it look higher
        than it is; the report's notes say how many were left out."""
        from ..agreement.selection import Selection

        self._refuse_while_blind("compare coders' layers")  # they are hidden from each other (issue 17)
        return Selection(self.store, members, documents, unit).report(codes, skip_uncoded)

    def disagreements(self, code: str, members=None, documents=None) -> pd.DataFrame:
        """Each segment where members differ about `code`, their codings side by side, with the text."""
        from ..agreement.consensus import disagreements
        from ..agreement.selection import Selection

        self._refuse_while_blind("compare coders' layers")  # they are hidden from each other (issue 17)
        with self.store.read() as conn:
            require_code(conn, code)
        selection = Selection(self.store, members, documents)
        frame = disagreements(selection.tables, code, selection.groups.get(code))
        # each unit's words sliced from its document's text (not every segment's text read)
        from sqlalchemy import select

        from ..store.schema import documents

        names = list(dict.fromkeys(frame["document"]))
        with self.store.read() as conn:
            texts = dict(conn.execute(select(documents.c.name, documents.c.text).where(documents.c.name.in_(names)))
                         .all()) if names else {}
        words = [texts[d][a:b] for d, a, b in zip(frame["document"], frame["start"].astype(int), frame["end"].astype(int))]
        frame.insert(frame.columns.get_loc("end") + 1, "text", pd.Series(words, index=frame.index, dtype=object))
        return frame

    def settlements(self) -> pd.DataFrame:
        """Every agreed version saved: who recorded it, who agreed it, how, and the memo."""
        from ..agreement.consensus import settlements_frame

        return settlements_frame(self.events(), self.documents(), self.codes())

    def settle(self, document: str | int, code: str, *, agreed_by, segment: int | None = None,
               start: int | None = None, end: int | None = None, choose: str | None = None,
               merge: bool = False, value: str | None = None, discussion: str | None = None,
               consensus: str = "Consensus") -> list[int]:
        """Store the agreed version of `code` on one segment (by position) or span in the
        consensus layer: `choose` a member's codings, `merge` everyone's into one span,
        give an exclusive group's `value`, or write a new coding from `start` to `end`
        (document character offsets; with `segment`, inside that segment, and settling
        the segment again replaces it)."""
        from ..agreement.settling import plan_settlement
        from ..agreement.consensus import settle

        self._refuse_while_blind("settle an agreed version from coders' layers")
        with self._write() as writer:
            plan = plan_settlement(writer.conn, self._document_id(writer.conn, document), code, segment, start, end,
                                   choose, merge, value)
            return settle(writer, agreed_by=list(agreed_by), discussion=discussion, consensus=consensus, **plan)
