"""The framework matrix (issue 13): cases x codes or themes, cell summaries written by
the team (logged, undoable), the passages behind each cell, NVivo-style export."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..analysis import framework, matrices
from ..analysis.corpus import Corpus
from ..analysis.export import write_tables
from ..errors import WorkbenchError


class Framework:
    def _framework_input(self, cases: str, targets: str, names, layer, document_set: str | None = None,
                         code_set: str | None = None):
        corpus = self._corpus()  # blind coding: one's own layer (issue 17)
        framework.case_type(cases)
        framework.target_type(targets)
        names = self._code_set_names(corpus, targets, names, code_set)
        groups = matrices.row_groups(corpus, targets, names, self._theme_codes() if targets == "themes" else {})
        members = corpus.layer_members(layer or "everyone", self._acting_name())
        return corpus, groups, matrices.passages(corpus, groups, members, self._scope(corpus, None, document_set))

    def framework(self, cases: str = "participants", targets: str = "codes", names: list[str] | None = None,
                  layer: str | None = None, *, document_set: str | None = None,
                  code_set: str | None = None) -> pd.DataFrame:
        """Cases (participants by pseudonym, or documents) x codes (or themes): each
        cell's summary, "nothing said" where the case has no passage, "" where it has
        passages but no summary yet. `document_set` counts only that set's documents'
        passages; `code_set` gives the columns."""
        corpus, groups, found = self._framework_input(cases, targets, names, layer, document_set, code_set)
        with self.store.read() as conn:
            cells = framework.cells_frame(conn, framework.case_type(cases), framework.target_type(targets))
        table = framework.matrix(corpus, found, cells, cases, list(groups))
        if document_set:  # the cases in the set's documents only
            column = "participant" if framework.case_type(cases) == "participant" else "document"
            present = set(corpus.segments.loc[self._scope(corpus, None, document_set), column].dropna())
            table = table[table.index.isin(present)]
        return table

    def framework_cells(self, cases: str | None = None, targets: str | None = None) -> pd.DataFrame:
        """Every written cell: case, code or theme, summary, who wrote it (and their
        role), when, and the passages it rests on ([document id, start, end], ...)."""
        with self.store.read() as conn:
            return framework.cells_frame(conn, cases and framework.case_type(cases),
                                         targets and framework.target_type(targets))

    def _cell_ids(self, corpus: Corpus, case: str, target: str, cases: str, targets: str) -> tuple[int, int, str]:
        people = framework.case_names(corpus, cases)
        found = people.loc[people["name"].str.casefold() == str(case).strip().casefold(), "id"]
        if found.empty:
            raise WorkbenchError(f"There is no {framework.case_type(cases)} '{case}' among the framework's cases.")
        if targets == "codes":
            target_id = corpus.code_id(target)
            label = str(corpus.codes.set_index("id").loc[target_id, "name"])
        else:
            from sqlalchemy import select

            from ..store.schema import themes

            with self.store.read() as conn:
                target_id = conn.execute(select(themes.c.id).where(themes.c.name == target)).scalar()
            if target_id is None:
                raise WorkbenchError(f"There is no theme '{target}'; see project.themes().")
            label = target
        return int(found.iloc[0]), int(target_id), label

    def write_framework_cell(self, case: str, target: str, text: str, *, cases: str = "participants",
                             targets: str = "codes", passages: list | None = None, layer: str | None = None,
                             document_set: str | None = None) -> int:
        """Write the summary of one cell; it rests on the cell's passages (those in
        `document_set`'s documents, if given; or the spans given: [[document id, start,
        end], ...]). Logged, credited, undoable."""
        corpus, groups, found = self._framework_input(cases, targets, None if targets == "themes" else [target],
                                                      layer, document_set)
        case_id, target_id, label = self._cell_ids(corpus, case, target, cases, targets)
        if passages is None:
            passages = framework.passage_spans(corpus, found, cases, case_id, label)
        with self._write() as writer:
            return framework.write_cell(writer, framework.case_type(cases), case_id, framework.target_type(targets),
                                        target_id, text, [[int(v) for v in span] for span in passages])

    def framework_passages(self, case: str, target: str, *, cases: str = "participants", targets: str = "codes",
                           layer: str | None = None, document_set: str | None = None) -> pd.DataFrame:
        """The passages of one cell (in `document_set`'s documents, if given), to read
        beside it while writing the summary."""
        where = {"participant": case} if framework.case_type(cases) == "participant" else None
        documents = [case] if where is None else None
        if targets == "themes":
            return self.matrix_passages(target, rows="themes", where=where, layer=layer, document_set=document_set) \
                if where else self.matrix_passages(target, rows="themes", document=case, layer=layer,
                                                   document_set=document_set)
        return self.retrieve('"' + target.replace('"', '\\"') + '"', where=where, documents=documents, layer=layer,
                             document_set=document_set)

    def export_framework(self, path: str | Path, cases: str = "participants", targets: str = "codes",
                         layer: str | None = None) -> Path:
        """Excel with one sheet per theme (cases as rows, the theme's codes as columns;
        codes in no theme on "Other codes"), or Word with a table per theme."""
        table = self.framework(cases, targets, layer=layer)
        code_names = dict(zip(self.codes()["id"], self.codes()["name"]))
        code_themes = {theme: [code_names[i] for i in ids] for theme, ids in self._theme_codes().items()}
        layout = framework.theme_layout(table, targets, code_themes)
        written = write_tables(framework.sheets(table, layout), path, "Framework matrix")
        self.record_artefact("export", written)
        return written
