"""Participants' or documents' attributes as a table to edit by keyboard: arrow keys
move between cells, Enter (or F2) edits one, Enter saves and Escape cancels; an empty
value removes it. A new attribute column can be added, and Undo takes back one's last
change. Long lists come a page at a time.

Every edit goes through the project, credited to the member (on a team server the
signed-in one), logged one event per cell and undoable. One anywidget: this class
talks to the project; `static/attributes_table.js` draws it. Every value the page
sends is checked here (in Voila a visitor can send anything).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import anywidget
import traitlets

from ..analysis.attributes import FIXED, KINDS
from ..errors import WorkbenchError
from ..project import Project
from .esm import view
from .people import MemberTraits, require_member
from .requests import answer, short, text_field, whole_field

STATIC = Path(__file__).resolve().parent.parent / "static"
PAGE_SIZE = 50
VALUE_LIMIT = 500
NAME_LIMIT = 60
KEY_LABELS = {"participants": "Pseudonym", "documents": "Document"}
# control characters break SQLite's length() and LIKE; bidi overrides reorder what is shown
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _shown(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class AttributesTable(MemberTraits, anywidget.AnyWidget):
    _esm = view("grid_cells.js", "attributes_table.js")
    _css = STATIC / "workbench.css"

    kind = traitlets.Unicode("participants", help="Whose attributes: participants or documents.").tag(sync=True)
    key_label = traitlets.Unicode("Pseudonym", help="The heading of the names' column.").tag(sync=True)
    columns = traitlets.List(help="The attributes, one column each.").tag(sync=True)
    rows = traitlets.List(help="[{name, values}] of the page shown: values in the order of columns.").tag(sync=True)
    page = traitlets.Int(0, help="The page shown, from 0.").tag(sync=True)
    pages = traitlets.Int(1, help="How many pages.").tag(sync=True)
    total = traitlets.Int(0, help="How many participants (or documents).").tag(sync=True)
    status = traitlets.Unicode("", help="Announced to screen readers.").tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show.").tag(sync=True)

    def __init__(self, project: Project | str | Path, member: str = "", role: str = "researcher",
                 of: str = "participants", **kwargs):
        member = require_member(member, role, "AttributesTable(project, member='Your Name', role='researcher')")
        self.project = project if isinstance(project, Project) else Project.open(project)
        if of not in KINDS:
            raise WorkbenchError(f"Attributes belong to participants or documents, not '{of}'.")
        super().__init__(member_name=member, member_role=role, kind=of, key_label=KEY_LABELS[of], **kwargs)
        self.refresh()
        self.on_msg(self._on_message)

    @traitlets.validate("kind")
    def _valid_kind(self, proposal):
        if proposal["value"] not in KINDS:
            raise traitlets.TraitError("Attributes belong to participants or documents.")
        return proposal["value"]

    @traitlets.validate("page")
    def _valid_page(self, proposal):
        if proposal["value"] < 0:
            raise traitlets.TraitError("Pages count from 0.")
        return proposal["value"]

    def _acting(self) -> Project:
        return self.project.acting_as(self.member_name, self.member_role)

    def refresh(self) -> None:
        table = self.project.attributes(self.kind)
        key = KINDS[self.kind][1]
        columns = [c for c in table.columns if c not in FIXED[self.kind]]
        pages = max(1, math.ceil(len(table) / PAGE_SIZE))
        page = min(self.page, pages - 1)
        shown = table.iloc[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
        # what the page was given, kept here: a visitor can set the synced copies
        self._names = {str(name) for name in shown[key]}
        self._columns = {str(c) for c in columns}
        with self.hold_sync():
            self.columns = [str(c) for c in columns]
            self.rows = [{"name": str(name), "values": [_shown(v) for v in values]}
                         for name, values in zip(shown[key], shown[columns].to_numpy().tolist())]
            self.total, self.pages, self.page = len(table), pages, page

    def show(self, kind: str) -> None:
        if kind not in KINDS:
            raise WorkbenchError("Choose participants or documents.")
        self.kind, self.key_label, self.page = kind, KEY_LABELS[kind], 0
        self.status = f"The attributes of the {kind}."

    def go_to(self, page: int) -> None:
        if not 0 <= page < self.pages:
            raise WorkbenchError(f"There are {self.pages} page(s); choose one of them.")
        self.page = page
        self.status = f"Page {page + 1} of {self.pages}."

    def edit(self, name: str, attribute: str, value: str) -> None:
        """Set one cell of a row the page was given; an empty value removes it."""
        if name not in self._names or attribute not in self._columns:
            raise WorkbenchError("That cell is no longer in the table; it has been refreshed.")
        value = value.strip()
        if len(value) > VALUE_LIMIT:
            raise WorkbenchError(f"Keep a value under {VALUE_LIMIT} characters; this has {len(value)}.")
        if _UNSAFE.search(value):
            raise WorkbenchError("A value cannot hold control or text-direction characters; type it again.")
        changed = self._acting().set_attributes({name: {attribute: value or None}}, of=self.kind)
        if not changed:
            self.status = f"{name}: {attribute} was already “{short(value)}”."
        elif value:
            self.status = f"Saved {attribute} of {name}: “{short(value)}”."
        else:
            self.status = f"Removed {attribute} of {name}."

    def add_column(self, attribute: str) -> None:
        attribute = " ".join(attribute.split())
        if not attribute:
            raise WorkbenchError("Name the new attribute, e.g. site.")
        if len(attribute) > NAME_LIMIT or _UNSAFE.search(attribute):
            raise WorkbenchError(f"Name the attribute in under {NAME_LIMIT} plain characters.")
        if attribute.casefold() in {c.casefold() for c in [*self._columns, *FIXED[self.kind], KINDS[self.kind][1]]}:
            raise WorkbenchError(f"There is a column called “{short(attribute)}” already; choose another name.")
        self._acting().add_attribute(attribute, of=self.kind)
        self.status = f"Added the column “{short(attribute)}”; its cells are empty."

    def undo(self) -> None:
        """Take back your own last change (an edit, a new column, an import: all its
        cells), refused plainly when someone has changed the same rows since."""
        actions = self._acting().undo()["actions"]
        kinds = ", ".join(dict.fromkeys(a.removesuffix(".undo").removesuffix(".redo").replace(".", " ")
                                        for a in actions))
        self.status = f"Undone: {len(actions)} change(s) ({kinds})."

    def _on_message(self, _widget, content, _buffers) -> None:
        answer(self, content, {
            "edit": lambda c: self.edit(text_field(c, "name"), text_field(c, "attribute"), text_field(c, "value")),
            "add_column": lambda c: self.add_column(text_field(c, "attribute")),
            "page": lambda c: self.go_to(whole_field(c, "page")),
            "show": lambda c: self.show(text_field(c, "kind")),
            "undo": lambda c: self.undo(),
        })
