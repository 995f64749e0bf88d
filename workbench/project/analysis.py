"""The analysis workspace (issue 13): retrieval, saved queries, sets, text search,
matrices and the framework matrix. Every answer is a DataFrame."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..analysis import attributes, sets as set_store
from ..analysis.corpus import Corpus
from ..analysis.export import write_tables
from ..analysis.query import Query
from ..analysis.retrieve import retrieve

PASSAGE_EXPORT = {"document": "Document", "speaker": "Speaker", "time": "Time", "codes": "Codes",
                  "coders": "Coded by", "text": "Coded words", "turn": "Whole turn"}


class Analysis:
    def _acting_name(self) -> str | None:
        return self.actor.name if self.actor else None

    def _set_resolver(self) -> set_store.SetResolver:
        return set_store.SetResolver(self.store, lambda query: self.retrieve(query))

    # -- retrieval -------------------------------------------------------------------
    def retrieve(self, query: Query | dict | str | None = None, *, where: dict | None = None,
                 documents: list[str] | None = None, document_set: str | None = None,
                 layer: str | None = None, subcodes: bool | None = None) -> pd.DataFrame:
        """The passages a query finds: coded words, the whole turn, speaker (pseudonym),
        their attributes, time, document, codes and coders. `query` is an expression
        ("Named contact AND Medicines"; see `workbench.analysis.query`), a dict, a
        `Query`, or the name of a saved query given as `project.saved_query(name)`.
        A code includes its sub-codes; `=Code` in the expression, or `subcodes=False`
        for every code, means the code alone."""
        query = Query.coerce(query, where=where, documents=documents, document_set=document_set, layer=layer,
                             subcodes=subcodes)
        corpus = self._corpus()  # blind coding: one's own layer (issue 17)
        return retrieve(corpus, query, self._acting_name(), self._set_resolver())

    def save_query(self, name: str, query: Query | dict | str, **parts) -> int:
        """Keep a query under a name; `parts` (where=, layer=, ...) are set on it."""
        with self._write() as writer:
            return set_store.save_query(writer, name, Query.coerce(query, **parts))

    def saved_query(self, name: str) -> Query:
        with self.store.read() as conn:
            return set_store.saved_query(conn, name)

    def saved_queries(self) -> pd.DataFrame:
        return set_store.saved_queries_frame(self.store)

    def export_passages(self, passages: pd.DataFrame, path: str | Path, title: str = "Passages") -> Path:
        """A retrieval result to Word, Excel or CSV (by the file's ending)."""
        columns = [c for c in ("document", "speaker") if c in passages]
        extra = [c for c in passages.columns if c not in PASSAGE_EXPORT and c not in
                 ("document_id", "segment_id", "position", "start", "end")]
        columns += extra + [c for c in ("time", "codes", "coders", "text", "turn") if c in passages]
        table = passages[columns].rename(columns={**PASSAGE_EXPORT, **{c: c.replace("_", " ").capitalize()
                                                                          for c in extra}})
        written = write_tables({title: table}, path, title)
        self.record_artefact("export", written)  # it holds participants' words (issue 9)
        return written

    # -- sets ------------------------------------------------------------------------
    def add_document_set(self, name: str, documents: list[str] | None = None, query=None,
                         description: str = "") -> int:
        """A named set of documents: a list of names, or a query whose passages give them."""
        with self._write() as writer:
            return set_store.add_set(writer, name, "documents", documents,
                                     None if query is None else Query.coerce(query), description)

    def add_code_set(self, name: str, codes: list[str] | None = None, query=None, description: str = "") -> int:
        """A named set of codes (use it in a query as set:NAME)."""
        with self._write() as writer:
            return set_store.add_set(writer, name, "codes", codes, None if query is None else Query.coerce(query),
                                     description)

    def remove_set(self, name: str, kind: str = "documents") -> None:
        with self._write() as writer:
            set_store.remove_set(writer, name, kind)

    def sets(self) -> pd.DataFrame:
        return set_store.sets_frame(self.store)

    def set_members(self, name: str, kind: str = "documents") -> pd.DataFrame:
        return set_store.set_members_frame(self.store, name, kind, self._set_resolver())

    # -- attributes ------------------------------------------------------------------
    def attributes(self, of: str = "participants") -> pd.DataFrame:
        """Participants' (or documents') attributes, one column each: edit and give back
        to `set_attributes`."""
        with self.store.read() as conn:
            return attributes.attributes_frame(conn, of)

    def set_attributes(self, changes: dict | pd.DataFrame, of: str = "participants") -> int:
        """{"Rose": {"site": "North"}} or an edited `attributes()` table; None removes
        a value. One logged transaction; returns how many rows changed."""
        with self._write() as writer:
            return attributes.set_attributes(writer, of, changes)

    def add_attribute(self, name: str, of: str = "participants", default="") -> int:
        with self._write() as writer:
            return attributes.add_attribute(writer, of, name, default)

    def import_attributes(self, path: str | Path, of: str = "participants") -> dict:
        """More attributes from a CSV or .xlsx file: a column naming the participant
        (pseudonym) or document, one column per attribute; empty cells keep what was
        there. All rows in one logged transaction, or none (see
        `workbench.analysis.attributes_import`). Returns rows read and changed."""
        from ..analysis.attributes_import import import_attributes
        from .helpers import read_user_file

        path = Path(path)
        data = read_user_file(path, "one CSV file")
        with self._write() as writer:
            return import_attributes(writer, of, data, path.name)

    def coding_counts(self) -> pd.DataFrame:
        """code_id, codings: how many codings each code has, in one grouped count (what
        the codebook editor polls to keep its counts current); during blind coding, of
        one's own layer only."""
        from sqlalchemy import func, select

        from ..store.schema import codings

        query = select(codings.c.code_id, func.count().label("codings"))
        coders = self._visible_coders()
        if coders is not None:
            query = query.where(codings.c.member_id.in_(coders))
        return self.store.dataframe(query.group_by(codings.c.code_id).order_by(codings.c.code_id))

    # -- text search -----------------------------------------------------------------
    def search(self, pattern: str, mode: str = "phrase", *, case_sensitive: bool = False,
               accent_sensitive: bool = False, where: dict | None = None, documents: list[str] | None = None,
               document_set: str | None = None, context: int = 40) -> pd.DataFrame:
        """Every place the words occur, keyword in context (left, hit, right), with
        speaker, time and document. `mode`: "phrase", "whole word", "words" (any of
        them) or "regex"; case and accents do not matter unless asked."""
        from ..analysis.search import search

        document_ids = None
        if documents or document_set:
            document_ids = self._set_resolver().documents(Query(documents=list(documents or []),
                                                                document_set=document_set))
        return search(Corpus.of(self.store), pattern, mode, case_sensitive, accent_sensitive, where, document_ids,
                      context)

    def code_hits(self, hits: pd.DataFrame, code: str, rows=None) -> list[int]:
        """Code search hits (all of them, or the index labels in `rows`, e.g. the ticked
        ones) with `code`, in one logged step the acting member can undo."""
        from ..coding.bulk import apply_many
        from ..coding.codes import require_code

        chosen = hits if rows is None else hits.loc[list(rows)]
        if chosen.empty:
            return []
        with self._write() as writer:
            code_id = require_code(writer.conn, code)
            frame = chosen[["document_id", "start", "end"]].astype("int64").assign(code_id=code_id)
            return apply_many(writer, frame)

    # -- matrices --------------------------------------------------------------------
    def _matrix_input(self, rows: str, names, layer: str | None, where: dict | None, document_set: str | None = None,
                      code_set: str | None = None):
        from ..analysis import matrices

        corpus = self._corpus()  # blind coding: one's own layer (issue 17)
        names = self._code_set_names(corpus, rows, names, code_set)
        groups = matrices.row_groups(corpus, rows, names, self._theme_codes() if rows == "themes" else {})
        members = corpus.layer_members(layer or "everyone", self._acting_name())
        return corpus, groups, matrices.passages(corpus, groups, members, self._scope(corpus, where, document_set))

    def _scope(self, corpus, where: dict | None, document_set: str | None):
        """The turns in scope (a mask), or None for all: an attribute filter and a document set."""
        if not where and not document_set:
            return None
        document_ids = self._set_resolver().documents(Query(document_set=document_set)) if document_set else None
        return corpus.scope_mask(where or {}, document_ids)

    def _code_set_names(self, corpus, rows: str, names, code_set: str | None):
        """The codes of a code set (in the codebook's order) as the matrix's rows."""
        if code_set is None:
            return names
        from ..errors import WorkbenchError

        if rows != "codes" or names is not None:
            raise WorkbenchError("A code set gives the rows of a codes matrix: leave out codes= and rows=.")
        ids = self._set_resolver().codes(code_set)
        return [name for code_id, name in zip(corpus.codes["id"], corpus.codes["name"]) if code_id in ids]

    def _theme_codes(self) -> dict[str, list[int]]:
        from sqlalchemy import select

        from ..store.schema import theme_codes, themes

        with self.store.read() as conn:
            rows = conn.execute(select(themes.c.name, theme_codes.c.code_id)
                                .join(theme_codes, theme_codes.c.theme_id == themes.c.id)
                                .order_by(themes.c.id, theme_codes.c.id)).all()
        grouped: dict[str, list[int]] = {}
        for name, code_id in rows:
            grouped.setdefault(name, []).append(int(code_id))
        return grouped

    def matrix_table(self, by: str, *, rows: str = "codes", codes: list[str] | None = None,
                     layer: str | None = None, where: dict | None = None, document_set: str | None = None,
                     code_set: str | None = None) -> pd.DataFrame:
        """Codes (or themes, rows="themes") x the values of any attribute `by`, long:
        passages, participants, documents, share of the group and the group's size.
        `document_set` keeps that set's documents; `code_set` gives the rows."""
        from ..analysis import matrices

        corpus, groups, found = self._matrix_input(rows, codes, layer, where, document_set, code_set)
        return matrices.by_attribute(corpus, found, by, list(groups))

    def matrix(self, by: str, measure: str = "passages", *, rows: str = "codes", codes: list[str] | None = None,
               layer: str | None = None, where: dict | None = None, document_set: str | None = None,
               code_set: str | None = None) -> pd.DataFrame:
        """Codes (or themes) x the values of `by` (role, site, any attribute; also
        participant or document): `measure` is passages, participants, documents or
        share (participants with it / participants in the group)."""
        from ..analysis import matrices

        long = self.matrix_table(by, rows=rows, codes=codes, layer=layer, where=where, document_set=document_set,
                                 code_set=code_set)
        return matrices.pivot(long, measure, list(dict.fromkeys(long["row"])))

    def co_occurrence(self, how: str = "same segment", *, rows: str = "codes", codes: list[str] | None = None,
                      layer: str | None = None, where: dict | None = None, document_set: str | None = None,
                      code_set: str | None = None) -> pd.DataFrame:
        """Code x code: how often two codes are in the same turn, or overlap."""
        from ..analysis import matrices

        corpus, groups, found = self._matrix_input(rows, codes, layer, where, document_set, code_set)
        return matrices.co_occurrence(corpus, found, list(groups), how)

    def code_document_matrix(self, *, rows: str = "codes", codes: list[str] | None = None,
                             layer: str | None = None, where: dict | None = None, document_set: str | None = None,
                             code_set: str | None = None) -> pd.DataFrame:
        """Code x document: passages in each document."""
        from ..analysis import matrices

        corpus, groups, found = self._matrix_input(rows, codes, layer, where, document_set, code_set)
        table = matrices.by_document(corpus, found, list(groups))
        if document_set:  # the set's documents only
            present = set(corpus.segments.loc[self._scope(corpus, None, document_set), "document"])
            table = table[[c for c in table.columns if c in present]]
        return table

    def matrix_passages(self, row: str, value=None, *, by: str | None = None, document: str | None = None,
                        with_code: str | None = None, how: str = "same segment", rows: str = "codes",
                        layer: str | None = None, where: dict | None = None,
                        document_set: str | None = None) -> pd.DataFrame:
        """The passages behind one matrix cell (drill-down): `row` (a code or theme) with
        `by`=`value`, or in `document`, or together with `with_code` (`how`)."""
        names = self._theme_codes()[row] if rows == "themes" and row in self._theme_codes() else None
        if names is not None:
            code_names = dict(zip(self.codes()["id"], self.codes()["name"]))
            expression = " OR ".join("=" + _quoted(code_names[i]) for i in names)  # a theme's own codes
        else:  # a code row counts the code with its sub-codes, as a query does
            expression = _quoted(row)
        if with_code is not None:
            operator = {"same segment": "SAME SEGMENT", "overlapping": "OVERLAPPING"}.get(how)
            if operator is None:
                from ..errors import WorkbenchError

                raise WorkbenchError(f"Codes go together in the 'same segment' or 'overlapping', not '{how}'.")
            expression = f"({expression}) {operator} {_quoted(with_code)}"
        scope = dict(where or {})
        if by is not None:
            scope[by] = value
        return self.retrieve(expression, where=scope or None, documents=[document] if document else None,
                             document_set=document_set, layer=layer)


def _quoted(name: str) -> str:
    return '"' + str(name).replace('"', '\\"') + '"'
