"""The framework matrix: cases x codes (or themes). Move between cells with the arrow
keys, press Enter to write the cell's summary with its passages shown beside it, and
Save (or Ctrl+Enter); each summary is credited to the member, logged and undoable. A
code set, if chosen, gives the columns.

One anywidget: this class talks to the project; `static/framework_matrix.js` draws it.
Every value the page sends is checked here (in Voila a visitor can send anything).
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from ..analysis.framework import NOTHING_SAID
from ..errors import WorkbenchError
from ..project import Project
from .esm import view
from .filters import checked_set, optional_text, set_names
from .people import MemberTraits, require_member
from .requests import answer, short, text_field

STATIC = Path(__file__).resolve().parent.parent / "static"
SUMMARY_LIMIT = 5000
PASSAGES_SHOWN = 50


class FrameworkMatrix(MemberTraits, anywidget.AnyWidget):
    _esm = view("filters.js", "grid_cells.js", "framework_matrix.js")
    _css = STATIC / "workbench.css"

    cases = traitlets.List(help="Row names: participants' pseudonyms or documents.").tag(sync=True)
    targets = traitlets.List(help="Column names: codes or themes.").tag(sync=True)
    cells = traitlets.List(help="cells[row][column]: the summary, 'nothing said' or ''.").tag(sync=True)
    nothing_said = traitlets.Unicode(NOTHING_SAID).tag(sync=True)
    code_sets = traitlets.List(help="Names of code sets whose codes can be the columns.").tag(sync=True)
    code_set = traitlets.Unicode("", help="The code set giving the columns ('' for every code).").tag(sync=True)
    document_sets = traitlets.List(help="Names of document sets to keep the matrix to.").tag(sync=True)
    document_set = traitlets.Unicode("", help="The document set the matrix keeps to ('' for all).").tag(sync=True)
    chosen = traitlets.Dict(help="{case, target} of the cell being written.").tag(sync=True)
    passages = traitlets.List(help="[{text, speaker, document}] of the chosen cell.").tag(sync=True)
    status = traitlets.Unicode("", help="Announced to screen readers.").tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show.").tag(sync=True)

    def __init__(self, project: Project | str | Path, member: str, role: str = "researcher",
                 cases: str = "participants", targets: str = "codes", **kwargs):
        member = require_member(member, role, "FrameworkMatrix(project, member='Your Name', role='researcher')")
        opened = project if isinstance(project, Project) else Project.open(project)
        self.project = opened.as_member(member, role)
        self.case_kind, self.target_kind = cases, targets
        super().__init__(member_name=member, member_role=role, **kwargs)
        self.refresh()
        self.on_msg(self._on_message)

    def refresh(self) -> None:
        names = set_names(self.project, "codes") if self.target_kind == "codes" else []
        document_sets = set_names(self.project, "documents")
        chosen = self.code_set if self.code_set in names else None  # a visitor can set the traits
        table = self.project.framework(self.case_kind, self.target_kind, code_set=chosen,
                                       document_set=self._document_set(document_sets))
        with self.hold_sync():
            self.code_sets, self.document_sets = names, document_sets
            self.cases = [str(name) for name in table.index]
            self.targets = [str(name) for name in table.columns]
            self.cells = [[str(value) for value in row] for row in table.to_numpy()]

    def _document_set(self, names: list[str] | None = None) -> str | None:
        return self.document_set if self.document_set in (self.document_sets if names is None else names) else None

    def show(self, code_set: str, document_set: str = "") -> None:
        """The columns: the codes of `code_set`, or every code (""); the cases and their
        passages: those in `document_set`'s documents, or every document ("")."""
        checked_set(self.code_sets, code_set, "code set")
        checked_set(self.document_sets, document_set)
        self.code_set, self.document_set, self.chosen, self.passages = code_set, document_set, {}, []
        self.refresh()
        columns = f"the codes of {code_set}" if code_set else "every code"
        self.status = f"Showing {columns}" + (f", in the documents of {document_set}." if document_set else ".")

    def _check(self, case: str, target: str) -> None:
        if case not in self.cases or target not in self.targets:
            raise WorkbenchError("That cell is no longer in the matrix; it has been refreshed.")

    def choose(self, case: str, target: str) -> None:
        self._check(case, target)
        found = self.project.framework_passages(case, target, cases=self.case_kind, targets=self.target_kind,
                                                document_set=self._document_set())
        self.chosen = {"case": case, "target": target}
        self.passages = [{"text": r.text, "speaker": r.speaker if isinstance(r.speaker, str) else "",
                          "document": r.document} for r in found.head(PASSAGES_SHOWN).itertuples()]
        self.status = f"{case}, {target}: {len(found)} passage(s)."

    def write(self, case: str, target: str, text: str) -> None:
        self._check(case, target)
        if len(text) > SUMMARY_LIMIT:
            raise WorkbenchError(f"Keep a summary under {SUMMARY_LIMIT:,} characters; this has {len(text):,}.")
        self.project.write_framework_cell(case, target, text, cases=self.case_kind, targets=self.target_kind,
                                          document_set=self._document_set())
        self.status = f"Saved the summary for {case}, {target}: “{short(text)}”."

    def _on_message(self, _widget, content, _buffers) -> None:
        answer(self, content, {
            "show": lambda c: self.show(optional_text(c, "code_set"), optional_text(c, "document_set")),
            "choose": lambda c: self.choose(text_field(c, "case"), text_field(c, "target")),
            "write": lambda c: self.write(text_field(c, "case"), text_field(c, "target"), text_field(c, "text")),
        })
