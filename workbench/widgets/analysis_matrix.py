"""Compare groups: codes (or themes) x any attribute as a table whose every cell opens
its passages. Counts passages, participants or documents, or shares of the group; in
one document set's documents, and with one code set's codes as the rows, if chosen.

One anywidget: this class talks to the project; `static/analysis_matrix.js` draws it.
Every value the page sends is checked here (in Voila a visitor can send anything).
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from ..analysis.matrices import MEASURES
from ..errors import WorkbenchError
from ..project import Project
from .esm import view
from .filters import checked_set, optional_text, set_names
from .requests import answer, text_field

STATIC = Path(__file__).resolve().parent.parent / "static"
PASSAGES_SHOWN = 100
ROW_KINDS = ("codes", "themes")


class AnalysisMatrix(anywidget.AnyWidget):
    _esm = view("filters.js", "analysis_matrix.js")
    _css = STATIC / "workbench.css"

    attributes = traitlets.List(help="Attributes to compare by.").tag(sync=True)
    measures = traitlets.List(list(MEASURES)).tag(sync=True)
    by = traitlets.Unicode("role").tag(sync=True)
    measure = traitlets.Unicode("passages").tag(sync=True)
    row_kind = traitlets.Unicode("codes").tag(sync=True)
    document_sets = traitlets.List(help="Names of document sets to count in.").tag(sync=True)
    document_set = traitlets.Unicode("", help="The document set counted in ('' for all documents).").tag(sync=True)
    code_sets = traitlets.List(help="Names of code sets whose codes can be the rows.").tag(sync=True)
    code_set = traitlets.Unicode("", help="The code set giving the rows ('' for every code).").tag(sync=True)
    row_names = traitlets.List().tag(sync=True)
    column_names = traitlets.List().tag(sync=True)
    values = traitlets.List(help="values[row][column]").tag(sync=True)
    chosen = traitlets.Dict(help="{row, column} of the cell opened.").tag(sync=True)
    passages = traitlets.List(help="[{text, speaker, document, codes}] of the opened cell.").tag(sync=True)
    status = traitlets.Unicode("", help="Announced to screen readers.").tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show.").tag(sync=True)

    def __init__(self, project: Project | str | Path, by: str = "role", measure: str = "passages",
                 rows: str = "codes", **kwargs):
        self.project = project if isinstance(project, Project) else Project.open(project)
        super().__init__(**kwargs)
        names = [c for c in self.project.attributes().columns if c not in ("id", "pseudonym", "consent")]
        self.attributes = ["participant", *names]
        self.document_sets = set_names(self.project, "documents")
        self.code_sets = set_names(self.project, "codes")
        self.show(by, measure, rows)
        self.on_msg(self._on_message)

    def refresh(self) -> None:
        table = self.project.matrix(self.by, self.measure, rows=self.row_kind, document_set=self._set(),
                                    code_set=self._code_set())
        with self.hold_sync():
            self.row_names = [str(name) for name in table.index]
            self.column_names = [str(name) for name in table.columns]
            self.values = [[float(v) for v in row] for row in table.fillna(0).to_numpy()]

    def _set(self) -> str | None:
        return self.document_set if self.document_set in self.document_sets else None  # a visitor can set the trait

    def _code_set(self) -> str | None:
        chosen = self.code_set if self.code_set in self.code_sets else None  # a visitor can set the trait
        return chosen if self.row_kind == "codes" else None

    def show(self, by: str, measure: str, rows: str, document_set: str = "", code_set: str = "") -> None:
        if by not in self.attributes:
            raise WorkbenchError("Choose an attribute from the list.")
        if measure not in MEASURES or rows not in ROW_KINDS:
            raise WorkbenchError("Choose what to count from the list.")
        checked_set(self.document_sets, document_set)
        checked_set(self.code_sets, code_set, "code set")
        if code_set and rows != "codes":
            raise WorkbenchError("A code set gives the rows of codes: choose Codes as the rows, or All codes.")
        self.by, self.measure, self.row_kind = by, measure, rows
        self.document_set, self.code_set = document_set, code_set
        self.chosen, self.passages = {}, []
        self.refresh()
        self.status = (f"{rows.capitalize()} by {by}: {measure}" + (f", in {document_set}" if document_set else "")
                       + (f", codes of {code_set}." if code_set else "."))

    def open_cell(self, row: str, column: str) -> None:
        if row not in self.row_names or column not in self.column_names:
            raise WorkbenchError("That cell is no longer in the table; it has been refreshed.")
        found = self.project.matrix_passages(row, column, by=self.by, rows=self.row_kind, document_set=self._set())
        self.chosen = {"row": row, "column": column}
        self.passages = [{"text": r.text, "speaker": r.speaker if isinstance(r.speaker, str) else "",
                          "document": r.document, "codes": r.codes} for r in found.head(PASSAGES_SHOWN).itertuples()]
        self.status = f"{row}, {column}: {len(found)} passage(s)."

    def _on_message(self, _widget, content, _buffers) -> None:
        answer(self, content, {
            "show": lambda c: self.show(text_field(c, "by"), text_field(c, "measure"), text_field(c, "rows"),
                                        optional_text(c, "document_set"), optional_text(c, "code_set")),
            "open": lambda c: self.open_cell(text_field(c, "row"), text_field(c, "column")),
        })
