"""A workshop's sticky-note board as a board: one column per cluster, each note a card
with its author, colour and codes. A note is coded like any text (here the whole
note at once; the coding panel codes part of one), and can be saved as an idea.

One anywidget: this class talks to the project; `static/sticky_board.js` draws it.
Every value the browser sends is checked here (in Voila a visitor can send anything).
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from ..errors import WorkbenchError
from ..project import Project
from .esm import view
from .people import MemberTraits, require_member
from .requests import answer, short, whole_field

STATIC = Path(__file__).resolve().parent.parent / "static"


class StickyBoard(MemberTraits, anywidget.AnyWidget):
    _esm = view("sticky_board.js")
    _css = STATIC / "workbench.css"

    document = traitlets.Unicode(help="The board's document name.").tag(sync=True)
    clusters = traitlets.List(help="[{name, notes: [{id, text, author, colour, codes}]}] in board order.").tag(sync=True)
    codes = traitlets.List(help="[{id, name}] codes that can be put on a note.").tag(sync=True)
    status = traitlets.Unicode("", help="Announced to screen readers.").tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show.").tag(sync=True)

    def __init__(self, project: Project | str | Path, document: str, member: str, role: str = "researcher", **kwargs):
        member = require_member(member, role, "StickyBoard(project, 'board', member='Your Name')")
        opened = project if isinstance(project, Project) else Project.open(project)
        kinds = opened.documents().set_index("name")["kind"]
        if kinds.get(document) != "workshop board":
            boards = ", ".join(kinds[kinds == "workshop board"].index) or "none yet"
            raise WorkbenchError(f"'{document}' is not a sticky-note board; the boards are: {boards}.")
        self.project = opened.as_member(member, role)
        super().__init__(member_name=member, member_role=role, document=document, **kwargs)
        self.refresh()
        self.on_msg(self._on_message)

    def refresh(self) -> None:
        board = self.project.board(self.document)
        codes = self.project.codes()
        with self.hold_sync():
            self.codes = [{"id": int(c.id), "name": c.name} for c in codes.itertuples() if not c.archived]
            self.clusters = [{"name": cluster, "notes": [
                {"id": int(n.segment_id), "text": n.text, "author": n.author, "colour": n.colour, "codes": list(n.codes)}
                for n in notes.itertuples()]} for cluster, notes in board.groupby("cluster", sort=False)]

    def _note(self, note_id: int) -> dict:
        for cluster in self.clusters:
            for note in cluster["notes"]:
                if note["id"] == note_id:
                    return note
        raise WorkbenchError("That note is no longer on the board; the board has been refreshed.")

    def code_note(self, note_id: int, code_id: int) -> None:
        """Put a code on the whole of one note."""
        note = self._note(note_id)
        code = next((c["name"] for c in self.codes if c["id"] == code_id), None)
        if code is None:
            raise WorkbenchError("Choose a code from the list first.")
        if code in note["codes"]:
            self.status = f"“{short(note['text'])}” already has “{code}”."
            return
        segment = self.project.segments(self.document).set_index("id").loc[note_id]
        self.project.apply_code(self.document, code, int(segment["start"]), int(segment["end"]))
        self.status = f"Applied “{code}” to the note “{short(note['text'])}”."

    def save_idea(self, note_id: int) -> None:
        note = self._note(note_id)
        self.project.capture_idea(segment=note_id)
        self.status = f"Saved the note “{short(note['text'])}” as an idea."

    def _on_message(self, _widget, content, _buffers) -> None:
        answer(self, content, {
            "code": lambda c: self.code_note(whole_field(c, "note"), whole_field(c, "code")),
            "idea": lambda c: self.save_idea(whole_field(c, "note")),
        })
