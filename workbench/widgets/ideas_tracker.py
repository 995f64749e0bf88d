"""Ideas and actions for the team: every idea raised ("you said"), with a form to record
what happened to it ("we did"): its status, the response, the reason, an owner and a
date. A facilitator can also type in an idea said aloud, credited to whoever said it.

One anywidget: this class talks to the project; `static/ideas_tracker.js` draws it.
Every value the browser sends is checked here (in Voila a visitor can send anything).
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

from ..errors import WorkbenchError
from ..project import Project
from ..store.schema import IDEA_STATES
from .esm import view
from .people import HUMAN_ROLES, MemberTraits, require_member
from .requests import answer, short, text_field

STATIC = Path(__file__).resolve().parent.parent / "static"
TEXT_LIMIT = 5000  # characters in one response, reason or idea


class IdeasTracker(MemberTraits, anywidget.AnyWidget):
    _esm = view("ideas_tracker.js")
    _css = STATIC / "workbench.css"

    ideas = traitlets.List(help="[{id, text, status, response, reason, owner, due, proposed_by, proposer_role, "
                                "theme, source, updated}] oldest first.").tag(sync=True)
    states = traitlets.List(list(IDEA_STATES), help="The statuses an idea can have.").tag(sync=True)
    people = traitlets.List(help="[{name, role}] members who can raise or take forward an idea.").tag(sync=True)
    status = traitlets.Unicode("", help="Announced to screen readers.").tag(sync=True)
    error = traitlets.Unicode("", help="A problem to show.").tag(sync=True)

    def __init__(self, project: Project | str | Path, member: str, role: str = "researcher", **kwargs):
        member = require_member(member, role, "IdeasTracker(project, member='Your Name', role='researcher')")
        opened = project if isinstance(project, Project) else Project.open(project)
        self.project = opened.as_member(member, role)
        super().__init__(member_name=member, member_role=role, **kwargs)
        self.refresh()
        self.on_msg(self._on_message)

    def refresh(self) -> None:
        frame = self.project.ideas().fillna("")
        members = self.project.members()
        with self.hold_sync():
            people = [{"name": m.name, "role": m.role} for m in members.itertuples() if m.role in HUMAN_ROLES]
            if self.member_name not in {p["name"] for p in people}:  # joins the project with their first change
                people.append({"name": self.member_name, "role": self.member_role})
            self.people = people
            self.ideas = [{
                "id": int(i.id), "text": i.text, "status": i.status, "response": i.response, "reason": i.reason,
                "owner": i.owner, "due": i.due or "", "proposed_by": i.proposed_by, "proposer_role": i.proposer_role,
                "theme": i.theme, "source": i.document, "updated": str(i.updated_at)[:10],
            } for i in frame.itertuples()]

    def save(self, idea_id: int, status: str, response: str, reason: str, owner: str, due: str) -> None:
        """Record what happened to idea `idea_id`; only what differs from the stored idea is written."""
        current = next((i for i in self.ideas if i["id"] == idea_id), None)
        if current is None:
            raise WorkbenchError("That idea is no longer in the project; the list has been refreshed.")
        wanted = {"status": status, "response": _text(response), "reason": _text(reason), "owner": owner, "due": due}
        changes = {key: value for key, value in wanted.items() if value != current[key]}
        if changes.get("owner") == "":
            raise WorkbenchError("Choose who is taking this idea forward; an owner cannot be removed, only changed.")
        if changes.get("due") == "":
            raise WorkbenchError("Give a date (YYYY-MM-DD); a date cannot be removed, only changed.")
        if not changes:
            self.status = "Nothing to save: this idea has not changed."
            return
        self.project.update_idea(idea_id, **changes)
        self.status = f"Saved what happened to “{short(current['text'])}”."

    def capture(self, text: str, proposed_by: str) -> None:
        """Type in an idea said aloud, credited to the member `proposed_by` who raised it."""
        if proposed_by not in {p["name"] for p in self.people}:
            raise WorkbenchError("Choose who raised the idea from the list of members.")
        self.project.capture_idea(_text(text), proposed_by=proposed_by)
        self.status = f"Added the idea “{short(text)}”, raised by {proposed_by}."

    def _capture_request(self, content: dict) -> None:
        self.capture(text_field(content, "text"), text_field(content, "proposed_by"))
        self.send({"type": "captured"})  # the page empties its form

    def _on_message(self, _widget, content, _buffers) -> None:
        answer(self, content, {
            "save": lambda c: self.save(int(c["id"]), *(text_field(c, k) for k in ("status", "response", "reason", "owner", "due"))),
            "capture": self._capture_request,
        })


def _text(value: str) -> str:
    if len(value) > TEXT_LIMIT:
        raise WorkbenchError(f"Keep it under {TEXT_LIMIT:,} characters; this has {len(value):,}.")
    return value.strip()
