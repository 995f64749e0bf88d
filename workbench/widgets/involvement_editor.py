"""The involvement report (GRIPP2 short form) for the team to finish: each section's
draft, pre-filled from the project's activity, in a text box to edit and save; a
saved section can go back to the draft; the whole report is written to Word.

One anywidget: this class talks to the project; `static/involvement_editor.js` draws it.
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
from .requests import answer, text_field

STATIC = Path(__file__).resolve().parent.parent / "static"
TEXT_LIMIT = 20_000  # characters in one section


class InvolvementEditor(MemberTraits, anywidget.AnyWidget):
    _esm = view("involvement_editor.js")
    _css = STATIC / "workbench.css"

    sections = traitlets.List(help="[{section, title, prompt, text, edited}] in the form's order.").tag(sync=True)
    export_path = traitlets.Unicode("", help="Where Export writes the Word file (set in Python, not the page).")
    status = traitlets.Unicode("", help="Announced to screen readers.").tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show.").tag(sync=True)

    def __init__(self, project: Project | str | Path, member: str, role: str = "researcher",
                 export_to: str | Path = "involvement-report.docx", **kwargs):
        member = require_member(member, role, "InvolvementEditor(project, member='Your Name')")
        opened = project if isinstance(project, Project) else Project.open(project)
        self.project = opened.as_member(member, role)
        super().__init__(member_name=member, member_role=role, export_path=str(export_to), **kwargs)
        self.refresh()
        self.on_msg(self._on_message)

    def refresh(self) -> None:
        report = self.project.involvement_report()
        self.sections = [{"section": r.section, "title": r.title, "prompt": r.prompt, "text": r.text,
                          "edited": bool(r.edited)} for r in report.itertuples()]

    def _section(self, key: str) -> dict:
        found = next((s for s in self.sections if s["section"] == key), None)
        if found is None:
            raise WorkbenchError("That section is not in the report; reload the page.")
        return found

    def save(self, key: str, text: str) -> None:
        section = self._section(key)
        if len(text) > TEXT_LIMIT:
            raise WorkbenchError(f"Keep a section under {TEXT_LIMIT:,} characters; this has {len(text):,}.")
        if not text.strip():
            raise WorkbenchError(f"“{section['title']}” is empty; write something, or go back to the draft.")
        if text == section["text"]:
            self.status = f"Nothing to save: “{section['title']}” has not changed."
            return
        self.project.edit_involvement_section(key, text)
        self.status = f"Saved “{section['title']}”."

    def reset(self, key: str) -> None:
        section = self._section(key)
        if not section["edited"]:
            self.status = f"“{section['title']}” is already the draft."
            return
        self.project.reset_involvement_section(key)
        self.status = f"“{section['title']}” is back to the draft made from the project's activity."

    def export(self) -> Path:
        path = self.project.export_involvement_report(self.export_path, overwrite=True)
        self.status = f"Wrote the report to {path}."
        return path

    def _on_message(self, _widget, content, _buffers) -> None:
        answer(self, content, {
            "save": lambda c: self.save(text_field(c, "section"), text_field(c, "text")),
            "reset": lambda c: self.reset(text_field(c, "section")),
            "export": lambda c: self.export(),
        })
