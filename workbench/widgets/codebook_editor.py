"""The codebook editor: add, rename, move, merge, recolour, archive codes; write their
plain-language definitions; pick an example quote from a code's codings.

One anywidget: this class checks every request and calls the project; the view is
`static/codebook_editor.js`.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import pandas as pd
import traitlets

from ..coding.palette import COLOUR_NAMES
from ..errors import WorkbenchError
from ..project import Project
from .esm import view
from .people import MemberTraits
from .requests import answering

STATIC = Path(__file__).resolve().parent.parent / "static"
# event kinds that cannot change the codebook itself: only its counts need reading again
LEAVES_CODEBOOK = {"coding", "memo", "vote", "idea", "action", "participant", "document", "framework", "set",
                   "query", "member", "artefact", "theme", "review"}
FIELDS = ("definition", "when_to_use", "when_not_to_use")
MAX_TEXT = 5_000


class CodebookEditor(MemberTraits, anywidget.AnyWidget):
    _esm = view("codebook_editor.js")
    _css = STATIC / "workbench.css"

    codes = traitlets.List(help="The codebook: [{id, name, parent_id, ..., codings, example}]").tag(sync=True)
    palette = traitlets.List(default_value=[{"colour": c, "name": n} for c, n in COLOUR_NAMES.items()],
                             read_only=True).tag(sync=True)
    selected = traitlets.Int(0, help="The code being edited.").tag(sync=True)
    examples = traitlets.List(help="Codings of the selected code: [{id, text, member}]").tag(sync=True)
    counts = traitlets.Dict(help="{code id: codings}, kept current as anyone codes.").tag(sync=True)
    poll_ms = traitlets.Int(2000, help="How often (ms) to look for the team's new codings.").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)

    def __init__(self, project: Project | str | Path, member: str = "", role: str = "researcher", **kwargs):
        self.project = project if isinstance(project, Project) else Project.open(project)
        self._version = self.project.last_event_id()
        super().__init__(member_name=member, member_role=role, **kwargs)
        self._refresh()
        self.on_msg(self._on_message)

    @classmethod
    def for_panel(cls, panel) -> "CodebookEditor":
        """An editor on the panel's project that edits as whoever is coding there."""
        editor = cls(panel.project, member=panel.member_name, role=panel.member_role)
        traitlets.dlink((panel, "member_name"), (editor, "member_name"))
        traitlets.dlink((panel, "member_role"), (editor, "member_role"))
        return editor

    @traitlets.validate("selected")
    def _valid_selected(self, proposal):
        if proposal["value"] and proposal["value"] not in {c["id"] for c in self.codes}:
            raise traitlets.TraitError("No such code.")
        return proposal["value"]

    @traitlets.observe("selected")
    def _selected_changed(self, _change):
        self._refresh_examples()

    def refresh(self) -> None:
        """Pick up the team's changes since the last look: new codings change only the
        counts (one grouped count, the form being edited is left alone); a change to the
        codebook itself, an undo or an import reloads it."""
        self._version, changed = self.project.changes_since(self._version)
        if not changed:
            return
        if changed <= LEAVES_CODEBOOK:
            self._refresh_counts()
        else:
            self._refresh()

    def _refresh_counts(self) -> None:
        counts = self.project.coding_counts()
        known = {str(c["id"]): 0 for c in self.codes}
        self.counts = {**known, **{str(k): int(v) for k, v in zip(counts["code_id"], counts["codings"])
                                   if str(k) in known}}

    def _refresh(self) -> None:
        frame = self.project.codes()
        ids = dict(zip(frame["name"], frame["id"]))
        self.codes = [{
            "id": int(c.id), "name": c.name, "parent_id": int(ids[c.parent]) if isinstance(c.parent, str) else 0,
            "definition": c.definition, "when_to_use": c.when_to_use, "when_not_to_use": c.when_not_to_use,
            "colour": c.colour, "archived": bool(c.archived), "codings": int(c.codings),
            "example_coding_id": 0 if pd.isna(c.example_coding_id) else int(c.example_coding_id),
            "example": c.example if isinstance(c.example, str) else "",
        } for c in frame.itertuples()]
        self.counts = {str(c["id"]): c["codings"] for c in self.codes}
        if self.selected not in {c["id"] for c in self.codes}:
            self.selected = 0
        self._refresh_examples()

    def _refresh_examples(self) -> None:
        code = self._code(self.selected) if self.selected else None
        if code is None:
            self.examples = []
            return
        mine = self.project.codings(code=code["name"]).head(200)
        self.examples = [{"id": int(c.id), "text": _shorten(c.text), "member": c.member} for c in mine.itertuples()]

    def _code(self, code_id) -> dict:
        for code in self.codes:
            if code["id"] == code_id:
                return code
        raise WorkbenchError("That code is not in the codebook any more; the list has been refreshed.")

    def _acting(self) -> Project:
        if not self.member_name:
            raise WorkbenchError("Say who you are first (CodebookEditor(project, member='Your name', role=...)).")
        return self.project.acting_as(self.member_name, self.member_role)

    def _parent_name(self, parent_id) -> str | None:
        return self._code(int(parent_id))["name"] if parent_id else None

    def _text(self, content, key) -> str:
        return str(content.get(key, ""))[:MAX_TEXT].strip()

    def _on_message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "poll":  # the team's changes; an error on show stays until the next action
            with answering(self, clear=False):
                self.refresh()
            return
        with answering(self):
            acting = self._acting()
            if kind == "add":
                name = self._text(content, "name")
                acting.add_code(name, self._parent_name(content.get("parent_id")),
                                **{f: self._text(content, f) for f in FIELDS})
                self._refresh()
                self.selected = next(c["id"] for c in self.codes if c["name"] == name)
                self.status = f"Added the code “{name}”."
            elif kind == "save":
                code = self._code(int(content["id"]))
                name = self._text(content, "name")
                acting.rename_code(code["name"], name)
                parent = self._parent_name(content.get("parent_id"))
                if (parent or None) != self._parent_name(code["parent_id"]):
                    acting.move_code(name, parent)
                acting.update_code(name, **{f: self._text(content, f) for f in FIELDS})
                colour = str(content.get("colour", code["colour"]))
                if colour != code["colour"]:
                    acting.recolour_code(name, colour)
                example = int(content.get("example_coding_id") or 0)
                if example != code["example_coding_id"]:
                    acting.set_code_example(name, example or None)
                self.status = f"Saved “{name}”."
            elif kind == "archive":
                code = self._code(int(content["id"]))
                archived = bool(content.get("archived", True))
                acting.archive_code(code["name"], archived)
                self.status = f"{'Archived' if archived else 'Restored'} “{code['name']}”."
            elif kind == "merge":
                source, target = self._code(int(content["id"])), self._code(int(content["into"]))
                moved = acting.merge_codes(source["name"], target["name"])
                self.selected = target["id"]
                self.status = f"Merged “{source['name']}” into “{target['name']}”: {moved} coding(s) moved."
            else:
                return
            self._refresh()


def _shorten(text: str, limit: int = 140) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
