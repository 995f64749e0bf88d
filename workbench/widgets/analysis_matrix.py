"""Compare groups: codes (or themes) x any attribute as a table whose every cell opens
its passages. Counts passages, participants or documents, or shares of the group.

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
from .requests import answer, text_field

STATIC = Path(__file__).resolve().parent.parent / "static"
PASSAGES_SHOWN = 100
ROW_KINDS = ("codes", "themes")


class AnalysisMatrix(anywidget.AnyWidget):
    _esm = view("analysis_matrix.js")
    _css = STATIC / "workbench.css"

    attributes = traitlets.List(help="Attributes to compare by.").tag(sync=True)
    measures = traitlets.List(list(MEASURES)).tag(sync=True)
    by = traitlets.Unicode("role").tag(sync=True)
    measure = traitlets.Unicode("passages").tag(sync=True)
    row_kind = traitlets.Unicode("codes").tag(sync=True)
    document_sets = traitlets.List(help="Names of document sets to count in.").tag(sync=True)
    document_set = traitlets.Unicode("", help="The document set counted in ('' for all documents).").tag(sync=True)
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
        sets = self.project.sets()
        self.document_sets = sets.loc[sets["kind"] == "documents", "name"].tolist()
        self.show(by, measure, rows)
        self.on_msg(self._on_message)

    def refresh(self) -> None:
        table = self.project.matrix(self.by, self.measure, rows=self.row_kind, document_set=self._set())
        with self.hold_sync():
            self.row_names = [str(name) for name in table.index]
            self.column_names = [str(name) for name in table.columns]
            self.values = [[float(v) for v in row] for row in table.fillna(0).to_numpy()]

    def _set(self) -> str | None:
        return self.document_set if self.document_set in self.document_sets else None  # a visitor can set the trait

    def show(self, by: str, measure: str, rows: str, document_set: str = "") -> None:
        if by not in self.attributes:
            raise WorkbenchError("Choose an attribute from the list.")
        if measure not in MEASURES or rows not in ROW_KINDS:
            raise WorkbenchError("Choose what to count from the list.")
        if document_set and document_set not in self.document_sets:
            raise WorkbenchError("Choose a document set from the list.")
        self.by, self.measure, self.row_kind, self.document_set = by, measure, rows, document_set
        self.chosen, self.passages = {}, []
        self.refresh()
        self.status = f"{rows.capitalize()} by {by}: {measure}" + (f", in {document_set}." if document_set else ".")

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
                                        _optional_text(c, "document_set")),
            "open": lambda c: self.open_cell(text_field(c, "row"), text_field(c, "column")),
        })


def _optional_text(content: dict, key: str) -> str:
    """A string the page may leave out (""), or a malformed request."""
    value = content.get(key, "")
    if not isinstance(value, str):
        raise TypeError(key)
    return value
